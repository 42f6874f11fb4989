//! Tests of the preprocessor, run on in-memory files (and on Wine's IDL files where installed),
//! with the helpers they share; the tests of each part are in the modules below.

mod conditionals;
mod directives;
mod files;
mod lines;
mod macros;

use std::collections::HashMap;
use std::ops::Range;

use super::{IncludeResolver, Options, Preprocessed, preprocess};
use crate::diag::Diagnostics;
use crate::source::{FileId, SourceMap};

/// Resolves names among in-memory files.
struct MapResolver(HashMap<String, FileId>);

impl IncludeResolver for MapResolver {
    fn resolve(&mut self, _: &mut SourceMap, name: &str, _: bool, _: FileId) -> Result<FileId, String> {
        self.0.get(name).copied().ok_or_else(|| format!("cannot find include file `{name}` in the include path"))
    }
}

/// Preprocesses `root` with the in-memory `files` available to `#include`.
fn run_with(
    root: &str,
    files: &[(&str, &str)],
    defines: &[(String, String)],
) -> (SourceMap, Preprocessed, Diagnostics) {
    let mut sources = SourceMap::new();
    let id = sources.add_virtual("test.idl", root);
    let mut map = HashMap::new();
    for (name, text) in files {
        map.insert(name.to_string(), sources.add_virtual(*name, *text));
    }
    let mut diags = Diagnostics::default();
    let pre = preprocess(&mut sources, id, &mut MapResolver(map), &Options { defines }, &mut diags);
    check_origins(&sources, &pre);
    (sources, pre, diags)
}

fn run(root: &str) -> (Preprocessed, Diagnostics) {
    let (_, pre, diags) = run_with(root, &[], &[]);
    (pre, diags)
}

/// Output text of a file that must preprocess without diagnostics.
fn ok(root: &str) -> String {
    let (pre, diags) = run(root);
    assert!(diags.is_empty(), "unexpected diagnostics: {diags:?}");
    pre.text
}

/// The diagnostics as (message, span) pairs.
fn errors(root: &str) -> Vec<(String, Range<usize>)> {
    run(root).1.into_iter().map(|d| (d.message, d.span)).collect()
}

/// Checks that every output byte maps into an existing file and returns how many output bytes
/// differ from the byte they map to (blanked bytes, which are spaces, do not count). Only
/// macro expansions make such bytes.
fn check_origins(sources: &SourceMap, pre: &Preprocessed) -> usize {
    let segs = pre.origins.segments();
    if !pre.text.is_empty() {
        assert_eq!(segs.first().map(|s| s.out), Some(0), "output before the first segment");
    }
    for s in segs {
        assert!(s.orig + s.len <= sources.text(s.file).len(), "segment {s:?} outside its file");
    }
    let mut differing = 0;
    for (i, &b) in pre.text.as_bytes().iter().enumerate() {
        let o = pre.origins.origin(i).unwrap();
        let src = sources.text(o.file).as_bytes();
        assert!(o.offset <= src.len());
        let blanked = b == b' ' && !matches!(src.get(o.offset), Some(b'\n' | b'\r'));
        if src.get(o.offset) != Some(&b) && !blanked {
            differing += 1;
        }
    }
    differing
}

/// The lines of the output after the first `n` (which hold directives).
fn after(text: &str, n: usize) -> Vec<&str> {
    text.lines().skip(n).collect()
}

/// `text` with every byte but line breaks turned into a space.
fn spaces(text: &str) -> String {
    text.bytes().map(|b| if b == b'\n' || b == b'\r' { b as char } else { ' ' }).collect()
}

/// Where output byte `out` came from: the file's index in the order read, and the offset there.
fn origin(pre: &Preprocessed, out: usize) -> (usize, usize) {
    let o = pre.origins.origin(out).unwrap();
    (o.file.index(), o.offset)
}

/// The files other than the root that the output holds text of, in the order first met.
fn included(pre: &Preprocessed) -> Vec<usize> {
    let mut files = Vec::new();
    for s in pre.origins.segments() {
        if s.file != pre.file && !files.contains(&s.file.index()) {
            files.push(s.file.index());
        }
    }
    files
}

/// The diagnostics as (file index, message, span).
fn located(diags: &Diagnostics) -> Vec<(usize, &str, Range<usize>)> {
    diags.iter().map(|d| (d.file.index(), d.message.as_str(), d.span.clone())).collect()
}

/// Finds `#include`d files in one directory (and quoted ones next to the including file).
struct DirResolver(std::path::PathBuf);

impl IncludeResolver for DirResolver {
    fn resolve(&mut self, sources: &mut SourceMap, name: &str, angled: bool, from: FileId) -> Result<FileId, String> {
        let mut candidates = Vec::new();
        if !angled {
            if let Some(dir) = sources.path(from).and_then(|p| p.parent()) {
                candidates.push(dir.join(name));
            }
        }
        candidates.push(self.0.join(name));
        for path in candidates {
            if let Some(id) = sources.find_path(&path) {
                return Ok(id);
            }
            if let Ok(text) = std::fs::read_to_string(&path) {
                return Ok(sources.add_file(&path, name.to_owned(), text));
            }
        }
        Err(format!("cannot find include file `{name}` in the include path"))
    }
}

/// Wine's IDL files, installed with libwine-dev: all must preprocess cleanly.
#[test]
fn wine_corpus() {
    let dir = std::path::PathBuf::from("/usr/include/wine/wine/windows");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(std::env::var_os("CONTENTPARTNER_REQUIRE_ALL").is_none(), "Wine's IDL corpus is not installed");
        eprintln!("SKIP: {} not found", dir.display());
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "idl"))
        .collect();
    paths.sort();
    let mut elapsed = std::time::Duration::ZERO;
    let (mut files, mut lines, mut differing) = (0, 0, 0);
    for path in &paths {
        let mut sources = SourceMap::new();
        let text = std::fs::read_to_string(path).unwrap();
        lines += text.lines().count();
        let root = sources.add_file(path, path.display().to_string(), text);
        let started = std::time::Instant::now();
        let mut diags = Diagnostics::default();
        let pre = preprocess(&mut sources, root, &mut DirResolver(dir.clone()), &Options::default(), &mut diags);
        elapsed += started.elapsed();
        let rendered: Vec<String> = diags.iter().map(|d| d.headline(&sources)).collect();
        assert!(diags.is_empty(), "{}: {rendered:#?}", path.display());
        differing += check_origins(&sources, &pre);
        files += 1;
    }
    eprintln!(
        "preprocessed {files} files ({lines} lines) cleanly in {:?}; {differing} output bytes come from macro expansions",
        elapsed
    );
}

#[test]
fn command_line_defines() {
    let defines = [
        ("__midl".to_owned(), "600".to_owned()),
        ("FOO".to_owned(), "1".to_owned()),
        ("F(x)".to_owned(), "x+1".to_owned()),
    ];
    let (_, pre, diags) = run_with("__midl __WIDL__ _WIN32 _WIN64 FOO F(2) __STDC__", &[], &defines);
    assert!(diags.is_empty());
    assert_eq!(pre.text, "600 1 1 1 1 2+1 __STDC__");
    let bad = [("1X".to_owned(), "1".to_owned())];
    let (_, _, diags) = run_with("", &[], &bad);
    assert_eq!(
        diags.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
        ["invalid command-line macro definition `1X`"]
    );
}

/// Random inputs made of preprocessor-relevant pieces: no panic, no hang, valid origins.
#[test]
fn random_inputs_are_handled() {
    const PIECES: [&str; 48] = [
        "#define ",
        "#define F(x, ...) ",
        "#define G(a) #a a ## a ",
        "#if ",
        "#elif ",
        "#else",
        "#endif",
        "#ifdef ",
        "#undef ",
        "#include \"self.h\"",
        "#include <other.h>",
        "#pragma x",
        "#error e",
        "(",
        ")",
        ",",
        "##",
        "#",
        "\"",
        "'",
        "/*",
        "*/",
        "//",
        "\\\n",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "A",
        "B",
        "F",
        "G",
        "x",
        "1",
        "0",
        "/",
        "%",
        "defined",
        "é",
        "€",
        "...",
        "__VA_ARGS__",
        "<",
        ">",
        "?",
        ":",
        "0x",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..300 {
        let n = (next() % 60) as usize;
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
        }
        let other = format!("{text}\n");
        run_with(&text, &[("self.h", &text), ("other.h", &other)], &[]);
    }
}
