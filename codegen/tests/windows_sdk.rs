//! The Windows SDK on the search path: `cpidl --sdk DIR` and `Builder::windows_sdk` take a kit laid
//! out as Microsoft installs one (`Include/<version>/{um,shared,winrt}`), built here with small
//! files of our own whose names are mixed-case as the SDK's are.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use contentpartner_codegen::Builder;

/// The root file: a store interface that needs `IStream`, which the built-in prelude lacks.
const ROOT: &str = "import \"objidl.idl\";\n\
[object, uuid(6B1D3C2E-7A4F-4E8B-9D10-2C3B4A5F6E71)]\n\
interface IStore : IUnknown\n\
{\n    HRESULT Open([out] IStream **stream);\n}\n";

/// A kit under the test's scratch directory, with `root.idl` beside it. The older version's
/// `ObjIdl.idl` declares no `IStream`, so reading it instead of the newest fails the check.
fn kit(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("windows_sdk").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let newest = "Windows Kits/10/Include/10.0.22621.0";
    let older = "Windows Kits/10/Include/10.0.19041.0";
    let files = [
        ("root.idl", ROOT),
        (
            &format!("{newest}/shared/WTypes.idl") as &str,
            "typedef long HRESULT;\ntypedef unsigned long ULONG;\n\
             typedef struct _GUID { ULONG Data1; unsigned short Data2, Data3; unsigned char Data4[8]; } GUID;\n\
             typedef const GUID *REFIID;\n",
        ),
        (
            &format!("{newest}/um/Unknwn.idl"),
            "import \"wtypes.idl\";\n[object, local, uuid(00000000-0000-0000-C000-000000000046)]\n\
             interface IUnknown\n{\n    HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppv);\n\
                 ULONG AddRef();\n    ULONG Release();\n}\n",
        ),
        (
            &format!("{newest}/um/ObjIdl.idl"),
            "import \"unknwn.idl\";\n[object, uuid(0000000C-0000-0000-C000-000000000046)]\n\
             interface IStream : IUnknown\n{\n    HRESULT Commit([in] ULONG flags);\n}\n",
        ),
        (&format!("{newest}/winrt/Inspectable.idl"), "import \"unknwn.idl\";\n"),
        (&format!("{older}/um/ObjIdl.idl"), "typedef long OLDER_VERSION;\n"),
        (&format!("{older}/shared/WTypes.idl"), "typedef long OLDER_VERSION;\n"),
        (&format!("{older}/winrt/Inspectable.idl"), "typedef long OLDER_VERSION;\n"),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    // Not a version: a kit's Include folder has `wdf` beside them.
    std::fs::create_dir_all(dir.join("Windows Kits/10/Include/wdf")).unwrap();
    dir
}

fn cpidl(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cpidl")).args(args).output().expect("cpidl runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn cpidl_check_with_sdk_finds_the_newest_versions_mixed_case_files() {
    let dir = kit("cli");
    let root = dir.join("root.idl");
    let kits = dir.join("Windows Kits/10");
    for sdk in [kits.clone(), kits.join("Include"), kits.join("Include/10.0.22621.0")] {
        let out = cpidl(&[Path::new("check"), Path::new("--sdk"), &sdk, &root]);
        assert_eq!(
            (text(&out.stderr), text(&out.stdout), out.status.success()),
            (String::new(), format!("{}: 1 interface\n", root.display()), true),
            "--sdk {}",
            sdk.display()
        );
    }
}

/// The `-I` directories come first: their `objidl.idl` is the one read, and its import of
/// `unknwn.idl` is then found in the SDK.
#[test]
fn cpidl_searches_the_include_dirs_before_the_sdk() {
    let dir = kit("cli-order");
    let first = dir.join("first");
    std::fs::create_dir_all(&first).unwrap();
    std::fs::write(
        first.join("objidl.idl"),
        // `IStream` is what the root reaches, so its error is reported to the root.
        "import \"unknwn.idl\";\ninterface IStream;\ntypedef FROM_THE_I_DIRECTORY *LPSTREAM_FROM_I;\n\
         [object, uuid(6B1D3C2E-7A4F-4E8B-9D10-2C3B4A5F6E72)] interface IStream : IUnknown { HRESULT M(LPSTREAM_FROM_I p); }\n",
    )
    .unwrap();
    let root = dir.join("root.idl");
    let out =
        cpidl(&[Path::new("check"), Path::new("-I"), &first, Path::new("--sdk"), &dir.join("Windows Kits/10"), &root]);
    let stderr = text(&out.stderr);
    let headlines: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        headlines,
        [format!("{}:3:9: error: unknown type `FROM_THE_I_DIRECTORY`", first.join("objidl.idl").display())],
        "{stderr}"
    );
    assert_eq!(text(&out.stdout), format!("{}: 1 error\n", root.display()));
}

#[test]
fn cpidl_refuses_an_sdk_folder_that_is_no_kit() {
    let dir = kit("cli-refused");
    let bad = dir.join("Windows Kits");
    let out = cpidl(&[Path::new("check"), Path::new("--sdk"), &bad, &dir.join("root.idl")]);
    assert_eq!(
        (text(&out.stderr), text(&out.stdout), out.status.success()),
        (
            format!(
                "cpidl: `{}` is not a Windows SDK: expected a folder with `um`, `shared` and `winrt` (a version such \
                 as `Include/10.0.22621.0`), an `Include` folder of such versions, or a kit root (`Windows Kits/10`) \
                 with one\n",
                bad.display()
            ),
            String::new(),
            false
        )
    );
}

/// Without an SDK the prelude serves `objidl.idl`, and the error on `IStream` says what to do.
#[test]
fn cpidl_no_sdk_leaves_the_prelude_and_the_hint() {
    let dir = kit("cli-no-sdk");
    let root = dir.join("root.idl");
    let out = cpidl(&[Path::new("check"), Path::new("--no-sdk"), &root]);
    assert_eq!(
        (text(&out.stderr), text(&out.stdout), out.status.success()),
        (
            format!(
                "{r}:5:24: error: unknown type `IStream`\n  |\n5 |     HRESULT Open([out] IStream **stream);\n  |                        \
                 ^^^^^^^ not declared in this file or its imports\n  |\n  = `IStream` comes with the Windows SDK's \
                 objidl.idl; import it, and put the SDK on the search path with `--sdk DIR` (or `Builder::windows_sdk`)\n\n",
                r = root.display()
            ),
            format!("{}: 1 error\n", root.display()),
            false
        )
    );
}

#[test]
fn builder_windows_sdk_reads_the_kit() {
    let dir = kit("builder");
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let built = Builder::new()
        .file(dir.join("root.idl"))
        .windows_sdk(dir.join("Windows Kits/10"))
        .out_dir(&out_dir)
        .compile()
        .expect("the kit's files resolve IStream");
    let code = std::fs::read_to_string(built).unwrap();
    // Only the root file's own interface is generated; `IStream **` is an interface out-pointer.
    assert!(
        code.contains("pub unsafe fn Open(\n        &self,\n        stream: *mut *mut ::core::ffi::c_void,\n"),
        "{code}"
    );
}

#[test]
fn builder_refuses_an_sdk_folder_that_is_no_kit_and_no_windows_sdk_undoes_one() {
    let dir = kit("builder-refused");
    let bad = dir.join("Windows Kits");
    let builder = Builder::new().file(dir.join("root.idl")).out_dir(&dir);
    let refused = builder.clone().windows_sdk(&bad).compile().unwrap_err().to_string();
    assert!(refused.starts_with(&format!("`{}` is not a Windows SDK: expected", bad.display())), "{refused}");
    let undone = builder.windows_sdk(&bad).no_windows_sdk().compile().unwrap_err();
    let headlines: Vec<String> = undone.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert_eq!(headlines, ["unknown type `IStream`"]);
}
