//! The ABI oracle: Microsoft's own metadata (the Windows.Win32.winmd bundled with windows-bindgen
//! 0.66) describes the same four interfaces, seven enums, struct and constants. windows-bindgen
//! generates them at test time; both its output and ours are parsed with syn and compared: IIDs,
//! slot order, parameter counts, every parameter's ABI class, enum values, the struct's fields and
//! every constant's value. Any difference is named and fails the test.

use std::collections::BTreeMap;
use std::path::Path;

use contentpartner_codegen::model::DefKind;
use contentpartner_codegen::rust::{RustOptions, generate};
use contentpartner_codegen::{Options, Session};
use quote::ToTokens;

const NS: &str = "Windows.Win32.Media.MediaPlayer";
const INTERFACES: [&str; 4] =
    ["IWMPContentContainer", "IWMPContentContainerList", "IWMPContentPartnerCallback", "IWMPContentPartner"];
const ENUMS: [&str; 7] = [
    "WMPPartnerNotification",
    "WMPCallbackNotification",
    "WMPTaskType",
    "WMPTransactionType",
    "WMPTemplateSize",
    "WMPStreamingType",
    "WMPAccountType",
];
/// In the SDK header but not in Microsoft's metadata (it is not `const` there).
const NOT_IN_METADATA: [&str; 1] = ["g_knReservedCPTrackID_NotFound"];

/// What the ABI sees of a type: pointer depth over a leaf of known size, alignment and signedness.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Abi {
    depth: usize,
    size: usize,
    align: usize,
    signed: Option<bool>,
    /// Names the leaf's kind where size alone would not tell (struct, enum, void).
    kind: &'static str,
}

fn leaf(size: usize, align: usize, signed: Option<bool>, kind: &'static str) -> Abi {
    Abi { depth: 0, size, align, signed, kind }
}

/// The ABI class of a Rust type as either generator writes it.
fn classify(ty: &syn::Type) -> Abi {
    match ty {
        syn::Type::Ptr(p) => {
            let mut inner = classify(&p.elem);
            inner.depth += 1;
            inner
        }
        syn::Type::Path(p) => {
            let seg = p.path.segments.last().expect("a type name");
            let name = seg.ident.to_string();
            // Wrappers that do not change the ABI.
            if name == "MaybeUninit" || name == "ManuallyDrop" {
                let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
                    panic!("{name} without argument")
                };
                let Some(syn::GenericArgument::Type(t)) = args.args.first() else { panic!("{name} without type") };
                return classify(t);
            }
            match name.as_str() {
                "u8" => leaf(1, 1, Some(false), "int"),
                "i8" => leaf(1, 1, Some(true), "int"),
                "u16" => leaf(2, 2, Some(false), "int"),
                "i16" => leaf(2, 2, Some(true), "int"),
                "u32" => leaf(4, 4, Some(false), "int"),
                "i32" => leaf(4, 4, Some(true), "int"),
                "u64" => leaf(8, 8, Some(false), "int"),
                "i64" => leaf(8, 8, Some(true), "int"),
                "c_void" => leaf(0, 1, None, "void"),
                "HRESULT" => leaf(4, 4, Some(true), "int"),
                "VARIANT_BOOL" => leaf(2, 2, Some(true), "int"),
                "GUID" => leaf(16, 4, None, "GUID"),
                "VARIANT" => leaf(24, 8, None, "VARIANT"),
                "BLOB" => leaf(16, 8, None, "BLOB"),
                "WMPContextMenuInfo" => leaf(24, 8, None, "WMPContextMenuInfo"),
                // At the ABI a BSTR is an opaque pointer; windows-bindgen 0.66 writes `*mut c_void` for it.
                "BSTR" => Abi { depth: 1, ..leaf(0, 1, None, "void") },
                n if ENUMS.contains(&n) => leaf(4, 4, Some(true), "enum"),
                other => panic!("the oracle test does not know the ABI of `{other}`"),
            }
        }
        other => panic!("unexpected type form `{}`", other.to_token_stream()),
    }
}

/// What one generator said: IIDs, vtable slots, enums, struct fields, constants.
#[derive(Debug, Default)]
struct Facts {
    iids: BTreeMap<String, String>,
    /// Interface to its own slots: (method, parameter classes after `this`, return class).
    vtables: BTreeMap<String, Vec<(String, Vec<Abi>, Abi)>>,
    enums: BTreeMap<String, Vec<(String, i64)>>,
    structs: BTreeMap<String, Vec<(String, Abi)>>,
    constants: BTreeMap<String, String>,
}

fn int_value(e: &syn::Expr) -> Option<i64> {
    match e {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) => i.base10_parse::<i64>().ok(),
        syn::Expr::Unary(syn::ExprUnary { op: syn::UnOp::Neg(_), expr, .. }) => int_value(expr).map(|v| -v),
        syn::Expr::Call(c) => c.args.first().and_then(int_value),
        _ => None,
    }
}

fn str_value(e: &syn::Expr) -> Option<String> {
    match e {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
        syn::Expr::Macro(m) => syn::parse2::<syn::LitStr>(m.mac.tokens.clone()).ok().map(|s| s.value()),
        syn::Expr::Reference(r) => str_value(&r.expr),
        _ => None,
    }
}

fn facts(code: &str) -> Facts {
    let file = syn::parse_file(code).expect("generated code parses");
    let mut f = Facts::default();
    for item in &file.items {
        match item {
            syn::Item::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "define_interface") => {
                let args: Vec<String> = m.mac.tokens.to_string().split(',').map(|s| s.trim().to_string()).collect();
                let iid = args[2].trim_start_matches("0x").replace('_', "").to_ascii_lowercase();
                f.iids.insert(args[0].clone(), iid);
            }
            syn::Item::Struct(s) if INTERFACES.iter().any(|i| s.ident == format!("{i}_Vtbl")) => {
                let iface = s.ident.to_string().trim_end_matches("_Vtbl").to_string();
                let mut slots = Vec::new();
                for field in s.fields.iter().skip(1) {
                    let name = field.ident.as_ref().expect("named field").to_string();
                    let syn::Type::BareFn(fun) = &field.ty else {
                        panic!("{iface}::{name} is not a function pointer: `{}`", field.ty.to_token_stream())
                    };
                    let params: Vec<Abi> = fun.inputs.iter().skip(1).map(|a| classify(&a.ty)).collect();
                    let ret = match &fun.output {
                        syn::ReturnType::Type(_, t) => classify(t),
                        syn::ReturnType::Default => leaf(0, 1, None, "void"),
                    };
                    slots.push((name, params, ret));
                }
                f.vtables.insert(iface, slots);
            }
            syn::Item::Struct(s) if s.ident == "WMPContextMenuInfo" => {
                let fields =
                    s.fields.iter().map(|x| (x.ident.as_ref().expect("named").to_string(), classify(&x.ty))).collect();
                f.structs.insert(s.ident.to_string(), fields);
            }
            // windows-bindgen: `pub const member: Enum = Enum(1i32);` and `pub const g_sz: PCWSTR = w!("...")`.
            syn::Item::Const(c) => {
                let ty = c.ty.to_token_stream().to_string().replace(' ', "");
                let ty_name = ty.rsplit("::").next().unwrap_or("").to_string();
                if ENUMS.contains(&ty_name.as_str()) {
                    let v = int_value(&c.expr).expect("enum value");
                    f.enums.entry(ty_name).or_default().push((c.ident.to_string(), v));
                } else if let Some(s) = str_value(&c.expr) {
                    f.constants.insert(c.ident.to_string(), s);
                } else if let Some(v) = int_value(&c.expr) {
                    f.constants.insert(c.ident.to_string(), v.to_string());
                } else if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) = &*c.expr {
                    f.constants.insert(c.ident.to_string(), i.base10_parse::<u64>().expect("integer").to_string());
                }
            }
            // Ours: associated constants of the enum newtype.
            syn::Item::Impl(imp) => {
                let owner = imp.self_ty.to_token_stream().to_string();
                if ENUMS.contains(&owner.as_str()) {
                    for it in &imp.items {
                        if let syn::ImplItem::Const(c) = it {
                            let v = int_value(&c.expr).expect("enum value");
                            f.enums.entry(owner.clone()).or_default().push((c.ident.to_string(), v));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    f
}

/// Our generated code, and the names to ask the metadata for: constants and enum members.
fn ours() -> (String, Vec<String>) {
    let idl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../contentpartner.idl");
    let mut session = Session::new(Options::default());
    let checked = session.check_file(&idl);
    assert!(checked.is_ok(), "{}", checked.diagnostics.render(session.sources()));
    let mut constants: Vec<String> = checked
        .model
        .own_defs()
        .filter(|d| matches!(d.kind, DefKind::Const(_)) && !NOT_IN_METADATA.contains(&d.name.as_str()))
        .map(|d| d.name.clone())
        .collect();
    for d in checked.model.own_defs() {
        if let DefKind::Enum(members) = &d.kind {
            constants.extend(members.iter().map(|m| m.name.clone()));
        }
    }
    let options = RustOptions { ole_path: "crate::ole".into(), ..Default::default() };
    (generate(&checked, "contentpartner.idl", &options).expect("generates"), constants)
}

fn microsofts(constants: &[String]) -> String {
    let out = std::env::temp_dir().join(format!("cp-oracle-{}.rs", std::process::id()));
    let mut args: Vec<String> =
        vec!["--out".into(), out.display().to_string(), "--flat".into(), "--no-comment".into(), "--filter".into()];
    for name in INTERFACES.iter().chain(ENUMS.iter()).chain(["WMPContextMenuInfo"].iter()) {
        args.push(format!("{NS}.{name}"));
    }
    args.extend(constants.iter().map(|c| format!("{NS}.{c}")));
    // The parameter types, so that no method becomes a placeholder slot.
    args.extend(
        [
            "Windows.Win32.System.Variant.VARIANT",
            "Windows.Win32.System.Com.BLOB",
            "Windows.Win32.Foundation.VARIANT_BOOL",
        ]
        .map(String::from),
    );
    let _warnings = windows_bindgen::bindgen(args);
    let code = std::fs::read_to_string(&out).expect("windows-bindgen wrote its output");
    let _ = std::fs::remove_file(&out);
    code
}

#[test]
fn generated_abi_matches_microsofts_metadata() {
    let (our_code, names) = ours();
    let constants: Vec<String> =
        names.iter().filter(|n| n.starts_with("g_sz") || n.starts_with("SUBSCRIPTION_CAP_")).cloned().collect();
    assert_eq!(constants.len(), 79, "75 strings and 4 capability flags are in the metadata");
    let theirs = facts(&microsofts(&names));
    let ours = facts(&our_code);
    let mut diffs = Vec::new();

    for name in INTERFACES {
        match (ours.iids.get(name), theirs.iids.get(name)) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => diffs.push(format!("{name}: IID ours {a:?}, metadata {b:?}")),
        }
        let (Some(a), Some(b)) = (ours.vtables.get(name), theirs.vtables.get(name)) else {
            diffs.push(format!(
                "{name}: vtable missing (ours {}, metadata {})",
                ours.vtables.contains_key(name),
                theirs.vtables.contains_key(name)
            ));
            continue;
        };
        let names = |v: &Vec<(String, Vec<Abi>, Abi)>| v.iter().map(|s| s.0.clone()).collect::<Vec<_>>();
        if names(a) != names(b) {
            diffs.push(format!("{name}: slot order differs\n  ours:     {:?}\n  metadata: {:?}", names(a), names(b)));
            continue;
        }
        for ((method, pa, ra), (_, pb, rb)) in a.iter().zip(b) {
            if pa.len() != pb.len() {
                diffs.push(format!("{name}::{method}: {} parameters, metadata {}", pa.len(), pb.len()));
                continue;
            }
            for (i, (x, y)) in pa.iter().zip(pb).enumerate() {
                if x != y {
                    diffs.push(format!("{name}::{method} parameter {i}: ours {x:?}, metadata {y:?}"));
                }
            }
            if ra != rb {
                diffs.push(format!("{name}::{method} return: ours {ra:?}, metadata {rb:?}"));
            }
        }
    }
    // windows-bindgen writes members in name order; the values are what the ABI knows.
    let sorted =
        |f: &Facts, name: &str| f.enums.get(name).map(|v| v.iter().cloned().collect::<BTreeMap<String, i64>>());
    for name in ENUMS {
        if sorted(&ours, name) != sorted(&theirs, name) || sorted(&theirs, name).is_none() {
            diffs.push(format!("{name}: ours {:?}, metadata {:?}", ours.enums.get(name), theirs.enums.get(name)));
        }
    }
    if ours.structs.get("WMPContextMenuInfo") != theirs.structs.get("WMPContextMenuInfo") {
        diffs.push(format!(
            "WMPContextMenuInfo: ours {:?}, metadata {:?}",
            ours.structs.get("WMPContextMenuInfo"),
            theirs.structs.get("WMPContextMenuInfo")
        ));
    }
    for c in &constants {
        match (ours.constants.get(c), theirs.constants.get(c)) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => diffs.push(format!("{c}: ours {a:?}, metadata {b:?}")),
        }
    }
    let slots: usize = theirs.vtables.values().map(Vec::len).sum();
    println!(
        "oracle: {} interfaces ({slots} slots), {} enums, 1 struct, {} constants compared with Microsoft's metadata",
        theirs.vtables.len(),
        theirs.enums.len(),
        constants.len()
    );
    assert_eq!(slots, 6 + 3 + 13 + 23);
    assert!(diffs.is_empty(), "{} differences from Microsoft's metadata:\n{}", diffs.len(), diffs.join("\n"));
}
