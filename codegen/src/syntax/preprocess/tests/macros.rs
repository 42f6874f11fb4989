//! Tests of macro definition and expansion.

use super::{after, errors, ok, origin, run, spaces};

#[test]
fn object_like_macros() {
    let src = "#define N 42\n#define EMPTY\n#define M N + N\nint x = N; EMPTY int y = M;";
    assert_eq!(
        ok(src),
        format!(
            "{}\n{}\n{}\nint x = 42;  int y = 42 + 42;",
            spaces("#define N 42"),
            spaces("#define EMPTY"),
            spaces("#define M N + N")
        )
    );
    // Redefinition replaces, #undef removes.
    assert_eq!(after(&ok("#define A 1\n#define A 2\nA\n#undef A\nA\n"), 2), ["2", "        ", "A"]);
}

#[test]
fn function_like_macros() {
    let src = "#define ADD(a, b) ((a) + (b))\n#define TWICE(x) ADD(x, x)\n#define f(x) x\n\
               TWICE(ADD(1, 2)) f + f(3) f (4) f(f(5)) f((6, 7)) f() f(\n8\n)";
    // The call spanning lines keeps the line count.
    assert_eq!(after(&ok(src), 3), ["((((1) + (2))) + (((1) + (2)))) f + 3 4 5 (6, 7)  8", ""]);
    assert_eq!(ok(src).matches('\n').count(), src.matches('\n').count());
    let wine = "#define threading(model)\n#define DECLARE_HANDLE(name) typedef void *name\n\
                [threading(both), progid(\"x\")] DECLARE_HANDLE(HWND);";
    assert_eq!(after(&ok(wine), 2), ["[, progid(\"x\")] typedef void *HWND;"]);
    // A macro whose result names a function-like macro takes the arguments that follow.
    assert_eq!(after(&ok("#define g(x) [x]\n#define h g\nh(1) h"), 2), ["[1] g"]);
}

#[test]
fn stringize_and_paste() {
    let src = "#define S(x) #x\n#define XS(x) S(x)\n#define CAT(a, b) a ## b\n#define V 7\n\
               S(a  \"b\\n\"  'c') S( ) S(V) XS(V) CAT(foo, bar) CAT(1, 2) CAT(, x) CAT(y, ) CAT(<, <) CAT(V, V) CAT(C, AT)(1, 2)";
    assert_eq!(after(&ok(src), 4), ["\"a \\\"b\\\\n\\\" 'c'\" \"\" \"V\" \"7\" foobar 12 x y << VV CAT(1, 2)"]);
}

#[test]
fn variadic_macros() {
    let src = "#define V(fmt, ...) f(fmt, __VA_ARGS__)\n#define G(fmt, ...) g(fmt, ## __VA_ARGS__)\n\
               #define N(args...) n(args)\nV(1, 2, 3) G(1) G(1, 2) N() N(a, b)";
    assert_eq!(after(&ok(src), 3), ["f(1, 2, 3) g(1) g(1, 2) n() n(a, b)"]);
}

#[test]
fn self_referential_macros_terminate() {
    let src = "#define A A\n#define B C\n#define C B\n#define f(x) x f\n#define g(x) g(x)\n\
               #define foo a foo b\nA B C f(1)(2) g(g(1)) foo";
    assert_eq!(after(&ok(src), 6), ["A B C 1 f(2) g(g(1)) a foo b"]);
}

#[test]
fn expansion_maps_to_the_use_and_later_text_to_its_own_place() {
    let src = "#define LONGNAME x\n#define F(a, b) a\nLONGNAME y F(1, 2) z";
    let (pre, diags) = run(src);
    assert!(diags.is_empty());
    let line = src.find("LONGNAME y").unwrap();
    let out = pre.text.find("x y").unwrap();
    assert_eq!(&pre.text[out..], "x y 1 z");
    // The expansion maps to the macro name.
    assert_eq!(origin(&pre, out), (0, line));
    // The token after a use maps to its true column.
    assert_eq!(origin(&pre, out + 2), (0, src.find("y F").unwrap()));
    assert_eq!(origin(&pre, out + 4), (0, src.find("F(1").unwrap()));
    assert_eq!(origin(&pre, out + 6), (0, src.find('z').unwrap()));
    // A use's segment covers its name (clamped to its end), or the whole call `F(1, 2)`.
    let (pre, _) = run("#define S abc\n(S)");
    assert_eq!(&pre.text[14..], "(abc)");
    assert_eq!((15..19).map(|i| origin(&pre, i).1).collect::<Vec<_>>(), [15, 16, 16, 16]);
    // Text before the use maps 1:1.
    assert_eq!(origin(&pre, 3), (0, 3));
}

#[test]
fn macro_call_errors() {
    assert_eq!(
        errors("#define F(x) x\nF(1, (2)\n"),
        [("unterminated argument list invoking macro `F`".to_owned(), 15..16)]
    );
    // Arguments do not run into a directive line.
    let (pre, diags) = run("#define F(x) x\nF(1\n#define Y 2\n)Y");
    assert_eq!(
        diags.iter().map(|d| (d.message.as_str(), d.span.clone())).collect::<Vec<_>>(),
        [("unterminated argument list invoking macro `F`", 15..16)]
    );
    assert_eq!(after(&pre.text, 3), [")2"]);
    assert_eq!(
        errors("#define F(x) x\nF(1, 2)"),
        [("wrong number of arguments to macro `F`: expected 1, found 2".to_owned(), 15..16)]
    );
    assert_eq!(
        errors("#define F(x, y) x\nF()"),
        [("wrong number of arguments to macro `F`: expected 2, found 0".to_owned(), 18..19)]
    );
    assert_eq!(
        errors("#define F() x\nF(1)"),
        [("wrong number of arguments to macro `F`: expected 0, found 1".to_owned(), 14..15)]
    );
    // An error inside a use reports the outermost use.
    assert_eq!(
        errors("#define F(x) x\n#define G F(\nG 1"),
        [("unterminated argument list invoking macro `F`".to_owned(), 28..29)]
    );
}

#[test]
fn expansion_limits() {
    // Exponential growth stops at the size limit.
    let mut src = String::from("#define L0 x x x x x x x x x x\n");
    for i in 1..10 {
        src += &format!("#define L{i} L{j} L{j} L{j} L{j} L{j} L{j} L{j} L{j} L{j} L{j}\n", j = i - 1);
    }
    src += "a L9 b L1";
    let (pre, diags) = run(&src);
    let use_at = src.find("L9 b").unwrap();
    assert_eq!(
        diags.iter().map(|d| (d.message.as_str(), d.span.clone())).collect::<Vec<_>>(),
        [("macro expansion too large", use_at..use_at + 2)]
    );
    assert_eq!(pre.text.lines().last().unwrap().split_whitespace().count(), 2 + 100);
    // Deep nesting of arguments stops at the depth limit, without overflowing the stack.
    let deep = format!("#define F(x) x\n{}1{}", "F(".repeat(400), ")".repeat(400));
    assert_eq!(errors(&deep), [("macro expansion too large".to_owned(), 15..16)]);
    let ok_depth = format!("#define F(x) x\n{}1{}", "F(".repeat(100), ")".repeat(100));
    assert_eq!(after(&ok(&ok_depth), 1), ["1"]);
    // A long chain of object-like macros.
    let mut chain = String::new();
    for i in 0..300 {
        chain += &format!("#define M{i} M{}\n", i + 1);
    }
    chain += "M0";
    assert_eq!(errors(&chain), [("macro expansion too large".to_owned(), chain.len() - 2..chain.len())]);
}

/// A GUID written bare as a macro argument is a run of pp-numbers (`12D3E372`, `874B`,
/// `0000010e-0000`: `e-` continues one), identifiers and `-`: it reaches the output as written
/// through substitution, `#` and `##`, and no letters inside a pp-number are taken for a macro.
#[test]
fn pp_numbers_stay_whole() {
    let src = "#define DEFINE_UUID(x) [uuid(x)]\n#define S(x) #x\n#define CAT(a, b) a ## b\n\
               #define B oops\n#define E372 oops\n#define D oops\n\
               DEFINE_UUID(12D3E372-874B-457D-9FDF-73977778686C) S(0000010e-0000-0000-C000-000000000046) \
               CAT(12D3E372, -874B) CAT(0000010e, -0000) CAT(1, .5e+3) .5E-2x";
    assert_eq!(
        after(&ok(src), 6),
        ["[uuid(12D3E372-874B-457D-9FDF-73977778686C)] \"0000010e-0000-0000-C000-000000000046\" \
          12D3E372-874B 0000010e-0000 1.5e+3 .5E-2x"]
    );
    // `#if` still reads a pp-number as an integer constant, and says so when it is none.
    assert_eq!(
        errors("#if 12D3 > 1\n#endif\n"),
        [("invalid integer constant `12D3` in `#if` expression".to_owned(), 4..8)]
    );
}

/// `a ## b` whose spelling is not one token keeps both tokens, as MSVC's preprocessor does.
#[test]
fn pasting_that_forms_no_token_keeps_both() {
    let src = "#define PLUS(a) a ## +\n#define OPEN(a) ( ## a\n#define CAT(a, b) a ## b\n\
               PLUS(x) OPEN(y) CAT(-, >x) CAT(\"s\", t) CAT(., .)";
    assert_eq!(after(&ok(src), 3), ["x+ (y ->x \"s\"t . ."]);
}
