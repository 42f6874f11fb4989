//! The generated safe layer, both ways, for all 23 IWMPContentPartner methods: a store written only
//! against `IWMPContentPartnerHandler` (Rust types: `BStrRef`, `&Variant`, slices, `Result`), called
//! through the generated snake_case callers with strings, VARIANTs, BLOBs and arrays; and the player
//! side (callback, container list, containers) written the same way. Every value must arrive
//! intact and every out-value come back intact; null out-pointers get E_POINTER; unimplemented
//! methods answer E_NOTIMPL.

mod support;

use std::sync::Mutex;

use contentpartner::bindings::*;
use contentpartner::hresult::{E_INVALIDARG, E_NOTIMPL, E_POINTER, S_OK};
use contentpartner::ole::{self, BStrRef, Bstr, CoTaskMemArray, Variant, VariantValue};
use support::{FakeContainer, FakeList, RecordingPlayer, TrackPrices, variant_text};
use windows_core::{HRESULT, Interface, Result, implement};

// ---------------------------------------------------------------------------------------------
// Player side: the support module's RecordingPlayer, FakeList and FakeContainer, written against
// the generated handlers as well.

/// An order read through the safe callers.
fn walk(list: Option<&IWMPContentContainerList>) -> Result<String> {
    let list = list.ok_or(windows_core::Error::from_hresult(E_POINTER))?;
    let mut out = format!("tt={} n={}", list.get_transaction_type()?.0, list.get_container_count()?);
    for c in 0..list.get_container_count()? {
        let container = list.get_container(c)?.expect("a container");
        out += &format!(" [{} {} {}:", container.get_id()?, container.get_type()?, container.get_price()?);
        for i in 0..container.get_content_count()? {
            out += &format!(" {}@{}", container.get_content_id(i)?, container.get_content_price(i)?);
        }
        assert_eq!(container.get_content_id(99).unwrap_err().code(), E_INVALIDARG);
        out += "]";
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Store side

#[implement(IWMPContentPartner)]
#[derive(Default)]
struct Store {
    log: Mutex<Vec<String>>,
    callback: Mutex<Option<IWMPContentPartnerCallback>>,
}

impl Store {
    fn note(&self, s: String) {
        self.log.lock().unwrap().push(s);
    }
    fn player(&self) -> IWMPContentPartnerCallback {
        self.callback.lock().unwrap().clone().expect("set_callback came first")
    }
}

impl IWMPContentPartnerHandler for Store {
    fn set_callback(&self, callback: Option<&IWMPContentPartnerCallback>) -> Result<()> {
        self.note(format!("set_callback({})", callback.is_some()));
        *self.callback.lock().unwrap() = callback.cloned();
        Ok(())
    }
    fn notify(&self, kind: WMPPartnerNotification, context: &Variant) -> Result<()> {
        self.note(format!("notify({}, {})", kind.0, variant_text(context)));
        Ok(())
    }
    fn get_item_info(&self, name: BStrRef<'_>, context: &Variant) -> Result<Variant> {
        self.note(format!("get_item_info({name}, {})", variant_text(context)));
        Ok(Variant::bstr(format!("http://store.example/{name}/{}", context.as_i4().unwrap_or(0))))
    }
    fn get_content_partner_info(&self, name: BStrRef<'_>) -> Result<Variant> {
        self.note(format!("get_content_partner_info({name})"));
        if name == g_szContentPartnerInfo_LoginState { Ok(Variant::bool(true)) } else { Err(E_INVALIDARG.into()) }
    }
    fn get_commands(
        &self,
        location: BStrRef<'_>,
        context: &Variant,
        item: BStrRef<'_>,
        ids: &[u32],
    ) -> Result<Vec<WMPContextMenuInfo>> {
        self.note(format!("get_commands({location}, {}, {item}, {ids:?})", variant_text(context)));
        Ok(vec![
            WMPContextMenuInfo {
                dwID: 1,
                bstrMenuText: Bstr::from("Buy album").into_abi(),
                bstrHelpText: Bstr::from("Buys it").into_abi(),
            },
            WMPContextMenuInfo { dwID: 0, bstrMenuText: Bstr::new().into_abi(), bstrHelpText: Bstr::new().into_abi() },
        ])
    }
    fn invoke_command(
        &self,
        id: u32,
        location: BStrRef<'_>,
        context: &Variant,
        item: BStrRef<'_>,
        ids: &[u32],
    ) -> Result<()> {
        self.note(format!("invoke_command({id}, {location}, {}, {item}, {ids:?})", variant_text(context)));
        self.player().change_view(g_szOnlineStore, "http://store.example/", "")
    }
    fn can_buy_silent(&self, info: Option<&IWMPContentContainerList>) -> Result<(Bstr, bool)> {
        self.note(format!("can_buy_silent({})", walk(info)?));
        Ok(("10.98".into(), true))
    }
    fn buy(&self, info: Option<&IWMPContentContainerList>, cookie: u32) -> Result<()> {
        self.note(format!("buy({}, {cookie})", walk(info)?));
        self.player().buy_complete(S_OK, cookie)
    }
    fn get_streaming_url(&self, kind: WMPStreamingType, context: &Variant) -> Result<Bstr> {
        self.note(format!("get_streaming_url({}, {})", kind.0, variant_text(context)));
        Ok("http://store.example/radio.asx".into())
    }
    fn download(&self, info: Option<&IWMPContentContainerList>, cookie: u32) -> Result<()> {
        self.note(format!("download({}, {cookie})", walk(info)?));
        self.player().download_track(cookie, "http://store.example/t/101.wma", 101, "p=101", S_OK)
    }
    fn download_track_complete(&self, hr: HRESULT, id: u32, param: BStrRef<'_>) -> Result<()> {
        self.note(format!("download_track_complete({:#x}, {id}, {param})", hr.0));
        Ok(())
    }
    fn refresh_license(
        &self,
        cookie: u32,
        local: bool,
        url: Option<BStrRef<'_>>,
        kind: WMPStreamingType,
        id: u32,
        reason: BStrRef<'_>,
        context: &Variant,
    ) -> Result<()> {
        self.note(format!(
            "refresh_license({cookie}, {local}, {:?}, {}, {id}, {reason}, {})",
            url.map(|u| u.to_string()),
            kind.0,
            variant_text(context)
        ));
        self.player().refresh_license_complete(cookie, id, S_OK)
    }
    fn get_catalog_url(&self, version: u32, schema: u32, lcid: u32) -> Result<(u32, Bstr, Variant)> {
        let (v, s, l) = self.player().get_catalog_version()?;
        self.note(format!("get_catalog_url({version}, {schema}, {lcid}) player=({v}, {s}, {l})"));
        Ok((version + 1, "http://store.example/catalog/8".into(), Variant::date(45000.25)))
    }
    fn get_template(
        &self,
        task: WMPTaskType,
        location: BStrRef<'_>,
        context: &Variant,
        click: BStrRef<'_>,
        click_context: &Variant,
        filter: BStrRef<'_>,
        params: BStrRef<'_>,
    ) -> Result<(Bstr, WMPTemplateSize)> {
        self.note(format!(
            "get_template({}, {location}, {}, {click}, {}, {filter}, {params})",
            task.0,
            variant_text(context),
            variant_text(click_context)
        ));
        Ok(("http://store.example/browse".into(), WMPTemplateSize::wmptsMedium))
    }
    fn update_device(&self, name: BStrRef<'_>) -> Result<()> {
        self.note(format!("update_device({name})"));
        self.player().update_device_complete(&name)
    }
    fn get_list_contents(
        &self,
        location: BStrRef<'_>,
        context: &Variant,
        kind: BStrRef<'_>,
        params: BStrRef<'_>,
        cookie: u32,
    ) -> Result<()> {
        self.note(format!("get_list_contents({location}, {}, {kind}, {params}, {cookie})", variant_text(context)));
        let player = self.player();
        player.add_list_contents(cookie, &[5, 6])?;
        player.add_list_contents(cookie, &[7])?;
        player.list_contents_complete(cookie, S_OK)
    }
    fn login(&self, user: &[u8], password: &[u8], cached: bool, may_cache: bool) -> Result<()> {
        self.note(format!("login({}, {}, {cached}, {may_cache})", String::from_utf8_lossy(user), password.len()));
        self.player().notify(WMPCallbackNotification::wmpcnLoginStateChange, &Variant::bool(true))
    }
    fn authenticate(&self, user: &[u8], password: &[u8]) -> Result<()> {
        self.note(format!("authenticate({user:?}, {password:?})"));
        self.player().notify(WMPCallbackNotification::wmpcnAuthResult, &Variant::bool(false))
    }
    fn logout(&self) -> Result<()> {
        self.note("logout()".into());
        self.player().notify(WMPCallbackNotification::wmpcnLoginStateChange, &Variant::bool(false))
    }
    fn send_message(&self, msg: BStrRef<'_>, param: BStrRef<'_>) -> Result<()> {
        self.note(format!("send_message({msg}, {param})"));
        self.player().send_message_complete(&msg, &param, "pong")
    }
    fn station_event(
        &self,
        kind: BStrRef<'_>,
        station: u32,
        index: u32,
        track: u32,
        data: BStrRef<'_>,
        seconds: u32,
    ) -> Result<()> {
        self.note(format!("station_event({kind}, {station}, {index}, {track}, {data}, {seconds})"));
        Ok(())
    }
    fn compare_container_list_prices(
        &self,
        base: Option<&IWMPContentContainerList>,
        other: Option<&IWMPContentContainerList>,
    ) -> Result<i32> {
        self.note(format!("compare_container_list_prices({} | {})", walk(base)?, walk(other)?));
        Ok(1)
    }
    fn verify_permission(&self, permission: BStrRef<'_>, context: &Variant) -> Result<()> {
        self.note(format!("verify_permission({permission}, {})", variant_text(context)));
        self.player().verify_permission_complete(&permission, context, S_OK)
    }
}

#[test]
fn all_23_methods_round_trip_through_the_safe_layer() -> Result<()> {
    let (player, player_log) = RecordingPlayer {
        catalog_version: Some((7, 2, 1033)),
        library: Some(vec![11, 22, 33]),
        ..RecordingPlayer::default()
    }
    .into_parts();
    let album = FakeContainer {
        track_prices: TrackPrices::Each(vec!["0.99", g_szContentPrice_Free]),
        ..FakeContainer::album(900, [101, 102])
    };
    let order: IWMPContentContainerList = FakeList::new(WMPTransactionType::wmpttBuy, [album]).into();
    let store: IWMPContentPartner = Store::default().into();

    store.set_callback(Some(&player))?;
    store
        .notify(WMPPartnerNotification::wmpsnCatalogDownloadFailure, &Variant::error(HRESULT(0x80070005_u32 as i32)))?;
    assert_eq!(
        variant_text(&store.get_item_info(g_szItemInfo_PopupURL, &Variant::i4(7))?),
        "BSTR:http://store.example/Popup/7"
    );
    assert_eq!(store.get_content_partner_info(g_szContentPartnerInfo_LoginState)?.as_bool(), Some(true));
    assert_eq!(store.get_content_partner_info("NoSuchInfo").unwrap_err().code(), E_INVALIDARG);

    let menu: CoTaskMemArray<WMPContextMenuInfo> =
        store.get_commands(g_szCPAlbumID, &Variant::ui4(900), g_szCPTrackID, &[101, 102])?;
    assert_eq!(menu.len(), 2);
    // SAFETY: the BSTRs belong to `menu`, which outlives these views.
    let labels: Vec<(u32, String, String)> = menu
        .iter()
        .map(|m| unsafe {
            (m.dwID, BStrRef::from_abi(m.bstrMenuText).to_string(), BStrRef::from_abi(m.bstrHelpText).to_string())
        })
        .collect();
    assert_eq!(labels, [(1, "Buy album".into(), "Buys it".into()), (0, String::new(), String::new())]);
    drop(menu);
    store.invoke_command(1, g_szCPAlbumID, &Variant::ui4(900), g_szCPTrackID, &[101, 102])?;

    let (total, silent) = store.can_buy_silent(Some(&order))?;
    assert_eq!((total.to_string(), silent), ("10.98".into(), true));
    store.buy(Some(&order), 4242)?;
    assert_eq!(
        store.get_streaming_url(WMPStreamingType::wmpstRadio, &Variant::ui4(103))?,
        "http://store.example/radio.asx"
    );
    store.download(Some(&order), 77)?;
    store.download_track_complete(S_OK, 101, "p=101")?;
    store.refresh_license(
        5,
        false,
        None::<&str>,
        WMPStreamingType::wmpstMusic,
        101,
        g_szRefreshLicensePlay,
        &Variant::empty(),
    )?;
    store.refresh_license(
        6,
        true,
        Some("file:///music/101.wma"),
        WMPStreamingType::wmpstMusic,
        101,
        g_szRefreshLicenseSync,
        &Variant::bstr("Zune"),
    )?;
    let (version, url, expires) = store.get_catalog_url(7, 2, 1033)?;
    assert_eq!(
        (version, url.to_string(), expires.value()),
        (8, "http://store.example/catalog/8".into(), VariantValue::Date(45000.25))
    );
    let (template, size) = store.get_template(
        WMPTaskType::wmpttSync,
        g_szRootLocation,
        &Variant::empty(),
        g_szCPListID,
        &Variant::ui4(12),
        "jazz",
        "v=1",
    )?;
    assert_eq!((template.to_string(), size), ("http://store.example/browse".into(), WMPTemplateSize::wmptsMedium));
    store.update_device("Zune")?;
    store.get_list_contents(g_szCPListID, &Variant::ui4(12), g_szCPAlbumID, "page=2", 31)?;
    store.login(b"alice", b"secret", false, true)?;
    store.authenticate(b"alice", &[0, 1, 255])?;
    store.logout()?;
    store.send_message("ping", "x=1")?;
    store.station_event(g_szStationEvent_Skipped, 3, 4, 101, "data", 61)?;
    assert_eq!(store.compare_container_list_prices(Some(&order), Some(&order))?, 1);
    store.verify_permission(g_szVerifyPermissionSync, &Variant::bstr("Zune"))?;
    assert_eq!(&*player.get_content_ids_in_library()?, [11, 22, 33]);
    player.show_popup(2, "DlgX=800&DlgY=400")?;

    let order_text = "tt=2 n=1 [900 CPAlbumID 9.99: 101@0.99 102@PriceFree]";
    let store_log = store.cast_object_ref::<Store>()?.log.lock().unwrap().clone();
    assert_eq!(
        store_log,
        [
            "set_callback(true)".to_string(),
            "notify(3, ERROR:0x80070005)".into(),
            "get_item_info(Popup, I4:7)".into(),
            "get_content_partner_info(LoginState)".into(),
            "get_content_partner_info(NoSuchInfo)".into(),
            "get_commands(CPAlbumID, UI4:900, CPTrackID, [101, 102])".into(),
            "invoke_command(1, CPAlbumID, UI4:900, CPTrackID, [101, 102])".into(),
            format!("can_buy_silent({order_text})"),
            format!("buy({order_text}, 4242)"),
            "get_streaming_url(3, UI4:103)".into(),
            format!("download({order_text}, 77)"),
            "download_track_complete(0x0, 101, p=101)".into(),
            "refresh_license(5, false, None, 1, 101, RefreshForPlay, Empty)".into(),
            "refresh_license(6, true, Some(\"file:///music/101.wma\"), 1, 101, RefreshForSync, BSTR:Zune)".into(),
            "get_catalog_url(7, 2, 1033) player=(7, 2, 1033)".into(),
            "get_template(2, RootLocation, Empty, CPListID, UI4:12, jazz, v=1)".into(),
            "update_device(Zune)".into(),
            "get_list_contents(CPListID, UI4:12, CPAlbumID, page=2, 31)".into(),
            "login(alice, 6, false, true)".into(),
            "authenticate([97, 108, 105, 99, 101], [0, 1, 255])".into(),
            "logout()".into(),
            "send_message(ping, x=1)".into(),
            "station_event(TrackSkipped, 3, 4, 101, data, 61)".into(),
            format!("compare_container_list_prices({order_text} | {order_text})"),
            "verify_permission(VerifyPermissionSync, BSTR:Zune)".into(),
        ]
    );
    assert_eq!(
        player_log.lines(),
        [
            r#"ChangeView "OnlineStore" "http://store.example/" """#,
            "BuyComplete 4242 0x0",
            r#"DownloadTrack 77 101 "http://store.example/t/101.wma" "p=101" 0x0"#,
            "RefreshLicenseComplete 5 101 0x0",
            "RefreshLicenseComplete 6 101 0x0",
            r#"UpdateDeviceComplete "Zune""#,
            "AddListContents 31 2 first=Some(5) last=Some(6)",
            "AddListContents 31 1 first=Some(7) last=Some(7)",
            "ListContentsComplete 31 0x0",
            "Notify 1 BOOL:true",
            "Notify 2 BOOL:false",
            "Notify 1 BOOL:false",
            r#"SendMessageComplete "ping" "x=1" "pong""#,
            r#"VerifyPermissionComplete "VerifyPermissionSync" BSTR:Zune 0x0"#,
            r#"ShowPopup 2 "DlgX=800&DlgY=400""#,
        ]
    );
    Ok(())
}

#[implement(IWMPContentPartner)]
struct Minimal;

impl IWMPContentPartnerHandler for Minimal {}

#[test]
fn defaults_say_not_implemented_and_null_out_pointers_are_refused() {
    let store: IWMPContentPartner = Minimal.into();
    assert_eq!(store.logout().unwrap_err().code(), E_NOTIMPL);
    assert_eq!(store.get_streaming_url(WMPStreamingType::wmpstMusic, &Variant::empty()).unwrap_err().code(), E_NOTIMPL);
    // SAFETY: the raw callers are called with null out-pointers on purpose: the object must refuse.
    unsafe {
        assert_eq!(
            store.GetStreamingURL(WMPStreamingType::wmpstMusic, Variant::empty().as_abi(), std::ptr::null_mut()),
            E_POINTER
        );
        let mut count = 0;
        assert_eq!(
            store.GetCommands(
                ole::BSTR::null(),
                std::ptr::null(),
                ole::BSTR::null(),
                0,
                std::ptr::null(),
                &mut count,
                std::ptr::null_mut()
            ),
            E_POINTER
        );
        // A failing call clears its out-values.
        let (mut url, mut size) = (Bstr::from("stale").into_abi(), WMPTemplateSize::wmptsLarge);
        let stale = url;
        assert_eq!(
            store.GetTemplate(
                WMPTaskType::wmpttBrowse,
                ole::BSTR::null(),
                std::ptr::null(),
                ole::BSTR::null(),
                std::ptr::null(),
                ole::BSTR::null(),
                ole::BSTR::null(),
                &mut url,
                &mut size
            ),
            E_NOTIMPL
        );
        assert!(url.0.is_null());
        drop(Bstr::from_abi(stale));
    }
}
