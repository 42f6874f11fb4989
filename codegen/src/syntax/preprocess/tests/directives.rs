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

/// `#pragma pack` in each of MSVC's forms: the value in force after each line.
#[test]
fn pragma_pack_forms() {
    let lines = [
        ("#pragma pack(2)", Some(2)),
        ("#pragma pack(push)", Some(2)),
        ("#pragma pack(push, 4)", Some(4)),
        ("#pragma pack(push, outer, 1)", Some(1)),
        ("#pragma pack(push, inner)", Some(1)),
        ("#pragma pack(8)", Some(8)),
        ("#pragma pack(pop, outer)", Some(4)),
        ("#pragma pack(pop, 16)", Some(16)),
        ("#pragma pack(show)", Some(16)),
        ("#pragma pack()", None),
        ("#pragma pack(pop)", Some(2)),
    ];
    let src: String = lines.iter().map(|(l, _)| format!("{l}\nx\n")).collect();
    let (pre, diags) = run(&src);
    assert!(diags.is_empty(), "{diags:?}");
    let xs: Vec<usize> = pre.text.match_indices('x').map(|(i, _)| i).collect();
    let packs: Vec<Option<u8>> = xs.iter().map(|&i| pre.pack_at(i).midl).collect();
    assert_eq!(packs, lines.iter().map(|l| l.1).collect::<Vec<_>>());
    assert_eq!(pre.pack_at(0).midl, None);
    // A pack in a skipped group or an included file counts where it is in force.
    let (_, pre, _) =
        run_with("#if 0\n#pragma pack(1)\n#endif\na\n#include \"p.h\"\nb", &[("p.h", "#pragma pack(push, 2)\n")], &[]);
    let at = |x: char| pre.pack_at(pre.text.find(x).unwrap()).midl;
    assert_eq!([at('a'), at('b')], [None, Some(2)]);
}

/// A form MSVC cannot use is a warning, and changes nothing.
#[test]
fn pragma_pack_warnings() {
    let src = "#pragma pack(3)\n#pragma pack(pop)\n#pragma pack(push, a)\n#pragma pack(pop, b)\n#pragma pack push\n\
               #pragma pack(push, 2, x)\n#pragma pack(2) x\n#pragma pack(push,\n#pragma pack(name)\nx";
    let (pre, diags) = run(src);
    let found: Vec<(String, Range<usize>)> =
        diags.iter().map(|d| (format!("{:?}: {}", d.severity, d.message), d.span.clone())).collect();
    let at = |needle: &str, nth: usize| src.match_indices(needle).nth(nth).unwrap().0;
    let span = |needle: &str, nth: usize| at(needle, nth)..at(needle, nth) + needle.len();
    let malformed = |found: &str| format!("Warning: malformed `#pragma pack`; ignored (found `{found}`)");
    assert_eq!(
        found,
        [
            ("Warning: `#pragma pack` alignment must be 1, 2, 4, 8 or 16, found `3`; ignored".to_owned(), span("3", 0)),
            ("Warning: `#pragma pack(pop)`: nothing was pushed; ignored".to_owned(), span("pop", 0)),
            ("Warning: `#pragma pack(pop)`: `b` was never pushed; ignored".to_owned(), span("pop", 1)),
            (malformed("push"), span("push", 1)),
            (malformed("x"), span("x", 0)),
            (malformed("x"), span("x", 1)),
            (malformed(","), span(",", 4)),
            (malformed("name"), span("name", 0)),
        ]
    );
    assert_eq!(pre.pack_at(pre.text.len() - 1).midl, None);
}

/// The other pragmas MIDL knows, and unknown ones, are accepted and leave nothing behind.
#[test]
fn other_pragmas_are_accepted() {
    let src = "#pragma midl_echo(\"#define ECHOED 1\")\n#pragma warning(disable: 2362)\n#pragma warning(push)\n\
               #pragma region Methods\n#pragma endregion\n#pragma makedep install\n#pragma comment(lib, \"x\")\nx";
    let (pre, diags) = run(src);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(pre.text.split_whitespace().collect::<Vec<_>>(), ["x"]);
}

/// Packs written for the C header in cpp_quote change the pack where they are, in order with
/// `#pragma pack`; a pop with nothing pushed is a warning there. widl's header has only
/// cpp_quote's changes, and C's view of `__cplusplus` decides which are made.
#[test]
fn cpp_quote_packs() {
    let src = "cpp_quote(\"#include <pshpack4.h>\")\nQ1\n#pragma pack(push, 1)\nQ2\n#pragma pack(pop)\nQ3\n\
               cpp_quote(\"#pragma pack(pop)\")\nQ4\ncpp_quote(\"#include <poppack.h>\")\nQ5\n\
               cpp_quote(\"#ifdef __cplusplus\")\ncpp_quote(\"#include <pshpack1.h>\")\ncpp_quote(\"#else\")\n\
               cpp_quote(\"#include <pshpack2.h>\")\ncpp_quote(\"#endif\")\nQ6\n#pragma pack(8)\nQ7";
    let (pre, diags) = run(src);
    let at = |x: &str| {
        let p = pre.pack_at(pre.text.find(x).unwrap());
        (p.midl, p.widl_header)
    };
    assert_eq!(
        ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7"].map(at),
        [
            (Some(4), Some(4)),
            (Some(1), Some(4)),
            (Some(4), Some(4)),
            (None, None),
            (None, None),
            (Some(2), Some(2)),
            (Some(8), Some(2))
        ]
    );
    let found: Vec<(String, Range<usize>)> = diags.into_iter().map(|d| (d.message, d.span)).collect();
    let name = src.find("<poppack.h>").unwrap();
    assert_eq!(
        found,
        [(
            "`#include <poppack.h>` in cpp_quote: nothing was pushed; ignored".to_owned(),
            name..name + "<poppack.h>".len()
        )]
    );
}
