//! The contentpartner runtime: the generated contentpartner bindings, the OLE types they use,
//! module support (object counting, the class factory, the DLL exports' logic) and registration
//! as data. The async plumbing and `#[content_partner]` build on these.

pub mod apartment;
pub mod dll;
pub mod ole;
pub mod partner;
pub mod registration;
pub mod server;
#[cfg(windows)]
mod win32;

pub use contentpartner_macros::content_partner;
pub use windows_core;

/// The contentpartner.idl interfaces, enums, struct and constants, generated at build time
/// (`IWMPContentPartner`, `IWMPContentPartner_Vtbl`, `IWMPContentPartner_Impl`, ...).
pub mod bindings {
    include!(concat!(env!("OUT_DIR"), "/contentpartner.rs"));
}

/// The COM interfaces the runtime implements itself (`IClassFactory`), generated from com.idl.
pub mod com {
    include!(concat!(env!("OUT_DIR"), "/com.rs"));
}

/// `offset_of!` of every generated vtable slot and struct field (for layout tests).
#[doc(hidden)]
pub mod layout {
    use crate::bindings::*;
    include!(concat!(env!("OUT_DIR"), "/contentpartner_layout.rs"));
}
