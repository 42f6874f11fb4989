//! A second store, for registration side by side with the sample's (cp-install's tests and
//! scripts/install-e2e.sh): another CLSID, key, capabilities and threading model, and a name with
//! every character the .reg and WiX writers must escape (`"`, `&`, `[`, `]`, `%` and non-ASCII).
//! It offers nothing: only its registration is under test.

use contentpartner::content_partner;
use contentpartner::partner::ContentPartner;

#[content_partner(
    clsid = "9d2e4f60-1a3b-4c5d-8e7f-0a1b2c3d4e5f",
    store_key = "FabrikamMusic",
    name = "Fabrikam Música [Beta] & \"Friends\" 100%",
    capabilities(alt_login),
    threading = "Both"
)]
#[derive(Default)]
pub struct Fabrikam;

impl ContentPartner for Fabrikam {}
