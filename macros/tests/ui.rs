//! The macro's misuse messages, pinned: each file under ui/ must fail to compile with exactly the
//! message beside it (TRYBUILD=overwrite rewrites them after review); ok.rs must compile.
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/ok.rs");
    t.compile_fail("tests/ui/fail_*.rs");
}
