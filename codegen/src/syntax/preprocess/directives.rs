//! Directive lines, told apart by name: conditionals go on to their own module, `#include` to the
//! files', `#pragma` to its own, and `#define`, `#undef` and `#error` are handled here.

use super::files::{FileState, Step};
use super::lines::directive_text;
use super::macros::parse_define;
use super::output::shown;
use super::tokens::{Kind, Raw, lex_range, unterminated_literal};
use super::{IncludeResolver, Pp};
use crate::source::{FileId, SourceMap};

impl Pp<'_> {
    /// A directive whose `#` is at `hash`, ending at `end`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn directive(
        &mut self,
        st: &mut FileState,
        text: &str,
        hash: usize,
        end: usize,
        sources: &mut SourceMap,
        resolver: &mut dyn IncludeResolver,
        depth: usize,
    ) -> Step {
        let t = text.as_bytes();
        let file = st.file;
        let toks = lex_range(t, hash + 1, end);
        let Some(first) = toks.first().copied() else { return Step::Line };
        let name = text.get(first.start..first.end).unwrap_or("");
        let name_span = hash..first.end;
        let active = st.active();
        if first.kind != Kind::Ident {
            // `# 12 "file"` is a line marker; anything else is no directive.
            if active && first.kind != Kind::Number {
                self.error(file, name_span, format!("unknown preprocessor directive `#{}`", shown(name)));
            }
            return Step::Line;
        }
        // Conditionals are followed in skipped groups too; other directives only in active ones.
        if self.conditional(st, text, name, &toks, name_span.clone()) || !active {
            return Step::Line;
        }
        match name {
            "include" => return self.include(file, text, first.end, end, name_span, sources, resolver, depth),
            "define" => {
                self.report_unterminated(file, t, &toks[1..]);
                match parse_define(text, &toks[1..], name_span) {
                    Ok((name, m)) => self.macros.define(name, m),
                    Err((span, msg)) => self.error(file, span, msg),
                }
            }
            "undef" => match toks.get(1) {
                Some(r) if r.kind == Kind::Ident => self.macros.undef(text.get(r.start..r.end).unwrap_or("")),
                Some(r) => self.error(
                    file,
                    r.start..r.end,
                    format!(
                        "macro names must be identifiers, found `{}`",
                        shown(text.get(r.start..r.end).unwrap_or(""))
                    ),
                ),
                None => self.error(file, name_span, "expected macro name after `#undef`".to_owned()),
            },
            "pragma" => self.pragma(file, text, &toks[1..]),
            "error" => {
                let msg = directive_text(t, first.end, end);
                let message = if msg.is_empty() { "#error".to_owned() } else { format!("#error {msg}") };
                self.error(file, name_span, message);
            }
            "warning" | "line" => {}
            _ => self.error(file, name_span, format!("unknown preprocessor directive `#{}`", shown(name))),
        }
        Step::Line
    }

    /// Reports the unterminated literals among `toks`.
    pub(super) fn report_unterminated(&mut self, file: FileId, t: &[u8], toks: &[Raw]) {
        for r in toks.iter().filter(|r| r.unterminated) {
            self.diags.push(unterminated_literal(file, t, r.start, r.end));
        }
    }
}
