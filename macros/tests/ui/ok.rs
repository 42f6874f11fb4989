use contentpartner::content_partner;
use contentpartner::partner::ContentPartner;

#[content_partner(
    clsid = "{3f1c9a52-0d4e-4b7a-9c2e-8a1b6d5e7f01}",
    store_key = "ContosoMusic",
    name = "Contoso Music",
    capabilities(background_processing, device_available, alt_login),
    threading = "Free"
)]
#[derive(Default)]
pub struct Contoso {
    _catalog: Vec<u32>,
}

impl ContentPartner for Contoso {}

fn main() {}
