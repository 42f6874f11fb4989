//! Where widl's C header hides a definition from C: MIDL and widl copy cpp_quote's text into the
//! header, so `cpp_quote("#ifndef _WAVEFORMATEX_")` ... `cpp_quote("#endif")` around a definition
//! declares it in C only where no system header did (which declares its own type of that name),
//! and `cpp_quote("#if 0")` not at all. A layout table cannot compare such a definition with C's.
//!
//! C's view of a condition is decided for the target and language of the layout probes: `_WIN32`
//! and `_WIN64` are defined, `__cplusplus` is not, `#if 0` and `#if 1`; any other condition is not
//! decided, and hides what it holds, except the file's include guard.

use std::ops::Range;

/// The C conditions of cpp_quote text in one IDL file: at each offset where the hiding condition
/// changes, the condition that hides what follows (`None`: nothing hides it).
pub(crate) struct CConditions {
    changes: Vec<(usize, Option<String>)>,
}

/// An open conditional: whether its group is taken, whether an earlier one was (`None`: not
/// decided), and its directive.
struct Open {
    taken: Option<bool>,
    earlier: Option<bool>,
    text: String,
}

/// Whether `name` is defined for the probes, where that is decided.
fn defined(name: &str) -> Option<bool> {
    match name {
        "_WIN32" | "_WIN64" => Some(true),
        "__cplusplus" => Some(false),
        _ => None,
    }
}

/// The value of `#if` with the expression `e`, where it is decided: `0`, `1`, `[!]defined(name)`.
fn condition(e: &str) -> Option<bool> {
    let e: String = e.chars().filter(|c| !c.is_whitespace()).collect();
    let (negated, e) = e.strip_prefix('!').map_or((false, e.as_str()), |rest| (true, rest));
    let value = match e {
        "0" => Some(false),
        "1" => Some(true),
        _ => e.strip_prefix("defined").map(|n| n.trim_start_matches('(').trim_end_matches(')')).and_then(defined),
    };
    value.map(|v| v != negated)
}

impl CConditions {
    /// The conditions of `text`, an IDL file's source.
    pub(crate) fn of(text: &str) -> CConditions {
        let mut open: Vec<Open> = Vec::new();
        let mut changes = Vec::new();
        let quoted: Vec<(usize, &str)> = quotes(text).collect();
        let guard = include_guard(text, &quoted);
        for (k, &(at, quoted)) in quoted.iter().enumerate() {
            let Some(line) = quoted.trim_start().strip_prefix('#') else { continue };
            let line = line.trim();
            let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let rest = rest.trim();
            match name {
                "if" | "ifdef" | "ifndef" => {
                    let value = match name {
                        "if" => condition(rest),
                        "ifdef" => defined(rest),
                        _ => defined(rest).map(|v| !v),
                    };
                    open.push(Open { taken: value, earlier: value, text: format!("#{line}") });
                }
                "elif" => {
                    let Some(o) = open.last_mut() else { continue };
                    let value = condition(rest);
                    o.taken = match o.earlier {
                        Some(true) => Some(false),
                        Some(false) => value,
                        None => value.filter(|v| !v),
                    };
                    if o.earlier == Some(false) {
                        o.earlier = value;
                    }
                    o.text = format!("#{line}");
                }
                "else" => {
                    let Some(o) = open.last_mut() else { continue };
                    o.taken = o.earlier.map(|e| !e);
                    o.text = format!("#else of {}", o.text);
                }
                "endif" => {
                    open.pop();
                }
                // The header's include guard: C takes it (the first time).
                "define" if guard == Some(k) => {
                    if let Some(o) = open.last_mut() {
                        o.taken = Some(true);
                        o.earlier = Some(true);
                    }
                }
                _ => continue,
            }
            let hiding = open.iter().find(|o| o.taken != Some(true)).map(|o| o.text.clone());
            changes.push((at, hiding));
        }
        CConditions { changes }
    }

    /// The condition that hides `span` of the file from C, if one does.
    pub(crate) fn hiding(&self, span: &Range<usize>) -> Option<&str> {
        let i = self.changes.partition_point(|(at, _)| *at <= span.start);
        i.checked_sub(1).and_then(|i| self.changes[i].1.as_deref())
    }
}

/// The index in `quoted` (the cpp_quotes of `text`) of the `#define X` of the file's include
/// guard: `#ifndef X` and `#define X` first, and the `#endif` closing them last, with nothing
/// after it. A guard of one definition (`#ifndef _FILETIME_`) is not one: a system header may
/// have defined it, with its own type.
fn include_guard(text: &str, quoted: &[(usize, &str)]) -> Option<usize> {
    let directive = |q: &str| q.trim_start().strip_prefix('#').map(str::trim).unwrap_or_default().to_string();
    let (first, second) = (directive(quoted.first()?.1), directive(quoted.get(1)?.1));
    let name = first.strip_prefix("ifndef")?.trim();
    if second.strip_prefix("define").map(str::trim) != Some(name) {
        return None;
    }
    let (last, _) = quoted.last()?;
    let after = text[*last..].find(')').map_or("", |close| &text[last + close + 1..]);
    // The conditional opened first closes with the last cpp_quote.
    let mut depth = 0usize;
    for (k, (_, q)) in quoted.iter().enumerate() {
        let d = directive(q);
        if ["if", "ifdef", "ifndef"].iter().any(|w| d.split_whitespace().next() == Some(*w)) {
            depth += 1;
        } else if d.split_whitespace().next() == Some("endif") {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return (k + 1 == quoted.len() && after.trim().is_empty()).then_some(1);
            }
        }
    }
    None
}

/// The offset and the string of each `cpp_quote("...")` of `text` (one string, no escapes
/// undone: directives have none).
fn quotes(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.match_indices("cpp_quote").filter_map(move |(at, word)| {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let rest = text[at + word.len()..].trim_start().strip_prefix('(')?.trim_start().strip_prefix('"')?;
        let end = rest.find('"')?;
        Some((at, &rest[..end]))
    })
}

#[cfg(test)]
mod tests;
