//! Active lines of text: copied to the output, with each macro use replaced by its expansion.

use std::rc::Rc;

use super::super::lex::{is_newline, newline_len, skip_blanks};
use super::Pp;
use super::expand::{Item, TooLarge, expand};
use super::files::FileState;
use super::spell::spell;
use super::tokens::{Kind, Source, Tok, lex_at, unterminated_literal};
use crate::diag::Diagnostic;
use crate::source::FileId;

impl Pp<'_> {
    /// An active line of text from `start`: copies it, expanding macros. Returns the start of the
    /// next line (a macro call may extend the line over several).
    pub(super) fn text_line(&mut self, st: &mut FileState, text: &str, ml: &[(usize, usize)], start: usize) -> usize {
        let t = text.as_bytes();
        let len = t.len();
        let file = st.file;
        let mut p = start;
        loop {
            p = skip_blanks(t, p, len);
            if p >= len {
                return len;
            }
            let nl = newline_len(t, p);
            if nl > 0 {
                return p + nl;
            }
            let (kind, end, unterminated) = lex_at(t, p, len);
            if unterminated {
                self.diags.push(unterminated_literal(file, t, p, end));
            }
            if kind == Kind::Ident {
                if let Some(id) = text.get(p..end).and_then(|name| self.macros.lookup(name)) {
                    let function_like = self.macros.get(id).is_some_and(|m| m.function_like);
                    if !function_like || (Source { text, ml, file, pos: end }).peek_lparen() {
                        self.out.copy(file, text, st.copy_pos..p);
                        let e = self.expand_use(file, text, ml, p, end);
                        st.copy_pos = e;
                        p = e;
                        continue;
                    }
                }
            }
            p = end.max(p + 1);
        }
    }

    /// Expands the macro use whose name is at `start..end` and writes the expansion. Returns
    /// where the use ends.
    fn expand_use(&mut self, file: FileId, text: &str, ml: &[(usize, usize)], start: usize, end: usize) -> usize {
        let name = Tok {
            kind: Kind::Ident,
            text: Rc::from(text.get(start..end).unwrap_or("")),
            space: false,
            no_expand: false,
            at: start,
            len: end - start,
        };
        let mut src = Source { text, ml, file, pos: end };
        let pending = vec![Item::Tok(name)];
        let expanded = expand(&mut self.macros, self.diags, file, &mut self.expansion_left, pending, Some(&mut src));
        let toks = expanded.unwrap_or_else(|TooLarge| {
            self.diags.push(Diagnostic::new(file, start..end, "macro expansion too large"));
            Vec::new()
        });
        let stop = src.pos.max(end);
        let mut s = spell(&toks, self.out.text.as_bytes().last().copied(), text.as_bytes().get(stop).copied());
        // A call spanning lines keeps its line breaks, after the expansion: those an argument's
        // string did not bring into it.
        let call = &text.as_bytes()[start..stop];
        if call.iter().any(|&b| is_newline(b)) {
            let have = s.bytes().filter(|&b| is_newline(b)).count();
            s.extend(call.iter().filter(|&&b| is_newline(b)).skip(have).map(|&b| b as char));
        }
        self.out.generated(file, start, stop - start, &s);
        stop
    }
}
