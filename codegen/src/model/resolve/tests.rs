//! The resolver's own invariants; its behaviour is tested through whole files in `tests/`.

#[test]
fn known_attributes_are_sorted_for_bisection() {
    assert!(super::attributes::KNOWN_ATTRIBUTES.windows(2).all(|w| w[0] < w[1]));
}
