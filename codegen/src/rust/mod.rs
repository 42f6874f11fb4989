//! Rust generation from the resolved model: the ABI layer, formatted with prettyplease.

mod abi;
mod classes;
mod constants;
mod dispatch;
mod layout;
mod names;
mod records;
mod safe;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::Checked;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{DefId, DefKind};
pub use layout::{Layout, fields_layout, table as layout_table};
use types::RustPaths;

/// Where the generated code finds what it does not define itself.
#[derive(Clone, Debug)]
pub struct RustOptions {
    /// The module holding `BSTR`, `VARIANT`, `BLOB` and `VARIANT_BOOL` (default
    /// `::contentpartner::ole`; the runtime itself uses `crate::ole`).
    pub ole_path: String,
    /// IDL names already generated elsewhere, to the Rust path to use for them.
    pub extern_paths: Vec<(String, String)>,
}

impl Default for RustOptions {
    fn default() -> Self {
        RustOptions { ole_path: "::contentpartner::ole".into(), extern_paths: Vec::new() }
    }
}

/// The Rust for every definition of the checked file (not of its imports), formatted; or the
/// problems that kept it from being generated, each at the definition it is about.
pub fn generate(checked: &Checked, source_name: &str, options: &RustOptions) -> Result<String, Diagnostics> {
    let model = &checked.model;
    let mut diags = Diagnostics::default();
    // The options are not in the IDL: their errors point at the start of the file, as command-line
    // macros' do.
    let mut parse_path = |p: &str| match syn::parse_str::<syn::Path>(p) {
        Ok(path) => Some(path),
        Err(_) => {
            let d = Diagnostic::new(checked.file, 0..0, format!("`{p}` is not a Rust path"));
            diags.push(d.with_note("given as a Rust generator option, not in the IDL"));
            None
        }
    };
    let ole = parse_path(&options.ole_path);
    let externs = options.extern_paths.iter().filter_map(|(n, p)| Some((n.clone(), parse_path(p)?))).collect();
    let Some(ole) = ole else { return Err(diags) };
    let paths = RustPaths { ole, externs };
    let mut mapper = types::Mapper { model, paths: &paths, def: DefId(0), diags };

    let mut items: Vec<TokenStream> = Vec::new();
    for (id, d) in model.iter() {
        if d.imported || paths.externs.iter().any(|(n, _)| *n == d.name) {
            continue;
        }
        mapper.def = id;
        let item = match &d.kind {
            DefKind::Const(c) => constants::constant(&mut mapper, d, &c.ty, &c.value),
            DefKind::Enum(members) => abi::enumeration(&mapper, d, members),
            DefKind::Struct(s) => {
                let name = mapper.def_ident(id, "");
                records::structure(&mut mapper, d, &name, &s.fields, s.pack, false)
            }
            DefKind::Union(u) => records::union(&mut mapper, d, &u.arms, u.discriminant.as_ref(), u.pack),
            // A typedef naming a tagged type after itself adds nothing in Rust.
            DefKind::Typedef(crate::model::Type::Named { name, .. }) if *name == d.name => continue,
            DefKind::Typedef(t) => abi::typedef(&mut mapper, d, t),
            DefKind::Interface(i) if !i.generic_params.is_empty() => {
                mapper.error(format!("{}: generic (WinRT) interfaces are not supported by the Rust generator", d.name));
                continue;
            }
            // windows-core's IUnknown is the one every binding stands on.
            DefKind::Interface(_) if d.name == "IUnknown" => continue,
            // An RPC interface (no `object`) has no vtable: its procedures are functions, as in C.
            DefKind::Interface(i) if i.base.is_none() && !d.has_attr("object") => {
                classes::procedures(&mut mapper, d, &i.methods)
            }
            DefKind::Interface(i) if i.base.is_none() => {
                mapper.error(format!(
                    "interface `{}` has no base: its vtable does not begin with IUnknown's, which every windows-core interface needs",
                    d.name
                ));
                continue;
            }
            DefKind::Interface(i) => {
                // widl takes an [object] interface without one, but its binding would answer
                // QueryInterface for the null IID; a [local] one is never asked for by IID.
                if d.uuid().is_none() && !d.has_attr("local") {
                    let message =
                        format!("interface `{}` has no `uuid`, so its IID in Rust would be all zeros", d.name);
                    let label = "give it `uuid(...)`, or `local` if it is never asked for by IID";
                    mapper.diags.push(Diagnostic::new(d.file, d.span.clone(), message).with_label(label));
                }
                let abi = abi::interface(&mut mapper, model, id, i);
                let safe = safe::interface(&mut mapper, model, id, i);
                let members = i.methods.iter().map(|x| (x.name.as_str(), x.attributes.as_slice()));
                let ids = dispatch::dispids(&mapper, &mapper.def_ident(id, "").to_string(), members);
                quote!(#abi #safe #ids)
            }
            DefKind::Coclass(members) => match classes::coclass(d, members) {
                Some(item) => item,
                None => continue,
            },
            DefKind::Library(_) => match classes::library(d) {
                Some(item) => item,
                None => continue,
            },
            DefKind::Module(functions) => classes::module(&mut mapper, d, functions),
            DefKind::Dispinterface(di) => dispatch::dispinterface(&mut mapper, model, d, di),
            DefKind::Function(f) => classes::function(&mut mapper, f),
            DefKind::RuntimeClass(_) => {
                mapper.error(format!(
                    "{}: WinRT runtime classes have no COM ABI form of their own; the Rust generator supports COM only",
                    d.name
                ));
                continue;
            }
            DefKind::ApiContract | DefKind::Forward(_) => continue,
            DefKind::Pending => unreachable!("the resolver defines every declaration"),
        };
        items.push(item);
    }
    let mut diags = mapper.diags;
    if diags.has_errors() {
        return Err(diags);
    }
    let file: syn::File = match syn::parse2(quote!(#(#items)*)) {
        Ok(f) => f,
        Err(e) => {
            diags.push(Diagnostic::new(
                checked.file,
                0..0,
                format!("internal error: generated code does not parse: {e}"),
            ));
            return Err(diags);
        }
    };
    Ok(format!(
        "// Generated by contentpartner-codegen from {source_name}. Do not edit: edit the IDL.\n\n{}",
        prettyplease::unparse(&file)
    ))
}
