//! What preprocessing produces: the output text with the origin of each of its runs.

use std::ops::Range;

use super::super::lex;
use crate::source::{FileId, OriginMap, Segment};

#[derive(Default)]
pub(super) struct Out {
    pub(super) text: String,
    pub(super) origins: OriginMap,
    pub(super) segments: usize,
    /// `#pragma pack` changes: the output offset and the values in force from there on.
    pub(super) packs: Vec<(usize, super::Pack)>,
}

impl Out {
    fn segment(&mut self, file: FileId, orig: usize, len: usize) {
        self.origins.push(Segment { out: self.text.len(), file, orig, len });
        self.segments += 1;
    }

    /// Copies `range` of a cleaned text verbatim, except that the backslash of a line splice
    /// becomes a space.
    pub(super) fn copy(&mut self, file: FileId, text: &str, range: Range<usize>) {
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
            if lex::splice_len(bytes, i) > 0 {
                self.text.push_str(text.get(run..i).unwrap_or(""));
                self.text.push(' ');
                run = i + 1;
            }
        }
        self.text.push_str(text.get(run..range.end).unwrap_or(""));
    }

    /// Copies `range` of a text as spaces, keeping its line breaks.
    pub(super) fn blank(&mut self, file: FileId, text: &str, range: Range<usize>) {
        let range = range.start..range.end.min(text.len());
        if range.start >= range.end {
            return;
        }
        self.segment(file, range.start, range.end - range.start);
        let bytes = &text.as_bytes()[range];
        self.text.extend(bytes.iter().map(|&c| lex::blanked(c) as char));
    }

    /// Appends text made by the preprocessor, all of it mapping to `orig .. orig + len`.
    pub(super) fn generated(&mut self, file: FileId, orig: usize, len: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        self.segment(file, orig, len);
        self.text.push_str(s);
    }
}

/// A token text shortened for a message.
pub(super) fn shown(text: &str) -> String {
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
