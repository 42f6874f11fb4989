//! MIDL front end and Rust generator of contentpartner-rs.
//!
//! [`Session`] reads IDL files (preprocessing, parsing, imports) and resolves each into a
//! [`model::Model`]; problems come back as [`diag::Diagnostics`] that print as
//! `file:line:col: error: message` with the source line and a caret.

mod build;
pub mod checked_in;
pub mod diag;
mod load;
pub mod model;
pub mod rust;
mod sdk;
pub mod source;
pub mod syntax;

use std::path::Path;

pub use build::{BuildError, Builder};
use diag::Diagnostics;
pub use load::Options;
use model::{DefKind, Model};
pub use sdk::WindowsSdk;
use source::{FileId, SourceMap};

/// One file checked: its resolved model and every problem found in it and its imports.
pub struct Checked {
    /// The file checked.
    pub file: FileId,
    pub model: Model,
    pub diagnostics: Diagnostics,
    /// Every file the check read (as [`model::Def::unit`] names them), imports first, ending with
    /// `file`; empty if `file` could not be read.
    pub reads: Vec<FileId>,
}

impl Checked {
    /// A root file that could not be read: no model, the one error.
    fn unreadable(error: diag::Diagnostic) -> Self {
        let file = error.file;
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(error);
        Checked { file, model: Model::default(), diagnostics, reads: Vec::new() }
    }

    /// No errors (warnings allowed).
    pub fn is_ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }

    /// What the file itself declares, as `4 interfaces, 7 enums, 1 struct, 80 constants`.
    pub fn summary(&self) -> String {
        let mut counts: Vec<(&str, &str, usize)> = vec![
            ("interface", "interfaces", 0),
            ("dispinterface", "dispinterfaces", 0),
            ("coclass", "coclasses", 0),
            ("runtime class", "runtime classes", 0),
            ("enum", "enums", 0),
            ("struct", "structs", 0),
            ("union", "unions", 0),
            ("typedef", "typedefs", 0),
            ("constant", "constants", 0),
            ("library", "libraries", 0),
            ("module", "modules", 0),
        ];
        for d in self.model.own_defs() {
            let slot = match &d.kind {
                DefKind::Interface(_) => 0,
                DefKind::Dispinterface(_) => 1,
                DefKind::Coclass(_) => 2,
                DefKind::RuntimeClass(_) => 3,
                DefKind::Enum(_) => 4,
                DefKind::Struct(_) => 5,
                DefKind::Union(_) => 6,
                // A typedef that only names a tagged type after itself is not a new name.
                DefKind::Typedef(model::Type::Named { name, .. }) if *name == d.name => continue,
                DefKind::Typedef(_) => 7,
                DefKind::Const(_) => 8,
                DefKind::Library(_) => 9,
                DefKind::Module(_) => 10,
                _ => continue,
            };
            counts[slot].2 += 1;
        }
        let parts: Vec<String> = counts
            .iter()
            .filter(|c| c.2 > 0)
            .map(|&(one, many, n)| format!("{n} {}", if n == 1 { one } else { many }))
            .collect();
        if parts.is_empty() { "no declarations".into() } else { parts.join(", ") }
    }
}

/// Reads and checks IDL files. Files imported by several roots are read and parsed once.
pub struct Session {
    loader: load::Loader,
}

impl Session {
    pub fn new(options: Options) -> Self {
        Session { loader: load::Loader::new(options) }
    }

    pub fn sources(&self) -> &SourceMap {
        &self.loader.sources
    }

    /// Checks the file at `path` (any path; its imports are searched in the include path).
    pub fn check_file(&mut self, path: &Path) -> Checked {
        match self.loader.load_root(path) {
            Ok(root) => self.check_root(root),
            Err(unreadable) => Checked::unreadable(unreadable),
        }
    }

    /// Checks the file at `path` with all of every file it imports, where [`Session::check_file`]
    /// reads only what the file reaches: the model has every definition of every file read, as a
    /// Rust module per file needs.
    pub fn check_with_imports(&mut self, path: &Path) -> Checked {
        match self.loader.load_root_with_imports(path) {
            Ok(root) => self.check_root(root),
            Err(unreadable) => Checked::unreadable(unreadable),
        }
    }

    /// Checks IDL source held in memory, reported under `name`.
    pub fn check_text(&mut self, name: &str, text: &str) -> Checked {
        let root = self.loader.load_text(name, text);
        self.check_root(root)
    }

    fn check_root(&mut self, root: load::Root) -> Checked {
        let units = self.loader.units();
        let file = units[root.unit.index()].source.file;
        let mut diagnostics = root.diagnostics(units);
        let reads = root.reached.iter().map(|r| units[r.unit.index()].source.file).collect();
        // Name resolution over a half-parsed file would only add noise to the syntax errors.
        if diagnostics.has_errors() {
            return Checked { file, model: Model::default(), diagnostics, reads };
        }
        let model = model::resolve(units, &root.reached, &self.loader.sources, &mut diagnostics);
        Checked { file, model, diagnostics, reads }
    }
}
