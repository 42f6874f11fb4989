//! `cp-install`: a store DLL's registration as installer data.
//!
//! - `cp-install reg DLL --path 'C:\Program Files\Contoso\store.dll' [-o FILE]`: a .reg file.
//! - `cp-install wix DLL [--file-id ID] [--component-id ID] [--component-guid GUID]
//!   [--directory-id ID] [--source PATH] [-o FILE]`: a WiX fragment, one Component.
//!
//! Exit code 1, with the reason on stderr, when the file cannot be read or is not a store DLL.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use contentpartner::registration::{WixComponent, braced, parse_guid};
use cp_install::{identifier, is_identifier, read_store, reg, utf16le_with_bom, wix};

#[derive(Parser)]
#[command(
    name = "cp-install",
    version,
    about = "A store DLL's registration as installer data: a .reg file or a WiX fragment, from the \
             DLL's own description (its ContentPartnerStoreInfo export), read without loading it"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// A .reg file for `regedit /s`: every key and value DllRegisterServer writes, in UTF-16LE
    /// with a byte order mark as regedit writes them.
    Reg {
        /// The store DLL (a Windows DLL, or a store's Linux library).
        dll: PathBuf,
        /// Where the DLL is installed: the InprocServer32 path, e.g. 'C:\Program Files\Contoso\store.dll'.
        #[arg(long)]
        path: String,
        /// Write here instead of to standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// A WiX source fragment (v3 schema, as wixl reads it): one Component with the DLL as its File
    /// and every key and value as RegistryKey and RegistryValue, the path as `[#FILE_ID]`.
    Wix {
        /// The store DLL.
        dll: PathBuf,
        /// The File's Id [default: the store key, then `.dll`].
        #[arg(long, value_parser = wix_id)]
        file_id: Option<String>,
        /// The Component's Id, for the package's ComponentRef [default: the store key].
        #[arg(long, value_parser = wix_id)]
        component_id: Option<String>,
        /// The Component's Guid; `*` lets the WiX compiler derive it from the installed path.
        #[arg(long, default_value = "*", value_parser = component_guid)]
        component_guid: String,
        /// The Directory the package installs the DLL into (the fragment's DirectoryRef).
        #[arg(long, default_value = "INSTALLDIR", value_parser = wix_id)]
        directory_id: String,
        /// The File's Source, where the WiX compiler finds the DLL [default: DLL as given].
        #[arg(long)]
        source: Option<String>,
        /// Write here instead of to standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

fn wix_id(text: &str) -> Result<String, String> {
    if is_identifier(text) {
        Ok(text.to_string())
    } else {
        Err("an Id is a letter or `_`, then letters, digits, `_` or `.` (at most 72)".into())
    }
}

fn component_guid(text: &str) -> Result<String, String> {
    match text {
        "*" => Ok(text.to_string()),
        _ => parse_guid(text).map(|g| braced(&g)).ok_or_else(|| "not a GUID, nor `*`".to_string()),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cp-install: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    let (bytes, output) = match command {
        Command::Reg { dll, path, output } => {
            let store = read_store(&dll).map_err(|e| e.to_string())?;
            (utf16le_with_bom(&reg(&store, &path)), output)
        }
        Command::Wix { dll, file_id, component_id, component_guid, directory_id, source, output } => {
            let store = read_store(&dll).map_err(|e| e.to_string())?;
            let key = &store.info.store_key;
            let component_id = component_id.unwrap_or_else(|| identifier(key));
            let file_id = file_id.unwrap_or_else(|| identifier(&format!("{key}.dll")));
            let source = source.unwrap_or_else(|| dll.display().to_string());
            let component = WixComponent {
                id: &component_id,
                guid: &component_guid,
                directory: &directory_id,
                file_id: &file_id,
                source: &source,
                win64: store.is_64,
            };
            (wix(&store, &component).into_bytes(), output)
        }
    };
    match output {
        Some(path) => std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => std::io::stdout().write_all(&bytes).map_err(|e| format!("cannot write to standard output: {e}")),
    }
}
