//! The safe layer: Rust-typed callers on each interface, and for implementers a `IFooHandler`
//! trait with a blanket `IFoo_Impl`, so `#[implement(IFoo)]` plus `impl IFooHandler` is a whole
//! COM object. Conversions live in the runtime (`ole`); this only wires them per parameter.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use super::abi::{param_ident, params};
use super::types::{Mapper, ident};
use crate::model::{DefId, DefKind, Direction, Interface, Method, Model, Param, Type};

/// How one parameter crosses between the ABI and Rust types.
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
        count: Names,
    },
    /// The count of an array: not a parameter of the safe methods. An out-array's (`out`) is
    /// written by the callee; any other is the length of the slice the caller passes.
    Count {
        out: bool,
    },
    OutValue(TokenStream),
    OutBool,
    OutBstr,
    OutVariant,
    OutInterface(TokenStream),
    /// `[out, size_is(, *n)] T**`, `n` being out-parameter `count`.
    OutArray {
        elem: TokenStream,
        count: Names,
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
        Type::Named { def, .. } => match &m.model[*def].kind {
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
                match &m.model[*def].kind {
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
        Type::Named { def, .. } => match &m.model[*def].kind {
            // A bare interface (no IUnknown) is no windows-core `Interface`: its pointers stay raw.
            DefKind::Interface(i) if i.generic_params.is_empty() && !super::bare::is_bare(m.model, *def) => {
                m.interface_path(*def, "")
            }
            DefKind::Typedef(inner) => interface_type(m, inner),
            DefKind::RuntimeClass(_) | DefKind::Forward("runtimeclass") => {
                let default = m.default_interface(*def)?;
                interface_type(m, &Type::Named { name: m.model[default].name.clone(), def: default })
            }
            _ => None,
        },
        _ => None,
    }
}

fn param_index(params: &[Param], expr: &str) -> Option<usize> {
    let name = expr.trim().trim_start_matches('*').trim();
    params.iter().position(|p| p.name.as_deref() == Some(name))
}

/// Each parameter's plan, or `None` when the method needs the raw ABI.
fn plan(m: &mut Mapper, method: &Method) -> Option<Vec<ParamPlan>> {
    let params = &method.params;
    // Counts first, each with its array: a count usually comes before its array.
    let mut array_of = vec![None; params.len()];
    for (j, p) in params.iter().enumerate() {
        let size = match (p.direction, p.size_is.as_slice()) {
            (Direction::In, [Some(size)]) | (Direction::Out, [None, Some(size)]) => size,
            _ => continue,
        };
        let count = param_index(params, size)?;
        // The slice length crosses as a ULONG; another count type keeps the method raw.
        let count_ty = match &params[count].ty {
            Type::Pointer { to, .. } if params[count].direction == Direction::Out => &**to,
            t => t,
        };
        if super::records::int_of(m.model, count_ty) != Some((32, false)) {
            return None;
        }
        if array_of[count].replace(j).is_some() {
            return None; // one count for two arrays
        }
    }
    let mut shapes = Vec::with_capacity(params.len());
    for (p, array) in params.iter().zip(&array_of) {
        shapes.push(match array {
            Some(_) => None,
            None => Some(classify(m, method, p)?),
        });
    }
    let out_arrays: Vec<bool> = shapes.iter().map(|s| matches!(s, Some(Shape::OutArray { .. }))).collect();
    let plans = shapes.into_iter().zip(array_of).enumerate().map(|(i, (shape, array))| ParamPlan {
        shape: shape.unwrap_or(Shape::Count { out: array.is_some_and(|a| out_arrays[a]) }),
        names: Names::of(m.model, params, i),
    });
    Some(plans.collect())
}

/// The shape of a parameter that is not a count, or `None` when it has no safe form.
fn classify(m: &mut Mapper, method: &Method, p: &Param) -> Option<Shape> {
    let params = &method.params;
    Some(match (p.direction, &p.ty) {
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
            Shape::InArray { elem: m.abi(to, &method.name), count: Names::of(m.model, params, count) }
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
                if params[count].direction != Direction::Out || !com_free(m, elem) {
                    return None;
                }
                Shape::OutArray { elem: m.abi(elem, &method.name), count: Names::of(m.model, params, count) }
            }
            t @ (Type::Base(_) | Type::Named { .. }) if p.size_is.is_empty() => Shape::OutValue(m.abi(t, &method.name)),
            _ => return None,
        },
        _ => return None,
    })
}

/// Whether the runtime's `ComFree` (which `CoTaskMemArray` needs) is implemented for `t`'s Rust
/// type: numbers, the OLE types, GUIDs, HRESULTs and generated records.
fn com_free(m: &Mapper, t: &Type) -> bool {
    match t {
        Type::Base(b) => *b != crate::model::Base::Handle,
        Type::Named { name, def } => {
            matches!(name.as_str(), "HRESULT" | "GUID" | "IID" | "CLSID" | "BSTR" | "VARIANT" | "VARIANT_BOOL")
                || match &m.model[*def].kind {
                    DefKind::Typedef(inner) => com_free(m, inner),
                    // Generated here or, mapped with `extern_path`, by the same generator.
                    DefKind::Struct(_) | DefKind::Union(_) => {
                        m.is_generated(*def) || m.paths.externs.iter().any(|(n, _)| n == name)
                    }
                    _ => false,
                }
        }
        _ => false,
    }
}

/// The Rust name of a property's get (`p`) or put (`set_p`, `set_ref_p` for a `propputref`);
/// `None` for a method that is no property.
fn property_name(method: &Method) -> Option<syn::Ident> {
    let has = |name: &str| method.attributes.iter().any(|a| a.name == name);
    let p = snake(&method.name).to_string();
    let p = p.trim_start_matches("r#");
    let name = if has("propget") {
        p.to_string()
    } else if has("propput") {
        format!("set_{p}")
    } else if has("propputref") {
        format!("set_ref_{p}")
    } else {
        return None;
    };
    Some(ident(&name))
}

fn snake(name: &str) -> syn::Ident {
    // heck reads `IDs` as `I` + `Ds`; COM names mean the plural of ID.
    let snake = name.replace("IDs", "Ids").to_snake_case();
    // heck drops trailing underscores, which tell overloads apart (`GetValues`, `GetValues_`).
    ident(&format!("{snake}{}", &name[name.trim_end_matches('_').len()..]))
}

/// The names the generated code gives one parameter.
struct Names {
    /// In the safe caller's and the handler's signatures.
    safe: syn::Ident,
    /// In the forwarder, which receives the ABI arguments.
    raw: syn::Ident,
    /// The local that receives an out-value in the caller, or holds the handler's in the forwarder.
    out: syn::Ident,
}

impl Names {
    fn of(model: &Model, params: &[Param], i: usize) -> Names {
        let p = &params[i];
        let safe = p.name.as_deref().map(snake).unwrap_or_else(|| format_ident!("param{i}"));
        let out = format_ident!("out_{}", safe.to_string().trim_start_matches("r#"));
        Names { safe, raw: param_ident(model, p, i), out }
    }
}

/// One parameter, classified once: each method below is its part of one of the three generated
/// functions (the safe caller, the handler's method, the forwarder from the ABI to the handler).
struct ParamPlan {
    shape: Shape,
    names: Names,
}

/// An in-parameter of the safe caller and the handler.
struct Input {
    caller_ty: TokenStream,
    handler_ty: TokenStream,
    /// The handler's argument, made from the ABI one in the forwarder (inside the `unsafe` of
    /// the handler's call where `trusts_abi`).
    from_abi: TokenStream,
    /// Whether `from_abi` trusts the caller's pointer (a BSTR, a VARIANT, an array...).
    trusts_abi: bool,
}

/// An out-parameter: a part of the caller's and the handler's results.
struct Output {
    caller_ty: TokenStream,
    handler_ty: TokenStream,
    /// The caller's result, from the value the callee wrote.
    result: TokenStream,
    /// The forwarder's write of the handler's value to the ABI out-parameter.
    write: TokenStream,
}

impl ParamPlan {
    /// `None` for counts and out-parameters, which the safe signatures do not have.
    fn input(&self, ole: &syn::Path) -> Option<Input> {
        let r = &self.names.raw;
        let plain =
            |ty: TokenStream, from_abi| Input { caller_ty: ty.clone(), handler_ty: ty, from_abi, trusts_abi: false };
        let trusted =
            |ty: TokenStream, from_abi| Input { caller_ty: ty.clone(), handler_ty: ty, from_abi, trusts_abi: true };
        Some(match &self.shape {
            Shape::Value(t) => plain(t.clone(), quote!(#r)),
            Shape::GuidRef => trusted(quote!(&::windows_core::GUID), quote!(&*#r)),
            Shape::Bool => plain(quote!(bool), quote!(#r.0 != 0)),
            Shape::Bstr { optional } => {
                let caller_ty = quote!(&(impl #ole::AsBstrParam + ?Sized));
                let handler_ty = quote!(#ole::BStrRef<'_>);
                let from_abi = quote!(#ole::BStrRef::from_abi(#r));
                if !optional {
                    return Some(Input { caller_ty, handler_ty, from_abi, trusts_abi: true });
                }
                Input {
                    caller_ty: quote!(::core::option::Option<#caller_ty>),
                    handler_ty: quote!(::core::option::Option<#handler_ty>),
                    from_abi: quote!((!#r.0.is_null()).then(|| #from_abi)),
                    trusts_abi: true,
                }
            }
            Shape::Variant => trusted(quote!(&#ole::Variant), quote!(#ole::Variant::from_abi_ref(#r))),
            Shape::Blob => trusted(quote!(&[u8]), quote!(#r.as_slice())),
            Shape::Interface(t) => trusted(
                quote!(::core::option::Option<&#t>),
                quote!(<#t as ::windows_core::Interface>::from_raw_borrowed(&#r)),
            ),
            Shape::InArray { elem, count } => {
                let count = &count.raw;
                trusted(quote!(&[#elem]), quote!(#ole::slice_from_abi(#r, #count)))
            }
            _ => return None,
        })
    }

    /// In the caller before the call: an argument converted, or the local an out-value lands in
    /// (an owning one is the caller's result type itself, which the runtime lends as the slot).
    fn caller_setup(&self, ole: &syn::Path) -> Option<TokenStream> {
        let (n, out) = (&self.names.safe, &self.names.out);
        Some(match &self.shape {
            Shape::OutBstr => quote!(let mut #out = #ole::Bstr::new();),
            Shape::OutVariant => quote!(let mut #out = #ole::Variant::empty();),
            Shape::OutInterface(t) => quote!(let mut #out: ::core::option::Option<#t> = None;),
            Shape::OutArray { .. } => quote!(let mut #out = ::core::ptr::null_mut();),
            Shape::Bstr { optional: false } => quote!(let #n = #n.as_bstr_param();),
            Shape::Bstr { optional: true } => quote!(let #n = #n.map(|v| v.as_bstr_param());),
            Shape::InArray { count, .. } => {
                let count = &count.safe;
                quote!(let #count = u32::try_from(#n.len()).map_err(|_| ::windows_core::Error::from_hresult(#ole::E_INVALIDARG))?;)
            }
            Shape::Count { out: true } => quote!(let mut #out = 0u32;),
            // SAFETY: ABI-layer types are plain data for which zero bytes are a valid value.
            Shape::OutValue(t) => quote!(let mut #out: #t = unsafe { ::core::mem::zeroed() };),
            Shape::OutBool => quote!(let mut #out = #ole::VARIANT_BOOL::FALSE;),
            _ => return None,
        })
    }

    /// The caller's argument to the raw method.
    fn abi_arg(&self, ole: &syn::Path) -> TokenStream {
        let (n, out) = (&self.names.safe, &self.names.out);
        match &self.shape {
            Shape::Value(_) | Shape::GuidRef | Shape::Count { out: false } => quote!(#n),
            Shape::Bool => quote!(#ole::VARIANT_BOOL::from(#n)),
            Shape::Bstr { optional: false } => quote!(#n.abi()),
            Shape::Bstr { optional: true } => quote!(#n.as_ref().map_or(#ole::BSTR::null(), |v| v.abi())),
            Shape::Variant => quote!(#n.as_abi()),
            Shape::Blob => quote!(#ole::BLOB::borrowed(#n)),
            Shape::Interface(_) => quote!(#n.map_or(::core::ptr::null_mut(), ::windows_core::Interface::as_raw)),
            Shape::InArray { .. } => quote!(#n.as_ptr()),
            Shape::OutBstr | Shape::OutVariant => quote!(#out.as_out()),
            Shape::OutInterface(_) => quote!(#ole::interface_out(&mut #out)),
            Shape::Count { out: true } | Shape::OutValue(_) | Shape::OutBool | Shape::OutArray { .. } => {
                quote!(&mut #out)
            }
        }
    }

    /// In the forwarder before the handler runs: the out-parameter as the runtime's `ole::Out`,
    /// cleared to a value that owns nothing (zero for plain data) so that no failure hands back
    /// what was in the caller's memory, or `None` where the caller passed null. `None` for
    /// in-parameters.
    fn out_slot(&self, ole: &syn::Path) -> Option<TokenStream> {
        let r = &self.names.raw;
        let empty = match &self.shape {
            // Out-values of the ABI layer are integers, enums, plain structs and pointers, for
            // which all-zero is a valid value.
            Shape::OutValue(_) => return Some(quote!(#ole::Out::zeroed(#r))),
            Shape::OutBool => quote!(#ole::VARIANT_BOOL::FALSE),
            Shape::Count { out: true } => quote!(0),
            Shape::OutBstr => quote!(#ole::BSTR::null()),
            Shape::OutVariant => quote!(#ole::VARIANT::default()),
            Shape::OutInterface(_) | Shape::OutArray { .. } => quote!(::core::ptr::null_mut()),
            _ => return None,
        };
        Some(quote!(#ole::Out::cleared(#r, #empty)))
    }

    /// Fails with E_POINTER when a `REFIID` the handler reads is null.
    fn null_check(&self, ole: &syn::Path) -> TokenStream {
        let r = &self.names.raw;
        match &self.shape {
            Shape::GuidRef => quote!(if #r.is_null() { return #ole::E_POINTER; }),
            _ => TokenStream::new(),
        }
    }

    /// `None` for in-parameters and counts.
    fn output(&self, ole: &syn::Path) -> Option<Output> {
        let (r, out) = (&self.names.raw, &self.names.out);
        let (caller_ty, result, write) = match &self.shape {
            Shape::OutValue(t) => (t.clone(), quote!(#out), quote!(#r.write(#out);)),
            Shape::OutBool => (quote!(bool), quote!(#out.0 != 0), quote!(#r.write(#ole::VARIANT_BOOL::from(#out));)),
            Shape::OutBstr => (quote!(#ole::Bstr), quote!(#out), quote!(#r.write(#out.into_abi());)),
            Shape::OutVariant => (quote!(#ole::Variant), quote!(#out), quote!(#r.write(#out.into_abi());)),
            Shape::OutInterface(t) => (
                quote!(::core::option::Option<#t>),
                quote!(#out),
                quote!(#r.write(#out.map_or(::core::ptr::null_mut(), ::windows_core::Interface::into_raw));),
            ),
            Shape::OutArray { elem, count } => {
                let (count_out, count_raw) = (&count.out, &count.raw);
                return Some(Output {
                    caller_ty: quote!(#ole::CoTaskMemArray<#elem>),
                    // A Vec for the implementer; the caller gets task memory back.
                    handler_ty: quote!(::std::vec::Vec<#elem>),
                    result: quote!(unsafe { #ole::CoTaskMemArray::from_abi(#out, #count_out as usize) }),
                    write: quote!(#r.write_array(#count_raw, #out);),
                });
            }
            _ => return None,
        };
        Some(Output { handler_ty: caller_ty.clone(), caller_ty, result, write })
    }
}

/// One item as itself, several (or none) as a tuple.
fn tuple<T: ToTokens>(items: impl Iterator<Item = T>) -> TokenStream {
    match items.collect::<Vec<_>>().as_slice() {
        [one] => quote!(#one),
        many => quote!((#(#many),*)),
    }
}

/// A vtable method as the ABI has it, which both its safe and its raw form forward.
struct AbiMethod<'a> {
    method: &'a Method,
    /// The vtable entry (`get_Name`).
    raw: syn::Ident,
    /// The safe caller and the handler's method (`get_name`).
    safe: syn::Ident,
    params: Vec<(syn::Ident, TokenStream)>,
    /// `-> T`, nothing for `void`.
    ret: TokenStream,
}

impl<'a> AbiMethod<'a> {
    fn new(m: &mut Mapper, iface: &str, method: &'a Method) -> AbiMethod<'a> {
        let params = params(m, method, &format!("{iface}::{}", method.name));
        let ret = m.ret(&method.ret, &method.name);
        AbiMethod { method, raw: ident(&method.abi_name), safe: snake(&method.abi_name), params, ret }
    }

    fn abi_params(&self) -> impl Iterator<Item = TokenStream> {
        self.params.iter().map(|(n, t)| quote!(#n: #t))
    }

    /// The `IFoo_Impl` method that answers the vtable entry.
    fn forwarder(&self, body: TokenStream) -> TokenStream {
        let (raw, ret, params) = (&self.raw, &self.ret, self.abi_params());
        quote! {
            unsafe fn #raw(&self #(, #params)*) #ret {
                #body
            }
        }
    }

    /// The handler's method and the forwarder's body for a method whose parameters have no safe
    /// form: the handler sees the ABI arguments.
    fn raw_form(&self, hresult: bool, handler: &syn::Ident, ole: &syn::Path) -> (TokenStream, TokenStream) {
        let (safe, ret, params) = (&self.safe, &self.ret, self.abi_params());
        let names: Vec<&syn::Ident> = self.params.iter().map(|(n, _)| n).collect();
        let doc = format!(" `{}` with its ABI arguments (its parameters have no safe form).", self.method.abi_name);
        let default = if hresult {
            quote!(#ole::E_NOTIMPL)
        } else {
            // SAFETY: non-HRESULT returns of the ABI layer are integers or pointers.
            quote!(unsafe { ::core::mem::zeroed() })
        };
        let handler_method = quote! {
            #[doc = #doc]
            unsafe fn #safe(&self #(, #params)*) #ret {
                let _ = (#(#names,)*);
                #default
            }
        };
        let body = quote!(unsafe { #handler::#safe(::windows_core::IUnknownImpl::get_impl(self) #(, #names)*) });
        (handler_method, body)
    }

    /// The safe caller, the handler's method and the forwarder's body, from the parameters' plans.
    fn safe_form(
        &self,
        plans: &[ParamPlan],
        handler: &syn::Ident,
        ole: &syn::Path,
    ) -> (TokenStream, TokenStream, TokenStream) {
        let (raw, safe) = (&self.raw, &self.safe);
        let inputs: Vec<(&syn::Ident, Input)> =
            plans.iter().filter_map(|p| Some((&p.names.safe, p.input(ole)?))).collect();
        let outputs: Vec<(&syn::Ident, Output)> =
            plans.iter().filter_map(|p| Some((&p.names.out, p.output(ole)?))).collect();
        let caller_params = inputs.iter().map(|(n, i)| {
            let t = &i.caller_ty;
            quote!(#n: #t)
        });
        let handler_params = inputs.iter().map(|(n, i)| {
            let t = &i.handler_ty;
            quote!(#n: #t)
        });
        let handler_args = inputs.iter().map(|(_, i)| &i.from_abi);
        // The arguments that trust the caller's pointers are made inside the call's one `unsafe`.
        let call = quote!(#handler::#safe(this #(, #handler_args)*));
        let call = if inputs.iter().any(|(_, i)| i.trusts_abi) { quote!(unsafe { #call }) } else { call };
        let setup = plans.iter().filter_map(|p| p.caller_setup(ole));
        let abi_args = plans.iter().map(|p| p.abi_arg(ole));
        let outs: Vec<(&syn::Ident, TokenStream)> =
            plans.iter().filter_map(|p| Some((&p.names.raw, p.out_slot(ole)?))).collect();
        let null_checks = plans.iter().map(|p| p.null_check(ole));
        let caller_ret = tuple(outputs.iter().map(|(_, o)| &o.caller_ty));
        let handler_ret = tuple(outputs.iter().map(|(_, o)| &o.handler_ty));
        let results = tuple(outputs.iter().map(|(_, o)| &o.result));
        let out_pattern = tuple(outputs.iter().map(|(out, _)| out));
        let writes = outputs.iter().map(|(_, o)| &o.write);
        let abi_name = &self.method.abi_name;
        let doc = format!(" `{abi_name}` with Rust types; fails with the HRESULT the object returned.");
        let handler_doc = format!(" Answers `{abi_name}`. The default fails with E_NOTIMPL.");

        let caller = quote! {
            #[doc = #doc]
            pub fn #safe(&self #(, #caller_params)*) -> ::windows_core::Result<#caller_ret> {
                #(#setup)*
                // SAFETY: every pointer passed lives until the call returns; out-values are
                // taken over only on success.
                unsafe { self.#raw(#(#abi_args),*) }.ok()?;
                Ok(#results)
            }
        };
        let handler_method = quote! {
            #[doc = #handler_doc]
            fn #safe(&self #(, #handler_params)*) -> ::windows_core::Result<#handler_ret> {
                Err(::windows_core::Error::from_hresult(#ole::E_NOTIMPL))
            }
        };
        // Every out-parameter is cleared first, then the pointers checked: a failure, E_POINTER
        // included, hands back nothing.
        let out_slots = (!outs.is_empty()).then(|| {
            let names = tuple(outs.iter().map(|(n, _)| quote!(::core::option::Option::Some(#n))));
            let slots = tuple(outs.iter().map(|(_, slot)| slot));
            quote! {
                let #names = (unsafe { #slots }) else { return #ole::E_POINTER; };
            }
        });
        let body = quote! {
            #out_slots
            #(#null_checks)*
            let this = ::windows_core::IUnknownImpl::get_impl(self);
            match #call {
                Ok(#out_pattern) => {
                    #(#writes)*
                    #ole::S_OK
                }
                Err(e) => e.code(),
            }
        };
        (caller, handler_method, body)
    }
}

pub fn interface(m: &mut Mapper, model: &Model, id: DefId, iface: &Interface) -> TokenStream {
    let d = &model[id];
    let name = m.def_ident(id, "");
    let impl_trait = m.def_ident(id, "_Impl");
    let handler = m.def_ident(id, m.handler_suffix(id));
    // `IThing_Handler`, where `IThingHandler` is taken, is not camel case.
    let camel = (m.handler_suffix(id) != "Handler").then(|| quote!(#[allow(non_camel_case_types)]));
    let ole = m.paths.ole.clone();
    // The base's handler is a supertrait (none for IUnknown, whose methods windows-core provides).
    let supertrait = match iface.base.and_then(|b| m.interface_path(b, m.handler_suffix(b))) {
        Some(h) => quote!(: #h),
        None => quote!(),
    };
    // A base of the windows crate has no handler: its implementer implements the crate's `_Impl`
    // of it on the identity, and the blanket impl below requires it (the nearest such base's).
    let windows_base =
        model.bases(id).into_iter().find(|&b| m.model[b].name != "IDispatch" && m.windows_row(b).is_some());
    let windows_impl = windows_base.and_then(|b| m.interface_path(b, "_Impl")).map(|p| quote!(Identity: #p,));

    let (mut callers, mut handler_methods, mut forwarders) = (Vec::new(), Vec::new(), Vec::new());
    let raw_names: Vec<syn::Ident> =
        iface.methods.iter().filter(|x| x.slot.is_some()).map(|x| ident(&x.abi_name)).collect();
    for method in iface.methods.iter().filter(|x| x.slot.is_some()) {
        let mut abi = AbiMethod::new(m, &d.name, method);
        // A property of a lower-case name (`get_text`) is already snake case: its Rust-typed
        // forms take the property's name (`text`, `set_text`) where that is free.
        if raw_names.contains(&abi.safe) {
            let free =
                |n: &syn::Ident| !raw_names.contains(n) && !iface.methods.iter().any(|x| snake(&x.abi_name) == *n);
            if let Some(name) = property_name(method).filter(free) {
                abi.safe = name;
            }
        }
        let hresult = m.is_hresult(&method.ret);
        let (handler_method, body) = match plan(m, method).filter(|_| hresult) {
            Some(plans) => {
                let (caller, handler_method, body) = abi.safe_form(&plans, &handler, &ole);
                // A method already named in snake case (`get_length`) keeps only its ABI caller,
                // which has that name.
                if !raw_names.contains(&abi.safe) {
                    callers.push(caller);
                }
                (handler_method, body)
            }
            None => abi.raw_form(hresult, &handler, &ole),
        };
        handler_methods.push(handler_method);
        forwarders.push(abi.forwarder(body));
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
        #camel
        pub trait #handler #supertrait {
            #(#handler_methods)*
        }
        #[allow(non_snake_case, clippy::all)]
        impl<Identity> #impl_trait for Identity
        where
            Identity: ::windows_core::IUnknownImpl,
            <Identity as ::windows_core::IUnknownImpl>::Impl: #handler,
            #windows_impl
        {
            #(#forwarders)*
        }
    }
}
