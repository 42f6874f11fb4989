//! `cp-install`: a built store's registration as installer data, a .reg file or a WiX fragment,
//! from the description DllRegisterServer writes from. `#[content_partner]` puts that description
//! into the DLL as a data export (`contentpartner::dll::STORE_INFO_EXPORT`); this reads it from the
//! file with the `object` crate, without loading the DLL, so a Windows DLL cross-built on Linux
//! (PE) and a store's Linux library (ELF) both work on any host. The keys and values are the
//! runtime's own: `StoreInfo::registration`, rendered by `Registration::to_reg` and `to_wix`.

use std::fmt;
use std::path::{Path, PathBuf};

use contentpartner::dll::{STORE_INFO_EXPORT, StoreInfo, StoreInfoError};
use contentpartner::registration::WixComponent;
use object::{Object, ObjectSection};

/// A store as its DLL file describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    pub info: StoreInfo<String>,
    /// A 64-bit DLL (its package installs it into the 64-bit registry view).
    pub is_64: bool,
}

#[derive(Debug)]
pub enum Error {
    Read(PathBuf, std::io::Error),
    /// Neither PE nor ELF, or a broken one.
    NotLibrary(PathBuf, object::Error),
    /// A library without the export.
    NotStore(PathBuf),
    /// The export in another version, or not in the format.
    Info(PathBuf, StoreInfoError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            Error::NotLibrary(path, e) => write!(f, "{} is not a PE or ELF library: {e}", path.display()),
            Error::NotStore(path) => write!(
                f,
                "{} is not a store DLL: it has no {STORE_INFO_EXPORT} export (a store built with \
                 #[content_partner] has one)",
                path.display()
            ),
            Error::Info(path, e) => write!(f, "{} is not a store DLL this cp-install reads: {e}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

/// Reads the store's description from the DLL file at `path`.
pub fn read_store(path: &Path) -> Result<Store, Error> {
    let data = std::fs::read(path).map_err(|e| Error::Read(path.into(), e))?;
    let file = object::File::parse(&*data).map_err(|e| Error::NotLibrary(path.into(), e))?;
    let exports = file.exports().map_err(|e| Error::NotLibrary(path.into(), e))?;
    let export = exports
        .iter()
        .find(|e| e.name() == STORE_INFO_EXPORT.as_bytes())
        .ok_or_else(|| Error::NotStore(path.into()))?;
    let invalid = |why: &str| Error::Info(path.into(), StoreInfoError::Invalid(why.into()));
    // PE exports carry no size: the text runs to its NUL.
    let bytes = bytes_at(&file, export.address()).ok_or_else(|| invalid("the export's address has no data"))?;
    let end = bytes.iter().position(|&b| b == 0).ok_or_else(|| invalid("the text has no end"))?;
    let info = StoreInfo::from_export(&bytes[..end]).map_err(|e| Error::Info(path.into(), e))?;
    Ok(Store { info, is_64: file.is_64() })
}

/// The file's bytes from the virtual `address` to the end of the section that holds it.
fn bytes_at<'data>(file: &object::File<'data>, address: u64) -> Option<&'data [u8]> {
    file.sections().find_map(|section| {
        let offset = address.checked_sub(section.address()).filter(|&o| o < section.size())?;
        section.data().ok()?.get(usize::try_from(offset).ok()?..)
    })
}

/// The .reg text that registers `store` with its DLL installed at `dll_path` (a Windows path).
pub fn reg(store: &Store, dll_path: &str) -> String {
    store.info.registration(dll_path.to_string()).to_reg()
}

/// `text` as regedit writes .reg files: UTF-16LE after a byte order mark.
pub fn utf16le_with_bom(text: &str) -> Vec<u8> {
    [0xfeff].into_iter().chain(text.encode_utf16()).flat_map(u16::to_le_bytes).collect()
}

/// The WiX fragment that installs `store`: the server path is the installed File, `[#file_id]`.
pub fn wix(store: &Store, component: &WixComponent<'_>) -> String {
    store.info.registration(format!("[#{}]", component.file_id)).to_wix(component)
}

/// Whether `text` is a Windows Installer identifier (what WiX Ids are): a letter or `_`, then
/// letters, digits, `_` and `.`, at most 72 characters.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && text.len() <= 72
}

/// An identifier made from `text` (a store key): each other character becomes `_`.
pub fn identifier(text: &str) -> String {
    let mut id: String = text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        id.insert(0, '_');
    }
    id.truncate(72);
    id
}
