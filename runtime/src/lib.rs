//! The contentpartner runtime: the generated contentpartner bindings and the OLE types they use.
//! Module support, registration and the async plumbing arrive with `#[content_partner]`.

pub mod ole;
#[cfg(windows)]
mod win32;

/// The contentpartner.idl interfaces, enums, struct and constants, generated at build time
/// (`IWMPContentPartner`, `IWMPContentPartner_Vtbl`, `IWMPContentPartner_Impl`, ...).
pub mod bindings {
    include!(concat!(env!("OUT_DIR"), "/contentpartner.rs"));
}

/// `offset_of!` of every generated vtable slot and struct field (for layout tests).
#[doc(hidden)]
pub mod layout {
    use crate::bindings::*;
    include!(concat!(env!("OUT_DIR"), "/contentpartner_layout.rs"));
}
