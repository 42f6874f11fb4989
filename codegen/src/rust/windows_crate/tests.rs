use super::*;

#[test]
fn an_interface_is_its_namespace_s_path() {
    let row = lookup("IStream").expect("IStream is in the table");
    assert_eq!(row.kind, 'i');
    let path = row.path("IStream", "_Vtbl");
    assert_eq!(quote::quote!(#path).to_string().replace(' ', ""), "::windows::Win32::System::Com::IStream_Vtbl");
    assert_eq!(row.features().collect::<Vec<_>>(), ["Win32_System_Com"]);
}

#[test]
fn a_record_needs_the_features_of_what_its_fields_name() {
    // BINDINFO holds a STGMEDIUM (an HBITMAP, an IStorage) and SECURITY_ATTRIBUTES.
    let row = lookup("BINDINFO").expect("BINDINFO is in the table");
    assert_eq!(
        row.features().collect::<Vec<_>>(),
        ["Win32_System_Com", "Win32_Graphics_Gdi", "Win32_Security", "Win32_System_Com_StructuredStorage"]
    );
    assert_eq!(lookup("FILETIME").map(|r| (r.kind, r.namespace)), Some(('s', "Win32.Foundation")));
}

#[test]
fn what_windows_core_defines_is_not_in_the_table() {
    for name in ["IUnknown", "HRESULT", "BSTR", "BOOL", "NoSuchType"] {
        assert!(lookup(name).is_none(), "{name}");
    }
}
