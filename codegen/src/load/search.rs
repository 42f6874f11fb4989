//! Finding files: the search path, names matched ignoring case as Windows does, and reading each
//! file once.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::source::{FileId, SourceMap, decode};
use crate::syntax::preprocess;

/// A file found for a name.
pub(super) struct Found {
    pub(super) path: PathBuf,
    /// For each component of the name that matched several entries differing only in case, which
    /// one was taken.
    pub(super) warnings: Vec<String>,
}

/// Looks `name` up beside the including file, then in each include directory: in each, the name as
/// written, then ignoring case as Windows does; `None` if it is in none of them. Names that could
/// reach outside those directories (absolute paths, `..`) are refused.
pub(super) fn search(
    listings: &mut Listings,
    name: &str,
    from: Option<&Path>,
    include_dirs: &[PathBuf],
) -> Result<Option<Found>, String> {
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
            return Ok(Some(Found { path: candidate, warnings: Vec::new() }));
        }
        if let Some(found) = listings.find(dir, rel) {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// Where [`search`] looked, for "cannot find" messages.
pub(super) fn searched(include_dirs: &[PathBuf]) -> String {
    if include_dirs.is_empty() {
        "beside the including file (no -I given)".to_string()
    } else {
        format!(
            "beside the including file and in {} include director{}",
            include_dirs.len(),
            if include_dirs.len() == 1 { "y" } else { "ies" }
        )
    }
}

/// Directory listings, each read once per session: how names are found ignoring case.
#[derive(Default)]
pub(super) struct Listings(HashMap<PathBuf, HashMap<String, Vec<String>>>);

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
pub(super) fn read_file(sources: &mut SourceMap, path: &Path) -> Result<FileId, String> {
    if let Some(id) = sources.find_path(path) {
        return Ok(id);
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    Ok(sources.add_file(path, path.display().to_string(), decode(bytes)))
}

/// `#include` resolution for the preprocessor, under the same path policy as imports.
pub(super) struct PathResolver<'a> {
    pub(super) include_dirs: &'a [PathBuf],
    pub(super) listings: &'a mut Listings,
    /// Those of the last name resolved.
    pub(super) warnings: Vec<String>,
}

impl preprocess::IncludeResolver for PathResolver<'_> {
    fn resolve(&mut self, sources: &mut SourceMap, name: &str, _angled: bool, from: FileId) -> Result<FileId, String> {
        let found = search(self.listings, name, sources.path(from), self.include_dirs)?
            .ok_or_else(|| format!("cannot find `{name}`: searched {}", searched(self.include_dirs)))?;
        let file = read_file(sources, &found.path).map_err(|e| format!("cannot include `{name}`: {e}"))?;
        self.warnings = found.warnings;
        Ok(file)
    }

    fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }
}
