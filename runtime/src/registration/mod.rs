//! Registration of a type 1 store as data: the exact registry keys and values Windows Media Player
//! needs (CLSID with AppID, InprocServer32, the AppID's empty DllSurrogate, the Subscriptions key),
//! written through a backend: the Windows registry, or on other platforms a file, for tests.
//!
//! `register` is idempotent; `unregister` removes exactly the values `register` wrote, and then
//! only the keys it leaves empty.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use windows_core::{GUID, HRESULT};

use crate::bindings::SUBSCRIPTION_CAP_IS_CONTENTPARTNER;
use crate::hresult::SELFREG_E_CLASS;

mod installer;

pub use installer::WixComponent;

/// Where Windows Media Player looks for its stores, under HKLM.
const SUBSCRIPTIONS: &str = "SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions";

/// Where COM calls the store's methods from (the InprocServer32 `ThreadingModel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threading {
    /// Single-threaded apartment: calls arrive on the thread that created the object.
    Apartment,
    /// Multithreaded apartment: calls arrive on any RPC thread.
    Free,
    Both,
}

impl Threading {
    pub const fn as_str(self) -> &'static str {
        match self {
            Threading::Apartment => "Apartment",
            Threading::Free => "Free",
            Threading::Both => "Both",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Hive {
    ClassesRoot,
    LocalMachine,
}

impl fmt::Display for Hive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Hive::ClassesRoot => "HKCR",
            Hive::LocalMachine => "HKLM",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Sz(String),
    Dword(u32),
}

/// One registry value: `name` `None` is the key's default value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub hive: Hive,
    pub key: String,
    pub name: Option<String>,
    pub value: Value,
}

/// What a store registers. `appid` is usually the CLSID itself.
#[derive(Clone, Debug)]
pub struct Registration {
    pub clsid: GUID,
    pub appid: GUID,
    /// The CLSID key's and the AppID key's default value.
    pub class_name: String,
    /// The full path of the store's DLL.
    pub dll_path: String,
    pub threading: Threading,
    /// The Subscriptions key name agreed with Microsoft.
    pub store_key: String,
    pub friendly_name: String,
    /// SUBSCRIPTION_CAP_* flags; SUBSCRIPTION_CAP_IS_CONTENTPARTNER is always added, as WMP loads
    /// no type 1 store without it.
    pub capabilities: u32,
}

/// A GUID in its usual spelling, braced as the registry writes it or bare, in any case; `None`
/// for anything else. The inverse of [`braced`]. (`#[content_partner]` checks its `clsid` with the
/// same rule at compile time: a proc-macro crate cannot call into the runtime it is part of.)
pub fn parse_guid(text: &str) -> Option<GUID> {
    let bare = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or(text);
    let groups: Vec<&str> = bare.split('-').collect();
    let shaped = groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
    shaped.then(|| u128::from_str_radix(&groups.concat(), 16).ok().map(GUID::from_u128)).flatten()
}

/// A GUID as the registry spells it: `{55455073-41B5-4E75-87B8-F13BDB291D08}`.
pub fn braced(g: &GUID) -> String {
    let v = g.to_u128();
    let hex = format!("{v:032X}");
    format!("{{{}-{}-{}-{}-{}}}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

impl Registration {
    fn clsid_key(&self) -> String {
        format!("CLSID\\{}", braced(&self.clsid))
    }

    fn inproc_key(&self) -> String {
        format!("{}\\InprocServer32", self.clsid_key())
    }

    fn appid_key(&self) -> String {
        format!("AppID\\{}", braced(&self.appid))
    }

    fn subscription_key(&self) -> String {
        format!("{SUBSCRIPTIONS}\\{}", self.store_key)
    }

    /// Every value a type 1 store registers, in the order they are written.
    pub fn entries(&self) -> Vec<Entry> {
        let sz = |hive, key: String, name: Option<&str>, value: &str| Entry {
            hive,
            key,
            name: name.map(str::to_string),
            value: Value::Sz(value.to_string()),
        };
        let inproc = self.inproc_key();
        vec![
            sz(Hive::ClassesRoot, self.clsid_key(), None, &self.class_name),
            sz(Hive::ClassesRoot, self.clsid_key(), Some("AppID"), &braced(&self.appid)),
            sz(Hive::ClassesRoot, inproc.clone(), None, &self.dll_path),
            sz(Hive::ClassesRoot, inproc, Some("ThreadingModel"), self.threading.as_str()),
            sz(Hive::ClassesRoot, self.appid_key(), None, &self.class_name),
            // Empty: load the DLL into the default surrogate, dllhost.exe.
            sz(Hive::ClassesRoot, self.appid_key(), Some("DllSurrogate"), ""),
            Entry {
                hive: Hive::LocalMachine,
                key: self.subscription_key(),
                name: Some("Capabilities".into()),
                value: Value::Dword(self.capabilities | SUBSCRIPTION_CAP_IS_CONTENTPARTNER),
            },
            sz(Hive::LocalMachine, self.subscription_key(), Some("SubscriptionObjectGUID"), &braced(&self.clsid)),
            sz(Hive::LocalMachine, self.subscription_key(), Some("FriendlyName"), &self.friendly_name),
        ]
    }

    /// The keys `register` may create, deepest first: the ones `unregister` removes when empty.
    /// The Subscriptions key is every store's container: created with the first store, removed
    /// with the last (never while another store or any value is in it).
    fn keys(&self) -> Vec<(Hive, String)> {
        vec![
            (Hive::ClassesRoot, self.inproc_key()),
            (Hive::ClassesRoot, self.clsid_key()),
            (Hive::ClassesRoot, self.appid_key()),
            (Hive::LocalMachine, self.subscription_key()),
            (Hive::LocalMachine, SUBSCRIPTIONS.to_string()),
        ]
    }

    /// Writes every entry. Writing them again changes nothing.
    pub fn register(&self, registry: &mut dyn Backend) -> Result<(), RegistryError> {
        for e in self.entries() {
            registry.set(&e)?;
        }
        Ok(())
    }

    /// Removes every value `register` writes, then each of its keys left empty.
    pub fn unregister(&self, registry: &mut dyn Backend) -> Result<(), RegistryError> {
        for e in self.entries() {
            registry.delete_value(e.hive, &e.key, e.name.as_deref())?;
        }
        for (hive, key) in self.keys() {
            registry.delete_key_if_empty(hive, &key)?;
        }
        Ok(())
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum RegistryError {
    /// No right to write there (not running as administrator).
    AccessDenied,
    Other(String),
}

impl RegistryError {
    /// The HRESULT DllRegisterServer and DllUnregisterServer return for it.
    pub fn hresult(&self) -> HRESULT {
        SELFREG_E_CLASS
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::AccessDenied => f.write_str("access to the registry was denied"),
            RegistryError::Other(e) => f.write_str(e),
        }
    }
}

/// A registry: where registration is written, and read back by hosts and tests.
pub trait Backend {
    fn set(&mut self, entry: &Entry) -> Result<(), RegistryError>;
    /// One value (`None` names the default value); `None` if the value or its key is missing.
    fn get(&self, hive: Hive, key: &str, name: Option<&str>) -> Result<Option<Value>, RegistryError>;
    /// The names of a key's direct subkeys; none if the key is missing.
    fn subkeys(&self, hive: Hive, key: &str) -> Result<Vec<String>, RegistryError>;
    /// Removes one value; a missing one is not an error.
    fn delete_value(&mut self, hive: Hive, key: &str, name: Option<&str>) -> Result<(), RegistryError>;
    /// Removes a key that holds no value and no subkey; otherwise leaves it.
    fn delete_key_if_empty(&mut self, hive: Hive, key: &str) -> Result<(), RegistryError>;
}

/// A registry in a text file, one value a line: `HIVE\key<TAB>name<TAB>sz|dword<TAB>value`, the
/// default value's name written as `@`. For tests and for hosts other than Windows.
pub struct FileBackend {
    path: PathBuf,
    /// (hive, key) to its values; a key with no value still exists.
    keys: BTreeMap<(Hive, String), BTreeMap<String, Value>>,
}

impl FileBackend {
    /// Opens (or starts) the file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, RegistryError> {
        let path = path.as_ref().to_path_buf();
        let mut keys: BTreeMap<(Hive, String), BTreeMap<String, Value>> = BTreeMap::new();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => return Err(RegistryError::AccessDenied),
            Err(e) => return Err(RegistryError::Other(format!("cannot read {}: {e}", path.display()))),
        };
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            let bad = || RegistryError::Other(format!("{}:{}: not a registry line", path.display(), n + 1));
            let mut fields = line.splitn(4, '\t');
            let (Some(full), Some(name), Some(kind), Some(value)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(bad());
            };
            let (hive, key) = full.split_once('\\').ok_or_else(bad)?;
            let hive = match hive {
                "HKCR" => Hive::ClassesRoot,
                "HKLM" => Hive::LocalMachine,
                _ => return Err(bad()),
            };
            let values = keys.entry((hive, key.to_string())).or_default();
            if kind == "key" {
                continue;
            }
            let value = match kind {
                "sz" => Value::Sz(value.to_string()),
                "dword" => Value::Dword(value.parse().map_err(|_| bad())?),
                _ => return Err(bad()),
            };
            values.insert(name.to_string(), value);
        }
        Ok(FileBackend { path, keys })
    }

    /// Every value, in key order.
    pub fn values(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        for ((hive, key), values) in &self.keys {
            for (name, value) in values {
                let name = (name != "@").then(|| name.clone());
                out.push(Entry { hive: *hive, key: key.clone(), name, value: value.clone() });
            }
        }
        out
    }

    /// Every key, values or not.
    pub fn keys(&self) -> Vec<(Hive, String)> {
        self.keys.keys().cloned().collect()
    }

    fn save(&self) -> Result<(), RegistryError> {
        let mut text = String::new();
        for ((hive, key), values) in &self.keys {
            if values.is_empty() {
                text.push_str(&format!("{hive}\\{key}\t@\tkey\t\n"));
            }
            for (name, value) in values {
                let (kind, v) = match value {
                    Value::Sz(s) => ("sz", s.clone()),
                    Value::Dword(d) => ("dword", d.to_string()),
                };
                text.push_str(&format!("{hive}\\{key}\t{name}\t{kind}\t{v}\n"));
            }
        }
        std::fs::write(&self.path, text).map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => RegistryError::AccessDenied,
            _ => RegistryError::Other(format!("cannot write {}: {e}", self.path.display())),
        })
    }

    fn has_subkey(&self, hive: Hive, key: &str) -> bool {
        let prefix = format!("{key}\\");
        self.keys
            .keys()
            .any(|(h, k)| *h == hive && k.len() > prefix.len() && k[..prefix.len()].eq_ignore_ascii_case(&prefix))
    }
}

impl Backend for FileBackend {
    fn set(&mut self, e: &Entry) -> Result<(), RegistryError> {
        // Creating a key creates its parents, as RegCreateKeyEx does.
        let mut parent = e.key.as_str();
        while let Some((up, _)) = parent.rsplit_once('\\') {
            self.keys.entry((e.hive, up.to_string())).or_default();
            parent = up;
        }
        let name = e.name.clone().unwrap_or_else(|| "@".into());
        self.keys.entry((e.hive, e.key.clone())).or_default().insert(name, e.value.clone());
        self.save()
    }

    fn get(&self, hive: Hive, key: &str, name: Option<&str>) -> Result<Option<Value>, RegistryError> {
        Ok(self.keys.get(&(hive, key.to_string())).and_then(|values| values.get(name.unwrap_or("@"))).cloned())
    }

    fn subkeys(&self, hive: Hive, key: &str) -> Result<Vec<String>, RegistryError> {
        let prefix = format!("{key}\\");
        Ok(self
            .keys
            .keys()
            .filter(|(h, _)| *h == hive)
            .filter_map(|(_, k)| k.strip_prefix(&prefix))
            .filter(|rest| !rest.contains('\\'))
            .map(str::to_string)
            .collect())
    }

    fn delete_value(&mut self, hive: Hive, key: &str, name: Option<&str>) -> Result<(), RegistryError> {
        if let Some(values) = self.keys.get_mut(&(hive, key.to_string())) {
            values.remove(name.unwrap_or("@"));
        }
        self.save()
    }

    fn delete_key_if_empty(&mut self, hive: Hive, key: &str) -> Result<(), RegistryError> {
        let id = (hive, key.to_string());
        if self.keys.get(&id).is_some_and(|v| v.is_empty()) && !self.has_subkey(hive, key) {
            self.keys.remove(&id);
        }
        self.save()
    }
}

/// The Windows registry.
#[cfg(windows)]
pub struct WindowsBackend;

#[cfg(windows)]
mod windows_registry {
    use std::ptr::{null, null_mut};

    use super::{Backend, Entry, Hive, RegistryError, Value, WindowsBackend};
    use crate::win32;

    fn wide(s: &str) -> Vec<u16> {
        s.encode_utf16().chain([0]).collect()
    }

    fn root(hive: Hive) -> win32::HKEY {
        match hive {
            Hive::ClassesRoot => win32::HKEY_CLASSES_ROOT,
            Hive::LocalMachine => win32::HKEY_LOCAL_MACHINE,
        }
    }

    fn check(code: u32) -> Result<(), RegistryError> {
        match code {
            0 => Ok(()),
            win32::ERROR_ACCESS_DENIED => Err(RegistryError::AccessDenied),
            e => Err(RegistryError::Other(format!("registry error {e}"))),
        }
    }

    /// An open key, closed on drop.
    struct Key(win32::HKEY);

    impl Drop for Key {
        fn drop(&mut self) {
            // SAFETY: the handle came from RegOpenKeyExW or RegCreateKeyExW and is closed once.
            unsafe { win32::RegCloseKey(self.0) };
        }
    }

    /// The key, or `None` if it does not exist.
    fn open(hive: Hive, key: &str, access: win32::REG_SAM_FLAGS) -> Result<Option<Key>, RegistryError> {
        let mut handle = null_mut();
        let name = wide(key);
        // SAFETY: a valid root, a NUL-terminated name and an out-pointer to a local.
        let code = unsafe { win32::RegOpenKeyExW(root(hive), name.as_ptr(), 0, access, &mut handle) };
        match code {
            win32::ERROR_FILE_NOT_FOUND => Ok(None),
            code => check(code).map(|()| Some(Key(handle))),
        }
    }

    impl Backend for WindowsBackend {
        fn set(&mut self, e: &Entry) -> Result<(), RegistryError> {
            let mut handle = null_mut();
            let name = wide(&e.key);
            // SAFETY: valid root, NUL-terminated name, default security, out-pointer to a local.
            check(unsafe {
                win32::RegCreateKeyExW(
                    root(e.hive),
                    name.as_ptr(),
                    0,
                    null(),
                    win32::REG_OPTION_NON_VOLATILE,
                    win32::KEY_ALL_ACCESS,
                    null(),
                    &mut handle,
                    null_mut(),
                )
            })?;
            let key = Key(handle);
            let value_name = e.name.as_deref().map(wide);
            let name_ptr = value_name.as_ref().map_or(null(), |n| n.as_ptr());
            let (kind, bytes): (u32, Vec<u8>) = match &e.value {
                Value::Sz(s) => (win32::REG_SZ, wide(s).iter().flat_map(|u| u.to_le_bytes()).collect()),
                Value::Dword(d) => (win32::REG_DWORD, d.to_le_bytes().to_vec()),
            };
            // SAFETY: an open key, a NUL-terminated name or null (the default value), and data of
            // the stated length.
            check(unsafe { win32::RegSetValueExW(key.0, name_ptr, 0, kind, bytes.as_ptr(), bytes.len() as u32) })
        }

        fn get(&self, hive: Hive, key: &str, name: Option<&str>) -> Result<Option<Value>, RegistryError> {
            let Some(key) = open(hive, key, win32::KEY_READ)? else { return Ok(None) };
            let value_name = name.map(wide);
            let name_ptr = value_name.as_ref().map_or(null(), |n| n.as_ptr());
            let (mut kind, mut size) = (0u32, 0u32);
            // SAFETY: an open key, a NUL-terminated name or null; only the type and size are asked for.
            let code = unsafe { win32::RegQueryValueExW(key.0, name_ptr, null(), &mut kind, null_mut(), &mut size) };
            if code == win32::ERROR_FILE_NOT_FOUND {
                return Ok(None);
            }
            check(code)?;
            let mut data = vec![0u8; size as usize];
            // SAFETY: as above, with a buffer of `size` bytes.
            check(unsafe {
                win32::RegQueryValueExW(key.0, name_ptr, null(), &mut kind, data.as_mut_ptr(), &mut size)
            })?;
            data.truncate(size as usize);
            Ok(Some(match kind {
                win32::REG_DWORD if data.len() == 4 => {
                    Value::Dword(u32::from_le_bytes([data[0], data[1], data[2], data[3]]))
                }
                win32::REG_SZ => {
                    let units: Vec<u16> = data.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
                    let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
                    Value::Sz(String::from_utf16_lossy(&units[..end]))
                }
                other => {
                    return Err(RegistryError::Other(format!(
                        "registry value of type {other}, not REG_SZ or REG_DWORD"
                    )));
                }
            }))
        }

        fn subkeys(&self, hive: Hive, key: &str) -> Result<Vec<String>, RegistryError> {
            let Some(key) = open(hive, key, win32::KEY_READ)? else { return Ok(Vec::new()) };
            let mut names = Vec::new();
            // Key names are at most 255 characters.
            let mut name = [0u16; 256];
            for index in 0.. {
                let mut len = name.len() as u32;
                // SAFETY: an open key, a buffer of `len` characters; the other outs are not asked for.
                let code = unsafe {
                    win32::RegEnumKeyExW(
                        key.0,
                        index,
                        name.as_mut_ptr(),
                        &mut len,
                        null(),
                        null_mut(),
                        null_mut(),
                        null_mut(),
                    )
                };
                if code == win32::ERROR_NO_MORE_ITEMS {
                    break;
                }
                check(code)?;
                names.push(String::from_utf16_lossy(&name[..len as usize]));
            }
            Ok(names)
        }

        fn delete_value(&mut self, hive: Hive, key: &str, name: Option<&str>) -> Result<(), RegistryError> {
            let Some(key) = open(hive, key, win32::KEY_ALL_ACCESS)? else { return Ok(()) };
            let value_name = name.map(wide);
            let name_ptr = value_name.as_ref().map_or(null(), |n| n.as_ptr());
            // SAFETY: an open key and a NUL-terminated name or null.
            match unsafe { win32::RegDeleteValueW(key.0, name_ptr) } {
                win32::ERROR_FILE_NOT_FOUND => Ok(()),
                code => check(code),
            }
        }

        fn delete_key_if_empty(&mut self, hive: Hive, key: &str) -> Result<(), RegistryError> {
            let Some(open_key) = open(hive, key, win32::KEY_ALL_ACCESS)? else { return Ok(()) };
            let (mut subkeys, mut values) = (0u32, 0u32);
            // SAFETY: an open key; only the two counts are asked for.
            check(unsafe {
                win32::RegQueryInfoKeyW(
                    open_key.0,
                    null_mut(),
                    null_mut(),
                    null(),
                    &mut subkeys,
                    null_mut(),
                    null_mut(),
                    &mut values,
                    null_mut(),
                    null_mut(),
                    null_mut(),
                    null_mut(),
                )
            })?;
            drop(open_key);
            if subkeys != 0 || values != 0 {
                return Ok(());
            }
            let name = wide(key);
            // SAFETY: a valid root and a NUL-terminated name.
            check(unsafe { win32::RegDeleteKeyW(root(hive), name.as_ptr()) })
        }
    }
}
