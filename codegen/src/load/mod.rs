//! Reading files: the include path, imports, the built-in units (the prelude and the type
//! libraries), and one cache of parsed files shared by every root file of a session (so a batch
//! parses `objidl.idl` once).

mod reach;
mod search;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use reach::{Items, split_items};
pub use reach::{Reached, Root};
pub(crate) use search::entries_ignoring_case;
use search::{Listings, PathResolver, read_file, search, searched};

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

/// IDL text of this project's own that a unit is made from instead of a file.
struct BuiltIn {
    name: &'static str,
    text: &'static str,
    /// Built-in units this one stands on, whatever the search path holds.
    imports: &'static [&'static BuiltIn],
}

const PRELUDE: BuiltIn = BuiltIn { name: "<prelude>", text: include_str!("../prelude.idl"), imports: &[] };

/// The type libraries `importlib` knows without reading them, by file name, as MIDL finds
/// them in the system directory. They stand on the prelude for the automation types (BSTR, VARIANT)
/// that a binary type library has as type codes.
const TYPE_LIBRARIES: &[(&str, BuiltIn)] = &[
    ("stdole32.tlb", STDOLE32),
    ("stdole2.tlb", BuiltIn { name: "<stdole2.tlb>", text: include_str!("../stdole2.idl"), imports: &[&STDOLE32] }),
];
const STDOLE32: BuiltIn =
    BuiltIn { name: "<stdole32.tlb>", text: include_str!("../stdole32.idl"), imports: &[&PRELUDE] };

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

/// One file, preprocessed and parsed (an import only as far as the files checked reach it): what
/// the resolver reads.
pub struct Unit {
    /// The file with what it `#include`s, its macros expanded.
    pub source: Preprocessed,
    items: Items,
    /// Units this one imports, in order.
    pub imports: Vec<UnitId>,
    /// Preprocessor errors of this file, its import errors and the syntax errors of a file read
    /// whole, kept for every root that imports it.
    pub diagnostics: Diagnostics,
    /// Made from a [`BuiltIn`]: its definitions yield to the files' definitions of the same names.
    pub built_in: bool,
}

pub struct Loader {
    pub options: Options,
    pub sources: SourceMap,
    units: Vec<Unit>,
    /// Every unit by its file, entered before the file's imports are loaded.
    by_file: HashMap<FileId, UnitId>,
    listings: Listings,
}

impl Loader {
    pub fn new(options: Options) -> Self {
        Loader {
            options,
            sources: SourceMap::new(),
            units: Vec::new(),
            by_file: HashMap::new(),
            listings: Listings::default(),
        }
    }

    /// Every unit loaded so far, indexed by [`UnitId`].
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    pub fn unit(&self, id: UnitId) -> &Unit {
        &self.units[id.0]
    }

    /// Reads and parses a root file given by the user (any path), everything it imports, and of
    /// those what it reaches.
    pub fn load_root(&mut self, path: &Path) -> Result<Root, Diagnostic> {
        let file = self.read_root(path)?;
        Ok(parse::with_parser_stack(|| self.root(file)))
    }

    /// The file of a root path, or why it cannot be read (at the start of a file named as given).
    fn read_root(&mut self, path: &Path) -> Result<FileId, Diagnostic> {
        read_file(&mut self.sources, path).map_err(|e| {
            let file = self.sources.add_virtual(path.display().to_string(), "");
            Diagnostic::new(file, 0..0, e)
        })
    }

    /// Parses a text that has no file (tests, the fuzzer) under the name `name`.
    pub fn load_text(&mut self, name: &str, text: &str) -> Root {
        let file = self.sources.add_virtual(name, text);
        parse::with_parser_stack(|| self.root(file))
    }

    /// Reads and parses a root file given by the user and all of everything it imports (not only
    /// what the root reaches): for a check that needs every definition of its imports.
    pub fn load_root_with_imports(&mut self, path: &Path) -> Result<Root, Diagnostic> {
        let file = self.read_root(path)?;
        Ok(parse::with_parser_stack(|| {
            let unit = self.load_unit(file, true);
            Root { unit, reached: self.reach_all(unit) }
        }))
    }

    fn root(&mut self, file: FileId) -> Root {
        let unit = self.load_unit(file, true);
        self.read_whole(unit);
        let reached = self.reach(unit);
        Root { unit, reached }
    }

    /// The units `root` depends on, imports first, each once, ending with `root`.
    fn closure(&self, root: UnitId) -> Vec<UnitId> {
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

    /// The unit of `file`, loaded with its imports the first time. Files may import each other, as
    /// MIDL allows: the unit is cached before its imports are loaded, so an import of a file still
    /// in progress gets that unit instead of loading it again. An import is split into pieces
    /// (with only those parsed that hold imports) unless `whole`.
    fn load_unit(&mut self, file: FileId, whole: bool) -> UnitId {
        if let Some(&u) = self.by_file.get(&file) {
            return u;
        }
        let defines = self.options.defines.clone();
        let mut resolver = PathResolver {
            include_dirs: &self.options.include_dirs,
            listings: &mut self.listings,
            warnings: Vec::new(),
        };
        let mut diagnostics = Diagnostics::default();
        let options = preprocess::Options { defines: &defines };
        let source = preprocess::preprocess(&mut self.sources, file, &mut resolver, &options, &mut diagnostics);
        let split = if whole { None } else { parse::split(&source) };
        let items = match split {
            Some(split) => split_items(&source, split),
            None => Items::Whole(parse::parse(&source, &mut diagnostics)),
        };
        let imports: Vec<_> = items.parsed().flat_map(imports_of).collect();
        let u = UnitId(self.units.len());
        self.units.push(Unit { source, items, imports: Vec::new(), diagnostics, built_in: false });
        self.by_file.insert(file, u);

        for (lit, library) in imports {
            let (from_file, span) = self.unit(u).source.origin(lit.span.clone());
            let found = if library {
                self.find_type_library(&lit.value, from_file)
            } else {
                self.find_import(&lit.value, from_file)
            };
            match found {
                Ok((target, warnings)) => {
                    let t = match target {
                        Target::File(target) => self.load_unit(target, false),
                        Target::BuiltIn(b) => self.built_in(b),
                    };
                    let unit = &mut self.units[u.0];
                    unit.imports.push(t);
                    unit.diagnostics
                        .extend(warnings.into_iter().map(|w| Diagnostic::warning(from_file, span.clone(), w)));
                }
                Err(msg) => {
                    self.units[u.0].diagnostics.push(Diagnostic::new(from_file, span, msg));
                }
            }
        }
        u
    }

    /// What an `import "name"` refers to, with the warnings of finding it ignoring case.
    fn find_import(&mut self, name: &str, from: FileId) -> Result<(Target, Vec<String>), String> {
        let dirs = &self.options.include_dirs;
        match search(&mut self.listings, name, self.sources.path(from), dirs) {
            Ok(Some(found)) => Ok((Target::File(read_file(&mut self.sources, &found.path)?), found.warnings)),
            // The standard OLE imports fall back to the prelude when the search path lacks them.
            Err(_) | Ok(None) if PRELUDE_IMPORTS.iter().any(|p| p.eq_ignore_ascii_case(name)) => {
                Ok((Target::BuiltIn(&PRELUDE), Vec::new()))
            }
            Ok(None) => Err(format!("cannot find `{name}`: searched {}", searched(dirs))),
            Err(e) => Err(e),
        }
    }

    /// What an `importlib("name")` refers to: a built-in type library, found by its file name
    /// ignoring case; any other must be on the search path, and is not read (yet).
    fn find_type_library(&mut self, name: &str, from: FileId) -> Result<(Target, Vec<String>), String> {
        if let Some((_, b)) = TYPE_LIBRARIES.iter().find(|(file, _)| file.eq_ignore_ascii_case(name)) {
            return Ok((Target::BuiltIn(b), Vec::new()));
        }
        let dirs = &self.options.include_dirs;
        match search(&mut self.listings, name, self.sources.path(from), dirs)? {
            None => Err(format!("cannot find type library `{name}`: searched {}", searched(dirs))),
            Some(found) => Err(format!(
                "type library `{}` is not read: binary type libraries other than stdole2.tlb and stdole32.tlb are not supported yet",
                found.path.display()
            )),
        }
    }

    /// The unit of a built-in text, made once per session, with the built-in units it stands on.
    fn built_in(&mut self, b: &'static BuiltIn) -> UnitId {
        if let Some(u) = self.units.iter().position(|u| self.sources.name(u.source.file) == b.name) {
            return UnitId(u);
        }
        let file = self.sources.add_virtual(b.name, b.text);
        // Read whole: a check sees all that the built-in text declares (the type libraries' classes
        // and constants too), and the texts are small.
        let u = self.load_unit(file, true);
        let below: Vec<UnitId> = b.imports.iter().map(|i| self.built_in(i)).collect();
        let unit = &mut self.units[u.0];
        unit.built_in = true;
        unit.imports.splice(0..0, below);
        u
    }
}

/// What an import or importlib names.
enum Target {
    File(FileId),
    BuiltIn(&'static BuiltIn),
}

/// Imports anywhere in a file, in order, each with whether it is an `importlib`: top level,
/// libraries, namespaces and interface bodies.
fn imports_of(items: &[ast::Item]) -> Vec<(ast::StringLit, bool)> {
    let mut out = Vec::new();
    for item in items {
        match item {
            ast::Item::Import(names) => out.extend(names.iter().map(|n| (n.clone(), false))),
            ast::Item::ImportLib(name) => out.push((name.clone(), true)),
            ast::Item::Namespace { items, .. } => out.extend(imports_of(items)),
            ast::Item::Decl(d) => match &d.kind {
                ast::DeclKind::Library { items, .. } => out.extend(imports_of(items)),
                ast::DeclKind::Interface(i) => {
                    for m in &i.members {
                        if let ast::Member::Import(names) = m {
                            out.extend(names.iter().map(|n| (n.clone(), false)));
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
