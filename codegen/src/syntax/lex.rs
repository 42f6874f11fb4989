//! Byte-level lexing shared by the preprocessor and the parser: identifier and blank bytes, line
//! ends and splices, and where literals, comments and escape sequences end.
//!
//! All positions handed out are char boundaries: they sit next to ASCII bytes, and non-ASCII bytes
//! only ever occur inside identifiers, literals or comments.

use std::iter::Peekable;
use std::str::Chars;

/// How a scan reads line ends. The two readers of IDL text have always differed here, and each
/// keeps its reading: the preprocessor follows C, the parser follows its grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lines {
    /// C's: `\n`, `\r\n` and a lone `\r` end a line, and a backslash right before a line end
    /// splices the two lines into one. The preprocessor reads source files so.
    C,
    /// The grammar's (`midl.pest`): only `\n` ends a line, and a backslash escapes the byte after
    /// it, whatever it is. The parser's scans read preprocessed text so.
    Grammar,
}

impl Lines {
    fn newline_len(self, t: &[u8], i: usize) -> usize {
        match self {
            Lines::C => newline_len(t, i),
            Lines::Grammar => usize::from(t.get(i) == Some(&b'\n')),
        }
    }

    fn splice_len(self, t: &[u8], i: usize) -> usize {
        match self {
            Lines::C => splice_len(t, i),
            Lines::Grammar => 0,
        }
    }
}

pub(super) fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

pub(super) fn is_ident_char(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit()
}

pub(super) fn is_hspace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c)
}

pub(super) fn is_newline(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// `b` blanked: a space, unless it is part of a line end (which blanking keeps).
pub(super) fn blanked(b: u8) -> u8 {
    if is_newline(b) { b } else { b' ' }
}

/// Length of the line end at `i` (`\n`, `\r\n` or a lone `\r`), 0 if there is none.
pub(super) fn newline_len(t: &[u8], i: usize) -> usize {
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
pub(super) fn splice_len(t: &[u8], i: usize) -> usize {
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
pub(super) fn skip_blanks(t: &[u8], mut p: usize, end: usize) -> usize {
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

/// Scans a string or character literal whose quote is at `q`. Returns its end and whether it is
/// unterminated: then the end is the line end or `end` that came before the closing quote. A
/// string goes on over line ends, as MIDL reads one (`helpstring("two` on one line, `lines")` on
/// the next), except in C's reading onto a directive line, which the preprocessor acts on (so a
/// stray quote in a skipped group ends at its `#endif`); the preprocessor bounds `end` by the line
/// in a directive.
pub(super) fn scan_literal(t: &[u8], q: usize, end: usize, lines: Lines) -> (usize, bool) {
    let quote = t[q];
    let mut j = q + 1;
    while j < end {
        let c = t[j];
        if c == quote {
            return (j + 1, false);
        }
        if c == b'\\' {
            let s = lines.splice_len(t, j);
            j += if s > 0 { s } else { 2 };
            continue;
        }
        let nl = lines.newline_len(t, j);
        if nl > 0 {
            let next = skip_blanks(t, j + nl, end);
            if quote == b'\'' || (lines == Lines::C && t.get(next) == Some(&b'#')) {
                return (j, true);
            }
            j += nl;
            continue;
        }
        j += 1;
    }
    (end, true)
}

/// The end of the `/*` comment opening at `open` (just after its `*/`); `None` if it is never closed.
pub(super) fn block_comment_end(t: &[u8], open: usize) -> Option<usize> {
    t[open + 2..].windows(2).position(|w| w == b"*/").map(|k| open + 2 + k + 2)
}

/// The end of the `//` comment opening at `open` (its line end, or the end of `t`), and whether it
/// goes on over a line splice.
pub(super) fn line_comment_end(t: &[u8], open: usize, lines: Lines) -> (usize, bool) {
    let mut j = open + 2;
    let mut spliced = false;
    while j < t.len() {
        let s = lines.splice_len(t, j);
        if s > 0 {
            j += s;
            spliced = true;
            continue;
        }
        if lines.newline_len(t, j) > 0 {
            break;
        }
        j += 1;
    }
    (j, spliced)
}

/// The value of an octal escape whose first digit `first` has been read; up to two more digits
/// follow in `chars`.
pub(super) fn octal_escape(first: char, chars: &mut Peekable<Chars<'_>>) -> u32 {
    let mut v = first.to_digit(8).unwrap_or(0);
    for _ in 0..2 {
        match chars.peek().and_then(|c| c.to_digit(8)) {
            Some(d) => {
                v = v * 8 + d;
                chars.next();
            }
            None => break,
        }
    }
    v
}
