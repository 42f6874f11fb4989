//! One Player-to-store call through a vtable into the store's code, three ways, in one run:
//!
//! - `ours`: the object a store DLL hands out (DllGetClassObject, then the class factory's
//!   CreateInstance, as the `#[content_partner]` exports build it), reaching the store's
//!   `ContentPartner` method;
//! - `windows_core`: the same interface (same IID, same 23 slots) declared with
//!   `#[windows_core::interface]`, implemented with `#[windows_core::implement]` calling the same
//!   store methods;
//! - `raw`: a hand-written `#[repr(C)]` object and vtable calling the same store methods.
//!
//! The player side is the same for all three, and what WMP (C++) does: read the object's vtable
//! pointer, call the slot. `notify` is Notify(WMPPartnerNotification, VARIANT* VT_UI4), the only
//! synchronous IWMPContentPartner method without strings; `item_info` is GetItemInfo(BSTR,
//! VARIANT*, VARIANT*) returning a VT_BSTR URL, which the player then clears.
//!
//! Run: `cargo bench -p contentpartner --bench call_overhead`. For instruction counts, which do not
//! depend on the machine's load, `call_overhead --calls METHOD OBJECT N` makes N calls and nothing
//! else (scripts/bench-runtime.sh runs it under callgrind).

use std::ffi::c_void;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};

use contentpartner::bindings::*;
use contentpartner::com::IClassFactory;
use contentpartner::content_partner;
use contentpartner::ole::{
    BLOB, BSTR, BStrRef, Bstr, E_INVALIDARG, E_NOTIMPL, E_POINTER, E_UNEXPECTED, S_OK, VARIANT, VARIANT_BOOL, Variant,
};
use contentpartner::partner::ContentPartner;
use divan::{Bencher, black_box};
use windows_core::{Error, GUID, HRESULT, IUnknown, IUnknown_Vtbl, Interface, Result, implement, interface};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match &args[..] {
        [flag, method, object, n] if flag == "--calls" => count(method, object, n.parse().expect("N is a count")),
        _ => divan::main(),
    }
}

const CLSID: GUID = GUID::from_u128(0x6b1d2c3e_4f50_4a61_8b72_93a4b5c6d7e8);
const ALBUM_ART: &str = "https://store.example/art/album.jpg";

// ---------------------------------------------------------------------------------------------
// The store: the same methods behind all three objects.

#[content_partner(clsid = "6b1d2c3e-4f50-4a61-8b72-93a4b5c6d7e8", store_key = "BenchStore", name = "Bench store")]
#[derive(Default)]
struct Store {
    last: AtomicI32,
}

impl ContentPartner for Store {
    fn notify(&self, notification: WMPPartnerNotification, context: &Variant) -> Result<()> {
        let detail = context.as_ui4().ok_or_else(|| Error::from_hresult(E_INVALIDARG))?;
        self.last.store(notification.0 ^ detail as i32, Ordering::Relaxed);
        Ok(())
    }

    fn item_info(&self, name: BStrRef<'_>, context: &Variant) -> Result<Variant> {
        if name != g_szItemInfo_AlbumArtURL || context.as_ui4().is_none() {
            return Err(Error::from_hresult(E_INVALIDARG));
        }
        Ok(Variant::bstr(ALBUM_ART))
    }
}

unsafe extern "system" {
    // Defined by `#[content_partner]` above; found by name, as a player finds it in the DLL.
    fn DllGetClassObject(clsid: *const GUID, riid: *const GUID, ppv: *mut *mut c_void) -> HRESULT;
}

/// Ours: created the way a player creates a store.
fn ours() -> IWMPContentPartner {
    let mut raw = std::ptr::null_mut();
    // SAFETY: pointers to locals; S_OK hands over an owned IClassFactory.
    let factory = unsafe {
        DllGetClassObject(&CLSID, &IClassFactory::IID, &mut raw).unwrap();
        IClassFactory::from_raw(raw)
    };
    let mut raw = std::ptr::null_mut();
    // SAFETY: as above; S_OK hands over an owned IWMPContentPartner.
    unsafe {
        factory.CreateInstance(std::ptr::null_mut(), &IWMPContentPartner::IID, &mut raw).unwrap();
        IWMPContentPartner::from_raw(raw)
    }
}

// ---------------------------------------------------------------------------------------------
// The windows-core anchor: IWMPContentPartner declared by hand with `#[interface]`.

use anchor::*;

// The slot names and signatures of the IDL, as windows-bindgen keeps them.
#[allow(non_snake_case, clippy::too_many_arguments)]
mod anchor {
    use super::*;

    #[interface("55455073-41b5-4e75-87b8-f13bdb291d08")]
    pub unsafe trait IAnchorPartner: IUnknown {
        fn SetCallback(&self, callback: *mut c_void) -> HRESULT;
        fn Notify(&self, kind: WMPPartnerNotification, context: *const VARIANT) -> HRESULT;
        fn GetItemInfo(&self, name: BSTR, context: *const VARIANT, data: *mut VARIANT) -> HRESULT;
        fn GetContentPartnerInfo(&self, name: BSTR, data: *mut VARIANT) -> HRESULT;
        fn GetCommands(
            &self,
            location: BSTR,
            context: *const VARIANT,
            item_location: BSTR,
            count: u32,
            items: *const u32,
            menu_count: *mut u32,
            menu: *mut *mut WMPContextMenuInfo,
        ) -> HRESULT;
        fn InvokeCommand(
            &self,
            id: u32,
            location: BSTR,
            context: *const VARIANT,
            item_location: BSTR,
            count: u32,
            items: *const u32,
        ) -> HRESULT;
        fn CanBuySilent(&self, list: *mut c_void, price: *mut BSTR, silent: *mut VARIANT_BOOL) -> HRESULT;
        fn Buy(&self, list: *mut c_void, cookie: u32) -> HRESULT;
        fn GetStreamingURL(&self, kind: WMPStreamingType, context: *const VARIANT, url: *mut BSTR) -> HRESULT;
        fn Download(&self, list: *mut c_void, cookie: u32) -> HRESULT;
        fn DownloadTrackComplete(&self, result: HRESULT, id: u32, params: BSTR) -> HRESULT;
        fn RefreshLicense(
            &self,
            cookie: u32,
            local: VARIANT_BOOL,
            url: BSTR,
            kind: WMPStreamingType,
            id: u32,
            reason: BSTR,
            context: *const VARIANT,
        ) -> HRESULT;
        fn GetCatalogURL(
            &self,
            version: u32,
            schema: u32,
            lcid: u32,
            new_version: *mut u32,
            url: *mut BSTR,
            expires: *mut VARIANT,
        ) -> HRESULT;
        fn GetTemplate(
            &self,
            task: WMPTaskType,
            location: BSTR,
            context: *const VARIANT,
            click_location: BSTR,
            click_context: *const VARIANT,
            filter: BSTR,
            view_params: BSTR,
            url: *mut BSTR,
            size: *mut WMPTemplateSize,
        ) -> HRESULT;
        fn UpdateDevice(&self, device: BSTR) -> HRESULT;
        fn GetListContents(
            &self,
            location: BSTR,
            context: *const VARIANT,
            kind: BSTR,
            params: BSTR,
            cookie: u32,
        ) -> HRESULT;
        fn Login(&self, user: BLOB, password: BLOB, used_cached: VARIANT_BOOL, may_cache: VARIANT_BOOL) -> HRESULT;
        fn Authenticate(&self, user: BLOB, password: BLOB) -> HRESULT;
        fn Logout(&self) -> HRESULT;
        fn SendMessage(&self, message: BSTR, param: BSTR) -> HRESULT;
        fn StationEvent(
            &self,
            kind: BSTR,
            station: u32,
            playlist: u32,
            track: u32,
            data: BSTR,
            seconds: u32,
        ) -> HRESULT;
        fn CompareContainerListPrices(&self, base: *mut c_void, other: *mut c_void, result: *mut i32) -> HRESULT;
        fn VerifyPermission(&self, permission: BSTR, context: *const VARIANT) -> HRESULT;
    }
}

// The player reads the anchor through IWMPContentPartner's vtable type: the layouts must agree.
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<IAnchorPartner_Vtbl>() == size_of::<IWMPContentPartner_Vtbl>());
    assert!(offset_of!(IAnchorPartner_Vtbl, Notify) == offset_of!(IWMPContentPartner_Vtbl, Notify));
    assert!(offset_of!(IAnchorPartner_Vtbl, GetItemInfo) == offset_of!(IWMPContentPartner_Vtbl, GetItemInfo));
    assert!(offset_of!(IAnchorPartner_Vtbl, VerifyPermission) == offset_of!(IWMPContentPartner_Vtbl, VerifyPermission));
};

#[implement(IAnchorPartner)]
struct AnchorPartner {
    store: Store,
}

fn hresult(r: Result<()>) -> HRESULT {
    r.map_or_else(|e| e.code(), |()| S_OK)
}

/// The GetItemInfo body both hand-written objects share: check, clear, call the store, hand over.
///
/// # Safety
/// GetItemInfo's pointers: `context` null or a valid VARIANT, `data` null or writable.
unsafe fn item_info(store: &Store, name: BSTR, context: *const VARIANT, data: *mut VARIANT) -> HRESULT {
    if data.is_null() {
        return E_POINTER;
    }
    // SAFETY: checked non-null; the caller vouches for the rest.
    unsafe {
        data.write(VARIANT::default());
        match store.item_info(BStrRef::from_abi(name), Variant::from_abi_ref(context)) {
            Ok(v) => {
                data.write(v.into_abi());
                S_OK
            }
            Err(e) => e.code(),
        }
    }
}

impl IAnchorPartner_Impl for AnchorPartner_Impl {
    unsafe fn Notify(&self, kind: WMPPartnerNotification, context: *const VARIANT) -> HRESULT {
        // SAFETY: an [in] VARIANT* from the caller.
        hresult(self.store.notify(kind, unsafe { Variant::from_abi_ref(context) }))
    }
    unsafe fn GetItemInfo(&self, name: BSTR, context: *const VARIANT, data: *mut VARIANT) -> HRESULT {
        // SAFETY: GetItemInfo's pointers, forwarded.
        unsafe { item_info(&self.store, name, context, data) }
    }
    // The other slots exist for the layout only.
    unsafe fn SetCallback(&self, _: *mut c_void) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn GetContentPartnerInfo(&self, _: BSTR, _: *mut VARIANT) -> HRESULT {
        E_NOTIMPL
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
        E_NOTIMPL
    }
    unsafe fn InvokeCommand(&self, _: u32, _: BSTR, _: *const VARIANT, _: BSTR, _: u32, _: *const u32) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn CanBuySilent(&self, _: *mut c_void, _: *mut BSTR, _: *mut VARIANT_BOOL) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn Buy(&self, _: *mut c_void, _: u32) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn GetStreamingURL(&self, _: WMPStreamingType, _: *const VARIANT, _: *mut BSTR) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn Download(&self, _: *mut c_void, _: u32) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn DownloadTrackComplete(&self, _: HRESULT, _: u32, _: BSTR) -> HRESULT {
        E_NOTIMPL
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
        E_NOTIMPL
    }
    unsafe fn GetCatalogURL(&self, _: u32, _: u32, _: u32, _: *mut u32, _: *mut BSTR, _: *mut VARIANT) -> HRESULT {
        E_NOTIMPL
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
        E_NOTIMPL
    }
    unsafe fn UpdateDevice(&self, _: BSTR) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn GetListContents(&self, _: BSTR, _: *const VARIANT, _: BSTR, _: BSTR, _: u32) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn Login(&self, _: BLOB, _: BLOB, _: VARIANT_BOOL, _: VARIANT_BOOL) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn Authenticate(&self, _: BLOB, _: BLOB) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn Logout(&self) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn SendMessage(&self, _: BSTR, _: BSTR) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn StationEvent(&self, _: BSTR, _: u32, _: u32, _: u32, _: BSTR, _: u32) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn CompareContainerListPrices(&self, _: *mut c_void, _: *mut c_void, _: *mut i32) -> HRESULT {
        E_NOTIMPL
    }
    unsafe fn VerifyPermission(&self, _: BSTR, _: *const VARIANT) -> HRESULT {
        E_NOTIMPL
    }
}

// ---------------------------------------------------------------------------------------------
// The raw anchor: the object and the first six slots by hand (the calls use no others).

#[repr(C)]
struct RawVtbl {
    base: IUnknown_Vtbl,
    set_callback: unsafe extern "system" fn(*mut c_void, *mut c_void) -> HRESULT,
    notify: unsafe extern "system" fn(*mut c_void, WMPPartnerNotification, *const VARIANT) -> HRESULT,
    get_item_info: unsafe extern "system" fn(*mut c_void, BSTR, *const VARIANT, *mut VARIANT) -> HRESULT,
}

#[repr(C)]
struct RawPartner {
    vtable: &'static RawVtbl,
    refs: AtomicU32,
    store: Store,
}

static RAW_VTBL: RawVtbl = RawVtbl {
    base: IUnknown_Vtbl { QueryInterface: raw_query, AddRef: raw_add_ref, Release: raw_release },
    set_callback: raw_set_callback,
    notify: raw_notify,
    get_item_info: raw_get_item_info,
};

/// Panics stop at the ABI edge here too, as in the other two objects.
fn edge(body: impl FnOnce() -> HRESULT) -> HRESULT {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or(E_UNEXPECTED)
}

unsafe extern "system" fn raw_query(this: *mut c_void, iid: *const GUID, out: *mut *mut c_void) -> HRESULT {
    // SAFETY: COM's QueryInterface contract: valid `iid` and `out`.
    unsafe {
        if *iid == IUnknown::IID || *iid == IWMPContentPartner::IID {
            raw_add_ref(this);
            *out = this;
            S_OK
        } else {
            *out = std::ptr::null_mut();
            contentpartner::hresult::E_NOINTERFACE
        }
    }
}

unsafe extern "system" fn raw_add_ref(this: *mut c_void) -> u32 {
    // SAFETY: `this` is a live RawPartner.
    unsafe { (*(this as *const RawPartner)).refs.fetch_add(1, Ordering::Relaxed) + 1 }
}

unsafe extern "system" fn raw_release(this: *mut c_void) -> u32 {
    // SAFETY: `this` is a live RawPartner made by `raw()`; the last reference frees it.
    unsafe {
        let left = (*(this as *const RawPartner)).refs.fetch_sub(1, Ordering::Release) - 1;
        if left == 0 {
            std::sync::atomic::fence(Ordering::Acquire);
            drop(Box::from_raw(this as *mut RawPartner));
        }
        left
    }
}

unsafe extern "system" fn raw_set_callback(_: *mut c_void, _: *mut c_void) -> HRESULT {
    E_NOTIMPL
}

unsafe extern "system" fn raw_notify(
    this: *mut c_void,
    kind: WMPPartnerNotification,
    context: *const VARIANT,
) -> HRESULT {
    // SAFETY: `this` is a live RawPartner; `context` an [in] VARIANT* from the caller.
    edge(|| unsafe { hresult((*(this as *const RawPartner)).store.notify(kind, Variant::from_abi_ref(context))) })
}

unsafe extern "system" fn raw_get_item_info(
    this: *mut c_void,
    name: BSTR,
    context: *const VARIANT,
    data: *mut VARIANT,
) -> HRESULT {
    // SAFETY: `this` is a live RawPartner; GetItemInfo's pointers, forwarded.
    edge(|| unsafe { item_info(&(*(this as *const RawPartner)).store, name, context, data) })
}

/// A raw object with one reference, owned by the returned IUnknown.
fn raw() -> IUnknown {
    let object = Box::new(RawPartner { vtable: &RAW_VTBL, refs: AtomicU32::new(1), store: Store::default() });
    // SAFETY: a COM object (vtable pointer first) with one reference, handed to its owner.
    unsafe { IUnknown::from_raw(Box::into_raw(object) as *mut c_void) }
}

// ---------------------------------------------------------------------------------------------
// The player's side: WMP reads the vtable pointer and calls the slot.

type NotifySlot = unsafe extern "system" fn(*mut c_void, WMPPartnerNotification, *const VARIANT) -> HRESULT;
type ItemInfoSlot = unsafe extern "system" fn(*mut c_void, BSTR, *const VARIANT, *mut VARIANT) -> HRESULT;

/// A vtable with Notify and GetItemInfo at IWMPContentPartner's slots.
trait Slots {
    fn notify(&self) -> NotifySlot;
    fn item_info(&self) -> ItemInfoSlot;
}

impl Slots for IWMPContentPartner_Vtbl {
    fn notify(&self) -> NotifySlot {
        self.Notify
    }
    fn item_info(&self) -> ItemInfoSlot {
        self.GetItemInfo
    }
}

impl Slots for RawVtbl {
    fn notify(&self) -> NotifySlot {
        self.notify
    }
    fn item_info(&self) -> ItemInfoSlot {
        self.get_item_info
    }
}

/// One of the three objects, as the player holds it.
struct Object<V: Slots> {
    this: *mut c_void,
    _owner: IUnknown,
    _slots: PhantomData<V>,
}

impl Object<IWMPContentPartner_Vtbl> {
    fn ours() -> Self {
        Object::checked(ours().into())
    }

    /// The anchor's vtable has IWMPContentPartner's layout (checked above).
    fn windows_core() -> Self {
        let anchor: IAnchorPartner = AnchorPartner { store: Store::default() }.into();
        Object::checked(anchor.into())
    }
}

impl Object<RawVtbl> {
    fn raw() -> Self {
        Object::checked(raw())
    }
}

impl<V: Slots> Object<V> {
    /// Takes the object and checks it gives the answers the others give.
    fn checked(owner: IUnknown) -> Self {
        let object: Self = Object { this: owner.as_raw(), _owner: owner, _slots: PhantomData };
        let (name, context) = (Bstr::from(g_szItemInfo_AlbumArtURL), context());
        assert_eq!(object.notify(&context), S_OK);
        let mut data = VARIANT::default();
        // SAFETY: a live object of this vtable; GetItemInfo hands over the VARIANT.
        let data = unsafe {
            assert_eq!(
                (object.slots().item_info())(object.this, name.as_ref().abi(), context.as_abi(), &mut data),
                S_OK
            );
            Variant::from_abi(data)
        };
        assert_eq!(data.as_bstr().map(|b| b.to_string()).as_deref(), Some(ALBUM_ART));
        object
    }

    fn slots(&self) -> &V {
        let this = black_box(self.this);
        // SAFETY: `_owner` keeps the object alive; its first word points at a `V`.
        unsafe { &**(this as *const *const V) }
    }

    fn notify(&self, context: &Variant) -> HRESULT {
        // SAFETY: a live object and an [in] VARIANT.
        unsafe {
            (self.slots().notify())(self.this, WMPPartnerNotification::wmpsnCatalogDownloadComplete, context.as_abi())
        }
    }

    /// GetItemInfo, then the player clears the VARIANT it got.
    fn item_info(&self, name: &Bstr, context: &Variant) -> HRESULT {
        let mut data = VARIANT::default();
        // SAFETY: a live object; `data` is the player's to clear, which dropping the Variant does.
        unsafe {
            let hr = (self.slots().item_info())(self.this, name.as_ref().abi(), context.as_abi(), &mut data);
            drop(Variant::from_abi(data));
            hr
        }
    }
}

fn context() -> Variant {
    Variant::ui4(7)
}

fn bench_notify<V: Slots>(bencher: Bencher, object: Object<V>) {
    let context = context();
    bencher.bench_local(|| object.notify(&context));
}

fn bench_item_info<V: Slots>(bencher: Bencher, object: Object<V>) {
    let (name, context) = (Bstr::from(g_szItemInfo_AlbumArtURL), context());
    bencher.bench_local(|| object.item_info(&name, &context));
}

// Fixed sample sizes: the first benchmark of the run must not be sized by a cold first call.
#[divan::bench_group(sample_count = 200, sample_size = 10_000)]
mod notify {
    use super::*;

    #[divan::bench]
    fn ours(bencher: Bencher) {
        bench_notify(bencher, Object::ours());
    }

    #[divan::bench]
    fn windows_core(bencher: Bencher) {
        bench_notify(bencher, Object::windows_core());
    }

    #[divan::bench]
    fn raw(bencher: Bencher) {
        bench_notify(bencher, Object::raw());
    }
}

#[divan::bench_group(sample_count = 200, sample_size = 1_000)]
mod item_info {
    use super::*;

    #[divan::bench]
    fn ours(bencher: Bencher) {
        bench_item_info(bencher, Object::ours());
    }

    #[divan::bench]
    fn windows_core(bencher: Bencher) {
        bench_item_info(bencher, Object::windows_core());
    }

    #[divan::bench]
    fn raw(bencher: Bencher) {
        bench_item_info(bencher, Object::raw());
    }
}

/// `call_overhead --calls METHOD OBJECT N`: N calls and nothing else, for instruction counts
/// (`valgrind --tool=callgrind`; per call = the difference between two N, divided).
fn count(method: &str, object: &str, n: u64) {
    fn run<V: Slots>(method: &str, object: Object<V>, n: u64) {
        let (name, context) = (Bstr::from(g_szItemInfo_AlbumArtURL), context());
        match method {
            "notify" => (0..n).for_each(|_| assert_eq!(object.notify(&context), S_OK)),
            "item_info" => (0..n).for_each(|_| assert_eq!(object.item_info(&name, &context), S_OK)),
            _ => panic!("METHOD is notify or item_info"),
        }
    }
    match object {
        "ours" => run(method, Object::ours(), n),
        "windows_core" => run(method, Object::windows_core(), n),
        "raw" => run(method, Object::raw(), n),
        _ => panic!("OBJECT is ours, windows_core or raw"),
    }
}
