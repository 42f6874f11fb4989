//! Interfaces whose vtable does not begin with IUnknown's: an `[object]` (or `odl`) interface
//! without a base, such as Direct3D's reflection interfaces, and the interfaces derived from one.
//! C++ calls them through their vtable alone; nothing counts their references or answers
//! QueryInterface, so windows-core's `Interface` does not fit. Each is a pointer-sized handle with
//! its `_Vtbl` and a caller per slot, as windows-bindgen writes such interfaces; there is no
//! `_Impl`, since an object behind one is never created through COM.

use proc_macro2::TokenStream;
use quote::quote;

use super::abi::{raw_callers, signatures, vtable_fields};
use super::types::Mapper;
use crate::model::{DefId, Interface, Model};

/// Whether interface `id`'s chain of bases ends in an interface other than IUnknown.
pub fn is_bare(model: &Model, id: DefId) -> bool {
    let root = model.bases(id).last().copied().unwrap_or(id);
    match &model[root].kind {
        crate::model::DefKind::Interface(i) => i.base.is_none() && model[root].name != "IUnknown",
        _ => false,
    }
}

pub fn interface(m: &mut Mapper, model: &Model, id: DefId, iface: &Interface) -> TokenStream {
    let d = &model[id];
    let name = m.def_ident(id, "");
    let vtbl = m.def_ident(id, "_Vtbl");
    let allow = m.allows();
    let sigs = signatures(m, &d.name, iface);
    let base = iface.base.and_then(|b| Some((m.interface_path(b, "")?, m.interface_path(b, "_Vtbl")?)));
    let vtbl_fields = vtable_fields(&sigs);
    let callers = raw_callers(&sigs, &quote!(self.vtable()), &quote!(self.as_raw()));
    let (base_field, deref) = match &base {
        Some((base_ty, base_vtbl)) => (
            quote!(pub base__: #base_vtbl,),
            quote! {
                impl ::core::ops::Deref for #name {
                    type Target = #base_ty;
                    fn deref(&self) -> &Self::Target {
                        // SAFETY: both are `#[repr(transparent)]` over the same object pointer,
                        // and the vtable begins with the base's.
                        unsafe { ::core::mem::transmute(self) }
                    }
                }
            },
        ),
        None => (quote!(), quote!()),
    };
    let doc = format!(
        " The interface `{}`, whose vtable does not begin with IUnknown's: a pointer to an object, \
         called through its vtable, neither counted nor queried.",
        d.name
    );
    quote! {
        #[doc = #doc]
        #[repr(transparent)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #allow
        pub struct #name(pub ::core::ptr::NonNull<::core::ffi::c_void>);
        #[repr(C)]
        #allow
        pub struct #vtbl {
            #base_field
            #(#vtbl_fields),*
        }
        #allow
        impl #name {
            /// The interface at `raw`, or `None` for a null pointer.
            pub fn from_raw(raw: *mut ::core::ffi::c_void) -> ::core::option::Option<Self> {
                ::core::ptr::NonNull::new(raw).map(Self)
            }
            pub fn as_raw(&self) -> *mut ::core::ffi::c_void {
                self.0.as_ptr()
            }
            /// # Safety
            /// `self` must point at a live object.
            pub unsafe fn vtable(&self) -> &#vtbl {
                // SAFETY: the object's first word is its vtable pointer (the caller's contract).
                unsafe { &**(self.0.as_ptr() as *const *const #vtbl) }
            }
            #(#callers)*
        }
        #deref
    }
}
