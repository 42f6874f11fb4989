//! Generates the contentpartner bindings (the one definition of each interface in a store's
//! build) from the workspace's contentpartner.idl.
fn main() {
    let built = contentpartner_codegen::Builder::new()
        .file("../contentpartner.idl")
        .ole_path("crate::ole")
        .layout_table(true)
        .compile();
    if let Err(e) = built {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
