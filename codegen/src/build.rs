//! The build-script API: one call in a `build.rs` turns IDL files into Rust in `$OUT_DIR`.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::rust::RustOptions;
use crate::{Options, Session, WindowsSdk};

/// Generates Rust from IDL in a build script, in the manner of prost-build.
///
/// ```no_run
/// // build.rs
/// contentpartner_codegen::Builder::new()
///     .file("idl/store.idl")
///     .compile()
///     .unwrap();
/// // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/store.rs"));
/// ```
///
/// Every file read (imports and includes too) is announced with `cargo:rerun-if-changed`. On an
/// IDL error the diagnostics are printed and `compile` returns the error, which fails the build.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    files: Vec<PathBuf>,
    options: Options,
    sdk: WindowsSdk,
    out_dir: Option<PathBuf>,
    out_name: Option<String>,
    rust: RustOptions,
    layout: bool,
    with_imports: bool,
}

impl Builder {
    pub fn new() -> Self {
        Builder::default()
    }

    /// An IDL file to generate Rust for; relative paths are relative to the crate's manifest.
    pub fn file(mut self, path: impl AsRef<Path>) -> Self {
        self.files.push(path.as_ref().to_path_buf());
        self
    }

    /// A directory searched for imports and includes (like `-I`).
    pub fn include_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.options.include_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// Searches the Windows SDK at `dir` after the include directories, as MIDL's environment
    /// does: a kit root (`Windows Kits/10`), its `Include` folder (the newest version in it) or one
    /// version folder (`Include/10.0.22621.0`), with its `um`, `shared` and `winrt` folders. Without
    /// this, a build on Windows finds the newest installed kit itself (see [`WindowsSdk::Installed`]);
    /// relative paths are relative to the crate's manifest.
    pub fn windows_sdk(mut self, dir: impl AsRef<Path>) -> Self {
        self.sdk = WindowsSdk::At(dir.as_ref().to_path_buf());
        self
    }

    /// Searches no Windows SDK, not even an installed one: the standard imports come from the
    /// include directories or the built-in prelude, the same on every machine.
    pub fn no_windows_sdk(mut self) -> Self {
        self.sdk = WindowsSdk::None;
        self
    }

    /// A preprocessor macro (like `-D NAME=VALUE`).
    pub fn define(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.defines.push((name.into(), value.into()));
        self
    }

    /// Where to write; default `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The name of the generated file, without `.rs`; default the first IDL file's stem.
    pub fn out_name(mut self, name: impl Into<String>) -> Self {
        self.out_name = Some(name.into());
        self
    }

    /// The Rust module holding `BSTR`, `VARIANT`, `BLOB` and `VARIANT_BOOL`; default
    /// `::contentpartner::ole`.
    pub fn ole_path(mut self, path: impl Into<String>) -> Self {
        self.rust.ole_path = path.into();
        self
    }

    /// The `mod` that `include!`s the output carries `#[allow(...)]` of
    /// [`ALLOWED_LINTS`](crate::rust::ALLOWED_LINTS), so the generated items don't each carry it.
    /// [`with_imports`](Self::with_imports) output always is so: its root file declares the modules.
    pub fn module_allows_lints(mut self) -> Self {
        self.rust.module_allows_lints = true;
        self
    }

    /// Uses `rust_path` for the IDL type `idl_name` instead of generating it: for interfaces and
    /// types generated elsewhere (the runtime's contentpartner bindings, another crate's).
    pub fn extern_path(mut self, idl_name: impl Into<String>, rust_path: impl Into<String>) -> Self {
        self.rust.extern_paths.push((idl_name.into(), rust_path.into()));
        self
    }

    /// Imported Win32 types are the `windows` crate's (0.62), which the crate including the output
    /// depends on: `objidl.idl`'s `IStream` is `::windows::Win32::System::Com::IStream`, so a
    /// `windows` object passes straight into a generated method. What maps and what stays as it
    /// was is [`RustOptions::windows_crate`](crate::rust::RustOptions::windows_crate)'s. The
    /// `windows` features the code needs are those of the types it names: with
    /// [`with_imports`](Self::with_imports), the root file's second line is the dependency line to
    /// put in Cargo.toml (`cpidl crate --windows-crate` writes it into the crate's).
    pub fn windows_crate(mut self) -> Self {
        self.rust.windows_crate = true;
        self
    }

    /// Also writes `<name>_layout.rs`, the `offset_of!` table of every vtable slot and struct
    /// field, for tests that compare the layout with a C compiler's.
    pub fn layout_table(mut self, yes: bool) -> Self {
        self.layout = yes;
        self
    }

    /// Also generates what the files import: a module per IDL file read (named after the file, as
    /// `cpidl crate` writes them), each in `<out_dir>/<name>/<module>.rs`, and `<out_dir>/<name>.rs`
    /// declaring them all, to `include!` in a module of its own. The modules name each other as
    /// `super::<module>::<name>`, so `objidl.idl`'s `IStream` needs no `extern_path`. A definition
    /// that cannot be generated is reported as a warning and left out, with what uses it.
    ///
    /// ```no_run
    /// // build.rs
    /// contentpartner_codegen::Builder::new()
    ///     .file("idl/store.idl")
    ///     .include_dir("idl")
    ///     .with_imports()
    ///     .compile()
    ///     .unwrap();
    /// // src/lib.rs:
    /// // mod idl {
    /// //     include!(concat!(env!("OUT_DIR"), "/store.rs"));
    /// // }
    /// // use idl::store::IStore;
    /// ```
    pub fn with_imports(mut self) -> Self {
        self.with_imports = true;
        self
    }

    /// Generates `<out_dir>/<name>.rs` from every file given; returns its path.
    pub fn compile(self) -> Result<PathBuf, BuildError> {
        let Some(first) = self.files.first() else {
            return Err(BuildError::message(
                "no IDL file given to contentpartner_codegen::Builder; add one with `.file(...)`",
            ));
        };
        let Some(out_dir) = self.out_dir.clone().or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from)) else {
            return Err(BuildError::message(
                "OUT_DIR is not set: call compile() from a build script, or set out_dir()",
            ));
        };
        let name = self.out_name.clone().unwrap_or_else(|| {
            first.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "bindings".into())
        });
        let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
        let sdk = match &self.sdk {
            WindowsSdk::At(dir) => WindowsSdk::At(manifest.join(dir)),
            other => other.clone(),
        };
        if sdk == WindowsSdk::Installed && cfg!(windows) {
            for var in ["INCLUDE", "WindowsSdkDir", "WindowsSDKVersion"] {
                println!("cargo:rerun-if-env-changed={var}");
            }
        }
        let mut include_dirs: Vec<PathBuf> = self.options.include_dirs.iter().map(|d| manifest.join(d)).collect();
        include_dirs.extend(sdk.include_dirs().map_err(BuildError::message)?);
        let mut session = Session::new(Options { include_dirs, defines: self.options.defines.clone() });
        if self.with_imports {
            let files: Vec<PathBuf> = self.files.iter().map(|f| manifest.join(f)).collect();
            let tree = crate::rust::generate_tree(&mut session, &files, &self.rust);
            let failures: Vec<String> =
                tree.files_with_errors.iter().map(|f| format!("{f}: IDL errors (printed above)")).collect();
            if tree.left_out() > 0 {
                println!("cargo:warning={} IDL definitions left out of the Rust (printed above)", tree.left_out());
            }
            finish(&session, tree.diagnostics.clone(), failures)?;
            return crate::rust::write_out_dir(&tree, &out_dir, &name).map_err(BuildError::message);
        }
        let mut code = String::new();
        let mut layout = String::new();
        let mut diagnostics = Diagnostics::default();
        let mut failures = Vec::new();
        for file in &self.files {
            let path = manifest.join(file);
            let checked = session.check_file(&path);
            let mut errors = checked.diagnostics.error_count();
            let source = file.display().to_string();
            let generated = (errors == 0).then(|| crate::rust::generate(&checked, &source, &self.rust));
            if errors == 0 && self.layout {
                layout.push_str(&crate::rust::layout_table(&checked.model));
            }
            diagnostics.extend(checked.diagnostics);
            match generated {
                Some(Ok(c)) => code.push_str(&c),
                Some(Err(problems)) => {
                    errors += problems.error_count();
                    diagnostics.extend(problems);
                }
                None => {}
            }
            if errors > 0 {
                failures.push(format!("{}: {errors} IDL errors (printed above)", path.display()));
            }
        }
        finish(&session, diagnostics, failures)?;
        let out = out_dir.join(format!("{name}.rs"));
        write_if_changed(&out, &code)?;
        if self.layout {
            write_if_changed(&out_dir.join(format!("{name}_layout.rs")), &layout)?;
        }
        Ok(out)
    }
}

/// Leaves an identical file untouched, so its timestamp does not trigger rebuilds.
fn write_if_changed(path: &Path, text: &str) -> Result<(), BuildError> {
    crate::rust::crate_out::write(path, text).map_err(BuildError::message)
}

/// Announces every file read (`cargo:rerun-if-changed`) and prints the diagnostics; the error
/// holding them if any file failed (a line each in `failures`).
fn finish(session: &Session, diagnostics: Diagnostics, failures: Vec<String>) -> Result<(), BuildError> {
    for path in session.sources().disk_paths() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let rendered = diagnostics.render(session.sources());
    if !diagnostics.is_empty() {
        eprintln!("{rendered}");
    }
    if failures.is_empty() {
        return Ok(());
    }
    let rendered = if rendered.is_empty() { String::new() } else { format!("{rendered}\n\n") };
    Err(BuildError { diagnostics, rendered: rendered + &failures.join("\n") })
}

/// Why a build-script generation failed: the IDL's diagnostics (also printed to stderr), or a
/// problem with the build itself.
pub struct BuildError {
    pub diagnostics: Diagnostics,
    /// The diagnostics rendered, then a line per file that failed; or the build problem.
    rendered: String,
}

impl BuildError {
    fn message(text: impl Into<String>) -> Self {
        BuildError { diagnostics: Diagnostics::default(), rendered: text.into() }
    }
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rendered)
    }
}

impl std::fmt::Debug for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rendered)
    }
}

impl std::error::Error for BuildError {}
