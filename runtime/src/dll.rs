//! The bodies of a store DLL's exports. `#[content_partner]` generates the exported functions;
//! each is one call into this module, inside a panic guard.

use std::ffi::c_void;

use windows_core::{GUID, HRESULT, IUnknown, Interface, Result};

use crate::ole::S_OK;
use crate::partner::{ContentPartner, Partner};
use crate::registration::{Registration, RegistryError, SELFREG_E_CLASS, Threading};
use crate::server::{self, Module, guard};

/// What `#[content_partner(...)]` says about a store.
pub struct StoreInfo {
    pub clsid: GUID,
    pub store_key: &'static str,
    pub name: &'static str,
    pub capabilities: u32,
    pub threading: Threading,
}

impl StoreInfo {
    pub fn registration(&self, dll_path: String) -> Registration {
        Registration {
            clsid: self.clsid,
            appid: self.clsid,
            class_name: self.name.to_string(),
            dll_path,
            threading: self.threading,
            store_key: self.store_key.to_string(),
            friendly_name: self.name.to_string(),
            capabilities: self.capabilities,
        }
    }
}

/// A new store object, counted alive in `module`.
pub fn create<S: ContentPartner + Default>(module: &'static Module) -> Result<IUnknown> {
    Partner::new(S::default(), Some(module)).into_interface().cast()
}

/// DllGetClassObject.
///
/// # Safety
/// The pointers are DllGetClassObject's: each null or valid for its use.
pub unsafe fn get_class_object(
    module: &'static Module,
    info: &StoreInfo,
    create: server::Constructor,
    clsid: *const GUID,
    riid: *const GUID,
    ppv: *mut *mut c_void,
) -> HRESULT {
    // SAFETY: forwarded from the caller.
    guard("DllGetClassObject", || unsafe { server::get_class_object(module, &info.clsid, create, clsid, riid, ppv) })
}

/// DllCanUnloadNow.
pub fn can_unload_now(module: &'static Module) -> HRESULT {
    guard("DllCanUnloadNow", || module.can_unload_now())
}

/// DllRegisterServer.
pub fn register_server(info: &StoreInfo, own_address: usize) -> HRESULT {
    guard("DllRegisterServer", || match backend::open() {
        Ok(mut registry) => outcome(info.registration(backend::module_path(own_address)).register(&mut *registry)),
        Err(e) => outcome::<()>(Err(e)),
    })
}

/// DllUnregisterServer.
pub fn unregister_server(info: &StoreInfo, own_address: usize) -> HRESULT {
    guard("DllUnregisterServer", || match backend::open() {
        Ok(mut registry) => outcome(info.registration(backend::module_path(own_address)).unregister(&mut *registry)),
        Err(e) => outcome::<()>(Err(e)),
    })
}

fn outcome<T>(r: std::result::Result<T, RegistryError>) -> HRESULT {
    match r {
        Ok(_) => S_OK,
        Err(e) => {
            eprintln!("contentpartner: registration failed: {e}");
            SELFREG_E_CLASS
        }
    }
}

#[cfg(not(windows))]
mod backend {
    use crate::registration::{Backend, FileBackend, RegistryError};

    /// The registry file of hosts other than Windows: `$CONTENTPARTNER_REGISTRY`.
    pub const REGISTRY_VARIABLE: &str = "CONTENTPARTNER_REGISTRY";

    pub fn open() -> Result<Box<dyn Backend>, RegistryError> {
        let path = std::env::var_os(REGISTRY_VARIABLE)
            .ok_or_else(|| RegistryError::Other(format!("{REGISTRY_VARIABLE} names no registry file")))?;
        Ok(Box::new(FileBackend::open(path)?))
    }

    /// The file the code at `address` was loaded from, read from /proc/self/maps.
    pub fn module_path(address: usize) -> String {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
        for line in maps.lines() {
            let mut fields = line.split_whitespace();
            let Some((start, end)) = fields.next().and_then(|r| r.split_once('-')) else { continue };
            let (Ok(start), Ok(end)) = (usize::from_str_radix(start, 16), usize::from_str_radix(end, 16)) else {
                continue;
            };
            if (start..end).contains(&address) {
                if let Some(path) = fields.nth(4) {
                    return path.to_string();
                }
            }
        }
        String::new()
    }
}

#[cfg(windows)]
mod backend {
    use crate::registration::{Backend, RegistryError};

    // The Windows registry backend and the module's own path come with the Windows work
    // (issue 5); until then registration on Windows reports failure rather than writing nothing.
    pub fn open() -> Result<Box<dyn Backend>, RegistryError> {
        Err(RegistryError::Other("the Windows registry backend is not built yet".into()))
    }

    pub fn module_path(_: usize) -> String {
        String::new()
    }
}

#[cfg(not(windows))]
pub use backend::REGISTRY_VARIABLE;
