//! The golden output of codegen/tests/golden/shapes.idl compiled and used: a three-level
//! interface chain implemented with `#[implement]`, called through base and derived interfaces,
//! QueryInterface across the chain, and a method that re-declares a base method's name.

#![allow(non_snake_case)]

// codegen's golden output, generated: allowed here, as the runtime allows its own bindings.
#[allow(clippy::undocumented_unsafe_blocks, clippy::all)]
mod shapes {
    include!("../../codegen/tests/golden/shapes.rs");
}

use std::ffi::c_void;

use shapes::*;
use windows_core::{GUID, HRESULT, Interface, implement};

use contentpartner::hresult::S_OK;

#[implement(IRegularPolygon)]
struct Hexagon;

impl IShape_Impl for Hexagon_Impl {
    unsafe fn GetKind(&self, kind: *mut ShapeKind) -> HRESULT {
        // SAFETY: `kind` is the caller's out-pointer to a local.
        unsafe { *kind = ShapeKind::skSquare };
        S_OK
    }
    unsafe fn Area(&self, area: *mut f64) -> HRESULT {
        // SAFETY: `area` is the caller's out-pointer to a local.
        unsafe { *area = 1.0 };
        S_OK
    }
    unsafe fn get_Name(&self, _: *mut contentpartner::ole::BSTR) -> HRESULT {
        S_OK
    }
    unsafe fn put_Name(&self, _: contentpartner::ole::BSTR) -> HRESULT {
        S_OK
    }
}

impl IPolygon_Impl for Hexagon_Impl {
    unsafe fn GetPoints(&self, max: u32, count: *mut u32, points: *mut Point) -> HRESULT {
        let n = max.min(6);
        for i in 0..n {
            // SAFETY: the caller passes room for `max` points, and `i < n <= max`.
            unsafe { *points.add(i as usize) = Point { x: i as i32, y: -(i as i32) } };
        }
        // SAFETY: `count` is the caller's out-pointer to a local.
        unsafe { *count = n };
        S_OK
    }
    unsafe fn Visit(&self, visit: PFNVISIT, context: *const c_void) -> HRESULT {
        let visit = visit.expect("a callback");
        for i in 0..6 {
            // SAFETY: the caller pairs the callback with the context it expects (count_visits with a u32).
            let hr = unsafe { visit(context as *mut c_void, i) };
            if hr != S_OK {
                return hr;
            }
        }
        S_OK
    }
    unsafe fn IPolygon_Area(&self, exact: i32, area: *mut f64) -> HRESULT {
        // SAFETY: `area` is the caller's out-pointer to a local.
        unsafe { *area = if exact != 0 { 2.598076211353316 } else { 2.6 } };
        S_OK
    }
}

impl IRegularPolygon_Impl for Hexagon_Impl {
    unsafe fn Sides(&self, sides: *mut u32) -> HRESULT {
        // SAFETY: `sides` is the caller's out-pointer to a local.
        unsafe { *sides = 6 };
        S_OK
    }
    unsafe fn Data(&self, data: *mut ShapeData) -> HRESULT {
        // SAFETY: `data` is the caller's out-pointer to a local.
        unsafe { *data = ShapeData { corner: Point { x: 3, y: 4 } } };
        S_OK
    }
    unsafe fn IsKind(&self, kind: *const GUID, same: *mut i32) -> HRESULT {
        // SAFETY: the safe caller passes a live `&GUID` and an out-pointer to its local.
        unsafe { *same = (*kind == IRegularPolygon::IID) as i32 };
        S_OK
    }
    unsafe fn Label(&self, _: *const u16) -> HRESULT {
        S_OK
    }
}

/// The same chain through the safe layer: `REFIID` is `&GUID` on both sides, and `Label`, whose
/// `LPCWSTR` has no safe form, keeps its raw arguments in the handler.
#[implement(IRegularPolygon)]
struct Square;

impl IShapeHandler for Square {}
impl IPolygonHandler for Square {}
impl IRegularPolygonHandler for Square {
    fn is_kind(&self, kind: &GUID) -> windows_core::Result<i32> {
        Ok((*kind == IPolygon::IID) as i32)
    }
    unsafe fn label(&self, text: *const u16) -> HRESULT {
        // SAFETY: the caller passes a NUL-terminated string.
        if unsafe { *text } == u16::from(b'S') { S_OK } else { HRESULT(1) }
    }
}

#[test]
fn guids_by_reference_are_safe_and_other_pointer_typedefs_stay_raw() {
    let square: IRegularPolygon = Square.into();
    assert_eq!(square.is_kind(&IPolygon::IID).unwrap(), 1);
    assert_eq!(square.is_kind(&IShape::IID).unwrap(), 0);
    // SAFETY: a NUL-terminated UTF-16 string, and a null REFIID the forwarder must refuse.
    unsafe {
        assert_eq!(square.Label([u16::from(b'S'), 0].as_ptr()), S_OK);
        let mut same = 7;
        assert_eq!(square.IsKind(std::ptr::null(), &mut same), HRESULT(0x80004003_u32 as i32), "E_POINTER");
    }
    let hexagon: IRegularPolygon = Hexagon.into();
    assert_eq!(hexagon.is_kind(&IRegularPolygon::IID).unwrap(), 1);
}

unsafe extern "system" fn count_visits(context: *mut c_void, index: u32) -> HRESULT {
    // SAFETY: Visit is called with a pointer to a live u32 as the context.
    unsafe { *(context as *mut u32) += index + 1 };
    S_OK
}

#[test]
fn a_three_level_chain_works_through_every_level() {
    let hexagon: IRegularPolygon = Hexagon.into();
    // SAFETY: out-pointers are valid locals; the callback matches PFNVISIT.
    unsafe {
        let mut sides = 0;
        assert_eq!(hexagon.Sides(&mut sides), S_OK);
        assert_eq!(sides, 6);
        // Inherited methods through Deref: IRegularPolygon -> IPolygon -> IShape.
        let (mut exact, mut rough) = (0.0, 0.0);
        assert_eq!(hexagon.IPolygon_Area(1, &mut exact), S_OK);
        assert_eq!(hexagon.Area(&mut rough), S_OK, "IShape::Area is a different slot from IPolygon::Area");
        assert_eq!((exact, rough), (2.598076211353316, 1.0));
        let mut kind = ShapeKind::default();
        assert_eq!(hexagon.GetKind(&mut kind), S_OK);
        assert_eq!(kind, ShapeKind::skSquare);

        let mut points = [Point { x: 0, y: 0 }; 16];
        let mut count = 0;
        assert_eq!(hexagon.GetPoints(16, &mut count, points.as_mut_ptr()), S_OK);
        assert_eq!((count, points[5].x, points[5].y), (6, 5, -5));

        let mut total = 0u32;
        assert_eq!(hexagon.Visit(Some(count_visits), &mut total as *mut u32 as *const c_void), S_OK);
        assert_eq!(total, 21);

        let mut data = ShapeData { radius: 0.0 };
        assert_eq!(hexagon.Data(&mut data), S_OK);
        assert_eq!((data.corner.x, data.corner.y), (3, 4));
    }
    // QueryInterface finds every interface of the chain, and no other.
    let polygon: IPolygon = hexagon.cast().expect("IPolygon");
    let shape: IShape = polygon.cast().expect("IShape");
    let back: IRegularPolygon = shape.cast().expect("IRegularPolygon from IShape");
    assert_eq!(back.as_raw(), hexagon.as_raw());
    assert!(shape.cast::<contentpartner::bindings::IWMPContentPartner>().is_err());
    assert_eq!(CLSID_Shapes, windows_core::GUID::from_u128(0x8c7d2a7e_6e1f_4b9a_9a55_0f3f3c1d2b10));
    assert_eq!(WIDE_NAME_W, "Größe 😀".encode_utf16().chain([0]).collect::<Vec<_>>().as_slice());
    assert_eq!((MAX_SHAPES, BIG, RATIO, NARROW_NAME), (16i16, 0x1234_5678_9ABC_DEF0u64, 1.5, "plain"));
}

/// `#pragma pack(push, 2)` around the IDL's struct: rustc lays the generated `packed(2)` struct
/// out as MSVC does (1 + 1 padding + 4 + 8 bytes).
#[test]
fn packed_struct_has_msvcs_layout() {
    assert_eq!([std::mem::size_of::<PackedLabel>(), std::mem::align_of::<PackedLabel>()], [14, 2]);
    assert_eq!([std::mem::offset_of!(PackedLabel, value), std::mem::offset_of!(PackedLabel, text)], [2, 6]);
}
