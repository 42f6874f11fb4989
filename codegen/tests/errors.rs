//! Malformed input: every problem is reported as `file:line:col: error: message` with the source
//! line and a caret, all problems of a file at once, and nothing makes the front end panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use contentpartner_codegen::rust::{RustOptions, generate_tree};
use contentpartner_codegen::{Options, Session};

/// The headlines (`file:line:col: level: message`) of checking `text` as `name`.
fn headlines(name: &str, text: &str) -> Vec<String> {
    let mut session = Session::new(Options::default());
    let checked = session.check_text(name, text);
    checked.diagnostics.iter().map(|d| d.headline(session.sources())).collect()
}

/// A scratch directory with the given files, removed when dropped.
struct Dir(PathBuf);

impl Dir {
    /// Each test names its first file differently, which keeps the directories apart.
    fn new(files: &[(&str, &[u8])]) -> Dir {
        let path = std::env::temp_dir().join(format!("cp-errors-{}-{}", std::process::id(), files[0].0));
        std::fs::create_dir_all(&path).expect("scratch dir");
        for (name, bytes) in files {
            std::fs::write(path.join(name), bytes).expect("write scratch file");
        }
        Dir(path)
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn check_file(path: &Path) -> (Vec<String>, String) {
    let mut session = Session::new(Options::default());
    let checked = session.check_file(path);
    let heads = checked.diagnostics.iter().map(|d| d.headline(session.sources())).collect();
    (heads, checked.diagnostics.render(session.sources()))
}

const HEADER: &str = "import \"oaidl.idl\";\n";

#[test]
fn rendered_form_has_location_line_and_caret() {
    let mut session = Session::new(Options::default());
    let checked = session.check_text("bad.idl", "import \"oaidl.idl\";\ntypedef struct S {\n    DWROD dwID;\n} S;\n");
    assert_eq!(
        checked.diagnostics.render(session.sources()),
        "bad.idl:3:5: error: unknown type `DWROD`\n  |\n3 |     DWROD dwID;\n  |     ^^^^^ not declared in this file or its imports"
    );
    assert!(!checked.is_ok());
}

#[test]
fn truncated_files() {
    assert_eq!(
        headlines("t.idl", "import \"oaidl.idl\";\ninterface IFoo : IUnknown\n{\n    HRESULT GetPrice([out] BSTR"),
        ["t.idl:4:21: error: unclosed `(`"]
    );
    assert_eq!(
        headlines("t.idl", "interface IFoo : IUnknown\n"),
        ["t.idl:2:1: error: expected `<` or `{`, found end of file"]
    );
    assert_eq!(
        headlines("t.idl", "[object, uuid(AD7F4D9C-1A9F-4ED2-9815-ECC0B58CB616)\ninterface X {}"),
        ["t.idl:1:1: error: unclosed `[`"]
    );
    assert_eq!(headlines("t.idl", "typedef enum E { A = 1, B = "), ["t.idl:1:16: error: unclosed `{`"]);
}

#[test]
fn unbalanced_brackets() {
    assert_eq!(
        headlines("u.idl", "interface IFoo : IUnknown\n{\n    HRESULT F([in] ULONG x));\n}\n"),
        ["u.idl:3:28: error: unmatched `)`"]
    );
    assert_eq!(headlines("u.idl", "typedef long A;\n}\n"), ["u.idl:2:1: error: unmatched `}`"]);
    let deep = format!("const long X = {}1{};", "(".repeat(100), ")".repeat(100));
    assert_eq!(headlines("d.idl", &deep), ["d.idl:1:80: error: brackets nested more than 64 deep"]);
}

#[test]
fn every_syntax_error_of_a_file_is_reported() {
    let text = format!(
        "{HEADER}typedef struct S {{ DWORD a }} S;\nconst long X = ;\ninterface IFoo : IUnknown\n{{\n    HRESULT F([in] ULONG x)\n    HRESULT G();\n}}\ntypedef long OK;\n"
    );
    assert_eq!(
        headlines("m.idl", &text),
        [
            "m.idl:2:28: error: expected `(`, `,`, `:`, `;` or `[`, found `}`",
            "m.idl:3:16: error: expected `(`, `{` or expression, found `;`",
            "m.idl:7:5: error: expected `(`, `;`, `=` or `[`, found `HRESULT`",
        ]
    );
}

#[test]
fn unknown_types_all_reported() {
    let text = format!(
        "{HEADER}typedef struct S {{\n    DWROD dwID;\n}} S;\n[object, uuid(AD7F4D9C-1A9F-4ED2-9815-ECC0B58CB616)]\ninterface IFoo : IUnknwn\n{{\n    HRESULT F([in] Widget *w);\n}}\n"
    );
    assert_eq!(
        headlines("k.idl", &text),
        [
            "k.idl:3:5: error: unknown type `DWROD`",
            "k.idl:6:18: error: unknown type `IUnknwn`",
            "k.idl:8:20: error: unknown type `Widget`",
        ]
    );
}

/// An unknown type that a standard import declares names that file, with how to put the SDK on the
/// search path, or only the import when the built-in prelude declares the type; others get no note.
#[test]
fn unknown_standard_types_name_their_sdk_file() {
    let store = format!(
        "{HEADER}[object, uuid(AD7F4D9C-1A9F-4ED2-9815-ECC0B58CB616)]\ninterface IStore : IUnknown\n{{\n    HRESULT Open([out] IStream **stream);\n}}\n"
    );
    let no_import = "typedef struct T {\n    FILETIME when;\n    DWROD id;\n} T;\n";
    let mut found = Vec::new();
    for (name, text) in [("store.idl", store.as_str()), ("t.idl", no_import)] {
        let mut session = Session::new(Options::default());
        let checked = session.check_text(name, text);
        found.extend(checked.diagnostics.iter().map(|d| (d.headline(session.sources()), d.notes.clone())));
    }
    assert_eq!(
        found,
        [
            (
                "store.idl:5:24: error: unknown type `IStream`".to_string(),
                vec!["`IStream` comes with the Windows SDK's objidl.idl; import it, and put the SDK on the search path with `--sdk DIR` (or `Builder::windows_sdk`)".to_string()]
            ),
            (
                "t.idl:2:5: error: unknown type `FILETIME`".to_string(),
                vec!["`FILETIME` comes with the Windows SDK's wtypes.idl; import it (without the SDK, the built-in prelude declares it)".to_string()]
            ),
            ("t.idl:3:5: error: unknown type `DWROD`".to_string(), vec![]),
        ]
    );
}

#[test]
fn bad_attribute_arguments() {
    let text = format!(
        "{HEADER}[object, uuid(12345), pointer_default(sometimes)]\ninterface IFoo : IUnknown\n{{\n    [id(\"x\")] HRESULT F([in] ULONG n, [in, size_is(count)] ULONG *items);\n    [frobnicate] HRESULT G();\n    HRESULT H([in(1)] ULONG n);\n}}\n"
    );
    assert_eq!(
        headlines("a.idl", &text),
        [
            "a.idl:2:10: error: `uuid` takes one GUID, such as `uuid(00000000-0000-0000-c000-000000000046)`",
            "a.idl:2:23: error: `pointer_default` takes `ref`, `unique` or `ptr`",
            "a.idl:5:6: error: `id` takes an integer constant, not a string or float",
            "a.idl:5:52: warning: `size_is` refers to `count`, which is neither a parameter nor a constant",
            "a.idl:6:6: error: unknown attribute `frobnicate`",
            "a.idl:7:16: error: `in` takes no arguments",
        ]
    );
}

#[test]
fn constants_and_inheritance() {
    let text = format!(
        "{HEADER}typedef enum E {{ A = 1 / 0, B = C, C = 2 }} E;\nconst long X = Y;\ninterface I2 : I3 {{ HRESULT F(); }}\ninterface I3 : I2 {{ HRESULT G(); }}\ninterface I4 : E {{ HRESULT G(); }}\n"
    );
    assert_eq!(
        headlines("c.idl", &text),
        [
            "c.idl:2:22: error: division by zero in constant expression",
            "c.idl:2:33: error: `C` is used before its value is defined (an enumerator can only use earlier ones)",
            "c.idl:3:16: error: unknown constant `Y`",
            "c.idl:6:16: error: `E` is not an interface, so it cannot be a base",
            "c.idl:4:11: error: interface `I2` inherits from itself",
        ]
    );
}

/// Files may import each other, as MIDL allows; a file including itself (below) stays an error.
#[test]
fn mutual_imports_are_not_an_error() {
    let dir = Dir::new(&[
        ("a.idl", b"import \"b.idl\";\ntypedef long A;\n"),
        ("b.idl", b"import \"a.idl\";\ntypedef A B;\n"),
    ]);
    let (heads, _) = check_file(&dir.file("a.idl"));
    assert_eq!(heads, Vec::<String>::new());
}

#[test]
fn recursive_includes_are_an_error() {
    let dir = Dir::new(&[("self.idl", b"#include \"self.idl\"\ntypedef long A;\n")]);
    let (heads, _) = check_file(&dir.file("self.idl"));
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(heads[0].ends_with("error: #include nested too deeply (is `self.idl` including itself?)"), "{heads:?}");
}

#[test]
fn imports_cannot_leave_the_include_path() {
    let dir =
        Dir::new(&[("escape.idl", b"import \"../etc/passwd\";\nimport \"/etc/hostname\";\n#include \"../x.h\"\n")]);
    let (heads, _) = check_file(&dir.file("escape.idl"));
    let f = dir.file("escape.idl").display().to_string();
    assert_eq!(
        heads,
        [
            format!(
                "{f}:3:11: error: `../x.h` is not a plain relative file name; imports and includes are only searched in the include path"
            ),
            format!(
                "{f}:1:8: error: `../etc/passwd` is not a plain relative file name; imports and includes are only searched in the include path"
            ),
            format!(
                "{f}:2:8: error: `/etc/hostname` is not a plain relative file name; imports and includes are only searched in the include path"
            ),
        ]
    );
}

#[test]
fn missing_import_names_the_search() {
    assert_eq!(
        headlines("i.idl", "import \"nosuch.idl\";\n"),
        ["i.idl:1:8: error: cannot find `nosuch.idl`: searched beside the including file (no -I given)"]
    );
}

#[test]
fn binary_garbage() {
    let dir = Dir::new(&[("garbage.idl", b"interface IFoo \xff\xfe\x00\x01 {\n")]);
    let (heads, _) = check_file(&dir.file("garbage.idl"));
    let f = dir.file("garbage.idl").display().to_string();
    // Bytes that are not UTF-8 are read as Windows-1252, as MIDL reads them: a syntax error.
    assert_eq!(heads, [format!("{f}:1:21: error: unclosed `{{`")]);
    // Valid UTF-8 that is no IDL: NUL bytes and stray symbols.
    assert_eq!(
        headlines("n.idl", "typedef long \0A;\n"),
        ["n.idl:1:14: error: expected `(`, `,`, `;`, `[`, declarator, identifier or type, found `\\0`"]
    );
    assert_eq!(headlines("s.idl", "@#$%"), ["s.idl:1:1: error: expected `;`, `[` or declaration, found `@`"]);
}

/// widl takes an [object] interface without a `uuid`, and so does the generator, with a warning:
/// its IID is all zeros, and an object implementing it does not answer QueryInterface for that.
/// A [local] one is never asked for by IID, so it gets no warning.
#[test]
fn interface_without_uuid_is_generated_with_a_warning() {
    let text = format!(
        "{HEADER}[object]\ninterface INoIid : IUnknown\n{{\n    HRESULT F();\n}}\n[object, local]\ninterface ILocal : IUnknown\n{{\n    HRESULT G();\n}}\n"
    );
    let mut session = Session::new(Options::default());
    let path = std::env::temp_dir().join(format!("cp-noiid-{}", std::process::id()));
    std::fs::create_dir_all(&path).expect("scratch dir");
    std::fs::write(path.join("n.idl"), &text).expect("write n.idl");
    let tree = generate_tree(&mut session, &[path.join("n.idl")], &RustOptions::default());
    let rendered: Vec<String> = tree.diagnostics.iter().map(|d| d.render(session.sources())).collect();
    let _ = std::fs::remove_dir_all(&path);
    assert_eq!(rendered.len(), 1, "{rendered:?}");
    assert!(
        rendered[0].ends_with("n.idl:3:11: warning: interface `INoIid` has no `uuid`: its IID in Rust is all zeros, and its objects are never found by QueryInterface\n  |\n3 | interface INoIid : IUnknown\n  |           ^^^^^^ give it `uuid(...)`, or `local` if it is never asked for by IID"),
        "{}",
        rendered[0]
    );
    let code = &tree.modules.iter().find(|m| m.name == "n").expect("module n").code;
    let matches = code.split("impl INoIid_Vtbl").nth(1).expect("INoIid_Vtbl impl");
    let matches = &matches[matches.find("pub fn matches").expect("matches")..];
    assert!(matches.contains("false"), "{matches}");
    assert!(!matches[..matches.find('}').unwrap()].contains("INoIid as ::windows_core::Interface"), "{matches}");
}

#[test]
fn winrt_and_empty_inputs_do_not_fail() {
    assert!(headlines("e.idl", "").is_empty());
    assert!(headlines("e.idl", "/* only a comment */\n").is_empty());
}

fn cpidl(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cpidl"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cpidl runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_check_reports_and_sets_the_exit_code() {
    let (code, out, err) = cpidl(&["check", "../contentpartner.idl"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "../contentpartner.idl: 4 interfaces, 7 enums, 1 struct, 80 constants\n", "")
    );

    let dir = Dir::new(&[("bad.idl", b"typedef DWROD X;\n"), ("good.idl", b"typedef long X;\n")]);
    let bad = dir.file("bad.idl").display().to_string();
    let good = dir.file("good.idl").display().to_string();
    let (code, out, err) = cpidl(&["check", &good, &bad]);
    assert_eq!(code, 1);
    assert_eq!(out, format!("{good}: 1 typedef\n{bad}: 1 error\n"));
    assert!(
        err.starts_with(&format!(
            "{bad}:1:9: error: unknown type `DWROD`\n  |\n1 | typedef DWROD X;\n  |         ^^^^^"
        )),
        "{err}"
    );
}

#[test]
fn cli_dump_prints_the_model_as_json() {
    let (code, out, _) = cpidl(&["dump", "../contentpartner.idl"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let defs = json["defs"].as_array().expect("defs");
    let partner = defs.iter().find(|d| d["name"] == "IWMPContentPartner").expect("IWMPContentPartner");
    let methods = partner["kind"]["interface"]["methods"].as_array().expect("methods");
    assert_eq!(methods.len(), 23);
    assert_eq!(methods[0]["name"], "SetCallback");
    assert_eq!(methods[0]["slot"], 3);
    assert_eq!(methods[22]["name"], "VerifyPermission");
    assert_eq!(methods[22]["slot"], 25);
}
