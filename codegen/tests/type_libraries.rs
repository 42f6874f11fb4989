//! `importlib`: stdole2.tlb and stdole32.tlb are built in (OLE Automation's types, whether or not
//! oaidl.idl is imported), any other type library is looked for and refused with a clear error.
//! Fixtures are in `tests/midl_input/typelib/`.

use std::path::{Path, PathBuf};

use contentpartner_codegen::model::DefKind;
use contentpartner_codegen::{Checked, Options, Session};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/midl_input/typelib").join(name)
}

/// The check of a fixture (with `-I` `include`, if given) and its diagnostics' headlines.
fn check(name: &str, include: Option<&str>) -> (Checked, Vec<String>) {
    let include_dirs = include.map(fixture).into_iter().collect();
    let mut session = Session::new(Options { include_dirs, defines: Vec::new() });
    let checked = session.check_file(&fixture(name));
    let heads = checked.diagnostics.iter().map(|d| d.headline(session.sources())).collect();
    (checked, heads)
}

#[test]
fn stdole2_gives_automation_types_to_a_file_that_imports_only_wtypes() {
    let (checked, heads) = check("automation.idl", None);
    assert_eq!(heads, Vec::<String>::new());
    let model = &checked.model;
    let (shape, _) = model.iter().find(|(_, d)| d.name == "IShape").unwrap();
    let vtable: Vec<(usize, &str, &str)> = model
        .vtable(shape)
        .into_iter()
        .map(|(slot, owner, m)| (slot, model[owner].name.as_str(), m.abi_name.as_str()))
        .collect();
    assert_eq!(
        vtable,
        [
            (0, "IUnknown", "QueryInterface"),
            (1, "IUnknown", "AddRef"),
            (2, "IUnknown", "Release"),
            (3, "IDispatch", "GetTypeInfoCount"),
            (4, "IDispatch", "GetTypeInfo"),
            (5, "IDispatch", "GetIDsOfNames"),
            (6, "IDispatch", "Invoke"),
            (7, "IShape", "get_Color"),
            (8, "IShape", "get_Face"),
            (9, "IShape", "Draw"),
        ]
    );
    let uuid = |name: &str| model.find(name).and_then(|d| d.uuid()).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(uuid("stdole"), "00020430-0000-0000-c000-000000000046");
    assert_eq!(uuid("IDispatch"), "00020400-0000-0000-c000-000000000046");
    assert_eq!(uuid("IEnumVARIANT"), "00020404-0000-0000-c000-000000000046");
    assert_eq!(uuid("IFont"), "bef6e002-a874-101a-8bba-00aa00300cab");
    assert_eq!(uuid("IFontDisp"), "bef6e003-a874-101a-8bba-00aa00300cab");
    assert_eq!(uuid("Font"), "bef6e003-a874-101a-8bba-00aa00300cab");
    assert_eq!(uuid("IPicture"), "7bf80980-bf32-101a-8bbb-00aa00300cab");
    assert_eq!(uuid("IPictureDisp"), "7bf80981-bf32-101a-8bbb-00aa00300cab");
    assert_eq!(uuid("StdFont"), "0be35203-8f91-11ce-9de3-00aa004bb851");
    assert_eq!(uuid("StdPicture"), "0be35204-8f91-11ce-9de3-00aa004bb851");
    assert_eq!(uuid("OLE_COLOR"), "66504301-be0f-101a-8bbb-00aa00300cab");
    assert_eq!(model.find("IDispatch").unwrap().location, "<stdole32.tlb>:44:15");
    let DefKind::Dispinterface(font) = &model.find("Font").unwrap().kind else { panic!("Font") };
    let ids: Vec<(&str, &str)> =
        font.properties.iter().map(|p| (p.name.as_deref().unwrap(), p.attributes[0].args[0].as_str())).collect();
    assert_eq!(
        ids,
        [
            ("Name", "0"),
            ("Size", "2"),
            ("Bold", "3"),
            ("Italic", "4"),
            ("Underline", "5"),
            ("Strikethrough", "6"),
            ("Weight", "7"),
            ("Charset", "8")
        ]
    );
}

#[test]
fn stdole32_is_the_smaller_library() {
    let (_, heads) = check("stdole32.idl", None);
    let p = fixture("stdole32.idl");
    assert_eq!(heads, [format!("{}:6:73: error: unknown type `IFont`", p.display())]);
}

/// MIDL takes the library's IDispatch for the one oaidl.idl declares: one definition, the file's.
#[test]
fn an_imported_definition_wins_over_the_librarys() {
    let (checked, heads) = check("with_oaidl.idl", Some("inc"));
    assert_eq!(heads, Vec::<String>::new());
    let model = &checked.model;
    let dispatch: Vec<_> = model.iter().filter(|(_, d)| d.name == "IDispatch").collect();
    assert_eq!(dispatch.len(), 1);
    let (id, def) = dispatch[0];
    assert_eq!(def.location, format!("{}:4:11", fixture("inc/oaidl.idl").display()));
    assert_eq!(model.interface("IBoth").unwrap().base, Some(id));
    assert_eq!(model.interface("IFontDisp").unwrap().base, Some(id));
}

#[test]
fn other_type_libraries_are_errors_at_the_importlib() {
    let (_, heads) = check("others.idl", None);
    let p = fixture("others.idl");
    let p = p.display();
    assert_eq!(
        heads,
        [
            format!(
                "{p}:3:15: error: cannot find type library `missing.tlb`: searched beside the including file (no -I given)"
            ),
            format!(
                "{p}:4:15: error: type library `{}` is not read: binary type libraries other than stdole2.tlb and stdole32.tlb are not supported yet",
                fixture("other.tlb").display()
            ),
        ]
    );
}
