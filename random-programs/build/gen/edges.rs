//! Edge-of-domain forms of the math methods: the primitive sees a huge or tiny
//! operand, or a zero base, while the composite's value and its first and second
//! derivatives stay O(1), so finite differences still check them.

use super::expr::E;
use super::Gen;
use crate::code::{cat, Code};

/// How often a method with an edge-of-domain form gets it (`(1e150 * a).hypot(..)`).
pub(super) const EDGE: f64 = 0.2;
/// How often a division gets its edge form `(S * a) / (S * p)`.
pub(super) const EDGE_DIV: f64 = 0.06;

/// `1e{e}`
pub(super) fn p10(e: i32) -> String {
    format!("1e{e}")
}

/// A literal with three decimals, parenthesized when negative.
fn num(v: f64) -> String {
    if v < 0.0 {
        format!("({v:.3})")
    } else {
        format!("{v:.3}")
    }
}

impl Gen<'_> {
    /// An edge scale's exponent: from `wide` (beyond `f32`'s range) when this program
    /// may use those, else from `narrow` (within it).
    pub(super) fn scale(&mut self, wide: &[i32], narrow: &[i32]) -> i32 {
        if self.wide {
            self.used_wide = true;
            wide[self.rng.below(wide.len())]
        } else {
            narrow[self.rng.below(narrow.len())]
        }
    }

    /// An edge-of-domain form of method `name` on receiver `a`, if it has one: the
    /// primitive sees a huge or tiny operand (or a zero base) while the composite's value
    /// and first and second derivatives stay O(1). Scales never exceed 1e150 (the
    /// tangent of `S * a` is `S`; its square must be finite), and second-order
    /// coefficients such as `1/x³` of `recip` must be representable (1e100 there).
    pub(super) fn edge(&mut self, name: &str, a: Code, d: u32) -> Option<E> {
        let m = |c: Code| E::new(c, true, true);
        let times = |s: &str, x: Code| cat!["(", s, " * ", x, ")"];
        let size = |e: i32| if e > 0 { "huge" } else { "tiny" };
        Some(match name {
            "sin" | "tan" | "asin" | "atan" | "tanh" | "sinh" | "exp_m1" | "ln_1p" | "atanh" => {
                let e = self.scale(&[-150, -100], &[-15]);
                self.stats.bump(&format!("edge: {name} tiny"));
                let r = self.meth(name, times(&p10(e), a), vec![]);
                m(cat!["(", r, " * ", p10(-e), ")"])
            }
            "asinh" if self.rng.chance(0.4) => {
                let e = self.scale(&[-150, -100], &[-15]);
                self.stats.bump("edge: asinh tiny");
                let r = self.meth(name, times(&p10(e), a), vec![]);
                m(cat!["(", r, " / ", p10(e), ")"])
            }
            "asinh" | "acosh" => {
                // ln(2 S p) - ln S: p ≥ 0.5 (asinh) or ≥ 1.5 (acosh).
                let e = self.scale(&[150, 100], &[15]);
                self.stats.bump(&format!("edge: {name} huge"));
                let p = if name == "asinh" {
                    self.pos_of(a)
                } else {
                    cat!["(2.0 + 0.5 * ", a, ".sin())"]
                };
                let r = self.meth(name, times(&p10(e), p), vec![]);
                let c = f64::from(e) * std::f64::consts::LN_10;
                m(cat!["(", r, " - ", num(c), ")"])
            }
            "ln" | "log2" | "log10" => {
                let e = self.scale(&[150, 100, -150, -100], &[15, -15]);
                self.stats.bump(&format!("edge: {name} {}", size(e)));
                let p = self.pos_of(a);
                let r = self.meth(name, times(&p10(e), p), vec![]);
                let per_decade = match name {
                    "ln" => std::f64::consts::LN_10,
                    "log2" => std::f64::consts::LOG2_10,
                    _ => 1.0,
                };
                m(cat!["(", r, " - ", num(f64::from(e) * per_decade), ")"])
            }
            "sqrt" | "cbrt" => {
                let (e, root) = if name == "sqrt" {
                    (self.scale(&[150, 100, -150, -100], &[16, -16]), 2)
                } else {
                    (self.scale(&[150, -150, 99, -99], &[15, -15]), 3)
                };
                self.stats.bump(&format!("edge: {name} {}", size(e)));
                let p = self.pos_of(a);
                let r = self.meth(name, times(&p10(e), p), vec![]);
                m(cat!["(", r, " / ", p10(e / root), ")"])
            }
            "recip" => {
                let e = self.scale(&[100, -100], &[10, -10]);
                self.stats.bump(&format!("edge: recip {}", size(e)));
                let p = self.pos_of(a);
                let r = self.meth(name, times(&p10(e), p), vec![]);
                m(cat!["(", r, " * ", p10(e), ")"])
            }
            "hypot" => {
                let e = self.scale(&[150, 100, -150, -100], &[15, -15]);
                self.stats.bump(&format!("edge: hypot {}", size(e)));
                let b = self.typed(d).recv();
                let s = p10(e);
                let c = cat!["(1.0 + 0.5 * ", b, ".sin())"];
                let (x, y) = if self.rng.chance(0.5) { (a, c) } else { (c, a) };
                let r = self.meth(name, times(&s, x), vec![cat![&s, " * ", y]]);
                if self.rng.chance(0.5) {
                    m(cat!["(", r, " / ", s, ")"])
                } else {
                    m(cat!["(", r, " * ", p10(-e), ")"])
                }
            }
            "atan2" => {
                let e = self.scale(&[150, 100, -150, -100], &[15, -15]);
                self.stats.bump(&format!("edge: atan2 {}", size(e)));
                let b = self.typed(d).recv();
                let s = p10(e);
                if self.rng.chance(0.5) {
                    let x = cat![&s, " * (1.5 + ", b, ".cos())"];
                    m(self.meth(name, times(&s, a), vec![x]))
                } else {
                    let y = cat!["(", &s, " * (1.2 + ", b, ".sin()))"];
                    m(self.meth(name, y, vec![cat![&s, " * ", a]]))
                }
            }
            "powf" if self.rng.chance(0.5) => {
                // A zero base: aᵖ = 0 for every nearby p, so ∂p = 0 (ln 0 = -∞ in the
                // textbook rule); p ≥ 2 keeps ∂a and ∂aa finite at 0, where the tangent
                // of `v - v` is exactly 0 (∞·0 would be NaN, as documented).
                let v = self.float_var().c;
                let z = cat!["(", v.clone(), " - ", v, ")"];
                let q = if self.rng.chance(0.5) {
                    self.stats.bump("edge: powf zero base");
                    let b = self.typed(d).recv();
                    cat!["2.5 + 0.5 * ", b, ".tanh()"]
                } else {
                    self.stats.bump("edge: powf zero base (exponent 2.0)");
                    Code::new("2.0")
                };
                m(self.meth(name, z, vec![q]))
            }
            "powf" => {
                // (S p)^q / S^q = p^q with S^q at most 1e250 (1e130 for an active q).
                let e = self.scale(&[100], &[10]);
                self.stats.bump("edge: powf huge base");
                let p = self.pos_of(a);
                let q = if self.rng.chance(0.5) {
                    Code::new(self.rng.lit(0.5, 2.5))
                } else {
                    let v = self.float_var().c;
                    cat!["(0.9 + 0.4 * ", v, ".tanh())"]
                };
                let s = p10(e);
                let numer = self.meth(name, times(&s, p), vec![q.clone()]);
                let den = if self.rng.chance(0.5) {
                    cat!["f64::powf(", &s, ", ", q, ")"]
                } else {
                    cat![&s, "_f64.powf(", q, ")"]
                };
                m(cat!["(", numer, " / ", den, ")"])
            }
            "powi" if self.rng.chance(0.5) => {
                self.stats.bump("edge: powi zero base");
                let v = self.float_var().c;
                let z = cat!["(", v.clone(), " - ", v, ")"];
                let k = Code::new(self.rng.range(1, 3).to_string());
                m(self.meth(name, z, vec![k]))
            }
            "powi" => {
                let k = self.rng.range(2, 3);
                let e = if k == 2 {
                    self.scale(&[100], &[10])
                } else {
                    self.scale(&[50], &[6])
                };
                self.stats.bump("edge: powi huge");
                let r = self.meth(name, times(&p10(e), a), vec![Code::new(k.to_string())]);
                m(cat!["(", r, " * ", p10(-e * k as i32), ")"])
            }
            _ => return None,
        })
    }
}
