//! The generated Rust, reviewed by eye and pinned: any change to the output shows up here as a
//! diff. Set CONTENTPARTNER_BLESS=1 to rewrite the expected files after reviewing the change.
//! (contentpartner.idl's output is the runtime's checked-in bindings, pinned by
//! runtime/tests/generated_bindings.rs.)

use std::path::{Path, PathBuf};

use contentpartner_codegen::rust::{RustOptions, generate};
use contentpartner_codegen::{Options, Session};

fn generated(idl: &Path) -> String {
    let mut session = Session::new(Options::default());
    let checked = session.check_file(idl);
    assert!(checked.diagnostics.is_empty(), "{}", checked.diagnostics.render(session.sources()));
    let name = idl.file_name().expect("file name").to_string_lossy().into_owned();
    generate(&checked, &name, &RustOptions::default()).unwrap_or_else(|e| panic!("{}", e.render(session.sources())))
}

fn check_golden(idl: PathBuf, expected: &str) {
    let actual = generated(&idl);
    assert_eq!(actual, generated(&idl), "generation is not deterministic");
    compare(&actual, expected);
}

fn compare(actual: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(expected);
    contentpartner_codegen::checked_in::verify(&path, actual).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn shapes_idl() {
    check_golden(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/shapes.idl"), "shapes.rs");
}

/// Anonymous and nested inline types, bit fields, unions, arrays, a function pointer, a pack,
/// enums and constants of every type.
#[test]
fn records_idl() {
    check_golden(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/records.idl"), "records.rs");
}

/// A library, a dispinterface, a dual interface, a coclass, a module and a `[local]`/`[call_as]`
/// pair.
#[test]
fn kinds_idl() {
    check_golden(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/kinds.idl"), "kinds.rs");
}

/// Names that collide (a handler trait with an interface, a parameter with an enum, a snake-case
/// method with its safe caller) and shapes the safe layer leaves raw; a pointer constant, a
/// file-level function and an RPC interface's procedure.
#[test]
fn edges_idl() {
    check_golden(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/edges.idl"), "edges.rs");
}

/// Through the build-script API: a store's IDL importing contentpartner.idl, its types mapped to
/// the runtime's bindings with `extern_path`.
#[test]
fn store_extension_through_the_builder() {
    let out = std::env::temp_dir().join(format!("cp-builder-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("scratch dir");
    let mut builder =
        contentpartner_codegen::Builder::new().file("tests/golden/store_ext.idl").include_dir("..").out_dir(&out);
    for name in [
        "IWMPContentContainer",
        "IWMPContentContainerList",
        "IWMPContentPartnerCallback",
        "IWMPContentPartner",
        "WMPStreamingType",
        "WMPContextMenuInfo",
    ] {
        builder = builder.extern_path(name, format!("::contentpartner::bindings::{name}"));
    }
    let written = builder.compile().expect("generates");
    assert_eq!(written, out.join("store_ext.rs"));
    let code = std::fs::read_to_string(&written).expect("the generated file");
    let _ = std::fs::remove_dir_all(&out);
    assert!(!code.contains("pub struct IWMPContentPartner_Vtbl"), "imported interfaces are not generated again");
    assert!(!code.contains("g_szCPAlbumID"), "imported constants are not generated again");
    compare(&code, "store_ext.rs");
}

#[test]
fn builder_reports_idl_errors_and_missing_input() {
    let out = std::env::temp_dir().join(format!("cp-builder-bad-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("scratch dir");
    std::fs::write(out.join("bad.idl"), "typedef DWROD X;\n").expect("write");
    let err = contentpartner_codegen::Builder::new().file(out.join("bad.idl")).out_dir(&out).compile().unwrap_err();
    assert!(err.to_string().ends_with("bad.idl: 1 IDL errors (printed above)"), "{err}");
    assert!(!out.join("bad.rs").exists(), "nothing is written on error");
    let err = contentpartner_codegen::Builder::new().out_dir(&out).compile().unwrap_err();
    assert_eq!(err.to_string(), "no IDL file given to contentpartner_codegen::Builder; add one with `.file(...)`");
    let _ = std::fs::remove_dir_all(&out);
}
