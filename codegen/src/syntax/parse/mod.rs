//! Preprocessed text to [`ast::File`](super::ast::File): the pest grammar, then a walk over its pairs.

mod brackets;
mod errors;
mod expr;
mod literals;
mod lower;
mod recovery;
mod scan;
mod split;
mod types;

use std::borrow::Cow;
use std::cell::Cell;

use pest::Parser as _;

use super::ast::{File, Item, Span};
use super::preprocess::Preprocessed;
use crate::diag::{Diagnostic, Diagnostics};
use brackets::check_brackets;
use errors::{error_pos, expected_punctuation, syntax_error};
pub use literals::unescape;
use lower::build_items;
use recovery::{next_item_boundary, parse_prefix};
use scan::blank_continuations;
pub use split::{Piece, mentions};

#[derive(pest_derive::Parser)]
#[grammar = "syntax/midl.pest"]
struct MidlParser;

/// Brackets nested deeper than this are refused before parsing: real IDL stays below 10, and the
/// bound keeps the recursive-descent parser far from the end of its stack on hostile input.
const MAX_NESTING: usize = 64;
/// After this many syntax errors in one file the parser stops looking for more.
const MAX_ERRORS: usize = 20;
/// Bounds the work pest may do on one file: plenty for real IDL, and finite on any input.
const CALL_LIMIT: usize = 200_000_000;

/// Stack for the parser thread. pest's generated descent is deep (a parameter attribute's argument
/// sits some 40 rules down) and its frames are large in debug builds; the caller's thread may have
/// as little as 2 MiB. The memory is reserved, and only touched as far as the parse goes.
const PARSER_STACK: usize = 256 << 20;

/// Parses one preprocessed file. Every syntax error found is pushed to `diags`, at the place in
/// the original files; the tree holds what could be read (top-level items after an error are
/// still parsed).
pub fn parse(pre: &Preprocessed, diags: &mut Diagnostics) -> File {
    if ON_PARSER_STACK.get() {
        return parse_here(pre, diags);
    }
    std::thread::scope(|scope| {
        // The thread collects its own diagnostics: `diags` stays free for the fallback below.
        let parser =
            std::thread::Builder::new().name("midl-parser".into()).stack_size(PARSER_STACK).spawn_scoped(scope, || {
                let mut found = Diagnostics::default();
                let file = parse_here(pre, &mut found);
                (file, found)
            });
        match parser {
            Ok(handle) => {
                let (file, found) = handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                diags.extend(found);
                file
            }
            // No thread to be had: parse on this one, which is still bounded by MAX_NESTING.
            Err(_) => parse_here(pre, diags),
        }
    })
}

thread_local! {
    /// Set on the thread `with_parser_stack` starts: `parse` then runs where it is called.
    static ON_PARSER_STACK: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` on a thread with the parser's stack, so that every `parse` within (one per file of an
/// import closure) runs there instead of starting a thread of its own: a thread per file, with its
/// fresh stack pages, was a tenth of a one-file check.
pub fn with_parser_stack<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    if ON_PARSER_STACK.get() {
        return f();
    }
    let mut f = Some(f);
    let joined = std::thread::scope(|scope| {
        let f = &mut f;
        let worker = std::thread::Builder::new().name("midl-parser".into()).stack_size(PARSER_STACK).spawn_scoped(
            scope,
            move || {
                ON_PARSER_STACK.set(true);
                f.take().map(|f| f())
            },
        );
        worker.ok().map(|handle| handle.join())
    });
    match joined {
        Some(Ok(result)) => result.expect("the worker ran `f`"),
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        // No thread to be had: run here; each `parse` then tries for a thread of its own.
        None => f.take().expect("`f` did not run")(),
    }
}

fn parse_here(pre: &Preprocessed, diags: &mut Diagnostics) -> File {
    if let Some(unbalanced) = check_brackets(pre) {
        diags.push(unbalanced);
        return File::default();
    }
    let text = &*blank_continuations(&pre.text);
    let mut errors = 0;
    pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT));
    let mut file = File::default();
    let mut offset = 0;
    loop {
        let rest = &text[offset..];
        let rule = if offset == 0 { Rule::file } else { Rule::resume };
        match MidlParser::parse(rule, rest) {
            Ok(mut pairs) => {
                let top = pairs.next().expect("the file rule always yields one pair");
                let items = top.into_inner().find(|p| p.as_rule() == Rule::items);
                if let Some(items) = items {
                    file.items.extend(build_items(items, offset));
                }
                break;
            }
            Err(err) => {
                let at = offset + error_pos(&err);
                let punctuation = expected_punctuation(rule, rest);
                diags.push(syntax_error(pre, text, at, &err, &punctuation));
                errors += 1;
                // Keep what parsed before the error, then resume after the item that failed.
                file.items.extend(parse_prefix(text, offset, at));
                match next_item_boundary(text, at) {
                    Some(next) if next < text.len() && errors < MAX_ERRORS => offset = next,
                    _ => break,
                }
            }
        }
    }
    file
}

/// A preprocessed file cut into its top-level items without parsing them, so that each can be
/// parsed when it is first needed (see [`split::Piece`]).
pub struct Split {
    /// The text with line continuations blanked, when that changed it.
    blanked: Option<String>,
    pub pieces: Vec<Piece>,
}

/// `pre` cut into its items; `None` for a text whose shape is not plain enough (brackets unbalanced
/// or nested deeper than `MAX_NESTING`, an item that never ends), which [`parse`] reads whole
/// and reports.
pub fn split(pre: &Preprocessed) -> Option<Split> {
    let text = blank_continuations(&pre.text);
    let pieces = split::split(&text, MAX_NESTING)?;
    let blanked = match text {
        Cow::Owned(text) => Some(text),
        Cow::Borrowed(_) => None,
    };
    Some(Split { blanked, pieces })
}

impl Split {
    /// The items of piece `i` of `pre` (the text this was split from); its syntax errors go to `diags`.
    pub fn parse(&self, pre: &Preprocessed, i: usize, diags: &mut Diagnostics) -> Vec<Item> {
        let text = self.blanked.as_deref().unwrap_or(&pre.text);
        with_parser_stack(|| parse_piece(pre, text, &self.pieces[i], diags))
    }
}

fn parse_piece(pre: &Preprocessed, text: &str, piece: &Piece, diags: &mut Diagnostics) -> Vec<Item> {
    pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT));
    let span = piece.span.clone();
    let mut own = Cow::Borrowed(&text[span.clone()]);
    for hole in &piece.holes {
        // Blanked with its line ends kept, so every offset stays where it was.
        let blank: String = text[hole.clone()].bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }).collect();
        own.to_mut().replace_range(hole.start - span.start..hole.end - span.start, &blank);
    }
    let piece = &*own;
    match MidlParser::parse(Rule::resume, piece) {
        Ok(mut pairs) => {
            let top = pairs.next().expect("the resume rule always yields one pair");
            top.into_inner().find(|p| p.as_rule() == Rule::items).map_or_else(Vec::new, |i| build_items(i, span.start))
        }
        Err(err) => {
            let at = span.start + error_pos(&err);
            let punctuation = expected_punctuation(Rule::resume, piece);
            diags.push(syntax_error(pre, text, at, &err, &punctuation));
            parse_prefix(text, span.start, at)
        }
    }
}

/// A syntax error at `span` of the preprocessed text, reported where that text was written.
fn located(pre: &Preprocessed, span: Span, message: String, label: Option<String>) -> Diagnostic {
    let (file, range) = pre.origin(span);
    Diagnostic { label, ..Diagnostic::new(file, range, message) }
}
