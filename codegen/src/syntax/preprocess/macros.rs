//! Macro definitions: the table of defined macros and `#define` lines parsed into its entries.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use super::output::shown;
use super::tokens::{Kind, Raw};

#[derive(Debug)]
pub(super) enum BodyItem {
    Tok(Kind, Rc<str>, bool),
    /// A parameter (index) and whether white space precedes it.
    Param(usize, bool),
    /// `#param`.
    Stringize(usize, bool),
    /// `##`.
    Paste,
}

#[derive(Debug)]
pub(super) struct Macro {
    pub(super) function_like: bool,
    /// Parameters, the variadic one included.
    pub(super) params: usize,
    pub(super) variadic: bool,
    pub(super) body: Rc<[BodyItem]>,
    /// Being rescanned: a use of its name now is not expanded.
    disabled: bool,
}

#[derive(Default)]
pub(super) struct Macros {
    ids: HashMap<String, usize>,
    defs: Vec<Option<Macro>>,
    /// The (first byte, length) of every name ever defined: every identifier of every text line
    /// is looked up, and most are no macro, so they are told apart here without hashing.
    shapes: NameShapes,
}

/// A set of (first byte, length up to 63) pairs, as one bit each.
struct NameShapes(Box<[u64; 256]>);

impl Default for NameShapes {
    fn default() -> Self {
        NameShapes(Box::new([0; 256]))
    }
}

impl NameShapes {
    fn insert(&mut self, name: &str) {
        if let Some(&first) = name.as_bytes().first() {
            self.0[first as usize] |= 1 << name.len().min(63);
        }
    }

    fn may_contain(&self, name: &str) -> bool {
        name.as_bytes().first().is_some_and(|&first| self.0[first as usize] & (1 << name.len().min(63)) != 0)
    }
}

impl Macros {
    pub(super) fn lookup(&self, name: &str) -> Option<usize> {
        if !self.shapes.may_contain(name) {
            return None;
        }
        let &id = self.ids.get(name)?;
        self.defs.get(id)?.as_ref().map(|_| id)
    }

    pub(super) fn get(&self, id: usize) -> Option<&Macro> {
        self.defs.get(id)?.as_ref()
    }

    pub(super) fn set_disabled(&mut self, id: usize, disabled: bool) {
        if let Some(Some(m)) = self.defs.get_mut(id) {
            m.disabled = disabled;
        }
    }

    pub(super) fn is_disabled(&self, id: usize) -> bool {
        self.get(id).is_some_and(|m| m.disabled)
    }

    pub(super) fn define(&mut self, name: String, m: Macro) {
        match self.ids.get(&name) {
            Some(&id) => self.defs[id] = Some(m),
            None => {
                self.shapes.insert(&name);
                self.ids.insert(name, self.defs.len());
                self.defs.push(Some(m));
            }
        }
    }

    pub(super) fn undef(&mut self, name: &str) {
        if let Some(&id) = self.ids.get(name) {
            self.defs[id] = None;
        }
    }
}

/// Parses a macro definition: `toks` are the tokens after `define`. Errors carry a span.
pub(super) fn parse_define(
    text: &str,
    toks: &[Raw],
    define_span: Range<usize>,
) -> Result<(String, Macro), (Range<usize>, String)> {
    let tx = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
    let Some(first) = toks.first() else {
        return Err((define_span, "expected macro name after `#define`".to_owned()));
    };
    if first.kind != Kind::Ident {
        return Err((first.start..first.end, format!("macro names must be identifiers, found `{}`", shown(tx(first)))));
    }
    let name = tx(first);
    if name == "defined" {
        return Err((first.start..first.end, "`defined` cannot be used as a macro name".to_owned()));
    }
    let mut params: Vec<&str> = Vec::new();
    let mut variadic = false;
    let mut i = 1;
    let function_like = toks.get(1).is_some_and(|t| t.start == first.end && tx(t) == "(");
    if function_like {
        i = 2;
        let missing = |r: &Raw| (r.start..r.end, format!("missing `)` in parameter list of macro `{name}`"));
        if toks.get(i).is_some_and(|t| tx(t) == ")") {
            i += 1;
        } else {
            loop {
                let Some(t) = toks.get(i) else {
                    return Err(missing(&toks[i - 1]));
                };
                let s = tx(t);
                if s == "..." {
                    variadic = true;
                    params.push("__VA_ARGS__");
                } else if t.kind == Kind::Ident {
                    if params.contains(&s) {
                        return Err((t.start..t.end, format!("duplicate parameter `{s}` in macro `{name}`")));
                    }
                    params.push(s);
                    if toks.get(i + 1).is_some_and(|t| tx(t) == "...") {
                        variadic = true;
                        i += 1;
                    }
                } else {
                    return Err((
                        t.start..t.end,
                        format!("expected parameter name in macro `{name}`, found `{}`", shown(s)),
                    ));
                }
                i += 1;
                match toks.get(i) {
                    Some(t) if tx(t) == ")" => {
                        i += 1;
                        break;
                    }
                    Some(t) if tx(t) == "," && !variadic => i += 1,
                    Some(t) => {
                        return Err((
                            t.start..t.end,
                            format!(
                                "expected `,` or `)` in parameter list of macro `{name}`, found `{}`",
                                shown(tx(t))
                            ),
                        ));
                    }
                    None => return Err(missing(&toks[i - 1])),
                }
            }
        }
    }
    let body = &toks[i..];
    for t in [body.first(), body.last()].into_iter().flatten() {
        if t.kind == Kind::Punct && tx(t) == "##" {
            return Err((t.start..t.end, "`##` cannot appear at either end of a macro expansion".to_owned()));
        }
    }
    let param = |r: &Raw| if r.kind == Kind::Ident { params.iter().position(|&p| p == tx(r)) } else { None };
    let mut items = Vec::with_capacity(body.len());
    let mut j = 0;
    while j < body.len() {
        let t = &body[j];
        let space = j > 0 && t.space;
        let s = tx(t);
        if function_like && t.kind == Kind::Punct && s == "#" {
            match body.get(j + 1).and_then(param) {
                Some(p) => {
                    items.push(BodyItem::Stringize(p, space));
                    j += 2;
                    continue;
                }
                None => return Err((t.start..t.end, "`#` is not followed by a macro parameter".to_owned())),
            }
        }
        items.push(if t.kind == Kind::Punct && s == "##" {
            BodyItem::Paste
        } else if let Some(p) = param(t) {
            BodyItem::Param(p, space)
        } else {
            BodyItem::Tok(t.kind, Rc::from(s), space)
        });
        j += 1;
    }
    let m = Macro { function_like, params: params.len(), variadic, body: items.into(), disabled: false };
    Ok((name.to_owned(), m))
}
