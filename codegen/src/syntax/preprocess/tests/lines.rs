//! Tests of cleaning and lexing: comments, literals, line ends, byte order marks, Unicode.

use super::{after, check_origins, errors, ok, run, run_with, spaces};
use crate::source::Segment;

#[test]
fn comments_become_spaces_and_keep_newlines() {
    let src = "a /* x\ny */ b // c\nd /**/e // \\\ncontinued\nf";
    let (sources, pre, diags) = run_with(src, &[], &[]);
    assert!(diags.is_empty());
    assert_eq!(pre.text, "a     \n     b     \nd     e     \n         \nf");
    assert_eq!(check_origins(&sources, &pre), 0);
    assert_eq!(pre.origins.segments(), &[Segment { out: 0, file: pre.file, orig: 0, len: src.len() }]);
}

#[test]
fn comment_delimiters_in_strings_and_chars_are_text() {
    let src = "x = \"/* no */ # define // no\"; y = '#'; c = '\"'; z = L\"a//b\\\"/*\" /* c */;\n";
    let expected = "x = \"/* no */ # define // no\"; y = '#'; c = '\"'; z = L\"a//b\\\"/*\"        ;\n";
    assert_eq!(ok(src), expected);
    // A directive-looking line continued into a string is part of the string.
    assert_eq!(ok("s = \"a\\\n#define X 1\" X"), "s = \"a \n#define X 1\" X");
    // A `#` that does not start a line is text.
    assert_eq!(ok("a # define X\nX"), "a # define X\nX");
}

#[test]
fn lexical_errors() {
    assert_eq!(errors("a /* b\nc */ d /* e\nf"), [("unterminated `/*` comment".to_owned(), 14..16)]);
    assert_eq!(errors("x = \"abc\ny"), [("unterminated string literal".to_owned(), 4..5)]);
    assert_eq!(errors("x = L\"abc"), [("unterminated string literal".to_owned(), 5..6)]);
    assert_eq!(errors("x = 'a\n"), [("unterminated character literal".to_owned(), 4..5)]);
    assert_eq!(errors("#define S \"abc\n"), [("unterminated string literal".to_owned(), 10..11)]);
    // Nothing is checked in skipped groups.
    assert_eq!(errors("#if 0\nit's \"open\n#endif\n"), []);
    let (pre, _) = run("a /* b\nc");
    assert_eq!(pre.text, "a     \n ");
}

#[test]
fn crlf_and_cr_line_endings() {
    let src = "#define A 1 \\\r\n + 1\r\n#if A\r\nyes A\r\n#endif\r\n/* a\r\nb */A\r\n";
    let (pre, diags) = run(src);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        pre.text,
        format!(
            "{}\r\n{}\r\nyes 1 + 1\r\n{}\r\n    \r\n    1 + 1\r\n",
            spaces("#define A 1 \\\r\n + 1"),
            spaces("#if A"),
            spaces("#endif")
        )
    );
    let src = "#define B 2\rB\r#if 0\rno\r#endif\rend";
    assert_eq!(ok(src), format!("{}\r2\r{}\r  \r{}\rend", spaces("#define B 2"), spaces("#if 0"), spaces("#endif")));
}

#[test]
fn byte_order_mark_is_white_space() {
    let src = "\u{feff}#define A 1\nA";
    let (pre, diags) = run(src);
    assert!(diags.is_empty());
    assert_eq!(pre.text, format!("   {}\n1", spaces("#define A 1")));
}

#[test]
fn unicode_text() {
    let src = "#define É ü\n/* ĉ */ \"€\" É 'ñ' x€y\n";
    let (pre, diags) = run(src);
    assert!(diags.is_empty());
    assert_eq!(after(&pre.text, 1), ["         \"€\" ü 'ñ' x€y"]);
}

/// A string goes on over line ends, as MIDL reads `helpstring`s, but not onto a directive line;
/// the lines after it keep their numbers. In a directive a string ends with its line.
#[test]
fn strings_go_on_over_lines() {
    let src = "#define H(x) x\n#define part piece\n[helpstring(\"first part\n  second\")] H(\"a\r\nb\") part";
    let (pre, diags) = run(src);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(after(&pre.text, 2), ["[helpstring(\"first part", "  second\")] \"a", "b\" piece"]);
    let (pre, diags) = run("x = \"open\n#define Y 1\nY\n#if 0\nsaid \"a\n#endif\nY");
    assert_eq!(
        diags.iter().map(|d| (d.message.as_str(), d.span.clone(), d.label.as_deref())).collect::<Vec<_>>(),
        [("unterminated string literal", 4..5, Some("no closing quote on this line"))]
    );
    assert_eq!(pre.text.split_whitespace().collect::<Vec<_>>(), ["x", "=", "\"open", "1", "1"]);
    assert_eq!(
        run("x = \"abc\ny").1.iter().map(|d| d.label.as_deref()).collect::<Vec<_>>(),
        [Some("no closing quote before the end of the file")]
    );
    assert_eq!(errors("#define S \"abc\nS\n"), [("unterminated string literal".to_owned(), 10..11)]);
}
