//! Wine's IDL corpus (Debian's libwine-dev): every file widl accepts must pass `cpidl check`, and
//! every interface's vtable (method order, count, base) must match the C header widl generates.
//!
//! Needs `/usr/include/wine/wine/windows` and `widl-stable`; without them it prints a SKIP line,
//! unless CONTENTPARTNER_REQUIRE_ALL=1 (as in CI), where their absence fails.

#[path = "support/wine.rs"]
mod wine;

use std::collections::BTreeMap;
use std::path::PathBuf;

use contentpartner_codegen::model::{DefKind, Model};
use contentpartner_codegen::{Options, Session};
use wine::{CORPUS, corpus_available, corpus_files, widl_header};

/// One interface as widl's C header declares it.
#[derive(Debug, Default)]
struct HeaderInterface {
    methods: Vec<String>,
    base: Option<String>,
}

/// Interfaces in a widl header: the method names of each `...Vtbl` struct in order, and the base
/// named in the C++ declaration (`Name : public Base`).
fn header_interfaces(header: &str) -> BTreeMap<String, HeaderInterface> {
    let mut out: BTreeMap<String, HeaderInterface> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut lines = header.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("typedef struct ").and_then(|r| r.strip_suffix("Vtbl {")) {
            current = Some(rest.to_string());
            out.entry(rest.to_string()).or_default();
        } else if let Some(name) = &current {
            if t.starts_with('}') && t.ends_with("Vtbl;") {
                current = None;
            } else if is_vtable_entry(line) {
                // `    HRESULT (STDMETHODCALLTYPE *Name)(` or `(__stdcall *Name)(`.
                let head = &t[..t.len() - 2];
                let method = head.rsplit('*').next().unwrap_or("").trim().to_string();
                out.get_mut(name).expect("entry made above").methods.push(method);
            }
        } else if t.starts_with("MIDL_INTERFACE(") {
            if let Some(decl) = lines.next() {
                if let Some((name, base)) = decl.trim().split_once(" : public ") {
                    let e = out.entry(name.trim().to_string()).or_default();
                    e.base = Some(base.trim().to_string());
                }
            }
        }
    }
    out
}

/// A vtable member line: one level of indentation, ending where its parameter list opens. Function
/// pointer parameters sit deeper and end differently.
fn is_vtable_entry(line: &str) -> bool {
    line.starts_with("    ") && !line.starts_with("     ") && line.trim_end().ends_with(")(") && line.contains(" *")
}

/// The C name widl gives an interface: WinRT names are mangled, delegates get an `I`.
fn c_name(name: &str, delegate: bool) -> String {
    let mut parts: Vec<String> = name.split('.').map(str::to_string).collect();
    if delegate {
        let last = parts.pop().expect("non-empty name");
        parts.push(format!("I{last}"));
    }
    if parts.len() == 1 { parts.remove(0) } else { format!("__x_ABI_C{}", parts.join("_C")) }
}

/// Differences between our model's interfaces and widl's header, one line each, and how many
/// interfaces were compared.
fn compare(model: &Model, header: &str) -> (Vec<String>, usize) {
    let widl = header_interfaces(header);
    let mut problems = Vec::new();
    let mut compared = 0;
    let mut matched = std::collections::BTreeSet::new();
    // A dispinterface's vtable is IDispatch's.
    let idispatch: Option<Vec<&str>> = model
        .iter()
        .find(|(_, d)| d.name == "IDispatch" && matches!(d.kind, DefKind::Interface(_)))
        .map(|(id, _)| model.vtable(id).iter().map(|(_, _, m)| m.abi_name.as_str()).collect());
    for def in model.defs.iter().filter(|d| !d.imported && matches!(d.kind, DefKind::Dispinterface(_))) {
        let Some(theirs) = widl.get(&def.name) else { continue };
        matched.insert(def.name.clone());
        compared += 1;
        if idispatch.as_deref() != Some(theirs.methods.iter().map(String::as_str).collect::<Vec<_>>().as_slice()) {
            problems.push(format!("{}: dispinterface vtable is not IDispatch's: widl {:?}", def.name, theirs.methods));
        }
    }
    for (id, def) in model.iter() {
        let DefKind::Interface(iface) = &def.kind else { continue };
        if def.imported || !iface.generic_params.is_empty() {
            continue;
        }
        let cname = c_name(&def.name, iface.delegate);
        let Some(theirs) = widl.get(&cname) else {
            // widl writes no vtable for RPC (non-object) interfaces.
            if def.has_attr("object") || iface.base.is_some() {
                problems.push(format!("{}: widl's header has no vtable for it", def.name));
            }
            continue;
        };
        compared += 1;
        matched.insert(cname);
        let ours: Vec<&str> = model.vtable(id).iter().map(|(_, _, m)| m.abi_name.as_str()).collect();
        if ours != theirs.methods {
            problems.push(format!("{}: vtable differs\n    ours: {ours:?}\n    widl: {:?}", def.name, theirs.methods));
        }
        if let (Some(their_base), Some(base)) = (&theirs.base, iface.base) {
            let our_base = model[base].name.rsplit('.').next().unwrap_or("");
            let their_base = their_base.rsplit("::").next().unwrap_or("");
            if our_base != their_base {
                problems.push(format!("{}: base differs: ours `{our_base}`, widl `{their_base}`", def.name));
            }
        }
    }
    // Every vtable widl wrote must be one of ours; `__F...` are generic instances, which WinRT
    // `declare` blocks ask widl to spell out and which our model keeps as instances.
    for name in widl.keys().filter(|n| !n.starts_with("__F") && !matched.contains(*n)) {
        if !widl[name].methods.is_empty() {
            problems.push(format!("{name}: widl wrote a vtable our model does not have"));
        }
    }
    (problems, compared)
}

#[test]
fn corpus_matches_widl() {
    if !corpus_available("corpus_matches_widl") {
        return;
    }
    let out_dir = std::env::temp_dir().join(format!("cp-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).expect("scratch dir");
    let files = corpus_files();
    let mut session = Session::new(Options { include_dirs: vec![PathBuf::from(CORPUS)], defines: Vec::new() });
    let (mut accepted, mut passed, mut interfaces) = (0, 0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let Some(header) = widl_header(file, &out_dir) else { continue };
        accepted += 1;
        let checked = session.check_file(file);
        if !checked.is_ok() {
            let first: Vec<String> = checked.diagnostics.iter().take(3).map(|d| d.render(session.sources())).collect();
            failures.push(format!("{}: {} errors\n{}", file.display(), checked.diagnostics.len(), first.join("\n")));
            continue;
        }
        passed += 1;
        let (problems, compared) = compare(&checked.model, &header);
        interfaces += compared;
        for p in problems {
            failures.push(format!("{}: {p}", file.display()));
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    println!(
        "corpus: {} IDL files, widl accepts {accepted}, cpidl check passes {passed}; {interfaces} interface vtables equal to widl's",
        files.len()
    );
    assert!(accepted > 200, "widl accepted only {accepted} files; is the corpus complete?");
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}
