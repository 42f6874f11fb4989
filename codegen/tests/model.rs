//! The resolved model of our contentpartner.idl, checked against the published facts: IIDs, slot
//! order, directions, size_is, enum values, the struct and the constants.

use std::path::{Path, PathBuf};

use contentpartner_codegen::model::{Def, DefKind, Direction, Model, Type, Value};
use contentpartner_codegen::{Checked, Options, Session};

fn idl() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../contentpartner.idl")
}

fn check(include_dirs: Vec<PathBuf>) -> Checked {
    let mut session = Session::new(Options { include_dirs, defines: Vec::new() });
    let checked = session.check_file(&idl());
    assert!(checked.diagnostics.is_empty(), "{}", checked.diagnostics.render(session.sources()));
    checked
}

fn def<'m>(model: &'m Model, name: &str) -> &'m Def {
    model.find(name).unwrap_or_else(|| panic!("{name} is not in the model"))
}

/// (IID, methods in vtable order) of the four interfaces, from the facts sheet.
const INTERFACES: &[(&str, &str, &[&str])] = &[
    (
        "IWMPContentContainer",
        "ad7f4d9c-1a9f-4ed2-9815-ecc0b58cb616",
        &["GetID", "GetPrice", "GetType", "GetContentCount", "GetContentPrice", "GetContentID"],
    ),
    (
        "IWMPContentContainerList",
        "a9937f78-0802-4af8-8b8d-e3f045bc8ab5",
        &["GetTransactionType", "GetContainerCount", "GetContainer"],
    ),
    (
        "IWMPContentPartnerCallback",
        "9e8f7da2-0695-403c-b697-da10fafaa676",
        &[
            "Notify",
            "BuyComplete",
            "DownloadTrack",
            "GetCatalogVersion",
            "UpdateDeviceComplete",
            "ChangeView",
            "AddListContents",
            "ListContentsComplete",
            "SendMessageComplete",
            "GetContentIDsInLibrary",
            "RefreshLicenseComplete",
            "ShowPopup",
            "VerifyPermissionComplete",
        ],
    ),
    (
        "IWMPContentPartner",
        "55455073-41b5-4e75-87b8-f13bdb291d08",
        &[
            "SetCallback",
            "Notify",
            "GetItemInfo",
            "GetContentPartnerInfo",
            "GetCommands",
            "InvokeCommand",
            "CanBuySilent",
            "Buy",
            "GetStreamingURL",
            "Download",
            "DownloadTrackComplete",
            "RefreshLicense",
            "GetCatalogURL",
            "GetTemplate",
            "UpdateDevice",
            "GetListContents",
            "Login",
            "Authenticate",
            "Logout",
            "SendMessage",
            "StationEvent",
            "CompareContainerListPrices",
            "VerifyPermission",
        ],
    ),
];

fn assert_interfaces(model: &Model) {
    for (name, iid, methods) in INTERFACES {
        let d = def(model, name);
        assert_eq!(d.uuid(), Some(*iid), "{name}");
        assert!(!d.imported);
        let (id, _) = model.iter().find(|&(_, x)| std::ptr::eq(x, d)).expect("def is in the model");
        let vtable = model.vtable(id);
        let names: Vec<&str> = vtable.iter().map(|(_, _, m)| m.abi_name.as_str()).collect();
        let mut expected = vec!["QueryInterface", "AddRef", "Release"];
        expected.extend_from_slice(methods);
        assert_eq!(names, expected, "{name}");
        for (slot, _, m) in &vtable {
            assert_eq!(m.slot, Some(*slot), "{name}::{}", m.name);
        }
        let DefKind::Interface(i) = &d.kind else { panic!("{name} is not an interface") };
        assert_eq!(i.base.map(|b| model[b].name.as_str()), Some("IUnknown"));
    }
}

fn method<'m>(model: &'m Model, iface: &str, name: &str) -> &'m contentpartner_codegen::model::Method {
    model.interface(iface).expect("interface").methods.iter().find(|m| m.name == name).expect("method")
}

fn named(t: &Type) -> &str {
    match t {
        Type::Named { name, .. } => name,
        Type::Pointer { to, .. } => named(to),
        other => panic!("not a named type: {other:?}"),
    }
}

fn depth(t: &Type) -> usize {
    match t {
        Type::Pointer { to, .. } => 1 + depth(to),
        _ => 0,
    }
}

#[test]
fn interfaces_with_the_builtin_prelude() {
    let checked = check(Vec::new());
    assert_interfaces(&checked.model);
    assert_eq!(checked.summary(), "4 interfaces, 7 enums, 1 struct, 80 constants");
}

#[test]
fn interfaces_with_wines_imports() {
    let wine = PathBuf::from("/usr/include/wine/wine/windows");
    if !wine.join("oaidl.idl").is_file() {
        assert!(std::env::var("CONTENTPARTNER_REQUIRE_ALL").as_deref() != Ok("1"), "Wine's IDL files are missing");
        println!("SKIP interfaces_with_wines_imports: Wine's IDL files (libwine-dev) are not installed");
        return;
    }
    let checked = check(vec![wine]);
    assert_interfaces(&checked.model);
    assert_eq!(checked.summary(), "4 interfaces, 7 enums, 1 struct, 80 constants");
}

#[test]
fn parameters_keep_directions_and_sizes() {
    let model = check(Vec::new()).model;
    let m = method(&model, "IWMPContentPartnerCallback", "GetContentIDsInLibrary");
    assert_eq!(m.params.len(), 2);
    assert_eq!(m.params[0].direction, Direction::Out);
    assert_eq!(m.params[1].direction, Direction::Out);
    assert_eq!(m.params[1].size_is, vec![None, Some("*pcContentIDs".to_string())]);
    assert_eq!((named(&m.params[1].ty), depth(&m.params[1].ty)), ("ULONG", 2));

    let m = method(&model, "IWMPContentPartnerCallback", "AddListContents");
    assert_eq!(m.params[2].size_is, vec![Some("cItems".to_string())]);
    assert_eq!(m.params[2].direction, Direction::In);

    let m = method(&model, "IWMPContentPartner", "RefreshLicense");
    let names: Vec<&str> = m.params.iter().map(|p| p.name.as_deref().unwrap_or("")).collect();
    assert_eq!(names, ["dwCookie", "fLocal", "bstrURL", "type", "contentID", "bstrRefreshReason", "pReasonContext"]);
    assert_eq!(m.params[2].pointer.as_deref(), Some("unique"));
    assert_eq!(named(&m.params[2].ty), "BSTR");
    assert!(m.params.iter().all(|p| p.direction == Direction::In));

    let m = method(&model, "IWMPContentPartner", "Login");
    assert_eq!((named(&m.params[0].ty), depth(&m.params[0].ty)), ("BLOB", 0), "BLOB is passed by value");

    let m = method(&model, "IWMPContentPartner", "GetCommands");
    assert_eq!(m.params[6].size_is, vec![None, Some("*pcItemIDs".to_string())]);
    assert_eq!((named(&m.params[6].ty), depth(&m.params[6].ty)), ("WMPContextMenuInfo", 2));
    assert_eq!(m.params.len(), 7);

    let m = method(&model, "IWMPContentPartner", "Logout");
    assert!(m.params.is_empty());
    assert_eq!(named(&m.ret), "HRESULT");
}

#[test]
fn enums_have_the_published_values() {
    let model = check(Vec::new()).model;
    let expect: &[(&str, &[(&str, i64)])] = &[
        (
            "WMPPartnerNotification",
            &[
                ("wmpsnBackgroundProcessingBegin", 1),
                ("wmpsnBackgroundProcessingEnd", 2),
                ("wmpsnCatalogDownloadFailure", 3),
                ("wmpsnCatalogDownloadComplete", 4),
            ],
        ),
        (
            "WMPCallbackNotification",
            &[
                ("wmpcnLoginStateChange", 1),
                ("wmpcnAuthResult", 2),
                ("wmpcnLicenseUpdated", 3),
                ("wmpcnNewCatalogAvailable", 4),
                ("wmpcnNewPluginAvailable", 5),
                ("wmpcnDisableRadioSkipping", 6),
            ],
        ),
        ("WMPTaskType", &[("wmpttBrowse", 1), ("wmpttSync", 2), ("wmpttBurn", 3), ("wmpttCurrent", 4)]),
        ("WMPTransactionType", &[("wmpttNoTransaction", 0), ("wmpttDownload", 1), ("wmpttBuy", 2)]),
        ("WMPTemplateSize", &[("wmptsSmall", 0), ("wmptsMedium", 1), ("wmptsLarge", 2)]),
        ("WMPStreamingType", &[("wmpstUnknown", 0), ("wmpstMusic", 1), ("wmpstVideo", 2), ("wmpstRadio", 3)]),
        ("WMPAccountType", &[("wmpatBuyOnly", 1), ("wmpatSubscription", 2), ("wmpatJanus", 3)]),
    ];
    for (name, values) in expect {
        let DefKind::Enum(members) = &def(&model, name).kind else { panic!("{name} is not an enum") };
        let got: Vec<(&str, i64)> = members.iter().map(|m| (m.name.as_str(), m.value)).collect();
        assert_eq!(got, *values, "{name}");
    }
}

#[test]
fn struct_and_constants() {
    let model = check(Vec::new()).model;
    let DefKind::Struct(s) = &def(&model, "WMPContextMenuInfo").kind else { panic!("not a struct") };
    let fields = &s.fields;
    let got: Vec<(&str, &str)> = fields.iter().map(|f| (f.name.as_deref().unwrap_or(""), named(&f.ty))).collect();
    assert_eq!(got, [("dwID", "DWORD"), ("bstrMenuText", "BSTR"), ("bstrHelpText", "BSTR")]);

    let constants: Vec<(&str, &Value)> = model
        .own_defs()
        .filter_map(|d| match &d.kind {
            DefKind::Const(c) => Some((d.name.as_str(), &c.value)),
            _ => None,
        })
        .collect();
    assert_eq!(constants.len(), 80);
    let strings = constants.iter().filter(|(n, v)| n.starts_with("g_sz") && matches!(v, Value::WStr(_))).count();
    assert_eq!(strings, 75);
    let value = |name: &str| constants.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).clone()).expect(name);
    assert_eq!(
        value("g_szContentPartnerInfo_MaximumTrackPurchasePerPurchase"),
        Value::WStr("MaximumNumberOfTracksPerPurchase".into())
    );
    assert_eq!(value("g_szAllUserEffectiveRatingStarss"), Value::WStr("AllUserEffectiveRatingStarss".into()));
    assert_eq!(value("g_szItemInfo_ForgetPasswordURL"), Value::WStr("ForgotPassword".into()));
    assert_eq!(value("g_szItemInfo_TreeListIconURL"), Value::WStr("CPListIDIcon".into()));
    assert_eq!(value("g_knReservedCPTrackID_NotFound"), Value::Int(0xFFFF_FFFF));
    assert_eq!(value("SUBSCRIPTION_CAP_BACKGROUNDPROCESSING"), Value::Int(0x08));
    assert_eq!(value("SUBSCRIPTION_CAP_DEVICEAVAILABLE"), Value::Int(0x10));
    assert_eq!(value("SUBSCRIPTION_CAP_IS_CONTENTPARTNER"), Value::Int(0x40));
    assert_eq!(value("SUBSCRIPTION_CAP_ALTLOGIN"), Value::Int(0x80));
}
