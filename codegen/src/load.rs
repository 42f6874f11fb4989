//! Reading files: the include path, imports, the built-in prelude, and one cache of parsed files
//! shared by every root file of a session (so a batch parses `objidl.idl` once).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{FileId, SourceMap};
use crate::syntax::preprocess::{self, Preprocessed};
use crate::syntax::{ast, parse};

/// The standard OLE/COM imports the built-in prelude stands in for when the search path has none.
const PRELUDE_IMPORTS: &[&str] = &[
    "oaidl.idl",
    "ocidl.idl",
    "objidl.idl",
    "objidlbase.idl",
    "unknwn.idl",
    "unknwnbase.idl",
    "wtypes.idl",
    "wtypesbase.idl",
    "oleidl.idl",
    "servprov.idl",
    "propidl.idl",
    "urlmon.idl",
    "msxml.idl",
];
const PRELUDE_NAME: &str = "<prelude>";
const PRELUDE: &str = include_str!("prelude.idl");

/// Where files are searched and which macros are set.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub include_dirs: Vec<PathBuf>,
    pub defines: Vec<(String, String)>,
}

/// A [`Unit`] of a [`Loader`], by the order it was loaded in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnitId(usize);

impl UnitId {
    pub fn index(self) -> usize {
        self.0
    }
}

/// One file, preprocessed and parsed: what the resolver reads.
pub struct Unit {
    /// The file with what it `#include`s, its macros expanded.
    pub source: Preprocessed,
    pub ast: ast::File,
    /// Units this one imports, in order.
    pub imports: Vec<UnitId>,
    /// Preprocessor and syntax errors of this file (import errors included), kept for every root
    /// that imports it.
    pub diagnostics: Diagnostics,
}

pub struct Loader {
    pub options: Options,
    pub sources: SourceMap,
    units: Vec<Unit>,
    by_file: HashMap<FileId, UnitId>,
}

impl Loader {
    pub fn new(options: Options) -> Self {
        Loader { options, sources: SourceMap::new(), units: Vec::new(), by_file: HashMap::new() }
    }

    /// Every unit loaded so far, indexed by [`UnitId`].
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    pub fn unit(&self, id: UnitId) -> &Unit {
        &self.units[id.0]
    }

    /// Reads and parses a root file given by the user (any path) and everything it imports.
    pub fn load_root(&mut self, path: &Path) -> Result<UnitId, Diagnostic> {
        let file = read_file(&mut self.sources, path).map_err(|e| e.into_diagnostic(path, &mut self.sources))?;
        Ok(parse::with_parser_stack(|| self.load_unit(file, &mut Vec::new())))
    }

    /// Parses a text that has no file (tests, the fuzzer) under the name `name`.
    pub fn load_text(&mut self, name: &str, text: &str) -> UnitId {
        let file = self.sources.add_virtual(name, text);
        parse::with_parser_stack(|| self.load_unit(file, &mut Vec::new()))
    }

    /// The units `root` depends on, imports first, each once, ending with `root`.
    pub fn closure(&self, root: UnitId) -> Vec<UnitId> {
        let mut order = Vec::new();
        let mut seen = vec![false; self.units.len()];
        self.visit(root, &mut seen, &mut order);
        order
    }

    fn visit(&self, u: UnitId, seen: &mut [bool], order: &mut Vec<UnitId>) {
        if std::mem::replace(&mut seen[u.0], true) {
            return;
        }
        for &i in &self.unit(u).imports {
            self.visit(i, seen, order);
        }
        order.push(u);
    }

    fn load_unit(&mut self, file: FileId, stack: &mut Vec<FileId>) -> UnitId {
        if let Some(&u) = self.by_file.get(&file) {
            return u;
        }
        let defines = self.options.defines.clone();
        let mut resolver = PathResolver { include_dirs: &self.options.include_dirs };
        let mut diagnostics = Diagnostics::default();
        let options = preprocess::Options { defines: &defines };
        let source = preprocess::preprocess(&mut self.sources, file, &mut resolver, &options, &mut diagnostics);
        let ast = parse::parse(&source, &mut diagnostics);
        let u = UnitId(self.units.len());
        let imports = imports_of(&ast.items);
        self.units.push(Unit { source, ast, imports: Vec::new(), diagnostics });
        self.by_file.insert(file, u);

        stack.push(file);
        for lit in imports {
            let (from_file, span) = self.unit(u).source.origin(lit.span.clone());
            match self.find_import(&lit.value, from_file) {
                Ok(Some(target)) if stack.contains(&target) => {
                    let chain: Vec<&str> =
                        stack.iter().skip_while(|&&f| f != target).map(|&f| self.sources.name(f)).collect();
                    let msg = format!("import cycle: {} imports `{}` again", chain.join(" -> "), lit.value);
                    self.units[u.0].diagnostics.push(Diagnostic::new(from_file, span, msg).with_label("imported here"));
                }
                Ok(Some(target)) => {
                    let t = self.load_unit(target, stack);
                    self.units[u.0].imports.push(t);
                }
                Ok(None) => {
                    let t = self.prelude();
                    self.units[u.0].imports.push(t);
                }
                Err(msg) => {
                    self.units[u.0].diagnostics.push(Diagnostic::new(from_file, span, msg));
                }
            }
        }
        stack.pop();
        u
    }

    /// The file an `import "name"` refers to; `Ok(None)` means the built-in prelude.
    fn find_import(&mut self, name: &str, from: FileId) -> Result<Option<FileId>, String> {
        let dirs = &self.options.include_dirs;
        match search(name, self.sources.path(from), dirs) {
            Ok(path) => read_file(&mut self.sources, &path).map(Some).map_err(|e| e.to_string()),
            // The standard OLE imports fall back to the prelude when the search path lacks them.
            Err(_) if PRELUDE_IMPORTS.contains(&name) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn prelude(&mut self) -> UnitId {
        if let Some(u) = self.units.iter().position(|u| self.sources.name(u.source.file) == PRELUDE_NAME) {
            return UnitId(u);
        }
        let file = self.sources.add_virtual(PRELUDE_NAME, PRELUDE);
        self.load_unit(file, &mut Vec::new())
    }
}

/// Imports anywhere in a file: top level, libraries, namespaces and interface bodies.
fn imports_of(items: &[ast::Item]) -> Vec<ast::StringLit> {
    let mut out = Vec::new();
    for item in items {
        match item {
            ast::Item::Import(names) => out.extend(names.iter().cloned()),
            ast::Item::Namespace { items, .. } => out.extend(imports_of(items)),
            ast::Item::Decl(d) => match &d.kind {
                ast::DeclKind::Library { items, .. } => out.extend(imports_of(items)),
                ast::DeclKind::Interface(i) => {
                    for m in &i.members {
                        if let ast::Member::Import(names) = m {
                            out.extend(names.iter().cloned());
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    out
}

/// Looks `name` up beside the including file, then in each include directory. Names that could
/// reach outside those directories (absolute paths, `..`) are refused.
fn search(name: &str, from: Option<&Path>, include_dirs: &[PathBuf]) -> Result<PathBuf, String> {
    let rel = Path::new(name);
    let escapes = name.is_empty()
        || name.contains('\0')
        || name.contains('\\')
        || name.contains(':')
        || rel.components().any(|c| !matches!(c, Component::Normal(_)));
    if escapes {
        return Err(format!(
            "`{name}` is not a plain relative file name; imports and includes are only searched in the include path"
        ));
    }
    let here = from.and_then(Path::parent);
    for dir in here.into_iter().chain(include_dirs.iter().map(PathBuf::as_path)) {
        let candidate = dir.join(rel);
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    let searched = if include_dirs.is_empty() {
        "beside the including file (no -I given)".to_string()
    } else {
        format!(
            "beside the including file and in {} include director{}",
            include_dirs.len(),
            if include_dirs.len() == 1 { "y" } else { "ies" }
        )
    };
    Err(format!("cannot find `{name}`: searched {searched}"))
}

/// Why a file could not be read as text.
#[derive(Debug)]
enum ReadError {
    Io(String),
    /// The file was added to the source map (lossily) so the error can show where the bad byte is.
    NotUtf8 {
        file: FileId,
        at: usize,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => f.write_str(e),
            ReadError::NotUtf8 { .. } => f.write_str("the file is not UTF-8 text"),
        }
    }
}

impl ReadError {
    fn into_diagnostic(self, path: &Path, sources: &mut SourceMap) -> Diagnostic {
        match self {
            ReadError::NotUtf8 { file, at } => {
                Diagnostic::new(file, at..at + 1, "the file is not UTF-8 text").with_label("invalid byte here")
            }
            ReadError::Io(e) => {
                let file = sources.add_virtual(path.display().to_string(), "");
                Diagnostic::new(file, 0..0, e)
            }
        }
    }
}

/// Reads `path` into the source map once; later reads return the same file.
fn read_file(sources: &mut SourceMap, path: &Path) -> Result<FileId, ReadError> {
    if let Some(id) = sources.find_path(path) {
        return Ok(id);
    }
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io(format!("cannot read `{}`: {e}", path.display())))?;
    let name = path.display().to_string();
    match String::from_utf8(bytes) {
        Ok(text) => Ok(sources.add_file(path, name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Err(ReadError::NotUtf8 { file: sources.add_file(path, name, text), at })
        }
    }
}

/// `#include` resolution for the preprocessor, under the same path policy as imports.
struct PathResolver<'a> {
    include_dirs: &'a [PathBuf],
}

impl preprocess::IncludeResolver for PathResolver<'_> {
    fn resolve(&mut self, sources: &mut SourceMap, name: &str, _angled: bool, from: FileId) -> Result<FileId, String> {
        let path = search(name, sources.path(from), self.include_dirs)?;
        read_file(sources, &path).map_err(|e| format!("cannot include `{name}`: {e}"))
    }
}
