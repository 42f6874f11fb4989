//! The two allocators COM signatures use: the BSTR allocator and the task allocator.
//!
//! On Windows they are oleaut32's and ole32's, so a string or array the store hands to the player
//! is freed by the player's own calls. Elsewhere they are Rust allocations with the same visible
//! layout (a BSTR's 32-bit byte length before its first unit, a NUL after the last), so the whole
//! toolkit runs and is tested on Linux.

#[cfg(windows)]
mod imp {
    use crate::win32;

    /// A BSTR of `len` units written by `fill` (given them zeroed); null when out of memory.
    pub fn bstr_alloc(len: usize, fill: impl FnOnce(&mut [u16])) -> *mut u16 {
        let Ok(count) = u32::try_from(len) else { return std::ptr::null_mut() };
        // SAFETY: with a null source SysAllocStringLen allocates `count` units and the NUL, uncopied.
        let p = unsafe { win32::SysAllocStringLen(std::ptr::null(), count) } as *mut u16;
        if !p.is_null() {
            // SAFETY: the BSTR has room for `len` units; they are zeroed before the slice is made.
            fill(unsafe {
                p.write_bytes(0, len);
                std::slice::from_raw_parts_mut(p, len)
            });
        }
        p
    }

    /// # Safety
    /// `p` is null or a BSTR from `bstr_alloc` (or any SysAllocString*) not yet freed.
    pub unsafe fn bstr_free(p: *mut u16) {
        // SAFETY: the caller passes a live BSTR or null, which SysFreeString accepts.
        unsafe { win32::SysFreeString(p) }
    }

    /// # Safety
    /// `p` is null or a live BSTR.
    pub unsafe fn bstr_len(p: *const u16) -> usize {
        // SAFETY: the caller passes a live BSTR or null (length 0).
        unsafe { win32::SysStringLen(p) as usize }
    }

    pub fn task_alloc(bytes: usize) -> *mut u8 {
        // SAFETY: CoTaskMemAlloc has no preconditions; it returns null on failure.
        unsafe { win32::CoTaskMemAlloc(bytes) as *mut u8 }
    }

    /// # Safety
    /// `p` is null or a block from `task_alloc` (or CoTaskMemAlloc) not yet freed.
    pub unsafe fn task_free(p: *mut u8) {
        // SAFETY: the caller passes a live task-allocator block or null.
        unsafe { win32::CoTaskMemFree(p as *const core::ffi::c_void) }
    }
}

#[cfg(not(windows))]
mod imp {
    use std::alloc::{Layout, alloc, dealloc};

    /// Blocks carry their size in front, as the system allocators keep it for themselves.
    const HEADER: usize = 16;

    fn layout(total: usize) -> Layout {
        Layout::from_size_align(total, HEADER).expect("an allocation size below isize::MAX")
    }

    pub fn task_alloc(bytes: usize) -> *mut u8 {
        let total = bytes.saturating_add(HEADER);
        // SAFETY: the layout has a non-zero size (at least the header).
        let base = unsafe { alloc(layout(total)) };
        if base.is_null() {
            return base;
        }
        // SAFETY: `base` has room for the header; the block starts after it.
        unsafe {
            (base as *mut usize).write(total);
            base.add(HEADER)
        }
    }

    /// # Safety
    /// `p` is null or a block from `task_alloc` not yet freed.
    pub unsafe fn task_free(p: *mut u8) {
        if p.is_null() {
            return;
        }
        // SAFETY: `task_alloc` put the block's total size HEADER bytes before `p`.
        unsafe {
            let base = p.sub(HEADER);
            let total = (base as *const usize).read();
            dealloc(base, layout(total));
        }
    }

    /// A BSTR of `len` units written by `fill` (given them zeroed); null when out of memory.
    pub fn bstr_alloc(len: usize, fill: impl FnOnce(&mut [u16])) -> *mut u16 {
        let Some(bytes) = len.checked_mul(2).filter(|&b| u32::try_from(b).is_ok()) else {
            return std::ptr::null_mut();
        };
        // The length prefix sits in the 4 bytes just before the first unit, as in oleaut32.
        let block = task_alloc(4 + bytes + 2);
        if block.is_null() {
            return block as *mut u16;
        }
        // SAFETY: the block holds the prefix, the units and the NUL; the units are zeroed before
        // the slice is made.
        unsafe {
            (block as *mut u32).write(bytes as u32);
            let first = block.add(4) as *mut u16;
            first.write_bytes(0, len + 1);
            fill(std::slice::from_raw_parts_mut(first, len));
            first
        }
    }

    /// # Safety
    /// `p` is null or a BSTR from `bstr_alloc` not yet freed.
    pub unsafe fn bstr_free(p: *mut u16) {
        if !p.is_null() {
            // SAFETY: `bstr_alloc` returned the block's start plus the 4-byte prefix.
            unsafe { task_free((p as *mut u8).sub(4)) }
        }
    }

    /// # Safety
    /// `p` is null or a live BSTR.
    pub unsafe fn bstr_len(p: *const u16) -> usize {
        if p.is_null() {
            return 0;
        }
        // SAFETY: a live BSTR has its byte length in the 4 bytes before it.
        unsafe { (p as *const u32).sub(1).read() as usize / 2 }
    }
}

pub(crate) use imp::*;
