//! Pack changes written for the C header: `cpp_quote("#include <pshpack4.h>")`,
//! `cpp_quote("#include <poppack.h>")` and `cpp_quote("#pragma pack(...)")`. MIDL and widl copy
//! cpp_quote's text into the C header, where it packs the structs after it, so here it is a pack
//! change at the cpp_quote, made in order with the `#pragma pack` lines: `pshpackN.h` pushes N,
//! `poppack.h` pops, as in the SDK's and Wine's headers.
//!
//! The C conditionals of cpp_quote text are followed where the target decides them (`_WIN32` and
//! `_WIN64` are defined, `#if 0` and `#if 1`): a pack change in a group C skips changes nothing,
//! and one under a condition not decided here is a warning and changes nothing.

use super::Pp;
use super::pragma::{Place, warning_at};
use super::tokens::{Kind, Raw, lex_range};
use crate::source::FileId;

/// What is known of the cpp_quote text read so far.
#[derive(Default)]
pub(super) struct Quoted {
    /// Output before this offset has been read.
    scanned: usize,
    /// The C conditionals open: whether the current group is taken and whether an earlier one
    /// was (`None`: not decided here).
    conds: Vec<(Option<bool>, Option<bool>)>,
}

/// Whether C's `#ifdef name` is taken for the target, where that is known.
fn defined(name: &str) -> Option<bool> {
    matches!(name, "_WIN32" | "_WIN64").then_some(true)
}

/// The value of `#if` with tokens `toks` (of `text`) where it is decided here: `0`, `1`,
/// `[!]defined(name)` or `[!]defined name`.
fn condition(text: &str, toks: &[Raw]) -> Option<bool> {
    let words: Vec<&str> = toks.iter().map(|r| text.get(r.start..r.end).unwrap_or("")).collect();
    let (negated, words) = match words.split_first() {
        Some((&"!", rest)) => (true, rest),
        _ => (false, &words[..]),
    };
    let value = match words {
        ["0"] => Some(false),
        ["1"] => Some(true),
        ["defined", "(", name, ")"] | ["defined", name] => defined(name),
        _ => None,
    };
    value.map(|v| v != negated)
}

impl Pp<'_> {
    /// Reads the cpp_quotes of the output not read yet (`file` is the file being read).
    pub(super) fn scan_quoted(&mut self, file: FileId) {
        let (start, end) = (self.quoted.scanned, self.out.text.len());
        self.quoted.scanned = end;
        let toks = lex_range(self.out.text.as_bytes(), start, end);
        let word = |r: &Raw| self.out.text.get(r.start..r.end).unwrap_or("");
        let quotes: Vec<usize> = toks
            .windows(4)
            .filter(|w| word(&w[0]) == "cpp_quote" && word(&w[1]) == "(" && w[2].kind == Kind::Str)
            .filter(|w| word(&w[3]) == ")" && word(&w[2]).starts_with('"'))
            .map(|w| w[2].start)
            .collect();
        for at in quotes {
            let lit = toks.iter().find(|r| r.start == at).expect("the literal found above");
            let base = lit.start + 1;
            let content = self.out.text.get(base..lit.end - 1).unwrap_or("").to_owned();
            self.quoted_line(&content, Place::Output { base, file }, lit.start);
        }
    }

    /// The text of one cpp_quote at output offset `at`: a directive acts, other text does not.
    fn quoted_line(&mut self, text: &str, place: Place, at: usize) {
        let toks = lex_range(text.as_bytes(), 0, text.len());
        let word = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
        let [hash, name, rest @ ..] = &toks[..] else { return };
        if word(hash) != "#" {
            return;
        }
        let conds = &mut self.quoted.conds;
        match word(name) {
            "if" | "ifdef" | "ifndef" => {
                let value = match (word(name), rest) {
                    ("if", _) => condition(text, rest),
                    (n, [r]) => defined(word(r)).map(|v| v == (n == "ifdef")),
                    _ => None,
                };
                conds.push((value, value));
            }
            "elif" => {
                if let Some((taken, earlier)) = conds.last_mut() {
                    let value = condition(text, rest);
                    *taken = match *earlier {
                        Some(true) => Some(false),
                        Some(false) => value,
                        None => value.filter(|v| !v),
                    };
                    if *earlier == Some(false) {
                        *earlier = value;
                    }
                }
            }
            "else" => {
                if let Some((taken, earlier)) = conds.last_mut() {
                    *taken = earlier.map(|e| !e);
                }
            }
            "endif" => {
                conds.pop();
            }
            "include" => self.quoted_include(text, rest, place, at),
            "pragma" if rest.first().is_some_and(|r| word(r) == "pack") => self.quoted_pack(place, text, rest, at),
            _ => {}
        }
    }

    /// Whether a pack change of cpp_quote text is made: not in a group C skips, and with a warning
    /// (at `span` of the text at `place`) not where that is not decided here.
    fn quoted_taken(&mut self, place: Place, span: std::ops::Range<usize>) -> bool {
        let conds = &self.quoted.conds;
        if conds.iter().any(|c| c.0 == Some(false)) {
            return false;
        }
        if conds.iter().all(|c| c.0 == Some(true)) {
            return true;
        }
        let message = "a pack change in cpp_quote under a C condition that is not decided here; ignored";
        let d = warning_at(&self.out.origins, place, span, message.to_owned());
        self.diags.push(d);
        false
    }

    /// `#include <pshpackN.h>` or `<poppack.h>` (the name `toks` of `text`), in any case.
    fn quoted_include(&mut self, text: &str, toks: &[Raw], place: Place, at: usize) {
        let (Some(first), Some(last)) = (toks.first(), toks.last()) else { return };
        let name = text[first.start..last.end].trim_matches(['<', '>', '"', '\\']).to_ascii_lowercase();
        let push = match name.strip_prefix("pshpack").and_then(|n| n.strip_suffix(".h")) {
            Some(n @ ("1" | "2" | "4" | "8")) => n.parse().ok(),
            _ if name == "poppack.h" => None,
            _ => return,
        };
        if !self.quoted_taken(place, first.start..last.end) {
            return;
        }
        match push {
            Some(n) => self.packing.push(None, Some(n)),
            None => {
                if let Err(what) = self.packing.pop(None, None) {
                    let message = format!("`#include <poppack.h>` in cpp_quote: {what}; ignored");
                    let d = warning_at(&self.out.origins, place, first.start..last.end, message);
                    return self.diags.push(d);
                }
            }
        }
        self.record_pack(at);
    }

    /// `#pragma pack(...)` in cpp_quote (`toks` from `pack` on).
    fn quoted_pack(&mut self, place: Place, text: &str, toks: &[Raw], at: usize) {
        let span = toks[0].start..toks.last().map_or(toks[0].end, |r| r.end);
        if self.quoted_taken(place, span) {
            self.pragma_pack(place, text, toks, at);
        }
    }
}
