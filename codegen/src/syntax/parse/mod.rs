//! Preprocessed text to [`ast::File`](super::ast::File): the pest grammar, then a walk over its pairs.

mod brackets;
mod errors;
mod expr;
mod literals;
mod lower;
mod recovery;
mod scan;
mod types;

use std::cell::Cell;

use pest::Parser as _;

use super::ast::{File, Span};
use brackets::check_brackets;
use errors::{error_pos, expected_punctuation, syntax_error};
pub use literals::unescape;
use lower::build_items;
use recovery::{next_item_boundary, parse_prefix};
use scan::blank_continuations;

#[derive(pest_derive::Parser)]
#[grammar = "syntax/midl.pest"]
struct MidlParser;

/// A syntax error at a byte range of the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    pub label: Option<String>,
}

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

/// Parses one preprocessed file. Every syntax error found is returned; the tree holds what could
/// be read (top-level items after an error are still parsed).
pub fn parse(text: &str) -> (File, Vec<SyntaxError>) {
    if ON_PARSER_STACK.get() {
        return parse_here(text);
    }
    std::thread::scope(|scope| {
        let parser = std::thread::Builder::new()
            .name("midl-parser".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, || parse_here(text));
        match parser {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: parse on this one, which is still bounded by MAX_NESTING.
            Err(_) => parse_here(text),
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

fn parse_here(text: &str) -> (File, Vec<SyntaxError>) {
    let mut errors = check_brackets(text);
    if !errors.is_empty() {
        return (File::default(), errors);
    }
    let text = &*blank_continuations(text);
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
                errors.push(syntax_error(text, at, &err, &punctuation));
                // Keep what parsed before the error, then resume after the item that failed.
                file.items.extend(parse_prefix(text, offset, at));
                match next_item_boundary(text, at) {
                    Some(next) if next < text.len() && errors.len() < MAX_ERRORS => offset = next,
                    _ => break,
                }
            }
        }
    }
    (file, errors)
}
