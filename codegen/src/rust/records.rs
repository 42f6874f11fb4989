//! Structs and unions at the ABI: `#[repr(C)]` records whose fields are the C header's storage.
//!
//! - Bit fields follow MSVC: consecutive bit fields whose declared types have the same size share
//!   one storage unit of that type while they fit (a `: 0` field closes the unit). The unit is a
//!   field `_bitfield{n}` of the integer type, read and written through generated `name()` and
//!   `set_name()` methods in that integer type.
//! - A conformant array at the end of a struct (`[size_is(n)] T data[]`) is `[T; 1]`, as widl's
//!   header writes it: the struct's size is C's, and the rest of the array follows in the same
//!   allocation.
//! - An encapsulated union (`union switch (T t) { ... }`) is a struct of the discriminant and a
//!   `{Name}_tagged_union` union in a field `tagged_union` (widl's name for an unnamed arm; the
//!   model keeps no arm name).
//! - A union arm without a field (`[default];`) adds nothing. Every ABI type is `Copy`, so
//!   union fields need no `ManuallyDrop`; but for a windows crate record that is not
//!   (`RustOptions::windows_crate`), which makes a struct holding it derive nothing, and a union
//!   holding it an error.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::types::{Mapper, ident};
use crate::model::{Base, Def, DefKind, Field, Model, Type, UnionArm};

/// Size and signedness of the integer a bit field is declared with (through typedefs; an enum is
/// a 32-bit signed integer).
pub fn int_of(model: &Model, t: &Type) -> Option<(u8, bool)> {
    match t {
        Type::Base(Base::Int { bits, signed }) => Some((*bits, *signed)),
        Type::Base(Base::IntPtr { signed }) => Some((64, *signed)),
        Type::Base(Base::Char) => Some((8, true)),
        Type::Base(Base::Boolean | Base::Byte) => Some((8, false)),
        Type::Base(Base::WChar) => Some((16, false)),
        Type::Base(Base::ErrorStatus) => Some((32, false)),
        Type::Named { def, .. } => match &model[*def].kind {
            DefKind::Typedef(inner) => int_of(model, inner),
            DefKind::Enum(_) => Some((32, true)),
            _ => None,
        },
        _ => None,
    }
}

/// One bit field inside its storage unit.
pub struct BitField {
    pub name: String,
    pub offset: u64,
    pub width: u64,
    /// Declared signed: read back sign-extended.
    pub signed: bool,
}

/// A storage unit: field `_bitfield{index}` of an integer of `bits`, holding `members`.
pub struct Unit {
    pub index: usize,
    pub bits: u8,
    pub signed: bool,
    pub members: Vec<BitField>,
}

/// The fields as stored: bit-field runs replaced by their units, a trailing conformant array by
/// one element, fieldless (`void`) union arms dropped; and the units, for their accessors.
pub fn storage(model: &Model, fields: &[Field]) -> (Vec<Field>, Vec<Unit>) {
    let (mut out, mut units): (Vec<Field>, Vec<Unit>) = (Vec::new(), Vec::new());
    let mut open: Option<u64> = None; // bits used in the last unit, while it can take more
    for (i, f) in fields.iter().enumerate() {
        let Some(width) = f.bits else {
            open = None;
            match &f.ty {
                Type::Void => {}
                Type::Array { of, len: None } if i + 1 == fields.len() => {
                    out.push(Field { ty: Type::Array { of: of.clone(), len: Some(1) }, ..f.clone() })
                }
                _ => out.push(f.clone()),
            }
            continue;
        };
        // A bit field of a non-integer type is refused by the resolver; a byte keeps it laid out.
        let (bits, signed) = int_of(model, &f.ty).unwrap_or((8, false));
        let fits = |used: u64, u: &Unit| u.bits == bits && used + width <= u64::from(bits);
        let used = match (open, units.last()) {
            (Some(used), Some(u)) if width > 0 && fits(used, u) => used,
            _ if width == 0 => {
                open = None;
                continue;
            }
            _ => {
                let index = units.len() + 1;
                let ty = Type::Base(Base::Int { bits, signed });
                out.push(Field { name: Some(format!("_bitfield{index}")), ty, bits: None, attributes: Vec::new() });
                units.push(Unit { index, bits, signed, members: Vec::new() });
                0
            }
        };
        if let (Some(name), Some(unit)) = (&f.name, units.last_mut()) {
            unit.members.push(BitField { name: name.clone(), offset: used, width, signed });
        }
        open = Some(used + width);
    }
    (out, units)
}

/// `name()` and `set_name()` for each bit field of `units`, on record `record`, in the field's own
/// integer type (an `unsigned` field in an `int` unit reads back zero-extended).
pub fn accessors(record: &syn::Ident, units: &[Unit]) -> TokenStream {
    let methods = units.iter().flat_map(|u| {
        let field = format_ident!("_bitfield{}", u.index);
        let unit = super::types::base(Base::Int { bits: u.bits, signed: u.signed });
        let unsigned = super::types::base(Base::Int { bits: u.bits, signed: false });
        let bits = u64::from(u.bits);
        u.members.iter().map(move |b| {
            let member = super::types::base(Base::Int { bits: u.bits, signed: b.signed });
            let get = ident(&b.name);
            let set = ident(&format!("set_{}", b.name));
            let (left, right) =
                (Literal::u64_unsuffixed(bits - b.offset - b.width), Literal::u64_unsuffixed(bits - b.width));
            let offset = Literal::u64_unsuffixed(b.offset);
            let ones = if b.width == 64 { u64::MAX } else { (1u64 << b.width) - 1 };
            let mask: TokenStream = format!("0x{:X}", ones << b.offset).parse().expect("a hexadecimal literal");
            let doc = format!(" Bit field `{}`: {} bits at bit {} of `{field}`.", b.name, b.width, b.offset);
            quote! {
                #[doc = #doc]
                pub fn #get(&self) -> #member {
                    // Up to the top bit, then back down: an arithmetic shift for a signed field.
                    ((self.#field as #member) << #left) >> #right
                }
                pub fn #set(&mut self, value: #member) {
                    const MASK: #unsigned = #mask;
                    let kept = self.#field as #unsigned & !MASK;
                    self.#field = (kept | (((value as #unsigned) << #offset) & MASK)) as #unit;
                }
            }
        })
    });
    quote! {
        #[allow(non_snake_case, clippy::all)]
        impl #record {
            #(#methods)*
        }
    }
}

/// The record a union definition becomes: a Rust union, or for an encapsulated one a struct of
/// the discriminant and the union.
pub fn union(
    m: &mut Mapper,
    d: &Def,
    arms: &[UnionArm],
    disc: Option<&(Type, String)>,
    pack: Option<u8>,
) -> TokenStream {
    let fields: Vec<Field> = arms.iter().filter_map(|a| a.field.clone()).collect();
    let name = m.def_ident(m.def, "");
    let Some((ty, disc_name)) = disc else {
        return structure(m, d, &name, &fields, pack, true);
    };
    let union_name = m.def_ident(m.def, "_tagged_union");
    let arms = structure(m, d, &union_name, &fields, pack, true);
    let disc_ty = m.abi(ty, &d.name);
    let disc_ident = ident(disc_name);
    let ole = &m.paths.ole;
    let repr = match pack {
        Some(n) => {
            let n = Literal::u8_unsuffixed(n);
            quote!(#[repr(C, packed(#n))])
        }
        None => quote!(#[repr(C)]),
    };
    let doc = format!(" The encapsulated union `{}`: `{disc_name}` says which arm of `tagged_union` is set.", d.name);
    quote! {
        #arms
        #[doc = #doc]
        #repr
        #[derive(Clone, Copy)]
        #[allow(non_camel_case_types, non_snake_case, dead_code, clippy::all)]
        pub struct #name {
            pub #disc_ident: #disc_ty,
            pub tagged_union: #union_name,
        }
        impl #ole::ComFree for #name {}
    }
}

/// A struct (or a plain union) named `name`, its fields as stored ([`storage`]), with bit-field
/// accessors.
pub fn structure(
    m: &mut Mapper,
    d: &Def,
    name: &syn::Ident,
    fields: &[Field],
    pack: Option<u8>,
    union: bool,
) -> TokenStream {
    let ole = m.paths.ole.clone();
    let (fields, units) = storage(m.model, fields);
    let fields = fields.as_slice();
    // A pack changes the layout only below the natural alignment; where that is unknown, the pack
    // is kept (`packed(N)` at or above it changes nothing).
    let natural = super::layout::fields_layout(m.model, fields, None, union).map(|l| l.align);
    let packed = pack.filter(|&n| natural.is_none_or(|a| a > usize::from(n)));
    let repr = match packed {
        Some(n) => {
            let n = proc_macro2::Literal::u8_unsuffixed(n);
            quote!(#[repr(C, packed(#n))])
        }
        None => quote!(#[repr(C)]),
    };
    let allow = m.allows();
    let mut anonymous = 0;
    let field_items: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let fname = match &f.name {
                Some(n) => ident(n),
                None => {
                    anonymous += 1;
                    format_ident!("anonymous{anonymous}")
                }
            };
            let ty = m.abi(&f.ty, &format!("{}.{fname}", d.name));
            quote!(pub #fname: #ty)
        })
        .collect();
    let keyword = if union { quote!(union) } else { quote!(struct) };
    // What a struct owns is released with the task-allocated array it came in (a union's active
    // member is unknown, so it releases nothing).
    let owned: Vec<TokenStream> = if union {
        Vec::new()
    } else {
        fields
            .iter()
            .filter(|f| owns_resources(m, &f.ty))
            .filter_map(|f| f.name.as_deref().map(ident))
            // A packed field may be unaligned, so it is freed through an aligned copy.
            .map(|f| match packed {
                Some(_) => quote!(let mut v = self.#f; unsafe { #ole::ComFree::com_free(&mut v) }; self.#f = v;),
                None => quote!(unsafe { #ole::ComFree::com_free(&mut self.#f) };),
            })
            .collect()
    };
    let release = if owned.is_empty() {
        quote!()
    } else {
        quote! {
            unsafe fn com_free(&mut self) {
                #(#owned)*
            }
        }
    };
    // Debug is derivable unless a union is involved (its active member is unknown); Copy unless a
    // windows crate record that is not is held (`RustOptions::windows_crate`), which a union
    // cannot hold.
    let (copy, debug) =
        fields.iter().map(|f| derivable(m, &f.ty)).fold((true, !union), |(c, d), (fc, fd)| (c && fc, d && fd));
    let derives = match (copy, debug) {
        (true, true) => quote!(#[derive(Clone, Copy, Debug)]),
        (true, false) => quote!(#[derive(Clone, Copy)]),
        (false, _) if union => {
            m.error(format!(
                "union `{}` holds a windows crate record that is not Copy, which a Rust union cannot",
                d.name
            ));
            quote!()
        }
        (false, _) => quote!(),
    };
    let accessors = if units.is_empty() { quote!() } else { accessors(name, &units) };
    quote! {
        #repr
        #derives
        #allow
        pub #keyword #name {
            #(#field_items),*
        }
        impl #ole::ComFree for #name {
            #release
        }
        #accessors
    }
}

/// A struct or union declared and never defined (`typedef struct tagX X;` alone): a type of no
/// size, so that pointers to it are typed, as an incomplete type is in C.
pub fn opaque(m: &Mapper, d: &Def) -> TokenStream {
    let name = m.def_ident(m.def, "");
    let ole = &m.paths.ole;
    let allow = m.allows();
    let doc = format!(" `{}`, declared in the IDL but not defined there: only pointers to it are used.", d.name);
    quote! {
        #[doc = #doc]
        #[repr(C)]
        #[derive(Clone, Copy, Debug)]
        #allow
        pub struct #name {
            _opaque: [u8; 0],
        }
        impl #ole::ComFree for #name {}
    }
}

/// Whether a field's type is Copy, and Debug, as generated: a union this generator writes is not
/// Debug (its active member is unknown), a windows crate record is what that crate derives.
fn derivable(m: &Mapper, t: &Type) -> (bool, bool) {
    let all = |types: &mut dyn Iterator<Item = &Type>| {
        types.map(|t| derivable(m, t)).fold((true, true), |(c, d), (tc, td)| (c && tc, d && td))
    };
    match t {
        Type::Array { of, .. } => derivable(m, of),
        Type::Named { def, .. } => {
            if let Some(row) = m.windows_row(*def) {
                return row.derives();
            }
            if !m.is_generated(*def) {
                return (true, true);
            }
            match &m.model[*def].kind {
                DefKind::Union(u) => (all(&mut u.arms.iter().filter_map(|a| Some(&a.field.as_ref()?.ty))).0, false),
                DefKind::Typedef(inner) => derivable(m, inner),
                DefKind::Struct(s) => all(&mut s.fields.iter().map(|f| &f.ty)),
                _ => (true, true),
            }
        }
        _ => (true, true),
    }
}

/// Whether a field owns a BSTR, a VARIANT or a struct that does.
fn owns_resources(m: &Mapper, t: &Type) -> bool {
    match t {
        Type::Named { name, def } => {
            matches!(name.as_str(), "BSTR" | "VARIANT" | "VARIANTARG")
                || match &m.model[*def].kind {
                    DefKind::Typedef(inner) => owns_resources(m, inner),
                    DefKind::Struct(s) => m.is_generated(*def) && s.fields.iter().any(|f| owns_resources(m, &f.ty)),
                    _ => false,
                }
        }
        _ => false,
    }
}
