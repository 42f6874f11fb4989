//! All 23 IWMPContentPartner methods through the generated ABI layer, in one process: an object
//! built with `#[windows_core::implement]` on our `IWMPContentPartner_Impl`, called through our
//! generated callers with real BSTRs, VARIANTs, BLOBs and arrays. Every value must arrive intact,
//! and every out-value must come back intact. The callee also calls back into the player-side
//! interfaces (callback, container list, container), so all four vtables are exercised.
//!
//! One long file on purpose: the 23 methods and the player's 23 answers read in vtable order, side
//! by side with the raw values they must carry, which a split by method would scatter.

#![allow(non_snake_case)]

use std::ffi::c_void;
use std::sync::Mutex;

use contentpartner::bindings::*;
use contentpartner::ole::{BLOB, BSTR, VARIANT, VARIANT_BOOL};
use windows_core::{HRESULT, Interface, implement};

use contentpartner::hresult::{E_FAIL, S_OK};
const VT_I4: u16 = 3;
const VT_BSTR: u16 = 8;

/// A BSTR in Windows' layout (32-bit byte length, UTF-16, NUL), leaked: these tests only read.
fn bstr(s: &str) -> BSTR {
    let units: Vec<u16> = s.encode_utf16().collect();
    let bytes = (units.len() * 2) as u32;
    let mut buf = vec![bytes as u16, (bytes >> 16) as u16];
    buf.extend(&units);
    buf.push(0);
    let buf = Box::leak(buf.into_boxed_slice());
    BSTR(buf[2..].as_mut_ptr())
}

fn read(b: BSTR) -> String {
    if b.0.is_null() {
        return String::new();
    }
    // SAFETY: `b` came from `bstr`: the 32-bit byte length sits just before the first unit.
    unsafe {
        let len = *(b.0 as *const u32).sub(1) as usize / 2;
        String::from_utf16_lossy(std::slice::from_raw_parts(b.0, len))
    }
}

fn variant_i4(v: i32) -> VARIANT {
    VARIANT { vt: VT_I4, data: [v as u32 as usize, 0], ..Default::default() }
}

fn variant_bstr(s: &str) -> VARIANT {
    VARIANT { vt: VT_BSTR, data: [bstr(s).0 as usize, 0], ..Default::default() }
}

fn describe(v: *const VARIANT) -> String {
    // SAFETY: the caller passes a valid VARIANT built by `variant_*`.
    let v = unsafe { &*v };
    match v.vt {
        VT_I4 => format!("I4:{}", v.data[0] as u32 as i32),
        VT_BSTR => format!("BSTR:{}", read(BSTR(v.data[0] as *mut u16))),
        vt => format!("vt{vt}"),
    }
}

fn blob(bytes: &'static [u8]) -> BLOB {
    BLOB { cbSize: bytes.len() as u32, pBlobData: bytes.as_ptr() as *mut u8 }
}

fn blob_bytes(b: &BLOB) -> Vec<u8> {
    // SAFETY: the BLOB points at `cbSize` readable bytes (from `blob`).
    unsafe { std::slice::from_raw_parts(b.pBlobData, b.cbSize as usize).to_vec() }
}

// ---------------------------------------------------------------------------------------------
// The player side: a callback, a container list with two containers.

#[implement(IWMPContentPartnerCallback)]
struct Callback {
    log: Mutex<Vec<String>>,
}

impl IWMPContentPartnerCallback_Impl for Callback_Impl {
    unsafe fn Notify(&self, r#type: WMPCallbackNotification, pContext: *const VARIANT) -> HRESULT {
        self.log.lock().unwrap().push(format!("Notify({}, {})", r#type.0, describe(pContext)));
        S_OK
    }
    unsafe fn BuyComplete(&self, hrResult: HRESULT, dwBuyCookie: u32) -> HRESULT {
        self.log.lock().unwrap().push(format!("BuyComplete({:#x}, {dwBuyCookie})", hrResult.0));
        S_OK
    }
    unsafe fn DownloadTrack(&self, cookie: u32, url: BSTR, id: u32, params: BSTR, hr: HRESULT) -> HRESULT {
        self.log.lock().unwrap().push(format!(
            "DownloadTrack({cookie}, {}, {id}, {}, {:#x})",
            read(url),
            read(params),
            hr.0
        ));
        S_OK
    }
    unsafe fn GetCatalogVersion(&self, v: *mut u32, s: *mut u32, lcid: *mut u32) -> HRESULT {
        // SAFETY: the caller (the store's GetCatalogURL) passes out-pointers to three locals.
        unsafe { (*v, *s, *lcid) = (7, 2, 1033) };
        S_OK
    }
    unsafe fn UpdateDeviceComplete(&self, name: BSTR) -> HRESULT {
        self.log.lock().unwrap().push(format!("UpdateDeviceComplete({})", read(name)));
        S_OK
    }
    unsafe fn ChangeView(&self, t: BSTR, id: BSTR, f: BSTR) -> HRESULT {
        self.log.lock().unwrap().push(format!("ChangeView({}, {}, {})", read(t), read(id), read(f)));
        S_OK
    }
    unsafe fn AddListContents(&self, cookie: u32, n: u32, items: *const u32) -> HRESULT {
        // SAFETY: the caller passes `n` readable ids (an array that outlives the call).
        let items = unsafe { std::slice::from_raw_parts(items, n as usize) };
        self.log.lock().unwrap().push(format!("AddListContents({cookie}, {items:?})"));
        S_OK
    }
    unsafe fn ListContentsComplete(&self, cookie: u32, hr: HRESULT) -> HRESULT {
        self.log.lock().unwrap().push(format!("ListContentsComplete({cookie}, {:#x})", hr.0));
        S_OK
    }
    unsafe fn SendMessageComplete(&self, m: BSTR, p: BSTR, r: BSTR) -> HRESULT {
        self.log.lock().unwrap().push(format!("SendMessageComplete({}, {}, {})", read(m), read(p), read(r)));
        S_OK
    }
    unsafe fn GetContentIDsInLibrary(&self, n: *mut u32, ids: *mut *mut u32) -> HRESULT {
        let v: &'static mut [u32] = Box::leak(vec![11, 22, 33].into_boxed_slice());
        // SAFETY: both are the test's out-pointers to locals; the leaked array is never freed.
        unsafe { (*n, *ids) = (3, v.as_mut_ptr()) };
        S_OK
    }
    unsafe fn RefreshLicenseComplete(&self, cookie: u32, id: u32, hr: HRESULT) -> HRESULT {
        self.log.lock().unwrap().push(format!("RefreshLicenseComplete({cookie}, {id}, {:#x})", hr.0));
        S_OK
    }
    unsafe fn ShowPopup(&self, index: i32, params: BSTR) -> HRESULT {
        self.log.lock().unwrap().push(format!("ShowPopup({index}, {})", read(params)));
        S_OK
    }
    unsafe fn VerifyPermissionComplete(&self, perm: BSTR, ctx: *const VARIANT, hr: HRESULT) -> HRESULT {
        self.log.lock().unwrap().push(format!(
            "VerifyPermissionComplete({}, {}, {:#x})",
            read(perm),
            describe(ctx),
            hr.0
        ));
        S_OK
    }
}

#[implement(IWMPContentContainer)]
struct Container {
    id: u32,
    tracks: Vec<(u32, &'static str)>,
}

impl IWMPContentContainer_Impl for Container_Impl {
    unsafe fn GetID(&self, p: *mut u32) -> HRESULT {
        // SAFETY: `walk`, the only caller, passes an out-pointer to a local.
        unsafe { *p = self.id };
        S_OK
    }
    unsafe fn GetPrice(&self, p: *mut BSTR) -> HRESULT {
        // SAFETY: `walk`, the only caller, passes an out-pointer to a local.
        unsafe { *p = bstr("9.99") };
        S_OK
    }
    unsafe fn GetType(&self, p: *mut BSTR) -> HRESULT {
        // SAFETY: `walk`, the only caller, passes an out-pointer to a local.
        unsafe { *p = bstr(g_szCPAlbumID) };
        S_OK
    }
    unsafe fn GetContentCount(&self, p: *mut u32) -> HRESULT {
        // SAFETY: `walk`, the only caller, passes an out-pointer to a local.
        unsafe { *p = self.tracks.len() as u32 };
        S_OK
    }
    unsafe fn GetContentPrice(&self, i: u32, p: *mut BSTR) -> HRESULT {
        match self.tracks.get(i as usize) {
            Some(t) => {
                // SAFETY: `walk`, the only caller, passes an out-pointer to a local.
                unsafe { *p = bstr(t.1) };
                S_OK
            }
            None => E_FAIL,
        }
    }
    unsafe fn GetContentID(&self, i: u32, p: *mut u32) -> HRESULT {
        match self.tracks.get(i as usize) {
            Some(t) => {
                // SAFETY: `walk`, the only caller, passes an out-pointer to a local.
                unsafe { *p = t.0 };
                S_OK
            }
            None => E_FAIL,
        }
    }
}

#[implement(IWMPContentContainerList)]
struct List {
    containers: Vec<IWMPContentContainer>,
}

impl IWMPContentContainerList_Impl for List_Impl {
    unsafe fn GetTransactionType(&self, p: *mut WMPTransactionType) -> HRESULT {
        // SAFETY: `walk`, the only caller, passes an out-pointer to a local.
        unsafe { *p = WMPTransactionType::wmpttDownload };
        S_OK
    }
    unsafe fn GetContainerCount(&self, p: *mut u32) -> HRESULT {
        // SAFETY: `walk`, the only caller, passes an out-pointer to a local.
        unsafe { *p = self.containers.len() as u32 };
        S_OK
    }
    unsafe fn GetContainer(&self, i: u32, p: *mut *mut c_void) -> HRESULT {
        match self.containers.get(i as usize) {
            Some(c) => {
                // SAFETY: `walk`, the only caller, passes an out-pointer to a local, and takes the
                // reference given away here with `from_raw`.
                unsafe { *p = c.clone().into_raw() };
                S_OK
            }
            None => E_FAIL,
        }
    }
}

/// Everything a container list says, read through the generated callers.
fn walk(list: *mut c_void) -> String {
    // SAFETY: `list` is a live IWMPContentContainerList pointer for the duration of the call.
    let list = unsafe { IWMPContentContainerList::from_raw_borrowed(&list) }.expect("non-null list");
    let mut out = String::new();
    // SAFETY: `list` is live; every out-pointer is a local, and `from_raw` takes the one reference
    // GetContainer hands out.
    unsafe {
        let (mut tt, mut n) = (WMPTransactionType::default(), 0u32);
        assert_eq!(list.GetTransactionType(&mut tt), S_OK);
        assert_eq!(list.GetContainerCount(&mut n), S_OK);
        out += &format!("tt={} containers={n}", tt.0);
        for c in 0..n {
            let mut raw = std::ptr::null_mut();
            assert_eq!(list.GetContainer(c, &mut raw), S_OK);
            let container = IWMPContentContainer::from_raw(raw);
            let (mut id, mut count, mut price, mut kind) = (0u32, 0u32, BSTR::null(), BSTR::null());
            assert_eq!(container.GetID(&mut id), S_OK);
            assert_eq!(container.GetContentCount(&mut count), S_OK);
            assert_eq!(container.GetPrice(&mut price), S_OK);
            assert_eq!(container.GetType(&mut kind), S_OK);
            out += &format!(" [{id} {} {}:", read(kind), read(price));
            for i in 0..count {
                let (mut tid, mut tprice) = (0u32, BSTR::null());
                assert_eq!(container.GetContentID(i, &mut tid), S_OK);
                assert_eq!(container.GetContentPrice(i, &mut tprice), S_OK);
                out += &format!(" {tid}@{}", read(tprice));
            }
            let mut none = 0;
            assert_eq!(container.GetContentID(count, &mut none), E_FAIL, "index past the end");
            out += "]";
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The store side: records what arrives, answers with known values.

#[implement(IWMPContentPartner)]
struct Store {
    log: Mutex<Vec<String>>,
    callback: Mutex<Option<IWMPContentPartnerCallback>>,
}

impl Store_Impl {
    fn note(&self, s: String) {
        self.log.lock().unwrap().push(s);
    }
    fn callback(&self) -> IWMPContentPartnerCallback {
        self.callback.lock().unwrap().clone().expect("SetCallback came first")
    }
}

impl IWMPContentPartner_Impl for Store_Impl {
    unsafe fn SetCallback(&self, cb: *mut c_void) -> HRESULT {
        // SAFETY: `cb` is null or a live callback for the call; `cloned` takes a reference of our own.
        let cb = unsafe { IWMPContentPartnerCallback::from_raw_borrowed(&cb) }.cloned();
        self.note(format!("SetCallback({})", cb.is_some()));
        *self.callback.lock().unwrap() = cb;
        S_OK
    }
    unsafe fn Notify(&self, t: WMPPartnerNotification, ctx: *const VARIANT) -> HRESULT {
        self.note(format!("Notify({}, {})", t.0, describe(ctx)));
        S_OK
    }
    unsafe fn GetItemInfo(&self, name: BSTR, ctx: *const VARIANT, data: *mut VARIANT) -> HRESULT {
        self.note(format!("GetItemInfo({}, {})", read(name), describe(ctx)));
        // SAFETY: `data` is the test's out-pointer to a local VARIANT that owns nothing.
        unsafe { *data = variant_bstr("http://store.example/popup/7") };
        S_OK
    }
    unsafe fn GetContentPartnerInfo(&self, name: BSTR, data: *mut VARIANT) -> HRESULT {
        self.note(format!("GetContentPartnerInfo({})", read(name)));
        // SAFETY: `data` is the test's out-pointer to a local VARIANT that owns nothing.
        unsafe { *data = variant_i4(WMPAccountType::wmpatSubscription.0) };
        S_OK
    }
    unsafe fn GetCommands(
        &self,
        loc: BSTR,
        ctx: *const VARIANT,
        item: BSTR,
        n: u32,
        ids: *const u32,
        count: *mut u32,
        items: *mut *mut WMPContextMenuInfo,
    ) -> HRESULT {
        // SAFETY: the test passes `n` ids in an array that outlives the call.
        let ids = unsafe { std::slice::from_raw_parts(ids, n as usize) };
        self.note(format!("GetCommands({}, {}, {}, {ids:?})", read(loc), describe(ctx), read(item)));
        let menu = vec![
            WMPContextMenuInfo { dwID: 1, bstrMenuText: bstr("Buy album"), bstrHelpText: bstr("Buys it") },
            WMPContextMenuInfo { dwID: 0, bstrMenuText: BSTR::null(), bstrHelpText: BSTR::null() },
        ];
        // SAFETY: both are the test's out-pointers to locals; the leaked menu is never freed.
        unsafe { (*count, *items) = (2, Box::leak(menu.into_boxed_slice()).as_mut_ptr()) };
        S_OK
    }
    unsafe fn InvokeCommand(
        &self,
        id: u32,
        loc: BSTR,
        ctx: *const VARIANT,
        item: BSTR,
        n: u32,
        ids: *const u32,
    ) -> HRESULT {
        // SAFETY: the test passes `n` ids in an array that outlives the call.
        let ids = unsafe { std::slice::from_raw_parts(ids, n as usize) };
        self.note(format!("InvokeCommand({id}, {}, {}, {}, {ids:?})", read(loc), describe(ctx), read(item)));
        let cb = self.callback();
        // SAFETY: `cb` is live and the BSTRs are leaked, so they outlive the call.
        assert_eq!(unsafe { cb.ChangeView(bstr(g_szOnlineStore), bstr("http://store.example/"), bstr("")) }, S_OK);
        S_OK
    }
    unsafe fn CanBuySilent(&self, info: *mut c_void, total: *mut BSTR, silent: *mut VARIANT_BOOL) -> HRESULT {
        self.note(format!("CanBuySilent({})", walk(info)));
        // SAFETY: both are the test's out-pointers to locals.
        unsafe { (*total, *silent) = (bstr("19.98"), VARIANT_BOOL::TRUE) };
        S_OK
    }
    unsafe fn Buy(&self, info: *mut c_void, cookie: u32) -> HRESULT {
        self.note(format!("Buy({}, {cookie})", walk(info)));
        // SAFETY: the callback is live and BuyComplete takes only values.
        assert_eq!(unsafe { self.callback().BuyComplete(S_OK, cookie) }, S_OK);
        S_OK
    }
    unsafe fn GetStreamingURL(&self, st: WMPStreamingType, ctx: *const VARIANT, url: *mut BSTR) -> HRESULT {
        self.note(format!("GetStreamingURL({}, {})", st.0, describe(ctx)));
        // SAFETY: `url` is the test's out-pointer to a local.
        unsafe { *url = bstr("http://store.example/stream.asx") };
        S_OK
    }
    unsafe fn Download(&self, info: *mut c_void, cookie: u32) -> HRESULT {
        self.note(format!("Download({}, {cookie})", walk(info)));
        assert_eq!(
            // SAFETY: the callback is live and the BSTRs are leaked, so they outlive the call.
            unsafe {
                self.callback().DownloadTrack(cookie, bstr("http://store.example/t/101.wma"), 101, bstr("p=101"), S_OK)
            },
            S_OK
        );
        S_OK
    }
    unsafe fn DownloadTrackComplete(&self, hr: HRESULT, id: u32, param: BSTR) -> HRESULT {
        self.note(format!("DownloadTrackComplete({:#x}, {id}, {})", hr.0, read(param)));
        S_OK
    }
    unsafe fn RefreshLicense(
        &self,
        cookie: u32,
        local: VARIANT_BOOL,
        url: BSTR,
        t: WMPStreamingType,
        id: u32,
        reason: BSTR,
        ctx: *const VARIANT,
    ) -> HRESULT {
        self.note(format!(
            "RefreshLicense({cookie}, {}, {:?}, {}, {id}, {}, {})",
            local.0,
            if url.0.is_null() { "null".to_string() } else { read(url) },
            t.0,
            read(reason),
            describe(ctx)
        ));
        // SAFETY: the callback is live and RefreshLicenseComplete takes only values.
        assert_eq!(unsafe { self.callback().RefreshLicenseComplete(cookie, id, S_OK) }, S_OK);
        S_OK
    }
    unsafe fn GetCatalogURL(
        &self,
        v: u32,
        s: u32,
        lcid: u32,
        newv: *mut u32,
        url: *mut BSTR,
        expires: *mut VARIANT,
    ) -> HRESULT {
        self.note(format!("GetCatalogURL({v}, {s}, {lcid})"));
        let (mut cv, mut cs, mut cl) = (0, 0, 0);
        // SAFETY: the callback is live; the out-pointers are locals.
        assert_eq!(unsafe { self.callback().GetCatalogVersion(&mut cv, &mut cs, &mut cl) }, S_OK);
        self.note(format!("GetCatalogVersion -> ({cv}, {cs}, {cl})"));
        // SAFETY: all three are the test's out-pointers to locals (the VARIANT owns nothing).
        unsafe { (*newv, *url, *expires) = (v + 1, bstr("http://store.example/catalog/8"), variant_i4(45000)) };
        S_OK
    }
    unsafe fn GetTemplate(
        &self,
        task: WMPTaskType,
        loc: BSTR,
        ctx: *const VARIANT,
        click: BSTR,
        cctx: *const VARIANT,
        filter: BSTR,
        params: BSTR,
        url: *mut BSTR,
        size: *mut WMPTemplateSize,
    ) -> HRESULT {
        self.note(format!(
            "GetTemplate({}, {}, {}, {}, {}, {}, {})",
            task.0,
            read(loc),
            describe(ctx),
            read(click),
            describe(cctx),
            read(filter),
            read(params)
        ));
        // SAFETY: both are the test's out-pointers to locals.
        unsafe { (*url, *size) = (bstr("http://store.example/browse"), WMPTemplateSize::wmptsLarge) };
        S_OK
    }
    unsafe fn UpdateDevice(&self, name: BSTR) -> HRESULT {
        self.note(format!("UpdateDevice({})", read(name)));
        // SAFETY: the callback is live and `name` is the caller's, live until UpdateDevice returns.
        assert_eq!(unsafe { self.callback().UpdateDeviceComplete(name) }, S_OK);
        S_OK
    }
    unsafe fn GetListContents(
        &self,
        loc: BSTR,
        ctx: *const VARIANT,
        list_type: BSTR,
        params: BSTR,
        cookie: u32,
    ) -> HRESULT {
        self.note(format!(
            "GetListContents({}, {}, {}, {}, {cookie})",
            read(loc),
            describe(ctx),
            read(list_type),
            read(params)
        ));
        let cb = self.callback();
        // SAFETY: `cb` is live and the array of three ids outlives the call.
        unsafe {
            assert_eq!(cb.AddListContents(cookie, 3, [5u32, 6, 7].as_ptr()), S_OK);
            assert_eq!(cb.ListContentsComplete(cookie, S_OK), S_OK);
        }
        S_OK
    }
    unsafe fn Login(&self, user: BLOB, pwd: BLOB, cached: VARIANT_BOOL, cache: VARIANT_BOOL) -> HRESULT {
        self.note(format!("Login({:?}, {:?}, {}, {})", blob_bytes(&user), blob_bytes(&pwd), cached.0, cache.0));
        let state = VARIANT { vt: 11, data: [0xFFFF, 0], ..Default::default() };
        // SAFETY: the callback is live and `state` is a local that outlives the call.
        assert_eq!(unsafe { self.callback().Notify(WMPCallbackNotification::wmpcnLoginStateChange, &state) }, S_OK);
        S_OK
    }
    unsafe fn Authenticate(&self, user: BLOB, pwd: BLOB) -> HRESULT {
        self.note(format!("Authenticate({:?}, {:?})", blob_bytes(&user), blob_bytes(&pwd)));
        S_OK
    }
    unsafe fn Logout(&self) -> HRESULT {
        self.note("Logout()".into());
        S_OK
    }
    unsafe fn SendMessage(&self, msg: BSTR, param: BSTR) -> HRESULT {
        self.note(format!("SendMessage({}, {})", read(msg), read(param)));
        // SAFETY: the callback is live; `msg` and `param` are the caller's, live until SendMessage
        // returns, and the third is leaked.
        assert_eq!(unsafe { self.callback().SendMessageComplete(msg, param, bstr("done")) }, S_OK);
        S_OK
    }
    unsafe fn StationEvent(&self, t: BSTR, station: u32, index: u32, track: u32, data: BSTR, secs: u32) -> HRESULT {
        self.note(format!("StationEvent({}, {station}, {index}, {track}, {}, {secs})", read(t), read(data)));
        S_OK
    }
    unsafe fn CompareContainerListPrices(&self, a: *mut c_void, b: *mut c_void, result: *mut i32) -> HRESULT {
        self.note(format!("CompareContainerListPrices({} | {})", walk(a), walk(b)));
        // SAFETY: `result` is the test's out-pointer to a local.
        unsafe { *result = -1 };
        S_OK
    }
    unsafe fn VerifyPermission(&self, perm: BSTR, ctx: *const VARIANT) -> HRESULT {
        self.note(format!("VerifyPermission({}, {})", read(perm), describe(ctx)));
        // SAFETY: the callback is live; `perm` and `ctx` are the caller's, live until VerifyPermission
        // returns.
        assert_eq!(unsafe { self.callback().VerifyPermissionComplete(perm, ctx, S_OK) }, S_OK);
        S_OK
    }
}

#[test]
fn every_method_round_trips_through_the_generated_layer() {
    let callback: IWMPContentPartnerCallback = Callback { log: Mutex::new(Vec::new()) }.into();
    let album =
        IWMPContentContainer::from(Container { id: 900, tracks: vec![(101, "0.99"), (102, g_szContentPrice_Free)] });
    let loose =
        IWMPContentContainer::from(Container { id: 0xFFFF_FFFF, tracks: vec![(103, g_szContentPrice_CannotBuy)] });
    let list: IWMPContentContainerList = List { containers: vec![album, loose] }.into();
    let store_object = Store { log: Mutex::new(Vec::new()), callback: Mutex::new(None) };
    let store: IWMPContentPartner = store_object.into();
    let raw_list = list.as_raw();

    // SAFETY: every pointer passed lives until its call returns; out-pointers are valid locals.
    unsafe {
        assert_eq!(store.SetCallback(callback.as_raw()), S_OK);
        assert_eq!(store.Notify(WMPPartnerNotification::wmpsnCatalogDownloadFailure, &variant_i4(-5)), S_OK);

        let mut data = VARIANT::default();
        assert_eq!(store.GetItemInfo(bstr(g_szItemInfo_PopupURL), &variant_i4(7), &mut data), S_OK);
        assert_eq!(describe(&data), "BSTR:http://store.example/popup/7");
        assert_eq!(store.GetContentPartnerInfo(bstr(g_szContentPartnerInfo_MediaPlayerAccountType), &mut data), S_OK);
        assert_eq!(describe(&data), "I4:2");

        let ids = [101u32, 102];
        let (mut count, mut items) = (0u32, std::ptr::null_mut());
        assert_eq!(
            store.GetCommands(
                bstr(g_szCPAlbumID),
                &variant_i4(900),
                bstr(g_szCPTrackID),
                2,
                ids.as_ptr(),
                &mut count,
                &mut items
            ),
            S_OK
        );
        let menu = std::slice::from_raw_parts(items, count as usize);
        assert_eq!(
            (menu[0].dwID, read(menu[0].bstrMenuText), read(menu[0].bstrHelpText)),
            (1, "Buy album".into(), "Buys it".into())
        );
        assert_eq!((menu[1].dwID, menu[1].bstrMenuText.0.is_null()), (0, true), "separator");
        assert_eq!(
            store.InvokeCommand(1, bstr(g_szCPAlbumID), &variant_i4(900), bstr(g_szCPTrackID), 2, ids.as_ptr()),
            S_OK
        );

        let (mut total, mut silent) = (BSTR::null(), VARIANT_BOOL::FALSE);
        assert_eq!(store.CanBuySilent(raw_list, &mut total, &mut silent), S_OK);
        assert_eq!((read(total), silent), ("19.98".into(), VARIANT_BOOL::TRUE));
        assert_eq!(store.Buy(raw_list, 4242), S_OK);

        let mut url = BSTR::null();
        assert_eq!(store.GetStreamingURL(WMPStreamingType::wmpstRadio, &variant_i4(103), &mut url), S_OK);
        assert_eq!(read(url), "http://store.example/stream.asx");
        assert_eq!(store.Download(raw_list, 77), S_OK);
        assert_eq!(store.DownloadTrackComplete(S_OK, 101, bstr("p=101")), S_OK);
        assert_eq!(
            store.RefreshLicense(
                5,
                VARIANT_BOOL::FALSE,
                BSTR::null(),
                WMPStreamingType::wmpstMusic,
                101,
                bstr(g_szRefreshLicenseSync),
                &variant_bstr("Zune")
            ),
            S_OK
        );

        let (mut newv, mut curl, mut expires) = (0u32, BSTR::null(), VARIANT::default());
        assert_eq!(store.GetCatalogURL(7, 2, 1033, &mut newv, &mut curl, &mut expires), S_OK);
        assert_eq!(
            (newv, read(curl), describe(&expires)),
            (8, "http://store.example/catalog/8".into(), "I4:45000".into())
        );

        let (mut turl, mut size) = (BSTR::null(), WMPTemplateSize::default());
        assert_eq!(
            store.GetTemplate(
                WMPTaskType::wmpttSync,
                bstr(g_szRootLocation),
                &variant_i4(0),
                bstr(g_szCPListID),
                &variant_i4(12),
                bstr("jazz"),
                bstr("v=1"),
                &mut turl,
                &mut size
            ),
            S_OK
        );
        assert_eq!((read(turl), size), ("http://store.example/browse".into(), WMPTemplateSize::wmptsLarge));

        assert_eq!(store.UpdateDevice(bstr("Zune")), S_OK);
        assert_eq!(
            store.GetListContents(bstr(g_szCPListID), &variant_i4(12), bstr(g_szCPAlbumID), bstr("page=2"), 31),
            S_OK
        );
        assert_eq!(store.Login(blob(b"alice"), blob(b"secret"), VARIANT_BOOL::FALSE, VARIANT_BOOL::TRUE), S_OK);
        assert_eq!(store.Authenticate(blob(b"alice"), blob(&[0, 1, 2, 255])), S_OK);
        assert_eq!(store.Logout(), S_OK);
        assert_eq!(store.SendMessage(bstr("ping"), bstr("x=1")), S_OK);
        assert_eq!(store.StationEvent(bstr(g_szStationEvent_Skipped), 3, 4, 101, bstr("data"), 61), S_OK);
        let mut cmp = 0;
        assert_eq!(store.CompareContainerListPrices(raw_list, raw_list, &mut cmp), S_OK);
        assert_eq!(cmp, -1);
        assert_eq!(store.VerifyPermission(bstr(g_szVerifyPermissionSync), &variant_bstr("Zune")), S_OK);

        let mut n = 0u32;
        let mut lib = std::ptr::null_mut();
        assert_eq!(callback.GetContentIDsInLibrary(&mut n, &mut lib), S_OK);
        assert_eq!(std::slice::from_raw_parts(lib, n as usize), [11, 22, 33]);
        assert_eq!(callback.ShowPopup(2, bstr("DlgX=800&DlgY=400")), S_OK);
    }

    let walked = "tt=1 containers=2 [900 CPAlbumID 9.99: 101@0.99 102@PriceFree] [4294967295 CPAlbumID 9.99: 103@PriceCannotBuy]";
    let store_log = store.cast_object_ref::<Store>().expect("our object").log.lock().unwrap().clone();
    assert_eq!(
        store_log,
        [
            "SetCallback(true)".to_string(),
            "Notify(3, I4:-5)".into(),
            "GetItemInfo(Popup, I4:7)".into(),
            "GetContentPartnerInfo(MediaPlayerAccountType)".into(),
            "GetCommands(CPAlbumID, I4:900, CPTrackID, [101, 102])".into(),
            "InvokeCommand(1, CPAlbumID, I4:900, CPTrackID, [101, 102])".into(),
            format!("CanBuySilent({walked})"),
            format!("Buy({walked}, 4242)"),
            "GetStreamingURL(3, I4:103)".into(),
            format!("Download({walked}, 77)"),
            "DownloadTrackComplete(0x0, 101, p=101)".into(),
            "RefreshLicense(5, 0, \"null\", 1, 101, RefreshForSync, BSTR:Zune)".into(),
            "GetCatalogURL(7, 2, 1033)".into(),
            "GetCatalogVersion -> (7, 2, 1033)".into(),
            "GetTemplate(2, RootLocation, I4:0, CPListID, I4:12, jazz, v=1)".into(),
            "UpdateDevice(Zune)".into(),
            "GetListContents(CPListID, I4:12, CPAlbumID, page=2, 31)".into(),
            "Login([97, 108, 105, 99, 101], [115, 101, 99, 114, 101, 116], 0, -1)".into(),
            "Authenticate([97, 108, 105, 99, 101], [0, 1, 2, 255])".into(),
            "Logout()".into(),
            "SendMessage(ping, x=1)".into(),
            "StationEvent(TrackSkipped, 3, 4, 101, data, 61)".into(),
            format!("CompareContainerListPrices({walked} | {walked})"),
            "VerifyPermission(VerifyPermissionSync, BSTR:Zune)".into(),
        ]
    );
    let callback_log = callback.cast_object_ref::<Callback>().expect("our object").log.lock().unwrap().clone();
    assert_eq!(
        callback_log,
        [
            "ChangeView(OnlineStore, http://store.example/, )",
            "BuyComplete(0x0, 4242)",
            "DownloadTrack(77, http://store.example/t/101.wma, 101, p=101, 0x0)",
            "RefreshLicenseComplete(5, 101, 0x0)",
            "UpdateDeviceComplete(Zune)",
            "AddListContents(31, [5, 6, 7])",
            "ListContentsComplete(31, 0x0)",
            "Notify(1, vt11)",
            "SendMessageComplete(ping, x=1, done)",
            "VerifyPermissionComplete(VerifyPermissionSync, BSTR:Zune, 0x0)",
            "ShowPopup(2, DlgX=800&DlgY=400)",
        ]
    );
}

#[implement(IWMPContentPartner)]
struct Panicky;

impl IWMPContentPartner_Impl for Panicky_Impl {
    unsafe fn SetCallback(&self, _: *mut c_void) -> HRESULT {
        panic!("store bug")
    }
    unsafe fn Notify(&self, _: WMPPartnerNotification, _: *const VARIANT) -> HRESULT {
        S_OK
    }
    unsafe fn GetItemInfo(&self, _: BSTR, _: *const VARIANT, _: *mut VARIANT) -> HRESULT {
        S_OK
    }
    unsafe fn GetContentPartnerInfo(&self, _: BSTR, _: *mut VARIANT) -> HRESULT {
        S_OK
    }
    unsafe fn GetCommands(
        &self,
        _: BSTR,
        _: *const VARIANT,
        _: BSTR,
        _: u32,
        _: *const u32,
        _: *mut u32,
        _: *mut *mut WMPContextMenuInfo,
    ) -> HRESULT {
        S_OK
    }
    unsafe fn InvokeCommand(&self, _: u32, _: BSTR, _: *const VARIANT, _: BSTR, _: u32, _: *const u32) -> HRESULT {
        S_OK
    }
    unsafe fn CanBuySilent(&self, _: *mut c_void, _: *mut BSTR, _: *mut VARIANT_BOOL) -> HRESULT {
        S_OK
    }
    unsafe fn Buy(&self, _: *mut c_void, _: u32) -> HRESULT {
        S_OK
    }
    unsafe fn GetStreamingURL(&self, _: WMPStreamingType, _: *const VARIANT, _: *mut BSTR) -> HRESULT {
        S_OK
    }
    unsafe fn Download(&self, _: *mut c_void, _: u32) -> HRESULT {
        S_OK
    }
    unsafe fn DownloadTrackComplete(&self, _: HRESULT, _: u32, _: BSTR) -> HRESULT {
        S_OK
    }
    unsafe fn RefreshLicense(
        &self,
        _: u32,
        _: VARIANT_BOOL,
        _: BSTR,
        _: WMPStreamingType,
        _: u32,
        _: BSTR,
        _: *const VARIANT,
    ) -> HRESULT {
        S_OK
    }
    unsafe fn GetCatalogURL(&self, _: u32, _: u32, _: u32, _: *mut u32, _: *mut BSTR, _: *mut VARIANT) -> HRESULT {
        S_OK
    }
    unsafe fn GetTemplate(
        &self,
        _: WMPTaskType,
        _: BSTR,
        _: *const VARIANT,
        _: BSTR,
        _: *const VARIANT,
        _: BSTR,
        _: BSTR,
        _: *mut BSTR,
        _: *mut WMPTemplateSize,
    ) -> HRESULT {
        S_OK
    }
    unsafe fn UpdateDevice(&self, _: BSTR) -> HRESULT {
        S_OK
    }
    unsafe fn GetListContents(&self, _: BSTR, _: *const VARIANT, _: BSTR, _: BSTR, _: u32) -> HRESULT {
        S_OK
    }
    unsafe fn Login(&self, _: BLOB, _: BLOB, _: VARIANT_BOOL, _: VARIANT_BOOL) -> HRESULT {
        S_OK
    }
    unsafe fn Authenticate(&self, _: BLOB, _: BLOB) -> HRESULT {
        S_OK
    }
    unsafe fn Logout(&self) -> HRESULT {
        S_OK
    }
    unsafe fn SendMessage(&self, _: BSTR, _: BSTR) -> HRESULT {
        S_OK
    }
    unsafe fn StationEvent(&self, _: BSTR, _: u32, _: u32, _: u32, _: BSTR, _: u32) -> HRESULT {
        S_OK
    }
    unsafe fn CompareContainerListPrices(&self, _: *mut c_void, _: *mut c_void, _: *mut i32) -> HRESULT {
        S_OK
    }
    unsafe fn VerifyPermission(&self, _: BSTR, _: *const VARIANT) -> HRESULT {
        S_OK
    }
}

#[test]
fn a_panic_in_an_implementation_becomes_e_unexpected() {
    let store: IWMPContentPartner = Panicky.into();
    // SAFETY: a null callback is allowed by SetCallback's contract.
    let hr = unsafe { store.SetCallback(std::ptr::null_mut()) };
    assert_eq!(hr, contentpartner::hresult::E_UNEXPECTED);
    // The object is still usable after the panic.
    // SAFETY: `store` is live and Logout takes no arguments.
    assert_eq!(unsafe { store.Logout() }, S_OK);
}
