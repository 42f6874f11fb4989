//! Signatures and IIDs of parameterized types against widl's. Every expected GUID below is copied
//! from the `DEFINE_GUID(IID___F...)` lines of the headers widl-stable writes for Wine's IDL
//! (`widl-stable -h -I /usr/include/wine/wine/windows -o DIR/windows.foundation.h
//! /usr/include/wine/wine/windows/windows.foundation.idl`, and likewise for the file named).

use super::{iid, instance, widl_name};
use crate::model::{DefId, Model, Type};

/// The generics' and interfaces' uuids are Windows' (as Wine's IDL declares them); the IDL around
/// them is this test's own, with only what a signature needs.
const FIXTURE: &str = r#"
[object, uuid(00000000-0000-0000-c000-000000000046)]
interface IUnknown { HRESULT QueryInterface(); }
[object, uuid(af86e2e0-b12d-4c6a-9c5a-d7aa65101e90)]
interface IInspectable : IUnknown { HRESULT GetIids(); }
typedef long HRESULT;
typedef struct HSTRING__ *HSTRING;
typedef int INT32;
typedef unsigned char BYTE;
namespace Windows {
    namespace Foundation {
        [uuid(fbc4dd29-245b-11e4-af98-689423260cf8)]
        interface IMemoryBufferReference : IInspectable { HRESULT Close(); }
        [uuid(9de1c534-6ae1-11e0-84e1-18a905bcc53f)]
        delegate HRESULT TypedEventHandler<TSender, TResult>([in] TSender sender, [in] TResult args);
        [uuid(fcdcf02c-e5d8-4478-915a-4d90b74b83a5)]
        delegate HRESULT AsyncOperationCompletedHandler<TResult>([in] INT32 status);
        [uuid(61c17706-2d65-11e0-9ae8-d48564015472)]
        interface IReference<T> : IInspectable { HRESULT get_Value([out, retval] T *value); }
        namespace Collections {
            [uuid(faa585ea-6214-4217-afda-7f46de5869b3)]
            interface IIterable<T> : IInspectable { HRESULT First(); }
            [uuid(bbe1fa4c-b0e3-4583-baef-1f1b2e483e56)]
            interface IVectorView<T> : IInspectable { HRESULT GetAt([in] INT32 i, [out, retval] T *value); }
            [uuid(e480ce40-a338-4ada-adcf-272272e48cb9)]
            interface IMapView<K, V> : IInspectable { HRESULT Lookup([in] K key, [out, retval] V *value); }
        }
    }
    namespace UI {
        struct Color { BYTE A; BYTE R; BYTE G; BYTE B; };
    }
}
"#;

fn model() -> Model {
    let mut session = crate::Session::new(crate::Options::default());
    let checked = session.check_text("fixture.idl", FIXTURE);
    assert!(checked.is_ok(), "{:?}", checked.diagnostics);
    checked.model
}

fn named(model: &Model, name: &str) -> Type {
    let def = model.iter().find(|(_, d)| d.name == name && !d.is_forward()).unwrap_or_else(|| panic!("{name}")).0;
    Type::Named { name: name.into(), def }
}

fn id(model: &Model, name: &str) -> DefId {
    model.iter().find(|(_, d)| d.name == name).unwrap().0
}

fn ptr(t: Type) -> Type {
    Type::Pointer { to: Box::new(t), const_target: false }
}

fn generic(model: &Model, name: &str, args: Vec<Type>) -> Type {
    Type::Generic { name: name.into(), def: id(model, name), args }
}

/// The IID and widl's name of `t`, an instantiation.
fn computed(model: &Model, t: &Type) -> (String, String) {
    let Type::Generic { def, args, .. } = t else { panic!("not an instantiation") };
    let sig = instance(model, *def, args).expect("a signature");
    (widl_name(model, *def, args), iid(&sig))
}

#[test]
fn the_hash_of_a_signature_is_winrts() {
    // IIterable<HSTRING>: widl's IID___FIIterable_1_HSTRING (windows.foundation.h).
    assert_eq!(
        iid("pinterface({faa585ea-6214-4217-afda-7f46de5869b3};string)"),
        "e2fcc7c1-3bfc-5a0b-b2b0-72e769d1cb7e"
    );
}

#[test]
fn instantiations_have_widls_iids_and_names() {
    let m = model();
    let hstring = named(&m, "HSTRING");
    let inspectable = ptr(named(&m, "IInspectable"));
    let vv = "Windows.Foundation.Collections.IVectorView";
    let teh = "Windows.Foundation.TypedEventHandler";
    let cases = [
        // windows.foundation.h
        (
            generic(&m, "Windows.Foundation.Collections.IIterable", vec![hstring.clone()]),
            "__FIIterable_1_HSTRING",
            "e2fcc7c1-3bfc-5a0b-b2b0-72e769d1cb7e",
        ),
        (
            generic(&m, "Windows.Foundation.Collections.IIterable", vec![inspectable.clone()]),
            "__FIIterable_1_IInspectable",
            "092b849b-60b1-52be-a44a-6fe8e933cbe4",
        ),
        (generic(&m, vv, vec![hstring.clone()]), "__FIVectorView_1_HSTRING", "2f13c006-a03a-5f69-b090-75a43e33423e"),
        (
            generic(
                &m,
                "Windows.Foundation.Collections.IMapView",
                vec![hstring.clone(), ptr(generic(&m, vv, vec![hstring.clone()]))],
            ),
            "__FIMapView_2_HSTRING___FIVectorView_1_HSTRING",
            "2843d34f-d3e5-5fca-9fdc-b568dd5c1e64",
        ),
        (
            generic(
                &m,
                "Windows.Foundation.AsyncOperationCompletedHandler",
                vec![Type::Base(crate::model::Base::Boolean)],
            ),
            "__FIAsyncOperationCompletedHandler_1_boolean",
            "c1d3d1a2-ae17-5a5f-b5a2-bdcc8844889a",
        ),
        (
            generic(&m, "Windows.Foundation.IReference", vec![named(&m, "INT32")]),
            "__FIReference_1_INT32",
            "548cefbd-bc8a-5fa0-8df2-957440fc8bf4",
        ),
        (
            generic(&m, teh, vec![inspectable.clone(), inspectable.clone()]),
            "__FITypedEventHandler_2_IInspectable_IInspectable",
            "c7e65ce2-fad5-5e3b-9c58-186ca8c1dd57",
        ),
        (
            generic(&m, teh, vec![ptr(named(&m, "Windows.Foundation.IMemoryBufferReference")), inspectable]),
            "__FITypedEventHandler_2_Windows__CFoundation__CIMemoryBufferReference_IInspectable",
            "f4637d4a-0760-5431-bfc0-24eb1d4f6c4f",
        ),
        // windows.ui.h: a struct argument.
        (
            generic(&m, "Windows.Foundation.IReference", vec![named(&m, "Windows.UI.Color")]),
            "__FIReference_1_Color",
            "ab8e5d11-b0c1-5a21-95ae-f16bf3a37624",
        ),
        (
            generic(&m, "Windows.Foundation.Collections.IIterable", vec![named(&m, "Windows.UI.Color")]),
            "__FIIterable_1_Color",
            "932eef5e-2c2f-5eae-929a-74e973b57c27",
        ),
    ];
    for (t, name, guid) in cases {
        assert_eq!(computed(&m, &t), (name.to_string(), guid.to_string()));
    }
}

#[test]
fn what_winrt_cannot_pass_has_no_signature() {
    let m = model();
    let int_ptr = ptr(named(&m, "INT32"));
    let t = generic(&m, "Windows.Foundation.IReference", vec![int_ptr]);
    let Type::Generic { def, args, .. } = &t else { unreachable!() };
    assert!(instance(&m, *def, args).is_err());
}
