//! Copies of VARIANTs own what they hold, as VariantCopy makes them: a BSTR copied, an interface
//! referenced again, a SAFEARRAY copied deeply (Windows; elsewhere refused), and a VARIANT handed
//! to a worker (VerifyPermission's context) comes back to the player whole. `Variant` is not
//! `Sync`.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use contentpartner::apartment::Apartment;
use contentpartner::bindings::*;
use contentpartner::ole::{VARIANT, Variant};
use contentpartner::partner::ContentPartner;
use support::*;
use windows_core::{IUnknown, Interface, Result, implement};

const VT_I4: u16 = 3;
const VT_UNKNOWN: u16 = 13;
const VT_ARRAY: u16 = 0x2000;

/// Compiles only while `Variant` is not `Sync` (two impls match a `Sync` type, and the call below
/// becomes ambiguous).
trait NotSync<A> {
    fn check() {}
}
impl<T: ?Sized> NotSync<()> for T {}
impl<T: ?Sized + Sync> NotSync<u8> for T {}

#[test]
fn variant_is_send_but_not_sync() {
    fn send<T: Send>() {}
    send::<Variant>();
    <Variant as NotSync<_>>::check();
}

#[test]
fn a_copied_bstr_is_a_string_of_its_own() {
    let original = Variant::bstr("Zune HD");
    let copy = original.try_clone().unwrap();
    // SAFETY: both point at valid VARIANTs.
    let (a, b) = unsafe { ((*original.as_abi()).data[0], (*copy.as_abi()).data[0]) };
    assert_ne!(a, b, "the copy shares the original's BSTR");
    drop(original);
    assert_eq!(copy.as_bstr().map(|s| s.to_string()), Some("Zune HD".into()));
}

#[implement(IWMPContentContainer)]
struct Watched(Arc<AtomicBool>);
impl IWMPContentContainerHandler for Watched {}
impl Drop for Watched {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[test]
fn a_copied_interface_holds_a_reference_of_its_own() {
    let gone = Arc::new(AtomicBool::new(false));
    let object: IUnknown = IWMPContentContainer::from(Watched(Arc::clone(&gone))).cast().unwrap();
    let raw = VARIANT { vt: VT_UNKNOWN, data: [object.into_raw() as usize, 0], ..VARIANT::default() };
    // SAFETY: the VARIANT owns the one reference `into_raw` gave up.
    let original = unsafe { Variant::from_abi(raw) };
    let copy = original.try_clone().unwrap();
    drop(original);
    assert!(!gone.load(Ordering::SeqCst), "the copy's reference was the original's");
    drop(copy);
    assert!(gone.load(Ordering::SeqCst), "the copy's reference was never released");
}

/// Answers VerifyPermission with S_OK once it has read the context: the array [10, 20, 30].
struct ArrayReader;

impl ContentPartner for ArrayReader {
    fn verify_permission(&self, _: &str, context: &Variant) -> Result<()> {
        assert_eq!(sarray::elements(context), vec![10, 20, 30]);
        Ok(())
    }
}

#[cfg(windows)]
mod sarray {
    use std::ffi::c_void;

    use contentpartner::ole::{VARIANT, Variant};

    #[link(name = "oleaut32")]
    unsafe extern "system" {
        fn SafeArrayCreateVector(vt: u16, lower: i32, count: u32) -> *mut c_void;
        fn SafeArrayPutElement(array: *mut c_void, index: *const i32, value: *const c_void) -> i32;
        fn SafeArrayGetElement(array: *mut c_void, index: *const i32, value: *mut c_void) -> i32;
        fn SafeArrayGetUBound(array: *mut c_void, dim: u32, upper: *mut i32) -> i32;
    }

    /// A VT_ARRAY|VT_I4 VARIANT that owns a new SAFEARRAY of `values`.
    pub fn of(values: &[i32]) -> Variant {
        // SAFETY: a new one-dimensional array, filled element by element within its bounds.
        unsafe {
            let array = SafeArrayCreateVector(super::VT_I4, 0, values.len() as u32);
            assert!(!array.is_null());
            for (i, v) in values.iter().enumerate() {
                assert_eq!(SafeArrayPutElement(array, &(i as i32), (v as *const i32).cast()), 0);
            }
            let raw = VARIANT { vt: super::VT_ARRAY | super::VT_I4, data: [array as usize, 0], ..VARIANT::default() };
            Variant::from_abi(raw)
        }
    }

    /// The elements of a VT_ARRAY|VT_I4 VARIANT.
    pub fn elements(v: &Variant) -> Vec<i32> {
        // SAFETY: reads a VARIANT the caller holds; its array is read within its bounds.
        unsafe {
            let raw = &*v.as_abi();
            assert_eq!(raw.vt, super::VT_ARRAY | super::VT_I4);
            let array = raw.data[0] as *mut c_void;
            let mut upper = -1;
            assert_eq!(SafeArrayGetUBound(array, 1, &mut upper), 0);
            (0..=upper)
                .map(|i| {
                    let mut value = 0i32;
                    assert_eq!(SafeArrayGetElement(array, &i, (&mut value as *mut i32).cast()), 0);
                    value
                })
                .collect()
        }
    }

    /// The array pointer of a VT_ARRAY VARIANT.
    pub fn pointer(v: &Variant) -> usize {
        // SAFETY: reads a VARIANT the caller holds.
        unsafe { (*v.as_abi()).data[0] }
    }
}

#[cfg(not(windows))]
mod sarray {
    use contentpartner::ole::Variant;

    pub fn elements(_: &Variant) -> Vec<i32> {
        unreachable!("off Windows no array reaches a store")
    }
}

#[cfg(windows)]
#[test]
fn a_copied_array_is_an_array_of_its_own() {
    let original = sarray::of(&[10, 20, 30]);
    let copy = original.try_clone().unwrap();
    assert_ne!(sarray::pointer(&original), sarray::pointer(&copy), "the copy shares the original's SAFEARRAY");
    drop(original);
    assert_eq!(sarray::elements(&copy), [10, 20, 30]);
}

#[cfg(windows)]
#[test]
fn an_array_context_goes_to_the_worker_and_back_whole() {
    let _apartment = Apartment::multithreaded();
    let (partner, log) = attach(ArrayReader);
    let context = sarray::of(&[10, 20, 30]);
    partner.verify_permission(g_szVerifyPermissionSync, &context).unwrap();
    // The completion echoes the context: the player's log shows its type, and the caller's own
    // array is untouched by the worker's copy being freed.
    let lines = log.settled(1);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with(r#"VerifyPermissionComplete "VerifyPermissionSync" Other(8195) 0x0"#), "{lines:?}");
    drop(partner);
    assert_eq!(sarray::elements(&context), [10, 20, 30]);
}

#[cfg(not(windows))]
#[test]
fn an_array_context_is_refused_off_windows() {
    let _apartment = Apartment::multithreaded();
    let (partner, log) = attach(ArrayReader);
    // A VARIANT that says VT_ARRAY; nothing here can copy (or free) a SAFEARRAY.
    let raw = VARIANT { vt: VT_ARRAY | VT_I4, data: [0x1000, 0], ..VARIANT::default() };
    // SAFETY: given back with `into_abi` below, so its pretend array is never freed.
    let context = unsafe { Variant::from_abi(raw) };
    let refused = partner.verify_permission(g_szVerifyPermissionSync, &context);
    let _ = context.into_abi();
    assert_eq!(refused.unwrap_err().code(), contentpartner::hresult::DISP_E_BADVARTYPE);
    std::thread::sleep(SETTLE);
    assert!(log.lines().is_empty(), "a refused request got a completion: {:?}", log.lines());
}
