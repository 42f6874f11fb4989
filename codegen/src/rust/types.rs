//! Model types to the Rust types of the ABI layer.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Base, Def, DefId, DefKind, Model, Type};
use crate::source::FileId;

/// How names outside the generated file are spelled.
pub struct RustPaths {
    /// Where `BSTR`, `VARIANT`, `BLOB` and `VARIANT_BOOL` live.
    pub ole: syn::Path,
    /// IDL names generated elsewhere, to the Rust path that holds them (prost-build's extern_path).
    pub externs: Vec<(String, syn::Path)>,
    /// In a module tree, the module of each IDL file read (by [`Def::unit`]): an imported
    /// definition is `super::<module>::<name>` there. Empty for a single file.
    pub modules: HashMap<FileId, syn::Ident>,
    /// Whether each item allows [`ALLOWED_LINTS`](super::ALLOWED_LINTS) itself.
    pub item_allows: bool,
    /// Whether imported Win32 types are the `windows` crate's ([`RustOptions::windows_crate`](super::RustOptions)).
    pub windows_crate: bool,
    /// The file checked: in a module tree, a definition of any other is an import.
    pub root: FileId,
}

/// Names whose Rust form is fixed: windows-core's, or the OLE types of the `ole` path.
pub(super) fn well_known(name: &str, ole: &syn::Path) -> Option<TokenStream> {
    Some(match name {
        "HRESULT" => quote!(::windows_core::HRESULT),
        "GUID" | "_GUID" | "IID" | "CLSID" | "FMTID" => quote!(::windows_core::GUID),
        "BSTR" => quote!(#ole::BSTR),
        "VARIANT" | "VARIANTARG" => quote!(#ole::VARIANT),
        "BLOB" => quote!(#ole::BLOB),
        "VARIANT_BOOL" => quote!(#ole::VARIANT_BOOL),
        _ => return None,
    })
}

/// Whether a name's Rust form is fixed (windows-core's, or the OLE types' and the runtime's
/// `IDispatch`, which the dispinterface wrappers call through), so that a module tree
/// does not generate a definition of it: nothing would use it.
pub fn is_fixed(name: &str) -> bool {
    name == "IUnknown" || name == "IDispatch" || well_known(name, &syn::parse_quote!(ole)).is_some()
}

/// A Rust identifier for an IDL name, kept verbatim where Rust allows: keywords become raw
/// identifiers, the few names that cannot be raw (`self`, `crate`...) get a trailing underscore,
/// and characters no identifier holds become `_` ([`names::sanitized`]).
pub fn ident(name: &str) -> syn::Ident {
    let name = names::sanitized(name);
    match name.as_str() {
        "self" | "Self" | "super" | "crate" | "_" => format_ident!("{name}_"),
        _ if syn::parse_str::<syn::Ident>(&name).is_ok() => format_ident!("{name}"),
        _ => format_ident!("r#{name}"),
    }
}

pub fn base(b: Base) -> TokenStream {
    match b {
        Base::Int { bits: 8, signed: true } => quote!(i8),
        Base::Int { bits: 8, signed: false } => quote!(u8),
        Base::Int { bits: 16, signed: true } => quote!(i16),
        Base::Int { bits: 16, signed: false } => quote!(u16),
        Base::Int { bits: 32, signed: true } => quote!(i32),
        Base::Int { bits: 32, signed: false } => quote!(u32),
        Base::Int { signed: true, .. } => quote!(i64),
        Base::Int { signed: false, .. } => quote!(u64),
        Base::IntPtr { signed: true } => quote!(isize),
        Base::IntPtr { signed: false } => quote!(usize),
        Base::Float => quote!(f32),
        Base::Double => quote!(f64),
        Base::Char => quote!(i8),
        Base::WChar => quote!(u16),
        Base::Boolean | Base::Byte => quote!(u8),
        Base::Handle => quote!(*mut ::core::ffi::c_void),
        Base::ErrorStatus => quote!(u32),
    }
}

pub struct Mapper<'m> {
    pub model: &'m Model,
    pub paths: &'m RustPaths,
    /// The definition being generated (set before each): where its problems are reported.
    pub def: DefId,
    pub diags: Diagnostics,
    /// The definitions named by what has been generated since this was last emptied: a module
    /// tree leaves out what uses a definition left out. A cell: the safe layer asks for paths
    /// through a shared mapper.
    pub uses: RefCell<Vec<DefId>>,
    /// The `windows` crate features of the windows crate types named since this was last emptied.
    pub windows_features: RefCell<BTreeSet<String>>,
}

impl<'m> Mapper<'m> {
    pub fn new(model: &'m Model, paths: &'m RustPaths) -> Self {
        Mapper {
            model,
            paths,
            def: DefId(0),
            diags: Diagnostics::default(),
            uses: RefCell::default(),
            windows_features: RefCell::default(),
        }
    }

    /// `#[allow(...)]` of the lints an item's IDL name trips, unless its module allows them.
    pub fn allows(&self) -> TokenStream {
        if !self.paths.item_allows {
            return TokenStream::new();
        }
        let lints: TokenStream = super::ALLOWED_LINTS.parse().expect("a list of lint paths");
        quote!(#[allow(#lints)])
    }

    /// `super::<module>::<name><suffix>` for a definition of another file of a module tree.
    fn in_module(&self, def: DefId, suffix: &str) -> Option<TokenStream> {
        let d: &Def = &self.model[def];
        let module = self.paths.modules.get(&d.unit)?;
        let name = self.def_ident(def, suffix);
        self.uses.borrow_mut().push(def);
        Some(quote!(super::#module::#name))
    }

    /// A problem of the definition being generated, at its name.
    pub fn error(&mut self, message: String) {
        let d = &self.model[self.def];
        self.diags.push(Diagnostic::new(d.file, d.span.clone(), message));
    }

    /// The Rust identifier of definition `def` ([`names::def_name`]) with `suffix` (`_Vtbl`...).
    pub fn def_ident(&self, def: DefId, suffix: &str) -> syn::Ident {
        ident(&format!("{}{suffix}", names::def_name(self.model, def)))
    }

    /// The suffix of interface `def`'s handler trait: `Handler`, or `_Handler` where `{Name}Handler`
    /// is a definition of its own (`IAccessible` beside `IAccessibleHandler`).
    pub fn handler_suffix(&self, def: DefId) -> &'static str {
        let taken = format!("{}Handler", self.model[def].name);
        if self.model.find(&taken).is_some() { "_Handler" } else { "Handler" }
    }

    fn external(&self, name: &str) -> Option<TokenStream> {
        if let Some(t) = well_known(name, &self.paths.ole) {
            return Some(t);
        }
        self.paths.externs.iter().find(|(n, _)| n == name).map(|(_, p)| quote!(#p))
    }

    /// The Rust path of interface `def`, and of its `_Vtbl`, `_Impl` and `Handler` siblings:
    /// windows-core's for IUnknown, ours for an interface of this file, the `extern_path` mapping
    /// for an imported one, the `ole` module's for an imported IDispatch, the module of another
    /// file's in a module tree (`None` if none of these).
    pub fn interface_path(&self, def: DefId, suffix: &str) -> Option<TokenStream> {
        let d = &self.model[def];
        if d.name == "IUnknown" {
            return Some(match suffix {
                "" => quote!(::windows_core::IUnknown),
                "_Vtbl" => quote!(::windows_core::IUnknown_Vtbl),
                "_Impl" => quote!(::windows_core::IUnknownImpl),
                _ => return None,
            });
        }
        let mapped = self.paths.externs.iter().find(|(n, _)| *n == d.name);
        // The windows crate has no `Handler` traits; its IDispatch's implementer side is the
        // runtime's, the same vtable, whose handler answers it (`RustOptions::windows_crate`).
        if (suffix.is_empty() || d.name != "IDispatch") && self.windows_row(def).is_some() {
            return if suffix.contains("Handler") { None } else { self.windows_path(def, suffix) };
        }
        // The runtime's own IDispatch, the base of dual interfaces, unless mapped elsewhere: for an
        // imported one, and in a module tree, which never generates oaidl.idl's (`is_fixed`).
        if d.name == "IDispatch" && mapped.is_none() && (d.imported || !self.paths.modules.is_empty()) {
            let ole = &self.paths.ole;
            let id = format_ident!("IDispatch{suffix}");
            return Some(quote!(#ole::#id));
        }
        if !d.imported {
            self.uses.borrow_mut().push(def);
            let id = self.def_ident(def, suffix);
            return Some(quote!(#id));
        }
        let Some((_, path)) = mapped else {
            return self.in_module(def, suffix);
        };
        let mut path = path.clone();
        let last = path.segments.last_mut()?;
        last.ident = format_ident!("{}{suffix}", last.ident);
        Some(quote!(#path))
    }

    /// The definition a declaration stands for: itself, or, for one declared ahead
    /// (`runtimeclass Foo;`), the definition of that name where the model has one.
    pub fn defined(&self, def: DefId) -> DefId {
        match self.model[def].kind {
            DefKind::Forward(_) => self.model.find_id(&self.model[def].name).unwrap_or(def),
            _ => def,
        }
    }

    /// The default interface of runtime class `def` (`[default] interface IFoo;`, else the first).
    pub fn default_interface(&self, def: DefId) -> Option<DefId> {
        let DefKind::RuntimeClass(members) = &self.model[self.defined(def)].kind else { return None };
        let is_default = |m: &&crate::model::ClassMember| m.attributes.iter().any(|a| a.name == "default");
        let member = members.iter().find(is_default).or(members.first())?;
        self.model.find_id(&member.name)
    }

    /// Whether the generator writes definition `def`'s Rust, so that its shape is known: in this
    /// file, or in another module of the tree, and not mapped elsewhere by `extern_path`.
    pub fn is_generated(&self, def: DefId) -> bool {
        let d = &self.model[def];
        !self.paths.externs.iter().any(|(n, _)| *n == d.name)
            && self.windows_row(def).is_none()
            && (!d.imported || self.paths.modules.contains_key(&d.unit))
    }

    /// The definition an own type name stands for: a typedef naming a tagged type after itself is
    /// not generated, the tagged type is.
    fn named_target(&self, def: DefId) -> DefId {
        match &self.model[def].kind {
            DefKind::Typedef(Type::Named { name, def: target }) if *name == self.model[def].name => *target,
            _ => def,
        }
    }

    /// Whether `t` names a COM interface (through typedefs).
    pub fn is_interface(&self, t: &Type) -> bool {
        match t {
            Type::Named { name, def } => {
                if well_known(name, &self.paths.ole).is_some() {
                    return false;
                }
                match &self.model[*def].kind {
                    // A runtime class stands for its default interface.
                    DefKind::Interface(_) | DefKind::Dispinterface(_) | DefKind::RuntimeClass(_) => true,
                    DefKind::Forward(k) => matches!(*k, "interface" | "dispinterface" | "runtimeclass"),
                    DefKind::Typedef(inner) => self.is_interface(inner),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// The Rust type of `t` where the ABI needs it (a field, a parameter, a return value).
    /// `context` names the place for error messages.
    pub fn abi(&mut self, t: &Type, context: &str) -> TokenStream {
        match t {
            Type::Void => quote!(::core::ffi::c_void),
            Type::Base(b) => base(*b),
            Type::Pointer { to, const_target } => {
                // An interface pointer is an opaque `this` at the ABI, as windows-bindgen writes it.
                if self.is_interface(to) {
                    return quote!(*mut ::core::ffi::c_void);
                }
                // A pointer to a function is Rust's (nullable) `fn` type itself.
                if matches!(**to, Type::Function { .. }) {
                    return self.abi(to, context);
                }
                let inner = self.abi(to, context);
                if *const_target { quote!(*const #inner) } else { quote!(*mut #inner) }
            }
            Type::Array { of, len } => {
                let inner = self.abi(of, context);
                match len {
                    Some(n) => {
                        let n = *n as usize;
                        quote!([#inner; #n])
                    }
                    None => quote!(*mut #inner),
                }
            }
            Type::Named { name, def } => {
                if let Some(path) = self.external(name) {
                    return path;
                }
                let d = &self.model[*def];
                // An interface is a `*mut c_void` here; `interface_path` names the windows crate's.
                let interface =
                    matches!(d.kind, DefKind::Interface(_) | DefKind::Dispinterface(_) | DefKind::Forward(_));
                if let Some(path) = (!interface).then(|| self.windows_path(*def, "")).flatten() {
                    return path;
                }
                // A struct, union or enum declared and never defined is generated opaque.
                let tagged = matches!(
                    d.kind,
                    DefKind::Enum(_)
                        | DefKind::Struct(_)
                        | DefKind::Union(_)
                        | DefKind::Forward("struct" | "union" | "enum")
                );
                match &d.kind {
                    // An imported typedef stands for its target; an own one is generated.
                    DefKind::Typedef(inner) if d.imported => self.abi(inner, context),
                    DefKind::Interface(_)
                    | DefKind::Dispinterface(_)
                    | DefKind::Forward("interface" | "dispinterface") => {
                        quote!(::core::ffi::c_void)
                    }
                    _ if (tagged || matches!(d.kind, DefKind::Typedef(_))) && !d.imported => {
                        self.uses.borrow_mut().push(self.named_target(*def));
                        let id = self.def_ident(*def, "");
                        quote!(#id)
                    }
                    _ => {
                        if let Some(path) = tagged.then(|| self.in_module(*def, "")).flatten() {
                            return path;
                        }
                        self.error(format!(
                            "{context}: type `{name}` comes from an import and has no Rust form; map it with `extern_path`"
                        ));
                        quote!(::core::ffi::c_void)
                    }
                }
            }
            Type::Function { ret, params } => {
                let ret = self.ret(ret, context);
                let params: Vec<TokenStream> = params.iter().map(|p| self.abi(&p.ty, context)).collect();
                quote!(::core::option::Option<unsafe extern "system" fn(#(#params),*) #ret>)
            }
            // `SAFEARRAY(T)` is C's `SAFEARRAY *`: opaque here, as the runtime has no SAFEARRAY type.
            Type::SafeArray(_) => quote!(*mut ::core::ffi::c_void),
            // Instantiations are definitions by now (generic.rs); what is left has no IID.
            Type::Generic { .. } | Type::Param(_) => {
                let why = super::generic::unsupported(self.model, t);
                self.error(format!("{context}: {why}"));
                quote!(::core::ffi::c_void)
            }
        }
    }

    /// `-> T` for a return type, nothing for `void`.
    pub fn ret(&mut self, t: &Type, context: &str) -> TokenStream {
        if matches!(t, Type::Void) {
            return quote!();
        }
        let t = self.abi(t, context);
        quote!(-> #t)
    }

    /// Whether `t` is HRESULT (the methods whose failures become E_UNEXPECTED on a panic).
    pub fn is_hresult(&self, t: &Type) -> bool {
        matches!(t, Type::Named { name, .. } if name == "HRESULT")
    }
}
