//! What every generated vtable thunk does around the method it forwards to: find the object behind
//! the interface pointer it was called with, and keep a panic from unwinding into the caller, whose
//! frames may not be Rust. Generated code calls [`forward`], so each thunk reads as the one call.

use core::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// `method` on the object behind `this`, its result; `on_panic` if it panics (E_UNEXPECTED for a
/// method returning HRESULT, zero for the others: integers and pointers).
///
/// # Safety
/// `this` is an interface pointer that windows-core's `#[implement]` handed out for an object of
/// type `Identity`, `OFFSET` pointer-sized steps into that object, which stays alive for the call.
pub unsafe fn forward<Identity, R, const OFFSET: isize>(
    this: *mut c_void,
    on_panic: R,
    method: impl FnOnce(&Identity) -> R,
) -> R {
    // SAFETY: as the caller promises, OFFSET steps back from `this` to the start of a live
    // `Identity`, which `#[implement]` laid out around its vtable pointers.
    let object = unsafe { &*((this as *const *const c_void).offset(OFFSET) as *const Identity) };
    catch_unwind(AssertUnwindSafe(|| method(object))).unwrap_or(on_panic)
}

#[cfg(test)]
mod tests;
