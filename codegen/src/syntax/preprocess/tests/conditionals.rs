//! Tests of conditional groups and `#if` expressions.

use std::ops::Range;

use super::{after, errors, ok};

#[test]
fn if_arithmetic() {
    let true_exprs = [
        "1",
        "(1 + 2) * 3 == 9",
        "10 / 3 == 3 && 10 % 3 == 1 && -7 / 2 == -3",
        "1 - 2 - 3 == -4 && 2 * 3 + 4 * 5 == 26",
        "-1 < 0 && ~0 == -1 && !0 && !!5 && +3 == 3",
        "(1 << 4) == 16 && (256 >> 4) == 16 && (-16 >> 2) == -4",
        "0x10 == 16 && 0XfF == 255 && 010 == 8 && 0 == 0 && 10UL == 10 && 0x7fffffffffffffffLL > 0",
        "'a' == 97 && '\\n' == 10 && '\\0' == 0 && '\\x41' == 65 && '\\101' == 65 && L'b' == 98",
        "1 < 2 && 2 > 1 && 2 <= 2 && 2 >= 2 && 1 != 2 && (1 == 1) == 1",
        "(6 & 3) == 2 && (6 | 3) == 7 && (6 ^ 3) == 5",
        "1 ? 2 : 0",
        "0 ? 0 : 1 ? 3 : 0",
        "(0 || 0) == 0 && (0 || 7) == 1 && (3 && 4) == 1",
        "UNDEFINED == 0 && !UNDEFINED",
        "!(0 && (1 / 0))",
        "1 || 1 % 0",
        "0 ? 1 / 0 : 2",
        "9223372036854775807 + 1 < 0",
        "1 + 2 * 3 - 4 / 2 == 5 && 1 | 2 ^ 3 & 4 == 3",
    ];
    for expr in true_exprs {
        let src = format!("#if {expr}\nyes\n#else\nno\n#endif\n");
        assert_eq!(after(&ok(&src), 1)[0], "yes", "{expr}");
    }
    for expr in ["0", "1 - 1", "2 < 1", "defined(NOPE)", "(-1 >> 70) == 0"] {
        let src = format!("#if {expr}\nyes\n#else\nno\n#endif\n");
        assert_eq!(after(&ok(&src), 3)[0], "no", "{expr}");
    }
}

#[test]
fn if_with_macros_and_defined() {
    let src = "#define A\n#define V 3\n#define F(x) ((x) * 2)\n#define ISDEF defined\n\
               #if defined A && defined(A) && !defined B && defined ( V )\nd\n#endif\n\
               #if F(V) == 6 && V\nm\n#endif\n\
               #ifdef A\nia\n#endif\n#ifndef A\nna\n#endif\n#ifndef B\nnb\n#endif\n";
    let text = ok(src);
    let words: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(words, ["d", "m", "ia", "nb"]);
    // Predefined macros.
    let words = ok("#if defined(__WIDL__) && __midl == 801 && _WIN32 && _WIN64 && _M_X64 == 100 && _M_AMD64 == 100 \
         && !defined(__STDC__) && !defined(_MSC_VER)\nyes\n#endif\n");
    assert_eq!(words.trim(), "yes");
}

#[test]
fn elif_chains_and_skipped_regions() {
    let src = "#define V 2\n#if V == 1\none\n#elif V == 2\ntwo\n#elif V == 2\nagain\n#else\nother\n#endif\n\
               #if 0\n#if 1\nbad1\n#else\nbad2\n#endif\n#foo\n#error no\n#include <nowhere.h>\n#define V 5\n\
               #elif 1\nyes\n#elif 1 / 0\nbad3\n#else\nbad4\n#endif\n\
               #ifdef NOPE\n#elif V == 2\nv2\n#endif\n\
               #if 1\n#if 0\n#elif 0\n#else\ninner\n#endif\n#else\nbad5\n#endif\n";
    let text = ok(src);
    let words: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(words, ["two", "yes", "v2", "inner"]);
    assert_eq!(text.len(), src.len());
}

#[test]
fn conditional_errors() {
    assert_eq!(errors("#else\n"), [("`#else` without matching `#if`".to_owned(), 0..5)]);
    assert_eq!(errors("x\n#elif 1\n"), [("`#elif` without matching `#if`".to_owned(), 2..7)]);
    assert_eq!(errors("#endif\n"), [("`#endif` without matching `#if`".to_owned(), 0..6)]);
    assert_eq!(errors("#if 1\n#else\n#elif 1\n#endif\n"), [("`#elif` after `#else`".to_owned(), 12..17)]);
    assert_eq!(errors("#if 0\n#else\n#else\n#endif\n"), [("`#else` after `#else`".to_owned(), 12..17)]);
    assert_eq!(errors("#if 1\nx\n"), [("unterminated `#if`".to_owned(), 0..3)]);
    assert_eq!(errors("#if 1\n#endif\n  #  ifdef X\n#if 0\n#endif"), [("unterminated `#ifdef`".to_owned(), 15..23)]);
    // Errors are reported even in skipped groups, and several in one file.
    assert_eq!(
        errors("#if 0\n#if 1\n#else\n#else\n#endif\n#endif\n#endif\n#else\n"),
        [
            ("`#else` after `#else`".to_owned(), 18..23),
            ("`#endif` without matching `#if`".to_owned(), 38..44),
            ("`#else` without matching `#if`".to_owned(), 45..50),
        ]
    );
}

#[test]
fn if_expression_errors() {
    let cases: [(&str, &str, Range<usize>); 11] = [
        ("#if 1 / 0\n#endif", "division by zero in `#if` expression", 6..7),
        ("#if 1 % (2 - 2)\n#endif", "division by zero in `#if` expression", 6..7),
        ("#if 1 +\n#endif", "expected value in `#if` expression, found end of line", 7..7),
        ("#if (1\n#endif", "expected `)` in `#if` expression, found end of line", 6..6),
        ("#if 1 2\n#endif", "expected operator in `#if` expression, found `2`", 6..7),
        ("#if 1 ? 2\n#endif", "expected `:` in `#if` expression, found end of line", 9..9),
        ("#if\n#endif", "`#if` with no expression", 0..3),
        ("#if 1.5\n#endif", "invalid integer constant `1.5` in `#if` expression", 4..7),
        ("#if 1 + \"s\"\n#endif", "expected value in `#if` expression, found `\"s\"`", 8..11),
        ("#if defined\n#endif", "expected macro name after `defined`", 4..11),
        ("#if defined(X\n#endif", "expected `)` after `defined(X`", 12..13),
    ];
    for (src, message, span) in cases {
        assert_eq!(errors(src), [(message.to_owned(), span)], "{src}");
    }
    // `#elif` errors only when evaluated; the position of a token from a macro is its use.
    assert_eq!(errors("#if 1\n#elif 1 / 0\n#endif"), []);
    assert_eq!(
        errors("#define Z 0\n#if 0\n#elif 1 / Z\n#endif"),
        [("division by zero in `#elif` expression".to_owned(), 26..27)]
    );
    assert_eq!(
        errors("#define BAD 1 +\n#if BAD )\n#endif"),
        [("expected value in `#if` expression, found `)`".to_owned(), 24..25)]
    );
    assert_eq!(
        errors("#define BAD 1 2\n#if BAD\n#endif"),
        [("expected operator in `#if` expression, found `2`".to_owned(), 20..23)]
    );
    // Deep nesting is an error, not a stack overflow.
    let deep = format!("#if {}1{}\n#endif", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(errors(&deep)[0].0, "`#if` expression nested too deeply");
    let unary = format!("#if {}1\nyes\n#endif", "-!~+".repeat(5000));
    assert_eq!(errors(&unary), []);
}
