//! Tests of `#include`.

use super::{check_origins, included, located, origin, run_with, spaces};
use crate::syntax::preprocess::{MAX_INCLUDE_DEPTH, MAX_WORK};

#[test]
fn includes() {
    let root = "#include \"a.h\"\nafter A B\n#include <b.h>\n#include \"a.h\"\n";
    let a = "#ifndef A_H\n#define A_H\n#define A 1\n#include \"b.h\"\nin_a\n#endif\n";
    let b = "in_b";
    let (sources, pre, diags) = run_with(root, &[("a.h", a), ("b.h", b)], &[]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(included(&pre), [1, 2]);
    let words: Vec<&str> = pre.text.split_whitespace().collect();
    assert_eq!(words, ["in_b", "in_a", "after", "1", "B", "in_b"]);
    assert_eq!(check_origins(&sources, &pre), 1);
    // Text from an included file maps into it.
    let at = pre.text.find("in_a").unwrap();
    assert_eq!(origin(&pre, at), (1, a.find("in_a").unwrap()));
    let at = pre.text.find("in_b").unwrap();
    assert_eq!(origin(&pre, at), (2, 0));
    let at = pre.text.find("after").unwrap();
    assert_eq!(origin(&pre, at), (0, root.find("after").unwrap()));
    // The included text goes where the directive was, before the directive's line break.
    assert!(pre.text.starts_with(&format!(
        "{}{}",
        spaces("#include \"a.h\""),
        spaces("#ifndef A_H\n#define A_H\n#define A 1\n")
    )));
    // A file without a final line break does not join the next line.
    assert!(pre.text.contains("in_b\n"));
}

#[test]
fn include_errors() {
    let (sources, pre, diags) =
        run_with("#include \"missing.h\"\n#include <x.h\n#include x.h\n#include \"\"\nok\n", &[], &[]);
    assert_eq!(
        located(&diags),
        [
            (0, "cannot find include file `missing.h` in the include path", 10..19),
            (0, "missing terminating `>` in `#include`", 30..34),
            (0, "expected `\"file\"` or `<file>` after `#include`", 44..45),
            (0, "empty file name in `#include`", 57..59),
        ]
    );
    assert!(included(&pre).is_empty());
    assert_eq!(pre.text.trim(), "ok");
    drop(sources);
    // Conditionals do not cross files.
    let (_, _, diags) = run_with("#include \"open.h\"\n#endif\n", &[("open.h", "#if 1\n")], &[]);
    assert_eq!(located(&diags), [(1, "unterminated `#if`", 0..3), (0, "`#endif` without matching `#if`", 18..24)]);
    // Includes in skipped groups are not resolved.
    let (_, pre, diags) = run_with("#if 0\n#include \"missing.h\"\n#endif\n", &[], &[]);
    assert!(diags.is_empty() && included(&pre).is_empty());
}

#[test]
fn recursive_include_stops_at_the_depth_limit() {
    let (_, pre, diags) = run_with("#include \"self.h\"\n", &[("self.h", "#include \"self.h\"\nx\n")], &[]);
    assert_eq!(located(&diags), [(1, "#include nested too deeply (is `self.h` including itself?)", 10..16)]);
    assert_eq!(pre.text.split_whitespace().count(), MAX_INCLUDE_DEPTH);
    assert_eq!(included(&pre), [1]);
    // A file including itself twice does not take exponential time.
    let (_, pre, diags) =
        run_with("#include \"two.h\"\n", &[("two.h", "#include \"two.h\"\n#include \"two.h\"\nx\n")], &[]);
    assert!(diags.iter().any(|d| d.message == "too many `#include`s"));
    assert!(pre.text.len() < MAX_WORK);
}
