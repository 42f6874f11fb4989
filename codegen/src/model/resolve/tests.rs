//! The resolver's own invariants; its behaviour is tested through whole files in `tests/`.

#[test]
fn known_attributes_are_sorted_for_bisection() {
    assert!(super::attributes::KNOWN_ATTRIBUTES.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn standard_types_are_sorted_for_bisection() {
    let types = super::standard_types::STANDARD_TYPES;
    assert!(types.windows(2).all(|w| w[0].name < w[1].name));
}

/// The table says which types the prelude declares: importing the file without an SDK resolves
/// exactly those.
#[test]
fn standard_types_say_what_the_prelude_declares() {
    for t in super::standard_types::STANDARD_TYPES {
        let mut session = crate::Session::new(crate::Options::default());
        let checked = session.check_text("t.idl", &format!("import \"{}\";\ntypedef {} *P;\n", t.file, t.name));
        assert_eq!(checked.is_ok(), t.in_prelude, "{}", t.name);
    }
}
