//! `cpidl`: check IDL files, dump their resolved model.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use contentpartner_codegen::diag::Diagnostics;
use contentpartner_codegen::rust::RustOptions;
use contentpartner_codegen::{Checked, Options, Session, WindowsSdk};

#[derive(Parser)]
#[command(name = "cpidl", version, about = "MIDL front end of contentpartner-rs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where imports and includes are found and which macros are set: the front end's [`Options`].
#[derive(clap::Args)]
struct LoadArgs {
    /// Directory searched for imports and includes (after the including file's own directory).
    #[arg(short = 'I', value_name = "DIR")]
    include: Vec<PathBuf>,
    /// Defines a preprocessor macro: NAME or NAME=VALUE.
    #[arg(short = 'D', value_name = "NAME[=VALUE]")]
    define: Vec<String>,
    /// Windows SDK searched after the -I directories: a kit root (`Windows Kits/10`), its `Include`
    /// folder (the newest version in it) or a version folder with `um`, `shared` and `winrt`.
    /// Default: on Windows the installed one, as MIDL's environment has it.
    #[arg(long, value_name = "DIR", conflicts_with = "no_sdk")]
    sdk: Option<PathBuf>,
    /// Searches no Windows SDK, not even an installed one.
    #[arg(long)]
    no_sdk: bool,
}

impl LoadArgs {
    /// A session with these options; an error if `--sdk` names no kit.
    fn session(&self) -> Result<Session, String> {
        let defines = self
            .define
            .iter()
            .map(|d| match d.split_once('=') {
                Some((n, v)) => (n.to_string(), v.to_string()),
                None => (d.clone(), "1".to_string()),
            })
            .collect();
        let sdk = match (&self.sdk, self.no_sdk) {
            (_, true) => WindowsSdk::None,
            (Some(dir), false) => WindowsSdk::At(dir.clone()),
            (None, false) => WindowsSdk::Installed,
        };
        let mut include_dirs = self.include.clone();
        include_dirs.extend(sdk.include_dirs()?);
        Ok(Session::new(Options { include_dirs, defines }))
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check files: one line per file with what it declares; exit code 1 on any error.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        load: LoadArgs,
    },
    /// Print the Rust bindings (the ABI layer) generated from a file.
    Rust {
        file: PathBuf,
        #[command(flatten)]
        load: LoadArgs,
        /// Module holding BSTR, VARIANT, BLOB and VARIANT_BOOL.
        #[arg(long, value_name = "PATH", default_value = "::contentpartner::ole")]
        ole_path: String,
        /// Imported Win32 types (IStream, FILETIME, IDispatch...) are the `windows` crate's (0.62).
        #[arg(long)]
        windows_crate: bool,
    },
    /// Write a crate of the Rust bindings of files and everything they import: one module per
    /// IDL file read. Definitions that cannot be generated are reported and left out.
    Crate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The crate's package name.
        #[arg(long)]
        name: String,
        /// Directory to write Cargo.toml and src/ into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// This repository's runtime/ folder, depended on by path (default: the published version).
        #[arg(long, value_name = "DIR")]
        runtime_path: Option<PathBuf>,
        /// Also write each module's layout table, named as widl's C header names it, and
        /// src/bin/cpidl_layout.rs, which prints every row (for comparing with a C compiler).
        #[arg(long)]
        layout: bool,
        /// Imported Win32 types (IStream, FILETIME, IDispatch...) are the `windows` crate's (0.62).
        #[arg(long)]
        windows_crate: bool,
        #[command(flatten)]
        load: LoadArgs,
    },
    /// Print the resolved model of a file as JSON.
    Dump {
        file: PathBuf,
        #[command(flatten)]
        load: LoadArgs,
    },
}

/// Checks one file; `None` (its diagnostics printed) when it has errors.
fn check_one(session: &mut Session, file: &Path) -> Option<Checked> {
    let checked = session.check_file(file);
    if checked.is_ok() {
        return Some(checked);
    }
    print_diagnostics(session, &checked.diagnostics, "");
    None
}

/// Every diagnostic of a file, rendered, on stderr (followed by `after`); nothing if there are none.
fn print_diagnostics(session: &Session, diagnostics: &Diagnostics, after: &str) {
    if !diagnostics.is_empty() {
        eprintln!("{}{after}", diagnostics.render(session.sources()));
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (Command::Check { load, .. }
    | Command::Rust { load, .. }
    | Command::Crate { load, .. }
    | Command::Dump { load, .. }) = &cli.command;
    let mut session = match load.session() {
        Ok(session) => session,
        Err(e) => {
            eprintln!("cpidl: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Check { files, .. } => {
            let mut failed = false;
            // A file's model is freed when the next file's takes its place; the last one is not.
            let mut last = None;
            for file in &files {
                let checked = last.insert(session.check_file(file));
                print_diagnostics(&session, &checked.diagnostics, "\n");
                if checked.is_ok() {
                    println!("{}: {}", file.display(), checked.summary());
                } else {
                    failed = true;
                    let n = checked.diagnostics.error_count();
                    println!("{}: {n} error{}", file.display(), if n == 1 { "" } else { "s" });
                }
            }
            // The process ends here: freeing every syntax tree and model one by one only costs time.
            std::mem::forget((session, last));
            if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Command::Rust { file, ole_path, windows_crate, .. } => {
            let Some(mut checked) = check_one(&mut session, &file) else { return ExitCode::FAILURE };
            let options = RustOptions { ole_path, windows_crate, ..Default::default() };
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let code = match contentpartner_codegen::rust::generate(&checked, &name, &options) {
                Ok(code) => Some(code),
                Err(problems) => {
                    checked.diagnostics.extend(problems);
                    None
                }
            };
            print_diagnostics(&session, &checked.diagnostics, "");
            match code {
                Some(code) => {
                    print!("{code}");
                    ExitCode::SUCCESS
                }
                None => ExitCode::FAILURE,
            }
        }
        Command::Crate { files, name, out, runtime_path, layout, windows_crate, .. } => {
            let options = RustOptions { windows_crate, ..Default::default() };
            write_crate(&mut session, &files, &name, &out, runtime_path.as_deref(), layout, &options)
        }
        Command::Dump { file, .. } => {
            let Some(checked) = check_one(&mut session, &file) else { return ExitCode::FAILURE };
            print_diagnostics(&session, &checked.diagnostics, "");
            match serde_json::to_string_pretty(&checked.model) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("cpidl: cannot serialize the model: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// `cpidl crate`: the module tree of `files` written as crate `name` in `out`; fails only when a
/// file has IDL errors or the crate cannot be written (definitions left out are reported).
fn write_crate(
    session: &mut Session,
    files: &[PathBuf],
    name: &str,
    out: &Path,
    runtime: Option<&Path>,
    layout: bool,
    options: &RustOptions,
) -> ExitCode {
    let tree = contentpartner_codegen::rust::generate_tree(session, files, options);
    print_diagnostics(session, &tree.diagnostics, "\n");
    if let Err(e) = contentpartner_codegen::rust::write_crate(&tree, name, runtime, out, layout) {
        eprintln!("cpidl: {e}");
        return ExitCode::FAILURE;
    }
    let left_out = tree.left_out();
    if layout {
        let rows: usize = tree.modules.iter().map(|m| m.layout.rows).sum();
        let skipped: usize = tree.modules.iter().map(|m| m.layout.skipped).sum();
        println!("layout: {rows} rows, {skipped} members C cannot name");
    }
    println!(
        "{}: {} modules, {} definitions generated, {left_out} left out",
        out.display(),
        tree.modules.len(),
        tree.generated()
    );
    if tree.files_with_errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
