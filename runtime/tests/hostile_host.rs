//! A host that misuses the object gets an HRESULT, never a crash: a store that panics in every
//! method, null out-pointers, container lists whose methods fail or lie about their counts,
//! SetCallback twice, eight threads at once.
//!
//! Each test first enters the multithreaded apartment, as a host must: on Windows the workers reach
//! the player's objects through the global interface table.

mod support;

use contentpartner::apartment::Apartment;
use contentpartner::bindings::*;
use contentpartner::hresult::{E_INVALIDARG, E_NOTIMPL, E_POINTER, E_UNEXPECTED, S_OK};
use contentpartner::ole::{BStrRef, Bstr, Variant};
use contentpartner::partner::*;
use support::{FakeContainer, FakeList, TrackPrices, attach, recording_player};
use windows_core::{HRESULT, Interface, Result};

/// A list that claims three containers but hands out only the first, which claims five tracks but
/// has two and has no GetContentPrice.
fn broken_list() -> IWMPContentContainerList {
    let liar = FakeContainer {
        price: "1".into(),
        count: Some(5),
        track_prices: TrackPrices::Missing,
        ..FakeContainer::album(1, [10, 11])
    };
    FakeList { count: Some(3), ..FakeList::new(WMPTransactionType::wmpttDownload, [liar]) }.into()
}

/// A store that panics in every method (in `attach` too when `attach_panics`).
struct Bomb {
    attach_panics: bool,
}

impl ContentPartner for Bomb {
    fn attach(&self, _: contentpartner::partner::Player) {
        if self.attach_panics {
            panic!("attach")
        }
    }
    fn notify(&self, _: WMPPartnerNotification, _: &Variant) -> Result<()> {
        panic!("notify")
    }
    fn item_info(&self, _: BStrRef<'_>, _: &Variant) -> Result<Variant> {
        panic!("item_info")
    }
    fn partner_info(&self, _: BStrRef<'_>) -> Result<Variant> {
        panic!("partner_info")
    }
    fn commands(&self, _: BStrRef<'_>, _: &Variant, _: BStrRef<'_>, _: &[u32]) -> Result<Vec<MenuItem>> {
        panic!("commands")
    }
    fn invoke_command(&self, _: u32, _: BStrRef<'_>, _: &Variant, _: BStrRef<'_>, _: &[u32]) -> Result<()> {
        panic!("invoke_command")
    }
    fn can_buy_silent(&self, _: &Order) -> Result<(String, bool)> {
        panic!("can_buy_silent")
    }
    fn buy(&self, _: &Order) -> Result<()> {
        panic!("buy")
    }
    fn streaming_url(&self, _: WMPStreamingType, _: &Variant) -> Result<String> {
        panic!("streaming_url")
    }
    fn download_track(&self, _: &TrackRequest<'_>) -> Result<TrackDownload> {
        panic!("download_track")
    }
    fn download_track_complete(&self, _: HRESULT, _: u32, _: BStrRef<'_>) -> Result<()> {
        panic!("download_track_complete")
    }
    fn refresh_license(&self, _: &LicenseRequest) -> Result<()> {
        panic!("refresh_license")
    }
    fn catalog_url(&self, _: u32, _: u32, _: u32) -> Result<CatalogUrl> {
        panic!("catalog_url")
    }
    fn template(&self, _: &TemplateRequest<'_>) -> Result<(String, WMPTemplateSize)> {
        panic!("template")
    }
    fn device_needs_update(&self, _: &str) -> bool {
        true
    }
    fn update_device(&self, _: &str) -> Result<()> {
        panic!("update_device")
    }
    fn list_contents(&self, _: &ListRequest) -> Result<Vec<u32>> {
        panic!("list_contents")
    }
    fn login(&self, _: &[u8], _: &[u8], _: bool, _: bool) -> std::result::Result<(), LoginFailure> {
        panic!("login")
    }
    fn authenticate(&self, _: &[u8], _: &[u8]) -> bool {
        panic!("authenticate")
    }
    fn logout(&self) {
        panic!("logout")
    }
    fn send_message(&self, _: &str, _: &str) -> Result<String> {
        panic!("send_message")
    }
    fn station_event(&self, _: BStrRef<'_>, _: u32, _: u32, _: u32, _: BStrRef<'_>, _: u32) -> Result<()> {
        panic!("station_event")
    }
    fn compare_prices(&self, _: &Order, _: &Order) -> Result<i32> {
        panic!("compare_prices")
    }
    fn verify_permission(&self, _: &str, _: &Variant) -> Result<()> {
        panic!("verify_permission")
    }
}

/// A purchase of one album of two tracks.
fn album() -> IWMPContentContainerList {
    let two =
        FakeContainer { price: "2".into(), track_prices: TrackPrices::All("1"), ..FakeContainer::album(9, [20, 21]) };
    FakeList::new(WMPTransactionType::wmpttBuy, [two]).into()
}

#[test]
fn a_store_that_panics_everywhere_never_takes_the_host_down() {
    let _com = Apartment::multithreaded();
    let (player, log) = recording_player();
    let unexpected = E_UNEXPECTED;
    // SetCallback: the store's attach panics; SetCallback fails and nothing is attached.
    let detached = Partner::new(Bomb { attach_panics: true }, None).into_interface();
    assert_eq!(detached.set_callback(Some(&player)).unwrap_err().code(), unexpected);
    assert_eq!(detached.send_message("m", "p").unwrap_err().code(), unexpected);
    // Every other method on an object whose attach worked.
    let partner = Partner::new(Bomb { attach_panics: false }, None).into_interface();
    partner.set_callback(Some(&player)).unwrap();
    let code = |r: Result<()>| r.err().map(|e| e.code());
    let list = album();
    // Synchronous methods: the panic comes back as E_UNEXPECTED.
    assert_eq!(
        code(partner.notify(WMPPartnerNotification::wmpsnBackgroundProcessingBegin, &Variant::empty())),
        Some(unexpected)
    );
    assert_eq!(partner.get_item_info("x", &Variant::empty()).unwrap_err().code(), unexpected);
    assert_eq!(partner.get_content_partner_info("x").unwrap_err().code(), unexpected);
    assert_eq!(partner.get_commands("x", &Variant::empty(), "y", &[1]).unwrap_err().code(), unexpected);
    assert_eq!(code(partner.invoke_command(1, "x", &Variant::empty(), "y", &[1])), Some(unexpected));
    assert_eq!(partner.can_buy_silent(Some(&list)).unwrap_err().code(), unexpected);
    assert_eq!(
        partner.get_streaming_url(WMPStreamingType::wmpstMusic, &Variant::empty()).unwrap_err().code(),
        unexpected
    );
    assert_eq!(code(partner.download_track_complete(S_OK, 1, "p")), Some(unexpected));
    assert_eq!(partner.get_catalog_url(1, 1, 1).unwrap_err().code(), unexpected);
    let template =
        partner.get_template(WMPTaskType::wmpttBrowse, "x", &Variant::empty(), "y", &Variant::empty(), "", "");
    assert_eq!(template.unwrap_err().code(), unexpected);
    assert_eq!(code(partner.station_event("x", 1, 2, 3, "d", 4)), Some(unexpected));
    assert_eq!(partner.compare_container_list_prices(Some(&list), Some(&list)).unwrap_err().code(), unexpected);
    // Asynchronous methods return S_OK; the completion carries E_UNEXPECTED.
    partner.buy(Some(&list), 1).unwrap();
    partner.download(Some(&list), 2).unwrap();
    partner.refresh_license(3, true, None::<&str>, WMPStreamingType::wmpstMusic, 7, "r", &Variant::empty()).unwrap();
    partner.update_device("Zune").unwrap();
    partner.get_list_contents("x", &Variant::empty(), "y", "p", 4).unwrap();
    partner.send_message("m", "p").unwrap();
    partner.verify_permission("v", &Variant::empty()).unwrap();
    partner.login(b"a", b"b", false, false).unwrap();
    // One BuyComplete, two DownloadTracks, and one completion for each of the other six.
    log.settled(9);
    partner.authenticate(b"a", b"b").unwrap();
    log.settled(10);
    partner.logout().unwrap();
    let all = log.settled(11);
    assert_eq!(all.len(), 11, "{all:?}");
    let u = format!("{:#x}", unexpected.0);
    for expected in [
        format!("BuyComplete 1 {u}"),
        format!(r#"DownloadTrack 2 20 "" "" {u}"#),
        format!(r#"DownloadTrack 2 21 "" "" {u}"#),
        format!("RefreshLicenseComplete 3 7 {u}"),
        r#"UpdateDeviceComplete "Zune""#.to_string(),
        format!("ListContentsComplete 4 {u}"),
        r#"SendMessageComplete "m" "p" """#.to_string(),
        format!(r#"VerifyPermissionComplete "v" Empty {u}"#),
        "Notify 1 UI4:0".to_string(),
        "Notify 2 BOOL:false".to_string(),
        "Notify 1 BOOL:false".to_string(),
    ] {
        assert!(all.contains(&expected), "missing {expected:?} in {all:?}");
    }
    // And the object still works.
    partner.set_callback(None).unwrap();
}

#[test]
fn null_and_lying_inputs_get_hresults() {
    let _com = Apartment::multithreaded();
    let (player, log) = recording_player();
    let partner = Partner::new(Bomb { attach_panics: false }, None).into_interface();
    // Before any SetCallback: asynchronous requests are refused.
    assert_eq!(partner.logout().unwrap_err().code(), E_UNEXPECTED);
    // SetCallback twice: the second replaces the first.
    partner.set_callback(Some(&player)).unwrap();
    partner.set_callback(Some(&player)).unwrap();
    assert_eq!(partner.download(None, 1).unwrap_err().code(), E_POINTER);
    assert_eq!(partner.buy(None, 1).unwrap_err().code(), E_POINTER);
    assert_eq!(partner.can_buy_silent(None).unwrap_err().code(), E_POINTER);
    // SAFETY: deliberately null out-pointers.
    unsafe {
        assert_eq!(partner.GetContentPartnerInfo(Bstr::from("x").as_ref().abi(), std::ptr::null_mut()), E_POINTER);
        assert_eq!(
            partner.CompareContainerListPrices(std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut()),
            E_POINTER
        );
    }
    // A list that says 3 containers but has 1, holding a container that says 5 tracks but has 2:
    // the tracks that exist are reported once each (the store's panic as E_UNEXPECTED), and each
    // track and container the list promised but could not hand over is reported as a gap, with
    // the reserved id and the list's error. Nothing breaks.
    let broken = broken_list();
    partner.download(Some(&broken), 8).unwrap();
    let lines = log.settled(7);
    let (u, gap) = (
        format!("{:#x}", E_UNEXPECTED.0),
        format!(r#"DownloadTrack 8 {} "" "" {:#x}"#, g_knReservedCPTrackID_NotFound, E_INVALIDARG.0),
    );
    assert_eq!(
        lines,
        [
            format!(r#"DownloadTrack 8 10 "" "" {u}"#),
            format!(r#"DownloadTrack 8 11 "" "" {u}"#),
            gap.clone(),
            gap.clone(),
            gap.clone(),
            gap.clone(),
            gap,
        ]
    );
    // A Buy whose list cannot be read still completes, with the first error met (the lying
    // container has no GetContentPrice).
    partner.buy(Some(&broken), 9).unwrap();
    let lines = log.settled(8);
    assert_eq!(lines[7], format!("BuyComplete 9 {:#x}", E_NOTIMPL.0));
}

#[test]
fn eight_threads_downloading_at_once_each_get_every_track_once() {
    let _com = Apartment::multithreaded();
    struct Fine;
    impl ContentPartner for Fine {
        fn download_track(&self, t: &TrackRequest<'_>) -> Result<TrackDownload> {
            Ok(TrackDownload { url: format!("u{}", t.content_id), params: String::new() })
        }
    }
    let (partner, log) = attach(Fine);
    let raw = partner.as_raw() as usize;
    std::thread::scope(|s| {
        for cookie in 0..8u32 {
            s.spawn(move || {
                let _com = Apartment::multithreaded();
                let p = raw as *mut std::ffi::c_void;
                // SAFETY: `partner` outlives the scope.
                let partner = unsafe { IWMPContentPartner::from_raw_borrowed(&p) }.expect("non-null");
                for _ in 0..10 {
                    partner.download(Some(&album()), cookie).unwrap();
                }
            });
        }
    });
    let lines = log.settled(160);
    assert_eq!(lines.len(), 160);
    for cookie in 0..8 {
        let mine: Vec<&String> = lines.iter().filter(|l| l.starts_with(&format!("DownloadTrack {cookie} "))).collect();
        assert_eq!(mine.len(), 20, "cookie {cookie}");
    }
}
