//! Pack changes written for the C header: `cpp_quote("#include <pshpack4.h>")`,
//! `cpp_quote("#include <poppack.h>")` and `cpp_quote("#pragma pack(...)")`. MIDL and widl copy
//! cpp_quote's text into the C header, where it packs the structs after it, so here it is a pack
//! change at the cpp_quote, made in order with the `#pragma pack` lines: `pshpackN.h` pushes N,
//! `poppack.h` pops, as in the SDK's and Wine's headers.
//!
//! The C conditionals of cpp_quote text are followed where the target decides them
//! (`c_groups.rs`): a pack change in a group C skips changes nothing, and one under a condition
//! not decided here is a warning and changes nothing.

use super::Pp;
use super::c_groups::{CGroups, cpp_quotes};
use super::pragma::{Place, warning_at};
use super::tokens::{Raw, lex_range};
use crate::source::FileId;

/// What is known of the cpp_quote text read so far.
#[derive(Default)]
pub(super) struct Quoted {
    /// Output before this offset has been read.
    scanned: usize,
    /// The C conditionals open.
    groups: CGroups,
}

impl Pp<'_> {
    /// Reads the cpp_quotes of the output not read yet (`file` is the file being read).
    pub(super) fn scan_quoted(&mut self, file: FileId) {
        let (start, end) = (self.quoted.scanned, self.out.text.len());
        self.quoted.scanned = end;
        for quote in cpp_quotes(&self.out.text, start..end) {
            let base = quote.contents.start;
            let content = self.out.text[quote.contents].to_owned();
            self.quoted_line(&content, Place::Output { base, file }, base - 1);
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
        if self.quoted.groups.line(text) {
            return;
        }
        match word(name) {
            "include" => self.quoted_include(text, rest, place, at),
            "pragma" if rest.first().is_some_and(|r| word(r) == "pack") => self.quoted_pack(place, text, rest, at),
            _ => {}
        }
    }

    /// Whether a pack change of cpp_quote text is made: not in a group C skips, and with a warning
    /// (at `span` of the text at `place`) not where that is not decided here.
    fn quoted_taken(&mut self, place: Place, span: std::ops::Range<usize>) -> bool {
        if let Some(taken) = self.quoted.groups.taken() {
            return taken;
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
            Some(n) => {
                self.packing.push(None, Some(n));
                self.widl_packing.push(None, Some(n));
            }
            None => {
                // widl's header pops what it can: the IDL's own pushes are not in it.
                let _ = self.widl_packing.pop(None, None);
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
