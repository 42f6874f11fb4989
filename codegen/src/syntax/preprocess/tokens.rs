//! Preprocessing tokens: lexed at a position, over a range, or one by one from the rest of a file;
//! and the token macro expansion works on.

use std::ops::Range;
use std::rc::Rc;

use super::super::lex::{self, Lines};
use super::lines::is_directive_line;
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::FileId;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
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
pub(super) fn lex_at(t: &[u8], p: usize, end: usize) -> (Kind, usize, bool) {
    let b = t[p];
    if lex::is_ident_start(b) {
        let mut j = p + 1;
        while j < end && lex::is_ident_char(t[j]) {
            j += 1;
        }
        if j < end && (t[j] == b'"' || t[j] == b'\'') && matches!(&t[p..j], b"L" | b"u" | b"U" | b"u8") {
            let kind = if t[j] == b'"' { Kind::Str } else { Kind::Char };
            let (e, unterminated) = lex::scan_literal(t, j, end, Lines::C);
            return (kind, e, unterminated);
        }
        return (Kind::Ident, j, false);
    }
    if b.is_ascii_digit() || (b == b'.' && p + 1 < end && t[p + 1].is_ascii_digit()) {
        let mut j = p + 1;
        while j < end {
            let c = t[j];
            if lex::is_ident_char(c)
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
        let (e, unterminated) = lex::scan_literal(t, p, end, Lines::C);
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
pub(super) struct Raw {
    pub(super) kind: Kind,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Preceded by white space.
    pub(super) space: bool,
    pub(super) unterminated: bool,
}

/// Every token of `start..end`; newlines there (inside comments) count as white space.
pub(super) fn lex_range(t: &[u8], start: usize, end: usize) -> Vec<Raw> {
    let end = end.min(t.len());
    let mut toks = Vec::new();
    let mut p = start;
    loop {
        let mut space = false;
        loop {
            let q = lex::skip_blanks(t, p, end);
            let nl = if q < end { lex::newline_len(t, q) } else { 0 };
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

/// The error for an unterminated literal token at `start..end`: points at its opening quote. A
/// string outside a directive goes on over lines, so it ends unterminated only with the file.
pub(super) fn unterminated_literal(file: FileId, t: &[u8], start: usize, end: usize) -> Diagnostic {
    let q = (start..end.min(t.len())).find(|&i| t[i] == b'"' || t[i] == b'\'').unwrap_or(start);
    let what = if t.get(q) == Some(&b'\'') { "character" } else { "string" };
    let label =
        if end < t.len() { "no closing quote on this line" } else { "no closing quote before the end of the file" };
    Diagnostic::new(file, q..q + 1, format!("unterminated {what} literal")).with_label(label)
}

/// A token being expanded.
#[derive(Clone, Debug)]
pub(super) struct Tok {
    pub(super) kind: Kind,
    pub(super) text: Rc<str>,
    /// Preceded by white space.
    pub(super) space: bool,
    /// An identifier met while its macro was disabled: never expanded.
    pub(super) no_expand: bool,
    /// Where it is in the current file: its own place, or the macro use it came from.
    pub(super) at: usize,
    pub(super) len: usize,
}

impl Tok {
    pub(super) fn from_raw(text: &str, r: &Raw) -> Tok {
        Tok {
            kind: r.kind,
            text: Rc::from(text.get(r.start..r.end).unwrap_or("")),
            space: r.space,
            no_expand: false,
            at: r.start,
            len: r.end - r.start,
        }
    }

    pub(super) fn is(&self, punct: &str) -> bool {
        self.kind == Kind::Punct && &*self.text == punct
    }

    pub(super) fn span(&self) -> Range<usize> {
        self.at..self.at + self.len
    }
}

/// The rest of the file after a macro name, read when a function-like macro's arguments (or the
/// `(` that makes it a call) come after the text being rescanned. Stops before directive lines.
pub(super) struct Source<'t> {
    pub(super) text: &'t str,
    pub(super) ml: &'t [(usize, usize)],
    pub(super) file: FileId,
    pub(super) pos: usize,
}

impl Source<'_> {
    /// The next token; `None` at the end of the file or before a directive line. An unterminated
    /// literal is reported to `diags`, when given.
    pub(super) fn next(&mut self, diags: Option<&mut Diagnostics>) -> Option<Tok> {
        let t = self.text.as_bytes();
        let len = t.len();
        let mut p = self.pos;
        let mut space = false;
        loop {
            let q = lex::skip_blanks(t, p, len);
            space |= q != p;
            p = q;
            if p >= len {
                return None;
            }
            let nl = lex::newline_len(t, p);
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

    pub(super) fn peek_lparen(&self) -> bool {
        let mut probe = Source { text: self.text, ml: self.ml, file: self.file, pos: self.pos };
        probe.next(None).is_some_and(|t| t.is("("))
    }
}
