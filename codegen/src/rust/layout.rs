//! Struct layout: computed here as MSVC computes it for x64 (`/env win64`), `#pragma pack`
//! included, which tells the generator when a pack must become `packed(N)`; and a table of the
//! generated layout as rustc computes it (the byte offset of every vtable slot and struct field,
//! and every struct's size), for checking against an independent C compiler (`layout_rows.rs`
//! writes the tables of a module tree, named as widl's C header names each row).

use proc_macro2::TokenStream;
use quote::quote;

use super::names::def_name;
use super::records::storage;
use super::types::ident;
use crate::model::{Base, DefKind, Field, Model, Type};

/// Where a struct's or union's fields go, and its size and alignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub size: usize,
    pub align: usize,
    /// Each field's byte offset, in field order.
    pub offsets: Vec<usize>,
}

/// Nesting of types laid out inside one another; deeper is not laid out (a cycle, or hostile input).
pub(super) const MAX_NESTING: usize = 64;

/// The layout of `fields` as a struct (or a union) under `#pragma pack(pack)`: each field aligned
/// to the smaller of its own alignment and the pack, as MSVC does, bit fields in their storage
/// units. `None` where a field's layout is not known here: interfaces by value.
pub fn fields_layout(model: &Model, fields: &[Field], pack: Option<u8>, union: bool) -> Option<Layout> {
    fields_at(model, fields, pack, union, 0)
}

fn fields_at(model: &Model, fields: &[Field], pack: Option<u8>, union: bool, depth: usize) -> Option<Layout> {
    let cap = pack.map_or(usize::MAX, usize::from);
    let (fields, _) = storage(model, fields);
    let (mut size, mut align, mut offsets) = (0usize, 1usize, Vec::with_capacity(fields.len()));
    for f in &fields {
        let (fsize, falign) = type_layout(model, &f.ty, depth + 1)?;
        let falign = falign.min(cap);
        let offset = if union { 0 } else { size.checked_next_multiple_of(falign)? };
        offsets.push(offset);
        size = size.max(offset.checked_add(fsize)?);
        align = align.max(falign);
    }
    Some(Layout { size: size.checked_next_multiple_of(align)?, align, offsets })
}

/// Size and alignment of a value of type `t` on x64.
fn type_layout(model: &Model, t: &Type, depth: usize) -> Option<(usize, usize)> {
    if depth > MAX_NESTING {
        return None;
    }
    let scalar = |n| Some((n, n));
    match t {
        Type::Base(b) => match b {
            Base::Int { bits, .. } => scalar(usize::from(*bits) / 8),
            Base::IntPtr { .. } | Base::Handle => scalar(8),
            Base::Float | Base::ErrorStatus => scalar(4),
            Base::Double => scalar(8),
            Base::Char | Base::Boolean | Base::Byte => scalar(1),
            Base::WChar => scalar(2),
        },
        Type::Pointer { .. } | Type::SafeArray(_) => scalar(8),
        Type::Array { of, len: Some(n) } => {
            let (size, align) = type_layout(model, of, depth + 1)?;
            Some((size.checked_mul(usize::try_from(*n).ok()?)?, align))
        }
        Type::Named { def, .. } => match &model[*def].kind {
            DefKind::Typedef(inner) => type_layout(model, inner, depth + 1),
            DefKind::Enum(_) => scalar(4),
            DefKind::Struct(s) => fields_at(model, &s.fields, s.pack, false, depth).map(|l| (l.size, l.align)),
            DefKind::Union(u) => {
                let fields: Vec<Field> = u.arms.iter().filter_map(|a| a.field.clone()).collect();
                let arms = fields_at(model, &fields, u.pack, true, depth)?;
                let Some((disc, _)) = &u.discriminant else { return Some((arms.size, arms.align)) };
                // Encapsulated: the discriminant, then the union, as one struct.
                let (dsize, dalign) = type_layout(model, disc, depth + 1)?;
                let cap = u.pack.map_or(usize::MAX, usize::from);
                let (dalign, ualign) = (dalign.min(cap), arms.align.min(cap));
                let offset = dsize.checked_next_multiple_of(ualign)?;
                let align = dalign.max(ualign);
                Some((offset.checked_add(arms.size)?.checked_next_multiple_of(align)?, align))
            }
            _ => None,
        },
        _ => None,
    }
}

/// `pub const LAYOUT: &[(&str, &str, usize)]` rows: `(type, member, offset)`; a struct's size is
/// the row whose member is `sizeof`. The bindings must be in scope where this is included.
pub fn table(model: &Model) -> String {
    let mut rows: Vec<TokenStream> = Vec::new();
    for (id, d) in model.iter() {
        if d.imported {
            continue;
        }
        match &d.kind {
            DefKind::Interface(i) if i.generic_params.is_empty() => {
                let vtbl = ident(&format!("{}_Vtbl", def_name(model, id)));
                let vname = format!("{}Vtbl", d.name);
                // Inherited slots are inside `base__`; list the interface's own ones.
                for m in i.methods.iter().filter(|m| m.slot.is_some()) {
                    let f = ident(&m.abi_name);
                    let fname = &m.abi_name;
                    rows.push(quote!((#vname, #fname, ::core::mem::offset_of!(#vtbl, #f))));
                }
                rows.push(quote!((#vname, "sizeof", ::core::mem::size_of::<#vtbl>())));
            }
            DefKind::Struct(st) => {
                let s = ident(&def_name(model, id));
                let sname = &d.name;
                for f in st.fields.iter().filter(|f| f.bits.is_none()).filter_map(|f| f.name.as_ref()) {
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
