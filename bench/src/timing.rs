//! Sampling, checking and the result tables.
//!
//! Each method is first run once and its result compared with the hand-written derivative;
//! a method whose result differs is reported as WRONG and not timed. A correct method is
//! timed in samples of at least [`MIN_SAMPLE`] each (enough calls per sample to reach it),
//! and the table reports the median time per call with the fastest and slowest sample.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Minimum duration of one sample.
const MIN_SAMPLE: Duration = Duration::from_millis(10);
/// Number of samples per method, unless a single call is so slow that fewer fit the budget.
const SAMPLES: usize = 15;
/// Fewest samples taken for a slow method.
const MIN_SAMPLES: usize = 5;
/// Time budget per slow method (calls of more than `MIN_SAMPLE`), in samples × call time.
const SLOW_BUDGET: Duration = Duration::from_secs(2);
/// Relative tolerance of the check against the hand-written derivative.
pub const TOL: f64 = 1e-8;

/// Time per call, in seconds, over the samples of one method.
#[derive(Clone, Copy, Debug)]
pub struct Stats {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub samples: usize,
    pub calls_per_sample: u64,
}

/// Runs `f` in samples of at least [`MIN_SAMPLE`] and returns the time per call.
pub fn measure<R>(mut f: impl FnMut() -> R) -> Stats {
    let mut calls: u64 = 1;
    let first = loop {
        let t = run(&mut f, calls);
        if t >= MIN_SAMPLE {
            break t;
        }
        // Aim at 1.5 × the minimum from what this batch took, at least doubling.
        let per_call = t.as_secs_f64() / calls as f64;
        let wanted = (MIN_SAMPLE.as_secs_f64() * 1.5 / per_call.max(1e-10)).ceil() as u64;
        calls = wanted.max(calls * 2);
    };
    let samples = if calls == 1 {
        let fit = (SLOW_BUDGET.as_secs_f64() / first.as_secs_f64()) as usize;
        fit.clamp(MIN_SAMPLES, SAMPLES)
    } else {
        SAMPLES
    };
    let mut times: Vec<f64> = (0..samples)
        .map(|_| run(&mut f, calls).as_secs_f64() / calls as f64)
        .collect();
    times.sort_by(f64::total_cmp);
    Stats {
        median: times[times.len() / 2],
        min: times[0],
        max: times[times.len() - 1],
        samples,
        calls_per_sample: calls,
    }
}

fn run<R>(f: &mut impl FnMut() -> R, calls: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..calls {
        black_box(f());
    }
    start.elapsed()
}

/// Largest entrywise relative difference of `got` from `want`, each entry scaled by
/// `max(|want_i|, 1e-3 · max_j |want_j|)` so that tiny entries of a large result do not
/// dominate; infinite when the lengths differ or a value is not finite.
pub fn rel_err(got: &[f64], want: &[f64]) -> f64 {
    if got.len() != want.len() {
        return f64::INFINITY;
    }
    let scale = want.iter().fold(0.0_f64, |m, w| m.max(w.abs())) * 1e-3;
    let mut err = 0.0_f64;
    for (g, w) in got.iter().zip(want) {
        if !g.is_finite() {
            return f64::INFINITY;
        }
        let denom = w.abs().max(scale).max(f64::MIN_POSITIVE);
        err = err.max((g - w).abs() / denom);
    }
    err
}

enum Outcome {
    Timed { stats: Stats, check: String },
    Wrong(f64),
    Skipped(String),
}

struct Row {
    name: String,
    outcome: Outcome,
}

/// The results of one problem: the primal, the hand-written derivative (the reference
/// every other method is checked against), then the methods.
pub struct Table {
    title: String,
    reference: Option<Vec<f64>>,
    primal: Option<f64>,
    hand: Option<f64>,
    rows: Vec<Row>,
    notes: Vec<String>,
}

impl Table {
    pub fn new(title: impl Into<String>) -> Self {
        let title = title.into();
        eprintln!("running {title}");
        Table {
            title,
            reference: None,
            primal: None,
            hand: None,
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Times the function itself (no derivative, nothing to check).
    pub fn primal<R>(&mut self, name: &str, f: impl FnMut() -> R) {
        let stats = measure(f);
        self.primal = Some(stats.median);
        let check = "(not a derivative)".to_owned();
        self.push(name, Outcome::Timed { stats, check });
    }

    /// Times the hand-written derivative and records its result as the reference.
    pub fn hand<R>(&mut self, name: &str, mut f: impl FnMut() -> R, flat: impl Fn(&R) -> Vec<f64>) {
        self.reference = Some(flat(&f()));
        self.time_hand(name, f);
    }

    /// [`Table::hand`] for a derivative written into `state`.
    pub fn hand_in_place<S>(
        &mut self,
        name: &str,
        state: &mut S,
        mut f: impl FnMut(&mut S),
        flat: impl Fn(&S) -> Vec<f64>,
    ) {
        f(state);
        self.reference = Some(flat(state));
        self.time_hand(name, || f(state));
    }

    fn time_hand<R>(&mut self, name: &str, f: impl FnMut() -> R) {
        let stats = measure(f);
        self.hand = Some(stats.median);
        let check = "reference".to_owned();
        self.push(name, Outcome::Timed { stats, check });
    }

    /// Checks a method against the reference, then times it if it is right.
    pub fn method<R>(
        &mut self,
        name: &str,
        mut f: impl FnMut() -> R,
        flat: impl Fn(&R) -> Vec<f64>,
    ) {
        let got = flat(&f());
        self.check_then_time(name, &got, f);
    }

    /// [`Table::method`] for a derivative written into `state` (which the caller should
    /// fill with NaN, so that a method that writes nothing fails the check).
    pub fn method_in_place<S>(
        &mut self,
        name: &str,
        state: &mut S,
        mut f: impl FnMut(&mut S),
        flat: impl Fn(&S) -> Vec<f64>,
    ) {
        f(state);
        let got = flat(state);
        self.check_then_time(name, &got, || f(state));
    }

    fn check_then_time<R>(&mut self, name: &str, got: &[f64], f: impl FnMut() -> R) {
        let reference = self
            .reference
            .as_ref()
            .expect("the hand-written row comes first");
        let err = rel_err(got, reference);
        let outcome = if err <= TOL {
            let check = format!("ok ({err:.0e})");
            Outcome::Timed {
                stats: measure(f),
                check,
            }
        } else {
            Outcome::Wrong(err)
        };
        self.push(name, outcome);
    }

    /// A method that is not run, with the reason.
    pub fn skip(&mut self, name: &str, reason: &str) {
        self.push(name, Outcome::Skipped(reason.to_owned()));
    }

    /// A line printed under the table.
    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    fn push(&mut self, name: &str, outcome: Outcome) {
        eprintln!("  {name}");
        self.rows.push(Row {
            name: name.to_owned(),
            outcome,
        });
    }

    /// Whether some method's result failed the check.
    pub fn has_wrong(&self) -> bool {
        self.rows
            .iter()
            .any(|r| matches!(r.outcome, Outcome::Wrong(_)))
    }

    /// The table in Markdown.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "### {}\n", self.title);
        let _ = writeln!(
            out,
            "| method | time/call (median) | min … max | samples × calls | × hand-written | × primal | check (rel. err) |"
        );
        let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--|");
        for row in &self.rows {
            let _ = writeln!(out, "| {} | {} |", row.name, self.cells(&row.outcome));
        }
        for note in &self.notes {
            let _ = writeln!(out, "\n{note}");
        }
        out
    }

    fn cells(&self, outcome: &Outcome) -> String {
        match outcome {
            Outcome::Timed { stats, check } => {
                let ratio = |base: Option<f64>| match base {
                    Some(b) => format!("{:.2}", stats.median / b),
                    None => "–".to_owned(),
                };
                format!(
                    "{} | {} … {} | {} × {} | {} | {} | {}",
                    fmt_time(stats.median),
                    fmt_time(stats.min),
                    fmt_time(stats.max),
                    stats.samples,
                    stats.calls_per_sample,
                    ratio(self.hand),
                    ratio(self.primal),
                    check
                )
            }
            Outcome::Wrong(err) => format!("WRONG | | | | | | rel. err {err:.1e} > {TOL:.0e}"),
            Outcome::Skipped(reason) => format!("not run | | | | | | {reason}"),
        }
    }
}

/// A duration in seconds with a unit chosen for 3–4 significant digits.
pub fn fmt_time(s: f64) -> String {
    if s < 1e-6 {
        format!("{:.1} ns", s * 1e9)
    } else if s < 1e-3 {
        format!("{:.2} µs", s * 1e6)
    } else if s < 1.0 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_method_is_reported_and_not_timed() {
        let mut t = Table::new("test");
        t.hand("hand", || vec![1.0, 2.0], Vec::clone);
        t.method("close", || vec![1.0, 2.0 + 1e-12], Vec::clone);
        assert!(!t.has_wrong());
        t.method("off", || vec![1.0, 2.1], Vec::clone);
        t.method("nan", || vec![1.0, f64::NAN], Vec::clone);
        t.method("short", || vec![1.0], Vec::clone);
        assert!(t.has_wrong());
        let table = t.render();
        assert_eq!(table.matches("| WRONG |").count(), 3, "{table}");
        assert!(
            table.contains("| close | ") && table.contains("ok ("),
            "{table}"
        );
    }

    #[test]
    fn relative_error_scales_small_entries_by_the_largest() {
        assert_eq!(rel_err(&[2.0], &[2.0]), 0.0);
        assert!((rel_err(&[1.0, 2.2], &[1.0, 2.0]) - 0.1).abs() < 1e-12);
        // 1e-6 off an entry of 1e-9 next to an entry of 1: scaled by 1e-3, not by 1e-9.
        assert!((rel_err(&[1.0, 1e-9 + 1e-6], &[1.0, 1e-9]) - 1e-3).abs() < 1e-12);
    }
}
