//! The values of literals: numbers and escape sequences.

use super::super::ast::ExprKind;
use super::super::lex::octal_escape;

/// An integer or floating literal as C reads it; integers wrap at 64 bits.
pub(super) fn number(text: &str) -> ExprKind {
    let t = text.trim_end_matches(['u', 'U', 'l', 'L']);
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return ExprKind::Int(
            hex.chars().fold(0u64, |v, c| v.wrapping_mul(16).wrapping_add(c.to_digit(16).unwrap_or(0) as u64)),
        );
    }
    if t.contains('.') || t.ends_with(['f', 'F']) {
        return ExprKind::Float(t.trim_end_matches(['f', 'F']).parse().unwrap_or(0.0));
    }
    let (radix, digits) = if t.len() > 1 && t.starts_with('0') { (8, &t[1..]) } else { (10, t) };
    ExprKind::Int(
        digits
            .chars()
            .fold(0u64, |v, c| v.wrapping_mul(radix).wrapping_add(c.to_digit(radix as u32).unwrap_or(0) as u64)),
    )
}

/// C escape sequences in string and char literals, and line breaks as `\n`.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        // A line break inside a string (which MIDL takes) is `\n` however the file ends its lines,
        // as MIDL reads the preprocessed text in text mode.
        if c == '\r' {
            if chars.peek() != Some(&'\n') {
                out.push('\n');
            }
            continue;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('x') => {
                let mut v = 0u32;
                while let Some(d) = chars.peek().and_then(|c| c.to_digit(16)) {
                    v = v.saturating_mul(16).saturating_add(d);
                    chars.next();
                }
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
            }
            Some(d @ '0'..='7') => out.push(char::from_u32(octal_escape(d, &mut chars)).unwrap_or('\u{FFFD}')),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
