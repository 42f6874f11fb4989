//! Owned and borrowed BSTRs.

use std::fmt;
use std::marker::PhantomData;

use super::{BSTR, alloc};

/// An owned BSTR, freed on drop. What an out-parameter hands back.
pub struct Bstr(BSTR);

impl Bstr {
    pub fn new() -> Self {
        Bstr(BSTR::null())
    }

    pub fn from_wide(units: &[u16]) -> Self {
        Bstr::with_units(units.len(), |dst| dst.copy_from_slice(units))
    }

    /// A BSTR of `len` units written in place by `fill`: one allocation, no intermediate buffer.
    fn with_units(len: usize, fill: impl FnOnce(&mut [u16])) -> Self {
        if len == 0 {
            return Bstr::new();
        }
        let p = alloc::bstr_alloc(len, fill);
        assert!(!p.is_null(), "out of memory allocating a BSTR of {len} units");
        Bstr(BSTR(p))
    }

    /// Takes ownership of a BSTR received from a callee (an `[out] BSTR*`).
    ///
    /// # Safety
    /// `raw` is null or a live BSTR from the BSTR allocator that nothing else will free.
    pub unsafe fn from_abi(raw: BSTR) -> Self {
        Bstr(raw)
    }

    /// Where an `[out] BSTR*` is written: this string, emptied first (what it held is freed), then
    /// owns what the callee leaves there. A generated caller passes it and reads it back as is.
    pub fn as_out(&mut self) -> *mut BSTR {
        *self = Bstr::new();
        &mut self.0
    }

    /// Gives the BSTR away, for an out-parameter the caller will free.
    pub fn into_abi(self) -> BSTR {
        let raw = self.0;
        std::mem::forget(self);
        raw
    }

    pub fn as_ref(&self) -> BStrRef<'_> {
        BStrRef { raw: self.0, _life: PhantomData }
    }

    pub fn as_wide(&self) -> &[u16] {
        self.as_ref().wide()
    }

    pub fn len(&self) -> usize {
        self.as_wide().len()
    }

    pub fn is_empty(&self) -> bool {
        self.as_wide().is_empty()
    }
}

impl Default for Bstr {
    fn default() -> Self {
        Bstr::new()
    }
}

impl Drop for Bstr {
    fn drop(&mut self) {
        // SAFETY: a Bstr owns its BSTR (or null), which is freed exactly here.
        unsafe { alloc::bstr_free(self.0.0) }
    }
}

impl Clone for Bstr {
    fn clone(&self) -> Self {
        Bstr::from_wide(self.as_wide())
    }
}

impl From<&str> for Bstr {
    fn from(s: &str) -> Self {
        // Measured first and encoded straight into the BSTR; ASCII (URLs, ids) byte for byte.
        if s.is_ascii() {
            Bstr::with_units(s.len(), |dst| dst.iter_mut().zip(s.bytes()).for_each(|(d, b)| *d = u16::from(b)))
        } else {
            Bstr::with_units(s.encode_utf16().count(), |dst| {
                dst.iter_mut().zip(s.encode_utf16()).for_each(|(d, u)| *d = u)
            })
        }
    }
}

impl From<String> for Bstr {
    fn from(s: String) -> Self {
        Bstr::from(s.as_str())
    }
}

impl fmt::Display for Bstr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.as_ref(), f)
    }
}

impl fmt::Debug for Bstr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl PartialEq for Bstr {
    fn eq(&self, other: &Self) -> bool {
        self.as_wide() == other.as_wide()
    }
}

impl PartialEq<str> for Bstr {
    fn eq(&self, other: &str) -> bool {
        self.as_ref() == *other
    }
}

impl PartialEq<&str> for Bstr {
    fn eq(&self, other: &&str) -> bool {
        self.as_ref() == **other
    }
}

// SAFETY: a Bstr exclusively owns plain memory from a thread-safe allocator.
unsafe impl Send for Bstr {}
// SAFETY: shared access only reads the units.
unsafe impl Sync for Bstr {}

/// A BSTR borrowed from the caller for the duration of a call (an `[in] BSTR`). The callee must
/// not free it; copy it (`to_bstr`, `to_string`) to keep it.
#[derive(Clone, Copy)]
pub struct BStrRef<'a> {
    raw: BSTR,
    _life: PhantomData<&'a [u16]>,
}

impl<'a> BStrRef<'a> {
    /// # Safety
    /// `raw` is null or a live BSTR that outlives `'a`.
    pub unsafe fn from_abi(raw: BSTR) -> Self {
        BStrRef { raw, _life: PhantomData }
    }

    pub fn abi(&self) -> BSTR {
        self.raw
    }

    pub fn is_null(&self) -> bool {
        self.raw.0.is_null()
    }

    pub fn wide(&self) -> &'a [u16] {
        if self.raw.0.is_null() {
            return &[];
        }
        // SAFETY: `from_abi`'s contract: a live BSTR, whose length prefix counts its units.
        unsafe { std::slice::from_raw_parts(self.raw.0, alloc::bstr_len(self.raw.0)) }
    }

    pub fn to_bstr(&self) -> Bstr {
        Bstr::from_wide(self.wide())
    }
}

impl fmt::Display for BStrRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in char::decode_utf16(self.wide().iter().copied()) {
            fmt::Write::write_char(f, c.unwrap_or(char::REPLACEMENT_CHARACTER))?;
        }
        Ok(())
    }
}

impl fmt::Debug for BStrRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl PartialEq for BStrRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.wide() == other.wide()
    }
}

impl PartialEq<str> for BStrRef<'_> {
    fn eq(&self, other: &str) -> bool {
        self.wide().iter().copied().eq(other.encode_utf16())
    }
}

impl PartialEq<&str> for BStrRef<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

/// A BSTR argument for a call: borrowed when the caller already has one, allocated for the call
/// when it has a `str`.
pub enum BstrParam<'a> {
    Borrowed(BStrRef<'a>),
    Owned(Bstr),
}

impl BstrParam<'_> {
    pub fn abi(&self) -> BSTR {
        match self {
            BstrParam::Borrowed(b) => b.abi(),
            BstrParam::Owned(b) => b.0,
        }
    }
}

/// What a generated caller accepts for an `[in] BSTR`: `&str`, `String`, `Bstr` or `BStrRef`.
pub trait AsBstrParam {
    fn as_bstr_param(&self) -> BstrParam<'_>;
}

impl AsBstrParam for str {
    fn as_bstr_param(&self) -> BstrParam<'_> {
        BstrParam::Owned(Bstr::from(self))
    }
}

impl AsBstrParam for String {
    fn as_bstr_param(&self) -> BstrParam<'_> {
        BstrParam::Owned(Bstr::from(self.as_str()))
    }
}

impl AsBstrParam for Bstr {
    fn as_bstr_param(&self) -> BstrParam<'_> {
        BstrParam::Borrowed(self.as_ref())
    }
}

impl AsBstrParam for BStrRef<'_> {
    fn as_bstr_param(&self) -> BstrParam<'_> {
        BstrParam::Borrowed(*self)
    }
}
