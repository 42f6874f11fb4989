//! Declarations MIDL accepts beyond the IDL grammar proper: attributes on a typedef of a pointer,
//! `= 0` after a method, file-scope `static`/`const` declarations with C initializers, and a type
//! name that matches an interface only ignoring case. Fixtures are in `tests/midl_input/declarations/`.

use std::path::{Path, PathBuf};

use contentpartner_codegen::model::{Attribute, Base, DefKind, Model, Type, Value};
use contentpartner_codegen::{Checked, Options, Session};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/midl_input/declarations").join(name)
}

/// The check of a fixture and its diagnostics' headlines (`file:line:col: level: message`), with
/// the fixture's path written `F`.
fn check(name: &str) -> (Checked, Vec<String>) {
    let path = fixture(name);
    let mut session = Session::new(Options::default());
    let checked = session.check_file(&path);
    let p = path.display().to_string();
    let heads = checked.diagnostics.iter().map(|d| d.headline(session.sources()).replace(&p, "F")).collect();
    (checked, heads)
}

fn kind<'m>(model: &'m Model, name: &str) -> &'m DefKind {
    &model.find(name).unwrap_or_else(|| panic!("`{name}` is in the model")).kind
}

fn attr(name: &str, args: &[&str]) -> Attribute {
    Attribute { name: name.into(), args: args.iter().map(|a| a.to_string()).collect() }
}

#[test]
fn a_typedef_of_a_pointer_keeps_its_size_attributes() {
    let (checked, heads) = check("pointer_typedef.idl");
    // Only where sizes mean nothing: the typedef of a plain LONG.
    assert_eq!(heads, ["F:3:10: error: `size_is` belongs on a parameter, a field or a typedef of a pointer, not here"]);
    let def = checked.model.find("GUID_BYTES").expect("GUID_BYTES");
    assert_eq!(def.attributes, [attr("size_is", &["16"]), attr("length_is", &["16"])]);
    let DefKind::Typedef(Type::Pointer { to, const_target: false }) = &def.kind else { panic!("{:?}", def.kind) };
    assert!(matches!(&**to, Type::Named { name, .. } if name == "BYTE"), "{to:?}");
}

#[test]
fn a_method_may_end_in_equals_zero() {
    let (checked, heads) = check("pure.idl");
    assert_eq!(heads, Vec::<String>::new());
    let iface = checked.model.interface("IPure").expect("IPure");
    let slots: Vec<(&str, Option<usize>)> = iface.methods.iter().map(|m| (m.name.as_str(), m.slot)).collect();
    assert_eq!(slots, [("Foo", Some(3)), ("Bar", Some(4))]);
}

#[test]
fn file_scope_initializers_are_constants_where_the_model_holds_their_value() {
    let (checked, heads) = check("initializers.idl");
    assert_eq!(heads, ["F:11:30: error: `65536` does not fit in a GUID's 16-bit field"]);
    let model = &checked.model;
    let constant = |name: &str| match kind(model, name) {
        DefKind::Const(c) => (c.ty.clone(), c.value.clone()),
        other => panic!("`{name}` is a constant, not {other:?}"),
    };
    let int = Type::Base(Base::Int { bits: 32, signed: true });
    let named =
        |name: &str| Type::Named { name: name.into(), def: model.iter().find(|(_, d)| d.name == name).unwrap().0 };
    assert_eq!(constant("x"), (int.clone(), Value::Int(3)));
    assert_eq!(constant("s"), (Type::Base(Base::Char), Value::Str("x".into())));
    assert_eq!(constant("y"), (named("LONG"), Value::Int(4)));
    assert_eq!(constant("z"), (named("LONG"), Value::Int(7)));
    assert_eq!(constant("g"), (named("GUID"), Value::Guid("6b29fc40-ca47-1067-b31d-00dd010662da".into())));
    assert_eq!(constant("iid"), (named("IID"), Value::Guid("00000001-0002-0003-0405-060708090a0b".into())));
    // A variable's initializer and another aggregate's are accepted and skipped; a list shaped
    // like a GUID's for a type that is none leaves a variable.
    assert!(model.find("counter").is_none() && model.find("pair").is_none());
    assert!(matches!(kind(model, "shaped"), DefKind::Function(f) if f.name == "shaped"), "{:?}", kind(model, "shaped"));
}

#[test]
fn a_type_name_differing_only_in_case_from_an_interface_resolves_to_it() {
    let (checked, heads) = check("case.idl");
    assert_eq!(
        heads,
        [
            "F:3:44: warning: `IFOO` resolves to interface `IFoo`, whose name differs only in case",
            "F:5:18: warning: `IFOO` resolves to interface `IFoo`, whose name differs only in case",
            "F:9:65: warning: `Iwidget` resolves to interface `IWidget`, whose name differs only in case",
            // Only interfaces, as in MIDL: a typedef's name must be written as declared.
            "F:12:48: error: unknown type `COUNT`",
        ]
    );
    let model = &checked.model;
    let id = |name: &str| model.iter().find(|(_, d)| d.name == name).unwrap().0;
    let param_types = |iface: &str| -> Vec<Type> {
        model.interface(iface).unwrap().methods[0].params.iter().map(|p| p.ty.clone()).collect()
    };
    let pointer_to = |name: &str| Type::Pointer {
        to: Box::new(Type::Named { name: name.into(), def: id(name) }),
        const_target: false,
    };
    assert_eq!(param_types("IFoo"), [pointer_to("IFoo")]);
    assert_eq!(model.interface("IBar").unwrap().base, Some(id("IFoo")));
    // The exact spelling wins over another interface's; of several, the first declared.
    assert_eq!(param_types("IUse"), [pointer_to("IWidget"), pointer_to("IWidget")]);
}
