//! `#[content_partner(...)]`: on a store's struct, the whole COM DLL around it.
//!
//! ```
//! # use contentpartner::content_partner;
//! # use contentpartner::partner::ContentPartner;
//! #[content_partner(clsid = "3f1c9a52-0d4e-4b7a-9c2e-8a1b6d5e7f01", store_key = "ContosoMusic",
//!                   name = "Contoso Music", capabilities(background_processing, device_available))]
//! #[derive(Default)]
//! pub struct Contoso { /* state */ }
//! impl ContentPartner for Contoso { /* ... */ }
//! ```
//!
//! It adds, next to the struct: the module state, the class factory's constructor (the store is
//! created with `Default`), and the four exports DllGetClassObject, DllCanUnloadNow,
//! DllRegisterServer and DllUnregisterServer. Each export is one call into
//! `contentpartner::dll`; the COM object is the runtime's `Partner<Store>`. A fifth, data export,
//! `ContentPartnerStoreInfo`, holds what DllRegisterServer registers, for installer tools.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{quote, quote_spanned};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Ident, Lit, LitStr, Meta, Token};

#[proc_macro_attribute]
pub fn content_partner(args: TokenStream, item: TokenStream) -> TokenStream {
    match expand(args.into(), item.into()) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// SUBSCRIPTION_CAP_* by the names the attribute uses (IS_CONTENTPARTNER is always set).
const CAPABILITIES: &[(&str, u32)] =
    &[("background_processing", 0x08), ("device_available", 0x10), ("alt_login", 0x80)];
const THREADING: &[&str] = &["Apartment", "Free", "Both"];

struct Args {
    clsid: u128,
    store_key: LitStr,
    name: LitStr,
    capabilities: u32,
    threading: Ident,
}

fn string(value: &Expr, what: &str) -> syn::Result<LitStr> {
    match value {
        Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) => Ok(s.clone()),
        other => Err(syn::Error::new_spanned(other, format!("`{what}` takes a string literal"))),
    }
}

/// A GUID in its usual spelling, with or without braces: the rule of the runtime's
/// `registration::parse_guid`, checked here at compile time (a proc-macro crate cannot call the
/// runtime that re-exports it).
fn guid(lit: &LitStr) -> syn::Result<u128> {
    let text = lit.value();
    let bare = text.trim_start_matches('{').trim_end_matches('}');
    let groups: Vec<&str> = bare.split('-').collect();
    let shaped = groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()));
    if !shaped {
        return Err(syn::Error::new(
            lit.span(),
            "`clsid` must be a GUID, like \"3f1c9a52-0d4e-4b7a-9c2e-8a1b6d5e7f01\"",
        ));
    }
    u128::from_str_radix(&groups.concat(), 16).map_err(|_| syn::Error::new(lit.span(), "`clsid` is not a GUID"))
}

fn parse_args(args: Tokens) -> syn::Result<Args> {
    let span = if args.is_empty() { Span::call_site() } else { args.span() };
    let metas = Punctuated::<Meta, Token![,]>::parse_terminated.parse2(args)?;
    let (mut clsid, mut store_key, mut name, mut capabilities, mut threading) = (None, None, None, 0u32, None);
    for meta in metas {
        let key = meta.path().get_ident().map(Ident::to_string).unwrap_or_default();
        match (&meta, key.as_str()) {
            (Meta::NameValue(nv), "clsid") => clsid = Some(guid(&string(&nv.value, "clsid")?)?),
            (Meta::NameValue(nv), "store_key") => store_key = Some(string(&nv.value, "store_key")?),
            (Meta::NameValue(nv), "name") => name = Some(string(&nv.value, "name")?),
            (Meta::NameValue(nv), "threading") => {
                let lit = string(&nv.value, "threading")?;
                if !THREADING.contains(&lit.value().as_str()) {
                    return Err(syn::Error::new(lit.span(), "`threading` is \"Apartment\", \"Free\" or \"Both\""));
                }
                threading = Some(Ident::new(&lit.value(), lit.span()));
            }
            (Meta::List(list), "capabilities") => {
                let names = Punctuated::<Ident, Token![,]>::parse_terminated.parse2(list.tokens.clone())?;
                for cap in names {
                    let Some((_, flag)) = CAPABILITIES.iter().find(|(n, _)| cap == n) else {
                        return Err(syn::Error::new(
                            cap.span(),
                            format!(
                                "unknown capability `{cap}`; expected background_processing, device_available or alt_login"
                            ),
                        ));
                    };
                    capabilities |= flag;
                }
            }
            _ => {
                return Err(syn::Error::new(
                    meta.span(),
                    "expected `clsid = \"...\"`, `store_key = \"...\"`, `name = \"...\"`, `capabilities(...)` or `threading = \"...\"`",
                ));
            }
        }
    }
    let missing = |what: &str| syn::Error::new(span, format!("#[content_partner] needs `{what}`"));
    Ok(Args {
        clsid: clsid.ok_or_else(|| missing("clsid = \"...\""))?,
        store_key: store_key.ok_or_else(|| missing("store_key = \"...\""))?,
        name: name.ok_or_else(|| missing("name = \"...\""))?,
        capabilities,
        threading: threading.unwrap_or_else(|| Ident::new("Apartment", Span::call_site())),
    })
}

fn expand(args: Tokens, item: Tokens) -> syn::Result<Tokens> {
    let args = parse_args(args)?;
    let item: syn::Item = syn::parse2(item)?;
    let store = match &item {
        syn::Item::Struct(s) => s,
        syn::Item::Enum(e) => {
            return Err(syn::Error::new(e.enum_token.span, "#[content_partner] goes on a struct, not an enum"));
        }
        other => return Err(syn::Error::new(other.span(), "#[content_partner] goes on a struct")),
    };
    if !store.generics.params.is_empty() {
        return Err(syn::Error::new(
            store.generics.span(),
            "a store cannot be generic: COM creates it from its CLSID, with no type arguments",
        ));
    }
    let ident = &store.ident;
    let Args { clsid, store_key, name, capabilities, threading } = args;
    let clsid = proc_macro2::Literal::u128_unsuffixed(clsid);
    // Spanned at the struct, so a store without `impl ContentPartner` (or `Default`) is told there.
    let create = quote_spanned! {ident.span()=>
        ::contentpartner::dll::create::<#ident>(&MODULE)
    };
    let one_per_crate = quote_spanned! {ident.span()=>
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code)]
        const only_one_content_partner_store_per_module: () = ();
    };
    Ok(quote! {
        #item

        #one_per_crate

        const _: () = {
            use ::contentpartner::windows_core::{GUID, HRESULT, IUnknown, Result};

            static MODULE: ::contentpartner::server::Module = ::contentpartner::server::Module::new();
            const STORE: ::contentpartner::dll::StoreInfo = ::contentpartner::dll::StoreInfo {
                clsid: GUID::from_u128(#clsid),
                store_key: #store_key,
                name: #name,
                capabilities: #capabilities,
                threading: ::contentpartner::registration::Threading::#threading,
            };
            static INFO: ::contentpartner::dll::StoreInfo = STORE;

            /// The registration as data, read from the DLL's file by installer tools: the
            /// runtime's `dll::STORE_INFO_EXPORT`, built by its `dll::store_info_export`.
            #[unsafe(no_mangle)]
            #[allow(non_upper_case_globals)]
            pub static ContentPartnerStoreInfo: [u8; ::contentpartner::dll::store_info_len(&STORE)] =
                ::contentpartner::dll::store_info_export(&STORE);

            fn create() -> Result<IUnknown> {
                #create
            }

            /// # Safety
            /// COM's contract for DllGetClassObject: each pointer null or valid for its use.
            #[unsafe(no_mangle)]
            pub unsafe extern "system" fn DllGetClassObject(
                clsid: *const GUID,
                riid: *const GUID,
                ppv: *mut *mut ::core::ffi::c_void,
            ) -> HRESULT {
                // SAFETY: the caller's pointers go on as they came.
                unsafe { ::contentpartner::dll::get_class_object(&MODULE, &INFO, create, clsid, riid, ppv) }
            }

            #[unsafe(no_mangle)]
            pub extern "system" fn DllCanUnloadNow() -> HRESULT {
                ::contentpartner::dll::can_unload_now(&MODULE)
            }

            #[unsafe(no_mangle)]
            pub extern "system" fn DllRegisterServer() -> HRESULT {
                ::contentpartner::dll::register_server(&INFO, DllRegisterServer as usize)
            }

            #[unsafe(no_mangle)]
            pub extern "system" fn DllUnregisterServer() -> HRESULT {
                ::contentpartner::dll::unregister_server(&INFO, DllRegisterServer as usize)
            }
        };
    })
}
