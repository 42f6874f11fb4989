//! The safe layer: Rust-typed callers on each interface, and for implementers a `IFooHandler`
//! trait with a blanket `IFoo_Impl`, so `#[implement(IFoo)]` plus `impl IFooHandler` is a whole
//! COM object. Conversions live in the runtime (`ole`); this only wires them per parameter.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{Mapper, ident};
use crate::model::{DefId, DefKind, Direction, Interface, Method, Model, Param, Type};

/// How one parameter crosses between the ABI and Rust types.
#[derive(Clone)]
enum Shape {
    /// Integers, enums, HRESULTs: by value on both sides.
    Value(TokenStream),
    /// `REFIID`, `REFCLSID`, `REFGUID`: `&GUID` on both sides.
    GuidRef,
    Bool,
    Bstr {
        optional: bool,
    },
    Variant,
    Blob,
    Interface(TokenStream),
    /// `[in, size_is(n)] T*`, `n` being parameter `count`.
    InArray {
        elem: TokenStream,
        count: usize,
    },
    /// The count of an in-array or out-array: not a parameter of the safe methods.
    Count,
    OutValue(TokenStream),
    OutBool,
    OutBstr,
    OutVariant,
    OutInterface(TokenStream),
    /// `[out, size_is(, *n)] T**`, `n` being out-parameter `count`.
    OutArray {
        elem: TokenStream,
        count: usize,
    },
}

fn named(t: &Type) -> Option<&str> {
    match t {
        Type::Named { name, .. } => Some(name),
        _ => None,
    }
}

/// `t` with its typedefs looked through.
fn resolved<'a>(m: &'a Mapper, t: &'a Type) -> &'a Type {
    match t {
        Type::Named { def, .. } => match &m.model.defs[*def].kind {
            DefKind::Typedef(inner) => resolved(m, inner),
            _ => t,
        },
        _ => t,
    }
}

/// Whether `t` is a pointer to a GUID (`REFIID` and its kin), through typedefs.
fn is_guid_ref(m: &Mapper, t: &Type) -> bool {
    match resolved(m, t) {
        Type::Pointer { to, const_target: true } => {
            let mut target = &**to;
            // IID and CLSID are typedefs of GUID: stop at the first of the three names.
            while let Type::Named { name, def } = target {
                if matches!(name.as_str(), "GUID" | "IID" | "CLSID") {
                    return true;
                }
                match &m.model.defs[*def].kind {
                    DefKind::Typedef(inner) => target = inner,
                    _ => return false,
                }
            }
            false
        }
        _ => false,
    }
}

/// The Rust path of the interface a type names (through typedefs), if it has one here.
fn interface_type(m: &Mapper, t: &Type) -> Option<TokenStream> {
    match t {
        Type::Named { def, .. } => match &m.model.defs[*def].kind {
            DefKind::Interface(i) if i.generic_params.is_empty() => m.interface_path(*def, ""),
            DefKind::Typedef(inner) => interface_type(m, inner),
            _ => None,
        },
        _ => None,
    }
}

fn param_index(params: &[Param], expr: &str) -> Option<usize> {
    let name = expr.trim().trim_start_matches('*').trim();
    params.iter().position(|p| p.name.as_deref() == Some(name))
}

/// Each parameter's shape, or `None` when the method needs the raw ABI.
fn shapes(m: &mut Mapper, method: &Method) -> Option<Vec<Shape>> {
    let params = &method.params;
    let mut shapes: Vec<Option<Shape>> = vec![None; params.len()];
    // Counts first: a count usually comes before its array.
    for p in params {
        let size = match (p.direction, p.size_is.as_slice()) {
            (Direction::In, [Some(size)]) | (Direction::Out, [None, Some(size)]) => size,
            _ => continue,
        };
        let count = param_index(params, size)?;
        if shapes[count].is_some() {
            return None; // one count for two arrays
        }
        shapes[count] = Some(Shape::Count);
    }
    for (i, p) in params.iter().enumerate() {
        if shapes[i].is_some() {
            continue;
        }
        let shape = match (p.direction, &p.ty) {
            (Direction::InOut, _) => return None,
            (Direction::In, t) if named(t) == Some("VARIANT_BOOL") => Shape::Bool,
            (Direction::In, t) if named(t) == Some("BSTR") => {
                Shape::Bstr { optional: p.pointer.as_deref() == Some("unique") }
            }
            (Direction::In, t) if named(t) == Some("BLOB") => Shape::Blob,
            (Direction::In, Type::Pointer { to, .. }) if named(to) == Some("VARIANT") => Shape::Variant,
            (Direction::In, Type::Pointer { to, .. }) if interface_type(m, to).is_some() => {
                Shape::Interface(interface_type(m, to)?)
            }
            (Direction::In, Type::Pointer { to, .. }) => {
                let [Some(size)] = p.size_is.as_slice() else { return None };
                let count = param_index(params, size)?;
                if params[count].direction != Direction::In || size.contains('*') {
                    return None;
                }
                Shape::InArray { elem: m.abi(to, &method.name), count }
            }
            (Direction::In, t @ Type::Named { .. }) if is_guid_ref(m, t) => Shape::GuidRef,
            // A safe method must not hand a caller's raw pointer to code that will read it.
            (Direction::In, t @ Type::Named { .. }) if matches!(resolved(m, t), Type::Pointer { .. }) => return None,
            (Direction::In, Type::Base(_) | Type::Named { .. }) => Shape::Value(m.abi(&p.ty, &method.name)),
            (Direction::Out, Type::Pointer { to, .. }) => match &**to {
                t if named(t) == Some("VARIANT_BOOL") => Shape::OutBool,
                t if named(t) == Some("BSTR") => Shape::OutBstr,
                t if named(t) == Some("VARIANT") => Shape::OutVariant,
                Type::Pointer { to: inner, .. } if interface_type(m, inner).is_some() => {
                    Shape::OutInterface(interface_type(m, inner)?)
                }
                Type::Pointer { to: elem, .. } => {
                    let [None, Some(size)] = p.size_is.as_slice() else { return None };
                    let count = param_index(params, size)?;
                    if params[count].direction != Direction::Out {
                        return None;
                    }
                    Shape::OutArray { elem: m.abi(elem, &method.name), count }
                }
                t @ (Type::Base(_) | Type::Named { .. }) if p.size_is.is_empty() => {
                    Shape::OutValue(m.abi(t, &method.name))
                }
                _ => return None,
            },
            _ => return None,
        };
        shapes[i] = Some(shape);
    }
    shapes.into_iter().collect()
}

fn snake(name: &str) -> syn::Ident {
    // heck reads `IDs` as `I` + `Ds`; COM names mean the plural of ID.
    ident(&name.replace("IDs", "Ids").to_snake_case())
}

fn param_name(p: &Param, i: usize) -> syn::Ident {
    p.name.as_deref().map(snake).unwrap_or_else(|| format_ident!("param{i}"))
}

/// The local that receives an out-value in a generated caller or forwarder.
fn out_name(p: &Param, i: usize) -> syn::Ident {
    format_ident!("out_{}", param_name(p, i).to_string().trim_start_matches("r#"))
}

fn raw_name(p: &Param, i: usize) -> syn::Ident {
    p.name.as_deref().map(ident).unwrap_or_else(|| format_ident!("param{i}"))
}

pub fn interface(m: &mut Mapper, model: &Model, id: DefId, iface: &Interface) -> TokenStream {
    let d = &model.defs[id];
    let name = ident(&d.name);
    let impl_trait = format_ident!("{}_Impl", d.name);
    let handler = format_ident!("{}Handler", d.name);
    let ole = m.paths.ole.clone();
    // The base's handler is a supertrait (none for IUnknown, whose methods windows-core provides).
    let supertrait = match iface.base.and_then(|b| m.interface_path(b, "Handler")) {
        Some(h) => quote!(: #h),
        None => quote!(),
    };

    let mut callers = Vec::new();
    let mut handler_methods = Vec::new();
    let mut forwarders = Vec::new();
    for method in iface.methods.iter().filter(|x| x.slot.is_some()) {
        let raw = ident(&method.abi_name);
        let safe = snake(&method.abi_name);
        let raw_params: Vec<(syn::Ident, TokenStream)> = method
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| (raw_name(p, i), super::abi::param_type_for(m, p, &format!("{}::{}", d.name, method.name))))
            .collect();
        let raw_args: Vec<TokenStream> = raw_params.iter().map(|(n, t)| quote!(#n: #t)).collect();
        let raw_names: Vec<&syn::Ident> = raw_params.iter().map(|(n, _)| n).collect();
        let ret = m.ret(&method.ret, &method.name);
        let hresult = m.is_hresult(&method.ret);
        let Some(shapes) = shapes(m, method).filter(|_| hresult) else {
            // Raw fallback: the handler sees the ABI arguments.
            let raw_doc = format!(" `{}` with its ABI arguments (its parameters have no safe form).", method.abi_name);
            let default = if hresult {
                quote!(#ole::E_NOTIMPL)
            } else {
                // SAFETY: non-HRESULT returns of the ABI layer are integers or pointers.
                quote!(unsafe { ::core::mem::zeroed() })
            };
            handler_methods.push(quote! {
                #[doc = #raw_doc]
                unsafe fn #safe(&self #(, #raw_args)*) #ret {
                    let _ = (#(#raw_names,)*);
                    #default
                }
            });
            forwarders.push(quote! {
                unsafe fn #raw(&self #(, #raw_args)*) #ret {
                    unsafe { #handler::#safe(::windows_core::IUnknownImpl::get_impl(self) #(, #raw_names)*) }
                }
            });
            continue;
        };

        // Safe parameter lists and the out-values' types.
        let (mut caller_params, mut handler_params, mut outs) = (Vec::new(), Vec::new(), Vec::new());
        let (mut caller_setup, mut caller_args, mut caller_results) = (Vec::new(), Vec::new(), Vec::new());
        let (mut impl_checks, mut impl_args, mut impl_writes) = (Vec::new(), Vec::new(), Vec::new());
        for (i, (p, shape)) in method.params.iter().zip(&shapes).enumerate() {
            let n = param_name(p, i);
            let r = raw_name(p, i);
            let out_var = out_name(p, i);
            match shape {
                Shape::Value(t) => {
                    caller_params.push(quote!(#n: #t));
                    handler_params.push(quote!(#n: #t));
                    caller_args.push(quote!(#n));
                    impl_args.push(quote!(#r));
                }
                Shape::GuidRef => {
                    caller_params.push(quote!(#n: &::windows_core::GUID));
                    handler_params.push(quote!(#n: &::windows_core::GUID));
                    caller_args.push(quote!(#n));
                    impl_checks.push(quote!(if #r.is_null() { return #ole::E_POINTER; }));
                    impl_args.push(quote!(unsafe { &*#r }));
                }
                Shape::Bool => {
                    caller_params.push(quote!(#n: bool));
                    handler_params.push(quote!(#n: bool));
                    caller_args.push(quote!(#ole::VARIANT_BOOL::from(#n)));
                    impl_args.push(quote!(#r.0 != 0));
                }
                Shape::Bstr { optional: false } => {
                    caller_params.push(quote!(#n: &(impl #ole::AsBstrParam + ?Sized)));
                    handler_params.push(quote!(#n: #ole::BStrRef<'_>));
                    caller_setup.push(quote!(let #n = #n.as_bstr_param();));
                    caller_args.push(quote!(#n.abi()));
                    impl_args.push(quote!(unsafe { #ole::BStrRef::from_abi(#r) }));
                }
                Shape::Bstr { optional: true } => {
                    caller_params.push(quote!(#n: ::core::option::Option<&(impl #ole::AsBstrParam + ?Sized)>));
                    handler_params.push(quote!(#n: ::core::option::Option<#ole::BStrRef<'_>>));
                    caller_setup.push(quote!(let #n = #n.map(|v| v.as_bstr_param());));
                    caller_args.push(quote!(#n.as_ref().map_or(#ole::BSTR::null(), |v| v.abi())));
                    impl_args.push(quote!((!#r.0.is_null()).then(|| unsafe { #ole::BStrRef::from_abi(#r) })));
                }
                Shape::Variant => {
                    caller_params.push(quote!(#n: &#ole::Variant));
                    handler_params.push(quote!(#n: &#ole::Variant));
                    caller_args.push(quote!(#n.as_abi()));
                    impl_args.push(quote!(unsafe { #ole::Variant::from_abi_ref(#r) }));
                }
                Shape::Blob => {
                    caller_params.push(quote!(#n: &[u8]));
                    handler_params.push(quote!(#n: &[u8]));
                    caller_args.push(quote!(#ole::BLOB::borrowed(#n)));
                    impl_args.push(quote!(unsafe { #r.as_slice() }));
                }
                Shape::Interface(t) => {
                    caller_params.push(quote!(#n: ::core::option::Option<&#t>));
                    handler_params.push(quote!(#n: ::core::option::Option<&#t>));
                    caller_args.push(quote!(#n.map_or(::core::ptr::null_mut(), ::windows_core::Interface::as_raw)));
                    impl_args.push(quote!(unsafe { <#t as ::windows_core::Interface>::from_raw_borrowed(&#r) }));
                }
                Shape::InArray { elem, count } => {
                    let cn = param_name(&method.params[*count], *count);
                    let craw = raw_name(&method.params[*count], *count);
                    caller_params.push(quote!(#n: &[#elem]));
                    handler_params.push(quote!(#n: &[#elem]));
                    caller_setup.push(quote!(let #cn = u32::try_from(#n.len()).map_err(|_| ::windows_core::Error::from_hresult(#ole::E_INVALIDARG))?;));
                    caller_args.push(quote!(#n.as_ptr()));
                    impl_args.push(quote!(unsafe { #ole::slice_from_abi(#r, #craw) }));
                }
                Shape::Count => {
                    // The owning array's arm supplies it.
                    let owner = shapes.iter().enumerate().find_map(|(j, s)| match s {
                        Shape::InArray { count, .. } | Shape::OutArray { count, .. } if *count == i => Some(j),
                        _ => None,
                    });
                    let is_out = matches!(owner.map(|j| &shapes[j]), Some(Shape::OutArray { .. }));
                    if is_out {
                        caller_setup.push(quote!(let mut #out_var = 0u32;));
                        caller_args.push(quote!(&mut #out_var));
                        impl_checks.push(quote!(if #r.is_null() { return #ole::E_POINTER; }));
                        impl_checks.push(quote!(unsafe { #r.write(0) };));
                    } else {
                        caller_args.push(quote!(#n));
                    }
                }
                Shape::OutValue(t) => {
                    outs.push(t.clone());
                    // SAFETY: ABI-layer types are plain data for which zero bytes are a valid value.
                    caller_setup.push(quote!(let mut #out_var: #t = unsafe { ::core::mem::zeroed() };));
                    caller_args.push(quote!(&mut #out_var));
                    caller_results.push(quote!(#out_var));
                    impl_checks.push(quote!(if #r.is_null() { return #ole::E_POINTER; }));
                    impl_writes.push((out_var.clone(), quote!(unsafe { #r.write(#out_var) };)));
                }
                Shape::OutBool => {
                    outs.push(quote!(bool));
                    caller_setup.push(quote!(let mut #out_var = #ole::VARIANT_BOOL::FALSE;));
                    caller_args.push(quote!(&mut #out_var));
                    caller_results.push(quote!(#out_var.0 != 0));
                    impl_checks.push(quote!(if #r.is_null() { return #ole::E_POINTER; }));
                    impl_writes
                        .push((out_var.clone(), quote!(unsafe { #r.write(#ole::VARIANT_BOOL::from(#out_var)) };)));
                }
                Shape::OutBstr => {
                    outs.push(quote!(#ole::Bstr));
                    caller_setup.push(quote!(let mut #out_var = #ole::BSTR::null();));
                    caller_args.push(quote!(&mut #out_var));
                    caller_results.push(quote!(unsafe { #ole::Bstr::from_abi(#out_var) }));
                    impl_checks.push(quote!(if #r.is_null() { return #ole::E_POINTER; }));
                    impl_checks.push(quote!(unsafe { #r.write(#ole::BSTR::null()) };));
                    impl_writes.push((out_var.clone(), quote!(unsafe { #r.write(#out_var.into_abi()) };)));
                }
                Shape::OutVariant => {
                    outs.push(quote!(#ole::Variant));
                    caller_setup.push(quote!(let mut #out_var = #ole::VARIANT::default();));
                    caller_args.push(quote!(&mut #out_var));
                    caller_results.push(quote!(unsafe { #ole::Variant::from_abi(#out_var) }));
                    impl_checks.push(quote!(if #r.is_null() { return #ole::E_POINTER; }));
                    impl_checks.push(quote!(unsafe { #r.write(#ole::VARIANT::default()) };));
                    impl_writes.push((out_var.clone(), quote!(unsafe { #r.write(#out_var.into_abi()) };)));
                }
                Shape::OutInterface(t) => {
                    outs.push(quote!(::core::option::Option<#t>));
                    caller_setup.push(quote!(let mut #out_var = ::core::ptr::null_mut();));
                    caller_args.push(quote!(&mut #out_var));
                    caller_results.push(quote!((!#out_var.is_null()).then(|| unsafe { <#t as ::windows_core::Interface>::from_raw(#out_var) })));
                    impl_checks.push(quote!(if #r.is_null() { return #ole::E_POINTER; }));
                    impl_checks.push(quote!(unsafe { #r.write(::core::ptr::null_mut()) };));
                    impl_writes.push((out_var.clone(), quote!(unsafe { #r.write(#out_var.map_or(::core::ptr::null_mut(), ::windows_core::Interface::into_raw)) };)));
                }
                Shape::OutArray { elem, count } => {
                    let count_var = out_name(&method.params[*count], *count);
                    let craw = raw_name(&method.params[*count], *count);
                    outs.push(quote!(#ole::CoTaskMemArray<#elem>));
                    caller_setup.push(quote!(let mut #out_var = ::core::ptr::null_mut();));
                    caller_args.push(quote!(&mut #out_var));
                    caller_results
                        .push(quote!(unsafe { #ole::CoTaskMemArray::from_abi(#out_var, #count_var as usize) }));
                    impl_checks.push(quote!(if #r.is_null() { return #ole::E_POINTER; }));
                    impl_checks.push(quote!(unsafe { #r.write(::core::ptr::null_mut()) };));
                    impl_writes.push((
                        out_var.clone(),
                        quote! {
                            let (ptr, len) = #ole::CoTaskMemArray::from_vec(#out_var).into_abi();
                            unsafe {
                                #r.write(ptr);
                                #craw.write(len as u32);
                            }
                        },
                    ));
                }
            }
        }
        // Vec for an out-array on the implementer's side; the caller gets task memory back.
        let handler_outs: Vec<TokenStream> = shapes
            .iter()
            .filter_map(|s| match s {
                Shape::OutArray { elem, .. } => Some(quote!(::std::vec::Vec<#elem>)),
                Shape::OutValue(t) => Some(t.clone()),
                Shape::OutBool => Some(quote!(bool)),
                Shape::OutBstr => Some(quote!(#ole::Bstr)),
                Shape::OutVariant => Some(quote!(#ole::Variant)),
                Shape::OutInterface(t) => Some(quote!(::core::option::Option<#t>)),
                _ => None,
            })
            .collect();
        let tuple = |items: &[TokenStream]| match items {
            [one] => one.clone(),
            many => quote!((#(#many),*)),
        };
        let caller_ret = tuple(&outs);
        let handler_ret = tuple(&handler_outs);
        let results = tuple(&caller_results);
        let out_vars: Vec<syn::Ident> = impl_writes.iter().map(|(v, _)| v.clone()).collect();
        let out_pattern = tuple(&out_vars.iter().map(|v| quote!(#v)).collect::<Vec<_>>());
        let writes = impl_writes.iter().map(|(_, w)| w);
        let doc = format!(" `{}` with Rust types; fails with the HRESULT the object returned.", method.abi_name);
        let handler_doc = format!(" Answers `{}`. The default fails with E_NOTIMPL.", method.abi_name);

        callers.push(quote! {
            #[doc = #doc]
            pub fn #safe(&self #(, #caller_params)*) -> ::windows_core::Result<#caller_ret> {
                #(#caller_setup)*
                // SAFETY: every pointer passed lives until the call returns; out-values are
                // taken over only on success.
                unsafe { self.#raw(#(#caller_args),*) }.ok()?;
                Ok(#results)
            }
        });
        handler_methods.push(quote! {
            #[doc = #handler_doc]
            fn #safe(&self #(, #handler_params)*) -> ::windows_core::Result<#handler_ret> {
                Err(::windows_core::Error::from_hresult(#ole::E_NOTIMPL))
            }
        });
        forwarders.push(quote! {
            unsafe fn #raw(&self #(, #raw_args)*) #ret {
                // Out-parameters are checked, and cleared so a failure hands back nothing.
                #(#impl_checks)*
                let this = ::windows_core::IUnknownImpl::get_impl(self);
                match #handler::#safe(this #(, #impl_args)*) {
                    Ok(#out_pattern) => {
                        #(#writes)*
                        #ole::S_OK
                    }
                    Err(e) => e.code(),
                }
            }
        });
    }

    let handler_doc = format!(
        " `{}` in Rust types, for implementers: `#[implement({0})]` on a struct that implements this \
         trait is a complete COM object (the blanket `{0}_Impl` below converts).",
        d.name
    );
    quote! {
        #[allow(non_snake_case, clippy::all)]
        impl #name {
            #(#callers)*
        }
        #[doc = #handler_doc]
        #[allow(non_snake_case, unused_variables, clippy::all)]
        pub trait #handler #supertrait {
            #(#handler_methods)*
        }
        #[allow(non_snake_case, clippy::all)]
        impl<Identity> #impl_trait for Identity
        where
            Identity: ::windows_core::IUnknownImpl,
            <Identity as ::windows_core::IUnknownImpl>::Impl: #handler,
        {
            #(#forwarders)*
        }
    }
}
