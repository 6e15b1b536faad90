//! Compile-fail tests: every construct `#[differentiate]` rejects, with the
//! message the user sees (`tests/ui/<mistake>.rs` and its `.stderr`).
//!
//! `tests/ui-build` holds programs whose errors (or their absence) show only when
//! they are built, not just checked: a second-order mode through a declared
//! derivative without `hvp` is refused when it is instantiated.
//!
//! Regenerate the snapshots with `TRYBUILD=overwrite cargo test --test ui`.

#[test]
fn ui() {
    {
        let t = trybuild::TestCases::new();
        t.compile_fail("tests/ui/*.rs");
    }
    let t = trybuild::TestCases::new();
    t.pass("tests/ui-build/declared-first-order-only.rs");
    t.compile_fail("tests/ui-build/declared-without-hvp.rs");
    t.compile_fail("tests/ui-build/nested-second-order.rs");
    t.compile_fail("tests/ui-build/nested-laplacian-through-declared.rs");
    t.compile_fail("tests/ui-build/sparsity-through-nested.rs");
}
