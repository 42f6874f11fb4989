//! A file's top-level items found without the grammar: where each starts and ends, which names it
//! may declare and which names it mentions. The loader parses an imported file's items only when
//! the file being checked reaches them, which is most of the time saved on a file that imports
//! the OLE headers and uses a few of their types.

use std::ops::Range;

use super::super::lex;
use super::scan::not_code;

/// One top-level item of a preprocessed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Its text, from its attributes to its closing `;` or `}`.
    pub span: Range<usize>,
    /// Parsed with the file: imports (the loader follows them at once) and items whose declared
    /// names cannot be told without the grammar.
    pub eager: bool,
    /// Names it may declare: a superset, so that a name used anywhere finds every item that could
    /// define it.
    pub declares: Vec<Range<usize>>,
    /// Every identifier in it: what it needs once reached.
    pub mentions: Vec<Range<usize>>,
    /// An interface (not a forward declaration or a member): its name is found ignoring case too,
    /// as MIDL resolves a type name that differs only in case from an interface's.
    pub interface: bool,
    /// Parts of its span that are pieces of their own, left out when it is parsed (an interface's
    /// members that declare names at file scope).
    pub holes: Vec<Range<usize>>,
}

/// Items that hold other items, or whose members declare names at file scope; the word after the
/// keyword names the item.
const BODIED: &[&str] = &["interface", "dispinterface", "coclass", "runtimeclass", "apicontract", "library", "module"];
/// Items always parsed with the file. (`cpp_quote` and `midl_pragma` declare nothing, so they are
/// parsed only in a file read whole.)
const EAGER: &[&str] = &["import", "importlib", "namespace", "declare", "module"];
/// Items that end at the parenthesis closing their argument list (a `;` after it is optional).
const CALL_LIKE: &[&str] = &["importlib", "cpp_quote", "declare_guid", "midl_pragma"];
/// Member declarations of an interface body that declare names at file scope, as MIDL puts them.
const SCOPED: &[&str] = &["typedef", "struct", "union", "enum", "const"];
/// Words that are never declared names, left out of what an item declares (every file mentions them).
const KEYWORDS: &[&str] = &[
    "typedef",
    "struct",
    "union",
    "enum",
    "const",
    "volatile",
    "signed",
    "unsigned",
    "long",
    "short",
    "int",
    "char",
    "void",
    "float",
    "double",
    "hyper",
    "boolean",
    "byte",
    "small",
    "wchar_t",
    "bool",
    "__int8",
    "__int16",
    "__int32",
    "__int64",
    "__int3264",
    "extern",
    "static",
    "interface",
    "switch",
    "case",
    "default",
    "__stdcall",
    "__cdecl",
    "sizeof",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Ident,
    Punct(u8),
    /// A number or literal: neither names nor brackets.
    Other,
}

/// Every identifier of `text`.
pub fn mentions(text: &str) -> impl Iterator<Item = Range<usize>> {
    tokens(text, usize::MAX).unwrap_or_default().into_iter().filter(|(k, _)| *k == Tok::Ident).map(|(_, r)| r)
}

/// `text`'s top-level items in order, or `None` when its shape is not plain enough to split
/// (brackets unbalanced or nested deeper than `max_depth`, an item that never ends): the caller
/// parses such a text whole, which reports the problem as it always did.
pub fn split(text: &str, max_depth: usize) -> Option<Vec<Piece>> {
    let toks = tokens(text, max_depth)?;
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        i = item(text, &toks, i, &mut pieces)?;
    }
    Some(pieces)
}

type Toks = [(Tok, Range<usize>)];

/// Pushes the item starting at token `start` (an interface: its own piece, then one per member
/// that declares names at file scope); returns the index of the token after it.
fn item(text: &str, toks: &Toks, start: usize, out: &mut Vec<Piece>) -> Option<usize> {
    let word = |i: usize| match toks.get(i) {
        Some((Tok::Ident, r)) => Some(&text[r.clone()]),
        _ => None,
    };
    let mut i = start;
    while matches!(toks.get(i), Some((Tok::Punct(b'['), _))) {
        i = close(toks, i)? + 1;
    }
    let head = word(i);
    let end = match head {
        _ if matches!(toks.get(i), Some((Tok::Punct(b';'), _))) => i + 1,
        Some(w) if CALL_LIKE.contains(&w) => {
            let open = i + 1;
            matches!(toks.get(open), Some((Tok::Punct(b'('), _))).then_some(())?;
            semicolon_after(toks, close(toks, open)? + 1)
        }
        Some(w) if BODIED.contains(&w) || (EAGER.contains(&w) && w != "import") => body_end(toks, i)?,
        // Everything else (typedefs, tagged types, constants, functions, imports) ends at a `;`
        // outside brackets.
        _ => statement_end(toks, i)?,
    };
    let library = head == Some("library");
    // A library's items are pieces of their own, which say for themselves whether they are eager.
    let eager =
        head.is_none_or(|w| EAGER.contains(&w)) || (!library && (start..end).any(|t| word(t) == Some("import")));
    let span = |from: usize, to: usize| toks[from].1.start..toks[to - 1].1.end;
    // Parts of the item that are pieces of their own (an interface's members that declare names at
    // file scope, everything in a library), and their tokens.
    let mut inner = Vec::new();
    let mut cut: Vec<Range<usize>> = Vec::new();
    if !eager && head == Some("interface") {
        for m in scoped_members(text, toks, i, end) {
            inner.push(Piece {
                span: span(m.start, m.end),
                eager: false,
                declares: names(text, statement_or_enum_declares(text, &toks[m.clone()])),
                mentions: idents(toks, m.clone()),
                interface: false,
                holes: Vec::new(),
            });
            cut.push(m);
        }
    } else if let (true, Some(open)) = (library, (i..end).find(|&t| toks[t].0 == Tok::Punct(b'{'))) {
        let close = close(toks, open)?;
        let mut t = open + 1;
        while t < close {
            t = item(text, &toks[..close], t, &mut inner)?;
        }
        if open + 1 < close {
            cut.push(open + 1..close);
        }
    }
    // The tokens between the cuts, which are in order.
    let mut own = Vec::with_capacity(cut.len() + 1);
    let mut from = start;
    for c in &cut {
        own.push(from..c.start);
        from = c.end;
    }
    own.push(from..end);
    let mentions = idents(toks, own.into_iter().flatten());
    let declares = match head {
        _ if eager => Vec::new(),
        // The name after the keyword; what the item holds that declares names is in pieces of its own.
        Some(w) if BODIED.contains(&w) => idents(toks, i + 1..i + 2),
        // `declare_guid(NAME, guid)`.
        Some("declare_guid") => idents(toks, i + 2..i + 3),
        Some(w) if CALL_LIKE.contains(&w) => Vec::new(),
        _ => statement_or_enum_declares(text, &toks[i..end]),
    };
    let holes = cut.iter().map(|c| span(c.start, c.end)).collect();
    let interface = !eager && head == Some("interface");
    out.push(Piece { span: span(start, end), eager, declares: names(text, declares), mentions, interface, holes });
    out.append(&mut inner);
    Some(end)
}

/// The identifiers among tokens `at`.
fn idents(toks: &Toks, at: impl IntoIterator<Item = usize>) -> Vec<Range<usize>> {
    at.into_iter().filter_map(|t| toks.get(t)).filter(|(k, _)| *k == Tok::Ident).map(|(_, r)| r.clone()).collect()
}

/// `found` without the words that are never declared names.
fn names(text: &str, found: Vec<Range<usize>>) -> Vec<Range<usize>> {
    found.into_iter().filter(|r| !KEYWORDS.contains(&&text[r.clone()])).collect()
}

/// The token ranges of the members of the interface at `keyword` (ending before `end`) that
/// declare names at file scope, as MIDL declares an interface body's typedefs, tagged types and
/// constants: a member does when a word of its own level says so (`const` in a parameter list
/// does not). A `cpp_quote` before a member, which ends without a `;`, stays with the interface.
fn scoped_members(text: &str, toks: &Toks, keyword: usize, end: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let Some(open) = (keyword..end).find(|&t| toks[t].0 == Tok::Punct(b'{')) else { return out };
    let Some(close) = close(toks, open) else { return out };
    let mut member = open + 1;
    let mut scoped = false;
    let mut depth = 0usize;
    let mut quote = false;
    for (t, tok) in toks.iter().enumerate().take(close).skip(open + 1) {
        match *tok {
            (Tok::Punct(b'{' | b'(' | b'['), _) => depth += 1,
            (Tok::Punct(b'}' | b')' | b']'), _) if depth > 0 => {
                depth -= 1;
                if depth == 0 && std::mem::take(&mut quote) {
                    member = t + 1;
                }
            }
            (Tok::Ident, ref r) if depth == 0 => {
                let w = &text[r.clone()];
                quote |= t == member && w == "cpp_quote";
                scoped |= SCOPED.contains(&w);
            }
            (Tok::Punct(b';'), _) if depth == 0 => {
                if std::mem::take(&mut scoped) {
                    out.push(member..t + 1);
                }
                member = t + 1;
            }
            _ => {}
        }
    }
    out
}

fn statement_or_enum_declares(text: &str, toks: &Toks) -> Vec<Range<usize>> {
    let idents = toks.iter().filter(|(k, _)| *k == Tok::Ident).map(|(_, r)| r.clone());
    // An enum's enumerators are names too, wherever the enum sits in the statement.
    if idents.clone().any(|r| &text[r] == "enum") { idents.collect() } else { statement_declares(text, toks) }
}

/// The names a statement declares: the last name of each declarator (before an initializer),
/// the name of a function pointer written `(*name)`, and the tags of the tagged types it defines.
fn statement_declares(text: &str, toks: &Toks) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut last = None;
    let mut initializer = false;
    let mut after_tag_keyword = false;
    let mut depth = 0usize;
    let mut group: Vec<Range<usize>> = Vec::new();
    let mut group_starred = false;
    let mut first_group_done = false;
    for (kind, r) in toks {
        match kind {
            Tok::Punct(b'(') if depth == 0 && !first_group_done => {
                depth += 1;
                group.clear();
                group_starred = false;
            }
            Tok::Punct(b'{' | b'(' | b'[') => depth += 1,
            Tok::Punct(b')') if depth == 1 && !first_group_done => {
                depth -= 1;
                first_group_done = true;
                if group_starred {
                    out.append(&mut group);
                    // What came before `(*name)` was its return type.
                    last = None;
                }
            }
            Tok::Punct(b'}' | b')' | b']') => depth = depth.saturating_sub(1),
            Tok::Punct(b'*') if depth == 1 && !first_group_done => group_starred = true,
            Tok::Ident if depth == 1 && !first_group_done => group.push(r.clone()),
            Tok::Punct(b',' | b';') if depth == 0 => {
                out.extend(last.take());
                initializer = false;
            }
            Tok::Punct(b'=') if depth == 0 => {
                out.extend(last.take());
                initializer = true;
            }
            Tok::Ident if depth == 0 && !initializer => {
                let word = &text[r.clone()];
                if after_tag_keyword {
                    out.push(r.clone());
                }
                after_tag_keyword = matches!(word, "struct" | "union" | "enum" | "interface");
                if !KEYWORDS.contains(&word) {
                    last = Some(r.clone());
                }
            }
            _ => {}
        }
    }
    out.extend(last);
    out
}

/// The token after an item with a body: its `{ ... }` and an optional `;`, or a `;` first (a
/// forward declaration).
fn body_end(toks: &Toks, from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        match toks.get(i)?.0 {
            Tok::Punct(b';') => return Some(i + 1),
            Tok::Punct(b'{') => return Some(semicolon_after(toks, close(toks, i)? + 1)),
            Tok::Punct(b'(' | b'[') => i = close(toks, i)? + 1,
            Tok::Punct(b'}' | b')' | b']') => return None,
            _ => i += 1,
        }
    }
}

/// The token after the `;` that ends a statement, brackets skipped whole.
fn statement_end(toks: &Toks, from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        match toks.get(i)?.0 {
            Tok::Punct(b';') => return Some(i + 1),
            Tok::Punct(b'{' | b'(' | b'[') => i = close(toks, i)? + 1,
            Tok::Punct(b'}' | b')' | b']') => return None,
            _ => i += 1,
        }
    }
}

fn semicolon_after(toks: &Toks, i: usize) -> usize {
    if matches!(toks.get(i), Some((Tok::Punct(b';'), _))) { i + 1 } else { i }
}

/// The index of the bracket closing the one at `open`; `None` if it is not closed, or closed by
/// the wrong kind.
fn close(toks: &Toks, open: usize) -> Option<usize> {
    let mut stack = Vec::new();
    for (i, (kind, _)) in toks.iter().enumerate().skip(open) {
        match kind {
            Tok::Punct(b @ (b'{' | b'(' | b'[')) => stack.push(*b),
            Tok::Punct(b @ (b'}' | b')' | b']')) => {
                let want = match b {
                    b'}' => b'{',
                    b')' => b'(',
                    _ => b'[',
                };
                if stack.pop() != Some(want) {
                    return None;
                }
                if stack.is_empty() {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Identifiers, punctuation, and numbers and literals as single tokens; blanks and comments left
/// out. `None` when the brackets do not pair up or nest deeper than `max_depth`.
fn tokens(text: &str, max_depth: usize) -> Option<Vec<(Tok, Range<usize>)>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut open = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Most of a preprocessed text is blanks: blanked comments and directive lines.
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let kind = match not_code(bytes, i) {
            Some((end, literal)) => {
                i = end;
                if !literal {
                    continue;
                }
                Tok::Other
            }
            None if b.is_ascii_digit() => {
                i += bytes[i..].iter().take_while(|&&c| lex::is_ident_char(c) || c == b'.').count();
                Tok::Other
            }
            None if lex::is_ident_start(b) => {
                i += bytes[i..].iter().take_while(|&&c| lex::is_ident_char(c)).count();
                Tok::Ident
            }
            None => {
                i += 1;
                match b {
                    b'(' | b'[' | b'{' if open.len() < max_depth => open.push(b),
                    b')' => (open.pop() == Some(b'(')).then_some(())?,
                    b']' => (open.pop() == Some(b'[')).then_some(())?,
                    b'}' => (open.pop() == Some(b'{')).then_some(())?,
                    b'(' | b'[' | b'{' => return None,
                    _ => {}
                }
                Tok::Punct(b)
            }
        };
        out.push((kind, start..i.min(bytes.len())));
    }
    open.is_empty().then_some(out)
}

#[cfg(test)]
mod tests;
