//! The OLE types of the COM signatures, with Windows' memory layout on every platform.
//!
//! These are the ABI forms: plain data the vtables pass. Ownership (who frees a BSTR, clearing a
//! VARIANT) is the business of the owning wrappers built on them.

// The ABI layer keeps the Windows names verbatim.
#![allow(non_camel_case_types, non_snake_case)]

mod alloc;
mod array;
mod bstr;
pub mod dispatch;
mod out;
pub mod thunk;
mod variant;

pub use array::{CoTaskMemArray, ComFree};
pub use bstr::{AsBstrParam, BStrRef, Bstr, BstrParam};
pub use dispatch::{IDispatch, IDispatch_Impl, IDispatch_Vtbl, IDispatchHandler};
pub use out::{Out, interface_out};
pub use variant::{Variant, VariantValue};

/// A BSTR as it crosses the ABI: a pointer to the first UTF-16 unit, after a 32-bit byte length,
/// NUL-terminated. Null stands for the empty string.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BSTR(pub *mut u16);

impl BSTR {
    pub const fn null() -> Self {
        BSTR(core::ptr::null_mut())
    }
}

impl Default for BSTR {
    fn default() -> Self {
        BSTR::null()
    }
}

/// `VARIANT_BOOL`: `VARIANT_TRUE` is -1, `VARIANT_FALSE` 0.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VARIANT_BOOL(pub i16);

impl VARIANT_BOOL {
    pub const TRUE: Self = VARIANT_BOOL(-1);
    pub const FALSE: Self = VARIANT_BOOL(0);
}

impl From<bool> for VARIANT_BOOL {
    fn from(b: bool) -> Self {
        if b { VARIANT_BOOL::TRUE } else { VARIANT_BOOL::FALSE }
    }
}

/// The HRESULTs the generated safe layer returns itself, where its `ole_path` reaches them.
pub use crate::hresult::{E_INVALIDARG, E_NOTIMPL, E_POINTER, E_UNEXPECTED, S_OK};

/// An `[in, size_is(len)]` array as a slice; null reads as empty.
///
/// # Safety
/// `ptr` is null or points at `len` initialized elements that outlive `'a`.
pub unsafe fn slice_from_abi<'a, T>(ptr: *const T, len: u32) -> &'a [T] {
    if ptr.is_null() || len == 0 {
        return &[];
    }
    // SAFETY: the caller vouches for the pointer and the count.
    unsafe { std::slice::from_raw_parts(ptr, len as usize) }
}

/// A VARIANT: the type tag, three reserved words, and 16 bytes (8 on 32-bit Windows) of value,
/// pointer-aligned: 24 bytes on 64-bit targets, 16 on 32-bit, as oaidl.h lays it out.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct VARIANT {
    pub vt: u16,
    pub wReserved1: u16,
    pub wReserved2: u16,
    pub wReserved3: u16,
    pub data: [usize; 2],
}

/// A BLOB, passed by value in Login and Authenticate: a byte count and a pointer to the bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct BLOB {
    pub cbSize: u32,
    pub pBlobData: *mut u8,
}

impl BLOB {
    /// A BLOB over `bytes`, for passing into a call.
    pub fn borrowed(bytes: &[u8]) -> BLOB {
        BLOB {
            cbSize: u32::try_from(bytes.len()).expect("a BLOB holds at most 4 GiB"),
            pBlobData: bytes.as_ptr() as *mut u8,
        }
    }

    /// The bytes of a BLOB received by value.
    ///
    /// # Safety
    /// `pBlobData` points at `cbSize` readable bytes (or is null) for `'a`.
    pub unsafe fn as_slice<'a>(&self) -> &'a [u8] {
        if self.pBlobData.is_null() || self.cbSize == 0 {
            return &[];
        }
        // SAFETY: the caller vouches for the pointer and length.
        unsafe { std::slice::from_raw_parts(self.pBlobData, self.cbSize as usize) }
    }
}

/// The UTF-16 of `s` followed by a NUL, at compile time: `utf16::<N>(s)` with `N` the number of
/// UTF-16 units plus one. A wrong `N` fails the constant's evaluation.
pub const fn utf16<const N: usize>(s: &str) -> [u16; N] {
    let bytes = s.as_bytes();
    let mut out = [0u16; N];
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i] as u32;
        let (c, len) = if b < 0x80 {
            (b, 1)
        } else if b < 0xE0 {
            (((b & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F), 2)
        } else if b < 0xF0 {
            (((b & 0x0F) << 12) | ((bytes[i + 1] as u32 & 0x3F) << 6) | (bytes[i + 2] as u32 & 0x3F), 3)
        } else {
            let c = ((b & 0x07) << 18)
                | ((bytes[i + 1] as u32 & 0x3F) << 12)
                | ((bytes[i + 2] as u32 & 0x3F) << 6)
                | (bytes[i + 3] as u32 & 0x3F);
            (c, 4)
        };
        if c >= 0x10000 {
            let c = c - 0x10000;
            out[n] = 0xD800 | (c >> 10) as u16;
            out[n + 1] = 0xDC00 | (c & 0x3FF) as u16;
            n += 2;
        } else {
            out[n] = c as u16;
            n += 1;
        }
        i += len;
    }
    assert!(n + 1 == N, "utf16::<N>: N must be the UTF-16 length plus one for the NUL");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_match_windows() {
        assert_eq!(core::mem::size_of::<VARIANT>(), if cfg!(target_pointer_width = "64") { 24 } else { 16 });
        assert_eq!(core::mem::align_of::<VARIANT>(), core::mem::align_of::<usize>());
        assert_eq!(core::mem::size_of::<BLOB>(), if cfg!(target_pointer_width = "64") { 16 } else { 8 });
        assert_eq!(core::mem::size_of::<BSTR>(), core::mem::size_of::<usize>());
        assert_eq!(core::mem::size_of::<VARIANT_BOOL>(), 2);
    }

    #[test]
    fn utf16_encodes_with_a_nul() {
        const A: [u16; 6] = utf16::<6>("Popup");
        assert_eq!(A, [0x50, 0x6F, 0x70, 0x75, 0x70, 0]);
        const B: [u16; 5] = utf16::<5>("é€😀");
        assert_eq!(B.to_vec(), "é€😀".encode_utf16().chain([0]).collect::<Vec<_>>());
    }
}
