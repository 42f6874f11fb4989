//! The test doubles of the runtime's tests and benches, in one place: a player that records every
//! callback as one line ([`RecordingPlayer`], [`Log`]), a container and a container list to hand a
//! store, honest or hostile ([`FakeContainer`], [`FakeList`]), and [`attach`], a store in a
//! `Partner` with a recording player set.
//!
//! Tests: `mod support;`. Benches: `#[path = "../tests/support/mod.rs"] mod support;`.

// Each test crate uses only part of this module: the rest would warn there as dead code.
#![allow(dead_code)]

use std::borrow::Cow;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use contentpartner::bindings::*;
use contentpartner::hresult::{E_INVALIDARG, E_NOTIMPL};
use contentpartner::ole::{BStrRef, Bstr, Variant, VariantValue};
use contentpartner::partner::{ContentPartner, Partner};
use windows_core::{Error, HRESULT, Result, implement};

// ---------------------------------------------------------------------------------------------
// The player

/// How long [`Log::wait_for`] waits for its callbacks before it fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// How long [`Log::settled`] waits, once the callbacks expected are in, for any that should not come.
pub const SETTLE: Duration = Duration::from_millis(50);

/// The lines a [`RecordingPlayer`] writes, one a callback; clones share them.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn push(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }

    /// The lines so far.
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }

    pub fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    /// Waits until `n` lines have arrived and returns all of them; fails after [`TIMEOUT`].
    pub fn wait_for(&self, n: usize) -> Vec<String> {
        self.wait_for_with(n, || std::thread::sleep(Duration::from_millis(2)))
    }

    /// [`Log::wait_for`], calling `idle` between two looks (a single-threaded apartment pumps its
    /// messages there, or the calls marshaled into it never arrive).
    pub fn wait_for_with(&self, n: usize, mut idle: impl FnMut()) -> Vec<String> {
        let start = Instant::now();
        while self.len() < n {
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out after {TIMEOUT:?} with {} of {n} callbacks: {:?}",
                self.len(),
                self.lines()
            );
            idle();
        }
        self.lines()
    }

    /// Waits for `n` lines, then [`SETTLE`] more, and returns all the lines: a test that expects
    /// exactly `n` sees there any that came after them.
    pub fn settled(&self, n: usize) -> Vec<String> {
        self.wait_for(n);
        std::thread::sleep(SETTLE);
        self.lines()
    }
}

/// A VARIANT as one word: `I4:7`, `UI4:3`, `BOOL:true`, `BSTR:Zune`, `ERROR:0x80070005`, or the
/// value's Debug form (`Empty`, `Date(45000.25)`).
pub fn variant_text(v: &Variant) -> String {
    match v.value() {
        VariantValue::I4(i) => format!("I4:{i}"),
        VariantValue::UI4(i) => format!("UI4:{i}"),
        VariantValue::Bool(b) => format!("BOOL:{b}"),
        VariantValue::Bstr(s) => format!("BSTR:{s}"),
        VariantValue::Error(e) => format!("ERROR:{:#x}", e.0),
        other => format!("{other:?}"),
    }
}

/// The player's IWMPContentPartnerCallback: writes each callback to its [`Log`] as one line, the
/// callback's name and then its arguments: the cookie and ids first, strings quoted, VARIANTs as
/// [`variant_text`] writes them, the HRESULT last, in hex. AddListContents gives the number of
/// items and the first and last.
///
/// ```text
/// Notify 1 BOOL:true
/// BuyComplete 4242 0x0
/// DownloadTrack 77 101 "http://store.example/t/101.wma" "p=101" 0x0
/// UpdateDeviceComplete "Zune"
/// ChangeView "OnlineStore" "http://store.example/" ""
/// AddListContents 31 1000 first=Some(1) last=Some(1000)
/// ListContentsComplete 31 0x0
/// SendMessageComplete "ping" "x=1" "pong"
/// RefreshLicenseComplete 5 101 0x0
/// ShowPopup 2 "DlgX=800&DlgY=400"
/// VerifyPermissionComplete "VerifyPermissionSync" BSTR:Zune 0x0
/// ```
///
/// The two questions a store may ask answer from the fields, or fail with E_NOTIMPL (the
/// handler's default) when they are `None`.
#[implement(IWMPContentPartnerCallback)]
#[derive(Default)]
pub struct RecordingPlayer {
    pub log: Log,
    /// GetCatalogVersion's answer: version, schema version, LCID.
    pub catalog_version: Option<(u32, u32, u32)>,
    /// GetContentIDsInLibrary's answer.
    pub library: Option<Vec<u32>>,
}

impl RecordingPlayer {
    /// The player as the interface a store receives, and its log.
    pub fn into_parts(self) -> (IWMPContentPartnerCallback, Log) {
        let log = self.log.clone();
        (self.into(), log)
    }

    fn note(&self, line: String) -> Result<()> {
        self.log.push(line);
        Ok(())
    }
}

/// A recording player with nothing to answer, and its log.
pub fn recording_player() -> (IWMPContentPartnerCallback, Log) {
    RecordingPlayer::default().into_parts()
}

impl IWMPContentPartnerCallbackHandler for RecordingPlayer {
    fn notify(&self, kind: WMPCallbackNotification, context: &Variant) -> Result<()> {
        self.note(format!("Notify {} {}", kind.0, variant_text(context)))
    }
    fn buy_complete(&self, hr: HRESULT, cookie: u32) -> Result<()> {
        self.note(format!("BuyComplete {cookie} {:#x}", hr.0))
    }
    fn download_track(&self, cookie: u32, url: BStrRef<'_>, id: u32, params: BStrRef<'_>, hr: HRESULT) -> Result<()> {
        self.note(format!("DownloadTrack {cookie} {id} {url:?} {params:?} {:#x}", hr.0))
    }
    fn get_catalog_version(&self) -> Result<(u32, u32, u32)> {
        self.catalog_version.ok_or_else(|| Error::from_hresult(E_NOTIMPL))
    }
    fn update_device_complete(&self, device: BStrRef<'_>) -> Result<()> {
        self.note(format!("UpdateDeviceComplete {device:?}"))
    }
    fn change_view(&self, kind: BStrRef<'_>, id: BStrRef<'_>, filter: BStrRef<'_>) -> Result<()> {
        self.note(format!("ChangeView {kind:?} {id:?} {filter:?}"))
    }
    fn add_list_contents(&self, cookie: u32, items: &[u32]) -> Result<()> {
        self.note(format!("AddListContents {cookie} {} first={:?} last={:?}", items.len(), items.first(), items.last()))
    }
    fn list_contents_complete(&self, cookie: u32, hr: HRESULT) -> Result<()> {
        self.note(format!("ListContentsComplete {cookie} {:#x}", hr.0))
    }
    fn send_message_complete(&self, message: BStrRef<'_>, param: BStrRef<'_>, result: BStrRef<'_>) -> Result<()> {
        self.note(format!("SendMessageComplete {message:?} {param:?} {result:?}"))
    }
    fn get_content_ids_in_library(&self) -> Result<Vec<u32>> {
        self.library.clone().ok_or_else(|| Error::from_hresult(E_NOTIMPL))
    }
    fn refresh_license_complete(&self, cookie: u32, id: u32, hr: HRESULT) -> Result<()> {
        self.note(format!("RefreshLicenseComplete {cookie} {id} {:#x}", hr.0))
    }
    fn show_popup(&self, index: i32, params: BStrRef<'_>) -> Result<()> {
        self.note(format!("ShowPopup {index} {params:?}"))
    }
    fn verify_permission_complete(&self, permission: BStrRef<'_>, context: &Variant, hr: HRESULT) -> Result<()> {
        self.note(format!("VerifyPermissionComplete {permission:?} {} {:#x}", variant_text(context), hr.0))
    }
}

/// `store` in a `Partner` object with a [`recording_player`] set as its callback: the object as a
/// host holds it, and the player's log.
pub fn attach(store: impl ContentPartner) -> (IWMPContentPartner, Log) {
    let (player, log) = recording_player();
    let partner = Partner::new(store, None).into_interface();
    partner.set_callback(Some(&player)).expect("SetCallback");
    (partner, log)
}

// ---------------------------------------------------------------------------------------------
// The player's containers

/// What a [`FakeContainer`]'s GetContentPrice answers.
pub enum TrackPrices {
    /// Every track at this price.
    All(&'static str),
    /// Track `i` at the `i`th price; past the end, E_INVALIDARG.
    Each(Vec<&'static str>),
    /// E_NOTIMPL, as from a container without GetContentPrice.
    Missing,
}

/// An IWMPContentContainer: an album, a list or loose tracks, as its fields say. GetContentID
/// past the last track fails with E_INVALIDARG; `count` makes GetContentCount lie.
#[implement(IWMPContentContainer)]
pub struct FakeContainer {
    pub id: u32,
    /// GetType's answer: `g_szCPAlbumID`, `g_szCPListID`, `g_szUnknownLocation`...
    pub kind: &'static str,
    pub price: Cow<'static, str>,
    /// The tracks' content ids, in order.
    pub tracks: Vec<u32>,
    /// GetContentCount's answer when it is not the number of tracks.
    pub count: Option<u32>,
    pub track_prices: TrackPrices,
}

impl FakeContainer {
    /// An album (`g_szCPAlbumID`) at 9.99 of `tracks`, each at 0.99.
    pub fn album(id: u32, tracks: impl IntoIterator<Item = u32>) -> Self {
        FakeContainer {
            id,
            kind: g_szCPAlbumID,
            price: "9.99".into(),
            tracks: tracks.into_iter().collect(),
            count: None,
            track_prices: TrackPrices::All("0.99"),
        }
    }
}

impl IWMPContentContainerHandler for FakeContainer {
    fn get_id(&self) -> Result<u32> {
        Ok(self.id)
    }
    fn get_price(&self) -> Result<Bstr> {
        Ok(Bstr::from(&*self.price))
    }
    fn get_type(&self) -> Result<Bstr> {
        Ok(self.kind.into())
    }
    fn get_content_count(&self) -> Result<u32> {
        Ok(self.count.unwrap_or(self.tracks.len() as u32))
    }
    fn get_content_price(&self, i: u32) -> Result<Bstr> {
        match &self.track_prices {
            TrackPrices::All(price) => Ok((*price).into()),
            TrackPrices::Each(prices) => {
                prices.get(i as usize).map(|&p| p.into()).ok_or_else(|| Error::from_hresult(E_INVALIDARG))
            }
            TrackPrices::Missing => Err(Error::from_hresult(E_NOTIMPL)),
        }
    }
    fn get_content_id(&self, i: u32) -> Result<u32> {
        self.tracks.get(i as usize).copied().ok_or_else(|| Error::from_hresult(E_INVALIDARG))
    }
}

/// An IWMPContentContainerList of `containers`. GetContainer past the last fails with
/// E_INVALIDARG; `count` makes GetContainerCount lie.
#[implement(IWMPContentContainerList)]
pub struct FakeList {
    pub transaction: WMPTransactionType,
    pub containers: Vec<IWMPContentContainer>,
    /// GetContainerCount's answer when it is not the number of containers.
    pub count: Option<u32>,
}

impl FakeList {
    pub fn new(transaction: WMPTransactionType, containers: impl IntoIterator<Item = FakeContainer>) -> Self {
        FakeList { transaction, containers: containers.into_iter().map(Into::into).collect(), count: None }
    }
}

impl IWMPContentContainerListHandler for FakeList {
    fn get_transaction_type(&self) -> Result<WMPTransactionType> {
        Ok(self.transaction)
    }
    fn get_container_count(&self) -> Result<u32> {
        Ok(self.count.unwrap_or(self.containers.len() as u32))
    }
    fn get_container(&self, i: u32) -> Result<Option<IWMPContentContainer>> {
        self.containers.get(i as usize).cloned().map(Some).ok_or_else(|| Error::from_hresult(E_INVALIDARG))
    }
}

// ---------------------------------------------------------------------------------------------
// Waiting on the store

/// Waits (at most [`TIMEOUT`]) until `done()` holds; fails naming `what` otherwise.
pub fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < TIMEOUT, "timed out after {TIMEOUT:?} waiting until {what}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Holds the first store call that passes it until the test opens it (at most 10 minutes: a test
/// holds it while it does something slow, a million calls under Wine take over a minute): the
/// worker is busy while more requests queue up, or a call is in progress when the player acts.
#[derive(Default)]
pub struct Gate {
    entered: std::sync::atomic::AtomicBool,
    open: Mutex<bool>,
    opened: std::sync::Condvar,
}

impl Gate {
    /// Called by the store: the first caller waits here for [`Gate::open`].
    pub fn pass(&self) {
        if self.entered.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let open = self.open.lock().unwrap();
        let _unused = self.opened.wait_timeout_while(open, Duration::from_secs(600), |open| !*open).unwrap();
    }

    /// Waits (bounded) until a store call is held at the gate.
    pub fn wait_entered(&self) {
        eventually("a store call reached the gate", || self.entered.load(std::sync::atomic::Ordering::SeqCst));
    }

    pub fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }

    /// Opens the gate from another thread after `delay`, for a test whose own thread is about to
    /// wait on the call the gate holds.
    pub fn open_after(self: &Arc<Self>, delay: Duration) -> std::thread::JoinHandle<()> {
        let gate = Arc::clone(self);
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            gate.open();
        })
    }
}
