use super::*;
use crate::ole::{BSTR, Bstr};

#[test]
fn a_null_out_pointer_gives_no_out() {
    // SAFETY: null is allowed.
    assert!(unsafe { Out::<u32>::cleared(std::ptr::null_mut(), 0) }.is_none());
    // SAFETY: as above.
    assert!(unsafe { Out::<u64>::zeroed(std::ptr::null_mut()) }.is_none());
}

#[test]
fn an_out_is_cleared_at_once_and_written_once() {
    let mut count = 7u32;
    // SAFETY: `count` outlives the Out.
    let out = unsafe { Out::zeroed(&mut count) }.expect("not null");
    out.write(3);
    assert_eq!(count, 3);

    // The caller's memory is not dropped: a stale BSTR there is overwritten, not freed.
    let stale = BSTR(std::ptr::dangling_mut());
    let mut text = stale;
    // SAFETY: `text` outlives the Out.
    assert!(unsafe { Out::cleared(&mut text, BSTR::null()) }.is_some());
    assert!(text.0.is_null(), "cleared before the handler runs; a failure hands back nothing");
    // SAFETY: as above.
    let out = unsafe { Out::cleared(&mut text, BSTR::null()) }.expect("not null");
    out.write(Bstr::from("Solaris").into_abi());
    // SAFETY: the Out handed the caller the BSTR it owns now.
    assert_eq!(unsafe { Bstr::from_abi(text) }, "Solaris");
}
