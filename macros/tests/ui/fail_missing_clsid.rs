use contentpartner::{content_partner, partner::ContentPartner};
#[content_partner(store_key = "ContosoMusic", name = "Contoso Music")]
#[derive(Default)]
pub struct Contoso;
impl ContentPartner for Contoso {}
fn main() {}
