//! Where widl's C header hides a definition from C: MIDL and widl copy cpp_quote's text into the
//! header, so `cpp_quote("#ifndef _WAVEFORMATEX_")` ... `cpp_quote("#endif")` around a definition
//! declares it in C only where no system header did (which declares its own type of that name),
//! and `cpp_quote("#if 0")` not at all. A layout table cannot compare such a definition with C's.
//!
//! C's view of a condition is the preprocessor's (`syntax/preprocess/c_groups.rs`): any
//! condition not decided there hides what it holds, except the file's include guard.

use std::ops::Range;

use crate::syntax::preprocess::{CGroups, CppQuote, cpp_quotes};

/// The C conditions of cpp_quote text in one IDL file: at each offset where the hiding condition
/// changes, the condition that hides what follows (`None`: nothing hides it).
pub(crate) struct CConditions {
    changes: Vec<(usize, Option<Hidden>)>,
}

/// Why C may not see a definition of the IDL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hidden {
    /// The directive of the outermost group C may not take.
    pub(crate) directive: String,
    /// C never takes it (`#if 0`): a definition there is for the IDL only, and C has its own
    /// type of that name, or none.
    pub(crate) never: bool,
}

impl CConditions {
    /// The conditions of `text`, an IDL file's source.
    pub(crate) fn of(text: &str) -> CConditions {
        let mut groups = CGroups::default();
        let mut changes = Vec::new();
        let quoted = cpp_quotes(text, 0..text.len());
        let guard = include_guard(text, &quoted);
        for (k, quote) in quoted.iter().enumerate() {
            if guard == Some(k) {
                groups.take_innermost();
            } else if !groups.line(&text[quote.contents.clone()]) {
                continue;
            }
            let never = groups.taken() == Some(false);
            changes.push((quote.at, groups.hiding().map(|d| Hidden { directive: d.to_string(), never })));
        }
        CConditions { changes }
    }

    /// The condition that hides `span` of the file from C, if one does.
    pub(crate) fn hiding(&self, span: &Range<usize>) -> Option<&Hidden> {
        let i = self.changes.partition_point(|(at, _)| *at <= span.start);
        i.checked_sub(1).and_then(|i| self.changes[i].1.as_ref())
    }
}

/// The index in `quoted` (the cpp_quotes of `text`) of the `#define X` of the file's include
/// guard: `#ifndef X` and `#define X` first, and the `#endif` closing them last, with nothing
/// after it. A guard of one definition (`#ifndef _FILETIME_`) is not one: a system header may
/// have defined it, with its own type.
fn include_guard(text: &str, quoted: &[CppQuote]) -> Option<usize> {
    let words = |q: &CppQuote| -> Vec<String> {
        let line = text[q.contents.clone()].trim_start().strip_prefix('#').unwrap_or_default();
        line.split_whitespace().map(str::to_string).collect()
    };
    let (first, second) = (words(quoted.first()?), words(quoted.get(1)?));
    let [ifndef, name] = &first[..] else { return None };
    if ifndef != "ifndef" || second.first().map(String::as_str) != Some("define") || second.get(1) != Some(name) {
        return None;
    }
    let last = quoted.last()?;
    if !text[last.end..].trim().is_empty() {
        return None;
    }
    // The conditional opened first closes with the last cpp_quote.
    let mut depth = 0usize;
    for (k, q) in quoted.iter().enumerate() {
        match words(q).first().map(String::as_str) {
            Some("if" | "ifdef" | "ifndef") => depth += 1,
            Some("endif") => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (k + 1 == quoted.len()).then_some(1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests;
