//! `#pragma` lines. `once` and `pack` act; the others MIDL knows (`midl_echo`, `warning`,
//! `region`, `endregion`) and unknown ones are accepted and have no effect here, as in MSVC.
//! `midl_echo`'s text is only ever written to MIDL's C header, and the model keeps no header text
//! (cpp_quote's neither), so it is dropped.
//!
//! `pack` takes MSVC's forms: `pack(n)`, `pack()`, `pack(push[, ident][, n])`,
//! `pack(pop[, ident][, n])` and `pack(show)`. The value in force after each change is recorded at
//! the output offset of the directive, where the resolver finds it for each struct and union.
//! Like MSVC, a form it cannot use is a warning and changes nothing.

use super::Pp;
use super::tokens::{Kind, Raw};
use crate::diag::Diagnostic;
use crate::source::FileId;

/// The `#pragma pack` state of a run: the value in force (`None`: the target's default) and the
/// values saved by `push`, each with its identifier.
#[derive(Default)]
pub(super) struct Packing {
    current: Option<u8>,
    stack: Vec<(Option<String>, Option<u8>)>,
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
            Some("pack") => self.pragma_pack(file, text, toks),
            _ => {}
        }
    }

    fn pragma_pack(&mut self, file: FileId, text: &str, toks: &[Raw]) {
        let word = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
        let malformed = |r: &Raw| {
            Diagnostic::warning(
                file,
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
                        Some(r) => break self.warn(malformed(r)),
                        None => break self.warn(malformed(&toks[i - 1])),
                    }
                    match toks.get(i + 1) {
                        Some(r) if word(r) == "," => i += 2,
                        Some(r) if word(r) == ")" => break Some(i + 1),
                        Some(r) => break self.warn(malformed(r)),
                        None => break self.warn(malformed(&toks[i])),
                    }
                }
            }
            Some(r) => self.warn(malformed(r)),
            None => self.warn(malformed(&toks[0])),
        };
        let Some(close) = close else { return };
        if let Some(extra) = toks.get(close + 1) {
            return self.diags.push(malformed(extra));
        }
        let value = |r: &Raw| match word(r).parse::<u8>() {
            Ok(n @ (1 | 2 | 4 | 8 | 16)) => Ok(n),
            _ => Err(Diagnostic::warning(
                file,
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
        let pack = &mut self.packing;
        match action {
            "show" => return,
            "set" if ident.is_some() => return self.diags.push(malformed(args[0])),
            "set" => pack.current = n,
            "push" => {
                pack.stack.push((ident, pack.current));
                pack.current = n.or(pack.current);
            }
            _ => {
                let found = match &ident {
                    Some(id) => pack.stack.iter().rposition(|(name, _)| name.as_ref() == Some(id)),
                    None => pack.stack.len().checked_sub(1),
                };
                let Some(at) = found else {
                    let what = ident.map_or("nothing was pushed".to_owned(), |id| format!("`{id}` was never pushed"));
                    let r = args[0];
                    let d = Diagnostic::warning(file, r.start..r.end, format!("`#pragma pack(pop)`: {what}; ignored"));
                    return self.diags.push(d);
                };
                pack.current = pack.stack[at].1;
                pack.stack.truncate(at);
                if n.is_some() {
                    pack.current = n;
                }
            }
        }
        let current = self.packing.current;
        self.out.packs.push((self.out.text.len(), current));
    }

    /// Pushes `d` and gives `None`: the pragma is ignored.
    fn warn(&mut self, d: Diagnostic) -> Option<usize> {
        self.diags.push(d);
        None
    }
}
