//! Compile-fail tests: every construct `#[differentiate]` rejects, with the
//! message the user sees (`tests/ui/<mistake>.rs` and its `.stderr`).
//!
//! Regenerate the snapshots with `TRYBUILD=overwrite cargo test --test ui`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
