//! Module support: object and lock counting, the class factory, DllGetClassObject's and
//! DllCanUnloadNow's logic, panic containment.

use std::ffi::c_void;

use contentpartner::bindings::{IWMPContentPartner, IWMPContentPartnerHandler};
use contentpartner::com::IClassFactory;
use contentpartner::hresult::*;
use contentpartner::panic::guard;
use contentpartner::server::*;
use windows_core::{GUID, IUnknown, Interface, implement};

static MODULE: Module = Module::new();
const CLSID: GUID = GUID::from_u128(0x3f1c9a52_0d4e_4b7a_9c2e_8a1b6d5e7f01);

#[implement(IWMPContentPartner)]
struct Store {
    _alive: ObjectCount,
}

impl IWMPContentPartnerHandler for Store {}

fn make() -> windows_core::Result<IUnknown> {
    let store: IWMPContentPartner = Store { _alive: ObjectCount::new(&MODULE) }.into();
    store.cast()
}

fn factory() -> IClassFactory {
    let mut raw = std::ptr::null_mut();
    // SAFETY: valid pointers to locals.
    let hr = unsafe { get_class_object(&MODULE, &CLSID, make, &CLSID, &IClassFactory::IID, &mut raw) };
    assert_eq!(hr, S_OK);
    // SAFETY: S_OK means `raw` holds an owned IClassFactory reference.
    unsafe { IClassFactory::from_raw(raw) }
}

// One test drives the module's counters from start to end, so no other test shares them.
#[test]
fn a_host_session_through_the_exports() {
    assert_eq!(MODULE.can_unload_now(), S_OK);
    let f = factory();
    assert_eq!(MODULE.can_unload_now(), S_FALSE, "a live factory keeps the DLL loaded");

    // CreateInstance: the object, then the rules around it.
    let mut raw: *mut c_void = std::ptr::null_mut();
    // SAFETY: valid pointers throughout; the interface comes back owned on S_OK.
    unsafe {
        assert_eq!(f.CreateInstance(std::ptr::null_mut(), &IWMPContentPartner::IID, &mut raw), S_OK);
        let partner = IWMPContentPartner::from_raw(raw);
        assert_eq!(MODULE.objects(), 2, "the factory and the store");
        let outer: IUnknown = partner.cast().expect("IUnknown");
        assert_eq!(f.CreateInstance(outer.as_raw(), &IWMPContentPartner::IID, &mut raw), CLASS_E_NOAGGREGATION);
        assert!(raw.is_null());
        assert_eq!(
            f.CreateInstance(std::ptr::null_mut(), &IClassFactory::IID, &mut raw),
            E_NOINTERFACE,
            "E_NOINTERFACE"
        );
        assert!(raw.is_null());
        assert_eq!(f.CreateInstance(std::ptr::null_mut(), &IWMPContentPartner::IID, std::ptr::null_mut()), E_POINTER);
        assert_eq!(f.CreateInstance(std::ptr::null_mut(), std::ptr::null(), &mut raw), E_POINTER);
        drop((partner, outer));
    }
    assert_eq!(MODULE.objects(), 1, "the store is gone, the factory lives");

    // LockServer keeps the DLL loaded after the factory is released.
    f.lock_server(1).expect("lock");
    drop(f);
    assert_eq!((MODULE.objects(), MODULE.locks()), (0, 1));
    assert_eq!(MODULE.can_unload_now(), S_FALSE);
    let f = factory();
    f.lock_server(0).expect("unlock");
    f.lock_server(0).expect("an extra unlock is ignored");
    drop(f);
    assert_eq!((MODULE.objects(), MODULE.locks()), (0, 0));
    assert_eq!(MODULE.can_unload_now(), S_OK);

    // DllGetClassObject's refusals.
    let mut raw = std::ptr::null_mut();
    let other = GUID::from_u128(1);
    // SAFETY: valid or deliberately null pointers.
    unsafe {
        assert_eq!(
            get_class_object(&MODULE, &CLSID, make, &other, &IClassFactory::IID, &mut raw),
            CLASS_E_CLASSNOTAVAILABLE
        );
        assert!(raw.is_null());
        assert_eq!(
            get_class_object(&MODULE, &CLSID, make, &CLSID, &IClassFactory::IID, std::ptr::null_mut()),
            E_POINTER
        );
        assert_eq!(
            get_class_object(&MODULE, &CLSID, make, std::ptr::null(), &IClassFactory::IID, &mut raw),
            E_INVALIDARG
        );
        assert_eq!(get_class_object(&MODULE, &CLSID, make, &CLSID, &IWMPContentPartner::IID, &mut raw), E_NOINTERFACE);
    }
    assert_eq!(MODULE.can_unload_now(), S_OK, "refused requests leave nothing alive");

    // A million AddRef/Release pairs from 8 threads end where they started.
    // Interface types are not Send; a host's threads share the raw pointer, as here.
    let f = factory();
    let raw = f.as_raw() as usize;
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(move || {
                let p = raw as *mut c_void;
                // SAFETY: `f` keeps the object alive until every thread has joined.
                let unknown = unsafe { IUnknown::from_raw_borrowed(&p) }.expect("non-null");
                for _ in 0..125_000 {
                    drop(unknown.clone());
                }
            });
        }
    });
    assert_eq!(MODULE.objects(), 1);
    drop(f);
    assert_eq!(MODULE.can_unload_now(), S_OK);
}

#[test]
fn guard_turns_a_panic_into_e_unexpected() {
    assert_eq!(guard("DllRegisterServer", || S_OK), S_OK);
    assert_eq!(guard("DllRegisterServer", || panic!("registry on fire")), E_UNEXPECTED);
}
