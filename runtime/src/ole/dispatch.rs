//! IDispatch (generated from com.idl) for the generated code: the base of dual interfaces, and
//! [`invoke`], the one unsafe call the dispinterface wrappers share (they pass `Variant`s and get
//! one back).

use windows_core::{GUID, HRESULT, Result};

use super::{BSTR, Bstr, VARIANT, Variant};

/// `wFlags` of `Invoke`: a method call.
pub const DISPATCH_METHOD: u16 = 1;
/// `wFlags` of `Invoke`: a property read.
pub const DISPATCH_PROPERTYGET: u16 = 2;
/// `wFlags` of `Invoke`: a property write; its value is the named argument DISPID_PROPERTYPUT.
pub const DISPATCH_PROPERTYPUT: u16 = 4;
/// The DISPID naming a property write's value.
pub const DISPID_PROPERTYPUT: i32 = -3;
/// `Invoke` failed with an exception, described in its EXCEPINFO.
pub const DISP_E_EXCEPTION: HRESULT = HRESULT(0x80020009_u32 as i32);

pub use crate::com::{DISPPARAMS, EXCEPINFO, IDispatch, IDispatch_Impl, IDispatch_Vtbl, IDispatchHandler};

/// Calls member `dispid` of `disp` with `args` in declaration order (a property write's last
/// argument is the value) and returns its result (empty for a property write). A failure is
/// `Invoke`'s HRESULT, or an exception's `scode` when it raised one.
pub fn invoke(disp: &IDispatch, dispid: i32, flags: u16, args: &[&Variant]) -> Result<Variant> {
    // Shallow copies: Invoke reads by-value arguments and frees none of them, so ownership stays
    // with `args`, which outlive the call.
    // SAFETY: `as_abi` points at the VARIANT inside a live `Variant`.
    let mut raw: Vec<VARIANT> = args.iter().rev().map(|a| unsafe { *a.as_abi() }).collect();
    let mut put = DISPID_PROPERTYPUT;
    let is_put = flags == DISPATCH_PROPERTYPUT;
    let mut params = DISPPARAMS {
        rgvarg: raw.as_mut_ptr(),
        rgdispidNamedArgs: if is_put { &mut put } else { std::ptr::null_mut() },
        cArgs: raw.len() as u32,
        cNamedArgs: u32::from(is_put),
    };
    let mut result = VARIANT::default();
    let mut excep = EXCEPINFO {
        wCode: 0,
        wReserved: 0,
        bstrSource: BSTR::null(),
        bstrDescription: BSTR::null(),
        bstrHelpFile: BSTR::null(),
        dwHelpContext: 0,
        pvReserved: std::ptr::null_mut(),
        pfnDeferredFillIn: std::ptr::null_mut(),
        scode: 0,
    };
    let mut arg_err = 0u32;
    let result_ptr = if is_put { std::ptr::null_mut() } else { &mut result as *mut VARIANT };
    // SAFETY: `disp` is a live IDispatch; every pointer passed is to a local that outlives the
    // call, and `rgvarg` holds `cArgs` valid VARIANTs.
    let hr =
        unsafe { disp.Invoke(dispid, &GUID::zeroed(), 0, flags, &mut params, result_ptr, &mut excep, &mut arg_err) };
    // SAFETY: the callee filled these BSTRs (or left them null) for the caller to free.
    unsafe {
        for b in [excep.bstrSource, excep.bstrDescription, excep.bstrHelpFile] {
            drop(Bstr::from_abi(b));
        }
    }
    if hr == DISP_E_EXCEPTION && excep.scode != 0 {
        return Err(HRESULT(excep.scode).into());
    }
    hr.ok()?;
    // SAFETY: on success the callee wrote an owned VARIANT (or left the empty one) for us.
    Ok(unsafe { Variant::from_abi(result) })
}
