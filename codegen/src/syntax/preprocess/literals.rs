//! The values of the literals of `#if` expressions: integers and character constants.

use super::super::lex::octal_escape;

/// The value of an integer literal (any `u`/`l` suffix), wrapping on overflow.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let s = s.trim_end_matches(['u', 'U', 'l', 'L']);
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(b) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        (b, 2)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for c in digits.chars() {
        v = v.wrapping_mul(radix as u64).wrapping_add(u64::from(c.to_digit(radix)?));
    }
    Some(v as i64)
}

/// The value of a character literal: its character's code, several characters packed bytewise.
pub(super) fn char_value(s: &str) -> Option<i64> {
    let q = s.find('\'')?;
    let body = s[q + 1..].strip_suffix('\'')?;
    let mut chars = body.chars().peekable();
    let mut codes: Vec<u32> = Vec::new();
    while let Some(c) = chars.next() {
        let code = if c == '\\' {
            match chars.next()? {
                'n' => 10,
                't' => 9,
                'r' => 13,
                'a' => 7,
                'b' => 8,
                'f' => 12,
                'v' => 11,
                'e' => 27,
                d @ '0'..='7' => octal_escape(d, &mut chars),
                'x' => {
                    let mut v: u32 = 0;
                    let mut any = false;
                    while let Some(x) = chars.peek().and_then(|c| c.to_digit(16)) {
                        v = v.wrapping_mul(16).wrapping_add(x);
                        any = true;
                        chars.next();
                    }
                    if !any {
                        return None;
                    }
                    v
                }
                other => other as u32,
            }
        } else {
            c as u32
        };
        codes.push(code);
    }
    match codes.as_slice() {
        [] => None,
        [one] => Some(i64::from(*one)),
        many => Some(many.iter().fold(0i64, |v, &c| v.wrapping_shl(8) | i64::from(c & 0xff))),
    }
}
