//! A host that misuses the object gets an HRESULT, never a crash: a store that panics in every
//! method, null out-pointers, container lists whose methods fail or lie about their counts,
//! SetCallback twice, eight threads at once.
//!
//! Each test first enters the multithreaded apartment, as a host must: on Windows the workers reach
//! the player's objects through the global interface table.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use contentpartner::apartment::Apartment;
use contentpartner::bindings::*;
use contentpartner::ole::{self, BStrRef, Bstr, Variant};
use contentpartner::partner::*;
use windows_core::{Error, HRESULT, Interface, Result, implement};

#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, s: String) {
        self.0.lock().unwrap().push(s);
    }
    fn wait_for(&self, n: usize) -> Vec<String> {
        let start = Instant::now();
        while self.0.lock().unwrap().len() < n {
            assert!(start.elapsed() < Duration::from_secs(20), "timed out: {:?}", self.0.lock().unwrap());
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(30));
        self.0.lock().unwrap().clone()
    }
}

#[implement(IWMPContentPartnerCallback)]
struct Player {
    log: Log,
}

impl IWMPContentPartnerCallbackHandler for Player {
    fn notify(&self, kind: WMPCallbackNotification, context: &Variant) -> Result<()> {
        self.log.push(format!("Notify {} {:?}", kind.0, context.value()));
        Ok(())
    }
    fn buy_complete(&self, hr: HRESULT, cookie: u32) -> Result<()> {
        self.log.push(format!("BuyComplete {cookie} {:#x}", hr.0));
        Ok(())
    }
    fn download_track(&self, cookie: u32, _: BStrRef<'_>, id: u32, _: BStrRef<'_>, hr: HRESULT) -> Result<()> {
        self.log.push(format!("DownloadTrack {cookie} {id} {:#x}", hr.0));
        Ok(())
    }
    fn update_device_complete(&self, device: BStrRef<'_>) -> Result<()> {
        self.log.push(format!("UpdateDeviceComplete {device}"));
        Ok(())
    }
    fn list_contents_complete(&self, cookie: u32, hr: HRESULT) -> Result<()> {
        self.log.push(format!("ListContentsComplete {cookie} {:#x}", hr.0));
        Ok(())
    }
    fn send_message_complete(&self, m: BStrRef<'_>, p: BStrRef<'_>, r: BStrRef<'_>) -> Result<()> {
        self.log.push(format!("SendMessageComplete {m} {p} {r:?}"));
        Ok(())
    }
    fn refresh_license_complete(&self, cookie: u32, id: u32, hr: HRESULT) -> Result<()> {
        self.log.push(format!("RefreshLicenseComplete {cookie} {id} {:#x}", hr.0));
        Ok(())
    }
    fn verify_permission_complete(&self, p: BStrRef<'_>, _: &Variant, hr: HRESULT) -> Result<()> {
        self.log.push(format!("VerifyPermissionComplete {p} {:#x}", hr.0));
        Ok(())
    }
}

/// A container whose count says more tracks than it has, and whose price fails.
#[implement(IWMPContentContainer)]
struct Liar;

impl IWMPContentContainerHandler for Liar {
    fn get_id(&self) -> Result<u32> {
        Ok(1)
    }
    fn get_price(&self) -> Result<Bstr> {
        Ok("1".into())
    }
    fn get_type(&self) -> Result<Bstr> {
        Ok(g_szCPAlbumID.into())
    }
    fn get_content_count(&self) -> Result<u32> {
        Ok(5)
    }
    fn get_content_id(&self, i: u32) -> Result<u32> {
        if i < 2 { Ok(10 + i) } else { Err(Error::from_hresult(ole::E_INVALIDARG)) }
    }
}

/// A list that claims three containers but hands out only the first.
#[implement(IWMPContentContainerList)]
struct BrokenList;

impl IWMPContentContainerListHandler for BrokenList {
    fn get_transaction_type(&self) -> Result<WMPTransactionType> {
        Ok(WMPTransactionType::wmpttDownload)
    }
    fn get_container_count(&self) -> Result<u32> {
        Ok(3)
    }
    fn get_container(&self, i: u32) -> Result<Option<IWMPContentContainer>> {
        if i == 0 { Ok(Some(Liar.into())) } else { Err(Error::from_hresult(ole::E_INVALIDARG)) }
    }
}

/// A store that panics in every method.
struct Bomb;

impl ContentPartner for Bomb {
    fn attach(&self, _: contentpartner::partner::Player) {
        panic!("attach")
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

fn album() -> IWMPContentContainerList {
    #[implement(IWMPContentContainerList)]
    struct One;
    impl IWMPContentContainerListHandler for One {
        fn get_transaction_type(&self) -> Result<WMPTransactionType> {
            Ok(WMPTransactionType::wmpttBuy)
        }
        fn get_container_count(&self) -> Result<u32> {
            Ok(1)
        }
        fn get_container(&self, _: u32) -> Result<Option<IWMPContentContainer>> {
            #[implement(IWMPContentContainer)]
            struct Two;
            impl IWMPContentContainerHandler for Two {
                fn get_id(&self) -> Result<u32> {
                    Ok(9)
                }
                fn get_price(&self) -> Result<Bstr> {
                    Ok("2".into())
                }
                fn get_type(&self) -> Result<Bstr> {
                    Ok(g_szCPAlbumID.into())
                }
                fn get_content_count(&self) -> Result<u32> {
                    Ok(2)
                }
                fn get_content_id(&self, i: u32) -> Result<u32> {
                    Ok(20 + i)
                }
                fn get_content_price(&self, _: u32) -> Result<Bstr> {
                    Ok("1".into())
                }
            }
            Ok(Some(Two.into()))
        }
    }
    One.into()
}

#[test]
fn a_store_that_panics_everywhere_never_takes_the_host_down() {
    let _com = Apartment::multithreaded();
    let log = Log::default();
    let player: IWMPContentPartnerCallback = Player { log: log.clone() }.into();
    let partner = Partner::new(Bomb, None).into_interface();
    let unexpected = ole::E_UNEXPECTED;
    // SetCallback: the store's attach panics; the player is attached all the same.
    assert_eq!(partner.set_callback(Some(&player)).unwrap_err().code(), unexpected);
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
    assert_eq!(code(partner.download_track_complete(ole::S_OK, 1, "p")), Some(unexpected));
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
    log.wait_for(9);
    partner.authenticate(b"a", b"b").unwrap();
    log.wait_for(10);
    partner.logout().unwrap();
    let all = log.wait_for(11);
    assert_eq!(all.len(), 11, "{all:?}");
    let u = format!("{:#x}", unexpected.0);
    for expected in [
        format!("BuyComplete 1 {u}"),
        format!("DownloadTrack 2 20 {u}"),
        format!("DownloadTrack 2 21 {u}"),
        format!("RefreshLicenseComplete 3 7 {u}"),
        "UpdateDeviceComplete Zune".to_string(),
        format!("ListContentsComplete 4 {u}"),
        "SendMessageComplete m p \"\"".to_string(),
        format!("VerifyPermissionComplete v {u}"),
        "Notify 1 UI4(0)".to_string(),
        "Notify 2 Bool(false)".to_string(),
        "Notify 1 Bool(false)".to_string(),
    ] {
        assert!(all.contains(&expected), "missing {expected:?} in {all:?}");
    }
    // And the object still works.
    partner.set_callback(None).unwrap();
}

#[test]
fn null_and_lying_inputs_get_hresults() {
    let _com = Apartment::multithreaded();
    let log = Log::default();
    let player: IWMPContentPartnerCallback = Player { log: log.clone() }.into();
    let partner = Partner::new(Bomb, None).into_interface();
    // Before any SetCallback: asynchronous requests are refused.
    assert_eq!(partner.logout().unwrap_err().code(), ole::E_UNEXPECTED);
    // SetCallback twice (Bomb's attach panics each time): the second replaces the first.
    assert!(partner.set_callback(Some(&player)).is_err());
    assert!(partner.set_callback(Some(&player)).is_err());
    assert_eq!(partner.download(None, 1).unwrap_err().code(), ole::E_POINTER);
    assert_eq!(partner.buy(None, 1).unwrap_err().code(), ole::E_POINTER);
    assert_eq!(partner.can_buy_silent(None).unwrap_err().code(), ole::E_POINTER);
    // SAFETY: deliberately null out-pointers.
    unsafe {
        assert_eq!(partner.GetContentPartnerInfo(Bstr::from("x").as_ref().abi(), std::ptr::null_mut()), ole::E_POINTER);
        assert_eq!(
            partner.CompareContainerListPrices(std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut()),
            ole::E_POINTER
        );
    }
    // A list that says 3 containers but has 1, holding a container that says 5 tracks but has 2:
    // the tracks that exist are reported, once each, and nothing breaks.
    let broken: IWMPContentContainerList = BrokenList.into();
    partner.download(Some(&broken), 8).unwrap();
    let lines = log.wait_for(2);
    let u = format!("{:#x}", ole::E_UNEXPECTED.0);
    assert_eq!(lines, [format!("DownloadTrack 8 10 {u}"), format!("DownloadTrack 8 11 {u}")]);
    // A Buy whose list cannot be read still completes, with the first error met (the lying
    // container has no GetContentPrice).
    partner.buy(Some(&broken), 9).unwrap();
    let lines = log.wait_for(3);
    assert_eq!(lines[2], format!("BuyComplete 9 {:#x}", ole::E_NOTIMPL.0));
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
    let log = Log::default();
    let player: IWMPContentPartnerCallback = Player { log: log.clone() }.into();
    let partner = Partner::new(Fine, None).into_interface();
    partner.set_callback(Some(&player)).unwrap();
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
    let lines = log.wait_for(160);
    assert_eq!(lines.len(), 160);
    for cookie in 0..8 {
        let mine: Vec<&String> = lines.iter().filter(|l| l.starts_with(&format!("DownloadTrack {cookie} "))).collect();
        assert_eq!(mine.len(), 20, "cookie {cookie}");
    }
}
