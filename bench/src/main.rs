//! Run-time benchmarks of `jacobian` against hand-written derivatives and the
//! operator-overloading crates num-dual, echidna and ad_trait.
//!
//! ```sh
//! cargo run --release --manifest-path bench/Cargo.toml              # every problem
//! cargo run --release --manifest-path bench/Cargo.toml -- rosen_grad # some of them
//! ```
//!
//! `jacobian-bench count NAME CALLS` only calls one method `CALLS` times, untimed, for
//! instruction counts under `valgrind --tool=callgrind` (see `COUNTED`).
//!
//! Each problem's file holds its function twice, side by side: as plain Rust under
//! `#[differentiate]`, and generic over [`real::Real`] for the other crates. Every
//! method's result is checked against the hand-written derivative before it is timed.

// The functions are written with index loops on purpose: each generic twin mirrors the
// `#[differentiate]` version statement by statement (the macro does not take iterators).
#![allow(clippy::needless_range_loop)]

mod brusselator;
mod laplacian;
mod lorenz;
mod mlp;
mod real;
mod rosen;
mod timing;

use std::process::ExitCode;

use timing::Table;

/// A problem's benchmark: its tables.
type Run = fn() -> Vec<Table>;

/// The problems, by the name that selects them on the command line.
const PROBLEMS: [(&str, Run); 5] = [
    ("rosen_grad", rosen::run),
    ("mlp_jac", mlp::run),
    ("lorenz_rk4", lorenz::run),
    ("mlp_laplacian", laplacian::run),
    ("brusselator_sparse", brusselator::run),
];

/// A method for `count`: calls it the given number of times.
type Counted = fn(u64);

/// The methods `count` can call, by name.
const COUNTED: [(&str, Counted); 13] = [
    ("mlp_hand", mlp::count_hand),
    ("mlp_ours", mlp::count_ours),
    ("rosen_primal", rosen::count_primal),
    ("rosen_hand", rosen::count_hand),
    ("rosen_ours", rosen::count_ours),
    ("laplacian_hand", laplacian::count_hand),
    ("laplacian_ours", laplacian::count_ours),
    ("laplacian_hessian", laplacian::count_hessian),
    ("laplacian_gradient", laplacian::count_lap_gradient),
    ("brusselator_primal", brusselator::count_primal),
    ("brusselator_sparse", brusselator::count_sparse),
    ("brusselator_detect", brusselator::count_detect),
    ("brusselator_echidna", brusselator::count_echidna),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("count") {
        return count(&args[1..]);
    }
    let names: Vec<&str> = PROBLEMS.iter().map(|(name, _)| *name).collect();
    if let Some(unknown) = args.iter().find(|a| !names.contains(&a.as_str())) {
        eprintln!(
            "unknown problem `{unknown}`; the problems are: {}",
            names.join(", ")
        );
        return ExitCode::FAILURE;
    }
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; time with `cargo run --release`");
    }
    let mut wrong = false;
    for (name, run) in PROBLEMS {
        if args.is_empty() || args.iter().any(|a| a == name) {
            for table in run() {
                wrong |= table.has_wrong();
                println!("{}", table.render());
            }
        }
    }
    if wrong {
        eprintln!("some methods computed a wrong derivative (marked WRONG)");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `count NAME CALLS`: calls one method `CALLS` times (and sets up its input once), so
/// that the difference of two instruction counts with different `CALLS` is the count per call.
fn count(args: &[String]) -> ExitCode {
    let method = args
        .first()
        .and_then(|name| COUNTED.iter().find(|(n, _)| n == name));
    let calls = args.get(1).and_then(|c| c.parse::<u64>().ok());
    match (method, calls) {
        (Some((_, f)), Some(calls)) => {
            f(calls);
            ExitCode::SUCCESS
        }
        _ => {
            let names: Vec<&str> = COUNTED.iter().map(|(n, _)| *n).collect();
            eprintln!("usage: count NAME CALLS, NAME one of: {}", names.join(", "));
            ExitCode::FAILURE
        }
    }
}
