//! Conditional groups: `#if`, `#ifdef`, `#ifndef`, `#elif`, `#else` and `#endif`, and the value
//! of a condition.

use std::ops::Range;
use std::rc::Rc;

use super::Pp;
use super::expand::{Item, expand};
use super::expr::evaluate;
use super::files::FileState;
use super::output::shown;
use super::tokens::{Kind, Raw, Tok};
use crate::source::FileId;

/// An open `#if` group of the current file.
pub(super) struct Cond {
    /// The `#if` (from `#` to the end of its name), for the "unterminated" error.
    pub(super) span: Range<usize>,
    pub(super) name: String,
    /// The group's surroundings are active.
    parent_active: bool,
    /// A branch has been taken (or the group is inactive): later `#elif`/`#else` are skipped.
    taken: bool,
    /// The current branch is active.
    pub(super) active: bool,
    seen_else: bool,
}

impl Pp<'_> {
    /// Acts on the directive `name`, whose tokens (its name first) are `toks`, if it is a
    /// conditional one; returns whether it is.
    pub(super) fn conditional(
        &mut self,
        st: &mut FileState,
        text: &str,
        name: &str,
        toks: &[Raw],
        name_span: Range<usize>,
    ) -> bool {
        let t = text.as_bytes();
        let file = st.file;
        let active = st.active();
        let line_end = toks.last().map_or(name_span.end, |r| r.end);
        match name {
            "if" | "ifdef" | "ifndef" => {
                let value = if active {
                    self.report_unterminated(file, t, &toks[1..]);
                    if name == "if" {
                        self.eval_if(file, text, &toks[1..], name_span.clone(), line_end, "#if")
                    } else {
                        self.ifdef(file, text, toks, name == "ifndef", name_span.clone())
                    }
                } else {
                    false
                };
                st.conds.push(Cond {
                    span: name_span,
                    name: name.to_owned(),
                    parent_active: active,
                    taken: value,
                    active: value,
                    seen_else: false,
                });
            }
            "elif" => {
                let Some(c) = st.conds.last_mut() else {
                    self.error(file, name_span, "`#elif` without matching `#if`".to_owned());
                    return true;
                };
                if c.seen_else {
                    c.active = false;
                    self.error(file, name_span, "`#elif` after `#else`".to_owned());
                } else if c.parent_active && !c.taken {
                    self.report_unterminated(file, t, &toks[1..]);
                    let v = self.eval_if(file, text, &toks[1..], name_span, line_end, "#elif");
                    c.active = v;
                    c.taken = v;
                } else {
                    c.active = false;
                }
            }
            "else" => match st.conds.last_mut() {
                None => self.error(file, name_span, "`#else` without matching `#if`".to_owned()),
                Some(c) if c.seen_else => {
                    c.active = false;
                    self.error(file, name_span, "`#else` after `#else`".to_owned());
                }
                Some(c) => {
                    c.seen_else = true;
                    c.active = c.parent_active && !c.taken;
                    c.taken = true;
                }
            },
            "endif" => {
                if st.conds.pop().is_none() {
                    self.error(file, name_span, "`#endif` without matching `#if`".to_owned());
                }
            }
            _ => return false,
        }
        true
    }

    /// The value of `#ifdef NAME`, or with `negate` of `#ifndef NAME`; errors count as false.
    fn ifdef(&mut self, file: FileId, text: &str, toks: &[Raw], negate: bool, name_span: Range<usize>) -> bool {
        match toks.get(1) {
            Some(r) if r.kind == Kind::Ident => {
                self.macros.lookup(text.get(r.start..r.end).unwrap_or("")).is_some() != negate
            }
            Some(r) => {
                let found = shown(text.get(r.start..r.end).unwrap_or(""));
                self.error(file, r.start..r.end, format!("macro names must be identifiers, found `{found}`"));
                false
            }
            None => {
                let which = if negate { "#ifndef" } else { "#ifdef" };
                self.error(file, name_span, format!("expected macro name after `{which}`"));
                false
            }
        }
    }

    /// The value of a `#if`/`#elif` expression; errors are reported and count as false.
    fn eval_if(
        &mut self,
        file: FileId,
        text: &str,
        raw: &[Raw],
        name_span: Range<usize>,
        line_end: usize,
        what: &str,
    ) -> bool {
        if raw.is_empty() {
            self.error(file, name_span, format!("`{what}` with no expression"));
            return false;
        }
        // `defined NAME` and `defined(NAME)` first.
        let tx = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
        let mut toks: Vec<Tok> = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let r = &raw[i];
            if r.kind != Kind::Ident || tx(r) != "defined" {
                toks.push(Tok::from_raw(text, r));
                i += 1;
                continue;
            }
            let parens = raw.get(i + 1).is_some_and(|n| tx(n) == "(");
            let at = if parens { i + 2 } else { i + 1 };
            let name = match raw.get(at) {
                Some(n) if n.kind == Kind::Ident => tx(n),
                other => {
                    let span = other.map_or(r.start..r.end, |n| n.start..n.end);
                    self.error(file, span, "expected macro name after `defined`".to_owned());
                    return false;
                }
            };
            let mut last = at;
            if parens {
                match raw.get(at + 1) {
                    Some(n) if tx(n) == ")" => last = at + 1,
                    other => {
                        let span = other.map_or(raw[at].start..raw[at].end, |n| n.start..n.end);
                        self.error(file, span, format!("expected `)` after `defined({name}`"));
                        return false;
                    }
                }
            }
            let value = if self.macros.lookup(name).is_some() { "1" } else { "0" };
            toks.push(Tok {
                kind: Kind::Number,
                text: Rc::from(value),
                space: r.space,
                no_expand: false,
                at: r.start,
                len: raw[last].end - r.start,
            });
            i = last + 1;
        }
        let pending: Vec<Item> = toks.into_iter().rev().map(Item::Tok).collect();
        let Ok(expanded) = expand(&mut self.macros, self.diags, file, &mut self.expansion_left, pending, None) else {
            self.error(file, name_span, "macro expansion too large".to_owned());
            return false;
        };
        match evaluate(&expanded, file, line_end, what) {
            Ok(v) => v != 0,
            Err(d) => {
                self.diags.push(d);
                false
            }
        }
    }
}
