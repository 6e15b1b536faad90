//! The math methods of the rule table, each applied on its smooth domain (or,
//! for the non-smooth ones, as a recording point of the twin), spelled as a
//! method or as a path.

use super::edges::EDGE;
use super::expr::E;
use super::{join, Gen};
use crate::code::{cat, Code, Rec};

/// Every method the macro accepts on floats; each is generated on a domain where it is smooth
/// (or, for the non-smooth ones, recorded by the twin).
pub const METHODS: &[&str] = &[
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "exp",
    "exp2",
    "exp_m1",
    "ln",
    "ln_1p",
    "log",
    "log2",
    "log10",
    "sqrt",
    "cbrt",
    "powi",
    "powf",
    "hypot",
    "abs",
    "signum",
    "max",
    "min",
    "mul_add",
    "floor",
    "ceil",
    "round",
    "trunc",
    "fract",
    "recip",
    "to_degrees",
    "to_radians",
    "rem_euclid",
    "div_euclid",
    "clamp",
];

/// How often a method is spelled as a path (`f64::sin(a)`, `f64::max(a, b)`).
const PATH: f64 = 0.25;

impl Gen<'_> {
    /// `recv.name(args)`, or (`PATH` of the time) `f64::name(recv, args)`.
    pub(super) fn meth(&mut self, name: &str, recv: Code, args: Vec<Code>) -> Code {
        if self.rng.chance(PATH) {
            self.stats.bump(&format!("path f64::{name}"));
            let mut all = vec![recv];
            all.extend(args);
            cat!["f64::", name, "(", join(all), ")"]
        } else {
            cat![recv, ".", name, "(", join(args), ")"]
        }
    }

    /// A recording point of the twin, its method spelled as a path `PATH` of the time.
    pub(super) fn rec(&mut self, kind: Rec, name: &str, args: Vec<Code>) -> Code {
        let path = self.rng.chance(PATH);
        if path {
            self.stats.bump(&format!("path f64::{name}"));
        }
        Code::rec_spelled(kind, args, path)
    }

    /// A math method applied on its smooth domain.
    pub(super) fn math(&mut self, d: u32) -> E {
        let name = METHODS[self.rng.below(METHODS.len())];
        self.stats.bump(name);
        let a = self.typed(d).recv();
        if self.rng.chance(EDGE) {
            if let Some(e) = self.edge(name, a.clone(), d) {
                return e;
            }
        }
        let m = |c: Code| E::new(c, true, true);
        match name {
            "sin" | "cos" | "atan" | "tanh" | "asinh" => m(self.meth(name, a, vec![])),
            "tan" => m(self.meth(name, cat![a, ".tanh()"], vec![])),
            "asin" | "acos" | "atanh" => m(self.meth(name, cat!["(", a, ".tanh() * 0.9)"], vec![])),
            "sinh" | "cosh" | "exp" | "exp2" | "exp_m1" => {
                let inner = ["sin", "cos", "tanh"][self.rng.below(3)];
                m(self.meth(name, cat![a, ".", inner, "()"], vec![]))
            }
            "acosh" => m(self.meth(name, cat!["(2.0 + ", a, ".sin())"], vec![])),
            "ln" | "log2" | "log10" | "sqrt" | "cbrt" | "recip" => {
                let p = self.pos_of(a);
                m(self.meth(name, p, vec![]))
            }
            "ln_1p" => m(self.meth(name, cat!["(", a, ".sin() * 0.5)"], vec![])),
            "log" => {
                let b = self.typed(d).recv();
                let p = self.pos_of(a);
                m(self.meth(name, p, vec![cat!["2.5 + ", b, ".cos()"]]))
            }
            "powi" => match self.rng.below(4) {
                3 if self.int_var().is_some() => {
                    let k = self.int_var().expect("int");
                    self.stats.bump("powi with an integer variable");
                    m(self.meth(name, cat![a, ".tanh()"], vec![cat![k, " as i32"]]))
                }
                0 | 3 => {
                    let k = Code::new(self.rng.range(2, 3).to_string());
                    m(self.meth(name, a, vec![k]))
                }
                1 => {
                    let k = Code::new(self.rng.range(2, 4).to_string());
                    m(self.meth(name, cat![a, ".tanh()"], vec![k]))
                }
                _ => {
                    let p = self.pos_of(a);
                    let k = Code::new(format!("-{}", self.rng.range(1, 2)));
                    m(self.meth(name, p, vec![k]))
                }
            },
            "powf" => {
                let b = self.typed(d).recv();
                let p = self.pos_of(a);
                let q = match self.rng.below(2) {
                    0 => cat![b, ".tanh() * 1.5"],
                    _ => Code::new(self.rng.lit(-1.5, 2.5)),
                };
                m(self.meth(name, p, vec![q]))
            }
            "hypot" => {
                let b = self.typed(d).recv();
                if self.rng.chance(0.5) {
                    m(self.meth(name, a, vec![cat!["1.0 + 0.5 * ", b, ".sin()"]]))
                } else {
                    let r = cat!["(1.0 + 0.5 * ", b, ".cos())"];
                    m(self.meth(name, r, vec![a]))
                }
            }
            "atan2" => {
                let b = self.typed(d).recv();
                if self.rng.chance(0.5) {
                    m(self.meth(name, a, vec![cat!["1.5 + ", b, ".cos()"]]))
                } else {
                    let r = cat!["(1.2 + ", b, ".sin())"];
                    m(self.meth(name, r, vec![a]))
                }
            }
            "mul_add" => {
                let (b, c) = (self.fexpr(d).c, self.fexpr(d).c);
                m(self.meth(name, a, vec![b, c]))
            }
            "to_degrees" => m(cat!["(", self.meth(name, a, vec![]), " * 0.02)"]),
            "to_radians" => m(cat!["(", self.meth(name, a, vec![]), " * 20.0)"]),
            "abs" => m(self.rec(Rec::Abs, name, vec![a])),
            "signum" => {
                let b = self.fexpr(d).c;
                m(cat![
                    "(",
                    self.rec(Rec::Signum, name, vec![a]),
                    " * ",
                    b,
                    ")"
                ])
            }
            "max" | "min" => {
                let b = self.fexpr(d).c;
                let k = if name == "max" { Rec::Max } else { Rec::Min };
                m(self.rec(k, name, vec![a, b]))
            }
            "floor" | "ceil" | "round" | "trunc" => {
                let k = match name {
                    "floor" => Rec::Floor,
                    "ceil" => Rec::Ceil,
                    "round" => Rec::Round,
                    _ => Rec::Trunc,
                };
                let b = self.fexpr(d).c;
                // A piecewise constant: let it scale something smooth.
                let r = self.rec(k, name, vec![cat![a, " * 2.0"]]);
                m(cat!["(", r, " * 0.3 * ", b, ")"])
            }
            "fract" => m(self.rec(Rec::Fract, name, vec![cat![a, " * 1.5"]])),
            "rem_euclid" => {
                let b = self.divisor(d);
                m(self.rec(Rec::RemEuclid, name, vec![a, b]))
            }
            "div_euclid" => {
                // Piecewise constant, like `floor`.
                let b = self.divisor(d);
                let c = self.fexpr(d).c;
                let r = self.rec(Rec::DivEuclid, name, vec![a, b]);
                m(cat!["(", r, " * 0.3 * ", c, ")"])
            }
            "clamp" => {
                // lo in [-0.7, -0.3] < hi in [0.4, 0.8]
                let (b, c) = (self.typed(d).recv(), self.typed(d).recv());
                let lo = cat!["-0.5 + 0.2 * ", b, ".sin()"];
                let hi = cat!["0.6 + 0.2 * ", c, ".cos()"];
                m(self.rec(Rec::Clamp, name, vec![a, lo, hi]))
            }
            other => unreachable!("method {other}"),
        }
    }

    /// A positive divisor for `rem_euclid` and `div_euclid`: a literal or an expression.
    pub(super) fn divisor(&mut self, d: u32) -> Code {
        if self.rng.chance(0.5) {
            Code::new(self.rng.lit(0.7, 1.9))
        } else {
            let b = self.typed(d).recv();
            cat!["1.2 + 0.4 * ", b, ".sin()"]
        }
    }

    /// A positive value made of the receiver `a`.
    pub(super) fn pos_of(&mut self, a: Code) -> Code {
        match self.rng.below(3) {
            0 => cat!["(1.5 + ", a, ".sin())"],
            1 => cat!["(1.0 + ", a.clone(), " * ", a, ")"],
            _ => cat!["(1.6 + ", a, ".tanh())"],
        }
    }
}
