//! The HRESULTs the runtime, its stores and its hosts name, defined once (values from winerror.h).

use windows_core::HRESULT;

/// Success.
pub const S_OK: HRESULT = HRESULT(0);
/// Success, with the answer "no" (DllCanUnloadNow: still in use).
pub const S_FALSE: HRESULT = HRESULT(1);
/// The method is not offered.
pub const E_NOTIMPL: HRESULT = HRESULT(0x80004001_u32 as i32);
/// The object does not have the interface asked for.
pub const E_NOINTERFACE: HRESULT = HRESULT(0x80004002_u32 as i32);
/// A required pointer was null.
pub const E_POINTER: HRESULT = HRESULT(0x80004003_u32 as i32);
/// Unspecified failure.
pub const E_FAIL: HRESULT = HRESULT(0x80004005_u32 as i32);
/// The store panicked, or the call came when the object could not take it (no player attached).
pub const E_UNEXPECTED: HRESULT = HRESULT(0x8000FFFF_u32 as i32);
/// Access denied (HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)).
pub const E_ACCESSDENIED: HRESULT = HRESULT(0x80070005_u32 as i32);
/// An argument is not valid.
pub const E_INVALIDARG: HRESULT = HRESULT(0x80070057_u32 as i32);
/// Not found (HRESULT_FROM_WIN32(ERROR_NOT_FOUND)).
pub const E_NOT_FOUND: HRESULT = HRESULT(0x80070490_u32 as i32);
/// A VARIANT of a type that cannot be copied (or, off Windows, is not supported).
pub const DISP_E_BADVARTYPE: HRESULT = HRESULT(0x80020008_u32 as i32);
/// A request queue is full: the request was refused and no completion will come.
pub const E_BUSY: HRESULT = HRESULT(0x800700AA_u32 as i32);
/// An aggregating outer object was offered; our objects cannot be aggregated.
pub const CLASS_E_NOAGGREGATION: HRESULT = HRESULT(0x80040110_u32 as i32);
/// DllGetClassObject was asked for a class this DLL does not serve.
pub const CLASS_E_CLASSNOTAVAILABLE: HRESULT = HRESULT(0x80040111_u32 as i32);
/// CoCreateInstance of a class that is not registered.
pub const REGDB_E_CLASSNOTREG: HRESULT = HRESULT(0x80040154_u32 as i32);
/// DllRegisterServer or DllUnregisterServer could not write the class's keys.
pub const SELFREG_E_CLASS: HRESULT = HRESULT(0x80040201_u32 as i32);
