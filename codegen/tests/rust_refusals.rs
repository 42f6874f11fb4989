//! What the Rust generator refuses, and why, each at its definition's `file:line:col`.

use contentpartner_codegen::rust::{RustOptions, generate};
use contentpartner_codegen::{Options, Session};

/// The headlines of generating Rust for `text` (which must pass the check).
fn refusals(name: &str, text: &str) -> Vec<String> {
    let mut session = Session::new(Options::default());
    let checked = session.check_text(name, text);
    assert!(checked.diagnostics.is_empty(), "{}", checked.diagnostics.render(session.sources()));
    let problems = generate(&checked, name, &RustOptions::default()).expect_err("refused");
    problems.iter().map(|d| d.headline(session.sources())).collect()
}

#[test]
fn a_module_function_needs_a_dll_and_a_named_entry() {
    let text = "[uuid(4d1c0a52-2b5e-4c0b-9d43-1f4f1b7a0010)]\nlibrary L\n{\n    module NoDll\n    {\n        long F(void);\n    };\n    [dllname(\"m.dll\")]\n    module ByOrdinal\n    {\n        [entry(12)] long G(void);\n    };\n};\n";
    assert_eq!(
        refusals("mods.idl", text),
        [
            "mods.idl:4:12: error: module `NoDll` declares functions but no `dllname` to link them against",
            "mods.idl:9:12: error: ByOrdinal::G: an entry by ordinal (12) has no portable Rust form; name the entry point",
        ]
    );
}
