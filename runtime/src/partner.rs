//! The store's side of the protocol: the [`ContentPartner`] trait a store implements, and
//! [`Partner`], the IWMPContentPartner object around it that does the asynchronous plumbing.
//!
//! Every asynchronous request returns at once and runs on a worker thread of its own kind
//! (downloads, purchases, licenses, lists, messages, permissions, devices, login), started on first
//! use, so a slow purchase never holds up a download. Each request gets its completion exactly
//! once (DownloadTrack once per track), whatever the store returns or however it panics.
//! `SetCallback(NULL)` stops the workers: when it returns, no callback will be made any more,
//! queued work is dropped, and the threads are gone.
//!
//! Threads: the workers join the multithreaded apartment on Windows, and the player's callback and
//! container lists reach them through the global interface table; elsewhere they are used directly.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use windows_core::{Error, HRESULT, Interface, Result, implement};

use crate::apartment::Apartment;
use crate::bindings::*;
use crate::ole::{BStrRef, Bstr, CoTaskMemArray, E_NOTIMPL, E_UNEXPECTED, S_OK, Variant};
use crate::server::ObjectCount;

const E_FAIL: HRESULT = HRESULT(0x80004005_u32 as i32);
/// How many items go into one AddListContents call.
const LIST_CHUNK: usize = 1000;

fn not_implemented<T>() -> Result<T> {
    Err(Error::from_hresult(E_NOTIMPL))
}

/// One track of a Download, handed to [`ContentPartner::download_track`].
pub struct TrackRequest<'a> {
    /// The cookie of the Download.
    pub cookie: u32,
    pub container: &'a ContainerInfo,
    /// The track's position in its container.
    pub index: u32,
    pub content_id: u32,
    handle: &'a IWMPContentContainer,
}

impl TrackRequest<'_> {
    /// The track's price as the player shows it (asked of the player on demand).
    pub fn price(&self) -> Result<String> {
        Ok(self.handle.get_content_price(self.index)?.to_string())
    }
}

/// What a container of a Download, Buy or price comparison is.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerInfo {
    /// The album or list id; `g_knReservedCPTrackID_NotFound` for loose tracks.
    pub id: u32,
    /// `g_szCPAlbumID`, `g_szCPListID` or `g_szUnknownLocation`.
    pub kind: String,
    pub price: String,
}

/// A whole container list read out: what Buy, CanBuySilent and price comparisons see.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Order {
    pub transaction: i32,
    pub containers: Vec<OrderContainer>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrderContainer {
    pub info: ContainerInfo,
    /// `(content id, price)` of each track.
    pub tracks: Vec<(u32, String)>,
}

/// What the store answers for one track of a Download.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackDownload {
    pub url: String,
    /// Opaque text the player stores and hands back in DownloadTrackComplete.
    pub params: String,
}

/// A failed login: the store-defined page index for `GetItemInfo(g_szItemInfo_LoginFailureURL)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginFailure {
    pub page: u32,
}

/// A RefreshLicense request.
#[derive(Clone, Debug)]
pub struct LicenseRequest {
    pub cookie: u32,
    pub local: bool,
    pub url: Option<String>,
    pub streaming: WMPStreamingType,
    pub content_id: u32,
    pub reason: String,
    pub context: Variant,
}

/// A GetListContents request.
#[derive(Clone, Debug)]
pub struct ListRequest {
    pub location: String,
    pub context: Variant,
    pub list_type: String,
    pub params: String,
    pub cookie: u32,
}

/// A GetTemplate request.
#[derive(Clone, Debug)]
pub struct TemplateRequest<'a> {
    pub task: WMPTaskType,
    pub location: BStrRef<'a>,
    pub context: &'a Variant,
    pub click_location: BStrRef<'a>,
    pub click_context: &'a Variant,
    pub filter: BStrRef<'a>,
    pub view_params: BStrRef<'a>,
}

/// A context-menu entry from [`ContentPartner::commands`]; id 0 is a separator.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuItem {
    pub id: u32,
    pub text: String,
    pub help: String,
}

/// The answer to GetCatalogURL.
#[derive(Clone, Debug)]
pub struct CatalogUrl {
    pub version: u32,
    pub url: String,
    /// When the player should ask again (an OLE date).
    pub expires: Variant,
}

/// What a store implements. Every method has a default (E_NOTIMPL, or the protocol's neutral
/// answer). The asynchronous ones run on worker threads and return what the completion needs;
/// the runtime sends the completion, exactly once.
pub trait ContentPartner: Send + Sync + 'static {
    /// The player is ready (SetCallback): keep `player` for calls of the store's own.
    fn attach(&self, player: Player) {
        let _ = player;
    }

    /// The player is going away (SetCallback(NULL)); `Player` handles stop working.
    fn detach(&self) {}

    fn notify(&self, notification: WMPPartnerNotification, context: &Variant) -> Result<()> {
        let _ = (notification, context);
        Ok(())
    }

    fn item_info(&self, name: BStrRef<'_>, context: &Variant) -> Result<Variant> {
        let _ = (name, context);
        not_implemented()
    }

    fn partner_info(&self, name: BStrRef<'_>) -> Result<Variant> {
        let _ = name;
        not_implemented()
    }

    fn commands(
        &self,
        location: BStrRef<'_>,
        context: &Variant,
        item_location: BStrRef<'_>,
        items: &[u32],
    ) -> Result<Vec<MenuItem>> {
        let _ = (location, context, item_location, items);
        Ok(Vec::new())
    }

    fn invoke_command(
        &self,
        id: u32,
        location: BStrRef<'_>,
        context: &Variant,
        item_location: BStrRef<'_>,
        items: &[u32],
    ) -> Result<()> {
        let _ = (id, location, context, item_location, items);
        not_implemented()
    }

    /// CanBuySilent: the total price to show and whether no confirmation is needed.
    fn can_buy_silent(&self, order: &Order) -> Result<(String, bool)> {
        let _ = order;
        not_implemented()
    }

    /// Buy, on the purchase worker. BuyComplete follows with S_OK or the error (E_UNEXPECTED for
    /// a panic), exactly once.
    fn buy(&self, order: &Order) -> Result<()> {
        let _ = order;
        not_implemented()
    }

    fn streaming_url(&self, kind: WMPStreamingType, context: &Variant) -> Result<String> {
        let _ = (kind, context);
        not_implemented()
    }

    /// One track of a Download, on the download worker, in list order. `Ok` sends DownloadTrack
    /// with the URL and S_OK; an error (or panic) sends it with that HRESULT and no URL.
    fn download_track(&self, track: &TrackRequest<'_>) -> Result<TrackDownload> {
        let _ = track;
        not_implemented()
    }

    /// The player finished (or failed) one track; `params` are the ones `download_track` gave.
    fn download_track_complete(&self, result: HRESULT, content_id: u32, params: BStrRef<'_>) -> Result<()> {
        let _ = (result, content_id, params);
        Ok(())
    }

    /// RefreshLicense, on the license worker; RefreshLicenseComplete follows.
    fn refresh_license(&self, request: &LicenseRequest) -> Result<()> {
        let _ = request;
        not_implemented()
    }

    fn catalog_url(&self, version: u32, schema: u32, lcid: u32) -> Result<CatalogUrl> {
        let _ = (version, schema, lcid);
        not_implemented()
    }

    fn template(&self, request: &TemplateRequest<'_>) -> Result<(String, WMPTemplateSize)> {
        let _ = request;
        not_implemented()
    }

    /// Whether the store has work to do on a device. If so UpdateDevice succeeds and
    /// [`update_device`](Self::update_device) runs on the device worker; if not, it fails and no
    /// completion is sent.
    fn device_needs_update(&self, device: &str) -> bool {
        let _ = device;
        false
    }

    /// The device work; UpdateDeviceComplete follows whatever it returns.
    fn update_device(&self, device: &str) -> Result<()> {
        let _ = device;
        Ok(())
    }

    /// GetListContents, on the list worker: the items, sent in chunks, then ListContentsComplete.
    fn list_contents(&self, request: &ListRequest) -> Result<Vec<u32>> {
        let _ = request;
        not_implemented()
    }

    /// Login, on the login worker: `Ok` sends Notify(LoginStateChange, VT_BOOL true), a failure
    /// VT_UI4 with its page index.
    fn login(
        &self,
        user: &[u8],
        password: &[u8],
        used_cached: bool,
        may_cache: bool,
    ) -> std::result::Result<(), LoginFailure> {
        let _ = (user, password, used_cached, may_cache);
        Err(LoginFailure { page: 0 })
    }

    /// Authenticate, on the login worker: Notify(AuthResult, VT_BOOL) with the answer.
    fn authenticate(&self, user: &[u8], password: &[u8]) -> bool {
        let _ = (user, password);
        false
    }

    /// Logout, on the login worker; Notify(LoginStateChange, VT_BOOL false) follows.
    fn logout(&self) {}

    /// SendMessage, on the message worker: the result text for SendMessageComplete.
    fn send_message(&self, message: &str, param: &str) -> Result<String> {
        let _ = (message, param);
        not_implemented()
    }

    fn station_event(
        &self,
        kind: BStrRef<'_>,
        station: u32,
        playlist_index: u32,
        track: u32,
        data: BStrRef<'_>,
        seconds: u32,
    ) -> Result<()> {
        let _ = (kind, station, playlist_index, track, data, seconds);
        Ok(())
    }

    fn compare_prices(&self, base: &Order, other: &Order) -> Result<i32> {
        let _ = (base, other);
        not_implemented()
    }

    /// VerifyPermission, on the permission worker; VerifyPermissionComplete follows with S_OK or
    /// the error.
    fn verify_permission(&self, permission: &str, context: &Variant) -> Result<()> {
        let _ = (permission, context);
        not_implemented()
    }
}

/// An interface handed to other threads. On Windows it is registered in the global interface
/// table and fetched on the thread that uses it (the workers live in the MTA, the object in its
/// caller's apartment), which works from Windows 7 on and under Wine (RoGetAgileReference, behind
/// windows-core's AgileReference, does neither); elsewhere, where there are no apartments, it is
/// the interface itself.
struct Marshaled<T: Interface> {
    #[cfg(windows)]
    table: crate::com::IGlobalInterfaceTable,
    #[cfg(windows)]
    cookie: u32,
    #[cfg(windows)]
    kind: std::marker::PhantomData<T>,
    #[cfg(not(windows))]
    object: T,
}

/// CLSID_StdGlobalInterfaceTable.
#[cfg(windows)]
const GLOBAL_INTERFACE_TABLE: windows_core::GUID =
    windows_core::GUID::from_u128(0x00000323_0000_0000_c000_000000000046);

impl<T: Interface> Marshaled<T> {
    /// Called on the thread (in the apartment) that received `object`.
    fn new(object: &T) -> Result<Self> {
        #[cfg(windows)]
        {
            let table: crate::com::IGlobalInterfaceTable =
                crate::apartment::create_instance(&GLOBAL_INTERFACE_TABLE, crate::apartment::Context::InProcess)?;
            let mut cookie = 0;
            // SAFETY: a live interface pointer of type T, its IID, and an out-pointer to a local.
            unsafe { table.RegisterInterfaceInGlobal(object.as_raw(), &T::IID, &mut cookie) }.ok()?;
            Ok(Marshaled { table, cookie, kind: std::marker::PhantomData })
        }
        #[cfg(not(windows))]
        return Ok(Marshaled { object: object.clone() });
    }

    /// The interface, usable on the calling thread.
    fn get(&self) -> Result<T> {
        #[cfg(windows)]
        {
            let mut raw = std::ptr::null_mut();
            // SAFETY: our cookie, T's IID and an out-pointer to a local.
            unsafe { self.table.GetInterfaceFromGlobal(self.cookie, &T::IID, &mut raw) }.ok()?;
            // SAFETY: on success the table hands over one reference to a T for this apartment.
            Ok(unsafe { T::from_raw(raw) })
        }
        #[cfg(not(windows))]
        return Ok(self.object.clone());
    }
}

#[cfg(windows)]
impl<T: Interface> Drop for Marshaled<T> {
    fn drop(&mut self) {
        // Any apartment of the process may revoke.
        // SAFETY: our cookie, revoked once.
        let _ = unsafe { self.table.RevokeInterfaceFromGlobal(self.cookie) };
    }
}

// SAFETY: off Windows there are no apartments: a COM object may be called from any thread, and
// the player's objects are made for that. On Windows the standard global interface table is
// free-threaded, and the cookie is valid in every apartment of the process.
unsafe impl<T: Interface> Send for Marshaled<T> {}
// SAFETY: as above.
unsafe impl<T: Interface> Sync for Marshaled<T> {}

type Callback = Arc<Marshaled<IWMPContentPartnerCallback>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

type Job<S> = Box<dyn FnOnce(&Shared<S>) + Send>;

struct Worker<S> {
    queue: mpsc::Sender<Job<S>>,
    thread: JoinHandle<()>,
}

struct Shared<S> {
    store: S,
    callback: Mutex<Option<Callback>>,
    stopping: AtomicBool,
}

impl<S: ContentPartner> Shared<S> {
    /// The callback, usable on this thread, unless the player has gone. Jobs take it once and
    /// check `stopped` before each call.
    fn callback(&self) -> Option<IWMPContentPartnerCallback> {
        if self.stopped() {
            return None;
        }
        let marshaled = lock(&self.callback).clone()?;
        marshaled.get().ok()
    }

    fn stopped(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding one of these locks leaves plain data behind; carry on with it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs store code on a worker: a panic is the error E_UNEXPECTED, logged once.
fn contained<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => {
            eprintln!("contentpartner: the store panicked in {what}");
            Err(Error::from_hresult(E_UNEXPECTED))
        }
    }
}

fn code<T>(r: &Result<T>) -> HRESULT {
    match r {
        Ok(_) => S_OK,
        Err(e) => e.code(),
    }
}

/// The store's handle on the player, for the calls it makes on its own.
#[derive(Clone)]
pub struct Player {
    callback: Callback,
    stopping: Arc<AtomicBool>,
}

impl Player {
    fn get(&self) -> Result<IWMPContentPartnerCallback> {
        if self.stopping.load(Ordering::SeqCst) { Err(Error::from_hresult(E_UNEXPECTED)) } else { self.callback.get() }
    }

    pub fn notify(&self, notification: WMPCallbackNotification, context: &Variant) -> Result<()> {
        self.get()?.notify(notification, context)
    }

    pub fn change_view(&self, kind: &str, id: &str, filter: &str) -> Result<()> {
        self.get()?.change_view(kind, id, filter)
    }

    pub fn show_popup(&self, index: i32, params: &str) -> Result<()> {
        self.get()?.show_popup(index, params)
    }

    pub fn content_ids_in_library(&self) -> Result<CoTaskMemArray<u32>> {
        self.get()?.get_content_ids_in_library()
    }

    /// (version, schema version, LCID) of the catalog the player has.
    pub fn catalog_version(&self) -> Result<(u32, u32, u32)> {
        self.get()?.get_catalog_version()
    }
}

/// The IWMPContentPartner object around a store.
#[implement(IWMPContentPartner)]
pub struct Partner<S>
where
    S: ContentPartner,
{
    shared: Arc<Shared<S>>,
    workers: Mutex<HashMap<Kind, Worker<S>>>,
    /// Shared with `Player` handles, which stop working when the player goes.
    player_gone: Mutex<Arc<AtomicBool>>,
    _alive: Option<ObjectCount>,
}

impl<S: ContentPartner> Partner<S> {
    /// A partner object around `store`, counted alive in `module` if given.
    pub fn new(store: S, module: Option<&'static crate::server::Module>) -> Self {
        Partner {
            shared: Arc::new(Shared { store, callback: Mutex::new(None), stopping: AtomicBool::new(false) }),
            workers: Mutex::new(HashMap::new()),
            player_gone: Mutex::new(Arc::new(AtomicBool::new(true))),
            _alive: module.map(ObjectCount::new),
        }
    }

    /// The store inside.
    pub fn store(&self) -> &S {
        &self.shared.store
    }

    /// Queues work of one kind; its worker starts on first use. Fails when no player is attached.
    fn submit(&self, kind: Kind, job: impl FnOnce(&Shared<S>) + Send + 'static) -> Result<()> {
        if self.shared.callback().is_none() {
            return Err(Error::from_hresult(E_UNEXPECTED));
        }
        let mut workers = lock(&self.workers);
        let worker = match workers.entry(kind) {
            std::collections::hash_map::Entry::Occupied(w) => w.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                let (queue, jobs) = mpsc::channel::<Job<S>>();
                let shared = Arc::clone(&self.shared);
                let thread = std::thread::Builder::new()
                    .name(format!("contentpartner {kind:?}"))
                    .spawn(move || {
                        let _apartment = Apartment::multithreaded();
                        while let Ok(job) = jobs.recv() {
                            if shared.stopped() {
                                break;
                            }
                            job(&shared);
                        }
                    })
                    .map_err(|_| Error::from_hresult(E_FAIL))?;
                slot.insert(Worker { queue, thread })
            }
        };
        worker.queue.send(Box::new(job)).map_err(|_| Error::from_hresult(E_UNEXPECTED))
    }

    /// Stops every worker and waits for it, dropping queued work. After this no callback runs.
    fn stop(&self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        lock(&self.player_gone).store(true, Ordering::SeqCst);
        let workers: Vec<Worker<S>> = lock(&self.workers).drain().map(|(_, w)| w).collect();
        let me = std::thread::current().id();
        for Worker { queue, thread } in workers {
            drop(queue);
            // A worker that releases the last reference stops itself; it cannot wait for itself.
            if thread.thread().id() != me {
                let _ = crate::apartment::join(thread);
            }
        }
        *lock(&self.shared.callback) = None;
    }
}

impl<S: ContentPartner> Drop for Partner<S> {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The error for a container list the host passed as null.
fn null_list() -> Error {
    Error::from_hresult(crate::ole::E_POINTER)
}

/// Reads a whole container list (for Buy, CanBuySilent and price comparisons).
fn read_order(list: &IWMPContentContainerList) -> Result<Order> {
    let mut order = Order { transaction: list.get_transaction_type()?.0, containers: Vec::new() };
    for c in 0..list.get_container_count()? {
        let container = list.get_container(c)?.ok_or_else(|| Error::from_hresult(E_FAIL))?;
        let info = container_info(&container)?;
        let mut tracks = Vec::new();
        for i in 0..container.get_content_count()? {
            tracks.push((container.get_content_id(i)?, container.get_content_price(i)?.to_string()));
        }
        order.containers.push(OrderContainer { info, tracks });
    }
    Ok(order)
}

fn container_info(container: &IWMPContentContainer) -> Result<ContainerInfo> {
    Ok(ContainerInfo {
        id: container.get_id()?,
        kind: container.get_type()?.to_string(),
        price: container.get_price()?.to_string(),
    })
}

fn download<S: ContentPartner>(shared: &Shared<S>, list: &IWMPContentContainerList, cookie: u32) {
    let Some(callback) = shared.callback() else { return };
    let Ok(containers) = list.get_container_count() else { return };
    for c in 0..containers {
        let Ok(Some(container)) = list.get_container(c) else { continue };
        let Ok(info) = container_info(&container) else { continue };
        let count = container.get_content_count().unwrap_or(0);
        for index in 0..count {
            // The track's id is the one thing DownloadTrack cannot do without.
            let Ok(content_id) = container.get_content_id(index) else { continue };
            let request = TrackRequest { cookie, container: &info, index, content_id, handle: &container };
            let answer = contained("download_track", || shared.store.download_track(&request));
            if shared.stopped() {
                return;
            }
            let _ = match answer {
                Ok(track) => {
                    callback.download_track(cookie, track.url.as_str(), content_id, track.params.as_str(), S_OK)
                }
                Err(e) => callback.download_track(cookie, "", content_id, "", e.code()),
            };
        }
    }
}

impl<S: ContentPartner> IWMPContentPartnerHandler for Partner<S> {
    fn set_callback(&self, callback: Option<&IWMPContentPartnerCallback>) -> Result<()> {
        match callback {
            None => {
                self.stop();
                contained("detach", || {
                    self.shared.store.detach();
                    Ok(())
                })
            }
            Some(cb) => {
                // A second SetCallback replaces the first; the workers use the new one.
                let marshaled: Callback = Arc::new(Marshaled::new(cb)?);
                *lock(&self.shared.callback) = Some(Arc::clone(&marshaled));
                self.shared.stopping.store(false, Ordering::SeqCst);
                let gone = Arc::new(AtomicBool::new(false));
                let previous = std::mem::replace(&mut *lock(&self.player_gone), Arc::clone(&gone));
                previous.store(true, Ordering::SeqCst);
                let player = Player { callback: marshaled, stopping: gone };
                contained("attach", || {
                    self.shared.store.attach(player);
                    Ok(())
                })
            }
        }
    }

    fn notify(&self, notification: WMPPartnerNotification, context: &Variant) -> Result<()> {
        self.shared.store.notify(notification, context)
    }

    fn get_item_info(&self, name: BStrRef<'_>, context: &Variant) -> Result<Variant> {
        self.shared.store.item_info(name, context)
    }

    fn get_content_partner_info(&self, name: BStrRef<'_>) -> Result<Variant> {
        self.shared.store.partner_info(name)
    }

    fn get_commands(
        &self,
        location: BStrRef<'_>,
        context: &Variant,
        item_location: BStrRef<'_>,
        items: &[u32],
    ) -> Result<Vec<WMPContextMenuInfo>> {
        let menu = self.shared.store.commands(location, context, item_location, items)?;
        Ok(menu
            .into_iter()
            .map(|m| WMPContextMenuInfo {
                dwID: m.id,
                bstrMenuText: Bstr::from(m.text).into_abi(),
                bstrHelpText: Bstr::from(m.help).into_abi(),
            })
            .collect())
    }

    fn invoke_command(
        &self,
        id: u32,
        location: BStrRef<'_>,
        context: &Variant,
        item_location: BStrRef<'_>,
        items: &[u32],
    ) -> Result<()> {
        self.shared.store.invoke_command(id, location, context, item_location, items)
    }

    fn can_buy_silent(&self, list: Option<&IWMPContentContainerList>) -> Result<(Bstr, bool)> {
        let order = read_order(list.ok_or_else(null_list)?)?;
        let (price, silent) = self.shared.store.can_buy_silent(&order)?;
        Ok((price.into(), silent))
    }

    fn buy(&self, list: Option<&IWMPContentContainerList>, cookie: u32) -> Result<()> {
        let list = Marshaled::new(list.ok_or_else(null_list)?)?;
        self.submit(Kind::Buy, move |shared| {
            let result = list
                .get()
                .and_then(|list| read_order(&list))
                .and_then(|order| contained("buy", || shared.store.buy(&order)));
            if let Some(callback) = shared.callback() {
                let _ = callback.buy_complete(code(&result), cookie);
            }
        })
    }

    fn get_streaming_url(&self, kind: WMPStreamingType, context: &Variant) -> Result<Bstr> {
        Ok(self.shared.store.streaming_url(kind, context)?.into())
    }

    fn download(&self, list: Option<&IWMPContentContainerList>, cookie: u32) -> Result<()> {
        let list = Marshaled::new(list.ok_or_else(null_list)?)?;
        self.submit(Kind::Download, move |shared| {
            if let Ok(list) = list.get() {
                download(shared, &list, cookie);
            }
        })
    }

    fn download_track_complete(&self, result: HRESULT, content_id: u32, params: BStrRef<'_>) -> Result<()> {
        self.shared.store.download_track_complete(result, content_id, params)
    }

    fn refresh_license(
        &self,
        cookie: u32,
        local: bool,
        url: Option<BStrRef<'_>>,
        streaming: WMPStreamingType,
        content_id: u32,
        reason: BStrRef<'_>,
        context: &Variant,
    ) -> Result<()> {
        let request = LicenseRequest {
            cookie,
            local,
            url: url.map(|u| u.to_string()),
            streaming,
            content_id,
            reason: reason.to_string(),
            context: context.clone(),
        };
        self.submit(Kind::License, move |shared| {
            let result = contained("refresh_license", || shared.store.refresh_license(&request));
            if let Some(callback) = shared.callback() {
                let _ = callback.refresh_license_complete(request.cookie, request.content_id, code(&result));
            }
        })
    }

    fn get_catalog_url(&self, version: u32, schema: u32, lcid: u32) -> Result<(u32, Bstr, Variant)> {
        let c = self.shared.store.catalog_url(version, schema, lcid)?;
        Ok((c.version, c.url.into(), c.expires))
    }

    fn get_template(
        &self,
        task: WMPTaskType,
        location: BStrRef<'_>,
        context: &Variant,
        click_location: BStrRef<'_>,
        click_context: &Variant,
        filter: BStrRef<'_>,
        view_params: BStrRef<'_>,
    ) -> Result<(Bstr, WMPTemplateSize)> {
        let request = TemplateRequest { task, location, context, click_location, click_context, filter, view_params };
        let (url, size) = self.shared.store.template(&request)?;
        Ok((url.into(), size))
    }

    fn update_device(&self, device: BStrRef<'_>) -> Result<()> {
        let device = device.to_string();
        if !self.shared.store.device_needs_update(&device) {
            return Err(Error::from_hresult(E_FAIL));
        }
        self.submit(Kind::Device, move |shared| {
            let _ = contained("update_device", || shared.store.update_device(&device));
            if let Some(callback) = shared.callback() {
                let _ = callback.update_device_complete(device.as_str());
            }
        })
    }

    fn get_list_contents(
        &self,
        location: BStrRef<'_>,
        context: &Variant,
        list_type: BStrRef<'_>,
        params: BStrRef<'_>,
        cookie: u32,
    ) -> Result<()> {
        let request = ListRequest {
            location: location.to_string(),
            context: context.clone(),
            list_type: list_type.to_string(),
            params: params.to_string(),
            cookie,
        };
        self.submit(Kind::List, move |shared| {
            let items = contained("list_contents", || shared.store.list_contents(&request));
            let Some(callback) = shared.callback() else {
                return;
            };
            let mut result = code(&items);
            for chunk in items.as_deref().unwrap_or(&[]).chunks(LIST_CHUNK) {
                if shared.stopped() {
                    return;
                }
                if let Err(e) = callback.add_list_contents(cookie, chunk) {
                    result = e.code();
                    break;
                }
            }
            let _ = callback.list_contents_complete(cookie, result);
        })
    }

    fn login(&self, user: &[u8], password: &[u8], used_cached: bool, may_cache: bool) -> Result<()> {
        let (user, password) = (user.to_vec(), password.to_vec());
        self.submit(Kind::Login, move |shared| {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                shared.store.login(&user, &password, used_cached, may_cache)
            }))
            .unwrap_or(Err(LoginFailure { page: 0 }));
            let state = match outcome {
                Ok(()) => Variant::bool(true),
                Err(f) => Variant::ui4(f.page),
            };
            if let Some(callback) = shared.callback() {
                let _ = callback.notify(WMPCallbackNotification::wmpcnLoginStateChange, &state);
            }
        })
    }

    fn authenticate(&self, user: &[u8], password: &[u8]) -> Result<()> {
        let (user, password) = (user.to_vec(), password.to_vec());
        self.submit(Kind::Login, move |shared| {
            let ok =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| shared.store.authenticate(&user, &password)))
                    .unwrap_or(false);
            if let Some(callback) = shared.callback() {
                let _ = callback.notify(WMPCallbackNotification::wmpcnAuthResult, &Variant::bool(ok));
            }
        })
    }

    fn logout(&self) -> Result<()> {
        self.submit(Kind::Login, move |shared| {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| shared.store.logout()));
            if let Some(callback) = shared.callback() {
                let _ = callback.notify(WMPCallbackNotification::wmpcnLoginStateChange, &Variant::bool(false));
            }
        })
    }

    fn send_message(&self, message: BStrRef<'_>, param: BStrRef<'_>) -> Result<()> {
        let (message, param) = (message.to_bstr(), param.to_bstr());
        self.submit(Kind::Message, move |shared| {
            let result =
                contained("send_message", || shared.store.send_message(&message.to_string(), &param.to_string()));
            if let Some(callback) = shared.callback() {
                let _ = callback.send_message_complete(&message, &param, result.unwrap_or_default().as_str());
            }
        })
    }

    fn station_event(
        &self,
        kind: BStrRef<'_>,
        station: u32,
        playlist_index: u32,
        track: u32,
        data: BStrRef<'_>,
        seconds: u32,
    ) -> Result<()> {
        self.shared.store.station_event(kind, station, playlist_index, track, data, seconds)
    }

    fn compare_container_list_prices(
        &self,
        base: Option<&IWMPContentContainerList>,
        other: Option<&IWMPContentContainerList>,
    ) -> Result<i32> {
        let base = read_order(base.ok_or_else(null_list)?)?;
        let other = read_order(other.ok_or_else(null_list)?)?;
        self.shared.store.compare_prices(&base, &other)
    }

    fn verify_permission(&self, permission: BStrRef<'_>, context: &Variant) -> Result<()> {
        let (permission, context) = (permission.to_bstr(), context.clone());
        self.submit(Kind::Permission, move |shared| {
            let result =
                contained("verify_permission", || shared.store.verify_permission(&permission.to_string(), &context));
            if let Some(callback) = shared.callback() {
                let _ = callback.verify_permission_complete(&permission, &context, code(&result));
            }
        })
    }
}

impl<S: ContentPartner> Partner<S> {
    /// The object as the interface a host receives.
    pub fn into_interface(self) -> IWMPContentPartner {
        self.into()
    }
}
