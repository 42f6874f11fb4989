//! Recovery after a syntax error: keeping the items that parsed before it, and finding where the
//! next item starts.

use pest::Parser as _;

use super::super::ast::Item;
use super::lower::build_items;
use super::scan::scan_code;
use super::{MidlParser, Rule};

/// The items that parse cleanly in `text[offset..end]`, read greedily from the front.
pub(super) fn parse_prefix(text: &str, offset: usize, end: usize) -> Vec<Item> {
    let mut cut = end;
    // Shrink to the last top-level boundary before the error and parse that much.
    while cut > offset {
        match last_item_boundary(text, offset, cut) {
            Some(b) if b > offset => {
                if let Ok(mut pairs) = MidlParser::parse(Rule::resume, &text[offset..b]) {
                    let top = pairs.next().expect("the resume rule always yields one pair");
                    if let Some(items) = top.into_inner().find(|p| p.as_rule() == Rule::items) {
                        return build_items(items, offset);
                    }
                    return Vec::new();
                }
                cut = b - 1;
            }
            _ => break,
        }
    }
    Vec::new()
}

/// The offset just after the top-level `;` or `}` that ends the item containing `at`.
pub(super) fn next_item_boundary(text: &str, at: usize) -> Option<usize> {
    let mut depth = 0usize;
    // Depth at `at`: count from the start.
    scan_code(text, 0, |i, b| {
        if i >= at {
            return false;
        }
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        true
    });
    let mut found = None;
    let mut d = depth;
    scan_code(text, at, |i, b| {
        match b {
            b'{' => d += 1,
            b'}' => {
                d = d.saturating_sub(1);
                if d == 0 {
                    // `};` ends with the semicolon when there is one.
                    let after = text[i + 1..].trim_start();
                    let skip = text.len() - after.len();
                    found = Some(if after.starts_with(';') { skip + 1 } else { i + 1 });
                    return false;
                }
            }
            b';' if d == 0 => {
                found = Some(i + 1);
                return false;
            }
            _ => {}
        }
        true
    });
    found
}

/// The offset after the last top-level `;` or `}` in `text[from..before]`.
fn last_item_boundary(text: &str, from: usize, before: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut last = None;
    scan_code(&text[..before], from, |i, b| {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    last = Some(i + 1);
                }
            }
            b';' if depth == 0 => last = Some(i + 1),
            _ => {}
        }
        true
    });
    last
}
