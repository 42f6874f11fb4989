//! The generated Rust, reviewed by eye and pinned: any change to the output shows up here as a
//! diff. Set CONTENTPARTNER_BLESS=1 to rewrite the expected files after reviewing the change.

use std::path::{Path, PathBuf};

use contentpartner_codegen::rust::{RustOptions, generate};
use contentpartner_codegen::{Options, Session};

fn generated(idl: &Path) -> String {
    let mut session = Session::new(Options::default());
    let checked = session.check_file(idl);
    assert!(checked.diagnostics.is_empty(), "{}", checked.diagnostics.render(session.sources()));
    let name = idl.file_name().expect("file name").to_string_lossy().into_owned();
    generate(&checked.model, &name, &RustOptions::default()).unwrap_or_else(|e| panic!("{}", e.join("\n")))
}

fn check_golden(idl: PathBuf, expected: &str) {
    let actual = generated(&idl);
    assert_eq!(actual, generated(&idl), "generation is not deterministic");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(expected);
    if std::env::var("CONTENTPARTNER_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, &actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is missing; run with CONTENTPARTNER_BLESS=1", path.display()));
    if actual != expected {
        let first = actual.lines().zip(expected.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{} differs from the generated code from line {}:\n  generated: {:?}\n  expected:  {:?}\n(CONTENTPARTNER_BLESS=1 rewrites it after review)",
            path.display(),
            first + 1,
            actual.lines().nth(first),
            expected.lines().nth(first)
        );
    }
}

#[test]
fn contentpartner_idl() {
    check_golden(Path::new(env!("CARGO_MANIFEST_DIR")).join("../contentpartner.idl"), "contentpartner.rs");
}

#[test]
fn shapes_idl() {
    check_golden(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/shapes.idl"), "shapes.rs");
}
