//! The files of a run: the state of each open one, and `#include` finding and entering another.

use std::ops::Range;
use std::rc::Rc;

use codespan_reporting::files::Files;

use super::super::lex::skip_blanks;
use super::conditionals::Cond;
use super::lines::clean;
use super::tokens::lex_range;
use super::{IncludeResolver, MAX_INCLUDE_DEPTH, MAX_INCLUDES, Pp};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{FileId, SourceMap};

/// A file being preprocessed.
pub(super) struct FileState {
    pub(super) file: FileId,
    /// The text with comments blanked.
    pub(super) text: Rc<str>,
    /// Comments that contain a newline, sorted.
    pub(super) multiline: Rc<[(usize, usize)]>,
    /// Start of the next line to process.
    pub(super) pos: usize,
    /// Text from here to `pos` is still to be copied verbatim.
    pub(super) copy_pos: usize,
    pub(super) conds: Vec<Cond>,
}

impl FileState {
    pub(super) fn open(file: FileId, src: &str, diags: &mut Diagnostics) -> FileState {
        let (text, multiline) = clean(file, src, diags);
        FileState { file, text: text.into(), multiline: multiline.into(), pos: 0, copy_pos: 0, conds: Vec::new() }
    }

    pub(super) fn active(&self) -> bool {
        self.conds.last().is_none_or(|c| c.active)
    }
}

/// What a line leads to: the next line, or a file to enter first.
pub(super) enum Step {
    Line,
    Include(FileState),
}

impl Pp<'_> {
    /// `#include` whose name follows `from`, on a line ending at `end`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn include(
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
            Ok(id) => {
                for warning in resolver.take_warnings() {
                    self.diags.push(Diagnostic::warning(file, span.clone(), warning));
                }
                id
            }
            Err(msg) => {
                self.error(file, span, msg);
                return Step::Line;
            }
        };
        let Ok(src) = sources.source(id) else {
            self.error(file, span, format!("cannot read include file `{name}`"));
            return Step::Line;
        };
        if self.once.contains(&id) {
            return Step::Line;
        }
        self.work += src.len();
        Step::Include(FileState::open(id, src, self.diags))
    }
}
