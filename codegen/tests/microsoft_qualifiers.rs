//! Microsoft's type qualifiers and keywords where MIDL accepts them: pointer qualifiers
//! (`__unaligned`, `__ptr32`, `__ptr64`), the RPC headers' empty `__RPC_FAR`, calling conventions
//! spelled as the SDK's headers spell them (`STDMETHODCALLTYPE`, `__stdcall`, `__cdecl`) on
//! methods and function pointers, and the sized integers, `hyper`, `bool` and `wchar_t`.

use contentpartner_codegen::model::{Base, DefKind, Type};
use contentpartner_codegen::{Options, Session};

const IDL: &str = r#"import "unknwn.idl";
[object, uuid(11111111-2222-3333-4444-555555555555)]
interface IQualified : IUnknown
{
    HRESULT Pointers([in] int * __unaligned a, [in] int * __ptr64 b, [in] int * __ptr32 c, [in] int __RPC_FAR * d);
    HRESULT STDMETHODCALLTYPE Stdcall([in] int x);
    HRESULT __cdecl Cdecl([in] int x);
}
typedef struct Sized { __int64 a; __int3264 b; hyper c; bool d; wchar_t e; __int8 f; __int16 g; __int32 h; unsigned __int64 i; } Sized;
typedef void (STDMETHODCALLTYPE *Callback)(int x);
typedef void (__stdcall *Callback2)(int x);
"#;

#[test]
fn microsoft_qualifiers_and_keywords_are_read() {
    let mut session = Session::new(Options::default());
    let checked = session.check_text("qualified.idl", IDL);
    assert!(checked.is_ok(), "{}", checked.diagnostics.render(session.sources()));
    let def = |name: &str| checked.model.iter().find(|(_, d)| d.name == name).map(|(_, d)| d).expect(name);
    let DefKind::Interface(i) = &def("IQualified").kind else { panic!("not an interface") };
    let methods: Vec<&str> = i.methods.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(methods, ["Pointers", "Stdcall", "Cdecl"]);
    // The qualifiers leave plain pointers to int.
    for p in &i.methods[0].params {
        assert!(
            matches!(&p.ty, Type::Pointer { to, .. } if matches!(**to, Type::Base(Base::Int { bits: 32, signed: true }))),
            "{:?}: {:?}",
            p.name,
            p.ty
        );
    }
    let DefKind::Struct(s) = &def("Sized").kind else { panic!("not a struct") };
    let fields = &s.fields;
    let bits: Vec<Option<u8>> = fields
        .iter()
        .map(|f| match &f.ty {
            Type::Base(Base::Int { bits, .. }) => Some(*bits),
            _ => None,
        })
        .collect();
    assert_eq!([bits[0], bits[2]], [Some(64), Some(64)], "__int64, hyper");
    assert!(matches!(fields[1].ty, Type::Base(Base::IntPtr { signed: true })), "__int3264: {:?}", fields[1].ty);
    assert!(matches!(fields[3].ty, Type::Base(Base::Boolean)), "bool: {:?}", fields[3].ty);
    assert!(matches!(fields[4].ty, Type::Base(Base::WChar)), "wchar_t: {:?}", fields[4].ty);
    assert_eq!(bits[5..], [Some(8), Some(16), Some(32), Some(64)]);
    for name in ["Callback", "Callback2"] {
        assert!(matches!(def(name).kind, DefKind::Typedef(_)), "{name}");
    }
}
