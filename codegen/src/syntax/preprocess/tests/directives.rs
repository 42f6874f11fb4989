//! Tests of the other directives: errors, `#pragma`.

use std::ops::Range;

use super::{after, errors, run, run_with};

#[test]
fn directive_errors() {
    let cases: [(&str, &str, Range<usize>); 14] = [
        ("#foo bar\n", "unknown preprocessor directive `#foo`", 0..4),
        ("  # import x\n", "unknown preprocessor directive `#import`", 2..10),
        ("#!x\n", "unknown preprocessor directive `#!`", 0..2),
        ("#error stop  here /* c */\n", "#error stop  here", 0..6),
        ("#error\n", "#error", 0..6),
        ("#define\n", "expected macro name after `#define`", 0..7),
        ("#define 1 x\n", "macro names must be identifiers, found `1`", 8..9),
        ("#define defined 1\n", "`defined` cannot be used as a macro name", 8..15),
        ("#define F(a, a) a\n", "duplicate parameter `a` in macro `F`", 13..14),
        ("#define F(a, 1) a\n", "expected parameter name in macro `F`, found `1`", 13..14),
        ("#define F(a b) a\n", "expected `,` or `)` in parameter list of macro `F`, found `b`", 12..13),
        ("#define F(a\n", "missing `)` in parameter list of macro `F`", 10..11),
        ("#define F(a) #b\n", "`#` is not followed by a macro parameter", 13..14),
        ("#define X ## y\n", "`##` cannot appear at either end of a macro expansion", 10..12),
    ];
    for (src, message, span) in cases {
        assert_eq!(errors(src), [(message.to_owned(), span)], "{src}");
    }
    assert_eq!(errors("#undef\n"), [("expected macro name after `#undef`".to_owned(), 0..6)]);
    assert_eq!(errors("#ifdef\n#endif\n"), [("expected macro name after `#ifdef`".to_owned(), 0..6)]);
    // Null directives, `#line`, `#warning`, line markers and `#pragma` are fine.
    assert_eq!(errors("#\n# \n#line 5\n#warning careful\n# 1 \"x.idl\"\n#pragma foo\n"), []);
    // Processing goes on after an error.
    assert_eq!(after(&run("#foo\n#define A 1\nA\n").0.text, 2), ["1"]);
}

#[test]
fn pragma_once() {
    let (_, pre, diags) = run_with("#include \"o.h\"\n#include \"o.h\"\n", &[("o.h", "#pragma once\nonce\n")], &[]);
    assert!(diags.is_empty());
    assert_eq!(pre.text.split_whitespace().collect::<Vec<_>>(), ["once"]);
}

#[test]
fn pragmas_are_blanked() {
    let src = "#pragma winrt ns_prefix\n  #  pragma  pack(push, \\\n 1) /* c */\n#if 0\n#pragma skipped\n#endif\nx";
    let (pre, diags) = run(src);
    assert!(diags.is_empty());
    assert_eq!(pre.text.split_whitespace().collect::<Vec<_>>(), ["x"]);
}
