//! Registration as data: exactly the keys and values of a type 1 store, idempotent, and undone
//! exactly, leaving everything else as it was.

use contentpartner::hresult::SELFREG_E_CLASS;
use contentpartner::registration::*;
use windows_core::GUID;

fn contoso(dll: &str) -> Registration {
    Registration {
        clsid: GUID::from_u128(0x3f1c9a52_0d4e_4b7a_9c2e_8a1b6d5e7f01),
        appid: GUID::from_u128(0x3f1c9a52_0d4e_4b7a_9c2e_8a1b6d5e7f01),
        class_name: "Contoso Music store".into(),
        dll_path: dll.into(),
        threading: Threading::Apartment,
        store_key: "ContosoMusic".into(),
        friendly_name: "Contoso Music".into(),
        capabilities: 0x08 | 0x10,
    }
}

fn scratch(name: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("cp-reg-{}-{name}.txt", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

#[test]
fn entries_are_the_documented_ones() {
    let entries = contoso(r"C:\Stores\contoso.dll").entries();
    let lines: Vec<String> = entries
        .iter()
        .map(|e| {
            let value = match &e.value {
                Value::Sz(s) => format!("REG_SZ {s:?}"),
                Value::Dword(d) => format!("REG_DWORD {d:#x}"),
            };
            format!("{}\\{} {} = {value}", e.hive, e.key, e.name.as_deref().unwrap_or("(Default)"))
        })
        .collect();
    assert_eq!(
        lines,
        [
            r#"HKCR\CLSID\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01} (Default) = REG_SZ "Contoso Music store""#,
            r#"HKCR\CLSID\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01} AppID = REG_SZ "{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}""#,
            r#"HKCR\CLSID\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}\InprocServer32 (Default) = REG_SZ "C:\\Stores\\contoso.dll""#,
            r#"HKCR\CLSID\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}\InprocServer32 ThreadingModel = REG_SZ "Apartment""#,
            r#"HKCR\AppID\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01} (Default) = REG_SZ "Contoso Music store""#,
            r#"HKCR\AppID\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01} DllSurrogate = REG_SZ """#,
            r#"HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions\ContosoMusic Capabilities = REG_DWORD 0x58"#,
            r#"HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions\ContosoMusic SubscriptionObjectGUID = REG_SZ "{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}""#,
            r#"HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions\ContosoMusic FriendlyName = REG_SZ "Contoso Music""#,
        ]
    );
}

#[test]
fn register_is_idempotent_and_unregister_exact() {
    let path = scratch("exact");
    let mut registry = FileBackend::open(&path).expect("a new file");
    // Someone else's store and a value of another program under our CLSID's parent.
    let mut other = contoso(r"C:\Other\other.dll");
    other.clsid = GUID::from_u128(0xAAAA);
    other.appid = other.clsid;
    other.store_key = "OtherStore".into();
    other.register(&mut registry).expect("register the other store");
    let before = (registry.keys(), registry.values());

    let ours = contoso(r"C:\Stores\contoso.dll");
    ours.register(&mut registry).expect("register");
    let once = registry.values();
    ours.register(&mut registry).expect("register again");
    assert_eq!(registry.values(), once, "registering twice changes nothing");
    assert_eq!(once.len(), before.1.len() + 9);
    // The file holds what was written, across a reopen.
    assert_eq!(FileBackend::open(&path).expect("reopen").values(), once);

    ours.unregister(&mut registry).expect("unregister");
    assert_eq!((registry.keys(), registry.values()), before, "unregister removes exactly what register wrote");
    ours.unregister(&mut registry).expect("unregistering twice is harmless");
    assert_eq!(registry.values(), before.1);

    // A value someone else added under our key survives, and keeps the key.
    ours.register(&mut registry).expect("register");
    registry
        .set(&Entry {
            hive: Hive::ClassesRoot,
            key: r"CLSID\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}".into(),
            name: Some("Extra".into()),
            value: Value::Dword(1),
        })
        .expect("set");
    ours.unregister(&mut registry).expect("unregister");
    assert_eq!(registry.values().len(), before.1.len() + 1);
    assert!(registry.keys().contains(&(Hive::ClassesRoot, r"CLSID\{3F1C9A52-0D4E-4B7A-9C2E-8A1B6D5E7F01}".into())));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn access_denied_is_selfreg_e_class() {
    // A registry file in a directory that does not exist cannot be written.
    let mut registry = FileBackend::open("/nonexistent-dir/registry.txt").expect("opening reads nothing yet");
    let err = contoso("x.dll").register(&mut registry).unwrap_err();
    assert!(matches!(err, RegistryError::Other(_)), "{err}");
    assert_eq!(err.hresult(), SELFREG_E_CLASS);
    assert_eq!(RegistryError::AccessDenied.hresult().0 as u32, 0x80040201);
}

#[test]
fn the_subscriptions_container_goes_with_the_last_store() {
    let path = scratch("container");
    let mut registry = FileBackend::open(&path).expect("a new file");
    let subscriptions = (Hive::LocalMachine, r"SOFTWARE\Microsoft\MediaPlayer\Subscriptions".to_string());
    let ours = contoso(r"C:\Stores\contoso.dll");
    ours.register(&mut registry).expect("register");
    assert!(registry.keys().contains(&subscriptions), "registering creates the container");
    ours.unregister(&mut registry).expect("unregister");
    assert!(!registry.keys().contains(&subscriptions), "the last store takes the container with it");
    assert!(registry.values().is_empty());
    let _ = std::fs::remove_file(&path);
}

/// What a host reads back after registering is what was written, and nothing after unregistering.
fn read_back(registry: &mut dyn Backend, registration: &Registration) {
    registration.register(registry).expect("register");
    for e in registration.entries() {
        assert_eq!(registry.get(e.hive, &e.key, e.name.as_deref()).unwrap(), Some(e.value.clone()), "{e:?}");
    }
    let stores = registry.subkeys(Hive::LocalMachine, r"SOFTWARE\Microsoft\MediaPlayer\Subscriptions").unwrap();
    assert!(stores.contains(&registration.store_key), "{stores:?}");
    let class = format!(r"CLSID\{}", braced(&registration.clsid));
    assert_eq!(registry.subkeys(Hive::ClassesRoot, &class).unwrap(), ["InprocServer32"]);
    assert_eq!(registry.get(Hive::ClassesRoot, &class, Some("NoSuchValue")).unwrap(), None);

    registration.unregister(registry).expect("unregister");
    for e in registration.entries() {
        assert_eq!(registry.get(e.hive, &e.key, e.name.as_deref()).unwrap(), None, "{e:?}");
    }
    assert!(registry.subkeys(Hive::ClassesRoot, &class).unwrap().is_empty());
}

#[test]
fn a_file_registry_reads_back_what_was_written() {
    let path = scratch("read-back");
    read_back(&mut FileBackend::open(&path).expect("a new file"), &contoso(r"C:\Stores\contoso.dll"));
    let _ = std::fs::remove_file(&path);
}

/// The real registry (under Wine in CI), with a class id of its own so no real store is touched.
#[cfg(windows)]
#[test]
fn the_windows_registry_reads_back_what_was_written() {
    let mut registration = contoso(r"C:\Stores\registration-test.dll");
    registration.clsid = GUID::from_u128(0x5e0c2d1a_77b4_4c1f_a0d2_6b9e3f8c1d42);
    registration.appid = registration.clsid;
    registration.store_key = "ContentPartnerRegistrationTest".into();
    read_back(&mut WindowsBackend, &registration);
}

#[test]
fn guids_parse_as_the_registry_spells_them() {
    let g = GUID::from_u128(0x55455073_41b5_4e75_87b8_f13bdb291d08);
    assert_eq!(parse_guid(&braced(&g)), Some(g));
    assert_eq!(parse_guid("55455073-41b5-4e75-87b8-f13bdb291d08"), Some(g));
    for bad in [
        "",
        "{}",
        "55455073-41b5-4e75-87b8",
        "{55455073-41B5-4E75-87B8-F13BDB291D08",
        "5545507341b54e7587b8f13bdb291d08",
        "55455073-41b5-4e75-87b8-f13bdb291d0g",
    ] {
        assert_eq!(parse_guid(bad), None, "{bad:?}");
    }
}
