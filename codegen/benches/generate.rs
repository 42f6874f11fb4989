//! contentpartner.idl through the front end and the Rust generator, in-process.
//! Run: `cargo bench -p contentpartner-codegen --bench generate`.

use std::path::Path;

use contentpartner_codegen::rust::{RustOptions, generate};
use contentpartner_codegen::{Options, Session};

fn main() {
    divan::main();
}

fn idl() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../contentpartner.idl"))
}

/// Preprocess, parse and resolve (with the built-in prelude).
#[divan::bench]
fn check() -> usize {
    let mut session = Session::new(Options::default());
    let checked = session.check_file(divan::black_box(idl()));
    assert!(checked.is_ok());
    checked.model.defs.len()
}

/// The whole job a build script does: check, generate, format.
#[divan::bench]
fn check_and_generate() -> usize {
    let mut session = Session::new(Options::default());
    let checked = session.check_file(divan::black_box(idl()));
    generate(&checked, "contentpartner.idl", &RustOptions::default()).expect("generates").len()
}
