//! The bracket check run before parsing: unbalanced or too deeply nested brackets.

use super::scan::scan_code;
use super::{MAX_NESTING, located};
use crate::diag::Diagnostic;
use crate::syntax::preprocess::Preprocessed;

/// The first unbalanced or too deeply nested bracket: found before parsing so that the error
/// names the bracket that has no partner instead of wherever the grammar gave up.
pub(super) fn check_brackets(pre: &Preprocessed) -> Option<Diagnostic> {
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut error = None;
    scan_code(&pre.text, 0, |i, b| {
        match b {
            b'(' | b'[' | b'{' => {
                if stack.len() >= MAX_NESTING {
                    error = Some(located(pre, i..i + 1, format!("brackets nested more than {MAX_NESTING} deep"), None));
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
                let label = match stack.pop() {
                    Some((o, _)) if o == open => return true,
                    Some((o, _)) => {
                        format!("the innermost open bracket is a `{}`, closed by `{}`", o as char, closer(o))
                    }
                    None => "no opening bracket before this".into(),
                };
                error = Some(located(pre, i..i + 1, format!("unmatched `{}`", b as char), Some(label)));
                return false;
            }
            _ => {}
        }
        true
    });
    if error.is_some() {
        return error;
    }
    let &(o, at) = stack.last()?;
    let label = format!("no matching `{}` before the end of the file", closer(o));
    Some(located(pre, at..at + 1, format!("unclosed `{}`", o as char), Some(label)))
}

fn closer(open: u8) -> char {
    match open {
        b'(' => ')',
        b'[' => ']',
        _ => '}',
    }
}
