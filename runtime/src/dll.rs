//! The bodies of a store DLL's exports. `#[content_partner]` generates the exported functions;
//! each is one call into this module, inside a panic guard.

use std::ffi::c_void;

use windows_core::{GUID, HRESULT, IUnknown, Interface, Result};

use crate::hresult::S_OK;
use crate::hresult::SELFREG_E_CLASS;
use crate::panic::guard;
use crate::partner::{ContentPartner, Partner};
use crate::registration::{Registration, RegistryError, Threading};
use crate::server::{self, Module};

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

/// DllRegisterServer: writes the registration, then tells running players (Windows). Fails with
/// SELFREG_E_CLASS, writing nothing, when the DLL's own path cannot be found (`own_address` is in
/// no loaded module): an InprocServer32 without a path would register a class nothing can load.
pub fn register_server(info: &StoreInfo, own_address: usize) -> HRESULT {
    guard("DllRegisterServer", || change_registration(info, own_address, Registration::register))
}

/// DllUnregisterServer: removes exactly what DllRegisterServer wrote, then tells running players.
pub fn unregister_server(info: &StoreInfo, own_address: usize) -> HRESULT {
    guard("DllUnregisterServer", || change_registration(info, own_address, Registration::unregister))
}

fn change_registration(
    info: &StoreInfo,
    own_address: usize,
    change: fn(&Registration, &mut dyn crate::registration::Backend) -> std::result::Result<(), RegistryError>,
) -> HRESULT {
    let path = backend::module_path(own_address);
    if path.is_empty() {
        eprintln!("contentpartner: registration failed: the DLL's own path could not be read");
        return SELFREG_E_CLASS;
    }
    let registration = info.registration(path);
    let hr = outcome(backend::open().and_then(|mut registry| change(&registration, &mut *registry)));
    backend::notify_players();
    hr
}

/// The registry the exports write to: Windows' own, or elsewhere the file `$CONTENTPARTNER_REGISTRY`
/// names.
pub fn registry() -> std::result::Result<Box<dyn crate::registration::Backend>, RegistryError> {
    backend::open()
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

    /// No player runs here to be told of the change.
    pub fn notify_players() {}

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
    use crate::registration::{Backend, RegistryError, WindowsBackend};
    use crate::win32;

    pub fn open() -> Result<Box<dyn Backend>, RegistryError> {
        Ok(Box::new(WindowsBackend))
    }

    /// The full path of the DLL holding the code at `address`.
    pub fn module_path(address: usize) -> String {
        let mut module = std::ptr::null_mut();
        let flags = win32::GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | win32::GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT;
        // SAFETY: with FROM_ADDRESS the "name" is an address inside the module; out-pointer to a local.
        if unsafe { win32::GetModuleHandleExW(flags, address as *const u16, &mut module) } == 0 {
            return String::new();
        }
        let mut path = vec![0u16; 32 * 1024];
        // SAFETY: a module handle and a buffer of the stated length.
        let n = unsafe { win32::GetModuleFileNameW(module, path.as_mut_ptr(), path.len() as u32) } as usize;
        String::from_utf16_lossy(&path[..n.min(path.len())])
    }

    /// WMPNotifySubscriptionPluginAddRemove: tells running players to look at the stores again.
    pub fn notify_players() {
        // SAFETY: a NUL-terminated ANSI name.
        let message = unsafe { win32::RegisterWindowMessageA(c"WMPlayer_PluginAddRemove".as_ptr().cast()) };
        if message != 0 {
            // SAFETY: a broadcast post with plain integer arguments.
            unsafe { win32::PostMessageA(win32::HWND_BROADCAST, message, 1, 0) };
        }
    }
}

#[cfg(not(windows))]
pub use backend::REGISTRY_VARIABLE;
