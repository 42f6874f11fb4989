//! Coclasses (`CLSID_Name`, with the default interface named in its doc), WinRT runtime classes
//! (their class name, and their default interface under their own name), libraries
//! (`LIBID_Name`), modules and functions: a module's constants are ordinary constants (the
//! resolver makes them definitions of their own); its functions are `extern "system"`
//! declarations linked against the module's `dllname`, on Windows only, as nothing else has the
//! DLL. A function declared outside a module is the same declaration without `#[link]`: as with
//! its C prototype, whoever calls it links the library that has it; a variable so declared is an
//! extern static.

use proc_macro2::TokenStream;
use quote::quote;

use super::abi::params;
use super::constants::guid_constant;
use super::types::{Mapper, ident};
use crate::model::{ClassMember, Def, Function, Method, Type};

/// `CLSID_Name`; the doc names the `[default]` interface (and the default source, if any).
pub fn coclass(d: &Def, members: &[ClassMember]) -> Option<TokenStream> {
    let uuid = d.uuid()?;
    let is = |m: &&ClassMember, attr: &str| m.attributes.iter().any(|a| a.name == attr);
    let default = members.iter().find(|m| is(m, "default") && !is(m, "source")).or(members.first());
    let source = members.iter().find(|m| is(m, "default") && is(m, "source"));
    let mut doc = format!(" The class id of coclass `{}`.", d.name);
    if let Some(m) = default {
        doc.push_str(&format!(" Its default interface is `{}`.", m.name));
    }
    if let Some(m) = source {
        doc.push_str(&format!(" Its default source interface is `{}`.", m.name));
    }
    Some(guid_constant(&ident(&format!("CLSID_{}", d.name)), &doc, uuid))
}

/// `LIBID_Name` of a library with a uuid (its definitions are generated one by one).
pub fn library(d: &Def) -> Option<TokenStream> {
    let uuid = d.uuid()?;
    let doc = format!(" The type library id of library `{}`.", d.name);
    Some(guid_constant(&ident(&format!("LIBID_{}", d.name)), &doc, uuid))
}

/// A WinRT runtime class: `RuntimeClass_Name`, the class name to activate it by (as widl's header
/// has it), and `Name`, its default interface, which is what a runtime class is at the ABI.
pub fn runtime_class(m: &mut Mapper, d: &Def) -> TokenStream {
    let constant = ident(&format!("RuntimeClass_{}", m.def_ident(m.def, "")));
    let class_name = &d.name;
    let doc = format!(" The class name of runtime class `{}`, to activate it by.", d.name);
    let default = m.default_interface(m.def).and_then(|i| {
        // An instance of a generic interface has no name of its own here.
        if matches!(&m.model[i].kind, crate::model::DefKind::Interface(x) if !x.generic_params.is_empty()) {
            return None;
        }
        let path = m.interface_path(i, "")?;
        Some((path, m.model[i].name.clone()))
    });
    let alias = match default {
        Some((path, interface)) => {
            let name = m.def_ident(m.def, "");
            let doc = format!(" Runtime class `{}` at the ABI: its default interface, `{interface}`.", d.name);
            quote! {
                #[doc = #doc]
                #[allow(non_camel_case_types)]
                pub type #name = #path;
            }
        }
        None => quote!(),
    };
    quote! {
        #[doc = #doc]
        #[allow(non_upper_case_globals)]
        pub const #constant: &str = #class_name;
        #alias
    }
}

/// A module's functions, each named by its `entry` where it has one.
pub fn module(m: &mut Mapper, d: &Def, functions: &[Function]) -> TokenStream {
    let Some(dll) = d.attributes.iter().find(|a| a.name == "dllname").and_then(|a| a.args.first()) else {
        if !functions.is_empty() {
            m.error(format!("module `{}` declares functions but no `dllname` to link them against", d.name));
        }
        return quote!();
    };
    let dll = dll.trim_matches('"');
    let lib = dll.strip_suffix(".dll").or_else(|| dll.strip_suffix(".DLL")).unwrap_or(dll);
    let doc = format!(" The functions of module `{}`, from {dll}.", d.name);
    extern_block(m, &d.name, functions, Some(lib), &doc)
}

/// A function declared at file level (`[local] HRESULT __stdcall CreateThing(...)`).
pub fn function(m: &mut Mapper, f: &Function) -> TokenStream {
    if !matches!(f.ty, Type::Function { .. }) {
        return variable(m, f);
    }
    let doc = format!(" `{}`, declared in the IDL: link the library that exports it.", f.name);
    extern_block(m, "", std::slice::from_ref(f), None, &doc)
}

/// A variable declared at file level (`extern const FMTID FMTID_SummaryInformation;`): an extern
/// static, on Windows, defined by whatever library the program links (uuid.lib for that one).
fn variable(m: &mut Mapper, f: &Function) -> TokenStream {
    let ty = m.abi(&f.ty, &f.name);
    let (name, link_name) = (ident(&f.name), &f.name);
    let doc = format!(" `{}`, declared in the IDL: link the library that defines it.", f.name);
    quote! {
        #[cfg(windows)]
        #[allow(non_upper_case_globals, dead_code, clippy::all)]
        unsafe extern "C" {
            #[doc = #doc]
            #[link_name = #link_name]
            pub static #name: #ty;
        }
    }
}

/// The procedures of an RPC (non-`object`) interface, declared as C's header declares them.
pub fn procedures(m: &mut Mapper, d: &Def, methods: &[Method]) -> TokenStream {
    let functions: Vec<Function> = methods
        .iter()
        .map(|x| Function {
            name: x.name.clone(),
            ty: Type::Function { ret: Box::new(x.ret.clone()), params: x.params.clone() },
            attributes: Vec::new(),
        })
        .collect();
    let doc = format!(" The procedures of RPC interface `{}`: link the library that has them.", d.name);
    extern_block(m, &d.name, &functions, None, &doc)
}

/// `unsafe extern "system" { ... }` on Windows, linked against `lib` if given; `owner` (a module's
/// name) prefixes the places of errors.
fn extern_block(m: &mut Mapper, owner: &str, functions: &[Function], lib: Option<&str>, doc: &str) -> TokenStream {
    let mut decls = Vec::new();
    for f in functions {
        let Type::Function { ret, params: ps } = &f.ty else { continue };
        let context = if owner.is_empty() { f.name.clone() } else { format!("{owner}::{}", f.name) };
        let entry = f.attributes.iter().find(|a| a.name == "entry").and_then(|a| a.args.first());
        // `entry("Name")` names the export; `entry(N)`, unquoted, is its ordinal, which raw-dylib
        // links by (ordinals are 16 bits).
        let link = match entry {
            Some(e) if e.starts_with('"') => {
                let name = e.trim_matches('"');
                quote!(#[link_name = #name])
            }
            Some(e) => match crate::syntax::preprocess::parse_int(e).and_then(|n| u16::try_from(n).ok()) {
                Some(ordinal) if lib.is_some() => {
                    let ordinal = proc_macro2::Literal::u16_unsuffixed(ordinal);
                    quote!(#[link_ordinal(#ordinal)])
                }
                Some(_) => {
                    m.error(format!("{context}: an entry by ordinal needs the DLL of a module's `dllname`"));
                    continue;
                }
                None => {
                    m.error(format!(
                        "{context}: `entry({e})` is neither a name in quotes nor an ordinal from 0 to 65535"
                    ));
                    continue;
                }
            },
            None => {
                let name = &f.name;
                quote!(#[link_name = #name])
            }
        };
        // A function is declared as a method is: the same parameter types at the ABI.
        let method = Method {
            name: f.name.clone(),
            abi_name: f.name.clone(),
            slot: None,
            ret: (**ret).clone(),
            params: ps.clone(),
            attributes: Vec::new(),
        };
        let args = params(m, &method, &context).into_iter().map(|(n, t)| quote!(#n: #t));
        let ret = m.ret(ret, &context);
        let name = ident(&f.name);
        // The doc goes on each function: on the block rustc would call it unused.
        decls.push(quote! {
            #[doc = #doc]
            #link
            pub fn #name(#(#args),*) #ret;
        });
    }
    if decls.is_empty() {
        return quote!();
    }
    // raw-dylib: no import library is needed to link, and an unused function imports nothing.
    let link = lib.map(|lib| quote!(#[link(name = #lib, kind = "raw-dylib")]));
    quote! {
        #[cfg(windows)]
        #link
        #[allow(non_snake_case, dead_code, clippy::all)]
        unsafe extern "system" {
            #(#decls)*
        }
    }
}
