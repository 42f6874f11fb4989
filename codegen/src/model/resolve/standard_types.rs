//! The common COM types of the Windows SDK's standard imports, for the hint on an unknown type:
//! which file to import for each. The SDK declares some in a file that one of these imports
//! (`IStream` in objidlbase.idl, which objidl.idl imports); the table names the one a user writes.

/// A type a standard import brings.
pub(super) struct StandardType {
    pub name: &'static str,
    /// The file to import.
    pub file: &'static str,
    /// The built-in prelude declares it too, so importing the file is enough without the SDK.
    pub in_prelude: bool,
}

const fn sdk(name: &'static str, file: &'static str) -> StandardType {
    StandardType { name, file, in_prelude: false }
}

const fn prelude(name: &'static str, file: &'static str) -> StandardType {
    StandardType { name, file, in_prelude: true }
}

/// Sorted by name, for bisection.
pub(super) const STANDARD_TYPES: &[StandardType] = &[
    prelude("BLOB", "wtypes.idl"),
    prelude("BSTR", "wtypes.idl"),
    prelude("CLSID", "wtypes.idl"),
    prelude("CY", "wtypes.idl"),
    prelude("DECIMAL", "wtypes.idl"),
    sdk("DISPPARAMS", "oaidl.idl"),
    sdk("EXCEPINFO", "oaidl.idl"),
    prelude("FILETIME", "wtypes.idl"),
    prelude("GUID", "wtypes.idl"),
    sdk("IBindCtx", "objidl.idl"),
    sdk("IBindStatusCallback", "urlmon.idl"),
    sdk("IClassFactory", "unknwn.idl"),
    sdk("IConnectionPoint", "ocidl.idl"),
    sdk("IConnectionPointContainer", "ocidl.idl"),
    sdk("IDataObject", "objidl.idl"),
    sdk("IDispatch", "oaidl.idl"),
    sdk("IDropTarget", "oleidl.idl"),
    sdk("IEnumString", "objidl.idl"),
    sdk("IEnumUnknown", "objidl.idl"),
    sdk("IEnumVARIANT", "oaidl.idl"),
    sdk("IErrorInfo", "oaidl.idl"),
    sdk("IErrorLog", "oaidl.idl"),
    prelude("IID", "wtypes.idl"),
    sdk("IMalloc", "objidl.idl"),
    sdk("IMoniker", "objidl.idl"),
    sdk("IObjectWithSite", "ocidl.idl"),
    sdk("IOleClientSite", "oleidl.idl"),
    sdk("IOleObject", "oleidl.idl"),
    sdk("IOleWindow", "oleidl.idl"),
    sdk("IPersistFile", "objidl.idl"),
    sdk("IPersistStream", "objidl.idl"),
    sdk("IPersistStreamInit", "ocidl.idl"),
    sdk("IPropertyBag", "oaidl.idl"),
    sdk("IPropertyStorage", "propidl.idl"),
    sdk("IProvideClassInfo", "ocidl.idl"),
    sdk("IRecordInfo", "oaidl.idl"),
    sdk("ISequentialStream", "objidl.idl"),
    sdk("IServiceProvider", "servprov.idl"),
    sdk("IStorage", "objidl.idl"),
    sdk("IStream", "objidl.idl"),
    sdk("ITypeInfo", "oaidl.idl"),
    sdk("ITypeLib", "oaidl.idl"),
    prelude("IUnknown", "unknwn.idl"),
    sdk("PROPVARIANT", "propidl.idl"),
    prelude("REFIID", "wtypes.idl"),
    sdk("SAFEARRAY", "oaidl.idl"),
    sdk("STATSTG", "objidl.idl"),
    prelude("VARIANT", "oaidl.idl"),
    prelude("VARIANT_BOOL", "wtypes.idl"),
];

/// What to tell the user about the unknown type `name`, if a standard import declares it.
pub(super) fn hint(name: &str) -> Option<String> {
    let i = STANDARD_TYPES.binary_search_by(|t| t.name.cmp(name)).ok()?;
    let StandardType { file, in_prelude, .. } = STANDARD_TYPES[i];
    Some(if in_prelude {
        format!(
            "`{name}` comes with the Windows SDK's {file}; import it (without the SDK, the built-in prelude declares it)"
        )
    } else {
        format!(
            "`{name}` comes with the Windows SDK's {file}; import it, and put the SDK on the search path with `--sdk DIR` (or `Builder::windows_sdk`)"
        )
    })
}
