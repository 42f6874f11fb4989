//! Bindings of Wine's msxml6.idl and everything it imports, a module per IDL file read, twice:
//! in `$OUT_DIR/plain`, every import generated too, and in `$OUT_DIR/windows`, the imported Win32
//! types the `windows` crate's (`--windows-crate`). (MSXML_IDL names another folder holding
//! msxml6.idl and its imports.)
use std::path::PathBuf;

fn main() {
    let dir =
        std::env::var_os("MSXML_IDL").map_or_else(|| PathBuf::from("/usr/include/wine/wine/windows"), PathBuf::from);
    println!("cargo:rerun-if-env-changed=MSXML_IDL");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set for build scripts"));
    let builder = || {
        contentpartner_codegen::Builder::new()
            .file(dir.join("msxml6.idl"))
            .include_dir(&dir)
            .no_windows_sdk()
            .with_imports()
    };
    let failed = |e| panic!("msxml6.idl from {}: {e}", dir.display());
    builder().out_dir(out.join("plain")).compile().unwrap_or_else(failed);
    builder().windows_crate().out_dir(out.join("windows")).compile().unwrap_or_else(failed);
}
