//! Generates the runtime's bindings: the contentpartner interfaces (the one definition of each in a
//! store's build) from the workspace's contentpartner.idl, and the class factory from com.idl.
fn main() {
    let contentpartner = contentpartner_codegen::Builder::new()
        .file("../contentpartner.idl")
        .ole_path("crate::ole")
        .layout_table(true)
        .compile();
    let com = contentpartner_codegen::Builder::new().file("com.idl").ole_path("crate::ole").compile();
    for built in [contentpartner, com] {
        if let Err(e) = built {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
