//! Dispinterfaces, and the DISPIDs and IDispatch wrappers of dual interfaces.
//!
//! Every member with an `id` gets `pub const DISPID_{Interface}_{member}: i32` (one per name: a
//! property's get and put share it). A dispinterface becomes a `#[repr(transparent)]` wrapper over
//! the runtime's `IDispatch` (`DIID_Name` is its IID), whose methods and properties call `Invoke`
//! through the runtime's `dispatch::invoke` with `Variant` arguments and results: a property `P`
//! gives `p()` and, unless `readonly`, `set_p(value)`; a method gives a snake_case method taking
//! its `[in]` parameters as `&Variant`. A dual interface `I` gets the same wrapper, `I_Dispatch`,
//! over the members of its vtable that have an id.

use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::constants::guid_constant;
use super::types::{Mapper, ident};
use crate::model::{Attribute, DefKind, Direction, Dispinterface, Method, Model, Value};

/// The DISPID an `id(...)` argument names: a number as written, or a constant of the model.
fn dispid(model: &Model, attributes: &[Attribute]) -> Option<i32> {
    let arg = attributes.iter().find(|a| a.name == "id")?.args.first()?.trim();
    let (digits, negative) = match arg.strip_prefix('-') {
        Some(rest) => (rest.trim(), true),
        None => (arg, false),
    };
    let parsed = match digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex.trim_end_matches(['u', 'U', 'l', 'L']), 16).ok(),
        None => digits.trim_end_matches(['u', 'U', 'l', 'L']).parse::<i64>().ok(),
    };
    let value = match parsed {
        Some(v) if negative => -v,
        Some(v) => v,
        None => model.defs.iter().find_map(|d| match &d.kind {
            DefKind::Const(c) if d.name == arg => match c.value {
                Value::Int(v) => Some(v),
                _ => None,
            },
            _ => None,
        })?,
    };
    // A DISPID is a 32-bit LONG; 0x60020000-style ids wrap as C stores them.
    Some(value as i32)
}

/// `DISPID_{iface}_{member}` for every `(member, attributes)` with an id, once per member name.
pub fn dispids<'a>(m: &Mapper, iface: &str, members: impl Iterator<Item = (&'a str, &'a [Attribute])>) -> TokenStream {
    let mut seen = Vec::new();
    let consts = members.filter_map(|(name, attributes)| {
        let id = dispid(m.model, attributes)?;
        if seen.contains(&name) {
            return None;
        }
        seen.push(name);
        let cname = ident(&format!("DISPID_{iface}_{name}"));
        let doc = format!(" The DISPID of `{iface}.{name}`.");
        let lit = Literal::i32_unsuffixed(id);
        Some(quote! {
            #[doc = #doc]
            #[allow(non_upper_case_globals)]
            pub const #cname: i32 = #lit;
        })
    });
    let consts: Vec<TokenStream> = consts.collect();
    quote!(#(#consts)*)
}

fn is(attributes: &[Attribute], name: &str) -> bool {
    attributes.iter().any(|a| a.name == name)
}

/// The DISPIDs of a dispinterface, its `DIID_`, and the typed wrapper over IDispatch. One declared
/// as `dispinterface D { interface I; }` has `I`'s methods.
pub fn dispinterface(m: &mut Mapper, model: &Model, d: &crate::model::Def, di: &Dispinterface) -> TokenStream {
    let ole = m.paths.ole.clone();
    let of_interface = di.interface.as_deref().and_then(|i| model.interface(i)).map(|i| i.methods.as_slice());
    let di_methods = of_interface.unwrap_or(&di.methods);
    let name = m.def_ident(m.def, "");
    let rust_name = name.to_string();
    let members = di.properties.iter().filter_map(|p| Some((p.name.as_deref()?, p.attributes.as_slice())));
    let methods = di_methods.iter().map(|x| (x.name.as_str(), x.attributes.as_slice()));
    let ids = dispids(m, &rust_name, members.chain(methods));
    let invoke = |dispid: &TokenStream, flag: &str, args: TokenStream| {
        let flag = ident(flag);
        quote!(#ole::dispatch::invoke(&self.0, #dispid, #ole::dispatch::#flag, &[#args]))
    };
    let mut wrappers = Vec::new();
    let mut names = Names::default();
    for p in &di.properties {
        let Some(pname) = &p.name else { continue };
        if dispid(m.model, &p.attributes).is_none() {
            continue;
        }
        let id = ident(&format!("DISPID_{rust_name}_{pname}")).into_token_stream();
        let get = names.claim(pname.to_snake_case());
        let set = names.claim(format!("set_{}", pname.to_snake_case()));
        let call_get = invoke(&id, "DISPATCH_PROPERTYGET", quote!());
        wrappers.push(quote! {
            pub fn #get(&self) -> ::windows_core::Result<#ole::Variant> { #call_get }
        });
        if !is(&p.attributes, "readonly") {
            let call_put = invoke(&id, "DISPATCH_PROPERTYPUT", quote!(value));
            wrappers.push(quote! {
                pub fn #set(&self, value: &#ole::Variant) -> ::windows_core::Result<()> { #call_put.map(drop) }
            });
        }
    }
    for method in di_methods.iter().filter(|x| dispid(m.model, &x.attributes).is_some()) {
        let id = ident(&format!("DISPID_{rust_name}_{}", method.name));
        let fname = names.claim(wrapper_name(method));
        wrappers.push(method_wrapper(method, fname, quote!(#id), &ole, &invoke));
    }
    let iid = d.uuid().map(|u| {
        guid_constant(&ident(&format!("DIID_{rust_name}")), &format!(" The IID of dispinterface `{}`.", d.name), u)
    });
    let doc = format!(" The dispinterface `{}`: IDispatch, its members called through `Invoke`.", d.name);
    let wrapper = wrapper_struct(m, &name, &doc, &ole, &wrappers);
    quote!(#ids #iid #wrapper)
}

/// `pub struct Name(pub IDispatch)` with its wrapper methods.
fn wrapper_struct(m: &Mapper, name: &syn::Ident, doc: &str, ole: &syn::Path, wrappers: &[TokenStream]) -> TokenStream {
    let allow = m.allows();
    quote! {
        #[doc = #doc]
        #[repr(transparent)]
        #[derive(Clone, Debug, PartialEq, Eq)]
        #allow
        pub struct #name(pub #ole::IDispatch);
        #allow
        impl #name {
            #(#wrappers)*
        }
    }
}

/// The typed wrapper over IDispatch of dual interface `id`, `{Name}_Dispatch`: each member with an
/// id, its own or its bases', called through `Invoke` as a dispinterface's are, for a caller that
/// holds only the object's IDispatch (or talks to it across a process through type information).
pub fn dual(m: &mut Mapper, model: &Model, id: crate::model::DefId) -> TokenStream {
    let ole = m.paths.ole.clone();
    let d = &model[id];
    let name = m.def_ident(id, "_Dispatch");
    let invoke = |dispid: &TokenStream, flag: &str, args: TokenStream| {
        let flag = ident(flag);
        quote!(#ole::dispatch::invoke(&self.0, #dispid, #ole::dispatch::#flag, &[#args]))
    };
    // A member redeclared down the chain is wrapped once, as the nearest declares it; names are
    // then claimed in vtable order.
    let mut kept = Vec::new();
    for (_, owner, method) in model.vtable(id).into_iter().rev() {
        let key = (method.name.as_str(), wrapper_kind(method));
        if !kept.iter().any(|(_, k, _)| *k == key) {
            kept.push((owner, key, method));
        }
    }
    let (mut names, mut wrappers) = (Names::default(), Vec::new());
    for (owner, _, method) in kept.into_iter().rev() {
        // The constant of a member of this interface; a base's, which may be in another module,
        // by its value.
        let dispid = match dispid(model, &method.attributes) {
            Some(_) if owner == id => {
                let constant = ident(&format!("DISPID_{}_{}", m.def_ident(id, ""), method.name));
                quote!(#constant)
            }
            Some(value) => Literal::i32_unsuffixed(value).into_token_stream(),
            None => continue,
        };
        let fname = names.claim(wrapper_name(method));
        wrappers.push(method_wrapper(method, fname, dispid, &ole, &invoke));
    }
    let doc =
        format!(" The dual interface `{}` through IDispatch: its members with an id called through `Invoke`.", d.name);
    wrapper_struct(m, &name, &doc, &ole, &wrappers)
}

/// Whether a method is a property get, a put, or a call (which name its wrapper).
fn wrapper_kind(method: &Method) -> &'static str {
    if is(&method.attributes, "propget") {
        "DISPATCH_PROPERTYGET"
    } else if is(&method.attributes, "propput") || is(&method.attributes, "propputref") {
        "DISPATCH_PROPERTYPUT"
    } else {
        "DISPATCH_METHOD"
    }
}

/// The wrapper names taken in one wrapper: a name taken again (the put of property `Root` and
/// method `SetRoot` are both `set_root`) gets a `_` after it, as overloads do.
#[derive(Default)]
struct Names(Vec<String>);

impl Names {
    fn claim(&mut self, mut name: String) -> syn::Ident {
        while self.0.contains(&name) {
            name.push('_');
        }
        self.0.push(name.clone());
        ident(&name)
    }
}

/// A method's wrapper name: `set_p` for a property put, else its name in snake case.
fn wrapper_name(method: &Method) -> String {
    match wrapper_kind(method) {
        "DISPATCH_PROPERTYPUT" => format!("set_{}", method.name.to_snake_case()),
        _ => method.name.to_snake_case(),
    }
}

/// One method of a dispinterface: a property get or put by `propget`/`propput`, else a call.
fn method_wrapper(
    method: &Method,
    fname: syn::Ident,
    id: TokenStream,
    ole: &syn::Path,
    invoke: &dyn Fn(&TokenStream, &str, TokenStream) -> TokenStream,
) -> TokenStream {
    let ins: Vec<syn::Ident> = method
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.direction != Direction::Out)
        .map(|(i, p)| {
            p.name.as_deref().map(|n| ident(&n.to_snake_case())).unwrap_or_else(|| ident(&format!("param{i}")))
        })
        .collect();
    let flag = wrapper_kind(method);
    let call = invoke(&id, flag, quote!(#(#ins),*));
    quote! {
        pub fn #fname(&self #(, #ins: &#ole::Variant)*) -> ::windows_core::Result<#ole::Variant> { #call }
    }
}
