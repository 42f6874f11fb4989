//! A failing call hands back nothing: every out-parameter the host passed is cleared (zero for
//! scalars) before the store runs, on the failure paths too, E_POINTER included.

use contentpartner::hresult::{E_NOTIMPL, E_POINTER};
use contentpartner::ole::{BSTR, VARIANT, VARIANT_BOOL};
use contentpartner::partner::{ContentPartner, Partner};

/// Offers nothing: every method fails with its default.
struct Nothing;
impl ContentPartner for Nothing {}

#[test]
fn scalar_outs_are_zeroed_when_the_call_fails() {
    let partner = Partner::new(Nothing, None).into_interface();
    let (mut version, mut url, mut expires) = (0xDEAD_BEEF_u32, BSTR::null(), VARIANT::default());
    // SAFETY: valid out-pointers to locals.
    let hr = unsafe { partner.GetCatalogURL(1, 1, 1033, &mut version, &mut url, &mut expires) };
    assert_eq!(hr, E_NOTIMPL);
    assert_eq!((version, url, expires.vt), (0, BSTR::null(), 0));
}

#[test]
fn the_other_outs_are_cleared_when_one_is_null() {
    let partner = Partner::new(Nothing, None).into_interface();
    let mut silent = VARIANT_BOOL::TRUE;
    // SAFETY: a null price pointer is what is tested; the other out-pointer is a local.
    let hr = unsafe { partner.CanBuySilent(std::ptr::null_mut(), std::ptr::null_mut(), &mut silent) };
    assert_eq!(hr, E_POINTER);
    assert_eq!(silent, VARIANT_BOOL::FALSE);
}
