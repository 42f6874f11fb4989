//! The async plumbing of `Partner`: exact callback sequences for every asynchronous request,
//! exactly-once completions whatever the store does, independence of the kinds of work, and
//! SetCallback(NULL) / release in the middle of a download.
//!
//! Each test first enters an apartment, as a host must (the multithreaded one, but for the
//! single-threaded player's test): on Windows the workers reach the player's objects through the
//! global interface table.

mod support;

use std::sync::Mutex;
use std::sync::mpsc;
use std::time::Duration;

use contentpartner::apartment::Apartment;
use contentpartner::bindings::*;
use contentpartner::hresult::{E_ACCESSDENIED, E_UNEXPECTED};
use contentpartner::ole::Variant;
use contentpartner::partner::*;
use support::{FakeContainer, FakeList, Log, TrackPrices, attach, recording_player};
use windows_core::{Error, Interface, Result};

/// An album of `album` tracks from id `first`, a list of 3, and 4 loose tracks; a container costs
/// its track count plus .99, its tracks alternate free and 0.99.
fn order(transaction: WMPTransactionType, album: u32, first: u32) -> IWMPContentContainerList {
    let c = |id, kind, first, count: u32| FakeContainer {
        id,
        kind,
        price: format!("{count}.99").into(),
        tracks: (first..first + count).collect(),
        count: None,
        track_prices: TrackPrices::Each(
            (0..count).map(|i| if i % 2 == 0 { g_szContentPrice_Free } else { "0.99" }).collect(),
        ),
    };
    FakeList::new(
        transaction,
        [
            c(900, g_szCPAlbumID, first, album),
            c(77, g_szCPListID, first + album, 3),
            c(g_knReservedCPTrackID_NotFound, g_szUnknownLocation, first + album + 3, 4),
        ],
    )
    .into()
}

// ---------------------------------------------------------------------------------------------
// The store under test.

#[derive(Default)]
struct Store {
    /// Tracks the store is waiting on before answering (for "Download returns at once").
    gate: Mutex<Option<mpsc::Receiver<()>>>,
    buy_gate: Mutex<Option<mpsc::Receiver<()>>>,
    track_delay: Option<Duration>,
    seen: Log,
    player: Mutex<Option<contentpartner::partner::Player>>,
}

impl ContentPartner for Store {
    fn attach(&self, player: contentpartner::partner::Player) {
        *self.player.lock().unwrap() = Some(player);
    }
    fn download_track(&self, track: &TrackRequest<'_>) -> Result<TrackDownload> {
        if let Some(gate) = self.gate.lock().unwrap().take() {
            gate.recv().expect("the test opens the gate");
        }
        if let Some(d) = self.track_delay {
            std::thread::sleep(d);
        }
        self.seen.push(format!("{} {} {} {}", track.container.id, track.container.kind, track.index, track.price()?));
        match track.content_id {
            13 => panic!("track 13 is cursed"),
            id if id % 5 == 0 => Err(Error::from_hresult(E_ACCESSDENIED)),
            id => Ok(TrackDownload { url: format!("http://store.example/t/{id}.wma"), params: format!("p{id}") }),
        }
    }
    fn buy(&self, order: &Order) -> Result<()> {
        if let Some(gate) = self.buy_gate.lock().unwrap().take() {
            gate.recv().expect("the test opens the gate");
        }
        let tracks: usize = order.containers.iter().map(|c| c.tracks.len()).sum();
        self.seen.push(format!(
            "buy {} containers {tracks} tracks first={:?}",
            order.containers.len(),
            order.containers[0].tracks.first()
        ));
        match tracks {
            9 => Ok(()),
            10 => Err(Error::from_hresult(E_ACCESSDENIED)),
            _ => panic!("an order the store cannot take"),
        }
    }
    fn refresh_license(&self, r: &LicenseRequest) -> Result<()> {
        if r.content_id == 666 { Err(Error::from_hresult(E_ACCESSDENIED)) } else { Ok(()) }
    }
    fn device_needs_update(&self, device: &str) -> bool {
        device == "Zune"
    }
    fn update_device(&self, _: &str) -> Result<()> {
        panic!("the device work fails, the completion must still come")
    }
    fn list_contents(&self, r: &ListRequest) -> Result<Vec<u32>> {
        if r.params == "none" { Err(Error::from_hresult(E_ACCESSDENIED)) } else { Ok((1..=2500).collect()) }
    }
    fn login(&self, user: &[u8], password: &[u8], _: bool, _: bool) -> std::result::Result<(), LoginFailure> {
        if user == b"alice" && password == b"secret" { Ok(()) } else { Err(LoginFailure { page: 3 }) }
    }
    fn authenticate(&self, user: &[u8], _: &[u8]) -> bool {
        user == b"alice"
    }
    fn send_message(&self, message: &str, param: &str) -> Result<String> {
        if message == "boom" { panic!("message handler bug") } else { Ok(format!("{message}:{param}:ok")) }
    }
    fn verify_permission(&self, permission: &str, _: &Variant) -> Result<()> {
        if permission == g_szVerifyPermissionSync { Ok(()) } else { Err(Error::from_hresult(E_ACCESSDENIED)) }
    }
}

#[test]
fn download_returns_at_once_then_calls_download_track_once_per_track_in_order() {
    let _com = Apartment::multithreaded();
    let (open, gate) = mpsc::channel();
    let store = Store { gate: Mutex::new(Some(gate)), ..Store::default() };
    let (partner, log) = attach(store);
    let list = order(WMPTransactionType::wmpttDownload, 5, 10);
    partner.download(Some(&list), 42).expect("Download");
    assert_eq!(log.len(), 0, "Download returned before the first track was answered");
    open.send(()).expect("open the gate");
    let expected: Vec<String> = (10..22)
        .map(|id| match id {
            13 => format!("DownloadTrack 42 13 \"\" \"\" {:#x}", E_UNEXPECTED.0),
            id if id % 5 == 0 => format!("DownloadTrack 42 {id} \"\" \"\" {:#x}", E_ACCESSDENIED.0),
            id => format!("DownloadTrack 42 {id} \"http://store.example/t/{id}.wma\" \"p{id}\" 0x0"),
        })
        .collect();
    assert_eq!(log.settled(12), expected, "exactly once per track, in order");
}

#[test]
fn ten_thousand_tracks_arrive_in_order() {
    let _com = Apartment::multithreaded();
    let (partner, log) = attach(Store::default());
    let list = order(WMPTransactionType::wmpttDownload, 9_993, 100_000);
    partner.download(Some(&list), 7).expect("Download");
    let lines = log.wait_for(10_000);
    assert_eq!(lines.len(), 10_000);
    for (i, line) in lines.iter().enumerate() {
        let id = 100_000 + i;
        assert!(line.starts_with(&format!("DownloadTrack 7 {id} ")), "track {i}: {line}");
    }
}

#[test]
fn buy_completes_exactly_once_on_success_error_and_panic() {
    let _com = Apartment::multithreaded();
    let (partner, log) = attach(Store::default());
    partner.buy(Some(&order(WMPTransactionType::wmpttBuy, 2, 1)), 1).expect("Buy");
    partner.buy(Some(&order(WMPTransactionType::wmpttBuy, 3, 1)), 2).expect("Buy");
    partner.buy(Some(&order(WMPTransactionType::wmpttBuy, 4, 1)), 3).expect("Buy");
    assert_eq!(
        log.settled(3),
        [
            "BuyComplete 1 0x0".to_string(),
            format!("BuyComplete 2 {:#x}", E_ACCESSDENIED.0),
            format!("BuyComplete 3 {:#x}", E_UNEXPECTED.0)
        ]
    );
}

#[test]
fn a_slow_buy_does_not_hold_up_downloads() {
    let _com = Apartment::multithreaded();
    let (open, gate) = mpsc::channel();
    let store = Store { buy_gate: Mutex::new(Some(gate)), ..Store::default() };
    let (partner, log) = attach(store);
    partner.buy(Some(&order(WMPTransactionType::wmpttBuy, 2, 1)), 99).expect("Buy");
    partner.download(Some(&order(WMPTransactionType::wmpttDownload, 1, 30)), 5).expect("Download");
    let lines = log.wait_for(8);
    assert!(lines.iter().all(|l| l.starts_with("DownloadTrack 5 ")), "{lines:?}");
    open.send(()).expect("release the purchase");
    assert_eq!(log.wait_for(9)[8], "BuyComplete 99 0x0");
}

#[test]
fn every_other_request_gets_its_completion() {
    let _com = Apartment::multithreaded();
    let (partner, log) = attach(Store::default());
    partner
        .refresh_license(
            5,
            true,
            Some("file:///a.wma"),
            WMPStreamingType::wmpstMusic,
            101,
            g_szRefreshLicensePlay,
            &Variant::empty(),
        )
        .unwrap();
    log.wait_for(1);
    partner
        .refresh_license(
            6,
            false,
            None::<&str>,
            WMPStreamingType::wmpstMusic,
            666,
            g_szRefreshLicenseSync,
            &Variant::bstr("Zune"),
        )
        .unwrap();
    log.wait_for(2);
    partner.get_list_contents(g_szCPListID, &Variant::ui4(3), g_szCPTrackID, "all", 31).unwrap();
    log.wait_for(6);
    partner.get_list_contents(g_szCPListID, &Variant::ui4(3), g_szCPTrackID, "none", 32).unwrap();
    log.wait_for(7);
    partner.send_message("ping", "x=1").unwrap();
    log.wait_for(8);
    partner.send_message("boom", "y").unwrap();
    log.wait_for(9);
    partner.verify_permission(g_szVerifyPermissionSync, &Variant::bstr("Zune")).unwrap();
    log.wait_for(10);
    partner.verify_permission("VerifySomethingElse", &Variant::bstr("Zune")).unwrap();
    log.wait_for(11);
    partner.update_device("Zune").unwrap();
    log.wait_for(12);
    assert!(partner.update_device("Walkman").is_err(), "no work: an error and no completion");
    partner.login(b"alice", b"secret", false, true).unwrap();
    log.wait_for(13);
    partner.login(b"alice", b"wrong", false, false).unwrap();
    log.wait_for(14);
    partner.authenticate(b"alice", b"x").unwrap();
    log.wait_for(15);
    partner.authenticate(b"mallory", b"x").unwrap();
    log.wait_for(16);
    partner.logout().unwrap();
    let denied = E_ACCESSDENIED.0;
    assert_eq!(
        log.settled(17),
        [
            "RefreshLicenseComplete 5 101 0x0".to_string(),
            format!("RefreshLicenseComplete 6 666 {denied:#x}"),
            "AddListContents 31 1000 first=Some(1) last=Some(1000)".into(),
            "AddListContents 31 1000 first=Some(1001) last=Some(2000)".into(),
            "AddListContents 31 500 first=Some(2001) last=Some(2500)".into(),
            "ListContentsComplete 31 0x0".into(),
            format!("ListContentsComplete 32 {denied:#x}"),
            r#"SendMessageComplete "ping" "x=1" "ping:x=1:ok""#.into(),
            r#"SendMessageComplete "boom" "y" """#.into(),
            r#"VerifyPermissionComplete "VerifyPermissionSync" BSTR:Zune 0x0"#.into(),
            format!(r#"VerifyPermissionComplete "VerifySomethingElse" BSTR:Zune {denied:#x}"#),
            r#"UpdateDeviceComplete "Zune""#.into(),
            "Notify 1 BOOL:true".into(),
            "Notify 1 UI4:3".into(),
            "Notify 2 BOOL:true".into(),
            "Notify 2 BOOL:false".into(),
            "Notify 1 BOOL:false".into(),
        ],
        "nothing more"
    );
}

#[test]
fn set_callback_null_stops_every_callback_before_it_returns() {
    let _com = Apartment::multithreaded();
    let store = Store { track_delay: Some(Duration::from_micros(200)), ..Store::default() };
    let (partner, log) = attach(store);
    for cookie in 0..3 {
        partner.download(Some(&order(WMPTransactionType::wmpttDownload, 2000, 1)), cookie).unwrap();
    }
    log.wait_for(20);
    partner.set_callback(None).expect("SetCallback(NULL)");
    let at_return = log.len();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(log.len(), at_return, "no callback after SetCallback(NULL) returned");
    assert!(at_return < 6021, "queued work was dropped ({at_return} tracks sent)");
    // Without a player, asynchronous requests are refused; a new player starts afresh.
    assert_eq!(
        partner.download(Some(&order(WMPTransactionType::wmpttDownload, 1, 1)), 9).unwrap_err().code(),
        E_UNEXPECTED
    );
    let (player2, log2) = recording_player();
    partner.set_callback(Some(&player2)).unwrap();
    partner.download(Some(&order(WMPTransactionType::wmpttDownload, 1, 500)), 9).unwrap();
    assert_eq!(log2.wait_for(8).len(), 8);
    assert_eq!(log.len(), at_return, "the old player hears nothing more");
}

#[test]
fn releasing_the_object_mid_download_stops_the_workers() {
    let _com = Apartment::multithreaded();
    let store = Store { track_delay: Some(Duration::from_micros(200)), ..Store::default() };
    let (partner, log) = attach(store);
    partner.download(Some(&order(WMPTransactionType::wmpttDownload, 5000, 1)), 1).unwrap();
    log.wait_for(10);
    drop(partner);
    let at_release = log.len();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(log.len(), at_release, "no callback after the last Release returned");
}

#[test]
fn the_store_keeps_a_player_handle_that_dies_with_the_player() {
    let _com = Apartment::multithreaded();
    let partner_object = Partner::new(Store::default(), None);
    let partner: IWMPContentPartner = partner_object.into();
    let (player, log) = recording_player();
    partner.set_callback(Some(&player)).unwrap();
    let store = partner.cast_object_ref::<Partner<Store>>().expect("our object").store();
    let handle = store.player.lock().unwrap().clone().expect("attached");
    handle.notify(WMPCallbackNotification::wmpcnNewCatalogAvailable, &Variant::empty()).unwrap();
    assert_eq!(log.lines(), ["Notify 4 Empty"]);
    partner.set_callback(None).unwrap();
    assert_eq!(
        handle.notify(WMPCallbackNotification::wmpcnNewCatalogAvailable, &Variant::empty()).unwrap_err().code(),
        E_UNEXPECTED
    );
    assert_eq!(log.len(), 1);
}

/// Windows Media Player calls from its UI thread, a single-threaded apartment, and its callback is
/// not agile: a worker's DownloadTrack is marshaled into that thread and gets in only while the
/// thread pumps messages. SetCallback(NULL) in the middle of a download waits for the worker, so
/// the wait must dispatch those calls or the two threads deadlock. Needs the contentpartner
/// proxy/stub registered (scripts/windows-e2e.sh does, before it runs these tests).
#[cfg(windows)]
#[test]
fn a_single_threaded_player_detaches_in_the_middle_of_a_download() {
    use contentpartner::apartment::pump_for;
    use contentpartner::ole::BStrRef;
    use contentpartner::registration::{Backend, Hive, WindowsBackend, braced};
    use support::RecordingPlayer;
    use windows_core::{HRESULT, implement};

    let proxy = format!(r"Interface\{}\ProxyStubClsid32", braced(&IWMPContentPartnerCallback::IID));
    if !matches!(WindowsBackend.get(Hive::ClassesRoot, &proxy, None), Ok(Some(_))) {
        let required = std::env::var("CONTENTPARTNER_REQUIRE_ALL").as_deref() == Ok("1");
        assert!(!required, "HKCR\\{proxy} is missing: register the proxy/stub DLL");
        println!("SKIP a_single_threaded_player_detaches_in_the_middle_of_a_download: no proxy/stub registered");
        return;
    }

    /// A recording player but not agile, and silent but for DownloadTrack.
    #[implement(IWMPContentPartnerCallback, Agile = false)]
    struct UiThreadPlayer {
        recorder: RecordingPlayer,
    }
    impl IWMPContentPartnerCallbackHandler for UiThreadPlayer {
        fn download_track(
            &self,
            cookie: u32,
            url: BStrRef<'_>,
            id: u32,
            params: BStrRef<'_>,
            hr: HRESULT,
        ) -> Result<()> {
            self.recorder.download_track(cookie, url, id, params, hr)
        }
    }

    let _com = Apartment::single_threaded();
    let recorder = RecordingPlayer::default();
    let log = recorder.log.clone();
    let player: IWMPContentPartnerCallback = UiThreadPlayer { recorder }.into();
    let store = Store { track_delay: Some(Duration::from_micros(200)), ..Store::default() };
    let partner = Partner::new(store, None).into_interface();
    partner.set_callback(Some(&player)).expect("SetCallback");
    partner.download(Some(&order(WMPTransactionType::wmpttDownload, 5000, 1)), 1).unwrap();
    // The callbacks reach the thread while it pumps.
    log.wait_for_with(10, || pump_for(Duration::from_millis(2)));
    partner.set_callback(None).expect("SetCallback(NULL) returns");
    let at_return = log.len();
    pump_for(Duration::from_millis(100));
    assert_eq!(log.len(), at_return, "no callback after SetCallback(NULL) returned");
    for (i, line) in log.lines()[..3].iter().enumerate() {
        assert!(line.starts_with(&format!("DownloadTrack 1 {} ", i + 1)), "track {i}: {line}");
    }
}
