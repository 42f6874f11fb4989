//! The C preprocessor pass run over an IDL file before it is parsed, as MIDL and widl do.
//!
//! The pass works file by file and line by line. Each file is first *cleaned*: comments become
//! spaces (newlines kept), which leaves every byte at its original offset. Lines are then either
//! directives (blanked in the output and acted on), lines of a skipped conditional region (blanked)
//! or text, which is copied verbatim except where a macro is used: the use is replaced by its
//! expansion. `#include` inserts the preprocessed included file in place of its directive.
//!
//! Every run of output bytes is recorded in an [`OriginMap`]: verbatim and blanked text maps 1:1
//! to the file it came from, and a macro expansion maps into the macro's use.
//!
//! Macro expansion follows C: arguments are expanded before they are substituted (except next to
//! `#` and `##`), the result is rescanned, and a macro is disabled while its own expansion is being
//! rescanned (a name met while its macro is disabled is never expanded again). All work is bounded:
//! include depth, expansion size and depth, `#if` nesting, total output and the diagnostic count.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

use codespan_reporting::files::Files;

use crate::diag::Diagnostic;
use crate::source::{FileId, OriginMap, Segment, SourceMap};

/// How `#include` names are turned into files. Implemented by the caller (it enforces the include
/// path policy and reads/caches the file into the SourceMap).
pub trait IncludeResolver {
    /// `name` as written between quotes or angle brackets; `angled` true for <...>; `from` the file
    /// containing the directive. Returns the FileId of the file (already added to `sources`) or an
    /// error message (e.g. "cannot find include file `x.h` in the include path").
    fn resolve(&mut self, sources: &mut SourceMap, name: &str, angled: bool, from: FileId) -> Result<FileId, String>;
}

/// The result of preprocessing one root file.
#[derive(Clone, Debug)]
pub struct Preprocessed {
    /// The text the parser reads: comments replaced by spaces (newlines kept), directive lines blank,
    /// macros expanded, included files inserted.
    pub text: String,
    /// Where each byte of `text` came from.
    pub origins: OriginMap,
    /// Every file #included (transitively), in order first seen, without duplicates.
    pub included: Vec<FileId>,
    /// `#pragma` lines seen in active regions: (origin file, byte offset of the `#`, text after `pragma`).
    pub pragmas: Vec<(FileId, usize, String)>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// Macros from the command line (`-D NAME` gives ("NAME", "1"), `-D NAME=V` gives ("NAME", "V")).
    pub defines: &'a [(String, String)],
}

/// Macros every file sees, before the command-line ones (which may override them).
const PREDEFINED: [(&str, &str); 4] = [("__WIDL__", "1"), ("__midl", "501"), ("_WIN32", "1"), ("_WIN64", "1")];

/// Files nested deeper than this in `#include`s are an error (this is how recursive includes end).
const MAX_INCLUDE_DEPTH: usize = 64;
/// Bytes of tokens one top-level macro use may produce, counting every intermediate step.
const MAX_USE_EXPANSION: usize = 1 << 20;
/// Nesting of macro expansions (active macros, or argument pre-expansion recursion).
const MAX_EXPANSION_DEPTH: usize = 256;
/// Bytes of tokens all macro uses of one preprocessing run may produce together.
const MAX_TOTAL_EXPANSION: usize = 32 << 20;
/// Output bytes plus bytes of files read; beyond it preprocessing stops.
const MAX_WORK: usize = 64 << 20;
/// Origin segments recorded; beyond it preprocessing stops.
const MAX_SEGMENTS: usize = 4 << 20;
/// Nesting of parentheses and `?:` in one `#if` expression.
const MAX_IF_NESTING: usize = 256;
/// `#include`s followed in one preprocessing run (a file including itself twice would otherwise
/// take exponential time).
const MAX_INCLUDES: usize = 10_000;
/// Diagnostics kept; later ones are dropped.
const MAX_DIAGNOSTICS: usize = 1000;

/// Preprocesses `root` (already in `sources`). Diagnostics are returned together with the best-effort
/// output: on any error the caller reports every diagnostic; processing continues after an error
/// where sensible so that several errors in one file are all reported.
pub fn preprocess(
    sources: &mut SourceMap,
    root: FileId,
    resolver: &mut dyn IncludeResolver,
    options: &Options,
) -> (Preprocessed, Vec<Diagnostic>) {
    let mut pp = Pp { expansion_left: MAX_TOTAL_EXPANSION, ..Pp::default() };
    for (name, value) in PREDEFINED {
        pp.define_external(name, value, root);
    }
    for (name, value) in options.defines {
        pp.define_external(name, value, root);
    }

    let mut stack: Vec<FileState> = Vec::new();
    match sources.source(root) {
        Ok(text) => {
            pp.work += text.len();
            stack.push(FileState::open(root, text, &mut pp.diags));
        }
        Err(_) => pp.diags.push(Diagnostic::new(root, 0..0, "cannot read the file to preprocess")),
    }

    loop {
        let depth = stack.len();
        let Some(st) = stack.last_mut() else { break };
        if st.pos >= st.text.len() {
            let (file, text) = (st.file, st.text.clone());
            pp.out.copy(file, &text, st.copy_pos..text.len());
            for c in &st.conds {
                pp.diags.push(
                    Diagnostic::new(file, c.span.clone(), format!("unterminated `#{}`", c.name))
                        .with_label("no matching `#endif` in this file"),
                );
            }
            stack.pop();
            continue;
        }
        if let Step::Include(next) = pp.step(st, sources, resolver, depth) {
            stack.push(next);
        }
        if pp.out.text.len() + pp.work > MAX_WORK || pp.out.segments > MAX_SEGMENTS {
            if let Some(st) = stack.last() {
                let at = st.pos.min(st.text.len());
                pp.diags.push(Diagnostic::new(st.file, at..at, "preprocessed output too large"));
            }
            break;
        }
    }

    let result =
        Preprocessed { text: pp.out.text, origins: pp.out.origins, included: pp.included, pragmas: pp.pragmas };
    (result, pp.diags.list)
}

// ---------------------------------------------------------------------------------------------
// Byte-level lexing helpers. All positions handed out are char boundaries: tokens start and end
// next to ASCII bytes, and non-ASCII bytes only ever occur inside identifiers or literals.

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_ident_char(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit()
}

fn is_hspace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c)
}

/// Length of the line ending at `i` (`\n`, `\r\n` or a lone `\r`), 0 if there is none.
fn newline_len(t: &[u8], i: usize) -> usize {
    match t.get(i) {
        Some(b'\n') => 1,
        Some(b'\r') => {
            if t.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            }
        }
        _ => 0,
    }
}

/// Length of a backslash-newline at `i`, 0 if there is none.
fn splice_len(t: &[u8], i: usize) -> usize {
    if t.get(i) == Some(&b'\\') {
        match newline_len(t, i + 1) {
            0 => 0,
            n => n + 1,
        }
    } else {
        0
    }
}

/// Skips blanks and line splices (not newlines) from `p`, stopping at `end`.
fn skip_blanks(t: &[u8], mut p: usize, end: usize) -> usize {
    while p < end {
        if is_hspace(t[p]) {
            p += 1;
        } else {
            match splice_len(t, p) {
                0 => break,
                n => p = (p + n).min(end),
            }
        }
    }
    p
}

/// Whether `p` lies strictly inside one of the (sorted) comments spanning lines.
fn in_comment(ml: &[(usize, usize)], p: usize) -> bool {
    let i = ml.partition_point(|&(s, _)| s < p);
    i > 0 && ml[i - 1].1 > p
}

/// Whether the line starting at `ls` is a directive line.
fn is_directive_line(t: &[u8], ml: &[(usize, usize)], ls: usize) -> bool {
    let q = skip_blanks(t, ls, t.len());
    q < t.len() && t[q] == b'#' && !in_comment(ml, ls)
}

/// End of the logical line containing `p`: the first newline that is neither spliced nor inside a
/// comment, or the end of the text.
fn logical_end(t: &[u8], ml: &[(usize, usize)], mut p: usize) -> usize {
    let mut ci = ml.partition_point(|&(_, e)| e <= p);
    while p < t.len() {
        let s = splice_len(t, p);
        if s > 0 {
            p += s;
            continue;
        }
        if t[p] == b'\n' || t[p] == b'\r' {
            while ci < ml.len() && ml[ci].1 <= p {
                ci += 1;
            }
            match ml.get(ci) {
                Some(&(s, e)) if s < p => p = e,
                _ => return p,
            }
            continue;
        }
        p += 1;
    }
    t.len()
}

/// Scans a string or character literal whose quote is at `q`. Returns its end and whether it is
/// unterminated (a newline or `end` came before the closing quote).
fn scan_literal(t: &[u8], q: usize, end: usize) -> (usize, bool) {
    let quote = t[q];
    let mut j = q + 1;
    while j < end {
        let c = t[j];
        if c == quote {
            return (j + 1, false);
        }
        if c == b'\\' {
            let s = splice_len(t, j);
            j += if s > 0 { s } else { 2 };
            continue;
        }
        if c == b'\n' || c == b'\r' {
            return (j, true);
        }
        j += 1;
    }
    (end, true)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Ident,
    Number,
    Str,
    Char,
    Punct,
    /// The empty result of an empty macro argument next to `##`; never output.
    Placemarker,
}

const PUNCT3: [&[u8]; 3] = [b"<<=", b">>=", b"..."];
const PUNCT2: [&[u8]; 20] = [
    b"##", b"<<", b">>", b"<=", b">=", b"==", b"!=", b"&&", b"||", b"->", b"++", b"--", b"+=", b"-=", b"*=", b"/=",
    b"%=", b"&=", b"^=", b"|=",
];

/// Lexes the token at `p` (not a blank or newline), within `..end`. Returns its kind, its end and
/// whether it is an unterminated literal.
fn lex_at(t: &[u8], p: usize, end: usize) -> (Kind, usize, bool) {
    let b = t[p];
    if is_ident_start(b) {
        let mut j = p + 1;
        while j < end && is_ident_char(t[j]) {
            j += 1;
        }
        if j < end && (t[j] == b'"' || t[j] == b'\'') && matches!(&t[p..j], b"L" | b"u" | b"U" | b"u8") {
            let kind = if t[j] == b'"' { Kind::Str } else { Kind::Char };
            let (e, unterminated) = scan_literal(t, j, end);
            return (kind, e, unterminated);
        }
        return (Kind::Ident, j, false);
    }
    if b.is_ascii_digit() || (b == b'.' && p + 1 < end && t[p + 1].is_ascii_digit()) {
        let mut j = p + 1;
        while j < end {
            let c = t[j];
            if is_ident_char(c)
                || c == b'.'
                || ((c == b'+' || c == b'-') && matches!(t[j - 1], b'e' | b'E' | b'p' | b'P'))
            {
                j += 1;
            } else {
                break;
            }
        }
        return (Kind::Number, j, false);
    }
    if b == b'"' || b == b'\'' {
        let kind = if b == b'"' { Kind::Str } else { Kind::Char };
        let (e, unterminated) = scan_literal(t, p, end);
        return (kind, e, unterminated);
    }
    let rest = &t[p..end];
    for op in PUNCT3 {
        if rest.starts_with(op) {
            return (Kind::Punct, p + 3, false);
        }
    }
    for op in PUNCT2 {
        if rest.starts_with(op) {
            return (Kind::Punct, p + 2, false);
        }
    }
    (Kind::Punct, p + 1, false)
}

/// A token of a directive line (or any text range), as positions in the text.
#[derive(Clone, Copy, Debug)]
struct Raw {
    kind: Kind,
    start: usize,
    end: usize,
    /// Preceded by white space.
    space: bool,
    unterminated: bool,
}

/// Every token of `start..end`; newlines there (inside comments) count as white space.
fn lex_range(t: &[u8], start: usize, end: usize) -> Vec<Raw> {
    let end = end.min(t.len());
    let mut toks = Vec::new();
    let mut p = start;
    loop {
        let mut space = false;
        loop {
            let q = skip_blanks(t, p, end);
            let nl = if q < end { newline_len(t, q) } else { 0 };
            if q == p && nl == 0 {
                break;
            }
            space = true;
            p = (q + nl).min(end);
        }
        if p >= end {
            return toks;
        }
        let (kind, e, unterminated) = lex_at(t, p, end);
        toks.push(Raw { kind, start: p, end: e, space, unterminated });
        p = e;
    }
}

/// The error for an unterminated literal token at `start..end`: points at its opening quote.
fn unterminated_literal(file: FileId, t: &[u8], start: usize, end: usize) -> Diagnostic {
    let q = (start..end.min(t.len())).find(|&i| t[i] == b'"' || t[i] == b'\'').unwrap_or(start);
    let what = if t.get(q) == Some(&b'\'') { "character" } else { "string" };
    Diagnostic::new(file, q..q + 1, format!("unterminated {what} literal")).with_label("no closing quote on this line")
}

/// A token text shortened for a message.
fn shown(text: &str) -> String {
    const MAX: usize = 40;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut cut = MAX;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}...", &text[..cut])
}

/// The text of a directive from `start` to `end`, splices removed, on one line, trimmed.
fn directive_text(t: &[u8], start: usize, end: usize) -> String {
    let end = end.min(t.len());
    let mut s = Vec::new();
    let mut i = start;
    while i < end {
        let sp = splice_len(t, i);
        if sp > 0 {
            i += sp;
            continue;
        }
        let b = t[i];
        s.push(if matches!(b, b'\n' | b'\r' | b'\t') { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&s).trim().to_owned()
}

/// Replaces comments by spaces (keeping newlines). Returns the cleaned text, which has the same
/// length as `src`, and the sorted ranges of the comments that contain a newline.
fn clean(file: FileId, src: &str, diags: &mut Diags) -> (String, Vec<(usize, usize)>) {
    fn blank_into(out: &mut Vec<u8>, bytes: &[u8]) {
        out.extend(bytes.iter().map(|&c| if c == b'\n' || c == b'\r' { c } else { b' ' }));
    }
    let t = src.as_bytes();
    let len = t.len();
    let mut out: Vec<u8> = Vec::with_capacity(len);
    let mut multiline = Vec::new();
    let mut i = 0;
    // A byte order mark is white space.
    if src.starts_with('\u{feff}') {
        out.extend_from_slice(b"   ");
        i = 3;
    }
    let mut run = i;
    while i < len {
        let b = t[i];
        let next = t.get(i + 1).copied();
        if b == b'"' || b == b'\'' {
            let (e, _) = scan_literal(t, i, len);
            i = e;
        } else if b == b'/' && next == Some(b'*') {
            out.extend_from_slice(&t[run..i]);
            let e = match t[i + 2..].windows(2).position(|w| w == b"*/") {
                Some(k) => i + 2 + k + 2,
                None => {
                    diags.push(
                        Diagnostic::new(file, i..i + 2, "unterminated `/*` comment").with_label("comment starts here"),
                    );
                    len
                }
            };
            let body = &t[i..e];
            blank_into(&mut out, body);
            if body.iter().any(|&c| c == b'\n' || c == b'\r') {
                multiline.push((i, e));
            }
            i = e;
            run = e;
        } else if b == b'/' && next == Some(b'/') {
            out.extend_from_slice(&t[run..i]);
            let mut j = i + 2;
            let mut spliced = false;
            while j < len {
                let s = splice_len(t, j);
                if s > 0 {
                    j += s;
                    spliced = true;
                    continue;
                }
                if t[j] == b'\n' || t[j] == b'\r' {
                    break;
                }
                j += 1;
            }
            blank_into(&mut out, &t[i..j]);
            if spliced {
                multiline.push((i, j));
            }
            i = j;
            run = j;
        } else {
            i += 1;
        }
    }
    out.extend_from_slice(&t[run..len]);
    // The cleaned text is valid UTF-8: whole characters were copied or blanked byte for byte.
    let text = String::from_utf8(out).unwrap_or_else(|e| " ".repeat(e.into_bytes().len()));
    (text, multiline)
}

// ---------------------------------------------------------------------------------------------
// Output.

#[derive(Default)]
struct Out {
    text: String,
    origins: OriginMap,
    segments: usize,
}

impl Out {
    fn segment(&mut self, file: FileId, orig: usize, len: usize) {
        self.origins.push(Segment { out: self.text.len(), file, orig, len });
        self.segments += 1;
    }

    /// Copies `range` of a cleaned text verbatim, except that the backslash of a line splice
    /// becomes a space.
    fn copy(&mut self, file: FileId, text: &str, range: Range<usize>) {
        let range = range.start..range.end.min(text.len());
        if range.start >= range.end {
            return;
        }
        if text.get(range.clone()).is_none() {
            return self.blank(file, text, range);
        }
        self.segment(file, range.start, range.end - range.start);
        let bytes = text.as_bytes();
        let mut run = range.start;
        // Backslashes are found with a byte search; most lines have none.
        for (k, _) in text[range.clone()].match_indices('\\') {
            let i = range.start + k;
            if splice_len(bytes, i) > 0 {
                self.text.push_str(text.get(run..i).unwrap_or(""));
                self.text.push(' ');
                run = i + 1;
            }
        }
        self.text.push_str(text.get(run..range.end).unwrap_or(""));
    }

    /// Copies `range` of a text as spaces, keeping its line breaks.
    fn blank(&mut self, file: FileId, text: &str, range: Range<usize>) {
        let range = range.start..range.end.min(text.len());
        if range.start >= range.end {
            return;
        }
        self.segment(file, range.start, range.end - range.start);
        let bytes = &text.as_bytes()[range];
        self.text.extend(bytes.iter().map(|&c| if c == b'\n' || c == b'\r' { c as char } else { ' ' }));
    }

    /// Appends text made by the preprocessor, all of it mapping to `orig .. orig + len`.
    fn generated(&mut self, file: FileId, orig: usize, len: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        self.segment(file, orig, len);
        self.text.push_str(s);
    }
}

/// Diagnostics, without duplicates (a file included twice repeats its problems) and capped.
#[derive(Default)]
struct Diags {
    list: Vec<Diagnostic>,
    seen: HashSet<(FileId, usize, usize, String)>,
}

impl Diags {
    fn push(&mut self, d: Diagnostic) {
        if self.list.len() >= MAX_DIAGNOSTICS {
            return;
        }
        if self.seen.insert((d.file, d.span.start, d.span.end, d.message.clone())) {
            self.list.push(d);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Macros.

/// A token being expanded.
#[derive(Clone, Debug)]
struct Tok {
    kind: Kind,
    text: Rc<str>,
    /// Preceded by white space.
    space: bool,
    /// An identifier met while its macro was disabled: never expanded.
    no_expand: bool,
    /// Where it is in the current file: its own place, or the macro use it came from.
    at: usize,
    len: usize,
}

impl Tok {
    fn from_raw(text: &str, r: &Raw) -> Tok {
        Tok {
            kind: r.kind,
            text: Rc::from(text.get(r.start..r.end).unwrap_or("")),
            space: r.space,
            no_expand: false,
            at: r.start,
            len: r.end - r.start,
        }
    }

    fn is(&self, punct: &str) -> bool {
        self.kind == Kind::Punct && &*self.text == punct
    }

    fn span(&self) -> Range<usize> {
        self.at..self.at + self.len
    }
}

#[derive(Debug)]
enum BodyItem {
    Tok(Kind, Rc<str>, bool),
    /// A parameter (index) and whether white space precedes it.
    Param(usize, bool),
    /// `#param`.
    Stringize(usize, bool),
    /// `##`.
    Paste,
}

#[derive(Debug)]
struct Macro {
    function_like: bool,
    /// Parameters, the variadic one included.
    params: usize,
    variadic: bool,
    body: Rc<[BodyItem]>,
    /// Being rescanned: a use of its name now is not expanded.
    disabled: bool,
}

#[derive(Default)]
struct Macros {
    ids: HashMap<String, usize>,
    defs: Vec<Option<Macro>>,
    /// The (first byte, length) of every name ever defined: every identifier of every text line
    /// is looked up, and most are no macro, so they are told apart here without hashing.
    shapes: NameShapes,
}

/// A set of (first byte, length up to 63) pairs, as one bit each.
struct NameShapes(Box<[u64; 256]>);

impl Default for NameShapes {
    fn default() -> Self {
        NameShapes(Box::new([0; 256]))
    }
}

impl NameShapes {
    fn insert(&mut self, name: &str) {
        if let Some(&first) = name.as_bytes().first() {
            self.0[first as usize] |= 1 << name.len().min(63);
        }
    }

    fn may_contain(&self, name: &str) -> bool {
        name.as_bytes().first().is_some_and(|&first| self.0[first as usize] & (1 << name.len().min(63)) != 0)
    }
}

impl Macros {
    fn lookup(&self, name: &str) -> Option<usize> {
        if !self.shapes.may_contain(name) {
            return None;
        }
        let &id = self.ids.get(name)?;
        self.defs.get(id)?.as_ref().map(|_| id)
    }

    fn get(&self, id: usize) -> Option<&Macro> {
        self.defs.get(id)?.as_ref()
    }

    fn set_disabled(&mut self, id: usize, disabled: bool) {
        if let Some(Some(m)) = self.defs.get_mut(id) {
            m.disabled = disabled;
        }
    }

    fn is_disabled(&self, id: usize) -> bool {
        self.get(id).is_some_and(|m| m.disabled)
    }

    fn define(&mut self, name: String, m: Macro) {
        match self.ids.get(&name) {
            Some(&id) => self.defs[id] = Some(m),
            None => {
                self.shapes.insert(&name);
                self.ids.insert(name, self.defs.len());
                self.defs.push(Some(m));
            }
        }
    }

    fn undef(&mut self, name: &str) {
        if let Some(&id) = self.ids.get(name) {
            self.defs[id] = None;
        }
    }
}

/// Parses a macro definition: `toks` are the tokens after `define`. Errors carry a span.
fn parse_define(
    text: &str,
    toks: &[Raw],
    define_span: Range<usize>,
) -> Result<(String, Macro), (Range<usize>, String)> {
    let tx = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
    let Some(first) = toks.first() else {
        return Err((define_span, "expected macro name after `#define`".to_owned()));
    };
    if first.kind != Kind::Ident {
        return Err((first.start..first.end, format!("macro names must be identifiers, found `{}`", shown(tx(first)))));
    }
    let name = tx(first);
    if name == "defined" {
        return Err((first.start..first.end, "`defined` cannot be used as a macro name".to_owned()));
    }
    let mut params: Vec<&str> = Vec::new();
    let mut variadic = false;
    let mut i = 1;
    let function_like = toks.get(1).is_some_and(|t| t.start == first.end && tx(t) == "(");
    if function_like {
        i = 2;
        let missing = |r: &Raw| (r.start..r.end, format!("missing `)` in parameter list of macro `{name}`"));
        if toks.get(i).is_some_and(|t| tx(t) == ")") {
            i += 1;
        } else {
            loop {
                let Some(t) = toks.get(i) else {
                    return Err(missing(&toks[i - 1]));
                };
                let s = tx(t);
                if s == "..." {
                    variadic = true;
                    params.push("__VA_ARGS__");
                } else if t.kind == Kind::Ident {
                    if params.contains(&s) {
                        return Err((t.start..t.end, format!("duplicate parameter `{s}` in macro `{name}`")));
                    }
                    params.push(s);
                    if toks.get(i + 1).is_some_and(|t| tx(t) == "...") {
                        variadic = true;
                        i += 1;
                    }
                } else {
                    return Err((
                        t.start..t.end,
                        format!("expected parameter name in macro `{name}`, found `{}`", shown(s)),
                    ));
                }
                i += 1;
                match toks.get(i) {
                    Some(t) if tx(t) == ")" => {
                        i += 1;
                        break;
                    }
                    Some(t) if tx(t) == "," && !variadic => i += 1,
                    Some(t) => {
                        return Err((
                            t.start..t.end,
                            format!(
                                "expected `,` or `)` in parameter list of macro `{name}`, found `{}`",
                                shown(tx(t))
                            ),
                        ));
                    }
                    None => return Err(missing(&toks[i - 1])),
                }
            }
        }
    }
    let body = &toks[i..];
    for t in [body.first(), body.last()].into_iter().flatten() {
        if t.kind == Kind::Punct && tx(t) == "##" {
            return Err((t.start..t.end, "`##` cannot appear at either end of a macro expansion".to_owned()));
        }
    }
    let param = |r: &Raw| if r.kind == Kind::Ident { params.iter().position(|&p| p == tx(r)) } else { None };
    let mut items = Vec::with_capacity(body.len());
    let mut j = 0;
    while j < body.len() {
        let t = &body[j];
        let space = j > 0 && t.space;
        let s = tx(t);
        if function_like && t.kind == Kind::Punct && s == "#" {
            match body.get(j + 1).and_then(param) {
                Some(p) => {
                    items.push(BodyItem::Stringize(p, space));
                    j += 2;
                    continue;
                }
                None => return Err((t.start..t.end, "`#` is not followed by a macro parameter".to_owned())),
            }
        }
        items.push(if t.kind == Kind::Punct && s == "##" {
            BodyItem::Paste
        } else if let Some(p) = param(t) {
            BodyItem::Param(p, space)
        } else {
            BodyItem::Tok(t.kind, Rc::from(s), space)
        });
        j += 1;
    }
    let m = Macro { function_like, params: params.len(), variadic, body: items.into(), disabled: false };
    Ok((name.to_owned(), m))
}

/// Whether two adjacent characters from separate tokens would read as one token.
fn would_paste(a: u8, b: u8) -> bool {
    (is_ident_char(a) && (is_ident_char(b) || b == b'"' || b == b'\''))
        || (a == b'.' && (b.is_ascii_digit() || b == b'.'))
        || matches!(
            (a, b),
            (b'/', b'/' | b'*' | b'=')
                | (b'+', b'+' | b'=')
                | (b'-', b'-' | b'=' | b'>')
                | (b'<', b'<' | b'=')
                | (b'>', b'>' | b'=')
                | (b'&', b'&' | b'=')
                | (b'|', b'|' | b'=')
                | (b'=' | b'!' | b'*' | b'%' | b'^', b'=')
                | (b'#', b'#')
        )
}

/// The text of an expansion, spaces where the tokens had them or where they would run together.
/// `prev` and `next` are the characters around it in the output.
fn spell(toks: &[Tok], prev: Option<u8>, next: Option<u8>) -> String {
    let mut s = String::new();
    for t in toks {
        let Some(&first) = t.text.as_bytes().first() else { continue };
        let sep = match s.as_bytes().last() {
            None => prev.is_some_and(|p| would_paste(p, first)),
            Some(&last) => t.space || would_paste(last, first),
        };
        if sep {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    if let (Some(&last), Some(n)) = (s.as_bytes().last(), next) {
        if would_paste(last, n) {
            s.push(' ');
        }
    }
    s
}

fn stringize(arg: &[Tok]) -> Rc<str> {
    let mut s = String::from("\"");
    for (i, t) in arg.iter().enumerate() {
        if i > 0 && t.space {
            s.push(' ');
        }
        if matches!(t.kind, Kind::Str | Kind::Char) {
            for c in t.text.chars() {
                if c == '"' || c == '\\' {
                    s.push('\\');
                }
                s.push(c);
            }
        } else {
            s.push_str(&t.text);
        }
    }
    s.push('"');
    Rc::from(s)
}

/// `a ## b`: the tokens of the joined spelling (one, unless the two do not form a token).
fn glue(lhs: Tok, rhs: Tok) -> Vec<Tok> {
    if lhs.kind == Kind::Placemarker {
        return vec![Tok { space: lhs.space, ..rhs }];
    }
    if rhs.kind == Kind::Placemarker {
        return vec![lhs];
    }
    let joined = format!("{}{}", lhs.text, rhs.text);
    lex_range(joined.as_bytes(), 0, joined.len())
        .iter()
        .enumerate()
        .map(|(i, r)| Tok {
            kind: r.kind,
            text: Rc::from(joined.get(r.start..r.end).unwrap_or("")),
            space: if i == 0 { lhs.space } else { r.space },
            no_expand: false,
            at: lhs.at,
            len: lhs.len,
        })
        .collect()
}

/// The rest of the file after a macro name, read when a function-like macro's arguments (or the
/// `(` that makes it a call) come after the text being rescanned. Stops before directive lines.
struct Source<'t> {
    text: &'t str,
    ml: &'t [(usize, usize)],
    file: FileId,
    pos: usize,
}

impl Source<'_> {
    fn next(&mut self, diags: Option<&mut Diags>) -> Option<Tok> {
        let t = self.text.as_bytes();
        let len = t.len();
        let mut p = self.pos;
        let mut space = false;
        loop {
            let q = skip_blanks(t, p, len);
            space |= q != p;
            p = q;
            if p >= len {
                return None;
            }
            let nl = newline_len(t, p);
            if nl == 0 {
                break;
            }
            if is_directive_line(t, self.ml, p + nl) {
                return None;
            }
            p += nl;
            space = true;
        }
        let (kind, end, unterminated) = lex_at(t, p, len);
        if unterminated {
            if let Some(d) = diags {
                d.push(unterminated_literal(self.file, t, p, end));
            }
        }
        self.pos = end;
        Some(Tok {
            kind,
            text: Rc::from(self.text.get(p..end).unwrap_or("")),
            space,
            no_expand: false,
            at: p,
            len: end - p,
        })
    }

    fn peek_lparen(&self) -> bool {
        let mut probe = Source { text: self.text, ml: self.ml, file: self.file, pos: self.pos };
        probe.next(None).is_some_and(|t| t.is("("))
    }
}

/// Pending tokens of a rescan: tokens, and markers where a macro's expansion ends.
enum Item {
    Tok(Tok),
    End(usize),
}

/// Expansion stopped: too much output or too deep.
struct TooLarge;

/// Expands macros for one top-level use (or one `#if` line).
struct Expander<'a> {
    macros: &'a mut Macros,
    diags: &'a mut Diags,
    file: FileId,
    used: usize,
    limit: usize,
    depth: usize,
    /// Macros being rescanned, innermost last.
    active: Vec<usize>,
}

impl Expander<'_> {
    /// Re-enables every macro still marked active (after an abort or at the end).
    fn finish(&mut self) {
        for id in std::mem::take(&mut self.active) {
            self.macros.set_disabled(id, false);
        }
    }

    fn leave(&mut self, id: usize) {
        self.macros.set_disabled(id, false);
        if let Some(i) = self.active.iter().rposition(|&a| a == id) {
            self.active.remove(i);
        }
    }

    fn charge(&mut self, toks: &[Tok]) -> Result<(), TooLarge> {
        self.used = self.used.saturating_add(toks.iter().map(|t| t.text.len() + 1).sum());
        if self.used > self.limit { Err(TooLarge) } else { Ok(()) }
    }

    fn next_token(&mut self, pending: &mut Vec<Item>, src: Option<&mut Source<'_>>) -> Option<Tok> {
        loop {
            match pending.pop() {
                Some(Item::End(id)) => self.leave(id),
                Some(Item::Tok(t)) => return Some(t),
                None => break,
            }
        }
        src?.next(Some(&mut *self.diags))
    }

    fn peek_lparen(&mut self, pending: &mut Vec<Item>, src: Option<&mut Source<'_>>) -> bool {
        loop {
            match pending.last() {
                Some(Item::End(id)) => {
                    let id = *id;
                    pending.pop();
                    self.leave(id);
                }
                Some(Item::Tok(t)) => return t.is("("),
                None => break,
            }
        }
        src.is_some_and(|s| s.peek_lparen())
    }

    /// Expands `pending` (a stack: next token last) into `out`. With `src`, function-like macro
    /// calls may take their arguments from the file after `pending` runs out.
    fn expand_list(
        &mut self,
        pending: &mut Vec<Item>,
        mut src: Option<&mut Source<'_>>,
        out: &mut Vec<Tok>,
    ) -> Result<(), TooLarge> {
        while let Some(item) = pending.pop() {
            let mut tok = match item {
                Item::End(id) => {
                    self.leave(id);
                    continue;
                }
                Item::Tok(tok) => tok,
            };
            if tok.kind == Kind::Ident && !tok.no_expand {
                if let Some(id) = self.macros.lookup(&tok.text) {
                    if self.macros.is_disabled(id) {
                        tok.no_expand = true;
                    } else if self.try_expand(id, &tok, pending, src.as_deref_mut())? {
                        continue;
                    }
                }
            }
            out.push(tok);
        }
        Ok(())
    }

    /// Expands a use of macro `id` named by `name`, pushing the result onto `pending`. Returns
    /// false when it is not a use (a function-like macro without arguments).
    fn try_expand(
        &mut self,
        id: usize,
        name: &Tok,
        pending: &mut Vec<Item>,
        mut src: Option<&mut Source<'_>>,
    ) -> Result<bool, TooLarge> {
        let Some(m) = self.macros.get(id) else { return Ok(false) };
        let (function_like, params, variadic) = (m.function_like, m.params, m.variadic);
        let mut args = Vec::new();
        if function_like {
            if !self.peek_lparen(pending, src.as_deref_mut()) {
                return Ok(false);
            }
            self.next_token(pending, src.as_deref_mut());
            let split = if variadic { params.max(1) } else { usize::MAX };
            let Some(collected) = self.collect_args(split, pending, src) else {
                self.diags.push(Diagnostic::new(
                    self.file,
                    name.span(),
                    format!("unterminated argument list invoking macro `{}`", name.text),
                ));
                return Ok(true);
            };
            args = collected;
            if variadic && args.len() + 1 == params {
                args.push(Vec::new());
            }
            if params == 0 && args.len() == 1 && args[0].is_empty() {
                args.clear();
            }
            if args.len() != params {
                let given = if args.len() == 1 && args[0].is_empty() { 0 } else { args.len() };
                self.diags.push(Diagnostic::new(
                    self.file,
                    name.span(),
                    format!("wrong number of arguments to macro `{}`: expected {params}, found {given}", name.text),
                ));
                return Ok(true);
            }
        }
        let result = self.substitute(id, name, &args)?;
        if self.active.len() >= MAX_EXPANSION_DEPTH {
            return Err(TooLarge);
        }
        self.macros.set_disabled(id, true);
        self.active.push(id);
        pending.push(Item::End(id));
        pending.extend(result.into_iter().rev().map(Item::Tok));
        Ok(true)
    }

    /// Reads arguments up to the `)` matching the `(` just read; commas split them until there
    /// are `split` of them. `None` if the input ends first.
    fn collect_args(
        &mut self,
        split: usize,
        pending: &mut Vec<Item>,
        mut src: Option<&mut Source<'_>>,
    ) -> Option<Vec<Vec<Tok>>> {
        let mut args: Vec<Vec<Tok>> = vec![Vec::new()];
        let mut depth = 0usize;
        loop {
            let mut t = self.next_token(pending, src.as_deref_mut())?;
            if t.kind == Kind::Punct {
                match &*t.text {
                    "(" => depth += 1,
                    ")" if depth == 0 => return Some(args),
                    ")" => depth -= 1,
                    "," if depth == 0 && args.len() < split => {
                        args.push(Vec::new());
                        continue;
                    }
                    _ => {}
                }
            } else if t.kind == Kind::Ident && !t.no_expand {
                if let Some(id) = self.macros.lookup(&t.text) {
                    t.no_expand = self.macros.is_disabled(id);
                }
            }
            if let Some(last) = args.last_mut() {
                last.push(t);
            }
        }
    }

    /// The body of macro `id` with `args` substituted, `#` and `##` applied.
    fn substitute(&mut self, id: usize, name: &Tok, args: &[Vec<Tok>]) -> Result<Vec<Tok>, TooLarge> {
        let Some(m) = self.macros.get(id) else { return Ok(Vec::new()) };
        let (body, params, variadic) = (m.body.clone(), m.params, m.variadic);
        let make = |kind: Kind, text: Rc<str>, space: bool| Tok {
            kind,
            text,
            space,
            no_expand: false,
            at: name.at,
            len: name.len,
        };
        let mut expanded: Vec<Option<Vec<Tok>>> = vec![None; args.len()];
        let mut out: Vec<Tok> = Vec::new();
        let mut paste = false;
        for (i, item) in body.iter().enumerate() {
            let before_paste = matches!(body.get(i + 1), Some(BodyItem::Paste));
            let mut piece = match item {
                BodyItem::Paste => {
                    paste = true;
                    continue;
                }
                BodyItem::Tok(kind, text, space) => vec![make(*kind, text.clone(), *space)],
                BodyItem::Stringize(p, space) => {
                    let arg = args.get(*p).map(Vec::as_slice).unwrap_or(&[]);
                    vec![make(Kind::Str, stringize(arg), *space)]
                }
                BodyItem::Param(p, space) => {
                    let raw = args.get(*p).map(Vec::as_slice).unwrap_or(&[]);
                    let mut piece = if paste || before_paste {
                        let is_va = variadic && *p + 1 == params;
                        if paste && is_va && out.last().is_some_and(|t| t.is(",")) {
                            // GNU `, ## __VA_ARGS__`: the comma goes when the arguments are absent.
                            paste = false;
                            if raw.is_empty() {
                                out.pop();
                                continue;
                            }
                        }
                        if raw.is_empty() { vec![make(Kind::Placemarker, Rc::from(""), false)] } else { raw.to_vec() }
                    } else {
                        if expanded.get(*p).is_some_and(Option::is_none) {
                            let e = self.expand_arg(raw)?;
                            expanded[*p] = Some(e);
                        }
                        expanded.get(*p).cloned().flatten().unwrap_or_default()
                    };
                    if let Some(first) = piece.first_mut() {
                        first.space = *space;
                    }
                    piece
                }
            };
            self.charge(&piece)?;
            if paste {
                paste = false;
                if let Some(lhs) = out.pop() {
                    let mut rest = std::mem::take(&mut piece).into_iter();
                    match rest.next() {
                        Some(rhs) => out.extend(glue(lhs, rhs)),
                        None => out.push(lhs),
                    }
                    out.extend(rest);
                    continue;
                }
            }
            out.append(&mut piece);
        }
        out.retain(|t| t.kind != Kind::Placemarker);
        if let Some(first) = out.first_mut() {
            first.space = name.space;
        }
        Ok(out)
    }

    /// Fully expands one argument on its own.
    fn expand_arg(&mut self, raw: &[Tok]) -> Result<Vec<Tok>, TooLarge> {
        if self.depth >= MAX_EXPANSION_DEPTH {
            return Err(TooLarge);
        }
        self.depth += 1;
        let mut pending: Vec<Item> = raw.iter().rev().cloned().map(Item::Tok).collect();
        let mut out = Vec::with_capacity(raw.len());
        self.expand_list(&mut pending, None, &mut out)?;
        self.depth -= 1;
        Ok(out)
    }
}

// ---------------------------------------------------------------------------------------------
// `#if` expressions.

#[derive(Clone, Copy, PartialEq, Eq)]
enum BinOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    BitAnd,
    BitXor,
    BitOr,
    And,
    Or,
}

fn binop(s: &str) -> Option<(BinOp, u8)> {
    use BinOp::*;
    Some(match s {
        "*" => (Mul, 10),
        "/" => (Div, 10),
        "%" => (Rem, 10),
        "+" => (Add, 9),
        "-" => (Sub, 9),
        "<<" => (Shl, 8),
        ">>" => (Shr, 8),
        "<" => (Lt, 7),
        ">" => (Gt, 7),
        "<=" => (Le, 7),
        ">=" => (Ge, 7),
        "==" => (Eq, 6),
        "!=" => (Ne, 6),
        "&" => (BitAnd, 5),
        "^" => (BitXor, 4),
        "|" => (BitOr, 3),
        "&&" => (And, 2),
        "||" => (Or, 1),
        _ => return None,
    })
}

fn shift_left(l: i64, r: i64) -> i64 {
    if r < 0 {
        shift_right(l, r.checked_neg().unwrap_or(i64::MAX))
    } else if r >= 64 {
        0
    } else {
        l.wrapping_shl(r as u32)
    }
}

fn shift_right(l: i64, r: i64) -> i64 {
    if r < 0 {
        shift_left(l, r.checked_neg().unwrap_or(i64::MAX))
    } else if r >= 64 {
        if l < 0 { -1 } else { 0 }
    } else {
        l >> r
    }
}

/// The value of an integer literal (any `u`/`l` suffix), wrapping on overflow.
fn parse_int(s: &str) -> Option<i64> {
    let s = s.trim_end_matches(['u', 'U', 'l', 'L']);
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(b) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        (b, 2)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for c in digits.chars() {
        v = v.wrapping_mul(radix as u64).wrapping_add(u64::from(c.to_digit(radix)?));
    }
    Some(v as i64)
}

/// The value of a character literal: its character's code, several characters packed bytewise.
fn char_value(s: &str) -> Option<i64> {
    let q = s.find('\'')?;
    let body = s[q + 1..].strip_suffix('\'')?;
    let mut chars = body.chars().peekable();
    let mut codes: Vec<u32> = Vec::new();
    while let Some(c) = chars.next() {
        let code = if c == '\\' {
            match chars.next()? {
                'n' => 10,
                't' => 9,
                'r' => 13,
                'a' => 7,
                'b' => 8,
                'f' => 12,
                'v' => 11,
                'e' => 27,
                d @ '0'..='7' => {
                    let mut v = d as u32 - '0' as u32;
                    for _ in 0..2 {
                        match chars.peek().and_then(|c| c.to_digit(8)) {
                            Some(x) => {
                                v = v * 8 + x;
                                chars.next();
                            }
                            None => break,
                        }
                    }
                    v
                }
                'x' => {
                    let mut v: u32 = 0;
                    let mut any = false;
                    while let Some(x) = chars.peek().and_then(|c| c.to_digit(16)) {
                        v = v.wrapping_mul(16).wrapping_add(x);
                        any = true;
                        chars.next();
                    }
                    if !any {
                        return None;
                    }
                    v
                }
                other => other as u32,
            }
        } else {
            c as u32
        };
        codes.push(code);
    }
    match codes.as_slice() {
        [] => None,
        [one] => Some(i64::from(*one)),
        many => Some(many.iter().fold(0i64, |v, &c| v.wrapping_shl(8) | i64::from(c & 0xff))),
    }
}

/// A binary operator waiting for its right operand.
struct PendingOp {
    op: BinOp,
    prec: u8,
    /// Index of the operator token, for errors.
    tok: usize,
    /// Whether the operation's value is needed.
    eval: bool,
    /// Whether its right operand's value is needed (short-circuit).
    eval_rhs: bool,
}

/// Evaluates the tokens of a `#if` line (macros expanded, `defined` done).
struct Eval<'a> {
    toks: &'a [Tok],
    i: usize,
    file: FileId,
    /// Where the line ends, for errors at its end.
    end: usize,
    /// `#if` or `#elif`, for messages.
    what: &'a str,
    depth: usize,
}

impl Eval<'_> {
    fn run(&mut self) -> Result<i64, Diagnostic> {
        let v = self.cond(true)?;
        match self.toks.get(self.i) {
            Some(t) => Err(self
                .error(self.i, format!("expected operator in `{}` expression, found `{}`", self.what, shown(&t.text)))),
            None => Ok(v),
        }
    }

    fn error(&self, i: usize, msg: String) -> Diagnostic {
        match self.toks.get(i) {
            Some(t) => Diagnostic::new(self.file, t.span(), msg),
            None => Diagnostic::new(self.file, self.end..self.end, msg),
        }
    }

    fn expected(&self, what: &str) -> Diagnostic {
        let found = match self.toks.get(self.i) {
            Some(t) => format!("`{}`", shown(&t.text)),
            None => "end of line".to_owned(),
        };
        self.error(self.i, format!("expected {what} in `{}` expression, found {found}", self.what))
    }

    fn punct(&self) -> Option<&str> {
        self.toks.get(self.i).filter(|t| t.kind == Kind::Punct).map(|t| &*t.text)
    }

    /// A conditional expression (`a ? b : c`).
    fn cond(&mut self, eval: bool) -> Result<i64, Diagnostic> {
        if self.depth >= MAX_IF_NESTING {
            return Err(self.error(self.i, format!("`{}` expression nested too deeply", self.what)));
        }
        self.depth += 1;
        let c = self.binary(eval)?;
        let v = if self.punct() == Some("?") {
            self.i += 1;
            let a = self.cond(eval && c != 0)?;
            if self.punct() != Some(":") {
                return Err(self.expected("`:`"));
            }
            self.i += 1;
            let b = self.cond(eval && c == 0)?;
            if c != 0 { a } else { b }
        } else {
            c
        };
        self.depth -= 1;
        Ok(v)
    }

    /// Binary operators by precedence, without recursion per level. `eval` false: the value is
    /// not needed (short-circuited), so division by zero is no error.
    fn binary(&mut self, eval: bool) -> Result<i64, Diagnostic> {
        let mut vals: Vec<i64> = Vec::new();
        let mut ops: Vec<PendingOp> = Vec::new();
        vals.push(self.unary(eval)?);
        while let Some((op, prec)) = self.punct().and_then(binop) {
            while ops.last().is_some_and(|p| p.prec >= prec) {
                self.reduce(&mut vals, &mut ops)?;
            }
            let lhs = vals.last().copied().unwrap_or(0);
            let here = ops.last().map_or(eval, |p| p.eval_rhs);
            let eval_rhs = match op {
                BinOp::And => here && lhs != 0,
                BinOp::Or => here && lhs == 0,
                _ => here,
            };
            ops.push(PendingOp { op, prec, tok: self.i, eval: here, eval_rhs });
            self.i += 1;
            vals.push(self.unary(eval_rhs)?);
        }
        while !ops.is_empty() {
            self.reduce(&mut vals, &mut ops)?;
        }
        Ok(vals.pop().unwrap_or(0))
    }

    /// Applies the last pending operator to the last two values.
    fn reduce(&self, vals: &mut Vec<i64>, ops: &mut Vec<PendingOp>) -> Result<(), Diagnostic> {
        let Some(p) = ops.pop() else { return Ok(()) };
        let r = vals.pop().unwrap_or(0);
        let l = vals.pop().unwrap_or(0);
        vals.push(self.apply(p.op, l, r, p.eval, p.tok)?);
        Ok(())
    }

    fn apply(&self, op: BinOp, l: i64, r: i64, eval: bool, tok: usize) -> Result<i64, Diagnostic> {
        use BinOp::*;
        Ok(match op {
            Mul => l.wrapping_mul(r),
            Div | Rem if r == 0 => {
                if eval {
                    return Err(self.error(tok, format!("division by zero in `{}` expression", self.what)));
                }
                0
            }
            Div => l.wrapping_div(r),
            Rem => l.wrapping_rem(r),
            Add => l.wrapping_add(r),
            Sub => l.wrapping_sub(r),
            Shl => shift_left(l, r),
            Shr => shift_right(l, r),
            Lt => i64::from(l < r),
            Gt => i64::from(l > r),
            Le => i64::from(l <= r),
            Ge => i64::from(l >= r),
            Eq => i64::from(l == r),
            Ne => i64::from(l != r),
            BitAnd => l & r,
            BitXor => l ^ r,
            BitOr => l | r,
            And => i64::from(l != 0 && r != 0),
            Or => i64::from(l != 0 || r != 0),
        })
    }

    fn unary(&mut self, eval: bool) -> Result<i64, Diagnostic> {
        let mut ops: Vec<u8> = Vec::new();
        while let Some(p) = self.punct() {
            match p {
                "!" | "~" | "-" | "+" => {
                    ops.push(p.as_bytes()[0]);
                    self.i += 1;
                }
                _ => break,
            }
        }
        let mut v = self.primary(eval)?;
        for op in ops.iter().rev() {
            v = match op {
                b'!' => i64::from(v == 0),
                b'~' => !v,
                b'-' => v.wrapping_neg(),
                _ => v,
            };
        }
        Ok(v)
    }

    fn primary(&mut self, eval: bool) -> Result<i64, Diagnostic> {
        let Some(t) = self.toks.get(self.i) else { return Err(self.expected("value")) };
        match t.kind {
            Kind::Number => match parse_int(&t.text) {
                Some(v) => {
                    self.i += 1;
                    Ok(v)
                }
                None => Err(self.error(
                    self.i,
                    format!("invalid integer constant `{}` in `{}` expression", shown(&t.text), self.what),
                )),
            },
            Kind::Char => match char_value(&t.text) {
                Some(v) => {
                    self.i += 1;
                    Ok(v)
                }
                None => Err(self.error(
                    self.i,
                    format!("invalid character constant `{}` in `{}` expression", shown(&t.text), self.what),
                )),
            },
            Kind::Ident => {
                self.i += 1;
                Ok(0)
            }
            Kind::Punct if t.is("(") => {
                self.i += 1;
                let v = self.cond(eval)?;
                if self.punct() != Some(")") {
                    return Err(self.expected("`)`"));
                }
                self.i += 1;
                Ok(v)
            }
            _ => Err(self.expected("value")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Files and directives.

/// An open `#if` group of the current file.
struct Cond {
    /// The `#if` (from `#` to the end of its name), for the "unterminated" error.
    span: Range<usize>,
    name: String,
    /// The group's surroundings are active.
    parent_active: bool,
    /// A branch has been taken (or the group is inactive): later `#elif`/`#else` are skipped.
    taken: bool,
    /// The current branch is active.
    active: bool,
    seen_else: bool,
}

/// A file being preprocessed.
struct FileState {
    file: FileId,
    /// The text with comments blanked.
    text: Rc<str>,
    /// Comments that contain a newline, sorted.
    multiline: Rc<[(usize, usize)]>,
    /// Start of the next line to process.
    pos: usize,
    /// Text from here to `pos` is still to be copied verbatim.
    copy_pos: usize,
    conds: Vec<Cond>,
}

impl FileState {
    fn open(file: FileId, src: &str, diags: &mut Diags) -> FileState {
        let (text, multiline) = clean(file, src, diags);
        FileState { file, text: text.into(), multiline: multiline.into(), pos: 0, copy_pos: 0, conds: Vec::new() }
    }

    fn active(&self) -> bool {
        self.conds.last().is_none_or(|c| c.active)
    }
}

enum Step {
    Line,
    Include(FileState),
}

#[derive(Default)]
struct Pp {
    macros: Macros,
    diags: Diags,
    out: Out,
    included: Vec<FileId>,
    included_set: HashSet<FileId>,
    /// Files that said `#pragma once`.
    once: HashSet<FileId>,
    pragmas: Vec<(FileId, usize, String)>,
    /// What macro expansion may still produce.
    expansion_left: usize,
    /// Bytes of files read.
    work: usize,
    /// `#include`s followed.
    includes: usize,
}

impl Pp {
    /// A predefined or command-line macro; errors point at the start of the root file.
    fn define_external(&mut self, name: &str, value: &str, root: FileId) {
        let line = format!("{name} {value}");
        let toks = lex_range(line.as_bytes(), 0, line.len());
        let name_ok = toks.first().is_some_and(|t| {
            t.kind == Kind::Ident && (t.end == name.len() || line.as_bytes().get(t.end) == Some(&b'('))
        });
        let result = if name_ok { parse_define(&line, &toks, 0..0) } else { Err((0..0, String::new())) };
        match result {
            Ok((name, m)) => self.macros.define(name, m),
            Err((_, msg)) => {
                let mut message = format!("invalid command-line macro definition `{}`", shown(name));
                if !msg.is_empty() {
                    message = format!("{message}: {msg}");
                }
                self.diags.push(Diagnostic::new(root, 0..0, message));
            }
        }
    }

    /// Processes the line at `st.pos`.
    fn step(
        &mut self,
        st: &mut FileState,
        sources: &mut SourceMap,
        resolver: &mut dyn IncludeResolver,
        depth: usize,
    ) -> Step {
        let text = st.text.clone();
        let ml = st.multiline.clone();
        let t = text.as_bytes();
        let ls = st.pos;
        let p = skip_blanks(t, ls, t.len());
        if p < t.len() && t[p] == b'#' && !in_comment(&ml, ls) {
            let end = logical_end(t, &ml, p);
            self.out.copy(st.file, &text, st.copy_pos..ls);
            self.out.blank(st.file, &text, ls..end);
            st.copy_pos = end;
            st.pos = end + newline_len(t, end);
            return self.directive(st, &text, p, end, sources, resolver, depth);
        }
        if st.active() {
            st.pos = self.text_line(st, &text, &ml, ls);
        } else {
            let end = logical_end(t, &ml, ls);
            self.out.copy(st.file, &text, st.copy_pos..ls);
            self.out.blank(st.file, &text, ls..end);
            st.copy_pos = end;
            st.pos = end + newline_len(t, end);
        }
        Step::Line
    }

    /// An active line of text from `start`: copies it, expanding macros. Returns the start of the
    /// next line (a macro call may extend the line over several).
    fn text_line(&mut self, st: &mut FileState, text: &str, ml: &[(usize, usize)], start: usize) -> usize {
        let t = text.as_bytes();
        let len = t.len();
        let file = st.file;
        let mut p = start;
        loop {
            p = skip_blanks(t, p, len);
            if p >= len {
                return len;
            }
            let nl = newline_len(t, p);
            if nl > 0 {
                return p + nl;
            }
            let (kind, end, unterminated) = lex_at(t, p, len);
            if unterminated {
                self.diags.push(unterminated_literal(file, t, p, end));
            }
            if kind == Kind::Ident {
                if let Some(id) = text.get(p..end).and_then(|name| self.macros.lookup(name)) {
                    let function_like = self.macros.get(id).is_some_and(|m| m.function_like);
                    if !function_like || (Source { text, ml, file, pos: end }).peek_lparen() {
                        self.out.copy(file, text, st.copy_pos..p);
                        let e = self.expand_use(file, text, ml, p, end);
                        st.copy_pos = e;
                        p = e;
                        continue;
                    }
                }
            }
            p = end.max(p + 1);
        }
    }

    /// Expands the macro use whose name is at `start..end` and writes the expansion. Returns
    /// where the use ends.
    fn expand_use(&mut self, file: FileId, text: &str, ml: &[(usize, usize)], start: usize, end: usize) -> usize {
        let name = Tok {
            kind: Kind::Ident,
            text: Rc::from(text.get(start..end).unwrap_or("")),
            space: false,
            no_expand: false,
            at: start,
            len: end - start,
        };
        let mut src = Source { text, ml, file, pos: end };
        let mut pending = vec![Item::Tok(name)];
        let mut toks = Vec::new();
        let mut exp = Expander {
            macros: &mut self.macros,
            diags: &mut self.diags,
            file,
            used: 0,
            limit: MAX_USE_EXPANSION.min(self.expansion_left),
            depth: 0,
            active: Vec::new(),
        };
        let result = exp.expand_list(&mut pending, Some(&mut src), &mut toks);
        exp.finish();
        self.expansion_left = self.expansion_left.saturating_sub(exp.used);
        if result.is_err() {
            self.diags.push(Diagnostic::new(file, start..end, "macro expansion too large"));
            toks.clear();
        }
        let stop = src.pos.max(end);
        let mut s = spell(&toks, self.out.text.as_bytes().last().copied(), text.as_bytes().get(stop).copied());
        // A call spanning lines keeps its line breaks, after the expansion.
        let call = &text.as_bytes()[start..stop];
        if call.iter().any(|&b| b == b'\n' || b == b'\r') {
            s.extend(call.iter().filter(|&&b| b == b'\n' || b == b'\r').map(|&b| b as char));
        }
        self.out.generated(file, start, stop - start, &s);
        stop
    }

    /// A directive whose `#` is at `hash`, ending at `end`.
    #[allow(clippy::too_many_arguments)]
    fn directive(
        &mut self,
        st: &mut FileState,
        text: &str,
        hash: usize,
        end: usize,
        sources: &mut SourceMap,
        resolver: &mut dyn IncludeResolver,
        depth: usize,
    ) -> Step {
        let t = text.as_bytes();
        let file = st.file;
        let toks = lex_range(t, hash + 1, end);
        let Some(first) = toks.first().copied() else { return Step::Line };
        let name = text.get(first.start..first.end).unwrap_or("");
        let name_span = hash..first.end;
        let active = st.active();
        if first.kind != Kind::Ident {
            // `# 12 "file"` is a line marker; anything else is no directive.
            if active && first.kind != Kind::Number {
                self.error(file, name_span, format!("unknown preprocessor directive `#{}`", shown(name)));
            }
            return Step::Line;
        }
        let line_end = toks.last().map_or(first.end, |r| r.end);
        match name {
            "if" | "ifdef" | "ifndef" => {
                let value = if active {
                    self.report_unterminated(file, t, &toks[1..]);
                    if name == "if" {
                        self.eval_if(file, text, &toks[1..], name_span.clone(), line_end, "#if")
                    } else {
                        self.ifdef(file, text, &toks, name == "ifndef", name_span.clone())
                    }
                } else {
                    false
                };
                st.conds.push(Cond {
                    span: name_span,
                    name: name.to_owned(),
                    parent_active: active,
                    taken: value,
                    active: value,
                    seen_else: false,
                });
            }
            "elif" => {
                let Some(c) = st.conds.last_mut() else {
                    self.error(file, name_span, "`#elif` without matching `#if`".to_owned());
                    return Step::Line;
                };
                if c.seen_else {
                    c.active = false;
                    self.error(file, name_span, "`#elif` after `#else`".to_owned());
                } else if c.parent_active && !c.taken {
                    self.report_unterminated(file, t, &toks[1..]);
                    let v = self.eval_if(file, text, &toks[1..], name_span, line_end, "#elif");
                    c.active = v;
                    c.taken = v;
                } else {
                    c.active = false;
                }
            }
            "else" => match st.conds.last_mut() {
                None => self.error(file, name_span, "`#else` without matching `#if`".to_owned()),
                Some(c) if c.seen_else => {
                    c.active = false;
                    self.error(file, name_span, "`#else` after `#else`".to_owned());
                }
                Some(c) => {
                    c.seen_else = true;
                    c.active = c.parent_active && !c.taken;
                    c.taken = true;
                }
            },
            "endif" => {
                if st.conds.pop().is_none() {
                    self.error(file, name_span, "`#endif` without matching `#if`".to_owned());
                }
            }
            _ if !active => {}
            "include" => return self.include(file, text, first.end, end, name_span, sources, resolver, depth),
            "define" => {
                self.report_unterminated(file, t, &toks[1..]);
                match parse_define(text, &toks[1..], name_span) {
                    Ok((name, m)) => self.macros.define(name, m),
                    Err((span, msg)) => self.error(file, span, msg),
                }
            }
            "undef" => match toks.get(1) {
                Some(r) if r.kind == Kind::Ident => self.macros.undef(text.get(r.start..r.end).unwrap_or("")),
                Some(r) => self.error(
                    file,
                    r.start..r.end,
                    format!(
                        "macro names must be identifiers, found `{}`",
                        shown(text.get(r.start..r.end).unwrap_or(""))
                    ),
                ),
                None => self.error(file, name_span, "expected macro name after `#undef`".to_owned()),
            },
            "pragma" => {
                let body = directive_text(t, first.end, end);
                if body == "once" {
                    self.once.insert(file);
                }
                self.pragmas.push((file, hash, body));
            }
            "error" => {
                let msg = directive_text(t, first.end, end);
                let message = if msg.is_empty() { "#error".to_owned() } else { format!("#error {msg}") };
                self.error(file, name_span, message);
            }
            "warning" | "line" => {}
            _ => self.error(file, name_span, format!("unknown preprocessor directive `#{}`", shown(name))),
        }
        Step::Line
    }

    fn error(&mut self, file: FileId, span: Range<usize>, message: String) {
        self.diags.push(Diagnostic::new(file, span, message));
    }

    fn report_unterminated(&mut self, file: FileId, t: &[u8], toks: &[Raw]) {
        for r in toks.iter().filter(|r| r.unterminated) {
            self.diags.push(unterminated_literal(file, t, r.start, r.end));
        }
    }

    /// `#include` whose name follows `from`, on a line ending at `end`.
    #[allow(clippy::too_many_arguments)]
    fn include(
        &mut self,
        file: FileId,
        text: &str,
        from: usize,
        end: usize,
        directive: Range<usize>,
        sources: &mut SourceMap,
        resolver: &mut dyn IncludeResolver,
        depth: usize,
    ) -> Step {
        let t = text.as_bytes();
        let q = skip_blanks(t, from, end);
        let close = match t.get(q) {
            Some(b'"') if q < end => b'"',
            Some(b'<') if q < end => b'>',
            _ => {
                let span = lex_range(t, q, end).first().map_or(directive, |r| r.start..r.end);
                self.error(file, span, "expected `\"file\"` or `<file>` after `#include`".to_owned());
                return Step::Line;
            }
        };
        let Some(c) = t[q + 1..end].iter().position(|&b| b == close).map(|k| q + 1 + k) else {
            let what = close as char;
            self.error(file, q..end, format!("missing terminating `{what}` in `#include`"));
            return Step::Line;
        };
        let name = text.get(q + 1..c).unwrap_or("");
        let span = if name.is_empty() { q..c + 1 } else { q + 1..c };
        if name.is_empty() {
            self.error(file, span, "empty file name in `#include`".to_owned());
            return Step::Line;
        }
        if self.includes >= MAX_INCLUDES {
            self.error(file, span, "too many `#include`s".to_owned());
            return Step::Line;
        }
        self.includes += 1;
        if depth > MAX_INCLUDE_DEPTH {
            self.error(file, span, format!("#include nested too deeply (is `{name}` including itself?)"));
            return Step::Line;
        }
        let id = match resolver.resolve(sources, name, close == b'>', file) {
            Ok(id) => id,
            Err(msg) => {
                self.error(file, span, msg);
                return Step::Line;
            }
        };
        let Ok(src) = sources.source(id) else {
            self.error(file, span, format!("cannot read include file `{name}`"));
            return Step::Line;
        };
        if self.included_set.insert(id) {
            self.included.push(id);
        }
        if self.once.contains(&id) {
            return Step::Line;
        }
        self.work += src.len();
        Step::Include(FileState::open(id, src, &mut self.diags))
    }

    fn ifdef(&mut self, file: FileId, text: &str, toks: &[Raw], negate: bool, name_span: Range<usize>) -> bool {
        match toks.get(1) {
            Some(r) if r.kind == Kind::Ident => {
                self.macros.lookup(text.get(r.start..r.end).unwrap_or("")).is_some() != negate
            }
            Some(r) => {
                let found = shown(text.get(r.start..r.end).unwrap_or(""));
                self.error(file, r.start..r.end, format!("macro names must be identifiers, found `{found}`"));
                false
            }
            None => {
                let which = if negate { "#ifndef" } else { "#ifdef" };
                self.error(file, name_span, format!("expected macro name after `{which}`"));
                false
            }
        }
    }

    /// The value of a `#if`/`#elif` expression; errors are reported and count as false.
    fn eval_if(
        &mut self,
        file: FileId,
        text: &str,
        raw: &[Raw],
        name_span: Range<usize>,
        line_end: usize,
        what: &str,
    ) -> bool {
        if raw.is_empty() {
            self.error(file, name_span, format!("`{what}` with no expression"));
            return false;
        }
        // `defined NAME` and `defined(NAME)` first.
        let tx = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
        let mut toks: Vec<Tok> = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let r = &raw[i];
            if r.kind != Kind::Ident || tx(r) != "defined" {
                toks.push(Tok::from_raw(text, r));
                i += 1;
                continue;
            }
            let parens = raw.get(i + 1).is_some_and(|n| tx(n) == "(");
            let at = if parens { i + 2 } else { i + 1 };
            let name = match raw.get(at) {
                Some(n) if n.kind == Kind::Ident => tx(n),
                other => {
                    let span = other.map_or(r.start..r.end, |n| n.start..n.end);
                    self.error(file, span, "expected macro name after `defined`".to_owned());
                    return false;
                }
            };
            let mut last = at;
            if parens {
                match raw.get(at + 1) {
                    Some(n) if tx(n) == ")" => last = at + 1,
                    other => {
                        let span = other.map_or(raw[at].start..raw[at].end, |n| n.start..n.end);
                        self.error(file, span, format!("expected `)` after `defined({name}`"));
                        return false;
                    }
                }
            }
            let value = if self.macros.lookup(name).is_some() { "1" } else { "0" };
            toks.push(Tok {
                kind: Kind::Number,
                text: Rc::from(value),
                space: r.space,
                no_expand: false,
                at: r.start,
                len: raw[last].end - r.start,
            });
            i = last + 1;
        }
        let mut pending: Vec<Item> = toks.into_iter().rev().map(Item::Tok).collect();
        let mut expanded = Vec::new();
        let mut exp = Expander {
            macros: &mut self.macros,
            diags: &mut self.diags,
            file,
            used: 0,
            limit: MAX_USE_EXPANSION.min(self.expansion_left),
            depth: 0,
            active: Vec::new(),
        };
        let result = exp.expand_list(&mut pending, None, &mut expanded);
        exp.finish();
        self.expansion_left = self.expansion_left.saturating_sub(exp.used);
        if result.is_err() {
            self.error(file, name_span, "macro expansion too large".to_owned());
            return false;
        }
        let what = what.to_owned();
        let mut eval = Eval { toks: &expanded, i: 0, file, end: line_end, what: &what, depth: 0 };
        match eval.run() {
            Ok(v) => v != 0,
            Err(d) => {
                self.diags.push(d);
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    ) -> (SourceMap, Preprocessed, Vec<Diagnostic>) {
        let mut sources = SourceMap::new();
        let id = sources.add_virtual("test.idl", root);
        let mut map = HashMap::new();
        for (name, text) in files {
            map.insert(name.to_string(), sources.add_virtual(*name, *text));
        }
        let (pre, diags) = preprocess(&mut sources, id, &mut MapResolver(map), &Options { defines });
        check_origins(&sources, &pre);
        (sources, pre, diags)
    }

    fn run(root: &str) -> (Preprocessed, Vec<Diagnostic>) {
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

    /// Finds `#include`d files in one directory (and quoted ones next to the including file).
    struct DirResolver(std::path::PathBuf);

    impl IncludeResolver for DirResolver {
        fn resolve(
            &mut self,
            sources: &mut SourceMap,
            name: &str,
            angled: bool,
            from: FileId,
        ) -> Result<FileId, String> {
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
            let (pre, diags) = preprocess(&mut sources, root, &mut DirResolver(dir.clone()), &Options::default());
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

    /// The lines of the output after the first `n` (which hold directives).
    fn after(text: &str, n: usize) -> Vec<&str> {
        text.lines().skip(n).collect()
    }

    /// `text` with every byte but line breaks turned into a space.
    fn spaces(text: &str) -> String {
        text.bytes().map(|b| if b == b'\n' || b == b'\r' { b as char } else { ' ' }).collect()
    }

    fn origin(pre: &Preprocessed, out: usize) -> (FileId, usize) {
        let o = pre.origins.origin(out).unwrap();
        (o.file, o.offset)
    }

    #[test]
    fn comments_become_spaces_and_keep_newlines() {
        let src = "a /* x\ny */ b // c\nd /**/e // \\\ncontinued\nf";
        let (sources, pre, diags) = run_with(src, &[], &[]);
        assert!(diags.is_empty());
        assert_eq!(pre.text, "a     \n     b     \nd     e     \n         \nf");
        assert_eq!(check_origins(&sources, &pre), 0);
        assert_eq!(pre.origins.segments(), &[Segment { out: 0, file: 0, orig: 0, len: src.len() }]);
    }

    #[test]
    fn comment_delimiters_in_strings_and_chars_are_text() {
        let src = "x = \"/* no */ # define // no\"; y = '#'; c = '\"'; z = L\"a//b\\\"/*\" /* c */;\n";
        let expected = "x = \"/* no */ # define // no\"; y = '#'; c = '\"'; z = L\"a//b\\\"/*\"        ;\n";
        assert_eq!(ok(src), expected);
        // A directive-looking line continued into a string is part of the string.
        assert_eq!(ok("s = \"a\\\n#define X 1\" X"), "s = \"a \n#define X 1\" X");
        // A `#` that does not start a line is text.
        assert_eq!(ok("a # define X\nX"), "a # define X\nX");
    }

    #[test]
    fn object_like_macros() {
        let src = "#define N 42\n#define EMPTY\n#define M N + N\nint x = N; EMPTY int y = M;";
        assert_eq!(
            ok(src),
            format!(
                "{}\n{}\n{}\nint x = 42;  int y = 42 + 42;",
                spaces("#define N 42"),
                spaces("#define EMPTY"),
                spaces("#define M N + N")
            )
        );
        // Redefinition replaces, #undef removes.
        assert_eq!(after(&ok("#define A 1\n#define A 2\nA\n#undef A\nA\n"), 2), ["2", "        ", "A"]);
    }

    #[test]
    fn function_like_macros() {
        let src = "#define ADD(a, b) ((a) + (b))\n#define TWICE(x) ADD(x, x)\n#define f(x) x\n\
                   TWICE(ADD(1, 2)) f + f(3) f (4) f(f(5)) f((6, 7)) f() f(\n8\n)";
        // The call spanning lines keeps the line count.
        assert_eq!(after(&ok(src), 3), ["((((1) + (2))) + (((1) + (2)))) f + 3 4 5 (6, 7)  8", ""]);
        assert_eq!(ok(src).matches('\n').count(), src.matches('\n').count());
        let wine = "#define threading(model)\n#define DECLARE_HANDLE(name) typedef void *name\n\
                    [threading(both), progid(\"x\")] DECLARE_HANDLE(HWND);";
        assert_eq!(after(&ok(wine), 2), ["[, progid(\"x\")] typedef void *HWND;"]);
        // A macro whose result names a function-like macro takes the arguments that follow.
        assert_eq!(after(&ok("#define g(x) [x]\n#define h g\nh(1) h"), 2), ["[1] g"]);
    }

    #[test]
    fn stringize_and_paste() {
        let src = "#define S(x) #x\n#define XS(x) S(x)\n#define CAT(a, b) a ## b\n#define V 7\n\
                   S(a  \"b\\n\"  'c') S( ) S(V) XS(V) CAT(foo, bar) CAT(1, 2) CAT(, x) CAT(y, ) CAT(<, <) CAT(V, V) CAT(C, AT)(1, 2)";
        assert_eq!(after(&ok(src), 4), ["\"a \\\"b\\\\n\\\" 'c'\" \"\" \"V\" \"7\" foobar 12 x y << VV CAT(1, 2)"]);
    }

    #[test]
    fn variadic_macros() {
        let src = "#define V(fmt, ...) f(fmt, __VA_ARGS__)\n#define G(fmt, ...) g(fmt, ## __VA_ARGS__)\n\
                   #define N(args...) n(args)\nV(1, 2, 3) G(1) G(1, 2) N() N(a, b)";
        assert_eq!(after(&ok(src), 3), ["f(1, 2, 3) g(1) g(1, 2) n() n(a, b)"]);
    }

    #[test]
    fn self_referential_macros_terminate() {
        let src = "#define A A\n#define B C\n#define C B\n#define f(x) x f\n#define g(x) g(x)\n\
                   #define foo a foo b\nA B C f(1)(2) g(g(1)) foo";
        assert_eq!(after(&ok(src), 6), ["A B C 1 f(2) g(g(1)) a foo b"]);
    }

    #[test]
    fn expansion_maps_to_the_use_and_later_text_to_its_own_place() {
        let src = "#define LONGNAME x\n#define F(a, b) a\nLONGNAME y F(1, 2) z";
        let (pre, diags) = run(src);
        assert!(diags.is_empty());
        let line = src.find("LONGNAME y").unwrap();
        let out = pre.text.find("x y").unwrap();
        assert_eq!(&pre.text[out..], "x y 1 z");
        // The expansion maps to the macro name.
        assert_eq!(origin(&pre, out), (0, line));
        // The token after a use maps to its true column.
        assert_eq!(origin(&pre, out + 2), (0, src.find("y F").unwrap()));
        assert_eq!(origin(&pre, out + 4), (0, src.find("F(1").unwrap()));
        assert_eq!(origin(&pre, out + 6), (0, src.find('z').unwrap()));
        // A use's segment covers its name (clamped to its end), or the whole call `F(1, 2)`.
        let (pre, _) = run("#define S abc\n(S)");
        assert_eq!(&pre.text[14..], "(abc)");
        assert_eq!((15..19).map(|i| origin(&pre, i).1).collect::<Vec<_>>(), [15, 16, 16, 16]);
        // Text before the use maps 1:1.
        assert_eq!(origin(&pre, 3), (0, 3));
    }

    #[test]
    fn if_arithmetic() {
        let true_exprs = [
            "1",
            "(1 + 2) * 3 == 9",
            "10 / 3 == 3 && 10 % 3 == 1 && -7 / 2 == -3",
            "1 - 2 - 3 == -4 && 2 * 3 + 4 * 5 == 26",
            "-1 < 0 && ~0 == -1 && !0 && !!5 && +3 == 3",
            "(1 << 4) == 16 && (256 >> 4) == 16 && (-16 >> 2) == -4",
            "0x10 == 16 && 0XfF == 255 && 010 == 8 && 0 == 0 && 10UL == 10 && 0x7fffffffffffffffLL > 0",
            "'a' == 97 && '\\n' == 10 && '\\0' == 0 && '\\x41' == 65 && '\\101' == 65 && L'b' == 98",
            "1 < 2 && 2 > 1 && 2 <= 2 && 2 >= 2 && 1 != 2 && (1 == 1) == 1",
            "(6 & 3) == 2 && (6 | 3) == 7 && (6 ^ 3) == 5",
            "1 ? 2 : 0",
            "0 ? 0 : 1 ? 3 : 0",
            "(0 || 0) == 0 && (0 || 7) == 1 && (3 && 4) == 1",
            "UNDEFINED == 0 && !UNDEFINED",
            "!(0 && (1 / 0))",
            "1 || 1 % 0",
            "0 ? 1 / 0 : 2",
            "9223372036854775807 + 1 < 0",
            "1 + 2 * 3 - 4 / 2 == 5 && 1 | 2 ^ 3 & 4 == 3",
        ];
        for expr in true_exprs {
            let src = format!("#if {expr}\nyes\n#else\nno\n#endif\n");
            assert_eq!(after(&ok(&src), 1)[0], "yes", "{expr}");
        }
        for expr in ["0", "1 - 1", "2 < 1", "defined(NOPE)", "(-1 >> 70) == 0"] {
            let src = format!("#if {expr}\nyes\n#else\nno\n#endif\n");
            assert_eq!(after(&ok(&src), 3)[0], "no", "{expr}");
        }
    }

    #[test]
    fn if_with_macros_and_defined() {
        let src = "#define A\n#define V 3\n#define F(x) ((x) * 2)\n#define ISDEF defined\n\
                   #if defined A && defined(A) && !defined B && defined ( V )\nd\n#endif\n\
                   #if F(V) == 6 && V\nm\n#endif\n\
                   #ifdef A\nia\n#endif\n#ifndef A\nna\n#endif\n#ifndef B\nnb\n#endif\n";
        let text = ok(src);
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words, ["d", "m", "ia", "nb"]);
        // Predefined macros.
        let words =
            ok("#if defined(__WIDL__) && __midl == 501 && _WIN32 && _WIN64 && !defined(__STDC__)\nyes\n#endif\n");
        assert_eq!(words.trim(), "yes");
    }

    #[test]
    fn elif_chains_and_skipped_regions() {
        let src = "#define V 2\n#if V == 1\none\n#elif V == 2\ntwo\n#elif V == 2\nagain\n#else\nother\n#endif\n\
                   #if 0\n#if 1\nbad1\n#else\nbad2\n#endif\n#foo\n#error no\n#include <nowhere.h>\n#define V 5\n\
                   #elif 1\nyes\n#elif 1 / 0\nbad3\n#else\nbad4\n#endif\n\
                   #ifdef NOPE\n#elif V == 2\nv2\n#endif\n\
                   #if 1\n#if 0\n#elif 0\n#else\ninner\n#endif\n#else\nbad5\n#endif\n";
        let text = ok(src);
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words, ["two", "yes", "v2", "inner"]);
        assert_eq!(text.len(), src.len());
    }

    #[test]
    fn conditional_errors() {
        assert_eq!(errors("#else\n"), [("`#else` without matching `#if`".to_owned(), 0..5)]);
        assert_eq!(errors("x\n#elif 1\n"), [("`#elif` without matching `#if`".to_owned(), 2..7)]);
        assert_eq!(errors("#endif\n"), [("`#endif` without matching `#if`".to_owned(), 0..6)]);
        assert_eq!(errors("#if 1\n#else\n#elif 1\n#endif\n"), [("`#elif` after `#else`".to_owned(), 12..17)]);
        assert_eq!(errors("#if 0\n#else\n#else\n#endif\n"), [("`#else` after `#else`".to_owned(), 12..17)]);
        assert_eq!(errors("#if 1\nx\n"), [("unterminated `#if`".to_owned(), 0..3)]);
        assert_eq!(
            errors("#if 1\n#endif\n  #  ifdef X\n#if 0\n#endif"),
            [("unterminated `#ifdef`".to_owned(), 15..23)]
        );
        // Errors are reported even in skipped groups, and several in one file.
        assert_eq!(
            errors("#if 0\n#if 1\n#else\n#else\n#endif\n#endif\n#endif\n#else\n"),
            [
                ("`#else` after `#else`".to_owned(), 18..23),
                ("`#endif` without matching `#if`".to_owned(), 38..44),
                ("`#else` without matching `#if`".to_owned(), 45..50),
            ]
        );
    }

    #[test]
    fn if_expression_errors() {
        let cases: [(&str, &str, Range<usize>); 11] = [
            ("#if 1 / 0\n#endif", "division by zero in `#if` expression", 6..7),
            ("#if 1 % (2 - 2)\n#endif", "division by zero in `#if` expression", 6..7),
            ("#if 1 +\n#endif", "expected value in `#if` expression, found end of line", 7..7),
            ("#if (1\n#endif", "expected `)` in `#if` expression, found end of line", 6..6),
            ("#if 1 2\n#endif", "expected operator in `#if` expression, found `2`", 6..7),
            ("#if 1 ? 2\n#endif", "expected `:` in `#if` expression, found end of line", 9..9),
            ("#if\n#endif", "`#if` with no expression", 0..3),
            ("#if 1.5\n#endif", "invalid integer constant `1.5` in `#if` expression", 4..7),
            ("#if 1 + \"s\"\n#endif", "expected value in `#if` expression, found `\"s\"`", 8..11),
            ("#if defined\n#endif", "expected macro name after `defined`", 4..11),
            ("#if defined(X\n#endif", "expected `)` after `defined(X`", 12..13),
        ];
        for (src, message, span) in cases {
            assert_eq!(errors(src), [(message.to_owned(), span)], "{src}");
        }
        // `#elif` errors only when evaluated; the position of a token from a macro is its use.
        assert_eq!(errors("#if 1\n#elif 1 / 0\n#endif"), []);
        assert_eq!(
            errors("#define Z 0\n#if 0\n#elif 1 / Z\n#endif"),
            [("division by zero in `#elif` expression".to_owned(), 26..27)]
        );
        assert_eq!(
            errors("#define BAD 1 +\n#if BAD )\n#endif"),
            [("expected value in `#if` expression, found `)`".to_owned(), 24..25)]
        );
        assert_eq!(
            errors("#define BAD 1 2\n#if BAD\n#endif"),
            [("expected operator in `#if` expression, found `2`".to_owned(), 20..23)]
        );
        // Deep nesting is an error, not a stack overflow.
        let deep = format!("#if {}1{}\n#endif", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(errors(&deep)[0].0, "`#if` expression nested too deeply");
        let unary = format!("#if {}1\nyes\n#endif", "-!~+".repeat(5000));
        assert_eq!(errors(&unary), []);
    }

    #[test]
    fn directive_errors() {
        let cases: [(&str, &str, Range<usize>); 14] = [
            ("#foo bar\n", "unknown preprocessor directive `#foo`", 0..4),
            ("  # import x\n", "unknown preprocessor directive `#import`", 2..10),
            ("#!x\n", "unknown preprocessor directive `#!`", 0..2),
            ("#error stop  here /* c */\n", "#error stop  here", 0..6),
            ("#error\n", "#error", 0..6),
            ("#define\n", "expected macro name after `#define`", 0..7),
            ("#define 1 x\n", "macro names must be identifiers, found `1`", 8..9),
            ("#define defined 1\n", "`defined` cannot be used as a macro name", 8..15),
            ("#define F(a, a) a\n", "duplicate parameter `a` in macro `F`", 13..14),
            ("#define F(a, 1) a\n", "expected parameter name in macro `F`, found `1`", 13..14),
            ("#define F(a b) a\n", "expected `,` or `)` in parameter list of macro `F`, found `b`", 12..13),
            ("#define F(a\n", "missing `)` in parameter list of macro `F`", 10..11),
            ("#define F(a) #b\n", "`#` is not followed by a macro parameter", 13..14),
            ("#define X ## y\n", "`##` cannot appear at either end of a macro expansion", 10..12),
        ];
        for (src, message, span) in cases {
            assert_eq!(errors(src), [(message.to_owned(), span)], "{src}");
        }
        assert_eq!(errors("#undef\n"), [("expected macro name after `#undef`".to_owned(), 0..6)]);
        assert_eq!(errors("#ifdef\n#endif\n"), [("expected macro name after `#ifdef`".to_owned(), 0..6)]);
        // Null directives, `#line`, `#warning`, line markers and `#pragma` are fine.
        assert_eq!(errors("#\n# \n#line 5\n#warning careful\n# 1 \"x.idl\"\n#pragma foo\n"), []);
        // Processing goes on after an error.
        assert_eq!(after(&run("#foo\n#define A 1\nA\n").0.text, 2), ["1"]);
    }

    #[test]
    fn lexical_errors() {
        assert_eq!(errors("a /* b\nc */ d /* e\nf"), [("unterminated `/*` comment".to_owned(), 14..16)]);
        assert_eq!(errors("x = \"abc\ny"), [("unterminated string literal".to_owned(), 4..5)]);
        assert_eq!(errors("x = L\"abc"), [("unterminated string literal".to_owned(), 5..6)]);
        assert_eq!(errors("x = 'a\n"), [("unterminated character literal".to_owned(), 4..5)]);
        assert_eq!(errors("#define S \"abc\n"), [("unterminated string literal".to_owned(), 10..11)]);
        // Nothing is checked in skipped groups.
        assert_eq!(errors("#if 0\nit's \"open\n#endif\n"), []);
        let (pre, _) = run("a /* b\nc");
        assert_eq!(pre.text, "a     \n ");
    }

    #[test]
    fn macro_call_errors() {
        assert_eq!(
            errors("#define F(x) x\nF(1, (2)\n"),
            [("unterminated argument list invoking macro `F`".to_owned(), 15..16)]
        );
        // Arguments do not run into a directive line.
        let (pre, diags) = run("#define F(x) x\nF(1\n#define Y 2\n)Y");
        assert_eq!(
            diags.iter().map(|d| (d.message.as_str(), d.span.clone())).collect::<Vec<_>>(),
            [("unterminated argument list invoking macro `F`", 15..16)]
        );
        assert_eq!(after(&pre.text, 3), [")2"]);
        assert_eq!(
            errors("#define F(x) x\nF(1, 2)"),
            [("wrong number of arguments to macro `F`: expected 1, found 2".to_owned(), 15..16)]
        );
        assert_eq!(
            errors("#define F(x, y) x\nF()"),
            [("wrong number of arguments to macro `F`: expected 2, found 0".to_owned(), 18..19)]
        );
        assert_eq!(
            errors("#define F() x\nF(1)"),
            [("wrong number of arguments to macro `F`: expected 0, found 1".to_owned(), 14..15)]
        );
        // An error inside a use reports the outermost use.
        assert_eq!(
            errors("#define F(x) x\n#define G F(\nG 1"),
            [("unterminated argument list invoking macro `F`".to_owned(), 28..29)]
        );
    }

    #[test]
    fn expansion_limits() {
        // Exponential growth stops at the size limit.
        let mut src = String::from("#define L0 x x x x x x x x x x\n");
        for i in 1..10 {
            src += &format!("#define L{i} L{j} L{j} L{j} L{j} L{j} L{j} L{j} L{j} L{j} L{j}\n", j = i - 1);
        }
        src += "a L9 b L1";
        let (pre, diags) = run(&src);
        let use_at = src.find("L9 b").unwrap();
        assert_eq!(
            diags.iter().map(|d| (d.message.as_str(), d.span.clone())).collect::<Vec<_>>(),
            [("macro expansion too large", use_at..use_at + 2)]
        );
        assert_eq!(pre.text.lines().last().unwrap().split_whitespace().count(), 2 + 100);
        // Deep nesting of arguments stops at the depth limit, without overflowing the stack.
        let deep = format!("#define F(x) x\n{}1{}", "F(".repeat(400), ")".repeat(400));
        assert_eq!(errors(&deep), [("macro expansion too large".to_owned(), 15..16)]);
        let ok_depth = format!("#define F(x) x\n{}1{}", "F(".repeat(100), ")".repeat(100));
        assert_eq!(after(&ok(&ok_depth), 1), ["1"]);
        // A long chain of object-like macros.
        let mut chain = String::new();
        for i in 0..300 {
            chain += &format!("#define M{i} M{}\n", i + 1);
        }
        chain += "M0";
        assert_eq!(errors(&chain), [("macro expansion too large".to_owned(), chain.len() - 2..chain.len())]);
    }

    #[test]
    fn includes() {
        let root = "#include \"a.h\"\nafter A B\n#include <b.h>\n#include \"a.h\"\n";
        let a = "#ifndef A_H\n#define A_H\n#define A 1\n#include \"b.h\"\nin_a\n#endif\n";
        let b = "in_b";
        let (sources, pre, diags) = run_with(root, &[("a.h", a), ("b.h", b)], &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(pre.included, [1, 2]);
        let words: Vec<&str> = pre.text.split_whitespace().collect();
        assert_eq!(words, ["in_b", "in_a", "after", "1", "B", "in_b"]);
        assert_eq!(check_origins(&sources, &pre), 1);
        // Text from an included file maps into it.
        let at = pre.text.find("in_a").unwrap();
        assert_eq!(origin(&pre, at), (1, a.find("in_a").unwrap()));
        let at = pre.text.find("in_b").unwrap();
        assert_eq!(origin(&pre, at), (2, 0));
        let at = pre.text.find("after").unwrap();
        assert_eq!(origin(&pre, at), (0, root.find("after").unwrap()));
        // The included text goes where the directive was, before the directive's line break.
        assert!(pre.text.starts_with(&format!(
            "{}{}",
            spaces("#include \"a.h\""),
            spaces("#ifndef A_H\n#define A_H\n#define A 1\n")
        )));
        // A file without a final line break does not join the next line.
        assert!(pre.text.contains("in_b\n"));
    }

    #[test]
    fn include_errors() {
        let (sources, pre, diags) =
            run_with("#include \"missing.h\"\n#include <x.h\n#include x.h\n#include \"\"\nok\n", &[], &[]);
        let found: Vec<_> = diags.iter().map(|d| (d.file, d.message.as_str(), d.span.clone())).collect();
        assert_eq!(
            found,
            [
                (0, "cannot find include file `missing.h` in the include path", 10..19),
                (0, "missing terminating `>` in `#include`", 30..34),
                (0, "expected `\"file\"` or `<file>` after `#include`", 44..45),
                (0, "empty file name in `#include`", 57..59),
            ]
        );
        assert!(pre.included.is_empty());
        assert_eq!(pre.text.trim(), "ok");
        drop(sources);
        // Conditionals do not cross files.
        let (_, _, diags) = run_with("#include \"open.h\"\n#endif\n", &[("open.h", "#if 1\n")], &[]);
        let found: Vec<_> = diags.iter().map(|d| (d.file, d.message.as_str(), d.span.clone())).collect();
        assert_eq!(found, [(1, "unterminated `#if`", 0..3), (0, "`#endif` without matching `#if`", 18..24)]);
        // Includes in skipped groups are not resolved.
        let (_, pre, diags) = run_with("#if 0\n#include \"missing.h\"\n#endif\n", &[], &[]);
        assert!(diags.is_empty() && pre.included.is_empty());
    }

    #[test]
    fn recursive_include_stops_at_the_depth_limit() {
        let (_, pre, diags) = run_with("#include \"self.h\"\n", &[("self.h", "#include \"self.h\"\nx\n")], &[]);
        let found: Vec<_> = diags.iter().map(|d| (d.file, d.message.as_str(), d.span.clone())).collect();
        assert_eq!(found, [(1, "#include nested too deeply (is `self.h` including itself?)", 10..16)]);
        assert_eq!(pre.text.split_whitespace().count(), MAX_INCLUDE_DEPTH);
        assert_eq!(pre.included, [1]);
        // A file including itself twice does not take exponential time.
        let (_, pre, diags) =
            run_with("#include \"two.h\"\n", &[("two.h", "#include \"two.h\"\n#include \"two.h\"\nx\n")], &[]);
        assert!(diags.iter().any(|d| d.message == "too many `#include`s"));
        assert!(pre.text.len() < MAX_WORK);
    }

    #[test]
    fn pragma_once() {
        let (_, pre, diags) = run_with("#include \"o.h\"\n#include \"o.h\"\n", &[("o.h", "#pragma once\nonce\n")], &[]);
        assert!(diags.is_empty());
        assert_eq!(pre.text.split_whitespace().collect::<Vec<_>>(), ["once"]);
        assert_eq!(pre.pragmas, [(1, 0, "once".to_owned())]);
    }

    #[test]
    fn pragmas_are_recorded_and_blanked() {
        let src = "#pragma winrt ns_prefix\n  #  pragma  pack(push, \\\n 1) /* c */\n#if 0\n#pragma skipped\n#endif\nx";
        let (pre, diags) = run(src);
        assert!(diags.is_empty());
        assert_eq!(pre.pragmas, [(0, 0, "winrt ns_prefix".to_owned()), (0, 26, "pack(push,  1)".to_owned())]);
        assert_eq!(pre.text.split_whitespace().collect::<Vec<_>>(), ["x"]);
    }

    #[test]
    fn crlf_and_cr_line_endings() {
        let src = "#define A 1 \\\r\n + 1\r\n#if A\r\nyes A\r\n#endif\r\n/* a\r\nb */A\r\n";
        let (pre, diags) = run(src);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            pre.text,
            format!(
                "{}\r\n{}\r\nyes 1 + 1\r\n{}\r\n    \r\n    1 + 1\r\n",
                spaces("#define A 1 \\\r\n + 1"),
                spaces("#if A"),
                spaces("#endif")
            )
        );
        let src = "#define B 2\rB\r#if 0\rno\r#endif\rend";
        assert_eq!(
            ok(src),
            format!("{}\r2\r{}\r  \r{}\rend", spaces("#define B 2"), spaces("#if 0"), spaces("#endif"))
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

    #[test]
    fn byte_order_mark_is_white_space() {
        let src = "\u{feff}#define A 1\nA";
        let (pre, diags) = run(src);
        assert!(diags.is_empty());
        assert_eq!(pre.text, format!("   {}\n1", spaces("#define A 1")));
    }

    #[test]
    fn unicode_text() {
        let src = "#define É ü\n/* ĉ */ \"€\" É 'ñ' x€y\n";
        let (pre, diags) = run(src);
        assert!(diags.is_empty());
        assert_eq!(after(&pre.text, 1), ["         \"€\" ü 'ñ' x€y"]);
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
}
