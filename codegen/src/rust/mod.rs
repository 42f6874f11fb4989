//! Rust generation from the resolved model: the ABI layer, formatted with prettyplease.

mod abi;
mod bare;
mod c_conditions;
mod classes;
mod constants;
pub(crate) mod crate_out;
mod dispatch;
mod generic;
mod layout;
mod layout_rows;
mod modules;
mod names;
mod records;
mod safe;
mod types;
mod windows_crate;

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::Checked;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{DefId, DefKind};
use crate::source::FileId;
pub use crate_out::{write_crate, write_out_dir};
pub use layout::{Layout, fields_layout, table as layout_table};
pub use layout_rows::ModuleLayout;
pub use modules::{Module, ModuleTree, generate_tree};
use types::RustPaths;

/// Where the generated code finds what it does not define itself.
#[derive(Clone, Debug)]
pub struct RustOptions {
    /// The module holding `BSTR`, `VARIANT`, `BLOB` and `VARIANT_BOOL` (default
    /// `::contentpartner::ole`; the runtime itself uses `crate::ole`).
    pub ole_path: String,
    /// IDL names already generated elsewhere, to the Rust path to use for them.
    pub extern_paths: Vec<(String, String)>,
    /// Whether an imported definition that Microsoft's Win32 metadata has is the `windows` crate's
    /// (0.62): `IStream` is `::windows::Win32::System::Com::IStream`, `FILETIME`
    /// `::windows::Win32::Foundation::FILETIME`, and a module tree does not generate it. Only
    /// interfaces, structs, unions, 32-bit enums and handles map, the kinds whose Rust form has the
    /// generated code's ABI; an `extern_paths` entry wins, and `HRESULT`, `GUID`, `BSTR`, `VARIANT`,
    /// `BLOB` and `VARIANT_BOOL` stay windows-core's and the `ole` module's. An own interface
    /// deriving from a mapped one has no `Handler` supertrait for it: its implementer implements
    /// the windows crate's `_Impl` trait of that base on the `#[implement]` identity, as a user of
    /// the crate does. A dual interface's base is the crate's `IDispatch` for callers, and the
    /// runtime's (the same vtable) for implementers, so `IDispatchHandler` still answers it; the
    /// `Invoke` wrappers stay over the runtime's IDispatch (`I_Dispatch(windows_object.cast()?)`).
    /// A record holding a windows crate record by value derives what that one allows (nothing for
    /// one holding an interface or a string); a union holding such a record is an error, and an
    /// inline record of a windows crate type is not generated.
    pub windows_crate: bool,
    /// Whether the `mod` the output is `include!`d into allows [`ALLOWED_LINTS`] itself, so the
    /// items need not each carry them (an `include!`d file cannot carry inner attributes). A
    /// module tree's modules always are (their root declares them so).
    pub module_allows_lints: bool,
}

/// The lints the generated code trips (IDL names keep their spelling, and not everything is used),
/// allowed on each item, or once on the including module ([`RustOptions::module_allows_lints`]).
pub const ALLOWED_LINTS: &str = "non_camel_case_types, non_snake_case, non_upper_case_globals, dead_code, clippy::all";

impl Default for RustOptions {
    fn default() -> Self {
        RustOptions {
            ole_path: "::contentpartner::ole".into(),
            extern_paths: Vec::new(),
            windows_crate: false,
            module_allows_lints: false,
        }
    }
}

/// The Rust for every definition of the checked file (not of its imports), formatted; or the
/// problems that kept it from being generated, each at the definition it is about.
pub fn generate(checked: &Checked, source_name: &str, options: &RustOptions) -> Result<String, Diagnostics> {
    // Generic instantiations become definitions of their own (generic.rs).
    let mut model = checked.model.clone();
    generic::instantiate(&mut model, &HashMap::new());
    let model = &model;
    let mut diags = Diagnostics::default();
    let Some(paths) = rust_paths(checked, options, HashMap::new(), &mut diags) else { return Err(diags) };
    let mut mapper = types::Mapper::new(model, &paths);
    mapper.diags = diags;
    let mut items: Vec<TokenStream> = Vec::new();
    for (id, d) in model.iter() {
        if d.imported || paths.externs.iter().any(|(n, _)| *n == d.name) {
            continue;
        }
        items.extend(definition(&mut mapper, id));
    }
    let mut diags = mapper.diags;
    if diags.has_errors() {
        return Err(diags);
    }
    match render(checked, &items, source_name) {
        Ok(code) => Ok(code),
        Err(d) => {
            diags.push(d);
            Err(diags)
        }
    }
}

/// The generator's paths from `options`; `None` if one is not a Rust path (reported in `diags`).
fn rust_paths(
    checked: &Checked,
    options: &RustOptions,
    modules: HashMap<FileId, syn::Ident>,
    diags: &mut Diagnostics,
) -> Option<RustPaths> {
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
    // A module tree's root allows the lints on each module it declares.
    let item_allows = !options.module_allows_lints && modules.is_empty();
    Some(RustPaths {
        ole: ole?,
        externs,
        modules,
        item_allows,
        windows_crate: options.windows_crate,
        root: checked.file,
    })
}

/// `items` as a formatted file under the `@generated` header naming `source`; an internal error
/// (at the start of the checked file) if they do not parse.
fn render(checked: &Checked, items: &[TokenStream], source: &str) -> Result<String, Diagnostic> {
    match syn::parse2::<syn::File>(quote!(#(#items)*)) {
        Ok(file) => Ok(format!(
            "// @generated by contentpartner-codegen from {source}. Do not edit: edit the IDL.\n\n{}",
            prettyplease::unparse(&file)
        )),
        Err(e) => {
            Err(Diagnostic::new(checked.file, 0..0, format!("internal error: generated code does not parse: {e}")))
        }
    }
}

/// The items of definition `id`, its problems pushed to the mapper; `None` for what has no Rust form
/// of its own.
fn definition(mapper: &mut types::Mapper, id: DefId) -> Option<TokenStream> {
    let model = mapper.model;
    let d = &model[id];
    mapper.def = id;
    Some(match &d.kind {
        DefKind::Const(c) => constants::constant(mapper, d, &c.ty, &c.value),
        DefKind::Enum(members) => abi::enumeration(mapper, d, members),
        DefKind::Struct(s) => {
            let name = mapper.def_ident(id, "");
            records::structure(mapper, d, &name, &s.fields, s.pack, false)
        }
        DefKind::Union(u) => records::union(mapper, d, &u.arms, u.discriminant.as_ref(), u.pack),
        // A typedef naming a tagged type after itself adds nothing in Rust.
        DefKind::Typedef(crate::model::Type::Named { name, .. }) if *name == d.name => return None,
        DefKind::Typedef(t) => abi::typedef(mapper, d, t),
        // A generic has no ABI; its instantiations are definitions of their own (generic.rs).
        DefKind::Interface(i) if !i.generic_params.is_empty() => return None,
        // windows-core's IUnknown is the one every binding stands on.
        DefKind::Interface(_) if d.name == "IUnknown" => return None,
        // An RPC interface (no `object`) has no vtable: its procedures are functions, as in C.
        // (`odl` is the type-library spelling of `object`.)
        DefKind::Interface(i) if i.base.is_none() && !d.has_attr("object") && !d.has_attr("odl") => {
            classes::procedures(mapper, d, &i.methods)
        }
        DefKind::Interface(i) if bare::is_bare(model, id) => {
            let vtable = bare::interface(mapper, model, id, i);
            let members = i.methods.iter().map(|x| (x.name.as_str(), x.attributes.as_slice()));
            let ids = dispatch::dispids(mapper, &mapper.def_ident(id, "").to_string(), members);
            quote!(#vtable #ids)
        }
        DefKind::Interface(i) => {
            // widl takes an [object] interface without one (Wine's amvideo.idl has one), and so
            // do we: its objects answer no QueryInterface for it. A [local] one is never asked
            // for by IID.
            if d.uuid().is_none() && !d.has_attr("local") {
                let message = format!(
                    "interface `{}` has no `uuid`: its IID in Rust is all zeros, and its objects are never found by QueryInterface",
                    d.name
                );
                let label = "give it `uuid(...)`, or `local` if it is never asked for by IID";
                mapper.diags.push(Diagnostic::warning(d.file, d.span.clone(), message).with_label(label));
            }
            let abi = abi::interface(mapper, model, id, i);
            let safe = safe::interface(mapper, model, id, i);
            let members = i.methods.iter().map(|x| (x.name.as_str(), x.attributes.as_slice()));
            let ids = dispatch::dispids(mapper, &mapper.def_ident(id, "").to_string(), members);
            let wrapper = if d.has_attr("dual") { dispatch::dual(mapper, model, id) } else { quote!() };
            quote!(#abi #safe #ids #wrapper)
        }
        DefKind::Coclass(members) => classes::coclass(d, members)?,
        DefKind::Library(_) => classes::library(d)?,
        DefKind::Module(functions) => classes::module(mapper, d, functions),
        DefKind::Dispinterface(di) => dispatch::dispinterface(mapper, model, d, di),
        DefKind::Function(f) => classes::function(mapper, f),
        DefKind::RuntimeClass(_) => classes::runtime_class(mapper, d),
        // Declared and never defined: C knows such a type only behind a pointer.
        DefKind::Forward("struct" | "union") => records::opaque(mapper, d),
        DefKind::Forward("enum") => abi::enumeration(mapper, d, &[]),
        DefKind::ApiContract | DefKind::Forward(_) => return None,
        // What it declares is an instantiation of its own (generic.rs).
        DefKind::Declare(_) => return None,
        DefKind::Pending => unreachable!("the resolver defines every declaration"),
    })
}
