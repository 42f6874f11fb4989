use super::*;

/// Each piece as (its text, eager, the names it declares).
fn pieces(text: &str) -> Vec<(String, bool, Vec<&str>)> {
    split(text, 64)
        .expect("splits")
        .into_iter()
        .map(|p| {
            let declares = p.declares.iter().map(|r| &text[r.clone()]).collect();
            (text[p.span].to_string(), p.eager, declares)
        })
        .collect()
}

#[test]
fn items_end_where_the_grammar_ends_them() {
    let text = r#"import "a.idl", "b.idl";
cpp_quote("x;y") typedef struct tagP { long a; } P, *PP;
[uuid(00000000-0000-0000-0000-000000000001), object] interface IA : IUnknown { HRESULT F([in] const long *p); };
interface IB;
;
const ULONG MASK = FLAG_A | FLAG_B;
"#;
    assert_eq!(
        pieces(text),
        [
            (r#"import "a.idl", "b.idl";"#.to_string(), true, vec![]),
            (r#"cpp_quote("x;y")"#.to_string(), false, vec![]),
            ("typedef struct tagP { long a; } P, *PP;".to_string(), false, vec!["tagP", "P", "PP"]),
            (
                "[uuid(00000000-0000-0000-0000-000000000001), object] interface IA : IUnknown { HRESULT F([in] const long *p); };"
                    .to_string(),
                false,
                vec!["IA"]
            ),
            ("interface IB;".to_string(), false, vec!["IB"]),
            (";".to_string(), true, vec![]),
            ("const ULONG MASK = FLAG_A | FLAG_B;".to_string(), false, vec!["MASK"]),
        ]
    );
}

#[test]
fn what_items_declare() {
    let text = "declare_guid(SID_Thing, 5144C348-169E-4359-A79D-5482461D9929);
typedef HRESULT (__stdcall *PFN)(void *p);
typedef enum tagE { E_A = 1, E_B = E_A << 1 } E;
HRESULT __stdcall CoThing(LPVOID p);
typedef BYTE BYTES[16];
interface IC : IUnknown { typedef [unique] IC *LPC; cpp_quote(\"#define X\") typedef enum { C_ONE } CK; HRESULT G(const int a); }
";
    let declared: Vec<Vec<&str>> = pieces(text).into_iter().map(|p| p.2).collect();
    assert_eq!(
        declared,
        [
            vec!["SID_Thing"],
            vec!["PFN"],
            vec!["tagE", "E_A", "E_B", "E_A", "E"],
            vec!["CoThing"],
            vec!["BYTES"],
            vec!["IC"],
            vec!["LPC"],
            vec!["C_ONE", "CK"],
        ]
    );
}

/// An interface's members that declare names at file scope are pieces of their own, cut out of
/// the interface's; a `cpp_quote` before one stays with the interface.
#[test]
fn interface_members_that_declare_names_are_pieces_of_their_own() {
    let text = "interface IC : IUnknown { typedef IC *LPC; cpp_quote(\"q\") enum { C_ONE }; HRESULT G(const int a); }";
    let split = split(text, 64).unwrap();
    let spans: Vec<&str> = split.iter().map(|p| &text[p.span.clone()]).collect();
    assert_eq!(spans, [text, "typedef IC *LPC;", "enum { C_ONE };"]);
    let holes: Vec<&str> = split[0].holes.iter().map(|h| &text[h.clone()]).collect();
    assert_eq!(holes, ["typedef IC *LPC;", "enum { C_ONE };"]);
    let mentions: Vec<&str> = split[0].mentions.iter().map(|m| &text[m.clone()]).collect();
    assert_eq!(mentions, ["interface", "IC", "IUnknown", "cpp_quote", "HRESULT", "G", "const", "int", "a"]);
}

#[test]
fn imports_anywhere_make_an_item_eager() {
    let text =
        "interface ID : IUnknown { import \"x.idl\"; }\nlibrary L { importlib(\"stdole2.tlb\"); interface IE; }\n";
    let got: Vec<(String, bool, Vec<&str>)> = pieces(text);
    let eager: Vec<(&str, bool)> = got.iter().map(|(t, e, _)| (t.as_str(), *e)).collect();
    assert_eq!(
        eager,
        [
            ("interface ID : IUnknown { import \"x.idl\"; }", true),
            ("library L { importlib(\"stdole2.tlb\"); interface IE; }", false),
            ("importlib(\"stdole2.tlb\");", true),
            ("interface IE;", false),
        ]
    );
    // A library's own piece holds its name; its body is pieces of its own.
    let library = &split(text, 64).unwrap()[1];
    let holes: Vec<&str> = library.holes.iter().map(|h| &text[h.clone()]).collect();
    assert_eq!(holes, ["importlib(\"stdole2.tlb\"); interface IE;"]);
    assert_eq!(got[1].2, ["L"]);
}

#[test]
fn texts_that_do_not_split_are_left_whole() {
    let deep = format!("typedef long X[{}1{}];", "(".repeat(64), ")".repeat(64));
    for text in ["typedef long X", "interface I { ", "long a; }", "struct S { long a; ) ;", &deep] {
        assert_eq!(split(text, 64), None, "{text:?}");
    }
}
