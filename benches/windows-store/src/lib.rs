//! Contoso Music written directly against the `windows` crate, the way a store author does it
//! without contentpartner-rs: `#[implement(IWMPContentPartner)]`, a class factory, the four DLL
//! exports, registration, and worker threads for the asynchronous methods. Same catalog and same
//! answers as `examples/sample-store`; the anchor of the store build-cost benchmark.
//!
//! Tracks 1 to 999,999 exist; track `n` belongs to album `n / 100`. Every 97th track cannot be
//! bought. One user (alice, password "secret") can log in.
//!
//! One file of about 850 lines on purpose: it is the whole of what a store author writes without
//! this toolkit, and the benchmark counts its lines against the sample store's.

use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;

use windows::Win32::Foundation::*;
use windows::Win32::Media::MediaPlayer::*;
use windows::Win32::System::Com::*;
use windows::Win32::System::LibraryLoader::*;
use windows::Win32::System::Ole::SELFREG_E_CLASS;
use windows::Win32::System::Registry::*;
use windows::Win32::System::Variant::*;
use windows::Win32::UI::WindowsAndMessaging::*;
use windows::core::*;

// Its own class and key, so it can be registered beside the sample store and the harness checks
// it as a store that is not the sample.
const CLSID_CONTOSO: GUID = GUID::from_u128(0x6a2b9c41_3e57_4d8f_a1c0_5b7e9d2f4c63);
const STORE_KEY: &str = "ContosoMusicWindowsCrate";
const NAME: &str = "Contoso Music (windows crate)";
const CAPABILITIES: u32 =
    SUBSCRIPTION_CAP_IS_CONTENTPARTNER | SUBSCRIPTION_CAP_BACKGROUNDPROCESSING | SUBSCRIPTION_CAP_DEVICEAVAILABLE;
const SUBSCRIPTIONS: &str = "SOFTWARE\\Microsoft\\MediaPlayer\\Subscriptions";

const BASE: &str = "https://contoso.example";
const CATALOG_END: u32 = 1_000_000;
/// How many items go into one AddListContents call.
const LIST_CHUNK: usize = 1000;

fn in_catalog(id: u32) -> bool {
    (1..CATALOG_END).contains(&id)
}

fn buyable(id: u32) -> bool {
    in_catalog(id) && id % 97 != 0
}

fn not_found() -> Error {
    Error::from_hresult(ERROR_NOT_FOUND.to_hresult())
}

fn invalid() -> Error {
    Error::from_hresult(E_INVALIDARG)
}

fn code(r: &Result<()>) -> HRESULT {
    r.as_ref().map_or_else(Error::code, |()| S_OK)
}

/// Whether a BSTR argument is one of the header's string constants.
fn is(s: &BSTR, constant: PCWSTR) -> bool {
    // SAFETY: the constants are NUL-terminated static strings.
    **s == *unsafe { constant.as_wide() }
}

fn text(constant: PCWSTR) -> BSTR {
    // SAFETY: as above.
    BSTR::from_wide(unsafe { constant.as_wide() })
}

/// Live objects and server locks: the DLL may unload when both are zero.
static OBJECTS: AtomicUsize = AtomicUsize::new(0);
static LOCKS: AtomicUsize = AtomicUsize::new(0);

/// Counts its owner alive while it exists.
struct Alive;

impl Alive {
    fn new() -> Self {
        OBJECTS.fetch_add(1, Ordering::SeqCst);
        Alive
    }
}

impl Drop for Alive {
    fn drop(&mut self) {
        OBJECTS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// An owned VARIANT, cleared on drop (what CComVariant is in C++).
struct Var(VARIANT);

// SAFETY: the store only moves VARIANTs of plain values and BSTRs between threads.
unsafe impl Send for Var {}

impl Var {
    fn new(vt: VARENUM, fill: impl FnOnce(&mut VARIANT_0_0_0)) -> Var {
        let mut v = VARIANT::default();
        // SAFETY: writes the tag and the member of the union that the tag names.
        unsafe {
            (*v.Anonymous.Anonymous).vt = vt;
            fill(&mut (*v.Anonymous.Anonymous).Anonymous);
        }
        Var(v)
    }

    fn bstr(s: &str) -> Var {
        Var::new(VT_BSTR, |u| u.bstrVal = std::mem::ManuallyDrop::new(BSTR::from(s)))
    }

    fn bool(b: bool) -> Var {
        Var::new(VT_BOOL, |u| u.boolVal = if b { VARIANT_TRUE } else { VARIANT_FALSE })
    }

    fn ui4(n: u32) -> Var {
        Var::new(VT_UI4, |u| u.ulVal = n)
    }

    fn date(d: f64) -> Var {
        Var::new(VT_DATE, |u| u.date = d)
    }

    /// A copy of a VARIANT argument; empty for a null pointer.
    fn copy(from: *const VARIANT) -> Result<Var> {
        let mut v = Var(VARIANT::default());
        if !from.is_null() {
            // SAFETY: a valid VARIANT from the caller into an empty one.
            unsafe { VariantCopy(&mut v.0, from)? };
        }
        Ok(v)
    }

    fn vt(&self) -> VARENUM {
        // SAFETY: the tag is always initialized.
        unsafe { self.0.Anonymous.Anonymous.vt }
    }

    fn as_ui4(&self) -> Option<u32> {
        // SAFETY: the member is read only under its tag.
        (self.vt() == VT_UI4).then(|| unsafe { self.0.Anonymous.Anonymous.Anonymous.ulVal })
    }

    fn as_i4(&self) -> Option<i32> {
        // SAFETY: as above.
        (self.vt() == VT_I4).then(|| unsafe { self.0.Anonymous.Anonymous.Anonymous.lVal })
    }

    fn as_string(&self) -> Option<String> {
        // SAFETY: as above.
        (self.vt() == VT_BSTR).then(|| unsafe { self.0.Anonymous.Anonymous.Anonymous.bstrVal.to_string() })
    }

    /// Hands the VARIANT to a caller, who clears it.
    fn into_raw(self) -> VARIANT {
        let v = std::mem::ManuallyDrop::new(self);
        // SAFETY: moves the VARIANT out of a wrapper that is never dropped.
        unsafe { std::ptr::read(&v.0) }
    }
}

impl Drop for Var {
    fn drop(&mut self) {
        // SAFETY: a VARIANT this wrapper owns.
        let _ = unsafe { VariantClear(&mut self.0) };
    }
}

/// The content ids of every track in a container list.
fn tracks(list: &IWMPContentContainerList) -> Result<Vec<u32>> {
    let mut ids = Vec::new();
    // SAFETY: plain calls on a valid interface.
    unsafe {
        for c in 0..list.GetContainerCount()? {
            let container = list.GetContainer(c)?;
            for i in 0..container.GetContentCount()? {
                ids.push(container.GetContentID(i)?);
            }
        }
    }
    Ok(ids)
}

/// The kinds of asynchronous work: one worker thread each, so a slow purchase never holds up a
/// download.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Download,
    Buy,
    License,
    List,
    Message,
    Permission,
    Device,
    Login,
}

type Job = Box<dyn FnOnce(&IWMPContentPartnerCallback, &AtomicBool) + Send>;

struct Worker {
    queue: mpsc::Sender<Job>,
    thread: JoinHandle<()>,
}

/// An interface handed to the workers through the global interface table (Windows 7 and Wine 8
/// have no RoGetAgileReference, which the windows crate's AgileReference needs).
/// CLSID_StdGlobalInterfaceTable (not in the windows crate's metadata).
const STD_GLOBAL_INTERFACE_TABLE: GUID = GUID::from_u128(0x00000323_0000_0000_c000_000000000046);

struct Global<T: Interface> {
    table: IGlobalInterfaceTable,
    cookie: u32,
    kind: std::marker::PhantomData<T>,
}

impl<T: Interface> Global<T> {
    fn new(object: &T) -> Result<Self> {
        // SAFETY: the process's free-threaded table; `object` is a live interface of type T.
        unsafe {
            let table: IGlobalInterfaceTable = CoCreateInstance(&STD_GLOBAL_INTERFACE_TABLE, None, CLSCTX_INPROC_SERVER)?;
            let cookie = table.RegisterInterfaceInGlobal(&object.cast::<IUnknown>()?, &T::IID)?;
            Ok(Global { table, cookie, kind: std::marker::PhantomData })
        }
    }

    /// The interface, usable on this thread.
    fn resolve(&self) -> Result<T> {
        let mut raw = std::ptr::null_mut();
        // SAFETY: our cookie, registered for T, and an out-pointer to a local; on success the
        // table hands over one reference to a T for this apartment.
        unsafe {
            self.table.GetInterfaceFromGlobal(self.cookie, &T::IID, &mut raw)?;
            Ok(T::from_raw(raw))
        }
    }
}

impl<T: Interface> Drop for Global<T> {
    fn drop(&mut self) {
        // SAFETY: our cookie, revoked once.
        let _ = unsafe { self.table.RevokeInterfaceFromGlobal(self.cookie) };
    }
}

// SAFETY: the standard global interface table is free-threaded and its cookies are valid in every
// apartment of the process.
unsafe impl<T: Interface> Send for Global<T> {}
// SAFETY: as above.
unsafe impl<T: Interface> Sync for Global<T> {}

/// The player's callback, handed to the workers through the global interface table.
type Callback = Arc<Mutex<Option<Global<IWMPContentPartnerCallback>>>>;

#[implement(IWMPContentPartner)]
struct Contoso {
    logged_in: Arc<AtomicBool>,
    callback: Callback,
    stopping: Arc<AtomicBool>,
    workers: Mutex<HashMap<Kind, Worker>>,
    _alive: Alive,
}

impl Contoso {
    fn new() -> Self {
        Contoso {
            logged_in: Arc::default(),
            callback: Arc::default(),
            stopping: Arc::default(),
            workers: Mutex::default(),
            _alive: Alive::new(),
        }
    }

    /// The player's callback on this thread.
    fn player(&self) -> Result<IWMPContentPartnerCallback> {
        self.callback.lock().unwrap().as_ref().ok_or_else(invalid)?.resolve()
    }

    /// Queues work of one kind on its worker, started on first use. Fails with no player attached.
    fn submit(
        &self,
        kind: Kind,
        job: impl FnOnce(&IWMPContentPartnerCallback, &AtomicBool) + Send + 'static,
    ) -> Result<()> {
        if self.callback.lock().unwrap().is_none() {
            return Err(Error::from_hresult(E_UNEXPECTED));
        }
        let mut workers = self.workers.lock().unwrap();
        if !workers.contains_key(&kind) {
            let (queue, jobs) = mpsc::channel::<Job>();
            let (callback, stopping) = (Arc::clone(&self.callback), Arc::clone(&self.stopping));
            let thread = std::thread::spawn(move || {
                // SAFETY: joins the MTA on this new thread; paired below.
                let entered = unsafe { CoInitializeEx(None, COINIT_MULTITHREADED) }.is_ok();
                while let Ok(job) = jobs.recv() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let player = callback.lock().unwrap().as_ref().map(Global::resolve);
                    if let Some(Ok(player)) = player {
                        job(&player, &stopping);
                    }
                }
                if entered {
                    // SAFETY: pairs the successful CoInitializeEx.
                    unsafe { CoUninitialize() };
                }
            });
            workers.insert(kind, Worker { queue, thread });
        }
        workers[&kind].queue.send(Box::new(job)).map_err(|_| Error::from_hresult(E_UNEXPECTED))
    }

    /// Stops every worker and waits for it, dropping queued work. After this no callback runs.
    fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let workers: Vec<Worker> = self.workers.lock().unwrap().drain().map(|(_, w)| w).collect();
        for Worker { queue, thread } in workers {
            drop(queue);
            // A worker that releases the last reference stops itself; it cannot wait for itself.
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
        *self.callback.lock().unwrap() = None;
    }
}

impl Drop for Contoso {
    fn drop(&mut self) {
        self.stop();
    }
}

impl IWMPContentPartner_Impl for Contoso_Impl {
    fn SetCallback(&self, callback: Ref<IWMPContentPartnerCallback>) -> Result<()> {
        match callback.as_ref() {
            None => self.stop(),
            Some(cb) => {
                *self.callback.lock().unwrap() = Some(Global::new(cb)?);
                self.stopping.store(false, Ordering::SeqCst);
            }
        }
        Ok(())
    }

    fn Notify(&self, _: WMPPartnerNotification, _: *const VARIANT) -> Result<()> {
        Ok(())
    }

    fn GetItemInfo(&self, name: &BSTR, context: *const VARIANT) -> Result<VARIANT> {
        let context = Var::copy(context)?;
        let index = context.as_i4().map(i64::from).or(context.as_ui4().map(i64::from)).unwrap_or(0);
        let url = match name {
            n if is(n, g_szItemInfo_PopupURL) => format!("{BASE}/popup/{index}"),
            n if is(n, g_szItemInfo_PopupCaption) => format!("Contoso Music ({index})"),
            n if is(n, g_szItemInfo_LoginFailureURL) => format!("{BASE}/login-help/{index}"),
            n if is(n, g_szItemInfo_AuthenticationSuccessURL) => format!("{BASE}/welcome/{index}"),
            n if is(n, g_szItemInfo_AlbumArtURL) => format!("{BASE}/art/album/{index}.jpg"),
            n if is(n, g_szItemInfo_CreateAccountURL) => format!("{BASE}/account/new"),
            _ => return Err(invalid()),
        };
        Ok(Var::bstr(&url).into_raw())
    }

    fn GetContentPartnerInfo(&self, name: &BSTR) -> Result<VARIANT> {
        let logged_in = self.logged_in.load(Ordering::SeqCst);
        let value = match name {
            n if is(n, g_szContentPartnerInfo_LoginState) => Var::bool(logged_in),
            n if is(n, g_szContentPartnerInfo_MediaPlayerAccountType) => Var::ui4(wmpatBuyOnly.0 as u32),
            n if is(n, g_szContentPartnerInfo_MaximumTrackPurchasePerPurchase) => Var::ui4(0),
            n if is(n, g_szContentPartnerInfo_LicenseRefreshAdvanceWarning) => Var::ui4(5),
            n if is(n, g_szContentPartnerInfo_UserName) && logged_in => Var::bstr("alice"),
            _ => return Err(invalid()),
        };
        Ok(value.into_raw())
    }

    fn GetCommands(
        &self,
        _: &BSTR,
        _: *const VARIANT,
        item_location: &BSTR,
        count: u32,
        _: *const u32,
        out_count: *mut u32,
        out_items: *mut *mut WMPContextMenuInfo,
    ) -> Result<()> {
        if out_count.is_null() || out_items.is_null() {
            return Err(Error::from_hresult(E_POINTER));
        }
        let what = if is(item_location, g_szCPAlbumID) { "album" } else { "track" };
        let s = if count == 1 { "" } else { "s" };
        let menu = [
            (1, format!("Buy {count} {what}{s}"), "Buy from Contoso Music"),
            (0, String::new(), ""),
            (2, "Show in the store".to_string(), "Open the store page"),
        ];
        // SAFETY: the player frees the array with CoTaskMemFree and each BSTR with SysFreeString.
        unsafe {
            let items = CoTaskMemAlloc(size_of::<WMPContextMenuInfo>() * menu.len()) as *mut WMPContextMenuInfo;
            if items.is_null() {
                return Err(Error::from_hresult(E_OUTOFMEMORY));
            }
            for (i, (id, text, help)) in menu.into_iter().enumerate() {
                items.add(i).write(WMPContextMenuInfo {
                    dwID: id,
                    bstrMenuText: std::mem::ManuallyDrop::new(BSTR::from(text)),
                    bstrHelpText: std::mem::ManuallyDrop::new(BSTR::from(help)),
                });
            }
            *out_count = 3;
            *out_items = items;
        }
        Ok(())
    }

    fn InvokeCommand(
        &self,
        id: u32,
        _: &BSTR,
        _: *const VARIANT,
        _: &BSTR,
        count: u32,
        items: *const u32,
    ) -> Result<()> {
        // SAFETY: `items` holds `count` ids.
        let first = if count == 0 || items.is_null() { 0 } else { unsafe { *items } };
        let page = match id {
            1 => format!("{BASE}/buy/{first}"),
            2 => format!("{BASE}/track/{first}"),
            _ => return Err(invalid()),
        };
        // SAFETY: a plain call on the resolved callback.
        unsafe { self.player()?.ChangeView(&text(g_szOnlineStore), &BSTR::from(page), &BSTR::new()) }
    }

    fn CanBuySilent(
        &self,
        list: Ref<IWMPContentContainerList>,
        price: *mut BSTR,
        silent: *mut VARIANT_BOOL,
    ) -> Result<()> {
        let n = tracks(list.ok()?)?.len();
        if price.is_null() || silent.is_null() {
            return Err(Error::from_hresult(E_POINTER));
        }
        // SAFETY: out-pointers checked above; the caller frees the BSTR.
        unsafe {
            price.write(BSTR::from(format!("${}.{:02}", n * 99 / 100, n * 99 % 100)));
            *silent = if n <= 1 { VARIANT_TRUE } else { VARIANT_FALSE };
        }
        Ok(())
    }

    fn Buy(&self, list: Ref<IWMPContentContainerList>, cookie: u32) -> Result<()> {
        let list = Global::new(list.ok()?)?;
        self.submit(Kind::Buy, move |player, _| {
            let ids = list.resolve().and_then(|list| tracks(&list));
            let result = ids.map(|ids| ids.iter().all(|id| buyable(*id)));
            let hr = match result {
                Ok(true) => S_OK,
                Ok(false) => E_ACCESSDENIED,
                Err(e) => e.code(),
            };
            // SAFETY: a plain call on the callback.
            let _ = unsafe { player.BuyComplete(hr, cookie) };
        })
    }

    fn GetStreamingURL(&self, kind: WMPStreamingType, context: *const VARIANT) -> Result<BSTR> {
        let id = Var::copy(context)?.as_ui4().ok_or_else(invalid)?;
        let ext = if kind == wmpstMusic { "wma" } else { "asx" };
        Ok(BSTR::from(format!("{BASE}/stream/{id}.{ext}")))
    }

    fn Download(&self, list: Ref<IWMPContentContainerList>, cookie: u32) -> Result<()> {
        let list = Global::new(list.ok()?)?;
        self.submit(Kind::Download, move |player, stopping| {
            let Ok(list) = list.resolve() else { return };
            // SAFETY: plain calls on valid interfaces.
            unsafe {
                for c in 0..list.GetContainerCount().unwrap_or(0) {
                    let Ok(container) = list.GetContainer(c) else { continue };
                    let Ok(album) = container.GetID() else { continue };
                    for i in 0..container.GetContentCount().unwrap_or(0) {
                        let Ok(id) = container.GetContentID(i) else { continue };
                        if stopping.load(Ordering::SeqCst) {
                            return;
                        }
                        let _ = if in_catalog(id) {
                            let url = BSTR::from(format!("{BASE}/music/{}/{id}.wma", id / 100));
                            let params = BSTR::from(format!("container={album};track={id}"));
                            player.DownloadTrack(cookie, &url, id, &params, S_OK)
                        } else {
                            player.DownloadTrack(cookie, &BSTR::new(), id, &BSTR::new(), not_found().code())
                        };
                    }
                }
            }
        })
    }

    fn DownloadTrackComplete(&self, _: HRESULT, _: u32, _: &BSTR) -> Result<()> {
        Ok(())
    }

    fn RefreshLicense(
        &self,
        cookie: u32,
        _: VARIANT_BOOL,
        _: &BSTR,
        _: WMPStreamingType,
        id: u32,
        _: &BSTR,
        _: *const VARIANT,
    ) -> Result<()> {
        self.submit(Kind::License, move |player, _| {
            let hr = if in_catalog(id) { S_OK } else { not_found().code() };
            // SAFETY: a plain call on the callback.
            let _ = unsafe { player.RefreshLicenseComplete(cookie, id, hr) };
        })
    }

    fn GetCatalogURL(
        &self,
        version: u32,
        _: u32,
        lcid: u32,
        new_version: *mut u32,
        url: *mut BSTR,
        expires: *mut VARIANT,
    ) -> Result<()> {
        if new_version.is_null() || url.is_null() || expires.is_null() {
            return Err(Error::from_hresult(E_POINTER));
        }
        let next = version.max(41) + 1;
        // SAFETY: out-pointers checked above; the caller frees the BSTR and clears the VARIANT.
        unsafe {
            *new_version = next;
            url.write(BSTR::from(format!("{BASE}/catalog/{next}/{lcid}.cab")));
            expires.write(Var::date(46_000.0).into_raw());
        }
        Ok(())
    }

    fn GetTemplate(
        &self,
        task: WMPTaskType,
        location: &BSTR,
        _: *const VARIANT,
        _: &BSTR,
        _: *const VARIANT,
        _: &BSTR,
        _: &BSTR,
        url: *mut BSTR,
        size: *mut WMPTemplateSize,
    ) -> Result<()> {
        if url.is_null() || size.is_null() {
            return Err(Error::from_hresult(E_POINTER));
        }
        // SAFETY: out-pointers checked above; the caller frees the BSTR.
        unsafe {
            url.write(BSTR::from(format!("{BASE}/discover/{}?at={location}", task.0)));
            *size = if task == wmpttBrowse { wmptsLarge } else { wmptsSmall };
        }
        Ok(())
    }

    fn UpdateDevice(&self, device: &BSTR) -> Result<()> {
        let device = device.to_string();
        if !device.starts_with("Zune") {
            return Err(Error::from_hresult(E_FAIL));
        }
        self.submit(Kind::Device, move |player, _| {
            // SAFETY: a plain call on the callback.
            let _ = unsafe { player.UpdateDeviceComplete(&BSTR::from(device)) };
        })
    }

    fn GetListContents(&self, _: &BSTR, context: *const VARIANT, _: &BSTR, _: &BSTR, cookie: u32) -> Result<()> {
        let list = Var::copy(context)?.as_ui4();
        self.submit(Kind::List, move |player, stopping| {
            // List n holds n * 10 tracks, starting at track n * 1000.
            let items: Result<Vec<u32>> = list.ok_or_else(invalid).map(|n| (0..n * 10).map(|i| n * 1000 + i).collect());
            let mut hr = items.as_ref().map_or_else(Error::code, |_| S_OK);
            for chunk in items.as_deref().unwrap_or(&[]).chunks(LIST_CHUNK) {
                if stopping.load(Ordering::SeqCst) {
                    return;
                }
                // SAFETY: a plain call on the callback.
                if let Err(e) = unsafe { player.AddListContents(cookie, chunk) } {
                    hr = e.code();
                    break;
                }
            }
            // SAFETY: as above.
            let _ = unsafe { player.ListContentsComplete(cookie, hr) };
        })
    }

    fn Login(&self, user: &BLOB, password: &BLOB, _: VARIANT_BOOL, _: VARIANT_BOOL) -> Result<()> {
        let ok = is_alice(user, password);
        let logged_in = Arc::clone(&self.logged_in);
        self.submit(Kind::Login, move |player, _| {
            let state = if ok {
                logged_in.store(true, Ordering::SeqCst);
                Var::bool(true)
            } else {
                Var::ui4(1)
            };
            // SAFETY: a plain call on the callback.
            let _ = unsafe { player.Notify(wmpcnLoginStateChange, &state.0) };
        })
    }

    fn Authenticate(&self, user: &BLOB, password: &BLOB) -> Result<()> {
        let ok = is_alice(user, password);
        self.submit(Kind::Login, move |player, _| {
            // SAFETY: a plain call on the callback.
            let _ = unsafe { player.Notify(wmpcnAuthResult, &Var::bool(ok).0) };
        })
    }

    fn Logout(&self) -> Result<()> {
        let logged_in = Arc::clone(&self.logged_in);
        self.submit(Kind::Login, move |player, _| {
            logged_in.store(false, Ordering::SeqCst);
            // SAFETY: a plain call on the callback.
            let _ = unsafe { player.Notify(wmpcnLoginStateChange, &Var::bool(false).0) };
        })
    }

    fn SendMessage(&self, message: &BSTR, param: &BSTR) -> Result<()> {
        let (message, param) = (message.to_string(), param.to_string());
        self.submit(Kind::Message, move |player, _| {
            let result = match message.as_str() {
                "ping" => "pong".to_string(),
                _ => format!("{}({param})", message.to_uppercase()),
            };
            let (message, param, result) = (BSTR::from(message), BSTR::from(param), BSTR::from(result));
            // SAFETY: a plain call on the callback.
            let _ = unsafe { player.SendMessageComplete(&message, &param, &result) };
        })
    }

    fn StationEvent(&self, _: &BSTR, _: u32, _: u32, _: u32, _: &BSTR, _: u32) -> Result<()> {
        Ok(())
    }

    fn CompareContainerListPrices(
        &self,
        base: Ref<IWMPContentContainerList>,
        other: Ref<IWMPContentContainerList>,
    ) -> Result<i32> {
        let (base, other) = (tracks(base.ok()?)?.len(), tracks(other.ok()?)?.len());
        Ok(base.cmp(&other) as i32)
    }

    fn VerifyPermission(&self, permission: &BSTR, context: *const VARIANT) -> Result<()> {
        let granted = is(permission, g_szVerifyPermissionSync);
        let (permission, context) = (permission.to_string(), Var::copy(context)?);
        self.submit(Kind::Permission, move |player, _| {
            let device = context.as_string().unwrap_or_default();
            let r =
                if granted && device.starts_with("Zune") { Ok(()) } else { Err(Error::from_hresult(E_ACCESSDENIED)) };
            // SAFETY: a plain call on the callback.
            let _ = unsafe { player.VerifyPermissionComplete(&BSTR::from(permission), &context.0, code(&r)) };
        })
    }
}

fn is_alice(user: &BLOB, password: &BLOB) -> bool {
    let bytes = |b: &BLOB| {
        if b.pBlobData.is_null() {
            &[][..]
        } else {
            // SAFETY: a BLOB from the caller holds cbSize bytes.
            unsafe { std::slice::from_raw_parts(b.pBlobData, b.cbSize as usize) }
        }
    };
    bytes(user) == b"alice" && bytes(password) == b"secret"
}

#[implement(IClassFactory)]
struct Factory {
    _alive: Alive,
}

impl IClassFactory_Impl for Factory_Impl {
    fn CreateInstance(&self, outer: Ref<IUnknown>, iid: *const GUID, object: *mut *mut c_void) -> Result<()> {
        if object.is_null() || iid.is_null() {
            return Err(Error::from_hresult(E_POINTER));
        }
        // SAFETY: checked non-null above.
        unsafe { *object = std::ptr::null_mut() };
        if !outer.is_null() {
            return Err(Error::from_hresult(CLASS_E_NOAGGREGATION));
        }
        let partner: IWMPContentPartner = Contoso::new().into();
        // SAFETY: `iid` and `object` are valid (checked above).
        unsafe { partner.query(iid, object).ok() }
    }

    fn LockServer(&self, lock: BOOL) -> Result<()> {
        if lock.as_bool() {
            LOCKS.fetch_add(1, Ordering::SeqCst);
        } else {
            let _ = LOCKS.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        }
        Ok(())
    }
}

/// # Safety
/// COM's contract for DllGetClassObject: each pointer null or valid for its use.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn DllGetClassObject(
    clsid: *const GUID,
    iid: *const GUID,
    out: *mut *mut c_void,
) -> HRESULT {
    if out.is_null() {
        return E_POINTER;
    }
    // SAFETY: checked non-null.
    unsafe { *out = std::ptr::null_mut() };
    if clsid.is_null() || iid.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: checked non-null.
    if unsafe { *clsid } != CLSID_CONTOSO {
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    let factory: IClassFactory = Factory { _alive: Alive::new() }.into();
    // SAFETY: `iid` and `out` are valid (checked above).
    unsafe { factory.query(iid, out) }
}

#[unsafe(no_mangle)]
pub extern "system" fn DllCanUnloadNow() -> HRESULT {
    if OBJECTS.load(Ordering::SeqCst) == 0 && LOCKS.load(Ordering::SeqCst) == 0 { S_OK } else { S_FALSE }
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain([0]).collect()
}

fn braced(g: &GUID) -> String {
    format!("{{{g:?}}}")
}

enum Value {
    Sz(String),
    Dword(u32),
}

/// Every value the store registers: (root, key, value name or the default value, data).
fn entries() -> Vec<(HKEY, String, Option<&'static str>, Value)> {
    let clsid = format!("CLSID\\{}", braced(&CLSID_CONTOSO));
    let appid = format!("AppID\\{}", braced(&CLSID_CONTOSO));
    let subscription = format!("{SUBSCRIPTIONS}\\{STORE_KEY}");
    let inproc = format!("{clsid}\\InprocServer32");
    let sz = |s: &str| Value::Sz(s.to_string());
    vec![
        (HKEY_CLASSES_ROOT, clsid.clone(), None, sz(NAME)),
        (HKEY_CLASSES_ROOT, clsid, Some("AppID"), sz(&braced(&CLSID_CONTOSO))),
        (HKEY_CLASSES_ROOT, inproc.clone(), None, sz(&module_path())),
        (HKEY_CLASSES_ROOT, inproc, Some("ThreadingModel"), sz("Apartment")),
        (HKEY_CLASSES_ROOT, appid.clone(), None, sz(NAME)),
        // Empty: load the DLL into the default surrogate, dllhost.exe.
        (HKEY_CLASSES_ROOT, appid, Some("DllSurrogate"), sz("")),
        (HKEY_LOCAL_MACHINE, subscription.clone(), Some("Capabilities"), Value::Dword(CAPABILITIES)),
        (HKEY_LOCAL_MACHINE, subscription.clone(), Some("SubscriptionObjectGUID"), sz(&braced(&CLSID_CONTOSO))),
        (HKEY_LOCAL_MACHINE, subscription, Some("FriendlyName"), sz(NAME)),
    ]
}

/// The full path of this DLL.
fn module_path() -> String {
    let mut module = HMODULE::default();
    let flags = GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT;
    // SAFETY: with FROM_ADDRESS the "name" is an address inside this module.
    if unsafe { GetModuleHandleExW(flags, PCWSTR(DllRegisterServer as *const u16), &mut module) }.is_err() {
        return String::new();
    }
    let mut path = vec![0u16; 32 * 1024];
    // SAFETY: a module handle and a buffer.
    let n = unsafe { GetModuleFileNameW(Some(module), &mut path) } as usize;
    String::from_utf16_lossy(&path[..n])
}

fn register() -> Result<()> {
    for (root, key, name, value) in entries() {
        let mut handle = HKEY::default();
        let key = wide(&key);
        // SAFETY: a predefined root, NUL-terminated names, out-pointer to a local.
        unsafe {
            RegCreateKeyExW(
                root,
                PCWSTR(key.as_ptr()),
                None,
                None,
                REG_OPTION_NON_VOLATILE,
                KEY_ALL_ACCESS,
                None,
                &mut handle,
                None,
            )
            .ok()?;
            let name = name.map(wide);
            let name = name.as_ref().map_or(PCWSTR::null(), |n| PCWSTR(n.as_ptr()));
            let written = match value {
                Value::Sz(s) => {
                    let bytes: Vec<u8> = wide(&s).iter().flat_map(|u| u.to_le_bytes()).collect();
                    RegSetValueExW(handle, name, None, REG_SZ, Some(&bytes))
                }
                Value::Dword(d) => RegSetValueExW(handle, name, None, REG_DWORD, Some(&d.to_le_bytes())),
            };
            let _ = RegCloseKey(handle);
            written.ok()?;
        }
    }
    Ok(())
}

fn unregister() -> Result<()> {
    let gone = |e: WIN32_ERROR| if e == ERROR_FILE_NOT_FOUND { Ok(()) } else { e.ok() };
    for (root, key) in [
        (HKEY_CLASSES_ROOT, format!("CLSID\\{}", braced(&CLSID_CONTOSO))),
        (HKEY_CLASSES_ROOT, format!("AppID\\{}", braced(&CLSID_CONTOSO))),
        (HKEY_LOCAL_MACHINE, format!("{SUBSCRIPTIONS}\\{STORE_KEY}")),
    ] {
        // SAFETY: a predefined root and a NUL-terminated name.
        gone(unsafe { RegDeleteTreeW(root, PCWSTR(wide(&key).as_ptr())) })?;
    }
    // The Subscriptions key holds every store: it goes with the last one, if it holds nothing else.
    let mut handle = HKEY::default();
    let subscriptions = wide(SUBSCRIPTIONS);
    // SAFETY: a predefined root, a NUL-terminated name, out-pointers to locals.
    unsafe {
        if RegOpenKeyExW(HKEY_LOCAL_MACHINE, PCWSTR(subscriptions.as_ptr()), None, KEY_READ, &mut handle).is_err() {
            return Ok(());
        }
        let (mut keys, mut values) = (0u32, 0u32);
        let counted = RegQueryInfoKeyW(
            handle,
            None,
            None,
            None,
            Some(&mut keys),
            None,
            None,
            Some(&mut values),
            None,
            None,
            None,
            None,
        );
        let _ = RegCloseKey(handle);
        if counted.is_ok() && keys == 0 && values == 0 {
            gone(RegDeleteKeyW(HKEY_LOCAL_MACHINE, PCWSTR(subscriptions.as_ptr())))?;
        }
    }
    Ok(())
}

/// WMPNotifySubscriptionPluginAddRemove: tells running players to look at the stores again.
fn notify_players() {
    // SAFETY: a NUL-terminated name; a broadcast post with plain arguments.
    unsafe {
        let message = RegisterWindowMessageA(s!("WMPlayer_PluginAddRemove"));
        if message != 0 {
            let _ = PostMessageA(Some(HWND_BROADCAST), message, WPARAM(1), LPARAM(0));
        }
    }
}

#[unsafe(no_mangle)]
pub extern "system" fn DllRegisterServer() -> HRESULT {
    let hr = if register().is_ok() { S_OK } else { SELFREG_E_CLASS };
    notify_players();
    hr
}

#[unsafe(no_mangle)]
pub extern "system" fn DllUnregisterServer() -> HRESULT {
    let hr = if unregister().is_ok() { S_OK } else { SELFREG_E_CLASS };
    notify_players();
    hr
}
