use contentpartner::{content_partner, partner::ContentPartner};
#[content_partner(clsid = "3f1c9a52-0d4e-4b7a-9c2e", store_key = "ContosoMusic", name = "Contoso Music")]
#[derive(Default)]
pub struct Contoso;
impl ContentPartner for Contoso {}
fn main() {}
