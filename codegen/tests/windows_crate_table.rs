//! src/rust/windows_crate.txt, the table behind `--windows-crate`, is every Win32 type of the
//! metadata bundled with windows-bindgen 0.66 (which the `windows` 0.62 crate is generated from)
//! whose Rust form has our generated code's ABI. Regenerate it here and fail on any difference.
//!
//! Under a `[NAMESPACE]` line (`[Win32.System.Com]`, under `Windows.`), a row is `NAME KIND
//! FEATURES`: the kind (`i` interface, `e` enum, `h` handle, a newtype; records by what the crate
//! derives: `s` a struct that is Copy and Debug, `p` Copy only (a union or a pack inside), `n` not
//! Copy (an interface or a string held by value), `u` a union that is Copy, `v` one that is not) and
//! the other namespaces the windows crate gates the type on besides its own (`-` for none), as
//! windows-bindgen works them out: those of a record's fields and of an interface's bases, through
//! the records and callbacks they name. (Of the 20,314 records in the crate, all but CONTEXT, whose
//! architecture variants this unites, have the crate's gates.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use windows_metadata::reader::{Index, TypeCategory, TypeDef};
use windows_metadata::{HasAttributes, Type, TypeAttributes};

/// Win32 names windows-bindgen writes as windows-core's types or Rust's (`Type::remap`), which the
/// windows crate has no item for.
const REMAPPED: [&str; 17] = [
    "PSTR",
    "PWSTR",
    "HSTRING",
    "BSTR",
    "IInspectable",
    "CHAR",
    "BOOLEAN",
    "BOOL",
    "IUnknown",
    "HRESULT",
    "EventRegistrationToken",
    "D2D_MATRIX_3X2_F",
    "D3DMATRIX",
    "D2D_MATRIX_4X4_F",
    "D2D_POINT_2F",
    "D2D_VECTOR_2F",
    "D2D_VECTOR_4F",
];

/// The metadata windows-bindgen bundles, in the registry source cargo unpacked it to.
fn winmd() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))?;
    let registries = std::fs::read_dir(home.join("registry/src")).ok()?;
    registries
        .filter_map(Result::ok)
        .map(|r| r.path().join("windows-bindgen-0.66.0/default/Windows.Win32.winmd"))
        .find(|p| p.exists())
}

/// A type's kind letter, or `None` where the windows crate's form differs from ours (callbacks,
/// classes of functions, attributes, enums not 32 bits wide, GUID constants).
fn kind(index: &Index, def: TypeDef) -> Option<char> {
    match def.category() {
        TypeCategory::Interface => Some('i'),
        TypeCategory::Enum => match def.fields().next()?.ty() {
            Type::I32 | Type::U32 => Some('e'),
            _ => None,
        },
        TypeCategory::Struct if def.has_attribute("NativeTypedefAttribute") => Some('h'),
        // A struct without fields and with a GUID is a CLSID, a constant in the windows crate.
        TypeCategory::Struct if def.fields().next().is_none() && def.has_attribute("GuidAttribute") => None,
        TypeCategory::Struct => {
            let union = def.flags().contains(TypeAttributes::ExplicitLayout);
            // What the crate derives (windows-bindgen's `CppStruct::write`): Copy where every
            // field is, Debug where no union or pack is inside.
            let debug = !inside(index, def, &|d| d.flags().contains(TypeAttributes::ExplicitLayout))
                && !inside(index, def, &|d| d.class_layout().is_some());
            let copy = copyable(index, def);
            // Whether one that is not Copy is Debug does not matter: what holds it derives nothing.
            let traits = (union, copy, copy && debug && !union);
            RECORDS.iter().find(|(_, t)| *t == traits).map(|(c, _)| *c)
        }
        _ => None,
    }
}

/// A record kind as (union, Copy, Debug), and back.
const RECORDS: [(char, (bool, bool, bool)); 5] = [
    ('s', (false, true, true)),
    ('p', (false, true, false)),
    ('n', (false, false, false)),
    ('u', (true, true, false)),
    ('v', (true, false, false)),
];

/// Of two architecture variants' kinds, what both derive.
fn weaker(a: char, b: char) -> char {
    let traits = |k: char| RECORDS.iter().find(|(c, _)| *c == k).map(|(_, t)| *t);
    let (Some(x), Some(y)) = (traits(a), traits(b)) else { return a };
    let both = (x.0, x.1 && y.1, x.2 && y.2);
    RECORDS.iter().find(|(_, t)| *t == both).map_or(a, |(c, _)| *c)
}

/// The records a field of `owner` of type `ty` names (its nested types by name), each
/// architecture's.
fn records<'a>(index: &'a Index, owner: TypeDef<'a>, ty: &Type) -> Vec<TypeDef<'a>> {
    let (Type::ValueName(n) | Type::ClassName(n)) = ty else { return Vec::new() };
    let defs: Vec<TypeDef<'a>> = if n.namespace.is_empty() {
        index.nested(owner).filter(|d| d.name() == n.name).collect()
    } else {
        index.get(&n.namespace, &n.name).collect()
    };
    // A record windows-bindgen writes as another crate's type (`D2D_MATRIX_3X2_F` is
    // windows-numerics' `Matrix3x2`) is that type, not a record of the crate.
    defs.into_iter().filter(|d| d.category() == TypeCategory::Struct && !REMAPPED.contains(&d.name())).collect()
}

/// Whether `test` holds for `def` or a record it holds by value (windows-bindgen's
/// `multi_struct_fields`: fields and fixed arrays of records).
fn inside<'a>(index: &'a Index, def: TypeDef<'a>, test: &dyn Fn(TypeDef<'a>) -> bool) -> bool {
    test(def)
        || def.fields().any(|f| {
            let ty = match f.ty() {
                Type::ArrayFixed(t, _) => *t,
                t => t,
            };
            records(index, def, &ty).into_iter().any(|r| inside(index, r, test))
        })
}

/// Whether the crate's record is Copy (windows-bindgen's `is_copyable`): no interface or string
/// held by value, through records and arrays; never VARIANT and PROPVARIANT, which own theirs.
fn copyable(index: &Index, def: TypeDef) -> bool {
    !matches!(def.name(), "VARIANT" | "PROPVARIANT") && def.fields().all(|f| field_copyable(index, def, &f.ty()))
}

fn field_copyable<'a>(index: &'a Index, owner: TypeDef<'a>, ty: &Type) -> bool {
    match ty {
        Type::String | Type::Object => false,
        Type::ArrayFixed(t, _) | Type::Array(t) => field_copyable(index, owner, t),
        Type::ValueName(n) | Type::ClassName(n) => {
            if matches!(n.name.as_str(), "BSTR" | "HSTRING" | "IUnknown" | "IInspectable") {
                return false;
            }
            let resolved: Vec<TypeDef<'a>> = if n.namespace.is_empty() {
                index.nested(owner).filter(|d| d.name() == n.name).collect()
            } else {
                index.get(&n.namespace, &n.name).collect()
            };
            resolved.into_iter().all(|d| match d.category() {
                TypeCategory::Interface | TypeCategory::Class => false,
                TypeCategory::Struct => copyable(index, d),
                _ => true,
            })
        }
        _ => true,
    }
}

/// The namespaces of what `def` depends on for its definition, into `out` (`seen` stops cycles).
fn dependencies<'a>(
    index: &'a Index,
    def: TypeDef<'a>,
    seen: &mut BTreeSet<(String, String)>,
    out: &mut BTreeSet<String>,
) {
    let mut types = Vec::new();
    match def.category() {
        TypeCategory::Interface => types.extend(def.interface_impls().map(|i| i.interface(&[]))),
        TypeCategory::Struct => {
            let mut records = vec![def];
            while let Some(record) = records.pop() {
                types.extend(record.fields().map(|f| f.ty()));
                records.extend(index.nested(record));
            }
        }
        TypeCategory::Delegate => {
            for method in def.methods().filter(|m| m.name() == "Invoke") {
                let signature = method.signature(&[]);
                types.push(signature.return_type);
                types.extend(signature.types);
            }
        }
        _ => {}
    }
    for ty in types {
        let Some((namespace, name)) = named(ty) else { continue };
        if !namespace.starts_with("Windows.Win32.") || REMAPPED.contains(&name.as_str()) {
            continue;
        }
        if !seen.insert((namespace.clone(), name.clone())) {
            continue;
        }
        for dependency in index.get(&namespace, &name) {
            dependencies(index, dependency, seen, out);
        }
        out.insert(namespace);
    }
}

/// The type a field or parameter names, through pointers and arrays.
fn named(ty: Type) -> Option<(String, String)> {
    match ty {
        Type::ClassName(n) | Type::ValueName(n) => Some((n.namespace, n.name)),
        Type::PtrMut(t, _) | Type::PtrConst(t, _) | Type::RefMut(t) | Type::RefConst(t) | Type::Array(t) => named(*t),
        Type::ArrayFixed(t, _) => named(*t),
        _ => None,
    }
}

fn table(index: &Index) -> String {
    // Name to (kind, namespace, features), for every namespace that defines the name.
    let mut rows: BTreeMap<String, BTreeMap<String, (char, BTreeSet<String>)>> = BTreeMap::new();
    for def in index.types() {
        let namespace = def.namespace();
        let Some(short) = namespace.strip_prefix("Windows.") else { continue };
        if !short.starts_with("Win32.") || REMAPPED.contains(&def.name()) {
            continue;
        }
        let Some(kind) = kind(index, def) else { continue };
        let mut features = BTreeSet::new();
        dependencies(index, def, &mut BTreeSet::new(), &mut features);
        // Win32.Foundation comes with every Win32 feature; the own namespace is the row's.
        let features = features
            .iter()
            .filter_map(|f| f.strip_prefix("Windows."))
            .filter(|f| *f != "Win32.Foundation" && *f != short);
        let entry =
            rows.entry(def.name().to_string()).or_default().entry(short.to_string()).or_insert((kind, BTreeSet::new()));
        // Architecture variants of a record are one Rust name: the union of their features, and
        // what every variant derives.
        entry.0 = weaker(entry.0, kind);
        entry.1.extend(features.map(String::from));
    }
    // By namespace, each a `[Win32.System.Com]` line over its rows.
    let mut sections: BTreeMap<&str, String> = BTreeMap::new();
    let (mut kept, mut ambiguous) = (0, 0);
    for (name, namespaces) in &rows {
        // A name in two namespaces is not the one an IDL name stands for.
        let [(namespace, (kind, features))] = namespaces.iter().collect::<Vec<_>>()[..] else {
            ambiguous += 1;
            continue;
        };
        let features =
            if features.is_empty() { "-".into() } else { features.iter().cloned().collect::<Vec<_>>().join(",") };
        sections.entry(namespace).or_default().push_str(&format!("{name} {kind} {features}\n"));
        kept += 1;
    }
    let mut text = String::from(
        "# @generated by tests/windows_crate_table.rs from windows-bindgen 0.66's Windows.Win32.winmd.\n\
         # [NAMESPACE] then NAME KIND FEATURES: KIND i interface, e enum, h handle; s struct (Copy,\n\
         # Debug), p struct (Copy), n struct (neither), u union (Copy), v union (not Copy).\n",
    );
    for (namespace, rows) in sections {
        text.push_str(&format!("[{namespace}]\n{rows}"));
    }
    assert!(kept > 10_000, "only {kept} rows: is this the Win32 metadata?");
    println!("{kept} rows, {ambiguous} names left out for being in more than one namespace");
    text
}

#[test]
fn windows_crate_table_is_the_metadata_s() {
    let Some(path) = winmd() else {
        panic!("windows-bindgen 0.66.0's Windows.Win32.winmd is not in the cargo registry (cargo fetch)");
    };
    let index = Index::read(&path).expect("the winmd reads");
    let fresh = table(&index);
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rust/windows_crate.txt");
    contentpartner_codegen::checked_in::verify(&file, &fresh).unwrap_or_else(|e| panic!("{e}"));
}
