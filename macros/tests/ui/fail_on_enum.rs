use contentpartner::content_partner;
#[content_partner(clsid = "3f1c9a52-0d4e-4b7a-9c2e-8a1b6d5e7f01", store_key = "ContosoMusic", name = "Contoso Music")]
pub enum Contoso { Open, Closed }
fn main() {}
