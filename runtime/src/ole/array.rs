//! Arrays in task-allocator memory: what an `[out, size_is(, *pn)] T**` parameter hands back.

use std::ops::Deref;

use super::{Bstr, Variant, alloc};

/// An element of a task-allocated array that owns COM resources to release with the array
/// (the BSTRs of a `WMPContextMenuInfo`). Plain values release nothing.
pub trait ComFree {
    /// Frees what the element owns. Called once, just before the array's memory is freed.
    ///
    /// # Safety
    /// The element's resources are live and owned by it.
    unsafe fn com_free(&mut self) {}
}

macro_rules! plain {
    ($($t:ty),*) => { $(impl ComFree for $t {})* };
}
plain!(u8, i8, u16, i16, u32, i32, u64, i64, usize, isize, f32, f64);
plain!(windows_core::GUID, windows_core::HRESULT, super::VARIANT_BOOL);

impl ComFree for super::BSTR {
    unsafe fn com_free(&mut self) {
        // SAFETY: the caller guarantees the element owns this BSTR.
        drop(unsafe { Bstr::from_abi(*self) });
    }
}

impl ComFree for super::VARIANT {
    unsafe fn com_free(&mut self) {
        // SAFETY: the caller guarantees the element owns this VARIANT's contents.
        drop(unsafe { Variant::from_abi(*self) });
    }
}

/// An array in task-allocator memory (CoTaskMemAlloc on Windows), freed with its elements' own
/// resources on drop.
pub struct CoTaskMemArray<T: ComFree> {
    ptr: *mut T,
    len: usize,
}

impl<T: ComFree> CoTaskMemArray<T> {
    /// Moves `items` into task-allocator memory.
    pub fn from_vec(items: Vec<T>) -> Self {
        if items.is_empty() {
            return CoTaskMemArray { ptr: std::ptr::null_mut(), len: 0 };
        }
        let bytes = items.len().checked_mul(std::mem::size_of::<T>()).expect("array size overflows");
        let ptr = alloc::task_alloc(bytes) as *mut T;
        assert!(!ptr.is_null(), "out of memory allocating {bytes} bytes of task memory");
        let len = items.len();
        // SAFETY: `ptr` has room for `len` elements; the Vec's elements move without drop.
        unsafe {
            let mut items = std::mem::ManuallyDrop::new(items);
            std::ptr::copy_nonoverlapping(items.as_mut_ptr(), ptr, len);
            items.set_len(0);
            std::mem::ManuallyDrop::drop(&mut items);
        }
        CoTaskMemArray { ptr, len }
    }

    /// Takes ownership of an array a callee allocated.
    ///
    /// # Safety
    /// `ptr` is null (with `len` 0) or a task-allocator block holding `len` initialized elements
    /// that nothing else will free.
    pub unsafe fn from_abi(ptr: *mut T, len: usize) -> Self {
        CoTaskMemArray { ptr, len: if ptr.is_null() { 0 } else { len } }
    }

    /// Gives the array away: its pointer and length, for out-parameters the caller will free.
    pub fn into_abi(self) -> (*mut T, usize) {
        let parts = (self.ptr, self.len);
        std::mem::forget(self);
        parts
    }
}

impl<T: ComFree> Deref for CoTaskMemArray<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        if self.ptr.is_null() {
            return &[];
        }
        // SAFETY: `ptr` holds `len` initialized elements while the array lives.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl<T: ComFree> Drop for CoTaskMemArray<T> {
    fn drop(&mut self) {
        if self.ptr.is_null() {
            return;
        }
        // SAFETY: each element is initialized and owned by the array; the block came from the
        // task allocator.
        unsafe {
            for i in 0..self.len {
                (*self.ptr.add(i)).com_free();
                std::ptr::drop_in_place(self.ptr.add(i));
            }
            alloc::task_free(self.ptr as *mut u8);
        }
    }
}

impl<T: ComFree + std::fmt::Debug> std::fmt::Debug for CoTaskMemArray<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

// SAFETY: the array exclusively owns its elements.
unsafe impl<T: ComFree + Send> Send for CoTaskMemArray<T> {}
