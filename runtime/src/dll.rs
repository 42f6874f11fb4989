//! The bodies of a store DLL's exports. `#[content_partner]` generates the exported functions;
//! each is one call into this module, inside a panic guard.

use std::ffi::c_void;

use windows_core::{GUID, HRESULT, IUnknown, Interface, Result};

use crate::hresult::S_OK;
use crate::hresult::SELFREG_E_CLASS;
use crate::panic::guard;
use crate::partner::{ContentPartner, Partner};
use crate::registration::{Registration, RegistryError, Threading, parse_guid};
use crate::server::{self, Module};

/// What `#[content_partner(...)]` says about a store: with `&'static str` in the store DLL, with
/// `String` when read back from the DLL's file ([`StoreInfo::from_export`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreInfo<S = &'static str> {
    pub clsid: GUID,
    pub store_key: S,
    pub name: S,
    pub capabilities: u32,
    pub threading: Threading,
}

impl<S: AsRef<str>> StoreInfo<S> {
    pub fn registration(&self, dll_path: String) -> Registration {
        Registration {
            clsid: self.clsid,
            appid: self.clsid,
            class_name: self.name.as_ref().to_string(),
            dll_path,
            threading: self.threading,
            store_key: self.store_key.as_ref().to_string(),
            friendly_name: self.name.as_ref().to_string(),
            capabilities: self.capabilities,
        }
    }
}

/// The data export `#[content_partner]` adds beside the four functions: the store's [`StoreInfo`]
/// as text, so that a tool can build the registration from the DLL's file without loading it, on
/// any host (`cp-install`, which writes it into an installer package's registry tables). ASCII,
/// NUL-terminated, a version line and then one `name=value` line per field, in this order:
///
/// ```text
/// contentpartner-store-info 1
/// clsid={3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}
/// store_key=ContosoMusic
/// name=Contoso Music
/// capabilities=0x00000018
/// threading=Apartment
/// ```
///
/// In `store_key` and `name`, `%` and every byte outside printable ASCII is written `%XX` (the
/// UTF-8 bytes, upper-case hex). A reader refuses another version: a new field is a new version.
/// (The macro spells this name itself: an attribute cannot take a symbol name from a constant.)
pub const STORE_INFO_EXPORT: &str = "ContentPartnerStoreInfo";
/// The version [`store_info_export`] writes and [`StoreInfo::from_export`] reads.
pub const STORE_INFO_VERSION: u32 = 1;
const STORE_INFO_MAGIC: &str = "contentpartner-store-info";

/// The bytes of the [`STORE_INFO_EXPORT`] of `info`, its NUL included. `N` is [`store_info_len`]
/// of the same `info`. Both are `const fn`s, so that `#[content_partner]` holds no copy of the
/// format: it sizes and fills its static with them at compile time.
pub const fn store_info_export<const N: usize>(info: &StoreInfo) -> [u8; N] {
    let text = store_info_text::<N>(info);
    assert!(text.len == N, "store_info_export::<N> needs N = store_info_len(info)");
    text.bytes
}

/// The length of [`store_info_export`]'s bytes, NUL included.
pub const fn store_info_len(info: &StoreInfo) -> usize {
    store_info_text::<0>(info).len
}

/// The one writer of the format: with `N` = 0 it only measures.
const fn store_info_text<const N: usize>(info: &StoreInfo) -> ExportText<N> {
    let mut t = ExportText { bytes: [0; N], len: 0 };
    t.ascii(STORE_INFO_MAGIC);
    t.ascii(" ");
    t.decimal(STORE_INFO_VERSION);
    // Braced and upper-case, as `registration::braced` writes it.
    let v = info.clsid.to_u128();
    t.ascii("\nclsid={");
    t.hex(v >> 96, 8);
    t.ascii("-");
    t.hex(v >> 80, 4);
    t.ascii("-");
    t.hex(v >> 64, 4);
    t.ascii("-");
    t.hex(v >> 48, 4);
    t.ascii("-");
    t.hex(v, 12);
    t.ascii("}\nstore_key=");
    t.escaped(info.store_key);
    t.ascii("\nname=");
    t.escaped(info.name);
    t.ascii("\ncapabilities=0x");
    t.hex(info.capabilities as u128, 8);
    t.ascii("\nthreading=");
    t.ascii(info.threading.as_str());
    t.ascii("\n\0");
    t
}

/// Bytes written into `bytes` as far as it goes, and counted past it.
struct ExportText<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> ExportText<N> {
    const fn byte(&mut self, b: u8) {
        if self.len < N {
            self.bytes[self.len] = b;
        }
        self.len += 1;
    }

    const fn ascii(&mut self, s: &str) {
        let s = s.as_bytes();
        let mut i = 0;
        while i < s.len() {
            self.byte(s[i]);
            i += 1;
        }
    }

    const fn escaped(&mut self, s: &str) {
        let s = s.as_bytes();
        let mut i = 0;
        while i < s.len() {
            let b = s[i];
            if b == b'%' || b < 0x20 || b > 0x7e {
                self.byte(b'%');
                self.hex(b as u128, 2);
            } else {
                self.byte(b);
            }
            i += 1;
        }
    }

    /// The low `digits` hex digits of `value`.
    const fn hex(&mut self, value: u128, digits: u32) {
        let mut shift = digits * 4;
        while shift > 0 {
            shift -= 4;
            self.byte(b"0123456789ABCDEF"[((value >> shift) & 0xf) as usize]);
        }
    }

    const fn decimal(&mut self, value: u32) {
        let mut power = 1;
        while value / power >= 10 {
            power *= 10;
        }
        while power > 0 {
            self.byte(b'0' + (value / power % 10) as u8);
            power /= 10;
        }
    }
}

/// Why a [`STORE_INFO_EXPORT`]'s text is not a store's.
#[derive(Debug, PartialEq, Eq)]
pub enum StoreInfoError {
    /// The format, in a version this runtime does not read.
    Version(String),
    /// Not the format, or a field missing, out of order or malformed.
    Invalid(String),
}

impl std::fmt::Display for StoreInfoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreInfoError::Version(v) => {
                write!(f, "its store info is version {v}; this contentpartner reads version {STORE_INFO_VERSION}")
            }
            StoreInfoError::Invalid(why) => write!(f, "its store info is malformed: {why}"),
        }
    }
}

impl std::error::Error for StoreInfoError {}

impl StoreInfo<String> {
    /// Reads the text of a [`STORE_INFO_EXPORT`] (up to its NUL, which `text` may include).
    pub fn from_export(text: &[u8]) -> std::result::Result<Self, StoreInfoError> {
        use StoreInfoError::Invalid;
        let text = text.strip_suffix(b"\0").unwrap_or(text);
        let text = std::str::from_utf8(text).ok().filter(|t| t.is_ascii());
        let mut lines = text.ok_or_else(|| Invalid("not ASCII text".into()))?.split('\n');
        let first = lines.next().unwrap_or_default();
        let version = first
            .strip_prefix(STORE_INFO_MAGIC)
            .and_then(|v| v.strip_prefix(' '))
            .ok_or_else(|| Invalid(format!("it starts with `{first}`, not `{STORE_INFO_MAGIC}`")))?;
        if version != STORE_INFO_VERSION.to_string() {
            return Err(StoreInfoError::Version(version.to_string()));
        }
        let mut field = |name: &str| {
            let line = lines.next().unwrap_or_default();
            line.strip_prefix(name)
                .and_then(|v| v.strip_prefix('='))
                .ok_or_else(|| Invalid(format!("expected `{name}=...`, found `{line}`")))
        };
        let clsid = field("clsid")?;
        let clsid = parse_guid(clsid).ok_or_else(|| Invalid(format!("clsid `{clsid}` is not a GUID")))?;
        let store_key = unescape(field("store_key")?)?;
        let name = unescape(field("name")?)?;
        let capabilities = field("capabilities")?;
        let capabilities = capabilities
            .strip_prefix("0x")
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .ok_or_else(|| Invalid(format!("capabilities `{capabilities}` is not a hex number")))?;
        let threading = match field("threading")? {
            "Apartment" => Threading::Apartment,
            "Free" => Threading::Free,
            "Both" => Threading::Both,
            other => return Err(Invalid(format!("threading `{other}` is not Apartment, Free or Both"))),
        };
        // The last line ends with a newline: only an empty remainder may follow.
        if let Some(extra) = lines.find(|l| !l.is_empty()) {
            return Err(Invalid(format!("unexpected line `{extra}`")));
        }
        Ok(StoreInfo { clsid, store_key, name, capabilities, threading })
    }
}

/// The inverse of `ExportText::escaped`.
fn unescape(value: &str) -> std::result::Result<String, StoreInfoError> {
    let bad = || StoreInfoError::Invalid(format!("`{value}` is not %-escaped UTF-8"));
    let mut bytes = Vec::with_capacity(value.len());
    let mut rest = value.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let digit = |i: usize| tail.get(i).and_then(|&d| char::from(d).to_digit(16));
            let (Some(high), Some(low)) = (digit(0), digit(1)) else { return Err(bad()) };
            bytes.push((high * 16 + low) as u8);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).map_err(|_| bad())
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
