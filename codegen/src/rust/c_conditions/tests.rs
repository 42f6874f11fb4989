use super::CConditions;

/// The condition hiding the first `needle` of `text`.
fn hiding<'c>(c: &'c CConditions, text: &str, needle: &str) -> Option<&'c str> {
    let at = text.find(needle).expect("needle in text");
    c.hiding(&(at..at + needle.len())).map(|h| h.directive.as_str())
}

#[test]
fn what_c_does_not_take_is_hidden() {
    let text = "struct A;\ncpp_quote(\"#ifndef _WAVEFORMATEX_\")\nstruct B;\ncpp_quote(\"#endif\")\nstruct C;\n\
                cpp_quote(\"#if 0\")\nstruct D;\ncpp_quote(\"#else\")\nstruct E;\ncpp_quote(\"#endif\")\n\
                cpp_quote( \"#ifdef __cplusplus\" )\nstruct F;\ncpp_quote(\"#else\")\nstruct G;\ncpp_quote(\"#endif\")\n\
                cpp_quote(\"#ifdef _WIN64\")\nstruct H;\ncpp_quote(\"#if defined(X)\")\nstruct I;\ncpp_quote(\"#endif\")\n\
                cpp_quote(\"#endif\")\nmy_cpp_quote(\"#if 0\")\nstruct J;\n\
                cpp_quote(\"#ifndef _ONE_\")\ncpp_quote(\"#define _ONE_\")\nstruct K;\ncpp_quote(\"#endif\")";
    let c = CConditions::of(text);
    let found: Vec<Option<&str>> =
        ["A;", "B;", "C;", "D;", "E;", "F;", "G;", "H;", "I;", "J;", "K;"].map(|n| hiding(&c, text, n)).to_vec();
    assert_eq!(
        found,
        [
            None,
            Some("#ifndef _WAVEFORMATEX_"),
            None,
            Some("#if 0"),
            None,
            Some("#ifdef __cplusplus"),
            None,
            None,
            Some("#if defined(X)"),
            None,
            Some("#ifndef _ONE_")
        ]
    );
}

/// The file's include guard hides nothing: C takes it the first time.
#[test]
fn an_include_guard_is_taken() {
    let guarded = "cpp_quote(\"#ifndef _FILE_\")\ncpp_quote(\"#define _FILE_\")\nstruct A;\n\
                   cpp_quote(\"#ifdef UNKNOWN\")\nstruct B;\ncpp_quote(\"#endif\")\ncpp_quote(\"#endif /* _FILE_ */\")\n";
    let c = CConditions::of(guarded);
    assert_eq!([hiding(&c, guarded, "A;"), hiding(&c, guarded, "B;")], [None, Some("#ifdef UNKNOWN")]);
    // Not a guard when something follows its `#endif`.
    let then = format!("{guarded}struct C;\n");
    let c = CConditions::of(&then);
    assert_eq!(hiding(&c, &then, "A;"), Some("#ifndef _FILE_"));
}

/// What C never takes is told apart from what it may take: only the first is for the IDL alone.
#[test]
fn what_c_never_takes_is_told_apart() {
    let text = "cpp_quote(\"#if 0\")\nstruct A;\ncpp_quote(\"#endif\")\ncpp_quote(\"#ifndef _B_\")\nstruct B;\n\
                cpp_quote(\"#ifdef __cplusplus\")\nstruct C;\ncpp_quote(\"#endif\")\ncpp_quote(\"#endif\")\n";
    let c = CConditions::of(text);
    let never = |n: &str| {
        let at = text.find(n).expect("needle in text");
        c.hiding(&(at..at + n.len())).map(|h| h.never)
    };
    assert_eq!(["A;", "B;", "C;"].map(never), [Some(true), Some(false), Some(true)]);
}
