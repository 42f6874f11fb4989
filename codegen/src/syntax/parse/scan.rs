//! The code bytes of a text, outside literals and comments: walked before and around the grammar
//! to check brackets, find item boundaries and blank line continuations.

use std::borrow::Cow;

use super::super::lex::{self, Lines};

/// Skips string and char literals and comments; calls `f` with each other byte and its offset.
/// Returns early when `f` returns `false`.
pub(super) fn scan_code(text: &str, from: usize, mut f: impl FnMut(usize, u8) -> bool) {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if let Some((end, _)) = not_code(bytes, i) {
            i = end;
            continue;
        }
        if !f(i, bytes[i]) {
            return;
        }
        i += 1;
    }
}

/// What is not code at `i`: a literal (`true`) or a comment (`false`), and the offset after it.
pub(super) fn not_code(bytes: &[u8], i: usize) -> Option<(usize, bool)> {
    match bytes[i] {
        b'"' | b'\'' => {
            let (end, unterminated) = lex::scan_literal(bytes, i, bytes.len(), Lines::Grammar);
            // The `\n` that ends an unterminated literal goes with it.
            Some((if unterminated { end + 1 } else { end }, true))
        }
        b'/' if bytes.get(i + 1) == Some(&b'*') => {
            Some((lex::block_comment_end(bytes, i).unwrap_or(bytes.len()), false))
        }
        b'/' if bytes.get(i + 1) == Some(&b'/') => Some((lex::line_comment_end(bytes, i, Lines::Grammar).0, false)),
        _ => None,
    }
}

/// `text` with the backslash of each line continuation (a backslash, blanks, a line end) outside
/// literals made a space: the grammar's white space is then a single character, which is cheaper
/// to try at every token boundary. The length is kept, so spans stay valid.
pub(super) fn blank_continuations(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let continues = |i: usize| {
        let rest = &bytes[i + 1..];
        let blanks = rest.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
        rest[blanks..].starts_with(b"\n") || rest[blanks..].starts_with(b"\r\n")
    };
    // The preprocessor already blanks a backslash right before a line end, so most texts have no
    // candidate at all and skip the scan that tells literals apart.
    if !text.match_indices('\\').any(|(i, _)| continues(i)) {
        return Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    scan_code(text, 0, |i, b| {
        if b == b'\\' && continues(i) {
            out[i] = b' ';
        }
        true
    });
    // Only ASCII bytes were replaced by another.
    Cow::Owned(String::from_utf8(out).expect("still UTF-8"))
}
