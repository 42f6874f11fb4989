//! The C header's view of cpp_quote text: MIDL and widl copy each `cpp_quote` string into the C
//! header, so its `#if`/`#ifdef`/`#else`/`#endif` lines are C conditionals there, around whatever
//! the header declares between them. One reading of them serves both of their users: the pack
//! changes cpp_quote makes (`quoted.rs`) and the definitions C may not see
//! (`rust/c_conditions.rs`).
//!
//! A condition is decided as the target's C compiler decides it: `_WIN32` and `_WIN64` are
//! defined, `__cplusplus` is not (the header read as C), `#if 0` and `#if 1`, each possibly
//! negated with `!`; any other condition is not decided here.

use std::ops::Range;

use super::tokens::{Kind, Raw, lex_range};

/// Whether C's `#ifdef name` is taken for the target, where that is known.
fn defined(name: &str) -> Option<bool> {
    match name {
        "_WIN32" | "_WIN64" => Some(true),
        "__cplusplus" => Some(false),
        _ => None,
    }
}

/// The value of `#if` with the words `words`, where it is decided: `0`, `1`, `[!]defined(name)`
/// or `[!]defined name`.
fn condition(words: &[&str]) -> Option<bool> {
    let (negated, words) = match words.split_first() {
        Some((&"!", rest)) => (true, rest),
        _ => (false, words),
    };
    let value = match words {
        ["0"] => Some(false),
        ["1"] => Some(true),
        ["defined", "(", name, ")"] | ["defined", name] => defined(name),
        _ => None,
    };
    value.map(|v| v != negated)
}

/// An open conditional: whether its group is taken and whether an earlier group of it was
/// (`None`: not decided here), and the directive of the group, as C's header has it.
struct Group {
    taken: Option<bool>,
    earlier: Option<bool>,
    directive: String,
}

/// The C conditionals of cpp_quote text open at a point of the header.
#[derive(Default)]
pub(crate) struct CGroups {
    open: Vec<Group>,
}

impl CGroups {
    /// Acts on one cpp_quote string `text` if it is a conditional directive (`#if`, `#ifdef`,
    /// `#ifndef`, `#elif`, `#else`, `#endif`); whether it was one.
    pub(crate) fn line(&mut self, text: &str) -> bool {
        let toks = lex_range(text.as_bytes(), 0, text.len());
        let words: Vec<&str> = toks.iter().map(|r| text.get(r.start..r.end).unwrap_or("")).collect();
        let ["#", name, rest @ ..] = &words[..] else { return false };
        let directive = || format!("#{}", text.trim_start().trim_start_matches('#').trim());
        match *name {
            "if" | "ifdef" | "ifndef" => {
                let value = match (*name, rest) {
                    ("if", _) => condition(rest),
                    (n, [r]) => defined(r).map(|v| v == (n == "ifdef")),
                    _ => None,
                };
                self.open.push(Group { taken: value, earlier: value, directive: directive() });
            }
            "elif" => {
                if let Some(g) = self.open.last_mut() {
                    let value = condition(rest);
                    g.taken = match g.earlier {
                        Some(true) => Some(false),
                        Some(false) => value,
                        None => value.filter(|v| !v),
                    };
                    if g.earlier == Some(false) {
                        g.earlier = value;
                    }
                    g.directive = directive();
                }
            }
            "else" => {
                if let Some(g) = self.open.last_mut() {
                    g.taken = g.earlier.map(|e| !e);
                    g.directive = format!("#else of {}", g.directive);
                }
            }
            "endif" => {
                self.open.pop();
            }
            _ => return false,
        }
        true
    }

    /// The innermost group taken: C takes a header's include guard (the first time).
    pub(crate) fn take_innermost(&mut self) {
        if let Some(g) = self.open.last_mut() {
            g.taken = Some(true);
            g.earlier = Some(true);
        }
    }

    /// Whether C takes what follows: `Some(false)` in a group C skips, `Some(true)` where every
    /// open group is taken, `None` where that is not decided here.
    pub(crate) fn taken(&self) -> Option<bool> {
        if self.open.iter().any(|g| g.taken == Some(false)) {
            return Some(false);
        }
        self.open.iter().all(|g| g.taken == Some(true)).then_some(true)
    }

    /// The directive of the outermost group C may not take, if one is open.
    pub(crate) fn hiding(&self) -> Option<&str> {
        self.open.iter().find(|g| g.taken != Some(true)).map(|g| g.directive.as_str())
    }
}

/// A `cpp_quote("...")` of a text: where the word `cpp_quote` starts, its string's contents (no
/// escapes undone: directives have none) and where its `)` ends.
pub(crate) struct CppQuote {
    pub(crate) at: usize,
    pub(crate) contents: Range<usize>,
    pub(crate) end: usize,
}

/// Every `cpp_quote("...")` of `text[range]` with one plain string.
pub(crate) fn cpp_quotes(text: &str, range: Range<usize>) -> Vec<CppQuote> {
    let toks = lex_range(text.as_bytes(), range.start, range.end);
    let word = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
    toks.windows(4)
        .filter(|w| word(&w[0]) == "cpp_quote" && word(&w[1]) == "(" && w[2].kind == Kind::Str)
        .filter(|w| word(&w[3]) == ")" && word(&w[2]).starts_with('"') && !w[2].unterminated)
        .map(|w| CppQuote { at: w[0].start, contents: w[2].start + 1..w[2].end - 1, end: w[3].end })
        .collect()
}

#[cfg(test)]
mod tests;
