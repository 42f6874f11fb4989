//! Out-parameters on both sides of a call. A generated caller lends the value it returns as the
//! slot the callee writes ([`interface_out`], `Bstr::as_out`, `Variant::as_out`); a generated
//! forwarder holds each of its caller's out-pointers as an [`Out`], checked and cleared before the
//! handler runs and written once after it, so neither keeps raw pointer steps of its own.

use std::ptr::NonNull;

use super::{CoTaskMemArray, ComFree};

/// Where an `[out] IFoo**` is written: `slot`, emptied first, then holds the reference the
/// callee leaves there (an `Option` of a windows-core interface is its nullable pointer).
pub fn interface_out<T: windows_core::Interface>(slot: &mut Option<T>) -> *mut *mut core::ffi::c_void {
    *slot = None;
    (slot as *mut Option<T>).cast()
}

/// An out-parameter a forwarder fills: not null, and holding a value that owns nothing until
/// [`write`](Self::write), so that a failure, E_POINTER included, hands back nothing.
pub struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// `ptr` with `empty` written to it; `None` (the caller answers E_POINTER) if it is null.
    /// What `ptr` held is not dropped: it is the caller's memory, maybe uninitialized.
    ///
    /// # Safety
    /// `ptr` is null or valid for writes of a `T` for as long as the `Out` lives.
    pub unsafe fn cleared(ptr: *mut T, empty: T) -> Option<Out<T>> {
        let ptr = NonNull::new(ptr)?;
        // SAFETY: the caller vouches that a non-null `ptr` is valid for writes.
        unsafe { ptr.write(empty) };
        Some(Out(ptr))
    }

    /// As [`cleared`](Self::cleared), with all-zero bytes as the empty value.
    ///
    /// # Safety
    /// As `cleared`, and all-zero bytes are a valid `T` (the integers, enums, plain structs and
    /// pointers of the ABI layer).
    pub unsafe fn zeroed(ptr: *mut T) -> Option<Out<T>> {
        // SAFETY: the caller vouches that zero bytes are a valid `T`, and for `ptr`.
        unsafe { Self::cleared(ptr, std::mem::zeroed()) }
    }

    /// Hands `value` to the caller; the empty value it replaces owns nothing.
    pub fn write(self, value: T) {
        // SAFETY: `cleared`'s caller vouched that the pointer is valid for writes while the `Out`
        // lives, and the value there owns nothing that overwriting would leak.
        unsafe { self.0.write(value) }
    }
}

impl<T: ComFree> Out<*mut T> {
    /// Hands `items` to the caller as an `[out, size_is(, *count)]` array: moved into task memory
    /// (the caller frees it), its length written to `count`.
    pub fn write_array(self, count: Out<u32>, items: Vec<T>) {
        let (ptr, len) = CoTaskMemArray::from_vec(items).into_abi();
        self.write(ptr);
        count.write(len as u32);
    }
}

#[cfg(test)]
mod tests;
