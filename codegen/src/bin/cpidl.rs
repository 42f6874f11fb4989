//! `cpidl`: check IDL files, dump their resolved model.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use contentpartner_codegen::{Options, Session};

#[derive(Parser)]
#[command(name = "cpidl", version, about = "MIDL front end of contentpartner-rs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Paths {
    /// Directory searched for imports and includes (after the including file's own directory).
    #[arg(short = 'I', value_name = "DIR")]
    include: Vec<PathBuf>,
    /// Defines a preprocessor macro: NAME or NAME=VALUE.
    #[arg(short = 'D', value_name = "NAME[=VALUE]")]
    define: Vec<String>,
}

impl Paths {
    fn options(&self) -> Options {
        let defines = self
            .define
            .iter()
            .map(|d| match d.split_once('=') {
                Some((n, v)) => (n.to_string(), v.to_string()),
                None => (d.clone(), "1".to_string()),
            })
            .collect();
        Options { include_dirs: self.include.clone(), defines }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check files: one line per file with what it declares; exit code 1 on any error.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        paths: Paths,
    },
    /// Print the Rust bindings (the ABI layer) generated from a file.
    Rust {
        file: PathBuf,
        #[command(flatten)]
        paths: Paths,
        /// Module holding BSTR, VARIANT, BLOB and VARIANT_BOOL.
        #[arg(long, value_name = "PATH", default_value = "::contentpartner::ole")]
        ole_path: String,
    },
    /// Print the resolved model of a file as JSON.
    Dump {
        file: PathBuf,
        #[command(flatten)]
        paths: Paths,
    },
}

/// Checks one file, printing its diagnostics; `None` when it has errors.
fn check_one(file: &std::path::Path, paths: &Paths) -> Option<contentpartner_codegen::Checked> {
    let mut session = Session::new(paths.options());
    let checked = session.check_file(file);
    if !checked.diagnostics.is_empty() {
        eprintln!("{}", checked.diagnostics.render(session.sources()));
    }
    checked.is_ok().then_some(checked)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { files, paths } => {
            let mut session = Session::new(paths.options());
            let mut failed = false;
            // A file's model is freed when the next file's takes its place; the last one is not.
            let mut last = None;
            for file in &files {
                let checked = last.insert(session.check_file(file));
                if !checked.diagnostics.is_empty() {
                    eprintln!("{}\n", checked.diagnostics.render(session.sources()));
                }
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
        Command::Rust { file, paths, ole_path } => {
            let Some(checked) = check_one(&file, &paths) else { return ExitCode::FAILURE };
            let options = contentpartner_codegen::rust::RustOptions { ole_path, ..Default::default() };
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match contentpartner_codegen::rust::generate(&checked.model, &name, &options) {
                Ok(code) => {
                    print!("{code}");
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("cpidl: {e}");
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Command::Dump { file, paths } => {
            let Some(checked) = check_one(&file, &paths) else { return ExitCode::FAILURE };
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
