//! Tokens back to text: spelling an expansion for the output, `#` (stringizing) and `##`
//! (pasting).

use std::rc::Rc;

use super::super::lex::is_ident_char;
use super::tokens::{Kind, Tok, lex_range};

/// Whether two adjacent characters from separate tokens would read as one token.
fn would_paste(a: u8, b: u8) -> bool {
    (is_ident_char(a) && (is_ident_char(b) || b == b'"' || b == b'\''))
        || (a == b'.' && (b.is_ascii_digit() || b == b'.'))
        || matches!(
            (a, b),
            (b'/', b'/' | b'*' | b'=')
                | (b'+', b'+' | b'=')
                | (b'-', b'-' | b'=' | b'>')
                | (b'<', b'<' | b'=')
                | (b'>', b'>' | b'=')
                | (b'&', b'&' | b'=')
                | (b'|', b'|' | b'=')
                | (b'=' | b'!' | b'*' | b'%' | b'^', b'=')
                | (b'#', b'#')
        )
}

/// The text of an expansion, spaces where the tokens had them or where they would run together.
/// `prev` and `next` are the characters around it in the output.
pub(super) fn spell(toks: &[Tok], prev: Option<u8>, next: Option<u8>) -> String {
    let mut s = String::new();
    for t in toks {
        let Some(&first) = t.text.as_bytes().first() else { continue };
        let sep = match s.as_bytes().last() {
            None => prev.is_some_and(|p| would_paste(p, first)),
            Some(&last) => t.space || would_paste(last, first),
        };
        if sep {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    if let (Some(&last), Some(n)) = (s.as_bytes().last(), next) {
        if would_paste(last, n) {
            s.push(' ');
        }
    }
    s
}

pub(super) fn stringize(arg: &[Tok]) -> Rc<str> {
    let mut s = String::from("\"");
    for (i, t) in arg.iter().enumerate() {
        if i > 0 && t.space {
            s.push(' ');
        }
        if matches!(t.kind, Kind::Str | Kind::Char) {
            for c in t.text.chars() {
                if c == '"' || c == '\\' {
                    s.push('\\');
                }
                s.push(c);
            }
        } else {
            s.push_str(&t.text);
        }
    }
    s.push('"');
    Rc::from(s)
}

/// `a ## b`: the tokens of the joined spelling (one, unless the two do not form a token).
pub(super) fn glue(lhs: Tok, rhs: Tok) -> Vec<Tok> {
    if lhs.kind == Kind::Placemarker {
        return vec![Tok { space: lhs.space, ..rhs }];
    }
    if rhs.kind == Kind::Placemarker {
        return vec![lhs];
    }
    let joined = format!("{}{}", lhs.text, rhs.text);
    lex_range(joined.as_bytes(), 0, joined.len())
        .iter()
        .enumerate()
        .map(|(i, r)| Tok {
            kind: r.kind,
            text: Rc::from(joined.get(r.start..r.end).unwrap_or("")),
            space: if i == 0 { lhs.space } else { r.space },
            no_expand: false,
            at: lhs.at,
            len: lhs.len,
        })
        .collect()
}
