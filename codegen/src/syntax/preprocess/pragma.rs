//! `#pragma` lines. `once` and `pack` act; the others MIDL knows (`midl_echo`, `warning`,
//! `region`, `endregion`) and unknown ones are accepted and have no effect here, as in MSVC.
//! `midl_echo`'s text is only ever written to MIDL's C header, and the model keeps no header text
//! (cpp_quote's neither), so it is dropped.
//!
//! `pack` takes MSVC's forms: `pack(n)`, `pack()`, `pack(push[, ident][, n])`,
//! `pack(pop[, ident][, n])` and `pack(show)`. The value in force after each change is recorded at
//! the output offset of the directive, where the resolver finds it for each struct and union.
//! Like MSVC, a form it cannot use is a warning and changes nothing. The same forms written for
//! the C header in `cpp_quote` act too (`quoted.rs`).

use std::ops::Range;

use super::Pp;
use super::tokens::{Kind, Raw};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{FileId, OriginMap};

/// The `#pragma pack` state of a run: the value in force (`None`: the target's default) and the
/// values saved by `push`, each with its identifier.
#[derive(Default)]
pub(super) struct Packing {
    current: Option<u8>,
    stack: Vec<(Option<String>, Option<u8>)>,
}

impl Packing {
    /// `push[, ident][, n]`: the value in force saved, `n` in force if given.
    pub(super) fn push(&mut self, ident: Option<String>, n: Option<u8>) {
        self.stack.push((ident, self.current));
        self.current = n.or(self.current);
    }

    /// `set`, `push` or `pop` (`action`) with `ident` and `n`; what is wrong with a pop.
    fn change(&mut self, action: &str, ident: Option<String>, n: Option<u8>) -> Result<(), String> {
        match action {
            "set" => self.current = n,
            "push" => self.push(ident, n),
            _ => self.pop(ident.as_deref(), n)?,
        }
        Ok(())
    }

    /// `pop[, ident][, n]`: the value saved by the last push (of `ident`) back in force, or `n`;
    /// what is wrong if nothing (named `ident`) was pushed.
    pub(super) fn pop(&mut self, ident: Option<&str>, n: Option<u8>) -> Result<(), String> {
        let found = match ident {
            Some(id) => self.stack.iter().rposition(|(name, _)| name.as_deref() == Some(id)),
            None => self.stack.len().checked_sub(1),
        };
        let Some(at) = found else {
            return Err(ident.map_or("nothing was pushed".to_owned(), |id| format!("`{id}` was never pushed")));
        };
        self.current = self.stack[at].1;
        self.stack.truncate(at);
        if n.is_some() {
            self.current = n;
        }
        Ok(())
    }
}

/// Where the tokens of a pack change are: in a file's text, or in the output (a `cpp_quote`'s
/// string, copied to a text of its own from output offset `base`; `file` the one being read, for
/// text of no known origin).
#[derive(Clone, Copy)]
pub(super) enum Place {
    File(FileId),
    Output { base: usize, file: FileId },
}

/// The forms of `pack`, for the warning about one that is not.
const PACK_FORMS: &str =
    "MSVC's forms are pack(n), pack(), pack(push[, ident][, n]), pack(pop[, ident][, n]), pack(show)";

impl Pp<'_> {
    /// `#pragma` with its tokens after the name (`toks`) in `text`.
    pub(super) fn pragma(&mut self, file: FileId, text: &str, toks: &[Raw]) {
        let word = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
        match toks.first().map(word) {
            Some("once") => {
                self.once.insert(file);
            }
            Some("pack") => {
                // The cpp_quotes before it change the pack first.
                self.scan_quoted(file);
                let at = self.out.text.len();
                self.pragma_pack(Place::File(file), text, toks, at);
            }
            _ => {}
        }
    }

    /// `pack` and its arguments (`toks` in `text`, at `place`), a change from output offset `at`.
    pub(super) fn pragma_pack(&mut self, place: Place, text: &str, toks: &[Raw], at: usize) {
        let word = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
        let origins = &self.out.origins;
        let malformed = |r: &Raw| {
            warning_at(
                origins,
                place,
                r.start..r.end,
                format!("malformed `#pragma pack`; ignored (found `{}`)", word(r)),
            )
            .with_note(PACK_FORMS)
        };
        // `pack` `(` arg (`,` arg)* `)`, nothing after.
        let mut args: Vec<&Raw> = Vec::new();
        let close = match toks.get(1) {
            Some(open) if word(open) == "(" => {
                let mut i = 2;
                loop {
                    match toks.get(i) {
                        Some(r) if word(r) == ")" && args.is_empty() => break Some(i),
                        Some(r) if matches!(r.kind, Kind::Ident | Kind::Number) => args.push(r),
                        Some(r) => break warn(self.diags, malformed(r)),
                        None => break warn(self.diags, malformed(&toks[i - 1])),
                    }
                    match toks.get(i + 1) {
                        Some(r) if word(r) == "," => i += 2,
                        Some(r) if word(r) == ")" => break Some(i + 1),
                        Some(r) => break warn(self.diags, malformed(r)),
                        None => break warn(self.diags, malformed(&toks[i])),
                    }
                }
            }
            Some(r) => warn(self.diags, malformed(r)),
            None => warn(self.diags, malformed(&toks[0])),
        };
        let Some(close) = close else { return };
        if let Some(extra) = toks.get(close + 1) {
            return self.diags.push(malformed(extra));
        }
        let value = |r: &Raw| match word(r).parse::<u8>() {
            Ok(n @ (1 | 2 | 4 | 8 | 16)) => Ok(n),
            _ => Err(warning_at(
                origins,
                place,
                r.start..r.end,
                format!("`#pragma pack` alignment must be 1, 2, 4, 8 or 16, found `{}`; ignored", word(r)),
            )),
        };
        let (action, rest) = match args.split_first() {
            Some((a, rest)) if matches!(word(a), "push" | "pop" | "show") => (word(a), rest),
            _ => ("set", &args[..]),
        };
        // The optional identifier, then the optional value.
        let (ident, n) = match rest {
            [] => (None, None),
            [r] if r.kind == Kind::Number => (None, Some(*r)),
            [id] => (Some(word(id).to_owned()), None),
            [id, r] if id.kind == Kind::Ident && r.kind == Kind::Number => (Some(word(id).to_owned()), Some(*r)),
            [_, r, ..] => return self.diags.push(malformed(r)),
        };
        let n = match n.map(value).transpose() {
            Ok(n) => n,
            Err(d) => return self.diags.push(d),
        };
        if action == "show" {
            return;
        }
        if action == "set" && ident.is_some() {
            return self.diags.push(malformed(args[0]));
        }
        // cpp_quote's text is in widl's header too; the IDL's own `#pragma pack` is not.
        if matches!(place, Place::Output { .. }) {
            // widl's header pops what it can: the IDL's own pushes are not in it.
            let _ = self.widl_packing.change(action, ident.clone(), n);
        }
        if let Err(what) = self.packing.change(action, ident, n) {
            let r = args[0];
            let d = warning_at(origins, place, r.start..r.end, format!("`#pragma pack(pop)`: {what}; ignored"));
            return self.diags.push(d);
        }
        self.record_pack(at);
    }

    /// The packs now in force, in force from output offset `at` on.
    pub(super) fn record_pack(&mut self, at: usize) {
        let pack = super::Pack { midl: self.packing.current, widl_header: self.widl_packing.current };
        self.out.packs.push((at, pack));
    }
}

/// A warning at `span` of the text at `place`.
pub(super) fn warning_at(origins: &OriginMap, place: Place, span: Range<usize>, message: String) -> Diagnostic {
    let (file, span) = match place {
        Place::File(file) => (file, span),
        Place::Output { base, file } => {
            origins.origin_range(base + span.start..base + span.end).unwrap_or((file, 0..0))
        }
    };
    Diagnostic::warning(file, span, message)
}

/// Pushes `d` and gives `None`: the pragma is ignored.
fn warn(diags: &mut Diagnostics, d: Diagnostic) -> Option<usize> {
    diags.push(d);
    None
}
