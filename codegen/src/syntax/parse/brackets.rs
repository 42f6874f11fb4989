//! The bracket check run before parsing: unbalanced or too deeply nested brackets.

use super::scan::scan_code;
use super::{MAX_NESTING, SyntaxError};

/// Unbalanced or too deeply nested brackets, found before parsing so that the error names the
/// bracket that has no partner instead of wherever the grammar gave up.
pub(super) fn check_brackets(text: &str) -> Vec<SyntaxError> {
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut error = None;
    scan_code(text, 0, |i, b| {
        match b {
            b'(' | b'[' | b'{' => {
                if stack.len() >= MAX_NESTING {
                    error = Some(SyntaxError {
                        span: i..i + 1,
                        message: format!("brackets nested more than {MAX_NESTING} deep"),
                        label: None,
                    });
                    return false;
                }
                stack.push((b, i));
            }
            b')' | b']' | b'}' => {
                let open = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    Some((o, _)) if o == open => {}
                    Some((o, _)) => {
                        error = Some(SyntaxError {
                            span: i..i + 1,
                            message: format!("unmatched `{}`", b as char),
                            label: Some(format!(
                                "the innermost open bracket is a `{}`, closed by `{}`",
                                o as char,
                                closer(o)
                            )),
                        });
                        return false;
                    }
                    None => {
                        error = Some(SyntaxError {
                            span: i..i + 1,
                            message: format!("unmatched `{}`", b as char),
                            label: Some("no opening bracket before this".into()),
                        });
                        return false;
                    }
                }
            }
            _ => {}
        }
        true
    });
    if let Some(e) = error {
        return vec![e];
    }
    match stack.last() {
        Some(&(o, at)) => vec![SyntaxError {
            span: at..at + 1,
            message: format!("unclosed `{}`", o as char),
            label: Some(format!("no matching `{}` before the end of the file", closer(o))),
        }],
        None => Vec::new(),
    }
}

fn closer(open: u8) -> char {
    match open {
        b'(' => ')',
        b'[' => ']',
        _ => '}',
    }
}
