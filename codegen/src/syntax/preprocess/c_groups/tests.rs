use super::{CGroups, cpp_quotes};

/// What C takes after each line, and the directive hiding it.
fn after(lines: &[&str]) -> Vec<(Option<bool>, Option<String>)> {
    let mut groups = CGroups::default();
    lines
        .iter()
        .map(|l| {
            groups.line(l);
            (groups.taken(), groups.hiding().map(str::to_string))
        })
        .collect()
}

#[test]
fn conditions_are_decided_as_the_target_s_c_decides_them() {
    let found = after(&[
        "#if defined ( _WIN64 )",
        "#ifdef __cplusplus",
        "#elif !defined(_WIN32)",
        "#elif UNKNOWN",
        "#else",
        "#endif",
        "#endif",
        "#ifndef UNKNOWN",
        "#endif",
        "# if 0",
        "#else",
    ]);
    let hidden = |d: &str| Some(d.to_string());
    assert_eq!(
        found,
        [
            (Some(true), None),
            (Some(false), hidden("#ifdef __cplusplus")),
            (Some(false), hidden("#elif !defined(_WIN32)")),
            (None, hidden("#elif UNKNOWN")),
            (None, hidden("#else of #elif UNKNOWN")),
            (Some(true), None),
            (Some(true), None),
            (None, hidden("#ifndef UNKNOWN")),
            (Some(true), None),
            (Some(false), hidden("#if 0")),
            (Some(true), None),
        ]
    );
}

#[test]
fn only_conditionals_are_read_and_only_plain_strings_are_quotes() {
    let mut groups = CGroups::default();
    assert!(!groups.line("#include <pshpack2.h>") && !groups.line("#define X 1") && !groups.line("if 0"));
    let text = "cpp_quote(\"#if 0\") my_cpp_quote(\"#else\") cpp_quote(L\"#endif\") cpp_quote ( \"#endif\" )";
    let found: Vec<&str> = cpp_quotes(text, 0..text.len()).into_iter().map(|q| &text[q.contents]).collect();
    assert_eq!(found, ["#if 0", "#endif"]);
}
