//! The ABI layer: one Rust item per IDL definition, in windows-bindgen's shape so the interfaces
//! work with `windows-core` (`Interface`, `#[implement]`) and the `windows` crate.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::types::{Mapper, ident};
use crate::model::{Def, DefId, Direction, Interface, Method, Model, Param, Type};

pub fn enumeration(m: &Mapper, d: &Def, members: &[crate::model::Enumerator]) -> TokenStream {
    let name = m.def_ident(m.def, "");
    let allow = m.allows();
    let consts = members.iter().map(|e| {
        let n = ident(&e.name);
        let v = Literal::i32_unsuffixed(e.value as i32);
        quote!(pub const #n: Self = Self(#v);)
    });
    let doc = if members.is_empty() {
        format!(" The IDL enum `{}`, named but not defined in the IDL: a 32-bit value.", d.name)
    } else {
        format!(" The IDL enum `{}`: a 32-bit value with one constant per member.", d.name)
    };
    quote! {
        #[doc = #doc]
        #[repr(transparent)]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #allow
        pub struct #name(pub i32);
        #allow
        impl #name {
            #(#consts)*
        }
    }
}

pub fn typedef(m: &mut Mapper, d: &Def, ty: &Type) -> TokenStream {
    let name = m.def_ident(m.def, "");
    let allow = m.allows();
    let target = m.abi(ty, &d.name);
    quote! {
        #allow
        pub type #name = #target;
    }
}

/// A parameter's name at the ABI: as in the IDL, `param{i}` where it has none, and with a `_`
/// after it where it would name a constant or a tuple struct (an enum) of the file, which a
/// parameter cannot shadow (`AnnoScope: AnnoScope`).
pub(super) fn param_ident(model: &Model, p: &Param, i: usize) -> syn::Ident {
    let Some(name) = p.name.as_deref() else { return format_ident!("param{i}") };
    let shadows = model.defs.iter().any(|d| {
        !d.imported
            && d.name == name
            && matches!(d.kind, crate::model::DefKind::Const(_) | crate::model::DefKind::Enum(_))
    });
    if shadows { ident(&format!("{name}_")) } else { ident(name) }
}

/// A method's parameters at the ABI, named; `context` (`IFoo::Method`) names the place for errors.
pub(super) fn params(m: &mut Mapper, method: &Method, context: &str) -> Vec<(syn::Ident, TokenStream)> {
    method.params.iter().enumerate().map(|(i, p)| (param_ident(m.model, p, i), param_type_for(m, p, context))).collect()
}

/// One parameter at the ABI. A top-level `[in]` pointer is `*const`, as windows-bindgen writes it.
fn param_type_for(m: &mut Mapper, p: &Param, context: &str) -> TokenStream {
    match &p.ty {
        Type::Pointer { to, .. } if p.direction == Direction::In && !m.is_interface(to) => {
            let inner = m.abi(to, context);
            quote!(*const #inner)
        }
        // A C array parameter is a pointer to its first element (`const FLOAT color[4]`).
        Type::Array { of, .. } => {
            let inner = m.abi(of, context);
            if p.direction == Direction::In { quote!(*const #inner) } else { quote!(*mut #inner) }
        }
        t => m.abi(t, context),
    }
}

pub(super) struct Sig {
    pub name: syn::Ident,
    pub params: Vec<(syn::Ident, TokenStream)>,
    pub ret: TokenStream,
    pub hresult: bool,
}

/// A vtable's fields, one per slot, `this` first.
pub(super) fn vtable_fields(sigs: &[Sig]) -> Vec<TokenStream> {
    sigs.iter()
        .map(|s| {
            let (n, r) = (&s.name, &s.ret);
            let tys = s.params.iter().map(|(_, t)| t);
            quote!(pub #n: unsafe extern "system" fn(*mut ::core::ffi::c_void #(, #tys)*) #r)
        })
        .collect()
}

/// An `unsafe fn` per slot calling it through `vtable` with `this` (expressions over `self`).
pub(super) fn raw_callers(sigs: &[Sig], vtable: &TokenStream, this: &TokenStream) -> Vec<TokenStream> {
    sigs.iter()
        .map(|s| {
            let (n, r) = (&s.name, &s.ret);
            let args = s.params.iter().map(|(p, t)| quote!(#p: #t));
            let names = s.params.iter().map(|(p, _)| p);
            quote! {
                pub unsafe fn #n(&self #(, #args)*) #r {
                    // SAFETY: `self` holds a live interface pointer whose vtable has this slot;
                    // the caller upholds the method's own pointer contracts.
                    unsafe { (#vtable.#n)(#this #(, #names)*) }
                }
            }
        })
        .collect()
}

/// The ABI signature of each vtable slot `iface` declares itself.
pub(super) fn signatures(m: &mut Mapper, iface_name: &str, iface: &Interface) -> Vec<Sig> {
    iface.methods.iter().filter(|x| x.slot.is_some()).map(|x| signature(m, iface_name, x)).collect()
}

fn signature(m: &mut Mapper, iface: &str, method: &Method) -> Sig {
    let context = format!("{iface}::{}", method.name);
    let params = params(m, method, &context);
    Sig { name: ident(&method.abi_name), params, ret: m.ret(&method.ret, &context), hresult: m.is_hresult(&method.ret) }
}

pub fn interface(m: &mut Mapper, model: &Model, id: DefId, iface: &Interface) -> TokenStream {
    let d = &model[id];
    let name = m.def_ident(m.def, "");
    let vtbl = m.def_ident(id, "_Vtbl");
    let impl_trait = m.def_ident(id, "_Impl");
    let ole = m.paths.ole.clone();
    let allow = m.allows();
    let uuid = d.uuid().map(|u| u.replace('-', "_")).unwrap_or_else(|| "00000000_0000_0000_0000_000000000000".into());
    let uuid: TokenStream = format!("0x{uuid}").parse().expect("a GUID literal");

    // The base chain, nearest first, ending with IUnknown (from windows-core).
    let chain = model.bases(id);
    let mut base_path = |b: DefId, suffix: &str| -> TokenStream {
        m.interface_path(b, suffix).unwrap_or_else(|| {
            let base = &model[b].name;
            m.error(format!("{}: base interface `{base}` comes from an import; map it with `extern_path`", d.name));
            quote!(::windows_core::IUnknown)
        })
    };
    let unknown = || {
        (quote!(::windows_core::IUnknown), quote!(::windows_core::IUnknown_Vtbl), quote!(::windows_core::IUnknownImpl))
    };
    let (base_ty, base_vtbl, base_impl) = match iface.base {
        Some(b) => (base_path(b, ""), base_path(b, "_Vtbl"), base_path(b, "_Impl")),
        None => unknown(),
    };
    let hierarchy: Vec<TokenStream> = chain.iter().rev().map(|&b| base_path(b, "")).collect();
    let parent_matches = match iface.base {
        Some(b) if model[b].name != "IUnknown" => quote!(|| #base_vtbl::matches(iid)),
        _ => quote!(),
    };

    let sigs = signatures(m, &d.name, iface);

    let vtbl_fields = vtable_fields(&sigs);
    let callers = raw_callers(
        &sigs,
        &quote!(::windows_core::Interface::vtable(self)),
        &quote!(::windows_core::Interface::as_raw(self)),
    );
    let trait_methods = sigs.iter().map(|s| {
        let (n, r) = (&s.name, &s.ret);
        let args = s.params.iter().map(|(p, t)| quote!(#p: #t));
        quote!(unsafe fn #n(&self #(, #args)*) #r;)
    });
    let thunks = sigs.iter().map(|s| {
        let (n, r) = (&s.name, &s.ret);
        let args: Vec<TokenStream> = s.params.iter().map(|(p, t)| quote!(#p: #t)).collect();
        let names: Vec<&syn::Ident> = s.params.iter().map(|(p, _)| p).collect();
        let on_panic = if s.hresult {
            quote!(#ole::E_UNEXPECTED)
        } else {
            // Every non-HRESULT return type of the ABI layer is an integer or a pointer.
            quote!(::core::mem::zeroed())
        };
        quote! {
            unsafe extern "system" fn #n<Identity: #impl_trait, const OFFSET: isize>(this: *mut ::core::ffi::c_void #(, #args)*) #r {
                // SAFETY: COM calls the slot with the interface pointer `#[implement]` handed out
                // at OFFSET in an Identity; the method's own contract is its caller's.
                unsafe {
                    #ole::thunk::forward::<Identity, _, OFFSET>(this, #on_panic, |this| {
                        <Identity as #impl_trait>::#n(this #(, #names)*)
                    })
                }
            }
        }
    });
    let entries = sigs.iter().map(|s| {
        let n = &s.name;
        quote!(#n: #n::<Identity, OFFSET>)
    });
    // Without a uuid the IID is all zeros, which no QueryInterface may be answered for.
    let (own_match, unused) = match d.uuid() {
        Some(_) => (quote!(*iid == <#name as ::windows_core::Interface>::IID), quote!()),
        None => (quote!(false), quote!(#[allow(unused_variables)])),
    };
    let doc = format!(" The COM interface `{}`, IID `{{{}}}`.", d.name, d.uuid().unwrap_or(""));
    let impl_doc = format!(" What an object implementing `{}` provides, one method per vtable slot.", d.name);

    quote! {
        ::windows_core::imp::define_interface!(#name, #vtbl, #uuid);
        #[doc = #doc]
        #allow
        impl ::core::ops::Deref for #name {
            type Target = #base_ty;
            fn deref(&self) -> &Self::Target {
                // SAFETY: both are `#[repr(transparent)]` over the same interface pointer, and
                // every interface's vtable starts with its base's.
                unsafe { ::core::mem::transmute(self) }
            }
        }
        ::windows_core::imp::interface_hierarchy!(#name #(, #hierarchy)*);
        #allow
        impl #name {
            #(#callers)*
        }
        #[repr(C)]
        #allow
        pub struct #vtbl {
            pub base__: #base_vtbl,
            #(#vtbl_fields),*
        }
        #[doc = #impl_doc]
        #allow
        pub trait #impl_trait: #base_impl {
            #(#trait_methods)*
        }
        #allow
        impl #vtbl {
            pub const fn new<Identity: #impl_trait, const OFFSET: isize>() -> Self {
                #(#thunks)*
                Self { base__: #base_vtbl::new::<Identity, OFFSET>() #(, #entries)* }
            }
            #unused
            pub fn matches(iid: &::windows_core::GUID) -> bool {
                #own_match #parent_matches
            }
        }
        impl ::windows_core::RuntimeName for #name {}
    }
}
