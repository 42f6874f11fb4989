//! An owned VARIANT with the types the content-partner protocol uses.

use std::fmt;
use std::marker::PhantomData;

use windows_core::{HRESULT, IUnknown, Interface, Result};

use super::{BSTR, BStrRef, Bstr, IDispatch, VARIANT, VARIANT_BOOL};
#[cfg(not(windows))]
use crate::hresult::DISP_E_BADVARTYPE;

const VT_EMPTY: u16 = 0;
const VT_NULL: u16 = 1;
const VT_I4: u16 = 3;
const VT_DATE: u16 = 7;
const VT_BSTR: u16 = 8;
const VT_ERROR: u16 = 10;
const VT_BOOL: u16 = 11;
const VT_UI4: u16 = 19;
// The tags of values holding interfaces or memory of their own: read by the copy and the drop off
// Windows (on Windows oleaut32 reads them) and by the store's marshaling.
const VT_DISPATCH: u16 = 9;
const VT_UNKNOWN: u16 = 13;
#[cfg(any(not(windows), feature = "store"))]
const VT_VARIANT: u16 = 12;
#[cfg(any(not(windows), feature = "store"))]
const VT_RECORD: u16 = 36;
#[cfg(any(not(windows), feature = "store"))]
const VT_ARRAY: u16 = 0x2000;
#[cfg(feature = "store")]
const VT_TYPEMASK: u16 = 0x0fff;
#[cfg(not(windows))]
const VT_BYREF: u16 = 0x4000;

/// A VARIANT that owns what it holds: a BSTR is freed and an interface released when it is
/// dropped (VariantClear's rules). `#[repr(transparent)]`, so `&Variant` is a `const VARIANT*`.
///
/// It is `Send` (what it owns may move to another thread, as a VARIANT passed to a call does) but
/// not `Sync`: an interface or array inside is not made for use from two threads at once. Copies
/// are explicit and fallible ([`try_clone`](Self::try_clone), [`to_owned_copy`](Self::to_owned_copy)),
/// because a deep copy of an array or record can fail.
#[repr(transparent)]
pub struct Variant(VARIANT, PhantomData<*const ()>);

/// What a [`Variant`] holds, for matching.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum VariantValue<'a> {
    Empty,
    Null,
    I4(i32),
    UI4(u32),
    Bool(bool),
    Bstr(BStrRef<'a>),
    Error(HRESULT),
    Date(f64),
    /// A type this crate does not interpret, by its VARTYPE.
    Other(u16),
}

impl Variant {
    pub const fn empty() -> Self {
        Variant(VARIANT { vt: VT_EMPTY, wReserved1: 0, wReserved2: 0, wReserved3: 0, data: [0, 0] }, PhantomData)
    }

    fn with(vt: u16, bits: u64) -> Self {
        let mut v = Variant::empty();
        v.0.vt = vt;
        // The value sits at offset 8, in the first data word; 32-bit targets use two words.
        #[cfg(target_pointer_width = "64")]
        {
            v.0.data[0] = bits as usize;
        }
        #[cfg(target_pointer_width = "32")]
        {
            v.0.data = [bits as u32 as usize, (bits >> 32) as u32 as usize];
        }
        v
    }

    fn bits(&self) -> u64 {
        #[cfg(target_pointer_width = "64")]
        {
            self.0.data[0] as u64
        }
        #[cfg(target_pointer_width = "32")]
        {
            self.0.data[0] as u64 | ((self.0.data[1] as u64) << 32)
        }
    }

    pub fn null() -> Self {
        Variant::with(VT_NULL, 0)
    }

    pub fn i4(v: i32) -> Self {
        Variant::with(VT_I4, v as u32 as u64)
    }

    pub fn ui4(v: u32) -> Self {
        Variant::with(VT_UI4, v as u64)
    }

    pub fn bool(v: bool) -> Self {
        let b = if v { VARIANT_BOOL::TRUE } else { VARIANT_BOOL::FALSE };
        Variant::with(VT_BOOL, b.0 as u16 as u64)
    }

    pub fn error(hr: HRESULT) -> Self {
        Variant::with(VT_ERROR, hr.0 as u32 as u64)
    }

    /// An OLE automation date (days since 1899-12-30).
    pub fn date(days: f64) -> Self {
        Variant::with(VT_DATE, days.to_bits())
    }

    pub fn bstr(s: impl Into<Bstr>) -> Self {
        let raw = s.into().into_abi();
        Variant::with(VT_BSTR, raw.0 as usize as u64)
    }

    pub fn vt(&self) -> u16 {
        self.0.vt
    }

    pub fn value(&self) -> VariantValue<'_> {
        let bits = self.bits();
        match self.0.vt {
            VT_EMPTY => VariantValue::Empty,
            VT_NULL => VariantValue::Null,
            VT_I4 => VariantValue::I4(bits as u32 as i32),
            VT_UI4 => VariantValue::UI4(bits as u32),
            VT_BOOL => VariantValue::Bool(bits as u16 != 0),
            VT_ERROR => VariantValue::Error(HRESULT(bits as u32 as i32)),
            VT_DATE => VariantValue::Date(f64::from_bits(bits)),
            // SAFETY: a VT_BSTR variant owns a live BSTR (or null) for as long as it lives.
            VT_BSTR => VariantValue::Bstr(unsafe { BStrRef::from_abi(BSTR(bits as usize as *mut u16)) }),
            other => VariantValue::Other(other),
        }
    }

    pub fn as_i4(&self) -> Option<i32> {
        match self.value() {
            VariantValue::I4(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_ui4(&self) -> Option<u32> {
        match self.value() {
            VariantValue::UI4(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value() {
            VariantValue::Bool(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_bstr(&self) -> Option<BStrRef<'_>> {
        match self.value() {
            VariantValue::Bstr(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_error(&self) -> Option<HRESULT> {
        match self.value() {
            VariantValue::Error(v) => Some(v),
            _ => None,
        }
    }

    /// The object a VT_DISPATCH or VT_UNKNOWN value holds, as interface `T` (QueryInterface, so
    /// it is a new reference): `Ok(None)` for a value of another type or a null pointer, the
    /// object's error (E_NOINTERFACE) if it has no `T`. What an `Invoke` returning an object gives.
    pub fn to_interface<T: Interface>(&self) -> Result<Option<T>> {
        self.object().map(|object| object.cast()).transpose()
    }

    /// A VT_DISPATCH value holding `object` (the reference it is given).
    pub fn dispatch(object: IDispatch) -> Self {
        Variant::with(VT_DISPATCH, object.into_raw() as usize as u64)
    }

    /// The object of a VT_UNKNOWN or VT_DISPATCH value, borrowed: `None` for another type or null.
    fn object(&self) -> Option<&IUnknown> {
        if !matches!(self.0.vt, VT_UNKNOWN | VT_DISPATCH) {
            return None;
        }
        let first: *const usize = &self.0.data[0];
        // SAFETY: the first data word is the pointer (a usize is a pointer's size), and such a
        // variant holds a counted reference, or null, for as long as it lives.
        unsafe { IUnknown::from_raw_borrowed(&*first.cast::<*mut core::ffi::c_void>()) }
    }

    /// Takes ownership of a VARIANT from a callee (an `[out] VARIANT*`).
    ///
    /// # Safety
    /// `raw` is a valid VARIANT whose contents nothing else will free.
    pub unsafe fn from_abi(raw: VARIANT) -> Self {
        Variant(raw, PhantomData)
    }

    /// Where an `[out] VARIANT*` is written: this value, emptied first (what it held is released),
    /// then owns what the callee leaves there.
    pub fn as_out(&mut self) -> *mut VARIANT {
        *self = Variant::empty();
        &mut self.0
    }

    /// Gives the VARIANT away, for an out-parameter the caller will clear.
    pub fn into_abi(self) -> VARIANT {
        let raw = self.0;
        std::mem::forget(self);
        raw
    }

    /// Views an `[in] VARIANT*` for the duration of a call; null reads as an empty VARIANT.
    ///
    /// # Safety
    /// `p` is null or points at a valid VARIANT that outlives `'a` and is not modified meanwhile.
    pub unsafe fn from_abi_ref<'a>(p: *const VARIANT) -> &'a Variant {
        struct Empty(Variant);
        // SAFETY: an empty VARIANT holds nothing, so sharing it between threads is harmless.
        unsafe impl Sync for Empty {}
        static EMPTY: Empty = Empty(Variant::empty());
        if p.is_null() {
            return &EMPTY.0;
        }
        // SAFETY: `Variant` is `#[repr(transparent)]` over VARIANT; the caller vouches for `p`.
        unsafe { &*(p as *const Variant) }
    }

    pub fn as_abi(&self) -> *const VARIANT {
        &self.0
    }

    /// A copy that owns everything it holds, as VariantCopy makes it: a BSTR copied, an interface
    /// referenced again, an array or record copied deeply; a by-reference VARIANT stays a
    /// reference into the same memory. Off Windows, which has no SAFEARRAY or record support,
    /// arrays, records and references are refused with DISP_E_BADVARTYPE.
    pub fn try_clone(&self) -> Result<Variant> {
        self.copy(false)
    }

    /// As [`try_clone`](Self::try_clone), but a by-reference VARIANT is dereferenced first
    /// (VariantCopyInd): a value that no longer points into its giver's memory, for keeping
    /// after the call that lent it has returned.
    pub fn to_owned_copy(&self) -> Result<Variant> {
        self.copy(true)
    }

    #[cfg(windows)]
    fn copy(&self, indirect: bool) -> Result<Variant> {
        let mut copy = Variant::empty();
        let (to, from) = (&mut copy.0 as *mut VARIANT as *mut crate::win32::VARIANT, self.as_abi().cast());
        // SAFETY: `from` is a valid VARIANT, `to` an empty one that the copy fills in and owns.
        let hr = unsafe {
            if indirect { crate::win32::VariantCopyInd(to, from) } else { crate::win32::VariantCopy(to, from) }
        };
        HRESULT(hr).ok()?;
        Ok(copy)
    }

    #[cfg(not(windows))]
    fn copy(&self, _indirect: bool) -> Result<Variant> {
        let vt = self.0.vt;
        if vt & (VT_ARRAY | VT_BYREF) != 0 || matches!(vt, VT_RECORD | VT_VARIANT) {
            return Err(windows_core::Error::from_hresult(DISP_E_BADVARTYPE));
        }
        Ok(match self.value() {
            VariantValue::Bstr(b) => Variant::bstr(b.to_bstr()),
            _ if matches!(vt, VT_UNKNOWN | VT_DISPATCH) => {
                // The copy owns a reference of its own.
                std::mem::forget(self.object().cloned());
                Variant(self.0, PhantomData)
            }
            _ => Variant(self.0, PhantomData),
        })
    }
}

// What the apartment needs to marshal a VARIANT's interface (`apartment::MarshaledVariant`).
#[cfg(feature = "store")]
impl Variant {
    /// The interface a VT_UNKNOWN or VT_DISPATCH variant holds, with its VARTYPE.
    pub(crate) fn interface(&self) -> Option<(u16, windows_core::IUnknown)> {
        Some((self.0.vt, self.object()?.clone()))
    }

    /// A VT_UNKNOWN or VT_DISPATCH variant that owns `object`.
    pub(crate) fn from_interface(vt: u16, object: windows_core::IUnknown) -> Variant {
        debug_assert!(matches!(vt, VT_UNKNOWN | VT_DISPATCH));
        Variant::with(vt, windows_core::Interface::into_raw(object) as usize as u64)
    }

    /// Whether this VARIANT may hold interface pointers that [`interface`](Self::interface) does
    /// not reach: inside an array of interfaces or variants, or a record.
    pub(crate) fn holds_nested_interfaces(&self) -> bool {
        let (vt, base) = (self.0.vt, self.0.vt & VT_TYPEMASK);
        base == VT_RECORD || (vt & VT_ARRAY != 0 && matches!(base, VT_UNKNOWN | VT_DISPATCH | VT_VARIANT))
    }
}

impl Default for Variant {
    fn default() -> Self {
        Variant::empty()
    }
}

impl Drop for Variant {
    fn drop(&mut self) {
        #[cfg(windows)]
        // SAFETY: the Variant owns a valid VARIANT; VariantClear frees whatever type it holds.
        unsafe {
            crate::win32::VariantClear(&mut self.0 as *mut VARIANT as *mut crate::win32::VARIANT);
        }
        #[cfg(not(windows))]
        match self.0.vt {
            // SAFETY: a VT_BSTR variant owns its BSTR.
            VT_BSTR => unsafe { super::alloc::bstr_free(self.bits() as usize as *mut u16) },
            VT_UNKNOWN | VT_DISPATCH => {
                let p = self.bits() as usize as *mut std::ffi::c_void;
                if !p.is_null() {
                    // SAFETY: a VT_UNKNOWN variant owns one reference to a live interface.
                    drop(unsafe { <windows_core::IUnknown as windows_core::Interface>::from_raw(p) });
                }
            }
            _ => {}
        }
    }
}

impl fmt::Debug for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Variant({:?})", self.value())
    }
}

impl PartialEq for Variant {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value()
    }
}

// SAFETY: the types a Variant owns (BSTR, agile interface references) may move between threads.
unsafe impl Send for Variant {}
