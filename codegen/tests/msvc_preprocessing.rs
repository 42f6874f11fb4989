//! Preprocessing as MSVC's preprocessor does it under MIDL: `#pragma pack` in the model, its
//! layout and the Rust; MIDL 8.01's predefined macros for `/env win64`; strings that go on over
//! lines in attributes; GUIDs as macro arguments; the other pragmas MIDL knows. Fixtures are in
//! `tests/midl_input/msvc/`.

use std::path::{Path, PathBuf};

use contentpartner_codegen::model::{DefKind, Model, Value};
use contentpartner_codegen::rust::{Layout, RustOptions, fields_layout, generate};
use contentpartner_codegen::{Checked, Options, Session};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/midl_input/msvc").join(rel)
}

/// Checks a fixture with `inc/` in the include path: the result and its headlines.
fn check(name: &str) -> (Session, Checked, Vec<String>) {
    let mut session = Session::new(Options { include_dirs: vec![fixture("inc")], defines: Vec::new() });
    let checked = session.check_file(&fixture(name));
    let heads = checked.diagnostics.iter().map(|d| d.headline(session.sources())).collect();
    (session, checked, heads)
}

/// The pack recorded for a struct or union, and its layout under it.
fn packed(model: &Model, name: &str) -> (Option<u8>, Layout) {
    let def = model.find(name).unwrap_or_else(|| panic!("{name} is not in the model"));
    let (fields, pack, union) = match &def.kind {
        DefKind::Struct(s) => (s.fields.clone(), s.pack, false),
        DefKind::Union(u) => (u.arms.iter().filter_map(|a| a.field.clone()).collect(), u.pack, true),
        other => panic!("{name}: {other:?}"),
    };
    (pack, fields_layout(model, &fields, pack, union).expect("laid out"))
}

/// The items of the generated Rust for `name`: its definition, from its attributes on, and its impls.
fn rust_item<'r>(rust: &'r str, name: &str) -> &'r str {
    let at = rust.find(&format!(" {name} {{")).unwrap_or_else(|| panic!("{name} is not generated"));
    let start = rust[..at].rfind("#[repr").expect("a repr");
    let end = rust[at..].find("#[repr").map_or(rust.len(), |e| at + e);
    &rust[start..end]
}

#[test]
fn pragma_pack_is_in_the_model_the_layout_and_the_rust() {
    let (session, checked, heads) = check("packed.idl");
    assert_eq!(heads, Vec::<String>::new());
    let layout = |size, align, offsets: &[usize]| Layout { size, align, offsets: offsets.to_vec() };
    let m = &checked.model;
    assert_eq!(packed(m, "Packed2"), (Some(2), layout(6, 2, &[0, 2])));
    assert_eq!(packed(m, "Natural"), (None, layout(8, 4, &[0, 4])));
    assert_eq!(packed(m, "Packed1"), (Some(1), layout(8, 1, &[0, 0])));
    assert_eq!(packed(m, "OwnsBstr"), (Some(1), layout(9, 1, &[0, 1])));
    assert_eq!(packed(m, "Small"), (Some(4), layout(4, 2, &[0, 2])));
    assert_eq!(packed(m, "Default"), (None, layout(16, 8, &[0, 8])));

    let rust = generate(&checked, "packed.idl", &RustOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.render(session.sources())));
    let repr = |name: &str| rust_item(&rust, name).lines().next().unwrap_or("").to_owned();
    // packed(N) only where N is below the natural alignment.
    assert_eq!(
        ["Packed2", "Natural", "Packed1", "OwnsBstr", "Small", "Default"].map(repr),
        [
            "#[repr(C, packed(2))]",
            "#[repr(C)]",
            "#[repr(C, packed(1))]",
            "#[repr(C, packed(1))]",
            "#[repr(C)]",
            "#[repr(C)]"
        ]
    );
    // A packed field may be unaligned: it is freed through an aligned copy.
    let owns = rust_item(&rust, "OwnsBstr");
    assert!(owns.contains("let mut v = self.s;") && owns.contains("self.s = v;"), "{owns}");
}

/// Packs set in cpp_quote for the C header are packs here too, in order with `#pragma pack`; a
/// cpp_quote conditional is followed where the target decides it.
#[test]
fn cpp_quote_packs_are_in_the_model_the_layout_and_the_rust() {
    let (session, checked, heads) = check("quoted_pack.idl");
    let warning = "quoted_pack.idl:25:21: warning: a pack change in cpp_quote under a C condition that is not \
                   decided here; ignored";
    assert!(heads.len() == 1 && heads[0].ends_with(warning), "{heads:?}");
    let layout = |size, align, offsets: &[usize]| Layout { size, align, offsets: offsets.to_vec() };
    let m = &checked.model;
    assert_eq!(packed(m, "Quoted2"), (Some(2), layout(6, 2, &[0, 2])));
    assert_eq!(packed(m, "Quoted1"), (Some(1), layout(8, 1, &[0, 0])));
    assert_eq!(packed(m, "Still2"), (Some(2), layout(6, 2, &[0, 2])));
    assert_eq!(packed(m, "Natural"), (None, layout(8, 4, &[0, 4])));
    assert_eq!(packed(m, "Mixed1"), (Some(1), layout(3, 1, &[0, 1])));
    assert_eq!(packed(m, "Mixed4"), (Some(4), layout(12, 4, &[0, 4])));
    assert_eq!(packed(m, "Default"), (None, layout(16, 8, &[0, 8])));

    let rust = generate(&checked, "quoted_pack.idl", &RustOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.render(session.sources())));
    let repr = |name: &str| rust_item(&rust, name).lines().next().unwrap_or("").to_owned();
    assert_eq!(
        ["Quoted2", "Quoted1", "Still2", "Natural", "Mixed1", "Mixed4", "Default"].map(repr),
        [
            "#[repr(C, packed(2))]",
            "#[repr(C, packed(1))]",
            "#[repr(C, packed(2))]",
            "#[repr(C)]",
            "#[repr(C, packed(1))]",
            "#[repr(C, packed(4))]",
            "#[repr(C)]"
        ]
    );
}

#[test]
fn midl_and_win64_macros_are_predefined() {
    let (_, checked, heads) = check("predefined.idl");
    assert_eq!(heads, Vec::<String>::new());
    let names: Vec<&str> = checked.model.own_defs().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Win64Branch", "Midl801OnX64"]);
}

#[test]
fn strings_go_on_over_lines_in_attributes() {
    let (_, checked, heads) = check("helpstring.idl");
    let p = fixture("helpstring.idl");
    // The error after the string is on its own line; the GUID came through a macro whole.
    assert_eq!(heads, [format!("{}:6:9: error: unknown type `DWROD`", p.display())]);
    let mut session = Session::new(Options::default());
    let fixed = std::fs::read_to_string(&p).unwrap().replace("DWROD", "DWORD");
    let checked_fixed = session.check_text("helpstring.idl", &fixed);
    assert!(checked_fixed.is_ok(), "{}", checked_fixed.diagnostics.render(session.sources()));
    let def = checked_fixed.model.find("IHelp").expect("IHelp");
    assert_eq!(def.uuid(), Some("12d3e372-874b-457d-9fdf-73977778686c"));
    let help: Vec<&str> = def
        .attributes
        .iter()
        .filter(|a| a.name == "helpstring")
        .flat_map(|a| a.args.iter().map(String::as_str))
        .collect();
    assert_eq!(help, ["\"first part\nsecond part\""]);
    drop(checked);

    // A string's value holds the line break as `\n`, however the file ends its lines.
    let checked = session.check_text("crlf.idl", "const char *TWO_LINES = \"one\r\ntwo\";\r\n");
    assert!(checked.is_ok(), "{}", checked.diagnostics.render(session.sources()));
    let DefKind::Const(c) = &checked.model.find("TWO_LINES").expect("TWO_LINES").kind else { panic!("not a const") };
    assert_eq!(c.value, Value::Str("one\ntwo".into()));

    // Unterminated at the end of the file: still an error at its quote.
    let checked = session.check_text("open.idl", "typedef long A;\nconst char *S = \"abc\n");
    let heads: Vec<String> = checked.diagnostics.iter().map(|d| d.headline(session.sources())).collect();
    assert_eq!(
        heads,
        [
            "open.idl:2:17: error: unterminated string literal",
            "open.idl:2:17: error: expected expression, found `\\\"`"
        ]
    );
}

#[test]
fn other_pragmas_are_accepted() {
    let (_, checked, heads) = check("pragmas.idl");
    assert_eq!(heads, Vec::<String>::new());
    assert_eq!(checked.summary(), "1 typedef");
}
