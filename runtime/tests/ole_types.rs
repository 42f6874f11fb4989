//! The owning OLE types: Windows' memory layout, ownership transfer across the ABI, and release
//! of what arrays and VARIANTs own.

use std::sync::atomic::{AtomicUsize, Ordering};

use contentpartner::ole::{
    AsBstrParam, BSTR, BStrRef, Bstr, CoTaskMemArray, ComFree, IDispatch, IDispatchHandler, VARIANT, Variant,
    VariantValue,
};
use windows_core::{HRESULT, IUnknown, IUnknown_Vtbl, Interface};

#[test]
fn bstr_has_windows_layout() {
    // ASCII is encoded byte by byte, the rest through UTF-16 (a surrogate pair for the emoji).
    for text in ["https://contoso.example/music/9/901.wma", "Größe 😀"] {
        let b = Bstr::from(text);
        let raw = b.as_ref().abi();
        // SAFETY: `raw` is a live BSTR: 32-bit byte length before the first unit, NUL after the last.
        unsafe {
            let units: Vec<u16> = text.encode_utf16().collect();
            assert_eq!(*(raw.0 as *const u32).sub(1), (units.len() * 2) as u32);
            assert_eq!(std::slice::from_raw_parts(raw.0, units.len()), units.as_slice());
            assert_eq!(*raw.0.add(units.len()), 0);
        }
        assert_eq!(b.to_string(), text);
    }
    let b = Bstr::from("Größe 😀");
    assert_eq!(b.len(), 8);
    assert_eq!(b, "Größe 😀");
    assert!(Bstr::from("").as_ref().is_null(), "an empty Bstr is the null BSTR, which COM reads as the empty string");
}

#[test]
fn bstr_ownership_crosses_the_abi() {
    let raw: BSTR = Bstr::from("out value").into_abi();
    // SAFETY: `raw` was given away by `into_abi` and is taken back exactly once.
    let back = unsafe { Bstr::from_abi(raw) };
    assert_eq!(back.to_string(), "out value");
    // SAFETY: `back` owns the BSTR and outlives `view`.
    let view = unsafe { BStrRef::from_abi(back.as_ref().abi()) };
    assert_eq!(view, "out value");
    assert_eq!(view.to_bstr(), back);
    assert_eq!(back.clone(), back);
    assert!(matches!("x".as_bstr_param(), contentpartner::ole::BstrParam::Owned(_)));
    assert!(matches!(back.as_bstr_param(), contentpartner::ole::BstrParam::Borrowed(_)));
    // SAFETY: the null BSTR is allowed (it reads as the empty string).
    assert_eq!(unsafe { BStrRef::from_abi(BSTR::null()) }.to_string(), "");
}

#[test]
fn variants_hold_the_protocol_types() {
    assert_eq!(Variant::i4(-7).value(), VariantValue::I4(-7));
    assert_eq!(Variant::ui4(u32::MAX).as_ui4(), Some(u32::MAX));
    assert_eq!(Variant::bool(true).as_bool(), Some(true));
    assert_eq!(Variant::bool(false).as_bool(), Some(false));
    assert_eq!(Variant::error(HRESULT(0x80004005_u32 as i32)).as_error(), Some(HRESULT(0x80004005_u32 as i32)));
    assert_eq!(Variant::date(45000.5).value(), VariantValue::Date(45000.5));
    assert_eq!(Variant::empty().value(), VariantValue::Empty);
    let s = Variant::bstr("Zune");
    assert_eq!(s.as_bstr().map(|b| b.to_string()), Some("Zune".into()));
    assert_eq!(s.try_clone().unwrap(), s);
    // VT_BOOL true is VARIANT_TRUE (-1) in the 16 bits at offset 8, as oaidl.h lays it out.
    let t = Variant::bool(true).into_abi();
    assert_eq!((t.vt, t.data[0] as u16), (11, 0xFFFF));
    // SAFETY: `t` came from `into_abi` and owns nothing.
    drop(unsafe { Variant::from_abi(t) });
    let null: *const VARIANT = std::ptr::null();
    // SAFETY: a null pointer is allowed (it reads as an empty VARIANT).
    assert_eq!(unsafe { Variant::from_abi_ref(null) }.value(), VariantValue::Empty);
}

static FREED: AtomicUsize = AtomicUsize::new(0);

#[derive(Debug)]
struct Item(u32);

impl ComFree for Item {
    unsafe fn com_free(&mut self) {
        FREED.fetch_add(self.0 as usize, Ordering::SeqCst);
    }
}

#[test]
fn task_arrays_free_their_elements_once() {
    let array = CoTaskMemArray::from_vec(vec![Item(1), Item(10), Item(100)]);
    assert_eq!(array.len(), 3);
    let (ptr, len) = array.into_abi();
    assert_eq!(FREED.load(Ordering::SeqCst), 0, "giving the array away frees nothing");
    // SAFETY: `ptr`/`len` came from `into_abi` and are taken back once.
    let back = unsafe { CoTaskMemArray::from_abi(ptr, len) };
    assert_eq!(back.iter().map(|i| i.0).collect::<Vec<_>>(), [1, 10, 100]);
    drop(back);
    assert_eq!(FREED.load(Ordering::SeqCst), 111);
    let empty = CoTaskMemArray::<u32>::from_vec(Vec::new());
    assert!(empty.is_empty());
    let strings = CoTaskMemArray::from_vec(vec![Bstr::from("a").into_abi(), Bstr::from("bc").into_abi()]);
    assert_eq!(strings.len(), 2);
}

/// An interface the object below does not implement.
#[windows_core::interface("0d7a1c52-3b6e-4f0a-9c1d-5e2f8a4b6c71")]
unsafe trait IUnimplemented: IUnknown {}

#[windows_core::implement(IDispatch)]
struct Counted(std::sync::Arc<AtomicUsize>);
impl IDispatchHandler for Counted {}
impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn an_object_in_a_variant_is_asked_for_by_interface() {
    let dropped = std::sync::Arc::new(AtomicUsize::new(0));
    let object: IDispatch = Counted(dropped.clone()).into();
    let held = Variant::dispatch(object.clone());
    assert_eq!(held.vt(), 9, "VT_DISPATCH");
    let back: IDispatch = held.to_interface().unwrap().expect("the object");
    assert_eq!(back.as_raw(), object.as_raw(), "the same object, by its IDispatch pointer");
    let missing = held.to_interface::<IUnimplemented>().map(|o| o.is_some());
    assert_eq!(missing.map_err(|e| e.code()), Err(windows_core::HRESULT(0x80004002_u32 as i32)), "E_NOINTERFACE");
    assert!(Variant::i4(7).to_interface::<IUnknown>().unwrap().is_none(), "a number holds no object");
    // SAFETY: an all-zero VARIANT with VT_DISPATCH is a null object, which a VARIANT may hold.
    let null = unsafe { Variant::from_abi(VARIANT { vt: 9, ..VARIANT::default() }) };
    assert!(null.to_interface::<IUnknown>().unwrap().is_none(), "a null object is none");
    drop((object, back, held));
    assert_eq!(dropped.load(Ordering::SeqCst), 1, "every reference released, the variant's included");
}

#[test]
fn out_slots_start_empty_and_own_what_the_callee_writes() {
    // What a slot held before is let go, so a callee that writes nothing hands back nothing.
    let dropped = std::sync::Arc::new(AtomicUsize::new(0));
    let mut object: Option<IDispatch> = Some(Counted(dropped.clone()).into());
    let slot = contentpartner::ole::interface_out(&mut object);
    assert_eq!(dropped.load(Ordering::SeqCst), 1, "the old reference is released");
    // SAFETY: `slot` points at `object`, a nullable interface pointer; the callee's write.
    unsafe { slot.write(IDispatch::from(Counted(dropped.clone())).into_raw()) };
    assert!(object.is_some(), "the slot owns the reference written");
    drop(object);
    assert_eq!(dropped.load(Ordering::SeqCst), 2, "and releases it");

    let mut text = Bstr::from("before");
    let slot = text.as_out();
    // SAFETY: `slot` points at `text`'s BSTR, which `as_out` emptied.
    assert!(unsafe { slot.read() }.0.is_null());
    // SAFETY: the callee's write of a BSTR it allocated (moved out of a Bstr).
    unsafe { slot.write(Bstr::from("after").into_abi()) };
    assert_eq!(text, "after");

    let mut value = Variant::bstr("before");
    let slot = value.as_out();
    // SAFETY: `slot` points at `value`'s VARIANT, which `as_out` cleared.
    assert_eq!(unsafe { slot.read() }.vt, 0, "VT_EMPTY");
    // SAFETY: the callee's write of a VARIANT it owns.
    unsafe { slot.write(Variant::i4(5).into_abi()) };
    assert_eq!(value.as_i4(), Some(5));
}
