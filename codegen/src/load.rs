//! Reading files: the include path, imports, the built-in prelude, and one cache of parsed files
//! shared by every root file of a session (so a batch parses `objidl.idl` once).

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{FileId, SourceMap, decode};
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
}

/// A unit's syntax.
enum Items {
    /// Parsed at once: a file checked itself, or one that could not be split.
    Whole(ast::File),
    /// An import, cut into its top-level items, each parsed when a root first reaches it.
    Split { split: parse::Split, parsed: Vec<Option<Parsed>>, by_name: HashMap<Box<str>, Vec<usize>> },
}

struct Parsed {
    items: Vec<ast::Item>,
    /// Its syntax errors, reported to the roots that reach it.
    diagnostics: Diagnostics,
}

/// What a check reads of one unit of its closure.
pub struct Reached {
    pub unit: UnitId,
    /// The pieces reached, in order; `None` for a unit read whole.
    pieces: Option<Vec<usize>>,
}

impl Reached {
    /// The unit's items the check reads, in source order, as lists.
    pub fn item_lists<'u>(&self, units: &'u [Unit]) -> Vec<&'u [ast::Item]> {
        match (&units[self.unit.0].items, &self.pieces) {
            (Items::Whole(file), _) => vec![&file.items],
            (Items::Split { parsed, .. }, Some(pieces)) => {
                pieces.iter().filter_map(|&i| parsed[i].as_ref()).map(|p| p.items.as_slice()).collect()
            }
            (Items::Split { .. }, None) => Vec::new(),
        }
    }

    /// The syntax errors of the pieces reached (a whole unit's are in its `diagnostics`).
    fn diagnostics<'u>(&self, units: &'u [Unit]) -> impl Iterator<Item = &'u Diagnostics> {
        let parsed = match &units[self.unit.0].items {
            Items::Split { parsed, .. } => Some(parsed),
            Items::Whole(_) => None,
        };
        let pieces = self.pieces.clone().unwrap_or_default();
        pieces.into_iter().filter_map(move |i| parsed?[i].as_ref()).map(|p| &p.diagnostics)
    }
}

/// A root file with what its check reads: its closure, imports first, ending with the root.
pub struct Root {
    pub unit: UnitId,
    pub reached: Vec<Reached>,
}

impl Root {
    /// Every problem found in what the check reads.
    pub fn diagnostics(&self, units: &[Unit]) -> Diagnostics {
        let mut out = Diagnostics::default();
        for r in &self.reached {
            out.extend(units[r.unit.0].diagnostics.iter().cloned());
            for d in r.diagnostics(units) {
                out.extend(d.iter().cloned());
            }
        }
        out
    }
}

/// Names the resolver looks up without the text naming them.
const IMPLIED_NAMES: &[&str] = &["IUnknown", "IDispatch"];

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
        let file = read_file(&mut self.sources, path).map_err(|e| {
            let file = self.sources.add_virtual(path.display().to_string(), "");
            Diagnostic::new(file, 0..0, e)
        })?;
        Ok(parse::with_parser_stack(|| self.root(file)))
    }

    /// Parses a text that has no file (tests, the fuzzer) under the name `name`.
    pub fn load_text(&mut self, name: &str, text: &str) -> Root {
        let file = self.sources.add_virtual(name, text);
        parse::with_parser_stack(|| self.root(file))
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

    /// What a check of `root` (read whole) reads of its closure: of each import, the pieces that
    /// could declare a name the root mentions, and again for the names those mention, until no new
    /// name comes up. A name only ever finds more pieces, so the check reads everything that could
    /// bear on it; pieces are parsed once, the first time any root reaches them.
    fn reach(&mut self, root: UnitId) -> Vec<Reached> {
        let closure = self.closure(root);
        let mut reached: Vec<Reached> = closure
            .iter()
            .map(|&unit| {
                let pieces = match &self.units[unit.0].items {
                    Items::Whole(_) => None,
                    Items::Split { split, .. } => {
                        Some(split.pieces.iter().enumerate().filter(|(_, p)| p.eager).map(|(i, _)| i).collect())
                    }
                };
                Reached { unit, pieces }
            })
            .collect();
        let mut seen: HashSet<Box<str>> = HashSet::new();
        let mut work: Vec<Box<str>> = Vec::new();
        let mut mention = |name: &str, work: &mut Vec<Box<str>>| {
            if !seen.contains(name) {
                seen.insert(name.into());
                work.push(name.into());
            }
        };
        for name in IMPLIED_NAMES {
            mention(name, &mut work);
        }
        for r in &reached {
            let unit = &self.units[r.unit.0];
            let text = &unit.source.text;
            match (&unit.items, &r.pieces) {
                (Items::Split { split, .. }, Some(pieces)) => {
                    for m in pieces.iter().flat_map(|&i| &split.pieces[i].mentions) {
                        mention(&text[m.clone()], &mut work);
                    }
                }
                _ => {
                    for m in parse::mentions(text) {
                        mention(&text[m], &mut work);
                    }
                }
            }
        }
        while let Some(name) = work.pop() {
            for r in &mut reached {
                let unit = &mut self.units[r.unit.0];
                let (Items::Split { split, parsed, by_name }, Some(pieces)) = (&mut unit.items, &mut r.pieces) else {
                    continue;
                };
                for &i in by_name.get(&name).into_iter().flatten() {
                    if pieces.contains(&i) {
                        continue;
                    }
                    pieces.push(i);
                    if parsed[i].is_none() {
                        let mut diagnostics = Diagnostics::default();
                        let items = split.parse(&unit.source, i, &mut diagnostics);
                        parsed[i] = Some(Parsed { items, diagnostics });
                    }
                    let text = &unit.source.text;
                    for m in &split.pieces[i].mentions {
                        mention(&text[m.clone()], &mut work);
                    }
                }
            }
        }
        for r in &mut reached {
            if let Some(pieces) = &mut r.pieces {
                pieces.sort_unstable();
            }
        }
        reached
    }

    /// Makes `u` a unit read whole (a root), parsing it again if it was split as an import.
    fn read_whole(&mut self, u: UnitId) {
        let unit = &mut self.units[u.0];
        if let Items::Split { .. } = unit.items {
            let file = parse::parse(&unit.source, &mut unit.diagnostics);
            unit.items = Items::Whole(file);
        }
    }

    /// The unit of `file`, loaded with its imports the first time. Files may import each other, as
    /// MIDL allows: the unit is cached before its imports are loaded, so an import of a file still
    /// in progress gets that unit instead of loading it again. An import is split into pieces
    /// (with only those parsed that hold imports); a root is read whole.
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
        let items = match parse::split(&source).filter(|_| !whole) {
            Some(split) => split_items(&source, split),
            None => Items::Whole(parse::parse(&source, &mut diagnostics)),
        };
        let imports = match &items {
            Items::Whole(ast) => imports_of(&ast.items),
            Items::Split { parsed, .. } => parsed.iter().flatten().flat_map(|p| imports_of(&p.items)).collect(),
        };
        let u = UnitId(self.units.len());
        self.units.push(Unit { source, items, imports: Vec::new(), diagnostics });
        self.by_file.insert(file, u);

        for lit in imports {
            let (from_file, span) = self.unit(u).source.origin(lit.span.clone());
            match self.find_import(&lit.value, from_file) {
                Ok((target, warnings)) => {
                    let t = match target {
                        Some(target) => self.load_unit(target, false),
                        None => self.prelude(),
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

    /// The file an `import "name"` refers to (`None` means the built-in prelude), with the
    /// warnings of [`Found`].
    fn find_import(&mut self, name: &str, from: FileId) -> Result<(Option<FileId>, Vec<String>), String> {
        let dirs = &self.options.include_dirs;
        match search(&mut self.listings, name, self.sources.path(from), dirs) {
            Ok(found) => Ok((Some(read_file(&mut self.sources, &found.path)?), found.warnings)),
            // The standard OLE imports fall back to the prelude when the search path lacks them.
            Err(_) if PRELUDE_IMPORTS.iter().any(|p| p.eq_ignore_ascii_case(name)) => Ok((None, Vec::new())),
            Err(e) => Err(e),
        }
    }

    fn prelude(&mut self) -> UnitId {
        if let Some(u) = self.units.iter().position(|u| self.sources.name(u.source.file) == PRELUDE_NAME) {
            return UnitId(u);
        }
        let file = self.sources.add_virtual(PRELUDE_NAME, PRELUDE);
        self.load_unit(file, false)
    }
}

/// `split`'s pieces with the eager ones parsed, and an index of what each may declare.
fn split_items(source: &Preprocessed, split: parse::Split) -> Items {
    let mut by_name: HashMap<Box<str>, Vec<usize>> = HashMap::new();
    let mut parsed = Vec::with_capacity(split.pieces.len());
    for (i, piece) in split.pieces.iter().enumerate() {
        for d in &piece.declares {
            let names = by_name.entry(source.text[d.clone()].into()).or_default();
            if names.last() != Some(&i) {
                names.push(i);
            }
        }
        parsed.push(piece.eager.then(|| {
            let mut diagnostics = Diagnostics::default();
            let items = split.parse(source, i, &mut diagnostics);
            Parsed { items, diagnostics }
        }));
    }
    Items::Split { split, parsed, by_name }
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

/// A file found for a name.
struct Found {
    path: PathBuf,
    /// For each component of the name that matched several entries differing only in case, which
    /// one was taken.
    warnings: Vec<String>,
}

/// Looks `name` up beside the including file, then in each include directory: in each, the name as
/// written, then ignoring case as Windows does. Names that could reach outside those directories
/// (absolute paths, `..`) are refused.
fn search(listings: &mut Listings, name: &str, from: Option<&Path>, include_dirs: &[PathBuf]) -> Result<Found, String> {
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
        // The name as written needs no directory listing.
        let candidate = dir.join(rel);
        if candidate.is_file() {
            return Ok(Found { path: candidate, warnings: Vec::new() });
        }
        if let Some(found) = listings.find(dir, rel) {
            return Ok(found);
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

/// Directory listings, each read once per session: how names are found ignoring case.
#[derive(Default)]
struct Listings(HashMap<PathBuf, HashMap<String, Vec<String>>>);

impl Listings {
    /// `rel` under `dir`, each component matched ignoring case: the spelling written if it is among
    /// the matches, else the first match in byte order.
    fn find(&mut self, dir: &Path, rel: &Path) -> Option<Found> {
        let mut path = dir.to_path_buf();
        let mut warnings = Vec::new();
        let mut parts = rel.components().peekable();
        while let Some(part) = parts.next() {
            let part = part.as_os_str().to_str()?;
            let last = parts.peek().is_none();
            let matches: Vec<&str> = self
                .matching(&path, part)
                .iter()
                .map(String::as_str)
                .filter(|m| if last { path.join(m).is_file() } else { path.join(m).is_dir() })
                .collect();
            let taken = if matches.contains(&part) {
                part
            } else {
                let first = *matches.first()?;
                if matches.len() > 1 {
                    let all: Vec<String> = matches.iter().map(|m| format!("`{m}`")).collect();
                    warnings.push(format!(
                        "`{part}` matches several {} in `{}` that differ only in case ({}); using `{first}`, the first in byte order",
                        if last { "files" } else { "directories" },
                        path.display(),
                        all.join(", ")
                    ));
                }
                first
            };
            path.push(taken);
        }
        Some(Found { path, warnings })
    }

    /// The entries of `dir` whose names equal `name` ignoring case, in byte order.
    fn matching(&mut self, dir: &Path, name: &str) -> &[String] {
        let listing = self.0.entry(dir.to_path_buf()).or_insert_with(|| list(dir));
        listing.get(&fold_case(name)).map_or(&[], Vec::as_slice)
    }
}

/// The entries of `dir` whose names equal `name` ignoring case, in byte order, read afresh: for
/// lookups outside a session's [`Listings`].
pub(crate) fn entries_ignoring_case(dir: &Path, name: &str) -> Vec<String> {
    list(dir).remove(&fold_case(name)).unwrap_or_default()
}

/// The entries of `dir` by their [`fold_case`]d name; an unreadable directory has none. Names that
/// are not UTF-8 are left out: no IDL string can name them.
fn list(dir: &Path) -> HashMap<String, Vec<String>> {
    // The directory of a root file given as a bare name is the current one.
    let readable = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let mut listing: HashMap<String, Vec<String>> = HashMap::new();
    for name in
        std::fs::read_dir(readable).into_iter().flatten().flatten().filter_map(|e| e.file_name().into_string().ok())
    {
        listing.entry(fold_case(&name)).or_default().push(name);
    }
    for names in listing.values_mut() {
        names.sort();
    }
    listing
}

/// A file name compared as Windows compares them: each character upper-cased where its upper case
/// is one character.
fn fold_case(name: &str) -> String {
    name.chars()
        .map(|c| {
            let mut upper = c.to_uppercase();
            match (upper.next(), upper.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

/// Reads `path` into the source map once ([`decode`]d as MIDL reads it); later reads return the
/// same file.
fn read_file(sources: &mut SourceMap, path: &Path) -> Result<FileId, String> {
    if let Some(id) = sources.find_path(path) {
        return Ok(id);
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    Ok(sources.add_file(path, path.display().to_string(), decode(bytes)))
}

/// `#include` resolution for the preprocessor, under the same path policy as imports.
struct PathResolver<'a> {
    include_dirs: &'a [PathBuf],
    listings: &'a mut Listings,
    /// Those of the last name resolved.
    warnings: Vec<String>,
}

impl preprocess::IncludeResolver for PathResolver<'_> {
    fn resolve(&mut self, sources: &mut SourceMap, name: &str, _angled: bool, from: FileId) -> Result<FileId, String> {
        let found = search(self.listings, name, sources.path(from), self.include_dirs)?;
        let file = read_file(sources, &found.path).map_err(|e| format!("cannot include `{name}`: {e}"))?;
        self.warnings = found.warnings;
        Ok(file)
    }

    fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }
}
