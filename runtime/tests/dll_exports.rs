//! The bodies of the DLL exports against a registry file: DllRegisterServer refuses to register a
//! class whose DLL path it cannot read, instead of writing an InprocServer32 without a path.
#![cfg(not(windows))]

use contentpartner::dll::{REGISTRY_VARIABLE, StoreInfo, register_server};
use contentpartner::hresult::{S_OK, SELFREG_E_CLASS};
use contentpartner::registration::{FileBackend, Threading};
use windows_core::GUID;

#[test]
fn register_server_without_its_own_path_fails_and_writes_nothing() {
    let file = std::env::temp_dir().join(format!("cp-dll-exports-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&file);
    // SAFETY: the only test of this binary that touches the environment, before any thread reads it.
    unsafe { std::env::set_var(REGISTRY_VARIABLE, &file) };
    let info = StoreInfo {
        clsid: GUID::from_u128(0x3f1c9a52_0d4e_4b7a_9c2e_8a1b6d5e7f99),
        store_key: "NoPathStore",
        name: "No Path Store",
        capabilities: 0,
        threading: Threading::Both,
    };
    // Address 0 lies in no loaded module: the DLL's path cannot be read.
    assert_eq!(register_server(&info, 0), SELFREG_E_CLASS);
    let written = FileBackend::open(&file).map(|r| r.values().len()).unwrap_or(0);
    assert_eq!(written, 0, "nothing may be registered without the DLL's path");
    // An address inside this test binary has a path, and registers.
    assert_eq!(
        register_server(&info, register_server as fn(&StoreInfo, usize) -> windows_core::HRESULT as usize),
        S_OK
    );
    assert!(!FileBackend::open(&file).unwrap().values().is_empty());
    let _ = std::fs::remove_file(&file);
}
