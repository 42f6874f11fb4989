//! Constants: integers of every size (wrapped to their type, as C converts them), characters and
//! booleans as their integers, `float` and `double`, narrow and wide strings, GUIDs, pointers
//! from integers; a constant of a newtype (`HRESULT`, `VARIANT_BOOL`, an enum) wraps its integer.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::records::int_of;
use super::types::Mapper;
use crate::model::{Base, Def, DefKind, Type, Value};

pub fn constant(m: &mut Mapper, d: &Def, ty: &Type, value: &Value) -> TokenStream {
    let name = m.def_ident(m.def, "");
    let allow = m.allows();
    let doc = format!(" `{}` from the IDL.", d.name);
    let (rust_ty, value) = match value {
        Value::WStr(s) | Value::Str(s) => {
            let wide = matches!(value, Value::WStr(_));
            let units = s.encode_utf16().count() + 1;
            let ole = &m.paths.ole;
            let wide_item = wide.then(|| {
                let wname = m.def_ident(m.def, "_W");
                let wdoc = format!(" `{}` as the NUL-terminated UTF-16 the C header has.", d.name);
                quote! {
                    #[doc = #wdoc]
                    #allow
                    pub const #wname: &[u16] = &#ole::utf16::<#units>(#s);
                }
            });
            return quote! {
                #[doc = #doc]
                #allow
                pub const #name: &str = #s;
                #wide_item
            };
        }
        Value::Guid(g) => return guid_constant(&name, &format!(" `{}` from the IDL's `declare_guid`.", d.name), g),
        Value::Float(f) => float(m, ty, *f),
        Value::Int(v) => match int_of(m.model, ty) {
            Some((bits, signed)) => {
                let rust_ty = m.abi(ty, &d.name);
                let lit = int_literal(*v, bits, signed);
                // A newtype is built with braces, which a type alias of it also takes.
                if newtype(m, ty) { (rust_ty.clone(), quote!(#rust_ty { 0: #lit })) } else { (rust_ty, lit) }
            }
            None if is_float(m, ty).is_some() => float(m, ty, *v as f64),
            // `(void *)-1` and the like: the address, as C converts it. The model keeps a
            // constant's base type without its `*`: an integer `void` is `const void *`.
            None if matches!(ty, Type::Void) || is_pointer(m, ty) => {
                let rust_ty = match ty {
                    Type::Void => quote!(*mut ::core::ffi::c_void),
                    _ => m.abi(ty, &d.name),
                };
                let lit = Literal::i64_unsuffixed(*v);
                (rust_ty.clone(), quote!(#lit as isize as #rust_ty))
            }
            None => {
                m.error(format!("constant `{}`: an integer of a type with no Rust constant form", d.name));
                return quote!();
            }
        },
    };
    quote! {
        #[doc = #doc]
        #allow
        pub const #name: #rust_ty = #value;
    }
}

/// `pub const NAME: GUID` for a GUID in its usual spelling (already checked by the resolver).
pub fn guid_constant(name: &syn::Ident, doc: &str, guid: &str) -> TokenStream {
    let value: TokenStream = format!("0x{}", guid.replace('-', "")).parse().expect("a u128 literal");
    quote! {
        #[doc = #doc]
        #[allow(non_upper_case_globals)]
        pub const #name: ::windows_core::GUID = ::windows_core::GUID::from_u128(#value);
    }
}

/// A `float` constant is `f32`; any other floating value `f64`.
fn float(m: &Mapper, ty: &Type, f: f64) -> (TokenStream, TokenStream) {
    match is_float(m, ty) {
        Some(Base::Float) => (quote!(f32), Literal::f32_suffixed(f as f32).into_token_stream()),
        _ => (quote!(f64), Literal::f64_suffixed(f).into_token_stream()),
    }
}

/// `float` or `double`, through typedefs.
fn is_float(m: &Mapper, t: &Type) -> Option<Base> {
    match t {
        Type::Base(b @ (Base::Float | Base::Double)) => Some(*b),
        Type::Named { def, .. } => match &m.model[*def].kind {
            DefKind::Typedef(inner) => is_float(m, inner),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `t` is a pointer, through typedefs.
fn is_pointer(m: &Mapper, t: &Type) -> bool {
    match t {
        Type::Pointer { .. } => true,
        Type::Named { def, .. } => matches!(&m.model[*def].kind, DefKind::Typedef(inner) if is_pointer(m, inner)),
        _ => false,
    }
}

/// Whether `t` is a one-integer tuple struct in Rust: `HRESULT`, `VARIANT_BOOL` or an enum.
fn newtype(m: &Mapper, t: &Type) -> bool {
    match t {
        Type::Named { name, def } => {
            matches!(name.as_str(), "HRESULT" | "VARIANT_BOOL")
                || match &m.model[*def].kind {
                    DefKind::Typedef(inner) => newtype(m, inner),
                    DefKind::Enum(_) => true,
                    _ => false,
                }
        }
        _ => false,
    }
}

/// An integer literal of `bits` wrapped to that size; hexadecimal for unsigned values, as headers
/// write them.
fn int_literal(v: i64, bits: u8, signed: bool) -> TokenStream {
    let shift = 64 - u32::from(bits.min(64));
    if signed {
        // Truncate to `bits`, then sign-extend back.
        let wrapped = (v << shift) >> shift;
        Literal::i64_unsuffixed(wrapped).into_token_stream()
    } else {
        let wrapped = ((v as u64) << shift) >> shift;
        format!("0x{wrapped:X}").parse().expect("a hexadecimal literal")
    }
}
