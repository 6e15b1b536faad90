//! Random-program differential testing of `#[differentiate]`.
//!
//! This crate is test-only. Its build script (`build/`) generates random, well-typed
//! functions in the language the macro supports, together with plain-Rust twins that
//! record every branch decision; the test binaries (`tests/shard_*.rs`) check each
//! program's derivatives against finite differences and against each other. See the
//! "Random program testing" section of the workspace README for how to run it.
#![forbid(unsafe_code)]
