//! src/generated/ holds the runtime's bindings as contentpartner-codegen writes them from
//! contentpartner.idl and com.idl: checked in, so a store's build compiles neither the generator
//! nor pest. Regenerate them here and fail on any difference (CONTENTPARTNER_BLESS=1 rewrites
//! them after review); this is also the golden test of contentpartner.idl's generated Rust.
#![cfg(not(windows))]

use std::path::Path;

use contentpartner_codegen::Builder;
use contentpartner_codegen::checked_in::verify;

fn check(idl: &str, layout: bool, files: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("cp-bindings-{}-{}", std::process::id(), files[0]));
    std::fs::create_dir_all(&out).expect("scratch directory");
    Builder::new()
        .file(root.join(idl))
        .ole_path("crate::ole")
        .module_allows_lints()
        .layout_table(layout)
        .out_dir(&out)
        .compile()
        .unwrap_or_else(|e| panic!("{idl}: {e}"));
    for file in files {
        let fresh = std::fs::read_to_string(out.join(file)).expect("generated file");
        // The header names the IDL as given: the same on every machine.
        let fresh = fresh.replace(&root.join(idl).display().to_string(), idl);
        let checked_in = root.join("src/generated").join(file);
        verify(&checked_in, &fresh).unwrap_or_else(|e| panic!("{idl}: {e}"));
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn the_contentpartner_bindings_are_what_contentpartner_idl_generates() {
    check("../contentpartner.idl", true, &["contentpartner.rs", "contentpartner_layout.rs"]);
}

#[test]
fn the_com_bindings_are_what_com_idl_generates() {
    check("com.idl", false, &["com.rs"]);
}
