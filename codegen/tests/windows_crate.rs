//! `--windows-crate`: imported Win32 types are the `windows` crate's, so a `windows` object passes
//! straight into a generated method. streams.idl's methods take objidl.idl's ISequentialStream,
//! IStream and FILETIME and oaidl.idl's IDispatch; sequential.idl's are built and called.
//!
//! The `windows` crate is `#![cfg(windows)]`, empty elsewhere (and so are windows-core's string
//! types): on this host the bindings build against a stand-in named `windows`, windows-bindgen
//! 0.66's output (the generator of the crate) for exactly the types the bindings name, at the
//! crate's paths (`windows::Win32::...`). sequential.idl names only types without strings.

#[allow(dead_code)]
#[path = "support/crates.rs"]
mod crates;
#[allow(dead_code)]
#[path = "support/wine.rs"]
mod wine;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use contentpartner_codegen::rust::ALLOWED_LINTS;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/windows_crate").join(name)
}

/// `cpidl crate` of the fixture into `out`, with `--windows-crate` or without; its `src/streams.rs`.
fn write(out: &Path, windows_crate: bool) -> String {
    let fixture = fixture("streams.idl");
    let mut args = vec!["-I".as_ref(), wine::CORPUS.as_ref(), fixture.as_os_str()];
    if windows_crate {
        args.push("--windows-crate".as_ref());
    }
    let run = crates::cpidl_crate("stream-bindings", out, true, &args);
    assert!(run.status.success(), "cpidl crate failed:\n{}", String::from_utf8_lossy(&run.stderr));
    std::fs::read_to_string(out.join("src/streams.rs")).expect("the fixture's module")
}

/// Without whitespace and trailing commas, as the assertions spell the code.
fn squeezed(code: &str) -> String {
    let code: String = code.split_whitespace().collect();
    code.replace(",>", ">").replace(",)", ")")
}

#[test]
fn imported_win32_types_are_the_windows_crate_s() {
    if !wine::corpus_available("imported_win32_types_are_the_windows_crate_s") {
        return;
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("windows-crate-paths");
    let code = squeezed(&write(&out, true));
    for expected in [
        "pubfnsum_prefix(&self,stream:::core::option::Option<&::windows::Win32::System::Com::ISequentialStream>,count:u32)->::windows_core::Result<u32>",
        "pubfnstamp(&self,stream:::core::option::Option<&::windows::Win32::System::Com::IStream>)->::windows_core::Result<::windows::Win32::Foundation::FILETIME>",
        "pubfnowner(&self,owner:::core::option::Option<&::windows::Win32::System::Com::IDispatch>)->::windows_core::Result<::core::option::Option<::windows::Win32::System::Com::IDispatch>>",
        // An own interface on a windows crate base: the crate's vtable, and its `_Impl` required.
        "pubbase__:::windows::Win32::System::Com::ISequentialStream_Vtbl",
        "Identity:::windows::Win32::System::Com::ISequentialStream_Impl,",
        // A dual interface: the crate's IDispatch for callers, the runtime's for implementers
        // (the same vtable), whose handler still answers it; the Invoke wrapper is the runtime's.
        "typeTarget=::windows::Win32::System::Com::IDispatch;",
        "pubbase__:::contentpartner::ole::IDispatch_Vtbl",
        "pubtraitINamedHandler:::contentpartner::ole::IDispatchHandler",
        "pubstructINamed_Dispatch(pub::contentpartner::ole::IDispatch);",
        // Records derive what the windows crate's they hold allow.
        "#[derive(Clone,Copy,Debug)]pubstructSTAMPED{pubwhen:::windows::Win32::Foundation::FILETIME",
        "#[repr(C)]pubstructTAGGED_MEDIUM{pubmedium:::windows::Win32::System::Com::STGMEDIUM",
    ] {
        assert!(code.contains(expected), "no `{expected}` in the fixture's module");
    }
    // What is mapped is not generated: objidl.idl's module has no IStream of its own.
    let objidl = std::fs::read_to_string(out.join("src/objidl.rs")).expect("objidl's module");
    assert!(!objidl.contains("define_interface!(IStream,"), "objidl.rs still defines IStream");
    // The features of every windows type the modules name: FILETIME's, IStream's, and those the
    // crate gates the records left in objidl.idl's and oaidl.idl's modules on (STGMEDIUM's GDI
    // handles, VARIANT's namespace...).
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    let windows = manifest.lines().find(|l| l.starts_with("windows = ")).expect("a windows dependency");
    let features = [
        "Win32_Foundation",
        "Win32_Graphics_Gdi",
        "Win32_Security",
        "Win32_System_Com",
        "Win32_System_Com_StructuredStorage",
        "Win32_System_Ole",
        "Win32_System_SystemServices",
        "Win32_System_Variant",
    ];
    let quoted: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    assert_eq!(windows, format!("windows = {{ version = \"0.62\", features = [{}] }}", quoted.join(", ")));
}

#[test]
fn a_build_script_s_tree_says_which_windows_features_it_needs() {
    if !wine::corpus_available("a_build_script_s_tree_says_which_windows_features_it_needs") {
        return;
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("windows-crate-out-dir");
    let _ = std::fs::remove_dir_all(&out);
    let builder = || {
        contentpartner_codegen::Builder::new()
            .file(fixture("sequential.idl"))
            .include_dir(wine::CORPUS)
            .no_windows_sdk()
            .with_imports()
            .out_dir(&out)
    };
    let root = builder().windows_crate().compile().expect("generated");
    let text = std::fs::read_to_string(&root).expect("root file");
    let second = text.lines().nth(1).expect("a second line");
    assert!(
        second.starts_with("// It names the windows crate: in Cargo.toml's [dependencies], windows = { version = \"0.62\", features = [\"Win32_Foundation\", "),
        "{second}"
    );
    assert!(second.contains("\"Win32_System_Com\""), "{second}");
    // Without the option, nothing names the crate.
    let root = builder().compile().expect("generated");
    let text = std::fs::read_to_string(&root).expect("root file");
    assert!(!text.contains("windows crate"), "{text}");
}

/// The windows crate's types `code` names, as windows-bindgen filters them
/// (`Windows.Win32.System.Com.IStream`), an interface's `_Vtbl` and `_Impl` as the interface.
fn named_types(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for path in code.split("::windows::").skip(1) {
        // The namespaces and the type, up to a method (`::matches`) or the end of the path.
        let path: String = path.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
        let segments: Vec<&str> =
            path.split("::").take_while(|s| s.starts_with(|c: char| c.is_ascii_uppercase())).collect();
        let path = segments.join("::");
        let path = path.strip_suffix("_Vtbl").or_else(|| path.strip_suffix("_Impl")).unwrap_or(&path);
        names.insert(format!("Windows.{}", path.replace("::", ".")));
    }
    names
}

/// The stand-in `windows` crate in `dir`: windows-bindgen's bindings of `names` and what they use.
fn stand_in(dir: &Path, names: &BTreeSet<String>) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src")).expect("stand-in folder");
    let lib = dir.join("src/lib.rs");
    let mut args: Vec<String> =
        ["--out", &lib.display().to_string(), "--no-comment", "--filter"].map(String::from).to_vec();
    args.extend(names.iter().cloned());
    let warnings = windows_bindgen::bindgen(args);
    assert!(warnings.is_empty(), "windows-bindgen: {warnings}");
    let manifest = "[package]\nname = \"windows\"\nversion = \"0.62.2\"\nedition = \"2021\"\n\n\
                    [dependencies]\nwindows-core = \"0.62.2\"\n";
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("stand-in manifest");
    // At the windows crate's paths: its `Win32` is at the root.
    let code = std::fs::read_to_string(&lib).expect("the stand-in's bindings");
    std::fs::write(&lib, code + "pub use Windows::Win32;\n").expect("stand-in lib.rs");
}

/// `cpidl rust` of sequential.idl, with `--windows-crate` or without, or its errors.
fn sequential_bindings(windows_crate: bool) -> Result<String, String> {
    let mut cpidl = std::process::Command::new(env!("CARGO_BIN_EXE_cpidl"));
    cpidl.args(["rust", "-I", wine::CORPUS]).arg(fixture("sequential.idl"));
    if windows_crate {
        cpidl.arg("--windows-crate");
    }
    let run = cpidl.output().expect("cpidl runs");
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    if run.status.success() { Ok(stdout) } else { Err(String::from_utf8_lossy(&run.stderr).into_owned()) }
}

/// A crate in `dir` of `bindings` (src/bindings.rs, included as `idl`), depending on the stand-in
/// in `windows` and on the runtime, with `tests/call.rs` ([`CALL_TEST`]); `cargo test`'s output.
fn build_and_test(dir: &Path, windows: &Path, bindings: &str) -> (bool, String) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("tests")).expect("tests/");
    std::fs::create_dir_all(dir.join("src")).expect("src/");
    let manifest = format!(
        "[package]\nname = \"stream-bindings\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nwindows-core = \"0.62.2\"\nwindows = {{ path = {:?} }}\n\
         contentpartner = {{ path = {:?}, default-features = false }}\n",
        windows.display().to_string(),
        crates::runtime_path().display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("Cargo.toml");
    std::fs::write(dir.join("src/bindings.rs"), bindings).expect("src/bindings.rs");
    let lib = format!("#![allow({ALLOWED_LINTS})]\npub mod idl {{\n    include!(\"bindings.rs\");\n}}\n");
    std::fs::write(dir.join("src/lib.rs"), lib).expect("src/lib.rs");
    std::fs::write(dir.join("tests/call.rs"), CALL_TEST).expect("tests/call.rs");
    crates::own_workspace(dir);
    let run = crates::cargo(dir, &["test"]);
    let output = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    (run.status.success(), output)
}

/// The bindings' test: a windows crate `ISequentialStream`, implemented with `#[implement]`,
/// passed straight into the generated `SumPrefix`, whose implementation reads through it; a
/// `FILETIME` of the crate back from `Stamp`, and in a generated record; an own interface on the
/// crate's ISequentialStream.
const CALL_TEST: &str = r#"
use std::cell::Cell;
use stream_bindings::idl::{IRewindable, IRewindableHandler, ISequentialReader, ISequentialReaderHandler, STAMPED};
use windows::Win32::Foundation::FILETIME;
use windows::Win32::System::Com::{ISequentialStream, ISequentialStream_Impl};
use windows_core::{implement, Interface, Result, HRESULT};

#[implement(ISequentialStream, IRewindable)]
struct Bytes { data: Vec<u8>, at: Cell<usize> }

impl ISequentialStream_Impl for Bytes_Impl {
    fn Read(&self, pv: *mut core::ffi::c_void, cb: u32, pcbread: *mut u32) -> HRESULT {
        let rest = &self.data[self.at.get()..];
        let n = rest.len().min(cb as usize);
        // SAFETY: the caller passes `cb` writable bytes and a ULONG or null.
        unsafe {
            core::ptr::copy_nonoverlapping(rest.as_ptr(), pv.cast::<u8>(), n);
            if !pcbread.is_null() { *pcbread = n as u32; }
        }
        self.at.set(self.at.get() + n);
        HRESULT(0)
    }
    fn Write(&self, _: *const core::ffi::c_void, _: u32, _: *mut u32) -> HRESULT {
        HRESULT(0x80004001_u32 as i32)
    }
}

impl IRewindableHandler for Bytes {
    fn rewind(&self) -> Result<()> {
        self.at.set(0);
        Ok(())
    }
}

#[implement(ISequentialReader)]
struct Reader;

impl ISequentialReaderHandler for Reader {
    fn sum_prefix(&self, stream: Option<&ISequentialStream>, count: u32) -> Result<u32> {
        let stream = stream.ok_or_else(|| windows_core::Error::from_hresult(HRESULT(0x80004003_u32 as i32)))?;
        let mut buffer = vec![0u8; count as usize];
        let mut read = 0u32;
        // SAFETY: `buffer` holds `count` bytes and `read` a ULONG for the call.
        unsafe { stream.Read(buffer.as_mut_ptr().cast(), count, Some(&mut read)) }.ok()?;
        Ok(buffer[..read as usize].iter().map(|&b| u32::from(b)).sum())
    }
    fn stamp(&self, ticks: u32) -> Result<FILETIME> {
        Ok(FILETIME { dwLowDateTime: ticks, dwHighDateTime: 7 })
    }
}

#[test]
fn a_windows_object_passes_into_a_generated_method() {
    let stream: ISequentialStream = Bytes { data: vec![10, 20, 30, 40, 50], at: Cell::new(0) }.into();
    let reader: ISequentialReader = Reader.into();
    assert_eq!(reader.sum_prefix(Some(&stream), 3).unwrap(), 60);
    assert_eq!(reader.sum_prefix(Some(&stream), 9).unwrap(), 90, "the rest, where the first call left it");
    let when: FILETIME = reader.stamp(42).unwrap();
    assert_eq!((when.dwLowDateTime, when.dwHighDateTime), (42, 7));
    // A generated record holding the crate's FILETIME is Copy and Debug.
    let stamped = STAMPED { when, size: 3 };
    let copied = stamped;
    assert_eq!(format!("{:?}", copied.when), format!("{when:?}"));
    assert_eq!(stamped.size, 3);
    // The own interface on the windows crate's base: its method, and the base's through Deref.
    let rewindable: IRewindable = stream.cast().unwrap();
    rewindable.rewind().unwrap();
    let windows_base: &ISequentialStream = &rewindable;
    assert_eq!(reader.sum_prefix(Some(windows_base), 2).unwrap(), 30, "read again from the start");
}
"#;

#[test]
fn a_crate_of_bindings_takes_windows_objects() {
    if !wine::corpus_available("a_crate_of_bindings_takes_windows_objects") {
        return;
    }
    // Without the option the imports have no Rust form here.
    let without = sequential_bindings(false).expect_err("sequential.idl's imports need --windows-crate");
    assert!(without.contains("base interface `ISequentialStream` comes from an import"), "{without}");
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let bindings = sequential_bindings(true).unwrap_or_else(|e| panic!("cpidl rust --windows-crate failed:\n{e}"));
    let windows = tmp.join("windows-stand-in");
    stand_in(&windows, &named_types(&bindings));
    let (ok, output) = build_and_test(&tmp.join("windows-crate-bindings"), &windows, &bindings);
    assert!(ok, "the bindings' test failed:\n{output}");
    // tests/call.rs's one test (the library's and the doc tests have none).
    assert!(output.contains("test result: ok. 1 passed; 0 failed"), "{output}");
}
