//! A crate of generated bindings for IDL other than the store's depends on this one with
//! `default-features = false`, and reaches everything generated code names through it: the OLE
//! types, the HRESULTs and windows-core. Such a crate, made afresh, is checked with the cargo that
//! runs this test, offline; it builds the runtime and windows-core's own packages, nothing of the
//! store. Without the packages in cargo's cache it prints SKIP, unless CONTENTPARTNER_REQUIRE_ALL=1.
//! A check made on the build host, not part of the Windows run under Wine.
#![cfg(not(windows))]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// What a crate of generated bindings names: the ABI types and an interface's vtable shape.
const LIB_RS: &str = r#"
use contentpartner::hresult::{E_NOTIMPL, S_OK};
use contentpartner::ole::{BLOB, BSTR, Bstr, CoTaskMemArray, VARIANT, VARIANT_BOOL, Variant};
use contentpartner::windows_core::{GUID, HRESULT, IUnknown_Vtbl, Interface, Result};

pub const IID_IThing: GUID = GUID::from_u128(0x0d3c2b1a_4f5e_4a6b_8c7d_9e0f1a2b3c4d);
pub const DONE: HRESULT = S_OK;

#[repr(C)]
pub struct IThing_Vtbl {
    pub base__: IUnknown_Vtbl,
    pub Name: unsafe extern "system" fn(*mut core::ffi::c_void, *mut BSTR) -> HRESULT,
    pub Value: unsafe extern "system" fn(*mut core::ffi::c_void, *mut VARIANT, VARIANT_BOOL, BLOB) -> HRESULT,
}

pub fn answer(name: &str) -> Result<(Bstr, Variant)> {
    if name.is_empty() {
        return Err(contentpartner::windows_core::Error::from_hresult(E_NOTIMPL));
    }
    Ok((Bstr::from(name), Variant::i4(7)))
}

pub fn iid<T: Interface>() -> GUID {
    T::IID
}

pub type Names = CoTaskMemArray<BSTR>;
"#;

/// The packages a crate of bindings builds: the runtime and windows-core with its own.
const PACKAGES: &[&str] = &[
    "contentpartner",
    "proc-macro2",
    "quote",
    "syn",
    "unicode-ident",
    "windows-core",
    "windows-implement",
    "windows-interface",
    "windows-link",
    "windows-result",
    "windows-strings",
];

#[test]
fn a_bindings_crate_needs_the_runtime_alone_without_the_store() {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ole-only-crate");
    std::fs::create_dir_all(dir.join("src")).expect("scratch crate");
    // Its own `[workspace]`: the scratch directory may lie inside this workspace's.
    let manifest = format!(
        "[package]\nname = \"ole-only\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n\
         [dependencies]\ncontentpartner = {{ path = {:?}, default-features = false }}\n",
        runtime.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("Cargo.toml");
    std::fs::write(dir.join("src/lib.rs"), format!("#![allow(non_snake_case, non_upper_case_globals)]\n{LIB_RS}"))
        .expect("lib.rs");
    // The workspace's lock file: the versions this workspace is tested with, all in the cache.
    std::fs::copy(runtime.join("../Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--offline", "--message-format=json-render-diagnostics"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output();
    let stderr = output.as_ref().map(|o| String::from_utf8_lossy(&o.stderr).into_owned()).unwrap_or_default();
    if output.is_err() || stderr.contains("--offline") {
        assert!(
            std::env::var("CONTENTPARTNER_REQUIRE_ALL").as_deref() != Ok("1"),
            "cargo cannot check a crate offline here:\n{stderr}"
        );
        println!("SKIP a_bindings_crate_needs_the_runtime_alone_without_the_store: cargo cannot run offline");
        return;
    }
    let output = output.expect("cargo ran");
    assert!(output.status.success(), "the bindings crate does not build:\n{stderr}");

    let packages = built_packages(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(packages, PACKAGES.iter().map(|p| p.to_string()).collect::<BTreeSet<_>>());
}

/// The names of the packages of cargo's `compiler-artifact` messages, the crate itself left out.
fn built_packages(messages: &str) -> BTreeSet<String> {
    messages
        .lines()
        .filter(|line| line.starts_with("{\"reason\":\"compiler-artifact\""))
        .filter_map(|line| {
            // "package_id":"path+file:///...#contentpartner@0.1.0" or "registry+...#syn@2.0.119"
            let id = line.split("\"package_id\":\"").nth(1)?.split('"').next()?;
            let name = id.rsplit('#').next()?.split('@').next()?;
            Some(name.to_string())
        })
        .filter(|name| name != "ole-only")
        .collect()
}
