//! The scenario Windows Media Player runs against a store object, however the object was made:
//! every method, a download of more than 10,000 tracks, every asynchronous pair, a store that
//! panics, and a player that detaches or releases in the middle of a download.

use std::time::{Duration, Instant};

use contentpartner::apartment::pump_for;
use contentpartner::bindings::*;
use contentpartner::com::IClassFactory;
use contentpartner::ole::Variant;
use contentpartner::windows_core::{IUnknown, Interface};

use crate::player::{Event, Events, PlayerCallback, describe, list};
use crate::{E_NOINTERFACE, E_UNEXPECTED, Report, S_OK, hr_text};

/// Where the store object runs, as the player expects it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// In this process (a library loaded directly, or CLSCTX_INPROC_SERVER).
    SameProcess,
    /// In another process (CLSCTX_LOCAL_SERVER: the DLL surrogate).
    #[cfg_attr(not(windows), allow(dead_code))]
    OtherProcess,
}

/// Plays the whole scenario and releases the object; `partner` is the only reference the
/// player holds.
pub fn play(
    partner: IWMPContentPartner,
    make: &dyn Fn() -> contentpartner::windows_core::Result<IWMPContentPartner>,
    expect: Expect,
    report: &mut Report,
) {
    let unknown = partner.cast::<IUnknown>();
    let no_factory = partner.cast::<IClassFactory>();
    report.check(
        "QueryInterface",
        unknown.is_ok() && no_factory.as_ref().err().map(|e| e.code()) == Some(E_NOINTERFACE),
        "IUnknown yes, IClassFactory E_NOINTERFACE",
    );
    drop((unknown, no_factory));

    let events = Events::default();
    let callback: IWMPContentPartnerCallback = PlayerCallback::new(&events).into();
    report.check("SetCallback", partner.set_callback(Some(&callback)).is_ok(), "the player's callback");

    where_it_runs(&partner, &events, expect, report);
    call_cost(&partner, report);
    synchronous_methods(&partner, &events, report);
    download(&partner, &events, report);
    asynchronous_pairs(&partner, &events, report);
    panics(&partner, &events, report);
    detach_during_download(&partner, &events, report);

    // Attach again, start another download and release the object in the middle of it.
    report.check("SetCallback again", partner.set_callback(Some(&callback)).is_ok(), "after SetCallback(NULL)");
    let _busy = long_download(&partner, &events, 1001);
    drop(partner);
    let (at_return, after) = callbacks_then_later(&events);
    report.check(
        "Release in the middle of a download",
        after == 0,
        format!("{at_return} DownloadTrack calls before the last Release returned, {after} after"),
    );

    crate::reentrancy::play(make, report);
}

/// Starts a download of 50,000 tracks and waits (bounded) until the player has seen its first
/// DownloadTrack calls: "in the middle" by count, never by a sleep. The list must outlive it.
fn long_download(partner: &IWMPContentPartner, events: &Events, cookie: u32) -> IWMPContentContainerList {
    let busy = list(WMPTransactionType::wmpttDownload, vec![(5, g_szCPAlbumID, (1..=50_000).collect())]);
    let before = events.len();
    let _ = partner.download(Some(&busy), cookie);
    events.wait_for_count(before + 10, Duration::from_secs(30));
    busy
}

/// The callbacks that have arrived, and how many more arrive in the next 200 ms (this thread
/// pumping meanwhile, so none is held up on the way in).
fn callbacks_then_later(events: &Events) -> (usize, usize) {
    let now = events.len();
    pump_for(Duration::from_millis(200));
    (now, events.len() - now)
}

/// The store says where it runs (its `whoami` message): the process, and the worker thread that
/// sends the completion.
fn where_it_runs(partner: &IWMPContentPartner, events: &Events, expect: Expect, report: &mut Report) {
    let _ = partner.send_message("whoami", "");
    let answer = match events.wait(1).as_slice() {
        [Event::SendMessageComplete { result, .. }] => result.clone(),
        other => format!("{other:?}"),
    };
    let store_process = answer.strip_prefix("process ").and_then(|r| r.split(' ').next()).and_then(|p| p.parse().ok());
    let player_process = std::process::id();
    let ok = match (store_process, expect) {
        (Some(p), Expect::SameProcess) => p == player_process,
        (Some(p), Expect::OtherProcess) => p != player_process,
        (None, _) => false,
    };
    let where_ = if store_process == Some(player_process) { "this process" } else { "another process" };
    report.check(
        "the store runs where expected",
        ok && answer.contains("thread contentpartner "),
        format!("player process {player_process}; store: {answer} ({where_})"),
    );
}

/// What one call costs the player (across processes, the surrogate's price): the median of 1,000
/// GetContentPartnerInfo(LoginState) round trips, each with a BSTR in and a VARIANT out.
fn call_cost(partner: &IWMPContentPartner, report: &mut Report) {
    let mut times = Vec::with_capacity(1000);
    let mut all_ok = true;
    for _ in 0..1000 {
        let started = Instant::now();
        all_ok &= partner.get_content_partner_info(g_szContentPartnerInfo_LoginState).is_ok();
        times.push(started.elapsed());
    }
    times.sort();
    report.check(
        "one call's round trip",
        all_ok,
        format!(
            "GetContentPartnerInfo: median {:.1} µs, fastest {:.1} µs, 1,000 calls",
            times[500].as_secs_f64() * 1e6,
            times[0].as_secs_f64() * 1e6
        ),
    );
}

/// A store that panics: a synchronous call returns E_UNEXPECTED, an asynchronous one still gets
/// its completion, and both the player and the store carry on.
fn panics(partner: &IWMPContentPartner, events: &Events, report: &mut Report) {
    let sync = partner.get_item_info("panic", &Variant::empty());
    report.check(
        "a panic in a synchronous method is E_UNEXPECTED",
        sync.as_ref().err().map(|e| e.code()) == Some(E_UNEXPECTED),
        format!("{:?}", sync.as_ref().map(describe).map_err(|e| hr_text(e.code()))),
    );
    let _ = partner.send_message("panic", "now");
    let _ = partner.send_message("ping", "after");
    let got = events.wait(2);
    report.check(
        "a panic on a worker still completes, and the store carries on",
        got == [
            Event::SendMessageComplete { message: "panic".into(), param: "now".into(), result: String::new() },
            Event::SendMessageComplete { message: "ping".into(), param: "after".into(), result: "pong".into() },
        ],
        format!("{got:?}"),
    );
}

/// Nothing may arrive after SetCallback(NULL) returns, and requests without a player are refused.
fn detach_during_download(partner: &IWMPContentPartner, events: &Events, report: &mut Report) {
    let busy = long_download(partner, events, 999);
    let hr = partner.set_callback(None);
    let (at_return, after) = callbacks_then_later(events);
    report.check(
        "SetCallback(NULL) in the middle of a download",
        hr.is_ok() && at_return > 0,
        format!("{at_return} DownloadTrack calls before it returned"),
    );
    report.check("nothing after SetCallback(NULL)", after == 0, format!("{after} callbacks after it returned"));
    let refused = partner.download(Some(&busy), 1000);
    report.check(
        "Download without a player is refused",
        refused.is_err(),
        refused.err().map(|e| hr_text(e.code())).unwrap_or_default(),
    );
    events.take();
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
