use contentpartner::{content_partner, partner::ContentPartner};
#[content_partner(clsid = "3f1c9a52-0d4e-4b7a-9c2e-8a1b6d5e7f01", store_key = "ContosoMusic", name = "Contoso Music")]
#[derive(Default)]
pub struct Contoso;
impl ContentPartner for Contoso {}
#[content_partner(clsid = "3f1c9a52-0d4e-4b7a-9c2e-8a1b6d5e7f02", store_key = "Fabrikam", name = "Fabrikam")]
#[derive(Default)]
pub struct Fabrikam;
impl ContentPartner for Fabrikam {}
fn main() {}
