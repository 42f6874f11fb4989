//! The golden output of codegen/tests/golden/records.idl and kinds.idl compiled and used: record
//! layouts equal to what mingw gcc (`-mms-bitfields`, MSVC's rules) computes for widl's header,
//! bit fields read back what was written, constants of every type, DISPIDs, and a dispinterface
//! wrapper calling `Invoke` on an IDispatch object, interfaces without IUnknown called through
//! their vtables; edges.rs compiles despite its colliding names.

#![allow(non_snake_case)]

// codegen's golden output, generated: allowed here, as the runtime allows its own bindings.
#[allow(clippy::undocumented_unsafe_blocks, clippy::all)]
mod records {
    include!("../../codegen/tests/golden/records.rs");
}
#[allow(clippy::undocumented_unsafe_blocks, clippy::all)]
mod kinds {
    include!("../../codegen/tests/golden/kinds.rs");
}
#[allow(clippy::undocumented_unsafe_blocks, clippy::all)]
mod edges {
    include!("../../codegen/tests/golden/edges.rs");
}

use std::cell::RefCell;
use std::mem::{offset_of, size_of};

use contentpartner::ole::dispatch::{
    DISP_E_EXCEPTION, DISPATCH_METHOD, DISPATCH_PROPERTYPUT, DISPID_PROPERTYPUT, DISPPARAMS, EXCEPINFO,
};
use contentpartner::ole::{BStrRef, Bstr, IDispatch, IDispatchHandler, VARIANT, Variant};
use records::*;
use windows_core::{AsImpl, GUID, HRESULT, implement};

#[test]
fn records_are_laid_out_as_msvc_lays_them_out() {
    // mingw gcc -mms-bitfields on widl's header of records.idl.
    assert_eq!(size_of::<tagRecord>(), 72);
    let offsets = [
        offset_of!(tagRecord, anonymous1),
        offset_of!(tagRecord, inner),
        offset_of!(tagRecord, shape),
        offset_of!(tagRecord, afterBits),
        offset_of!(tagRecord, notify),
        offset_of!(tagRecord, name),
        offset_of!(tagRecord, cItems),
        offset_of!(tagRecord, items),
    ];
    assert_eq!(offsets, [4, 8, 24, 34, 40, 48, 64, 68]);
    // Both bit-field units: the 32-bit one after `shape`, the 16-bit one after it.
    assert_eq!((offset_of!(tagRecord, _bitfield1), offset_of!(tagRecord, _bitfield2)), (28, 32));
    assert_eq!((offset_of!(tagRecord_anonymous1, number), offset_of!(tagRecord_anonymous1, halves)), (0, 0));
    assert_eq!(offset_of!(tagRecord_anonymous1_halves, high), 2);
    assert_eq!(size_of::<tagValue>(), 8);
    assert_eq!((size_of::<tagTagged>(), offset_of!(tagTagged, tagged_union)), (16, 8));
    // pack(1): the 32-bit unit right after the byte.
    assert_eq!((size_of::<tagPackedBits>(), offset_of!(tagPackedBits, _bitfield1)), (5, 1));
}

#[test]
fn bit_fields_round_trip_with_c_bits() {
    // SAFETY: every field of the record is an integer, an array of them or a nullable fn pointer.
    let mut r: tagRecord = unsafe { std::mem::zeroed() };
    r.set_signedBits(-3);
    r.set_flagBits(21);
    r.set_otherUnit(-5);
    // The bits gcc's header writes for the same assignments.
    assert_eq!((r._bitfield1, r._bitfield2), (0xad, 0xb));
    assert_eq!((r.signedBits(), r.flagBits(), r.otherUnit()), (-3, 21, -5));
    r.set_flagBits(0xFF);
    assert_eq!((r.signedBits(), r.flagBits()), (-3, 31), "a value is cut to its width, its neighbour kept");
    let mut p = tagPackedBits { head: 1, _bitfield1: 0 };
    p.set_high(0x0ABC_DEF1);
    p.set_low(0x7);
    assert_eq!((p.low(), p.high(), { p._bitfield1 }), (7, 0x0ABC_DEF1, 0xABCD_EF17));
}

#[test]
fn constants_have_their_types_and_values() {
    assert_eq!((LETTER, WIDE_LETTER, YES), (65i8, 0x5Au16, 1u8));
    assert_eq!((HALF, THIRD), (0.5f32, 0.25f64));
    assert_eq!((NEG_SHORT, ALL_BITS, WRAPPED), (-2i16, 0xFFFFu16, -1i32));
    assert_eq!((BIG_SIGNED, BIG_UNSIGNED), (-0x1_0000_0000i64, u64::MAX));
    assert_eq!(E_KIND, HRESULT(0x80040201_u32 as i32));
    assert_eq!((GREETING, WIDE_GREETING_W), ("hi", &[0x68u16, 0xE9, 0][..]));
    assert_eq!((DEFAULT_COLOR, tagColor::colBlue.0), (tagColor::colRed, -1));
    assert_eq!((Size::sizeLarge.0, tagRecord_shape::shapeFlat.0), (1, 1));
}

#[test]
fn kinds_have_their_ids_and_slots() {
    use kinds::*;
    let ids = [DISPID_DKinds_Count, DISPID_DKinds_Name, DISPID_DKinds_Reset, DISPID_DKinds_Add, DISPID_DKinds_Item];
    assert_eq!(ids, [1, 2, 3, 4, 0]);
    assert_eq!((DISPID_IDualKinds_Size, DISPID_IDualKinds_Scale), (1, 2));
    assert_eq!(LIBID_KindsLib, GUID::from_u128(0x11111111_2222_3333_4444_555555555555));
    assert_eq!(DIID_DKinds, GUID::from_u128(0x11111111_2222_3333_4444_555555555556));
    assert_eq!(CLSID_Kinds, GUID::from_u128(0x11111111_2222_3333_4444_555555555558));
    assert_eq!(MAX_KINDS, 7);
    let ptr = size_of::<usize>();
    // IDispatch's seven slots, then the dual interface's four.
    assert_eq!(size_of::<IDualKinds_Vtbl>(), 11 * ptr);
    // The `[call_as]` method is not a slot: IUnknown's three and the `[local]` one.
    assert_eq!((size_of::<ILocalPair_Vtbl>(), offset_of!(ILocalPair_Vtbl, Get)), (4 * ptr, 3 * ptr));
}

/// One `Invoke` as the object saw it: DISPID, flags, integer arguments (last first), named ones.
type Call = (i32, u16, Vec<i32>, Vec<i32>);

/// An IDispatch that records each `Invoke` and answers the sum of its integer arguments, or an
/// exception for DISPID 99.
#[implement(IDispatch)]
#[derive(Default)]
struct Recorder {
    calls: RefCell<Vec<Call>>,
}

impl IDispatchHandler for Recorder {
    unsafe fn invoke(
        &self,
        dispid: i32,
        _: *const GUID,
        _: u32,
        flags: u16,
        params: *mut DISPPARAMS,
        result: *mut VARIANT,
        excep: *mut EXCEPINFO,
        _: *mut u32,
    ) -> HRESULT {
        // SAFETY: `invoke` passes a DISPPARAMS whose arrays hold `cArgs` and `cNamedArgs` items.
        let (args, named) = unsafe {
            let p = &*params;
            let args = contentpartner::ole::slice_from_abi(p.rgvarg, p.cArgs);
            (args.to_vec(), contentpartner::ole::slice_from_abi(p.rgdispidNamedArgs, p.cNamedArgs).to_vec())
        };
        // SAFETY: each VARIANT is one of the caller's live `Variant`s.
        let ints: Vec<i32> = args.iter().map(|v| unsafe { Variant::from_abi_ref(v) }.as_i4().unwrap_or(-1)).collect();
        self.calls.borrow_mut().push((dispid, flags, ints.clone(), named));
        if dispid == 99 {
            // SAFETY: `excep` is the caller's EXCEPINFO.
            unsafe { (*excep).scode = 0x80040205_u32 as i32 };
            return DISP_E_EXCEPTION;
        }
        if !result.is_null() {
            // SAFETY: `result` is the caller's empty VARIANT, ours to fill.
            unsafe { *result = Variant::i4(ints.iter().sum()).into_abi() };
        }
        HRESULT(0)
    }
}

#[test]
fn a_dispinterface_wrapper_calls_invoke_with_its_arguments() {
    let disp: IDispatch = Recorder::default().into();
    let wrapper = kinds::DKinds(disp.clone());
    let sum = wrapper.add(&Variant::i4(2), &Variant::i4(40)).expect("Add");
    assert_eq!(sum.as_i4(), Some(42));
    wrapper.set_count(&Variant::i4(7)).expect("Count put");
    assert_eq!(wrapper.item(&Variant::i4(5)).expect("Item").as_i4(), Some(5));
    // SAFETY: `disp` was made from a Recorder just above.
    let recorder: &Recorder = unsafe { disp.as_impl() };
    let calls = recorder.calls.borrow().clone();
    assert_eq!(
        calls,
        [
            // Arguments last first, as IDispatch takes them.
            (kinds::DISPID_DKinds_Add, DISPATCH_METHOD, vec![40, 2], vec![]),
            (kinds::DISPID_DKinds_Count, DISPATCH_PROPERTYPUT, vec![7], vec![DISPID_PROPERTYPUT]),
            (kinds::DISPID_DKinds_Item, 2, vec![5], vec![]),
        ]
    );
    let err = contentpartner::ole::dispatch::invoke(&disp, 99, DISPATCH_METHOD, &[]).unwrap_err();
    assert_eq!(err.code(), HRESULT(0x80040205_u32 as i32), "an exception is its scode");
}

#[test]
fn a_dual_interface_wrapper_calls_invoke_by_its_dispids() {
    let disp: IDispatch = Recorder::default().into();
    let wrapper = kinds::IDualKinds_Dispatch(disp.clone());
    wrapper.set_size(&Variant::i4(12)).expect("Size put");
    assert_eq!(wrapper.size().expect("Size get").as_i4(), Some(0));
    assert_eq!(wrapper.scale(&Variant::i4(3)).expect("Scale").as_i4(), Some(3));
    wrapper.set_size_(&Variant::i4(5)).expect("SetSize");
    // SAFETY: `disp` was made from a Recorder just above.
    let recorder: &Recorder = unsafe { disp.as_impl() };
    assert_eq!(
        recorder.calls.borrow().clone(),
        [
            (kinds::DISPID_IDualKinds_Size, DISPATCH_PROPERTYPUT, vec![12], vec![DISPID_PROPERTYPUT]),
            (1, 2, vec![], vec![]),
            (kinds::DISPID_IDualKinds_Scale, DISPATCH_METHOD, vec![3], vec![]),
            (kinds::DISPID_IDualKinds_SetSize, DISPATCH_METHOD, vec![5], vec![]),
        ]
    );
    assert_eq!((kinds::DISPID_IDualKinds_Size, kinds::DISPID_IDualKinds_Scale), (1, 2));
}

/// A handler of IThing, under the name the collision with interface IThingHandler leaves it.
#[implement(edges::IThing)]
#[derive(Default)]
struct Thing {
    text: RefCell<String>,
}

impl edges::IThing_Handler for Thing {
    fn set_mode(&self, mode: edges::Mode) -> windows_core::Result<()> {
        if mode == edges::Mode::modeSlow { Ok(()) } else { Err(HRESULT(1).into()) }
    }
    fn text(&self) -> windows_core::Result<Bstr> {
        Ok(Bstr::from(self.text.borrow().as_str()))
    }
    fn set_text(&self, text: BStrRef<'_>) -> windows_core::Result<()> {
        *self.text.borrow_mut() = text.to_string();
        Ok(())
    }
}

#[test]
fn colliding_names_get_their_documented_forms() {
    use edges::IThing_Handler;
    assert_eq!(edges::INVALID_COOKIE as usize, usize::MAX);
    assert!(Thing::default().set_mode(edges::Mode::modeSlow).is_ok());
    // The snake-case ABI method keeps its raw caller; the handler has the safe form.
    assert_eq!(Thing::default().get_length().unwrap_err().code(), contentpartner::hresult::E_NOTIMPL);
    // A snake-case property's Rust-typed forms take the property's name, through the vtable.
    let thing: edges::IThing = Thing::default().into();
    thing.set_text("Solaris").expect("put_text");
    assert_eq!(thing.text().expect("get_text").to_string(), "Solaris");
    let mut raw = contentpartner::ole::BSTR::null();
    // SAFETY: `raw` is an out-BSTR the call fills.
    assert_eq!(unsafe { thing.get_text(&mut raw) }, HRESULT(0), "the raw caller keeps the ABI name");
    // SAFETY: the call gave `raw` to its caller, which owns it now.
    assert_eq!(unsafe { Bstr::from_abi(raw) }.to_string(), "Solaris");
}

/// A C++-style object of `IBareChild`: a vtable pointer and its state, no IUnknown.
#[repr(C)]
struct BareObject {
    vtable: *const kinds::IBareChild_Vtbl,
    modes: RefCell<Vec<(i32, usize)>>,
}

unsafe extern "system" fn bare_get_opaque(this: *mut core::ffi::c_void, out: *mut *mut kinds::Opaque) -> HRESULT {
    // SAFETY: the test passes its own object's address and a valid out pointer.
    unsafe { *out = this.cast() };
    HRESULT(0)
}

unsafe extern "system" fn bare_count(this: *mut core::ffi::c_void) -> u32 {
    // SAFETY: `this` is a BareObject (the test's only caller).
    unsafe { (*this.cast::<BareObject>()).modes.borrow().len() as u32 }
}

unsafe extern "system" fn bare_mode(
    this: *mut core::ffi::c_void,
    mode: kinds::KindsMode,
    other: *mut core::ffi::c_void,
) -> HRESULT {
    // SAFETY: `this` is a BareObject (the test's only caller).
    unsafe { (*this.cast::<BareObject>()).modes.borrow_mut().push((mode.0, other as usize)) };
    HRESULT(0)
}

/// Array parameters arrive as pointers to their first elements, as C passes them.
unsafe extern "system" fn bare_fill(this: *mut core::ffi::c_void, color: *const f32, code: *mut u8) -> HRESULT {
    // SAFETY: the test passes four floats and room for two bytes.
    let color = unsafe { core::slice::from_raw_parts(color, 4) };
    // SAFETY: as above.
    unsafe { code.write((color.iter().sum::<f32>()) as u8) };
    // SAFETY: as above.
    unsafe { code.add(1).write(7) };
    // SAFETY: `this` is a BareObject (the test's only caller).
    unsafe { (*this.cast::<BareObject>()).modes.borrow_mut().push((-2, 0)) };
    HRESULT(0)
}

static BARE_VTABLE: kinds::IBareChild_Vtbl = kinds::IBareChild_Vtbl {
    base__: kinds::IBareRoot_Vtbl { GetOpaque: bare_get_opaque, Count: bare_count },
    Mode: bare_mode,
    Fill: bare_fill,
};

#[test]
fn interfaces_without_iunknown_are_called_through_their_vtables() {
    let ptr = size_of::<usize>();
    // No IUnknown slots: the root's two, then the child's two.
    assert_eq!((offset_of!(kinds::IBareRoot_Vtbl, GetOpaque), offset_of!(kinds::IBareRoot_Vtbl, Count)), (0, ptr));
    assert_eq!((size_of::<kinds::IBareChild_Vtbl>(), offset_of!(kinds::IBareChild_Vtbl, Mode)), (4 * ptr, 2 * ptr));
    assert_eq!(offset_of!(kinds::IBareChild_Vtbl, Fill), 3 * ptr);
    assert_eq!(size_of::<kinds::IOdlBare_Vtbl>(), ptr);
    assert_eq!(size_of::<kinds::tagOpaque>(), 0);
    assert_eq!(kinds::DISPID_IOdlBare_Top, 1);

    let object = BareObject { vtable: &BARE_VTABLE, modes: RefCell::default() };
    let raw = &object as *const BareObject as *mut core::ffi::c_void;
    let child = kinds::IBareChild::from_raw(raw).expect("not null");
    assert!(kinds::IBareChild::from_raw(core::ptr::null_mut()).is_none());
    let mut opaque = core::ptr::null_mut();
    // SAFETY: `child` points at `object`, alive for the whole test, whose vtable has every slot.
    unsafe {
        assert_eq!(child.Mode(kinds::KindsMode(3), 0x40 as *mut _), HRESULT(0));
        assert_eq!(child.Mode(kinds::KindsMode(-1), core::ptr::null_mut()), HRESULT(0));
        // The base's slots, through Deref.
        assert_eq!(child.Count(), 2);
        assert_eq!(child.GetOpaque(&mut opaque), HRESULT(0));
    }
    let mut code = [0u8; 2];
    // SAFETY: as above; four floats in, two bytes out.
    assert_eq!(unsafe { child.Fill([1.0, 2.0, 3.0, 4.0].as_ptr(), code.as_mut_ptr()) }, HRESULT(0));
    assert_eq!(code, [10, 7]);
    assert_eq!(opaque as usize, raw as usize);
    assert_eq!(*object.modes.borrow(), [(3, 0x40), (-1, 0), (-2, 0)]);
}
