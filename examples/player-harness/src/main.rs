//! `cp-harness`: plays Windows Media Player's part against a store and checks every rule of the
//! protocol. The exit code is 0 only when every rule held.
//!
//! - `cp-harness LIBRARY`: loads the store library and uses its exports and vtables only. It
//!   registers the store, finds its CLSID where WMP does (the Subscriptions key), creates it
//!   through DllGetClassObject and the class factory, plays the scenario (every method, a download
//!   of more than 10,000 tracks, every asynchronous pair, panics, detaching and releasing in the
//!   middle of a download), checks that the module can unload, and unregisters.
//! - `cp-harness --com inproc|local [--apartment sta|mta]` (Windows): the store registered with
//!   regsvr32 is created by CoCreateInstance in this process or in the DLL surrogate (dllhost.exe),
//!   from a single-threaded apartment that pumps messages as WMP's UI thread does (or from the
//!   multithreaded apartment), and plays the same scenario.
//! - `cp-harness --com inproc|local --expect-unregistered CLSID` (Windows): creating that class
//!   fails with REGDB_E_CLASSNOTREG.

mod player;
mod reentrancy;
mod report;
mod scenario;

use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use contentpartner::bindings::*;
use contentpartner::com::IClassFactory;
use contentpartner::registration::{Backend, Hive, Value, parse_guid};
use contentpartner::windows_core::{GUID, HRESULT, Interface};

use scenario::Expect;

type DllGetClassObject = unsafe extern "system" fn(*const GUID, *const GUID, *mut *mut c_void) -> HRESULT;
type DllNoArgs = unsafe extern "system" fn() -> HRESULT;

#[cfg(windows)]
use contentpartner::hresult::REGDB_E_CLASSNOTREG;
use contentpartner::hresult::{CLASS_E_CLASSNOTAVAILABLE, E_NOINTERFACE, E_UNEXPECTED, S_FALSE, S_OK};

const SUBSCRIPTIONS: &str = r"SOFTWARE\Microsoft\MediaPlayer\Subscriptions";

#[derive(Parser)]
#[command(name = "cp-harness", about = "Plays Windows Media Player's part against a store and checks every rule")]
struct Cli {
    /// The store library to load and drive through its exports (not with --com).
    #[arg(required_unless_present = "com", conflicts_with = "com")]
    library: Option<PathBuf>,
    /// Create the registered store through COM instead (Windows): in this process, or in the DLL
    /// surrogate.
    #[arg(long, value_enum)]
    com: Option<ComMode>,
    /// With --com: the apartment of the player's thread. Windows Media Player calls from its UI
    /// thread, a single-threaded apartment that pumps messages while it waits.
    #[arg(long, value_enum, default_value = "sta", requires = "com")]
    apartment: ApartmentKind,
    /// With --com: the store's key under HKLM\SOFTWARE\Microsoft\MediaPlayer\Subscriptions
    /// (default: the only store registered).
    #[arg(long, requires = "com")]
    store: Option<String>,
    /// With --com: check that this class is not registered (after regsvr32 /u).
    #[arg(long, value_name = "CLSID", requires = "com")]
    expect_unregistered: Option<String>,
    /// Print the report as JSON (at the end, instead of one line per check as it completes).
    #[arg(long)]
    json: bool,
    /// How long to wait for a callback, in seconds; long downloads get as much again per 500
    /// tracks. A call into the store may take three times this before the run ends
    /// with a FAIL naming it, and one that must return at once (Download) a fiftieth of it.
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
    timeout: f64,
    /// With --com: only time one download of this many tracks (one album), for comparing stores.
    #[arg(long, value_name = "TRACKS", requires = "com")]
    time_download: Option<u32>,
}

/// The sample store's CLSID: its own behaviour (URLs, prices, the `whoami` and `panic` hooks) is
/// checked only against it.
const SAMPLE_CLSID: GUID = GUID::from_u128(0x3f1c9a52_0d4e_4b7a_9c2e_8a1b6d5e7f01);

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ComMode {
    /// CLSCTX_INPROC_SERVER: the DLL in this process.
    Inproc,
    /// CLSCTX_LOCAL_SERVER: the DLL in dllhost.exe, through the store's AppID.
    Local,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ApartmentKind {
    /// COINIT_APARTMENTTHREADED: the store's callbacks reach the player through its message pump.
    Sta,
    /// COINIT_MULTITHREADED: the store's callbacks reach the player on any thread.
    Mta,
}

pub use report::Report;

pub fn hr_text(hr: HRESULT) -> String {
    format!("{:#010x}", hr.0 as u32)
}

// ---------------------------------------------------------------------------------------------

fn main() {
    let cli = Cli::parse();
    if !(cli.timeout > 0.0 && cli.timeout.is_finite()) {
        eprintln!("cp-harness: --timeout takes a positive number of seconds");
        std::process::exit(2);
    }
    report::set_timeout(Duration::from_secs_f64(cli.timeout));
    let mut report = Report::new(cli.json);
    let started = Instant::now();
    if !cli.json {
        match (&cli.library, cli.com) {
            (Some(path), _) => println!("Player harness: {}", path.display()),
            (None, _) => println!("Player harness: COM"),
        }
    }
    let subject = match (&cli.library, cli.com) {
        (Some(path), _) => {
            let path = std::fs::canonicalize(path).unwrap_or_else(|e| {
                eprintln!("cp-harness: {}: {e}", path.display());
                std::process::exit(2);
            });
            run_library(&path, &mut report);
            path.display().to_string()
        }
        (None, Some(mode)) => {
            let context = if mode == ComMode::Inproc { "CLSCTX_INPROC_SERVER" } else { "CLSCTX_LOCAL_SERVER" };
            let apartment = if cli.apartment == ApartmentKind::Sta { "STA" } else { "MTA" };
            let com = Com {
                store: cli.store.as_deref(),
                unregistered: cli.expect_unregistered.as_deref(),
                time_download: cli.time_download,
            };
            run_com(mode, cli.apartment, com, &mut report);
            format!("COM, {context}, player thread in the {apartment}")
        }
        (None, None) => unreachable!("clap requires a library or --com"),
    };
    let elapsed = started.elapsed();
    let failed = report.count(report::Outcome::Failed);
    if cli.json {
        let out = serde_json::json!({
            "store": subject,
            "sample": report.is_sample(),
            "passed": report.count(report::Outcome::Passed),
            "failed": failed,
            "not_offered": report.count(report::Outcome::NotOffered),
            "seconds": elapsed.as_secs_f64(),
            "checks": report.to_json(),
        });
        println!("{}", serde_json::to_string_pretty(&out).expect("JSON"));
    } else {
        println!("{} ({:.2} s; {subject})", report.summary(), elapsed.as_secs_f64());
    }
    std::process::exit(if failed == 0 { 0 } else { 1 });
}

/// The store library driven through its exports, as WMP's plug-in loader would.
fn run_library(path: &Path, report: &mut Report) {
    #[cfg(not(windows))]
    let registry_file: PathBuf = std::env::temp_dir().join(format!("cp-harness-registry-{}.txt", std::process::id()));
    #[cfg(not(windows))]
    {
        let _ = std::fs::remove_file(&registry_file);
        // SAFETY: the harness is still single-threaded here; the store reads the variable later.
        unsafe { std::env::set_var(contentpartner::dll::REGISTRY_VARIABLE, &registry_file) };
    }

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
    // The registry as it is now (elsewhere than on Windows, a file read when opened).
    let registry = || contentpartner::dll::registry().expect("the store's registry opens");
    let Some(first) = check_registration(&*registry(), None, Some(path), report) else { return };
    // SAFETY: as above.
    let again = unsafe { register() };
    let second = check_registration(&*registry(), Some(&first.store_key), Some(path), &mut Report::new(true));
    report.check(
        "DllRegisterServer again (idempotent)",
        again == S_OK && second == Some(first.clone()),
        hr_text(again),
    );
    #[cfg(not(windows))]
    {
        let all = contentpartner::registration::FileBackend::open(&registry_file).map(|r| r.values().len());
        report.check("registry: nothing else", all == Ok(9), format!("{all:?} values"));
    }

    // The class factory and the object.
    let mut raw = std::ptr::null_mut();
    let other = GUID::from_u128(0x1234);
    // SAFETY: valid pointers to locals.
    let hr = unsafe { get_class_object(&other, &IClassFactory::IID, &mut raw) };
    report.check("DllGetClassObject for another CLSID", hr == CLASS_E_CLASSNOTAVAILABLE && raw.is_null(), hr_text(hr));
    // SAFETY: as above.
    let hr = unsafe { get_class_object(&first.clsid, &IClassFactory::IID, &mut raw) };
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
    let make = || -> contentpartner::windows_core::Result<IWMPContentPartner> {
        let mut raw = std::ptr::null_mut();
        // SAFETY: valid pointers; the store's object comes back owned.
        unsafe { factory.CreateInstance(std::ptr::null_mut(), &IWMPContentPartner::IID, &mut raw) }.ok()?;
        // SAFETY: S_OK handed us an owned IWMPContentPartner.
        Ok(unsafe { IWMPContentPartner::from_raw(raw) })
    };
    scenario::play(partner, &make, Expect::SameProcess, report);

    // Every object is released; the module must be able to unload once the factory goes too.
    // SAFETY: export call.
    let hr = unsafe { can_unload_now() };
    report.check("DllCanUnloadNow while the factory is held", hr == S_FALSE, hr_text(hr));
    drop(factory);
    // The store's worker threads finish on their own after the last Release; until then the DLL
    // must say it is still in use. A player asks again later, as COM does: here, for up to 10 s.
    let started = Instant::now();
    // SAFETY: export calls.
    let first_answer = unsafe { can_unload_now() };
    let mut hr = first_answer;
    while hr != S_OK && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(5));
        // SAFETY: as above.
        hr = unsafe { can_unload_now() };
    }
    report.check(
        "DllCanUnloadNow after the last Release",
        hr == S_OK,
        format!(
            "{} once the store's threads had finished ({:.0} ms; first answer {})",
            hr_text(hr),
            started.elapsed().as_secs_f64() * 1e3,
            hr_text(first_answer)
        ),
    );

    // SAFETY: export call.
    let hr = unsafe { unregister() };
    let left = check_registration(&*registry(), Some(&first.store_key), None, &mut Report::new(true));
    report.check(
        "DllUnregisterServer",
        hr == S_OK && left.is_none(),
        format!("{}; {}", hr_text(hr), if left.is_none() { "the store's keys are gone" } else { "values left" }),
    );
    #[cfg(not(windows))]
    let _ = std::fs::remove_file(&registry_file);
}

/// What `--com` runs, besides the mode and the apartment.
#[cfg_attr(not(windows), allow(dead_code))]
struct Com<'a> {
    store: Option<&'a str>,
    unregistered: Option<&'a str>,
    time_download: Option<u32>,
}

/// The store registered with regsvr32, created by CoCreateInstance.
#[cfg(windows)]
fn run_com(mode: ComMode, apartment: ApartmentKind, com: Com<'_>, report: &mut Report) {
    let Com { store, unregistered, time_download } = com;
    use contentpartner::apartment::{Apartment, Context, create_instance};

    let _apartment = match apartment {
        ApartmentKind::Sta => Apartment::single_threaded(),
        ApartmentKind::Mta => Apartment::multithreaded(),
    };
    let context = if mode == ComMode::Inproc { Context::InProcess } else { Context::LocalServer };
    if let Some(text) = unregistered {
        let Some(clsid) = parse_guid(text) else {
            report.check("--expect-unregistered", false, format!("{text} is not a CLSID"));
            return;
        };
        let created = create_instance::<IWMPContentPartner>(&clsid, context);
        let code = created.as_ref().err().map(|e| e.code());
        report.check(
            "CoCreateInstance of an unregistered class",
            code == Some(REGDB_E_CLASSNOTREG),
            format!("{text}: {}", code.map(hr_text).unwrap_or_else(|| "created".into())),
        );
        return;
    }
    let Some(registered) = check_registration(&contentpartner::registration::WindowsBackend, store, None, report)
    else {
        return;
    };
    let started = Instant::now();
    let partner = match create_instance::<IWMPContentPartner>(&registered.clsid, context) {
        Ok(p) => p,
        Err(e) => {
            report.check("CoCreateInstance", false, hr_text(e.code()));
            return;
        }
    };
    report.check("CoCreateInstance", true, format!("{:?} in {:.0} ms", context, started.elapsed().as_secs_f64() * 1e3));
    if let Some(tracks) = time_download {
        scenario::time_download(partner, tracks, report);
        return;
    }
    let expect = if mode == ComMode::Inproc { Expect::SameProcess } else { Expect::OtherProcess };
    let make = || create_instance::<IWMPContentPartner>(&registered.clsid, context);
    scenario::play(partner, &make, expect, report);
}

#[cfg(not(windows))]
fn run_com(_: ComMode, _: ApartmentKind, _: Com<'_>, report: &mut Report) {
    report.check("COM mode", false, "needs Windows (or Wine): there is no COM here");
}

/// A store as the registry shows it.
#[derive(Clone, Debug, PartialEq)]
struct Registered {
    store_key: String,
    clsid: GUID,
    /// Every value read, by name, for comparing two readings.
    values: Vec<(String, Option<Value>)>,
}

/// Reads and checks the values of facts §5.1 for one store: `store_key`, else the one whose
/// InprocServer32 is `library`, else the only store registered. `None` when the store is not
/// registered (and then nothing is reported).
fn check_registration(
    registry: &dyn Backend,
    store_key: Option<&str>,
    library: Option<&Path>,
    report: &mut Report,
) -> Option<Registered> {
    let mut values = Vec::new();
    let mut read = |hive: Hive, key: &str, name: Option<&str>| {
        let value = registry.get(hive, key, name).ok().flatten();
        values.push((format!("{hive}\\{key}\\{}", name.unwrap_or("@")), value.clone()));
        value
    };
    let sz = |v: Option<Value>| match v {
        Some(Value::Sz(s)) => Some(s),
        _ => None,
    };
    let stores = registry.subkeys(Hive::LocalMachine, SUBSCRIPTIONS).unwrap_or_default();
    let clsid_of = |key: &str| {
        sz(registry.get(Hive::LocalMachine, &format!(r"{SUBSCRIPTIONS}\{key}"), Some("SubscriptionObjectGUID")).ok()?)
    };
    let server_of =
        |clsid: &str| sz(registry.get(Hive::ClassesRoot, &format!(r"CLSID\{clsid}\InprocServer32"), None).ok()?);
    let key = match (store_key, library) {
        (Some(k), _) => stores.iter().find(|s| s.eq_ignore_ascii_case(k)).cloned(),
        (None, Some(path)) => stores
            .iter()
            .find(|s| clsid_of(s).and_then(|c| server_of(&c)).is_some_and(|server| same_file(&server, path)))
            .cloned(),
        (None, None) if stores.len() == 1 => stores.first().cloned(),
        (None, None) => {
            report.check("registry: one store", false, format!("stores registered: {stores:?}; name one with --store"));
            return None;
        }
    }?;
    let subscription = format!(r"{SUBSCRIPTIONS}\{key}");
    let clsid_text = sz(read(Hive::LocalMachine, &subscription, Some("SubscriptionObjectGUID")));
    let clsid = clsid_text.as_deref().and_then(parse_guid);
    let (Some(clsid_text), Some(clsid)) = (clsid_text, clsid) else {
        report.check("registry: SubscriptionObjectGUID", false, format!("missing under {subscription}"));
        return None;
    };
    report.check("registry: SubscriptionObjectGUID", true, format!("{key}: {clsid_text}"));
    report.store_is_sample(clsid == SAMPLE_CLSID);
    let capabilities = match read(Hive::LocalMachine, &subscription, Some("Capabilities")) {
        Some(Value::Dword(d)) => d,
        _ => 0,
    };
    report.check(
        "registry: Capabilities includes SUBSCRIPTION_CAP_IS_CONTENTPARTNER",
        capabilities & 0x40 != 0,
        format!("{capabilities:#x}"),
    );
    let friendly = read(Hive::LocalMachine, &subscription, Some("FriendlyName"));
    report.check(
        "registry: FriendlyName",
        matches!(&friendly, Some(Value::Sz(s)) if !s.is_empty()),
        format!("{friendly:?}"),
    );
    let clsid_key = format!(r"CLSID\{clsid_text}");
    let inproc = sz(read(Hive::ClassesRoot, &format!(r"{clsid_key}\InprocServer32"), None));
    let server_ok = match (&inproc, library) {
        (Some(server), Some(path)) => same_file(server, path),
        (Some(server), None) => Path::new(server).is_file(),
        (None, _) => false,
    };
    report.check("registry: InprocServer32 is the store's library", server_ok, format!("{inproc:?}"));
    let threading = read(Hive::ClassesRoot, &format!(r"{clsid_key}\InprocServer32"), Some("ThreadingModel"));
    report.check(
        "registry: ThreadingModel",
        matches!(&threading, Some(Value::Sz(t)) if ["Apartment", "Free", "Both"].contains(&t.as_str())),
        format!("{threading:?}"),
    );
    let appid = sz(read(Hive::ClassesRoot, &clsid_key, Some("AppID")));
    let surrogate = appid.as_ref().and_then(|a| read(Hive::ClassesRoot, &format!(r"AppID\{a}"), Some("DllSurrogate")));
    // Empty names the system's dllhost.exe, as the store writes it; a Wine 8 test prefix, whose
    // COM looks for syswow64\dllhost.exe then, has the path spelled out after registration.
    report.check(
        "registry: AppID with a DllSurrogate",
        matches!(&surrogate, Some(Value::Sz(s))
            if s.is_empty() || (library.is_none() && s.to_ascii_lowercase().ends_with(r"\dllhost.exe"))),
        format!("{appid:?}: {surrogate:?}"),
    );
    Some(Registered { store_key: key, clsid, values })
}

/// Whether a registered server path names `path` (Windows paths compare without case and
/// without the `\\?\` prefix of canonical paths).
fn same_file(server: &str, path: &Path) -> bool {
    let path = path.display().to_string();
    let path = path.strip_prefix(r"\\?\").unwrap_or(&path);
    if cfg!(windows) { server.eq_ignore_ascii_case(path) } else { server == path }
}
