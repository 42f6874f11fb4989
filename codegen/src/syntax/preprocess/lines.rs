//! A file's text made ready for line-by-line work: comments blanked, and where its logical lines
//! (spliced and running through comments) end.

use super::super::lex::{self, Lines};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::FileId;

/// Replaces comments by spaces (keeping newlines). Returns the cleaned text, which has the same
/// length as `src`, and the sorted ranges of the comments that contain a newline.
pub(super) fn clean(file: FileId, src: &str, diags: &mut Diagnostics) -> (String, Vec<(usize, usize)>) {
    fn blank_into(out: &mut Vec<u8>, bytes: &[u8]) {
        out.extend(bytes.iter().map(|&c| lex::blanked(c)));
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
    // Where the logical line being read starts: a string in a directive ends with its line.
    let mut line_start = i;
    while i < len {
        let b = t[i];
        let next = t.get(i + 1).copied();
        if b == b'"' || b == b'\'' {
            let line = lex::skip_blanks(t, line_start, len);
            let end = if t.get(line) == Some(&b'#') { line_end(t, i) } else { len };
            let (e, _) = lex::scan_literal(t, i, end, Lines::C);
            i = e;
        } else if b == b'/' && next == Some(b'*') {
            out.extend_from_slice(&t[run..i]);
            let e = lex::block_comment_end(t, i).unwrap_or_else(|| {
                diags.push(
                    Diagnostic::new(file, i..i + 2, "unterminated `/*` comment").with_label("comment starts here"),
                );
                len
            });
            let body = &t[i..e];
            blank_into(&mut out, body);
            if body.iter().any(|&c| lex::is_newline(c)) {
                multiline.push((i, e));
            }
            i = e;
            run = e;
        } else if b == b'/' && next == Some(b'/') {
            out.extend_from_slice(&t[run..i]);
            let (j, spliced) = lex::line_comment_end(t, i, Lines::C);
            blank_into(&mut out, &t[i..j]);
            if spliced {
                multiline.push((i, j));
            }
            i = j;
            run = j;
        } else {
            // A splice joins lines; any other line end starts one.
            i += lex::splice_len(t, i).max(1);
            if lex::is_newline(b) {
                line_start = i;
            }
        }
    }
    out.extend_from_slice(&t[run..len]);
    // The cleaned text is valid UTF-8: whole characters were copied or blanked byte for byte.
    let text = String::from_utf8(out).unwrap_or_else(|e| " ".repeat(e.into_bytes().len()));
    (text, multiline)
}

/// The end of the physical lines from `p` joined by splices: the first line end not spliced.
fn line_end(t: &[u8], mut p: usize) -> usize {
    while p < t.len() {
        match lex::splice_len(t, p) {
            0 if lex::is_newline(t[p]) => return p,
            0 => p += 1,
            n => p += n,
        }
    }
    t.len()
}

/// Whether `p` lies strictly inside one of the (sorted) comments spanning lines.
pub(super) fn in_comment(ml: &[(usize, usize)], p: usize) -> bool {
    let i = ml.partition_point(|&(s, _)| s < p);
    i > 0 && ml[i - 1].1 > p
}

/// Whether the line starting at `ls` is a directive line.
pub(super) fn is_directive_line(t: &[u8], ml: &[(usize, usize)], ls: usize) -> bool {
    let q = lex::skip_blanks(t, ls, t.len());
    q < t.len() && t[q] == b'#' && !in_comment(ml, ls)
}

/// End of the logical line containing `p`: the first newline that is neither spliced nor inside a
/// comment, or the end of the text.
pub(super) fn logical_end(t: &[u8], ml: &[(usize, usize)], mut p: usize) -> usize {
    let mut ci = ml.partition_point(|&(_, e)| e <= p);
    while p < t.len() {
        let s = lex::splice_len(t, p);
        if s > 0 {
            p += s;
            continue;
        }
        if lex::is_newline(t[p]) {
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

/// The text of a directive from `start` to `end`, splices removed, on one line, trimmed.
pub(super) fn directive_text(t: &[u8], start: usize, end: usize) -> String {
    let end = end.min(t.len());
    let mut s = Vec::new();
    let mut i = start;
    while i < end {
        let sp = lex::splice_len(t, i);
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
