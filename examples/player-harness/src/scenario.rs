//! The scenario Windows Media Player runs against a store object, however the object was made:
//! every method, a download of more than 10,000 tracks, every asynchronous pair, a store that
//! panics, and a player that detaches or releases in the middle of a download.
//!
//! Protocol rules (`report.check`) hold for every store: a method answering E_NOTIMPL is not
//! offered, a request refused at once gets no completion, an accepted one exactly one (its cookie
//! echoed), a Download one DownloadTrack per track in list order, nothing after SetCallback(NULL)
//! or the last Release. What only the sample store answers (its URLs, prices, `pong`, login pages,
//! the `whoami` and `panic` hooks) is `report.sample`. Every call into the store is `watched`.

use std::time::{Duration, Instant};

use contentpartner::apartment::pump_for;
use contentpartner::bindings::*;
use contentpartner::com::IClassFactory;
use contentpartner::ole::Variant;
use contentpartner::windows_core::{IUnknown, Interface};

use contentpartner::hresult::E_NOTIMPL;
use contentpartner::windows_core::Result;

use crate::player::{Event, Events, PlayerCallback, describe, list};
use crate::report::watched;
use crate::{E_NOINTERFACE, E_UNEXPECTED, Report, S_OK, hr_text};

/// Sorts out an asynchronous request: not offered (E_NOTIMPL), refused at once (then no
/// completion may follow: a rule), or accepted: then its `n` completions, waited for (bounded).
fn accepted(report: &mut Report, events: &Events, name: &str, asked: Result<()>, n: usize) -> Option<Vec<Event>> {
    match asked {
        Ok(()) => Some(events.wait(n)),
        Err(e) if e.code() == E_NOTIMPL => {
            report.not_offered(name, "E_NOTIMPL");
            None
        }
        Err(e) => {
            pump_for(Duration::from_millis(200));
            let late = events.take();
            report.check(
                &format!("{name} refused: no completion"),
                late.is_empty(),
                format!("{}; {} callbacks after", hr_text(e.code()), late.len()),
            );
            None
        }
    }
}

/// A synchronous method's answer, unless it is not offered (E_NOTIMPL, reported so).
fn offered<T>(report: &mut Report, name: &str, answer: Result<T>) -> Option<Result<T>> {
    match answer {
        Err(e) if e.code() == E_NOTIMPL => {
            report.not_offered(name, "E_NOTIMPL");
            None
        }
        other => Some(other),
    }
}

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
    make: &dyn Fn() -> Result<IWMPContentPartner>,
    expect: Expect,
    report: &mut Report,
) {
    let (unknown, no_factory) =
        watched("QueryInterface", || (partner.cast::<IUnknown>(), partner.cast::<IClassFactory>()));
    report.check(
        "QueryInterface",
        unknown.is_ok() && no_factory.as_ref().err().map(|e| e.code()) == Some(E_NOINTERFACE),
        "IUnknown yes, IClassFactory E_NOINTERFACE",
    );
    drop((unknown, no_factory));

    let events = Events::default();
    let callback: IWMPContentPartnerCallback = PlayerCallback::new(&events).into();
    let attached = watched("SetCallback", || partner.set_callback(Some(&callback)));
    if !report.check("SetCallback", attached.is_ok(), "the player's callback") {
        return;
    }

    if report.is_sample() {
        where_it_runs(&partner, &events, expect, report);
    }
    call_cost(&partner, report);
    synchronous_methods(&partner, &events, report);
    let downloads = download(&partner, &events, report);
    asynchronous_pairs(&partner, &events, report);
    if report.is_sample() {
        panics(&partner, &events, report);
    }
    if downloads {
        detach_during_download(&partner, &events, report);
        // Attach again, start another download and release the object in the middle of it.
        let again = watched("SetCallback", || partner.set_callback(Some(&callback)));
        report.check("SetCallback again", again.is_ok(), "after SetCallback(NULL)");
        let _busy = long_download(&partner, &events, 1001);
        watched("the last Release", || drop(partner));
        let (at_return, after) = callbacks_then_later(&events);
        report.check(
            "Release in the middle of a download",
            after == 0,
            format!("{at_return} DownloadTrack calls before the last Release returned, {after} after"),
        );
    } else {
        watched("SetCallback(NULL)", || partner.set_callback(None)).ok();
        watched("the last Release", || drop(partner));
    }

    crate::reentrancy::play(make, report);
}

/// Times one Download of `tracks` tracks (one album) from the call to the last DownloadTrack,
/// for comparing stores in one run; then releases the object.
#[cfg_attr(not(windows), allow(dead_code))]
pub fn time_download(partner: IWMPContentPartner, tracks: u32, report: &mut Report) {
    let events = Events::default();
    let callback: IWMPContentPartnerCallback = PlayerCallback::new(&events).into();
    if !report.check("SetCallback", watched("SetCallback", || partner.set_callback(Some(&callback))).is_ok(), "") {
        return;
    }
    let album = list(WMPTransactionType::wmpttDownload, vec![(5, g_szCPAlbumID, (1..=tracks).collect())]);
    let started = Instant::now();
    let asked = watched("Download", || partner.download(Some(&album), 9));
    if let Some(got) = accepted(report, &events, "Download", asked, tracks as usize) {
        let elapsed = started.elapsed();
        report.check(
            "download timed",
            got.len() == tracks as usize,
            format!(
                "{} tracks in {:.0} ms ({:.0} tracks/s)",
                got.len(),
                elapsed.as_secs_f64() * 1e3,
                got.len() as f64 / elapsed.as_secs_f64()
            ),
        );
    }
    let _ = watched("SetCallback(NULL)", || partner.set_callback(None));
    watched("the last Release", || drop(partner));
}

/// Starts a download of 50,000 tracks and waits (bounded) until the player has seen its first
/// DownloadTrack calls: "in the middle" by count, never by a sleep. The list must outlive it.
fn long_download(partner: &IWMPContentPartner, events: &Events, cookie: u32) -> IWMPContentContainerList {
    let busy = list(WMPTransactionType::wmpttDownload, vec![(5, g_szCPAlbumID, (1..=50_000).collect())]);
    let before = events.len();
    let _ = watched("Download", || partner.download(Some(&busy), cookie));
    events.wait_for_count(before + 10, crate::report::timeout());
    busy
}

/// The callbacks that have arrived, and how many more arrive in the next 200 ms (this thread
/// pumping meanwhile, so none is held up on the way in).
fn callbacks_then_later(events: &Events) -> (usize, usize) {
    let now = events.len();
    pump_for(Duration::from_millis(200));
    (now, events.len() - now)
}

/// The sample store says where it runs (its `whoami` message): the process, and the worker thread
/// that sends the completion.
fn where_it_runs(partner: &IWMPContentPartner, events: &Events, expect: Expect, report: &mut Report) {
    let _ = watched("SendMessage", || partner.send_message("whoami", ""));
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
    report.sample(
        "the store runs where expected",
        ok && answer.contains("thread contentpartner "),
        format!("player process {player_process}; store: {answer} ({where_})"),
    );
}

/// What one call costs the player (across processes, the surrogate's price): the median of 1,000
/// GetContentPartnerInfo(LoginState) round trips, each with a BSTR in and a VARIANT out. Any
/// answer counts: the rule is that every call returns.
fn call_cost(partner: &IWMPContentPartner, report: &mut Report) {
    let mut times = Vec::with_capacity(1000);
    let mut answered = 0;
    for _ in 0..1000 {
        let started = Instant::now();
        let answer =
            watched("GetContentPartnerInfo", || partner.get_content_partner_info(g_szContentPartnerInfo_LoginState));
        answered += usize::from(answer.is_ok());
        times.push(started.elapsed());
    }
    times.sort();
    report.check(
        "one call's round trip",
        true,
        format!(
            "GetContentPartnerInfo: median {:.1} µs, fastest {:.1} µs, 1,000 calls ({answered} answered S_OK)",
            times[500].as_secs_f64() * 1e6,
            times[0].as_secs_f64() * 1e6
        ),
    );
}

/// The sample store's `panic` hooks: a synchronous call returns E_UNEXPECTED, an asynchronous one
/// still gets its completion, and both the player and the store carry on.
fn panics(partner: &IWMPContentPartner, events: &Events, report: &mut Report) {
    let sync = watched("GetItemInfo", || partner.get_item_info("panic", &Variant::empty()));
    report.sample(
        "a panic in a synchronous method is E_UNEXPECTED",
        sync.as_ref().err().map(|e| e.code()) == Some(E_UNEXPECTED),
        format!("{:?}", sync.as_ref().map(describe).map_err(|e| hr_text(e.code()))),
    );
    let _ = watched("SendMessage", || partner.send_message("panic", "now"));
    let _ = watched("SendMessage", || partner.send_message("ping", "after"));
    let got = events.wait(2);
    report.sample(
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
    let hr = watched("SetCallback(NULL)", || partner.set_callback(None));
    let (at_return, after) = callbacks_then_later(events);
    report.check(
        "SetCallback(NULL) in the middle of a download",
        hr.is_ok() && at_return > 0,
        format!("{at_return} DownloadTrack calls before it returned"),
    );
    report.check("nothing after SetCallback(NULL)", after == 0, format!("{after} callbacks after it returned"));
    let refused = watched("Download", || partner.download(Some(&busy), 1000));
    report.check(
        "Download without a player is refused",
        refused.is_err(),
        refused.err().map(|e| hr_text(e.code())).unwrap_or_default(),
    );
    events.take();
}

fn synchronous_methods(partner: &IWMPContentPartner, events: &Events, report: &mut Report) {
    let popup = watched("GetItemInfo", || partner.get_item_info(g_szItemInfo_PopupURL, &Variant::i4(3)));
    if let Some(popup) = offered(report, "GetItemInfo(Popup)", popup) {
        report.sample(
            "GetItemInfo(Popup)",
            matches!(&popup, Ok(v) if v.as_bstr().is_some()),
            format!("{:?}", popup.as_ref().map(describe_bstr)),
        );
    }
    let state =
        watched("GetContentPartnerInfo", || partner.get_content_partner_info(g_szContentPartnerInfo_LoginState));
    if let Some(state) = offered(report, "GetContentPartnerInfo(LoginState)", state) {
        report.sample(
            "GetContentPartnerInfo(LoginState)",
            matches!(&state, Ok(v) if v.as_bool() == Some(false)),
            format!("{:?}", state.map(|v| describe(&v))),
        );
    }
    let menu =
        watched("GetCommands", || partner.get_commands(g_szCPAlbumID, &Variant::ui4(9), g_szCPTrackID, &[901, 902]));
    if let Some(menu) = offered(report, "GetCommands", menu) {
        let items = menu.as_ref().map(|m| m.iter().map(|i| i.dwID).collect::<Vec<_>>()).unwrap_or_default();
        report.sample(
            "GetCommands",
            !items.is_empty() && items.contains(&0),
            format!("ids {items:?} (0 is a separator)"),
        );
    }
    let invoked =
        watched("InvokeCommand", || partner.invoke_command(1, g_szCPAlbumID, &Variant::ui4(9), g_szCPTrackID, &[901]));
    if let Some(invoked) = offered(report, "InvokeCommand", invoked) {
        let views = if report.is_sample() { events.wait(1) } else { events.take() };
        report.sample(
            "InvokeCommand calls ChangeView",
            invoked.is_ok() && matches!(views.as_slice(), [Event::ChangeView { .. }]),
            format!("{views:?}"),
        );
    }
    let order = list(WMPTransactionType::wmpttBuy, vec![(9, g_szCPAlbumID, vec![901, 902, 903])]);
    let silent = watched("CanBuySilent", || partner.can_buy_silent(Some(&order)));
    if let Some(silent) = offered(report, "CanBuySilent", silent) {
        report.sample("CanBuySilent", silent.is_ok(), format!("{:?}", silent.map(|(p, s)| (p.to_string(), s))));
    }
    let url =
        watched("GetStreamingURL", || partner.get_streaming_url(WMPStreamingType::wmpstMusic, &Variant::ui4(901)));
    if let Some(url) = offered(report, "GetStreamingURL", url) {
        report.sample("GetStreamingURL", url.is_ok(), format!("{:?}", url.map(|u| u.to_string())));
    }
    let catalog = watched("GetCatalogURL", || partner.get_catalog_url(0, 1, 1033));
    if let Some(catalog) = offered(report, "GetCatalogURL", catalog) {
        report.sample("GetCatalogURL", catalog.is_ok(), format!("{:?}", catalog.map(|(v, u, _)| (v, u.to_string()))));
    }
    let template = watched("GetTemplate", || {
        partner.get_template(
            WMPTaskType::wmpttBrowse,
            g_szRootLocation,
            &Variant::empty(),
            g_szRootLocation,
            &Variant::empty(),
            "",
            "",
        )
    });
    if let Some(template) = offered(report, "GetTemplate", template) {
        report.sample("GetTemplate", template.is_ok(), format!("{:?}", template.map(|(u, s)| (u.to_string(), s.0))));
    }
    let event = watched("StationEvent", || partner.station_event(g_szStationEvent_Started, 1, 0, 901, "", 0));
    if let Some(event) = offered(report, "StationEvent", event) {
        report.sample("StationEvent", event.is_ok(), "TrackStarted");
    }
    let smaller = list(WMPTransactionType::wmpttBuy, vec![(9, g_szCPAlbumID, vec![901])]);
    let compared =
        watched("CompareContainerListPrices", || partner.compare_container_list_prices(Some(&order), Some(&smaller)));
    if let Some(compared) = offered(report, "CompareContainerListPrices", compared) {
        report.sample("CompareContainerListPrices", matches!(compared, Ok(c) if c > 0), format!("{compared:?}"));
    }
    let notified =
        watched("Notify", || partner.notify(WMPPartnerNotification::wmpsnBackgroundProcessingBegin, &Variant::empty()));
    if let Some(notified) = offered(report, "Notify", notified) {
        report.sample("Notify", notified.is_ok(), "BackgroundProcessingBegin");
    }
}

fn describe_bstr(v: &Variant) -> String {
    v.as_bstr().map(|b| b.to_string()).unwrap_or_default()
}

/// The big download; whether the store offers Download at all.
fn download(partner: &IWMPContentPartner, events: &Events, report: &mut Report) -> bool {
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
    let hr = watched("Download", || partner.download(Some(&order), 4242));
    let returned = started.elapsed();
    if !matches!(&hr, Err(e) if e.code() == E_NOTIMPL) {
        report.check(
            "Download returns at once",
            hr.is_ok() && returned < crate::report::at_once(),
            format!("{:.3} ms", returned.as_secs_f64() * 1000.0),
        );
    }
    let Some(got) = accepted(report, events, "Download", hr, expected.len()) else { return false };
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
        consistent,
        format!("{with_url} with URL, {declined} declined"),
    );
    report.sample("the four unknown tracks declined", declined == 4, format!("{declined} declined"));
    // The player reports each file back with the store's params.
    if let Some(Event::DownloadTrack { id, params, .. }) = tracks.first() {
        let back = watched("DownloadTrackComplete", || partner.download_track_complete(S_OK, *id, params.as_str()));
        if let Some(back) = offered(report, "DownloadTrackComplete", back) {
            report.check("DownloadTrackComplete", back.is_ok(), params.clone());
        }
    }
    true
}

/// Each asynchronous pair: exactly one completion per accepted request, its cookie echoed (rules),
/// with the sample store's answers (sample).
fn asynchronous_pairs(partner: &IWMPContentPartner, events: &Events, report: &mut Report) {
    let good = list(WMPTransactionType::wmpttBuy, vec![(9, g_szCPAlbumID, vec![901, 902])]);
    let refused = list(WMPTransactionType::wmpttBuy, vec![(9, g_szCPAlbumID, vec![970])]);
    let asked = watched("Buy", || partner.buy(Some(&good), 1));
    if let Some(got) = accepted(report, events, "Buy", asked, 1) {
        report.check(
            "Buy -> BuyComplete exactly once",
            matches!(got.as_slice(), [Event::BuyComplete { cookie: 1, .. }]),
            format!("{got:?}"),
        );
        let asked = watched("Buy", || partner.buy(Some(&refused), 2));
        if let Some(got) = accepted(report, events, "Buy", asked, 1) {
            report.check(
                "BuyComplete echoes the cookie",
                matches!(got.as_slice(), [Event::BuyComplete { cookie: 2, .. }]),
                format!("{got:?}"),
            );
            report.sample(
                "a refused purchase completes with a failure",
                matches!(got.as_slice(), [Event::BuyComplete { hr, .. }] if hr.is_err()),
                format!("{got:?}"),
            );
        }
    }

    let asked = watched("RefreshLicense", || {
        partner.refresh_license(
            7,
            true,
            Some("file:///music/901.wma"),
            WMPStreamingType::wmpstMusic,
            901,
            g_szRefreshLicensePlay,
            &Variant::empty(),
        )
    });
    if let Some(got) = accepted(report, events, "RefreshLicense", asked, 1) {
        report.check(
            "RefreshLicense -> RefreshLicenseComplete exactly once",
            matches!(got.as_slice(), [Event::RefreshLicenseComplete { cookie: 7, id: 901, .. }]),
            format!("{got:?}"),
        );
        report.sample(
            "RefreshLicenseComplete: S_OK",
            matches!(got.as_slice(), [Event::RefreshLicenseComplete { hr: S_OK, .. }]),
            format!("{got:?}"),
        );
    }

    let asked = watched("GetListContents", || {
        partner.get_list_contents(g_szCPListID, &Variant::ui4(250), g_szCPTrackID, "", 31)
    });
    // The sample answers 2,500 items in three AddListContents calls; another store, its own list.
    let wanted = if report.is_sample() { 4 } else { 1 };
    if let Some(mut got) = accepted(report, events, "GetListContents", asked, wanted) {
        if !matches!(got.last(), Some(Event::ListContentsComplete { .. })) {
            got.extend(events.wait(1));
        }
        let items: usize = got
            .iter()
            .map(|e| if let Event::AddListContents { cookie: 31, items } = e { items.len() } else { 0 })
            .sum();
        let completes = got.iter().filter(|e| matches!(e, Event::ListContentsComplete { .. })).count();
        let done = matches!(got.last(), Some(Event::ListContentsComplete { cookie: 31, .. }));
        let chunks_ok = got.iter().all(|e| {
            matches!(e, Event::AddListContents { cookie: 31, .. } | Event::ListContentsComplete { cookie: 31, .. })
        });
        report.check(
            "GetListContents -> AddListContents, then ListContentsComplete exactly once",
            done && completes == 1 && chunks_ok,
            format!("{items} items in {} calls", got.len() - 1),
        );
        report.sample("GetListContents: 2,500 items", items == 2500, format!("{items} items"));
    }

    let asked = watched("SendMessage", || partner.send_message("ping", "x=1"));
    if let Some(got) = accepted(report, events, "SendMessage", asked, 1) {
        report.check(
            "SendMessage -> SendMessageComplete echoing both strings",
            matches!(got.as_slice(), [Event::SendMessageComplete { message, param, .. }] if message == "ping" && param == "x=1"),
            format!("{got:?}"),
        );
        report.sample(
            "SendMessage(ping): pong",
            matches!(got.as_slice(), [Event::SendMessageComplete { result, .. }] if result == "pong"),
            format!("{got:?}"),
        );
    }

    let asked =
        watched("VerifyPermission", || partner.verify_permission(g_szVerifyPermissionSync, &Variant::bstr("Zune HD")));
    if let Some(got) = accepted(report, events, "VerifyPermission", asked, 1) {
        report.check(
            "VerifyPermission -> VerifyPermissionComplete echoing permission and device",
            matches!(got.as_slice(), [Event::VerifyPermissionComplete { permission, device, .. }] if permission == g_szVerifyPermissionSync && device == "Zune HD"),
            format!("{got:?}"),
        );
    }

    let with_work = watched("UpdateDevice", || partner.update_device("Zune HD"));
    if let Some(got) = accepted(report, events, "UpdateDevice", with_work, 1) {
        report.check(
            "UpdateDevice -> UpdateDeviceComplete exactly once",
            got == [Event::UpdateDeviceComplete { device: "Zune HD".into() }],
            format!("{got:?}"),
        );
        let without = watched("UpdateDevice", || partner.update_device("Walkman"));
        report.sample(
            "UpdateDevice(Walkman): nothing to do",
            without.is_err(),
            format!("{:?}", without.map_err(|e| hr_text(e.code()))),
        );
        pump_for(Duration::from_millis(100));
        let late = events.take();
        report.check("a refused UpdateDevice gets no completion", late.is_empty(), format!("{late:?}"));
    }

    let asked = watched("Login", || partner.login(b"alice", b"wrong", false, false));
    if let Some(first) = accepted(report, events, "Login", asked, 1) {
        let asked = watched("Login", || partner.login(b"alice", b"secret", false, true));
        let second = accepted(report, events, "Login", asked, 1).unwrap_or_default();
        let got: Vec<Event> = first.into_iter().chain(second).collect();
        report.check(
            "Login -> Notify(LoginStateChange) exactly once each",
            got.len() == 2 && got.iter().all(|e| matches!(e, Event::Notify { kind: 1, .. })),
            format!("{got:?}"),
        );
        let state =
            watched("GetContentPartnerInfo", || partner.get_content_partner_info(g_szContentPartnerInfo_LoginState))
                .map(|v| v.as_bool());
        report.sample(
            "Login: VT_UI4 page on failure, VT_BOOL true on success",
            got == [
                Event::Notify { kind: 1, value: "UI4 1".into() },
                Event::Notify { kind: 1, value: "BOOL true".into() },
            ] && state == Ok(Some(true)),
            format!("{got:?}"),
        );
    }
    let asked = watched("Authenticate", || partner.authenticate(b"alice", b"secret"));
    if let Some(got) = accepted(report, events, "Authenticate", asked, 1) {
        report.check(
            "Authenticate -> Notify(AuthResult) exactly once",
            matches!(got.as_slice(), [Event::Notify { kind: 2, .. }]),
            format!("{got:?}"),
        );
        report.sample(
            "Authenticate: VT_BOOL true",
            got == [Event::Notify { kind: 2, value: "BOOL true".into() }],
            format!("{got:?}"),
        );
    }
    let asked = watched("Logout", || partner.logout());
    if let Some(got) = accepted(report, events, "Logout", asked, 1) {
        report.check(
            "Logout -> Notify(LoginStateChange, VT_BOOL false)",
            got == [Event::Notify { kind: 1, value: "BOOL false".into() }],
            format!("{got:?}"),
        );
    }
}
