use super::forward;
use crate::hresult::{E_UNEXPECTED, S_OK};
use core::ffi::c_void;

/// An object laid out as `#[implement]` lays one out: vtable pointers first, the state after.
#[repr(C)]
struct Object {
    vtables: [*const c_void; 2],
    value: u32,
}

#[test]
fn the_object_is_found_from_any_of_its_interface_pointers() {
    let object = Object { vtables: [core::ptr::null(); 2], value: 7 };
    let second = &object.vtables[1] as *const *const c_void as *mut c_void;
    // SAFETY: `second` is one pointer-sized step into `object`, which outlives the calls.
    let (first, panicked) = unsafe {
        let first = forward::<Object, u32, -1>(second, 0, |o| o.value);
        let panicked = forward::<Object, _, -1>(second, E_UNEXPECTED, |_| -> crate::windows_core::HRESULT {
            panic!("inside the method")
        });
        (first, panicked)
    };
    assert_eq!(first, 7);
    assert_eq!(panicked, E_UNEXPECTED);
    let first_pointer = &object.vtables[0] as *const *const c_void as *mut c_void;
    // SAFETY: as above, at offset 0.
    let found = unsafe {
        forward::<Object, _, 0>(first_pointer, E_UNEXPECTED, |o| if o.value == 7 { S_OK } else { E_UNEXPECTED })
    };
    assert_eq!(found, S_OK);
}
