//! cp-install against real store libraries: the sample store's and the Fabrikam test store's Linux
//! builds, which carry the same export as their Windows DLLs. The .reg and WiX texts are pinned
//! whole; the errors are checked by exit code and message.

use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use contentpartner::dll::StoreInfo;
use contentpartner::registration::Threading;
use contentpartner::windows_core::GUID;

/// The two store libraries, built once, by a cargo of their own: the cargo running these tests
/// holds the lock of its target directory.
fn stores() -> &'static (PathBuf, PathBuf) {
    static STORES: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    STORES.get_or_init(|| {
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("stores");
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--locked", "-p", "sample-store", "-p", "fabrikam-store"])
            .arg("--manifest-path")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the store libraries failed");
        let lib = |name: &str| target.join("debug").join(format!("{DLL_PREFIX}{name}{DLL_SUFFIX}"));
        (lib("sample_store"), lib("fabrikam_store"))
    })
}

fn cp_install(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cp-install")).args(args).output().expect("cp-install runs")
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "cp-install failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

fn reg_text(output: &Output) -> String {
    assert!(output.status.success(), "cp-install failed: {}", String::from_utf8_lossy(&output.stderr));
    let bytes = &output.stdout;
    assert_eq!(bytes.get(..2), Some(&[0xff, 0xfe][..]), "a UTF-16LE byte order mark first");
    let units: Vec<u16> = bytes[2..].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    String::from_utf16(&units).expect("UTF-16")
}

/// Exit code 1 and the message's key phrase on stderr.
fn fails_with(output: &Output, phrase: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(output.stdout.is_empty());
    assert!(stderr.starts_with("cp-install: ") && stderr.contains(phrase), "stderr: {stderr}");
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn reads_the_export_of_the_sample_store() {
    let store = cp_install::read_store(&stores().0).unwrap();
    assert_eq!(
        store,
        cp_install::Store {
            info: StoreInfo {
                clsid: GUID::from_u128(0x3f1c9a52_0d4e_4b7a_9c2e_8a1b6d5e7f01),
                store_key: "ContosoMusic".to_string(),
                name: "Contoso Music".to_string(),
                capabilities: 0x18,
                threading: Threading::Apartment,
            },
            is_64: cfg!(target_pointer_width = "64"),
        }
    );
}

#[test]
fn reg_of_the_sample_store() {
    let out = cp_install(&["reg", path(&stores().0), "--path", r"C:\Program Files\Contoso Music\sample_store.dll"]);
    assert_eq!(
        reg_text(&out),
        "Windows Registry Editor Version 5.00\r
\r
[HKEY_CLASSES_ROOT\\CLSID\\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}]\r
@=\"Contoso Music\"\r
\"AppID\"=\"{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}\"\r
\r
[HKEY_CLASSES_ROOT\\CLSID\\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}\\InprocServer32]\r
@=\"C:\\\\Program Files\\\\Contoso Music\\\\sample_store.dll\"\r
\"ThreadingModel\"=\"Apartment\"\r
\r
[HKEY_CLASSES_ROOT\\AppID\\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}]\r
@=\"Contoso Music\"\r
\"DllSurrogate\"=\"\"\r
\r
[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions\\ContosoMusic]\r
\"Capabilities\"=dword:00000058\r
\"SubscriptionObjectGUID\"=\"{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}\"\r
\"FriendlyName\"=\"Contoso Music\"\r
"
    );
}

#[test]
fn reg_escapes_quotes_and_backslashes_and_keeps_other_text() {
    let out = cp_install(&["reg", path(&stores().1), "--path", r#"C:\Stores\"Fabrikam"\fabrikam_store.dll"#]);
    assert_eq!(
        reg_text(&out),
        "Windows Registry Editor Version 5.00\r
\r
[HKEY_CLASSES_ROOT\\CLSID\\{9D2E4F60-1A3B-4C5D-8E7F-0A1B2C3D4E5F}]\r
@=\"Fabrikam Música [Beta] & \\\"Friends\\\" 100%\"\r
\"AppID\"=\"{9D2E4F60-1A3B-4C5D-8E7F-0A1B2C3D4E5F}\"\r
\r
[HKEY_CLASSES_ROOT\\CLSID\\{9D2E4F60-1A3B-4C5D-8E7F-0A1B2C3D4E5F}\\InprocServer32]\r
@=\"C:\\\\Stores\\\\\\\"Fabrikam\\\"\\\\fabrikam_store.dll\"\r
\"ThreadingModel\"=\"Both\"\r
\r
[HKEY_CLASSES_ROOT\\AppID\\{9D2E4F60-1A3B-4C5D-8E7F-0A1B2C3D4E5F}]\r
@=\"Fabrikam Música [Beta] & \\\"Friends\\\" 100%\"\r
\"DllSurrogate\"=\"\"\r
\r
[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions\\FabrikamMusic]\r
\"Capabilities\"=dword:000000c0\r
\"SubscriptionObjectGUID\"=\"{9D2E4F60-1A3B-4C5D-8E7F-0A1B2C3D4E5F}\"\r
\"FriendlyName\"=\"Fabrikam Música [Beta] & \\\"Friends\\\" 100%\"\r
"
    );
}

#[test]
fn wix_of_the_sample_store() {
    let out = cp_install(&["wix", path(&stores().0), "--source", "sample_store.dll"]);
    assert_eq!(
        stdout(&out),
        r#"<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Fragment>
    <DirectoryRef Id="INSTALLDIR">
      <Component Id="ContosoMusic" Guid="*" Win64="yes">
        <File Id="ContosoMusic.dll" Source="sample_store.dll" KeyPath="yes" />
        <RegistryKey Root="HKCR" Key="CLSID\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}">
          <RegistryValue Type="string" Value="Contoso Music" />
          <RegistryValue Name="AppID" Type="string" Value="{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}" />
        </RegistryKey>
        <RegistryKey Root="HKCR" Key="CLSID\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}\InprocServer32">
          <RegistryValue Type="string" Value="[#ContosoMusic.dll]" />
          <RegistryValue Name="ThreadingModel" Type="string" Value="Apartment" />
        </RegistryKey>
        <RegistryKey Root="HKCR" Key="AppID\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}">
          <RegistryValue Type="string" Value="Contoso Music" />
          <RegistryValue Name="DllSurrogate" Type="string" Value="" />
        </RegistryKey>
        <RegistryKey Root="HKLM" Key="SOFTWARE\Microsoft\MediaPlayer\Subscriptions\ContosoMusic">
          <RegistryValue Name="Capabilities" Type="integer" Value="88" />
          <RegistryValue Name="SubscriptionObjectGUID" Type="string" Value="{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}" />
          <RegistryValue Name="FriendlyName" Type="string" Value="Contoso Music" />
        </RegistryKey>
      </Component>
    </DirectoryRef>
  </Fragment>
</Wix>
"#
    );
}

#[test]
fn wix_with_its_ids_given_and_text_escaped() {
    let out = cp_install(&[
        "wix",
        path(&stores().1),
        "--file-id",
        "FabrikamDll",
        "--component-id",
        "Fabrikam",
        "--component-guid",
        "6a0c6f1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
        "--directory-id",
        "STORES",
        "--source",
        "bin/fabrikam & co.dll",
    ]);
    assert_eq!(
        stdout(&out),
        r#"<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Fragment>
    <DirectoryRef Id="STORES">
      <Component Id="Fabrikam" Guid="{6A0C6F1E-2B3D-4E5F-8A9B-0C1D2E3F4A5B}" Win64="yes">
        <File Id="FabrikamDll" Source="bin/fabrikam &amp; co.dll" KeyPath="yes" />
        <RegistryKey Root="HKCR" Key="CLSID\{9D2E4F60-1A3B-4C5D-8E7F-0A1B2C3D4E5F}">
          <RegistryValue Type="string" Value="Fabrikam Música [\[]Beta[\]] &amp; &quot;Friends&quot; 100%" />
          <RegistryValue Name="AppID" Type="string" Value="{9D2E4F60-1A3B-4C5D-8E7F-0A1B2C3D4E5F}" />
        </RegistryKey>
        <RegistryKey Root="HKCR" Key="CLSID\{9D2E4F60-1A3B-4C5D-8E7F-0A1B2C3D4E5F}\InprocServer32">
          <RegistryValue Type="string" Value="[#FabrikamDll]" />
          <RegistryValue Name="ThreadingModel" Type="string" Value="Both" />
        </RegistryKey>
        <RegistryKey Root="HKCR" Key="AppID\{9D2E4F60-1A3B-4C5D-8E7F-0A1B2C3D4E5F}">
          <RegistryValue Type="string" Value="Fabrikam Música [\[]Beta[\]] &amp; &quot;Friends&quot; 100%" />
          <RegistryValue Name="DllSurrogate" Type="string" Value="" />
        </RegistryKey>
        <RegistryKey Root="HKLM" Key="SOFTWARE\Microsoft\MediaPlayer\Subscriptions\FabrikamMusic">
          <RegistryValue Name="Capabilities" Type="integer" Value="192" />
          <RegistryValue Name="SubscriptionObjectGUID" Type="string" Value="{9D2E4F60-1A3B-4C5D-8E7F-0A1B2C3D4E5F}" />
          <RegistryValue Name="FriendlyName" Type="string" Value="Fabrikam Música [\[]Beta[\]] &amp; &quot;Friends&quot; 100%" />
        </RegistryKey>
      </Component>
    </DirectoryRef>
  </Fragment>
</Wix>
"#
    );
}

#[test]
fn output_goes_to_the_named_file() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (reg, wxs) = (dir.join("cli-output.reg"), dir.join("cli-output.wxs"));
    let dll = path(&stores().0);
    let printed = cp_install(&["reg", dll, "--path", r"C:\s.dll"]);
    let written = cp_install(&["reg", dll, "--path", r"C:\s.dll", "-o", path(&reg)]);
    assert!(written.status.success() && written.stdout.is_empty());
    assert_eq!(std::fs::read(&reg).unwrap(), printed.stdout);
    let printed = cp_install(&["wix", dll]);
    let written = cp_install(&["wix", dll, "--output", path(&wxs)]);
    assert!(written.status.success() && written.stdout.is_empty());
    assert_eq!(std::fs::read(&wxs).unwrap(), printed.stdout);
    // The File's Source defaults to the DLL as given.
    assert!(String::from_utf8(printed.stdout).unwrap().contains(&format!(r#"Source="{dll}""#)));
}

#[test]
fn a_missing_file_is_an_error() {
    fails_with(
        &cp_install(&["reg", "/nonexistent/store.dll", "--path", r"C:\s.dll"]),
        "cannot read /nonexistent/store.dll",
    );
}

#[test]
fn a_file_that_is_no_library_is_an_error() {
    let text = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    fails_with(&cp_install(&["wix", path(&text)]), "is not a PE or ELF library");
}

#[test]
fn a_library_without_the_export_is_no_store() {
    // cp-install itself: an ELF file with dynamic symbols, none of them the store's.
    fails_with(
        &cp_install(&["wix", env!("CARGO_BIN_EXE_cp-install")]),
        "is not a store DLL: it has no ContentPartnerStoreInfo export",
    );
}

#[test]
fn another_version_of_the_export_is_refused() {
    let mut bytes = std::fs::read(&stores().0).unwrap();
    let magic = b"contentpartner-store-info 1\n";
    let at = bytes.windows(magic.len()).position(|w| w == magic).expect("the export's text is in the file");
    bytes[at + magic.len() - 2] = b'9';
    let future = Path::new(env!("CARGO_TARGET_TMPDIR")).join("libfuture_store.so");
    std::fs::write(&future, bytes).unwrap();
    fails_with(
        &cp_install(&["reg", path(&future), "--path", r"C:\s.dll"]),
        "its store info is version 9; this contentpartner reads version 1",
    );
}

#[test]
fn ids_and_guids_are_checked() {
    let dll = path(&stores().0);
    for args in [["--file-id", "1st"], ["--component-id", "a-b"], ["--component-guid", "not-a-guid"]] {
        let out = cp_install(&["wix", dll, args[0], args[1]]);
        assert_eq!(out.status.code(), Some(2), "{args:?} is a usage error");
    }
}
