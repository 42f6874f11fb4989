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
fn a_module_function_needs_a_dll_and_an_entry_that_is_a_name_or_an_ordinal() {
    let text = "[uuid(4d1c0a52-2b5e-4c0b-9d43-1f4f1b7a0010)]\nlibrary L\n{\n    module NoDll\n    {\n        long F(void);\n    };\n    [dllname(\"m.dll\")]\n    module ByOrdinal\n    {\n        [entry(12)] long G(void);\n        [entry(0x60000000)] long H(void);\n    };\n};\n";
    assert_eq!(
        refusals("mods.idl", text),
        [
            "mods.idl:4:12: error: module `NoDll` declares functions but no `dllname` to link them against",
            "mods.idl:9:12: error: ByOrdinal::H: `entry(0x60000000)` is neither a name in quotes nor an ordinal from 0 to 65535",
        ]
    );
}

#[test]
fn an_entry_by_ordinal_is_linked_by_ordinal() {
    let text = "[uuid(4d1c0a52-2b5e-4c0b-9d43-1f4f1b7a0011)]\nlibrary L\n{\n    [dllname(\"m.dll\")]\n    module ByOrdinal\n    {\n        [entry(0x0c)] long G(void);\n        [entry(\"Named\")] long N(void);\n    };\n};\n";
    let mut session = Session::new(Options::default());
    let checked = session.check_text("ordinal.idl", text);
    let rust = generate(&checked, "ordinal.idl", &RustOptions::default()).expect("generated");
    let compact: String = rust.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(compact.contains("#[link(name = \"m\", kind = \"raw-dylib\")]"), "{rust}");
    assert!(compact.contains("#[link_ordinal(12)] pub fn G() -> i32;"), "{rust}");
    assert!(compact.contains("#[link_name = \"Named\"] pub fn N() -> i32;"), "{rust}");
}
