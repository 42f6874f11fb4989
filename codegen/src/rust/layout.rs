//! A table of the generated layout, for checking it against an independent C compiler: the byte
//! offset of every vtable slot and struct field, and every struct's size, as rustc computes them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::ident;
use crate::model::{DefKind, Model};

/// `pub const LAYOUT: &[(&str, &str, usize)]` rows: `(type, member, offset)`; a struct's size is
/// the row whose member is `sizeof`. The bindings must be in scope where this is included.
pub fn table(model: &Model) -> String {
    let mut rows: Vec<TokenStream> = Vec::new();
    for d in &model.defs {
        if d.imported {
            continue;
        }
        match &d.kind {
            DefKind::Interface(i) if i.generic_params.is_empty() => {
                let vtbl = format_ident!("{}_Vtbl", d.name);
                let vname = format!("{}Vtbl", d.name);
                // Inherited slots are inside `base__`; list the interface's own ones.
                for m in i.methods.iter().filter(|m| m.slot.is_some()) {
                    let f = ident(&m.abi_name);
                    let fname = &m.abi_name;
                    rows.push(quote!((#vname, #fname, ::core::mem::offset_of!(#vtbl, #f))));
                }
                rows.push(quote!((#vname, "sizeof", ::core::mem::size_of::<#vtbl>())));
            }
            DefKind::Struct(fields) => {
                let s = ident(&d.name);
                let sname = &d.name;
                for f in fields.iter().filter_map(|f| f.name.as_ref()) {
                    let fi = ident(f);
                    rows.push(quote!((#sname, #f, ::core::mem::offset_of!(#s, #fi))));
                }
                rows.push(quote!((#sname, "sizeof", ::core::mem::size_of::<#s>())));
            }
            _ => {}
        }
    }
    let file: syn::File = syn::parse2(quote! {
        /// `(type, member, byte offset)` of every generated vtable slot and struct field.
        pub const LAYOUT: &[(&str, &str, usize)] = &[#(#rows),*];
    })
    .expect("the layout table parses");
    prettyplease::unparse(&file)
}
