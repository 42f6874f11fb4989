//! The registration as data: the text of the `ContentPartnerStoreInfo` export, written at compile
//! time and read back, and the .reg and WiX texts rendered from a Registration.

use contentpartner::dll::{StoreInfo, StoreInfoError, store_info_export, store_info_len};
use contentpartner::registration::{Threading, WixComponent};
use windows_core::GUID;

const SAMPLE: StoreInfo = StoreInfo {
    clsid: GUID::from_u128(0x3f1c9a52_0d4e_4b7a_9c2e_8a1b6d5e7f01),
    store_key: "ContosoMusic",
    name: "Contoso Music",
    capabilities: 0x18,
    threading: Threading::Apartment,
};

/// As `#[content_partner]` declares it: sized and filled in constant evaluation.
static SAMPLE_EXPORT: [u8; store_info_len(&SAMPLE)] = store_info_export(&SAMPLE);

const ODD: StoreInfo = StoreInfo {
    clsid: GUID::from_u128(0x00000000_0000_0000_0000_0000000000ab),
    store_key: "Key 100%",
    name: "Música\n\"x\"=%41",
    capabilities: 0xffff_ffff,
    threading: Threading::Free,
};
static ODD_EXPORT: [u8; store_info_len(&ODD)] = store_info_export(&ODD);

fn owned(info: &StoreInfo) -> StoreInfo<String> {
    StoreInfo {
        clsid: info.clsid,
        store_key: info.store_key.to_string(),
        name: info.name.to_string(),
        capabilities: info.capabilities,
        threading: info.threading,
    }
}

#[test]
fn the_export_is_versioned_ascii_ending_in_nul() {
    assert_eq!(
        &SAMPLE_EXPORT[..],
        b"contentpartner-store-info 1\nclsid={3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}\nstore_key=ContosoMusic\n\
          name=Contoso Music\ncapabilities=0x00000018\nthreading=Apartment\n\0"
    );
    assert_eq!(
        &ODD_EXPORT[..],
        b"contentpartner-store-info 1\nclsid={00000000-0000-0000-0000-0000000000AB}\nstore_key=Key 100%25\n\
          name=M%C3%BAsica%0A\"x\"=%2541\ncapabilities=0xFFFFFFFF\nthreading=Free\n\0"
    );
}

#[test]
fn the_export_reads_back_as_it_was_written() {
    assert_eq!(StoreInfo::from_export(&SAMPLE_EXPORT), Ok(owned(&SAMPLE)));
    assert_eq!(StoreInfo::from_export(&ODD_EXPORT), Ok(owned(&ODD)));
    // Without the NUL too, as a reader that stops at it passes it.
    assert_eq!(StoreInfo::from_export(&ODD_EXPORT[..ODD_EXPORT.len() - 1]), Ok(owned(&ODD)));
    // The registration DllRegisterServer writes is the same from either.
    let path = r"C:\store.dll".to_string();
    assert_eq!(owned(&SAMPLE).registration(path.clone()).entries(), SAMPLE.registration(path).entries());
}

#[test]
fn another_version_or_another_text_is_refused() {
    let text = String::from_utf8(SAMPLE_EXPORT.to_vec()).unwrap();
    let read = |t: &str| StoreInfo::from_export(t.as_bytes());
    assert_eq!(read(&text.replacen(" 1\n", " 2\n", 1)), Err(StoreInfoError::Version("2".into())));
    let invalid = |t: &str| matches!(read(t), Err(StoreInfoError::Invalid(_)));
    assert!(invalid("MZ\u{90}"));
    assert!(invalid(&text.replacen("contentpartner-store-info", "other-info", 1)));
    assert!(invalid(&text.replacen("store_key=ContosoMusic\n", "", 1)), "a field missing");
    assert!(invalid(&text.replacen("clsid={3F1C9A52", "clsid={3F1C9A5Z", 1)));
    assert!(invalid(&text.replacen("0x00000018", "0x+18", 1)));
    assert!(invalid(&text.replacen("0x00000018", "24", 1)));
    assert!(invalid(&text.replacen("Apartment", "Neutral", 1)));
    assert!(invalid(&text.replacen("Contoso Music", "Contoso %4", 1)), "a cut escape");
    assert!(invalid(&text.replacen("Contoso Music", "Contoso %FF", 1)), "not UTF-8");
    assert!(invalid(&text.replacen("threading=Apartment\n", "threading=Apartment\nmore=1\n", 1)));
    assert!(invalid(&text.replacen("Contoso Music", "Contoso Músic", 1)), "not ASCII");
}

#[test]
fn reg_text_holds_a_line_break_as_hex() {
    let reg = owned(&ODD).registration(r"C:\odd.dll".into()).to_reg();
    // "Música\n\"x\"=%41" as REG_SZ: UTF-16LE with its terminating NUL.
    let hex = "hex(1):4d,00,fa,00,73,00,69,00,63,00,61,00,0a,00,22,00,78,00,22,00,3d,00,25,00,34,00,31,00,00,00";
    assert!(
        reg.contains(&format!("[HKEY_CLASSES_ROOT\\CLSID\\{{00000000-0000-0000-0000-0000000000AB}}]\r\n@={hex}\r\n"))
    );
    assert!(reg.contains("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions\\Key 100%]\r\n"));
    assert!(reg.contains("\"Capabilities\"=dword:ffffffff\r\n"));
}

#[test]
fn wix_text_keeps_the_path_formatted_and_the_rest_literal() {
    let mut registration = owned(&ODD).registration("[INSTALLDIR]odd.dll".into());
    registration.class_name = "[INSTALLDIR] <b>".into();
    let component = WixComponent {
        id: "Odd",
        guid: "*",
        directory: "INSTALLDIR",
        file_id: "OddDll",
        source: "odd.dll",
        win64: false,
    };
    let wix = registration.to_wix(&component);
    assert!(wix.contains(r#"<Component Id="Odd" Guid="*">"#), "no Win64 for a 32-bit DLL");
    assert!(wix.contains(r#"<RegistryValue Type="string" Value="[INSTALLDIR]odd.dll" />"#));
    assert!(wix.contains(r#"<RegistryValue Type="string" Value="[\[]INSTALLDIR[\]] &lt;b&gt;" />"#));
    assert!(
        wix.contains(r#"<RegistryValue Name="FriendlyName" Type="string" Value="Música&#10;&quot;x&quot;=%41" />"#)
    );
    assert!(wix.contains(r#"<RegistryValue Name="Capabilities" Type="integer" Value="-1" />"#));
}
