//! Imports are parsed as far as the file checked reaches them: every way an import declares a
//! name finds its item, and an item nothing reaches is not parsed. Fixtures are in
//! `tests/lazy_imports/`.

use std::path::{Path, PathBuf};

use contentpartner_codegen::model::{DefKind, Type, Value};
use contentpartner_codegen::{Options, Session};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lazy_imports").join(name)
}

#[test]
fn every_kind_of_imported_name_is_reached() {
    let mut session = Session::new(Options::default());
    let checked = session.check_file(&fixture("use.idl"));
    let heads: Vec<String> = checked.diagnostics.iter().map(|d| d.headline(session.sources())).collect();
    assert_eq!(heads, Vec::<String>::new());
    let model = &checked.model;
    let sink = model.iter().find(|(_, d)| d.name == "ISink").map(|(id, _)| id).expect("ISink");
    let slots: Vec<(usize, &str)> = model.vtable(sink).iter().map(|(slot, _, m)| (*slot, m.name.as_str())).collect();
    assert_eq!(slots, [(0, "QueryInterface"), (1, "AddRef"), (2, "Release"), (3, "Read"), (4, "Write")]);
    let write = &model.interface("ISink").unwrap().methods[0];
    let types: Vec<&str> = write
        .params
        .iter()
        .map(|p| match &p.ty {
            Type::Named { name, .. } => name.as_str(),
            Type::Pointer { to, .. } => match &**to {
                Type::Named { name, .. } => name.as_str(),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(types, ["LPSOURCE", "MODE", "EXTENT", "SOURCE_STATE", "PCOUNT"]);
    let DefKind::Const(both) = &model.find("BOTH").unwrap().kind else { panic!("BOTH is no constant") };
    assert_eq!(both.value, Value::Int(6));
}

/// The broken item of `shapes.idl` is reported to the file that reaches it, and only to it.
#[test]
fn an_item_is_parsed_when_reached() {
    let mut session = Session::new(Options::default());
    let quiet = session.check_file(&fixture("use.idl"));
    assert!(quiet.diagnostics.is_empty());
    let reaching = session.check_file(&fixture("reach_broken.idl"));
    let heads: Vec<String> = reaching.diagnostics.iter().map(|d| d.headline(session.sources())).collect();
    let shapes = fixture("shapes.idl");
    assert_eq!(heads, [format!("{}:18:35: error: expected `(`, `,`, `:`, `;` or `[`, found `}}`", shapes.display())]);
}

/// A name that differs only in case from an imported interface's reaches that interface.
#[test]
fn an_interface_is_reached_by_a_name_differing_in_case() {
    let mut session = Session::new(Options::default());
    let checked = session.check_file(&fixture("case.idl"));
    let heads: Vec<String> = checked.diagnostics.iter().map(|d| d.headline(session.sources())).collect();
    let case = fixture("case.idl");
    assert_eq!(
        heads,
        [format!(
            "{}:3:9: warning: `ISOURCE` resolves to interface `ISource`, whose name differs only in case",
            case.display()
        )]
    );
}
