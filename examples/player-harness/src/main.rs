//! `cp-harness PATH_TO_STORE_LIBRARY [--json]`: plays Windows Media Player's part against a store
//! library through its exports and vtables only, and checks every rule of the protocol.
//!
//! It registers the store (into a registry file), finds the store's CLSID where WMP does (the
//! Subscriptions key), creates it through DllGetClassObject and the class factory, calls every
//! method, downloads more than 10,000 tracks from albums, a list and loose tracks, runs every
//! asynchronous request, detaches, releases, and unregisters. The exit code is 0 only when every
//! rule held.

use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use contentpartner::bindings::*;
use contentpartner::com::IClassFactory;
use contentpartner::ole::{BStrRef, Bstr, Variant, VariantValue};
use contentpartner::registration::{FileBackend, Hive, Value};
use contentpartner::windows_core::{GUID, HRESULT, Interface, Result, implement};

type DllGetClassObject = unsafe extern "system" fn(*const GUID, *const GUID, *mut *mut c_void) -> HRESULT;
type DllNoArgs = unsafe extern "system" fn() -> HRESULT;

const S_OK: HRESULT = HRESULT(0);
const S_FALSE: HRESULT = HRESULT(1);
const CLASS_E_CLASSNOTAVAILABLE: HRESULT = HRESULT(0x80040111_u32 as i32);
const E_NOINTERFACE: HRESULT = HRESULT(0x80004002_u32 as i32);

// ---------------------------------------------------------------------------------------------
// The player's objects: a callback that records, container lists built from track ids.

#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<Event>>>);

#[derive(Clone, Debug, PartialEq)]
enum Event {
    DownloadTrack { cookie: u32, id: u32, url: String, params: String, hr: HRESULT },
    BuyComplete { cookie: u32, hr: HRESULT },
    RefreshLicenseComplete { cookie: u32, id: u32, hr: HRESULT },
    AddListContents { cookie: u32, items: Vec<u32> },
    ListContentsComplete { cookie: u32, hr: HRESULT },
    SendMessageComplete { message: String, param: String, result: String },
    VerifyPermissionComplete { permission: String, device: String, hr: HRESULT },
    UpdateDeviceComplete { device: String },
    Notify { kind: i32, value: String },
    ChangeView { kind: String, id: String },
}

impl Events {
    fn push(&self, e: Event) {
        self.0.lock().unwrap().push(e);
    }
    fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }
    fn take(&self) -> Vec<Event> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
    /// Waits until `n` events have arrived (at most 30 s), and takes them.
    fn wait(&self, n: usize) -> Vec<Event> {
        let start = Instant::now();
        while self.len() < n && start.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(1));
        }
        // Anything beyond `n` that arrives late would break "exactly once": give it a moment.
        std::thread::sleep(Duration::from_millis(20));
        self.take()
    }
}

#[implement(IWMPContentPartnerCallback)]
struct PlayerCallback {
    events: Events,
}

fn describe(v: &Variant) -> String {
    match v.value() {
        VariantValue::Bool(b) => format!("BOOL {b}"),
        VariantValue::UI4(u) => format!("UI4 {u}"),
        VariantValue::Empty => "EMPTY".into(),
        other => format!("{other:?}"),
    }
}

impl IWMPContentPartnerCallbackHandler for PlayerCallback {
    fn notify(&self, kind: WMPCallbackNotification, context: &Variant) -> Result<()> {
        self.events.push(Event::Notify { kind: kind.0, value: describe(context) });
        Ok(())
    }
    fn buy_complete(&self, hr: HRESULT, cookie: u32) -> Result<()> {
        self.events.push(Event::BuyComplete { cookie, hr });
        Ok(())
    }
    fn download_track(&self, cookie: u32, url: BStrRef<'_>, id: u32, params: BStrRef<'_>, hr: HRESULT) -> Result<()> {
        self.events.push(Event::DownloadTrack { cookie, id, url: url.to_string(), params: params.to_string(), hr });
        Ok(())
    }
    fn get_catalog_version(&self) -> Result<(u32, u32, u32)> {
        Ok((41, 1, 1033))
    }
    fn update_device_complete(&self, device: BStrRef<'_>) -> Result<()> {
        self.events.push(Event::UpdateDeviceComplete { device: device.to_string() });
        Ok(())
    }
    fn change_view(&self, kind: BStrRef<'_>, id: BStrRef<'_>, _: BStrRef<'_>) -> Result<()> {
        self.events.push(Event::ChangeView { kind: kind.to_string(), id: id.to_string() });
        Ok(())
    }
    fn add_list_contents(&self, cookie: u32, items: &[u32]) -> Result<()> {
        self.events.push(Event::AddListContents { cookie, items: items.to_vec() });
        Ok(())
    }
    fn list_contents_complete(&self, cookie: u32, hr: HRESULT) -> Result<()> {
        self.events.push(Event::ListContentsComplete { cookie, hr });
        Ok(())
    }
    fn send_message_complete(&self, message: BStrRef<'_>, param: BStrRef<'_>, result: BStrRef<'_>) -> Result<()> {
        self.events.push(Event::SendMessageComplete {
            message: message.to_string(),
            param: param.to_string(),
            result: result.to_string(),
        });
        Ok(())
    }
    fn get_content_ids_in_library(&self) -> Result<Vec<u32>> {
        Ok(vec![101, 102])
    }
    fn refresh_license_complete(&self, cookie: u32, id: u32, hr: HRESULT) -> Result<()> {
        self.events.push(Event::RefreshLicenseComplete { cookie, id, hr });
        Ok(())
    }
    fn verify_permission_complete(&self, permission: BStrRef<'_>, context: &Variant, hr: HRESULT) -> Result<()> {
        let device = context.as_bstr().map(|d| d.to_string()).unwrap_or_default();
        self.events.push(Event::VerifyPermissionComplete { permission: permission.to_string(), device, hr });
        Ok(())
    }
}

#[implement(IWMPContentContainer)]
struct Container {
    id: u32,
    kind: &'static str,
    tracks: Vec<u32>,
}

impl IWMPContentContainerHandler for Container {
    fn get_id(&self) -> Result<u32> {
        Ok(self.id)
    }
    fn get_price(&self) -> Result<Bstr> {
        Ok(format!("${}.{:02}", self.tracks.len() * 99 / 100, self.tracks.len() * 99 % 100).into())
    }
    fn get_type(&self) -> Result<Bstr> {
        Ok(self.kind.into())
    }
    fn get_content_count(&self) -> Result<u32> {
        Ok(self.tracks.len() as u32)
    }
    fn get_content_price(&self, i: u32) -> Result<Bstr> {
        self.tracks.get(i as usize).map(|_| Bstr::from("$0.99")).ok_or_else(|| HRESULT(0x80070057_u32 as i32).into())
    }
    fn get_content_id(&self, i: u32) -> Result<u32> {
        self.tracks.get(i as usize).copied().ok_or_else(|| HRESULT(0x80070057_u32 as i32).into())
    }
}

#[implement(IWMPContentContainerList)]
struct ContainerList {
    transaction: WMPTransactionType,
    containers: Vec<IWMPContentContainer>,
}

impl IWMPContentContainerListHandler for ContainerList {
    fn get_transaction_type(&self) -> Result<WMPTransactionType> {
        Ok(self.transaction)
    }
    fn get_container_count(&self) -> Result<u32> {
        Ok(self.containers.len() as u32)
    }
    fn get_container(&self, i: u32) -> Result<Option<IWMPContentContainer>> {
        self.containers.get(i as usize).cloned().map(Some).ok_or_else(|| HRESULT(0x80070057_u32 as i32).into())
    }
}

fn list(transaction: WMPTransactionType, containers: Vec<(u32, &'static str, Vec<u32>)>) -> IWMPContentContainerList {
    let containers = containers.into_iter().map(|(id, kind, tracks)| Container { id, kind, tracks }.into()).collect();
    ContainerList { transaction, containers }.into()
}

// ---------------------------------------------------------------------------------------------
// The report.

#[derive(Default)]
struct Report {
    checks: Vec<(String, bool, String)>,
}

impl Report {
    fn check(&mut self, name: &str, ok: bool, detail: impl Into<String>) -> bool {
        self.checks.push((name.to_string(), ok, detail.into()));
        ok
    }
    fn failed(&self) -> usize {
        self.checks.iter().filter(|c| !c.1).count()
    }
}

fn hr_text(hr: HRESULT) -> String {
    format!("{:#010x}", hr.0 as u32)
}

// ---------------------------------------------------------------------------------------------

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cp-harness PATH_TO_STORE_LIBRARY [--json]");
        std::process::exit(2);
    };
    let path = std::fs::canonicalize(path).unwrap_or_else(|e| {
        eprintln!("cp-harness: {path}: {e}");
        std::process::exit(2);
    });
    let mut report = Report::default();
    let started = Instant::now();
    run(&path, &mut report);
    let elapsed = started.elapsed();
    let (passed, failed) = (report.checks.len() - report.failed(), report.failed());
    if json {
        let checks: Vec<serde_json::Value> = report
            .checks
            .iter()
            .map(|(name, ok, detail)| serde_json::json!({ "check": name, "passed": ok, "detail": detail }))
            .collect();
        let out = serde_json::json!({ "library": path.display().to_string(), "passed": passed, "failed": failed, "seconds": elapsed.as_secs_f64(), "checks": checks });
        println!("{}", serde_json::to_string_pretty(&out).expect("JSON"));
    } else {
        println!("Player harness: {}", path.display());
        for (name, ok, detail) in &report.checks {
            println!("  {} {name}: {detail}", if *ok { "PASS" } else { "FAIL" });
        }
        println!("{passed} passed, {failed} failed ({:.2} s)", elapsed.as_secs_f64());
    }
    std::process::exit(if failed == 0 { 0 } else { 1 });
}

fn run(path: &Path, report: &mut Report) {
    let registry_file: PathBuf = std::env::temp_dir().join(format!("cp-harness-registry-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&registry_file);
    // SAFETY: the harness is still single-threaded here; the store reads the variable later.
    unsafe { std::env::set_var(contentpartner::dll::REGISTRY_VARIABLE, &registry_file) };

    // SAFETY: loading the store runs its initializers; it is the library under test.
    let library = match unsafe { libloading::Library::new(path) } {
        Ok(l) => l,
        Err(e) => {
            report.check("load the library", false, e.to_string());
            return;
        }
    };
    // SAFETY: the exports have COM's signatures, which the store promises.
    let exports = unsafe {
        (
            library.get::<DllGetClassObject>(b"DllGetClassObject\0"),
            library.get::<DllNoArgs>(b"DllCanUnloadNow\0"),
            library.get::<DllNoArgs>(b"DllRegisterServer\0"),
            library.get::<DllNoArgs>(b"DllUnregisterServer\0"),
        )
    };
    let (Ok(get_class_object), Ok(can_unload_now), Ok(register), Ok(unregister)) = exports else {
        report.check(
            "find the four exports",
            false,
            "DllGetClassObject, DllCanUnloadNow, DllRegisterServer or DllUnregisterServer is missing",
        );
        return;
    };
    report.check(
        "find the four exports",
        true,
        "DllGetClassObject, DllCanUnloadNow, DllRegisterServer, DllUnregisterServer",
    );

    // Registration, and the CLSID from where WMP reads it.
    // SAFETY: export calls with COM's signatures.
    let hr = unsafe { register() };
    report.check("DllRegisterServer", hr == S_OK, hr_text(hr));
    // SAFETY: as above.
    let again = unsafe { register() };
    let registry = FileBackend::open(&registry_file).map(|r| r.values()).unwrap_or_default();
    report.check(
        "DllRegisterServer again (idempotent)",
        again == S_OK && FileBackend::open(&registry_file).map(|r| r.values()).unwrap_or_default() == registry,
        hr_text(again),
    );
    let Some(clsid) = check_registration(&registry, path, report) else { return };

    // The class factory and the object.
    let mut raw = std::ptr::null_mut();
    let other = GUID::from_u128(0x1234);
    // SAFETY: valid pointers to locals.
    let hr = unsafe { get_class_object(&other, &IClassFactory::IID, &mut raw) };
    report.check("DllGetClassObject for another CLSID", hr == CLASS_E_CLASSNOTAVAILABLE && raw.is_null(), hr_text(hr));
    // SAFETY: as above.
    let hr = unsafe { get_class_object(&clsid, &IClassFactory::IID, &mut raw) };
    if !report.check("DllGetClassObject", hr == S_OK && !raw.is_null(), hr_text(hr)) {
        return;
    }
    // SAFETY: S_OK handed us an owned IClassFactory.
    let factory = unsafe { IClassFactory::from_raw(raw) };
    let mut raw = std::ptr::null_mut();
    // SAFETY: valid pointers; the store's object comes back owned.
    let hr = unsafe { factory.CreateInstance(std::ptr::null_mut(), &IWMPContentPartner::IID, &mut raw) };
    if !report.check("IClassFactory::CreateInstance(IWMPContentPartner)", hr == S_OK && !raw.is_null(), hr_text(hr)) {
        return;
    }
    // SAFETY: as above.
    let partner = unsafe { IWMPContentPartner::from_raw(raw) };
    let unknown = partner.cast::<contentpartner::windows_core::IUnknown>();
    let no_factory = partner.cast::<IClassFactory>();
    report.check(
        "QueryInterface",
        unknown.is_ok() && no_factory.as_ref().err().map(|e| e.code()) == Some(E_NOINTERFACE),
        "IUnknown yes, IClassFactory E_NOINTERFACE",
    );

    let events = Events::default();
    let callback: IWMPContentPartnerCallback = PlayerCallback { events: events.clone() }.into();
    report.check("SetCallback", partner.set_callback(Some(&callback)).is_ok(), "the player's callback");

    synchronous_methods(&partner, &events, report);
    download(&partner, &events, report);
    asynchronous_pairs(&partner, &events, report);

    // Detach: nothing may arrive after SetCallback(NULL) returns.
    let busy = list(WMPTransactionType::wmpttDownload, vec![(5, g_szCPAlbumID, (1..=50_000).collect())]);
    let _ = partner.download(Some(&busy), 999);
    std::thread::sleep(Duration::from_millis(5));
    let hr = partner.set_callback(None);
    let at_return = events.len();
    std::thread::sleep(Duration::from_millis(200));
    let after = events.len();
    report.check(
        "SetCallback(NULL) in the middle of a download",
        hr.is_ok(),
        format!("{at_return} DownloadTrack calls before it returned"),
    );
    report.check(
        "nothing after SetCallback(NULL)",
        after == at_return,
        format!("{} callbacks after it returned", after - at_return),
    );
    let refused = partner.download(Some(&busy), 1000);
    report.check(
        "Download without a player is refused",
        refused.is_err(),
        refused.err().map(|e| hr_text(e.code())).unwrap_or_default(),
    );

    // Release everything; the module must be able to unload.
    drop((partner, unknown, no_factory, busy, callback));
    // SAFETY: export call.
    let hr = unsafe { can_unload_now() };
    report.check("DllCanUnloadNow while the factory is held", hr == S_FALSE, hr_text(hr));
    drop(factory);
    // SAFETY: export call.
    let hr = unsafe { can_unload_now() };
    report.check("DllCanUnloadNow after the last Release", hr == S_OK, hr_text(hr));

    // SAFETY: export call.
    let hr = unsafe { unregister() };
    let left: Vec<_> = FileBackend::open(&registry_file).map(|r| r.values()).unwrap_or_default();
    report.check(
        "DllUnregisterServer",
        hr == S_OK && left.is_empty(),
        format!("{}; {} values left", hr_text(hr), left.len()),
    );
    let _ = std::fs::remove_file(&registry_file);
}

/// The values of facts §5.1; returns the CLSID from SubscriptionObjectGUID.
fn check_registration(
    values: &[contentpartner::registration::Entry],
    path: &Path,
    report: &mut Report,
) -> Option<GUID> {
    let find = |hive: Hive, key_end: &str, name: Option<&str>| {
        values
            .iter()
            .find(|e| e.hive == hive && e.key.ends_with(key_end) && e.name.as_deref() == name)
            .map(|e| e.value.clone())
    };
    let subscription = values.iter().find(|e| {
        e.hive == Hive::LocalMachine && e.key.starts_with("SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions\\")
    });
    let Some(key) = subscription.map(|e| e.key.clone()) else {
        report.check("registry: Subscriptions key", false, "missing");
        return None;
    };
    let clsid_text = match find(Hive::LocalMachine, &key, Some("SubscriptionObjectGUID")) {
        Some(Value::Sz(s)) => s,
        _ => {
            report.check("registry: SubscriptionObjectGUID", false, "missing");
            return None;
        }
    };
    let hex: String = clsid_text.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    let clsid = GUID::from_u128(u128::from_str_radix(&hex, 16).ok()?);
    let capabilities = match find(Hive::LocalMachine, &key, Some("Capabilities")) {
        Some(Value::Dword(d)) => d,
        _ => 0,
    };
    report.check(
        "registry: Capabilities includes SUBSCRIPTION_CAP_IS_CONTENTPARTNER",
        capabilities & 0x40 != 0,
        format!("{capabilities:#x}"),
    );
    let friendly = find(Hive::LocalMachine, &key, Some("FriendlyName"));
    report.check(
        "registry: FriendlyName",
        matches!(&friendly, Some(Value::Sz(s)) if !s.is_empty()),
        format!("{friendly:?}"),
    );
    let clsid_key = format!("CLSID\\{clsid_text}");
    let inproc = find(Hive::ClassesRoot, &format!("{clsid_key}\\InprocServer32"), None);
    report.check(
        "registry: InprocServer32 is this library",
        inproc == Some(Value::Sz(path.display().to_string())),
        format!("{inproc:?}"),
    );
    let threading = find(Hive::ClassesRoot, &format!("{clsid_key}\\InprocServer32"), Some("ThreadingModel"));
    report.check(
        "registry: ThreadingModel",
        matches!(&threading, Some(Value::Sz(t)) if ["Apartment", "Free", "Both"].contains(&t.as_str())),
        format!("{threading:?}"),
    );
    let appid = find(Hive::ClassesRoot, &clsid_key, Some("AppID"));
    let surrogate = match &appid {
        Some(Value::Sz(a)) => find(Hive::ClassesRoot, &format!("AppID\\{a}"), Some("DllSurrogate")),
        _ => None,
    };
    report.check(
        "registry: AppID with an empty DllSurrogate",
        surrogate == Some(Value::Sz(String::new())),
        format!("{appid:?}"),
    );
    report.check("registry: nothing else", values.len() == 9, format!("{} values", values.len()));
    Some(clsid)
}

fn synchronous_methods(partner: &IWMPContentPartner, events: &Events, report: &mut Report) {
    let popup = partner.get_item_info(g_szItemInfo_PopupURL, &Variant::i4(3));
    report.check(
        "GetItemInfo(Popup)",
        matches!(&popup, Ok(v) if v.as_bstr().is_some()),
        format!("{:?}", popup.as_ref().map(describe_bstr)),
    );
    let state = partner.get_content_partner_info(g_szContentPartnerInfo_LoginState);
    report.check(
        "GetContentPartnerInfo(LoginState)",
        matches!(&state, Ok(v) if v.as_bool() == Some(false)),
        format!("{:?}", state.map(|v| describe(&v))),
    );
    let menu = partner.get_commands(g_szCPAlbumID, &Variant::ui4(9), g_szCPTrackID, &[901, 902]);
    let items = menu.as_ref().map(|m| m.iter().map(|i| i.dwID).collect::<Vec<_>>()).unwrap_or_default();
    report.check("GetCommands", !items.is_empty() && items.contains(&0), format!("ids {items:?} (0 is a separator)"));
    drop(menu);
    let invoked = partner.invoke_command(1, g_szCPAlbumID, &Variant::ui4(9), g_szCPTrackID, &[901]);
    let views = events.wait(1);
    report.check(
        "InvokeCommand calls ChangeView",
        invoked.is_ok() && matches!(views.as_slice(), [Event::ChangeView { .. }]),
        format!("{views:?}"),
    );
    let order = list(WMPTransactionType::wmpttBuy, vec![(9, g_szCPAlbumID, vec![901, 902, 903])]);
    let silent = partner.can_buy_silent(Some(&order));
    report.check("CanBuySilent", silent.is_ok(), format!("{:?}", silent.map(|(p, s)| (p.to_string(), s))));
    let url = partner.get_streaming_url(WMPStreamingType::wmpstMusic, &Variant::ui4(901));
    report.check("GetStreamingURL", url.is_ok(), format!("{:?}", url.map(|u| u.to_string())));
    let catalog = partner.get_catalog_url(0, 1, 1033);
    report.check("GetCatalogURL", catalog.is_ok(), format!("{:?}", catalog.map(|(v, u, _)| (v, u.to_string()))));
    let template = partner.get_template(
        WMPTaskType::wmpttBrowse,
        g_szRootLocation,
        &Variant::empty(),
        g_szRootLocation,
        &Variant::empty(),
        "",
        "",
    );
    report.check("GetTemplate", template.is_ok(), format!("{:?}", template.map(|(u, s)| (u.to_string(), s.0))));
    let event = partner.station_event(g_szStationEvent_Started, 1, 0, 901, "", 0);
    report.check("StationEvent", event.is_ok(), "TrackStarted");
    let smaller = list(WMPTransactionType::wmpttBuy, vec![(9, g_szCPAlbumID, vec![901])]);
    let compared = partner.compare_container_list_prices(Some(&order), Some(&smaller));
    report.check("CompareContainerListPrices", matches!(compared, Ok(c) if c > 0), format!("{compared:?}"));
    let notified = partner.notify(WMPPartnerNotification::wmpsnBackgroundProcessingBegin, &Variant::empty());
    report.check("Notify", notified.is_ok(), "BackgroundProcessingBegin");
}

fn describe_bstr(v: &Variant) -> String {
    v.as_bstr().map(|b| b.to_string()).unwrap_or_default()
}

fn download(partner: &IWMPContentPartner, events: &Events, report: &mut Report) {
    // Three albums of 3,000 tracks, a list of 1,000, and 54 loose tracks of which 4 are unknown.
    let mut containers: Vec<(u32, &'static str, Vec<u32>)> =
        (0..3).map(|a| (700 + a, g_szCPAlbumID, (0..3000).map(|t| 100_000 + a * 10_000 + t).collect())).collect();
    containers.push((77, g_szCPListID, (500_000..501_000).collect()));
    let mut loose: Vec<u32> = (900_000..900_050).collect();
    loose.extend([2_000_001, 2_000_002, 2_000_003, 2_000_004]);
    containers.push((g_knReservedCPTrackID_NotFound, g_szUnknownLocation, loose));
    let expected: Vec<u32> = containers.iter().flat_map(|c| c.2.clone()).collect();
    let order = list(WMPTransactionType::wmpttDownload, containers);
    let started = Instant::now();
    let hr = partner.download(Some(&order), 4242);
    let returned = started.elapsed();
    report.check(
        "Download returns at once",
        hr.is_ok() && returned < Duration::from_millis(100),
        format!("{:.3} ms", returned.as_secs_f64() * 1000.0),
    );
    let got = events.wait(expected.len());
    let elapsed = started.elapsed();
    let tracks: Vec<&Event> = got.iter().filter(|e| matches!(e, Event::DownloadTrack { .. })).collect();
    let ids: Vec<u32> = tracks.iter().map(|e| if let Event::DownloadTrack { id, .. } = e { *id } else { 0 }).collect();
    report.check(
        "DownloadTrack once per track, in list order",
        ids == expected && got.len() == expected.len(),
        format!("{} tracks in {:.0} ms", ids.len(), elapsed.as_secs_f64() * 1000.0),
    );
    let cookies_ok = tracks.iter().all(|e| matches!(e, Event::DownloadTrack { cookie: 4242, .. }));
    report.check("DownloadTrack echoes the cookie", cookies_ok, "4242");
    let (mut with_url, mut declined) = (0, 0);
    let mut consistent = true;
    for e in &tracks {
        if let Event::DownloadTrack { url, hr, params, .. } = e {
            if hr.is_ok() {
                with_url += 1;
                consistent &= !url.is_empty();
            } else {
                declined += 1;
                consistent &= url.is_empty() && params.is_empty();
            }
        }
    }
    report.check(
        "a URL with S_OK, no URL with a failure",
        consistent && declined == 4,
        format!("{with_url} with URL, {declined} declined"),
    );
    // The player reports each file back with the store's params.
    if let Some(Event::DownloadTrack { id, params, .. }) = tracks.first() {
        let back = partner.download_track_complete(S_OK, *id, params.as_str());
        report.check("DownloadTrackComplete", back.is_ok(), params.clone());
    }
}

fn asynchronous_pairs(partner: &IWMPContentPartner, events: &Events, report: &mut Report) {
    let good = list(WMPTransactionType::wmpttBuy, vec![(9, g_szCPAlbumID, vec![901, 902])]);
    let refused = list(WMPTransactionType::wmpttBuy, vec![(9, g_szCPAlbumID, vec![970])]);
    let _ = partner.buy(Some(&good), 1);
    let _ = partner.buy(Some(&refused), 2);
    let got = events.wait(2);
    let ok = matches!(got.as_slice(), [Event::BuyComplete { cookie: 1, hr: S_OK }, Event::BuyComplete { cookie: 2, hr }] if hr.is_err());
    report.check("Buy -> BuyComplete exactly once each", ok, format!("{got:?}"));

    let _ = partner.refresh_license(
        7,
        true,
        Some("file:///music/901.wma"),
        WMPStreamingType::wmpstMusic,
        901,
        g_szRefreshLicensePlay,
        &Variant::empty(),
    );
    let got = events.wait(1);
    report.check(
        "RefreshLicense -> RefreshLicenseComplete",
        got == [Event::RefreshLicenseComplete { cookie: 7, id: 901, hr: S_OK }],
        format!("{got:?}"),
    );

    let _ = partner.get_list_contents(g_szCPListID, &Variant::ui4(250), g_szCPTrackID, "", 31);
    let got = events.wait(4);
    let items: usize =
        got.iter().map(|e| if let Event::AddListContents { cookie: 31, items } = e { items.len() } else { 0 }).sum();
    let done = matches!(got.last(), Some(Event::ListContentsComplete { cookie: 31, hr: S_OK }));
    report.check(
        "GetListContents -> AddListContents in chunks, then ListContentsComplete",
        done && items == 2500,
        format!("{items} items in {} calls", got.len() - 1),
    );

    let _ = partner.send_message("ping", "x=1");
    let got = events.wait(1);
    report.check(
        "SendMessage -> SendMessageComplete echoing both strings",
        got == [Event::SendMessageComplete { message: "ping".into(), param: "x=1".into(), result: "pong".into() }],
        format!("{got:?}"),
    );

    let _ = partner.verify_permission(g_szVerifyPermissionSync, &Variant::bstr("Zune HD"));
    let got = events.wait(1);
    report.check(
        "VerifyPermission -> VerifyPermissionComplete echoing permission and device",
        got == [Event::VerifyPermissionComplete {
            permission: g_szVerifyPermissionSync.into(),
            device: "Zune HD".into(),
            hr: S_OK,
        }],
        format!("{got:?}"),
    );

    let with_work = partner.update_device("Zune HD");
    let without = partner.update_device("Walkman");
    let got = events.wait(1);
    report.check(
        "UpdateDevice -> UpdateDeviceComplete exactly once when it succeeded",
        with_work.is_ok() && without.is_err() && got == [Event::UpdateDeviceComplete { device: "Zune HD".into() }],
        format!("{got:?}"),
    );

    let _ = partner.login(b"alice", b"wrong", false, false);
    let _ = partner.login(b"alice", b"secret", false, true);
    let got = events.wait(2);
    let state = partner.get_content_partner_info(g_szContentPartnerInfo_LoginState).map(|v| v.as_bool());
    report.check(
        "Login -> Notify(LoginStateChange): VT_UI4 page on failure, VT_BOOL true on success",
        got == [Event::Notify { kind: 1, value: "UI4 1".into() }, Event::Notify { kind: 1, value: "BOOL true".into() }]
            && state == Ok(Some(true)),
        format!("{got:?}"),
    );
    let _ = partner.authenticate(b"alice", b"secret");
    let got = events.wait(1);
    report.check(
        "Authenticate -> Notify(AuthResult, VT_BOOL)",
        got == [Event::Notify { kind: 2, value: "BOOL true".into() }],
        format!("{got:?}"),
    );
    let _ = partner.logout();
    let got = events.wait(1);
    report.check(
        "Logout -> Notify(LoginStateChange, VT_BOOL false)",
        got == [Event::Notify { kind: 1, value: "BOOL false".into() }],
        format!("{got:?}"),
    );
}
