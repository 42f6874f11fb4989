//! Macro expansion: a use's arguments collected, substituted and rescanned, within the run's
//! limits.

use std::rc::Rc;

use super::macros::{BodyItem, Macros};
use super::spell::{glue, stringize};
use super::tokens::{Kind, Source, Tok};
use super::{MAX_EXPANSION_DEPTH, MAX_USE_EXPANSION};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::FileId;

/// Pending tokens of a rescan: tokens, and markers where a macro's expansion ends.
pub(super) enum Item {
    Tok(Tok),
    End(usize),
}

/// Expansion stopped: too much output or too deep.
pub(super) struct TooLarge;

/// Expands `pending` (a stack: next token last) for one top-level macro use or one `#if` line.
/// With `src`, a function-like macro call may take its arguments from the file after `pending`.
/// What it produces is charged to `budget`, what the whole run may still produce.
pub(super) fn expand(
    macros: &mut Macros,
    diags: &mut Diagnostics,
    file: FileId,
    budget: &mut usize,
    mut pending: Vec<Item>,
    src: Option<&mut Source<'_>>,
) -> Result<Vec<Tok>, TooLarge> {
    let limit = MAX_USE_EXPANSION.min(*budget);
    let mut exp = Expander { macros, diags, file, used: 0, limit, depth: 0, active: Vec::new() };
    let mut out = Vec::new();
    let result = exp.expand_list(&mut pending, src, &mut out);
    exp.finish();
    *budget = budget.saturating_sub(exp.used);
    result.map(|()| out)
}

/// Expands macros for one top-level use (or one `#if` line).
struct Expander<'a> {
    macros: &'a mut Macros,
    diags: &'a mut Diagnostics,
    file: FileId,
    used: usize,
    limit: usize,
    depth: usize,
    /// Macros being rescanned, innermost last.
    active: Vec<usize>,
}

impl Expander<'_> {
    /// Re-enables every macro still marked active (after an abort or at the end).
    fn finish(&mut self) {
        for id in std::mem::take(&mut self.active) {
            self.macros.set_disabled(id, false);
        }
    }

    fn leave(&mut self, id: usize) {
        self.macros.set_disabled(id, false);
        if let Some(i) = self.active.iter().rposition(|&a| a == id) {
            self.active.remove(i);
        }
    }

    fn charge(&mut self, toks: &[Tok]) -> Result<(), TooLarge> {
        self.used = self.used.saturating_add(toks.iter().map(|t| t.text.len() + 1).sum());
        if self.used > self.limit { Err(TooLarge) } else { Ok(()) }
    }

    fn next_token(&mut self, pending: &mut Vec<Item>, src: Option<&mut Source<'_>>) -> Option<Tok> {
        loop {
            match pending.pop() {
                Some(Item::End(id)) => self.leave(id),
                Some(Item::Tok(t)) => return Some(t),
                None => break,
            }
        }
        src?.next(Some(&mut *self.diags))
    }

    fn peek_lparen(&mut self, pending: &mut Vec<Item>, src: Option<&mut Source<'_>>) -> bool {
        loop {
            match pending.last() {
                Some(Item::End(id)) => {
                    let id = *id;
                    pending.pop();
                    self.leave(id);
                }
                Some(Item::Tok(t)) => return t.is("("),
                None => break,
            }
        }
        src.is_some_and(|s| s.peek_lparen())
    }

    /// Expands `pending` (a stack: next token last) into `out`. With `src`, function-like macro
    /// calls may take their arguments from the file after `pending` runs out.
    fn expand_list(
        &mut self,
        pending: &mut Vec<Item>,
        mut src: Option<&mut Source<'_>>,
        out: &mut Vec<Tok>,
    ) -> Result<(), TooLarge> {
        while let Some(item) = pending.pop() {
            let mut tok = match item {
                Item::End(id) => {
                    self.leave(id);
                    continue;
                }
                Item::Tok(tok) => tok,
            };
            if tok.kind == Kind::Ident && !tok.no_expand {
                if let Some(id) = self.macros.lookup(&tok.text) {
                    if self.macros.is_disabled(id) {
                        tok.no_expand = true;
                    } else if self.try_expand(id, &tok, pending, src.as_deref_mut())? {
                        continue;
                    }
                }
            }
            out.push(tok);
        }
        Ok(())
    }

    /// Expands a use of macro `id` named by `name`, pushing the result onto `pending`. Returns
    /// false when it is not a use (a function-like macro without arguments).
    fn try_expand(
        &mut self,
        id: usize,
        name: &Tok,
        pending: &mut Vec<Item>,
        mut src: Option<&mut Source<'_>>,
    ) -> Result<bool, TooLarge> {
        let Some(m) = self.macros.get(id) else { return Ok(false) };
        let (function_like, params, variadic) = (m.function_like, m.params, m.variadic);
        let mut args = Vec::new();
        if function_like {
            if !self.peek_lparen(pending, src.as_deref_mut()) {
                return Ok(false);
            }
            self.next_token(pending, src.as_deref_mut());
            let split = if variadic { params.max(1) } else { usize::MAX };
            let Some(collected) = self.collect_args(split, pending, src) else {
                self.diags.push(Diagnostic::new(
                    self.file,
                    name.span(),
                    format!("unterminated argument list invoking macro `{}`", name.text),
                ));
                return Ok(true);
            };
            args = collected;
            if variadic && args.len() + 1 == params {
                args.push(Vec::new());
            }
            if params == 0 && args.len() == 1 && args[0].is_empty() {
                args.clear();
            }
            if args.len() != params {
                let given = if args.len() == 1 && args[0].is_empty() { 0 } else { args.len() };
                self.diags.push(Diagnostic::new(
                    self.file,
                    name.span(),
                    format!("wrong number of arguments to macro `{}`: expected {params}, found {given}", name.text),
                ));
                return Ok(true);
            }
        }
        let result = self.substitute(id, name, &args)?;
        if self.active.len() >= MAX_EXPANSION_DEPTH {
            return Err(TooLarge);
        }
        self.macros.set_disabled(id, true);
        self.active.push(id);
        pending.push(Item::End(id));
        pending.extend(result.into_iter().rev().map(Item::Tok));
        Ok(true)
    }

    /// Reads arguments up to the `)` matching the `(` just read; commas split them until there
    /// are `split` of them. `None` if the input ends first.
    fn collect_args(
        &mut self,
        split: usize,
        pending: &mut Vec<Item>,
        mut src: Option<&mut Source<'_>>,
    ) -> Option<Vec<Vec<Tok>>> {
        let mut args: Vec<Vec<Tok>> = vec![Vec::new()];
        let mut depth = 0usize;
        loop {
            let mut t = self.next_token(pending, src.as_deref_mut())?;
            if t.kind == Kind::Punct {
                match &*t.text {
                    "(" => depth += 1,
                    ")" if depth == 0 => return Some(args),
                    ")" => depth -= 1,
                    "," if depth == 0 && args.len() < split => {
                        args.push(Vec::new());
                        continue;
                    }
                    _ => {}
                }
            } else if t.kind == Kind::Ident && !t.no_expand {
                if let Some(id) = self.macros.lookup(&t.text) {
                    t.no_expand = self.macros.is_disabled(id);
                }
            }
            if let Some(last) = args.last_mut() {
                last.push(t);
            }
        }
    }

    /// The body of macro `id` with `args` substituted, `#` and `##` applied.
    fn substitute(&mut self, id: usize, name: &Tok, args: &[Vec<Tok>]) -> Result<Vec<Tok>, TooLarge> {
        let Some(m) = self.macros.get(id) else { return Ok(Vec::new()) };
        let (body, params, variadic) = (m.body.clone(), m.params, m.variadic);
        let make = |kind: Kind, text: Rc<str>, space: bool| Tok {
            kind,
            text,
            space,
            no_expand: false,
            at: name.at,
            len: name.len,
        };
        let mut expanded: Vec<Option<Vec<Tok>>> = vec![None; args.len()];
        let mut out: Vec<Tok> = Vec::new();
        let mut paste = false;
        for (i, item) in body.iter().enumerate() {
            let before_paste = matches!(body.get(i + 1), Some(BodyItem::Paste));
            let mut piece = match item {
                BodyItem::Paste => {
                    paste = true;
                    continue;
                }
                BodyItem::Tok(kind, text, space) => vec![make(*kind, text.clone(), *space)],
                BodyItem::Stringize(p, space) => {
                    let arg = args.get(*p).map(Vec::as_slice).unwrap_or(&[]);
                    vec![make(Kind::Str, stringize(arg), *space)]
                }
                BodyItem::Param(p, space) => {
                    let raw = args.get(*p).map(Vec::as_slice).unwrap_or(&[]);
                    let mut piece = if paste || before_paste {
                        let is_va = variadic && *p + 1 == params;
                        if paste && is_va && out.last().is_some_and(|t| t.is(",")) {
                            // GNU `, ## __VA_ARGS__`: the comma goes when the arguments are absent.
                            paste = false;
                            if raw.is_empty() {
                                out.pop();
                                continue;
                            }
                        }
                        if raw.is_empty() { vec![make(Kind::Placemarker, Rc::from(""), false)] } else { raw.to_vec() }
                    } else {
                        if expanded.get(*p).is_some_and(Option::is_none) {
                            let e = self.expand_arg(raw)?;
                            expanded[*p] = Some(e);
                        }
                        expanded.get(*p).cloned().flatten().unwrap_or_default()
                    };
                    if let Some(first) = piece.first_mut() {
                        first.space = *space;
                    }
                    piece
                }
            };
            self.charge(&piece)?;
            if paste {
                paste = false;
                if let Some(lhs) = out.pop() {
                    let mut rest = std::mem::take(&mut piece).into_iter();
                    match rest.next() {
                        Some(rhs) => out.extend(glue(lhs, rhs)),
                        None => out.push(lhs),
                    }
                    out.extend(rest);
                    continue;
                }
            }
            out.append(&mut piece);
        }
        out.retain(|t| t.kind != Kind::Placemarker);
        if let Some(first) = out.first_mut() {
            first.space = name.space;
        }
        Ok(out)
    }

    /// Fully expands one argument on its own.
    fn expand_arg(&mut self, raw: &[Tok]) -> Result<Vec<Tok>, TooLarge> {
        if self.depth >= MAX_EXPANSION_DEPTH {
            return Err(TooLarge);
        }
        self.depth += 1;
        let mut pending: Vec<Item> = raw.iter().rev().cloned().map(Item::Tok).collect();
        let mut out = Vec::with_capacity(raw.len());
        self.expand_list(&mut pending, None, &mut out)?;
        self.depth -= 1;
        Ok(out)
    }
}
