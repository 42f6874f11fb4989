//! `declare_guid(NAME, guid)`, which MIDL emits as EXTERN_GUID: a GUID constant in the model and
//! in the generated Rust, its GUID written as in a uuid attribute (bare or quoted).

use contentpartner_codegen::model::{DefKind, Value};
use contentpartner_codegen::rust::{RustOptions, generate};
use contentpartner_codegen::{Options, Session};

const IDL: &str = r#"import "unknwn.idl";
declare_guid(SID_Widget, 5144C348-169E-4359-A79D-5482461D9929);
declare_guid(SID_Quoted, "{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}");
"#;

#[test]
fn declare_guid_is_a_guid_constant() {
    let mut session = Session::new(Options::default());
    let checked = session.check_text("guids.idl", IDL);
    assert!(checked.is_ok(), "{}", checked.diagnostics.render(session.sources()));
    let guid = |name: &str| {
        let (_, def) =
            checked.model.iter().find(|(_, d)| d.name == name).unwrap_or_else(|| panic!("{name} is in the model"));
        match &def.kind {
            DefKind::Const(c) => c.value.clone(),
            other => panic!("{name}: {other:?}"),
        }
    };
    assert_eq!(guid("SID_Widget"), Value::Guid("5144c348-169e-4359-a79d-5482461d9929".into()));
    assert_eq!(guid("SID_Quoted"), Value::Guid("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9".into()));

    let rust = generate(&checked, "guids.idl", &RustOptions::default()).expect("Rust");
    // Compared without white space (and the trailing comma prettyplease adds to a broken line).
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace(",)", ")");
    let flat = bare(&rust);
    for (name, bits) in
        [("SID_Widget", "0x5144c348169e4359a79d5482461d9929"), ("SID_Quoted", "0x0a1b2c3d4e5f60718293a4b5c6d7e8f9")]
    {
        let item = format!("pub const {name}: ::windows_core::GUID = ::windows_core::GUID::from_u128({bits});");
        assert!(flat.contains(&bare(&item)), "{item} not in:\n{rust}");
    }
}

#[test]
fn declare_guid_without_a_guid_is_an_error_at_it() {
    let mut session = Session::new(Options::default());
    let checked = session.check_text("bad.idl", "declare_guid(SID_Bad, 1234);\n");
    let headlines: Vec<String> = checked.diagnostics.iter().map(|d| d.headline(session.sources())).collect();
    assert_eq!(
        headlines,
        ["bad.idl:1:23: error: `declare_guid` takes a GUID, like 5144C348-169E-4359-A79D-5482461D9929"]
    );
}
