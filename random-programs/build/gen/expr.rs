//! Float expressions, integer index expressions and conditions.

use super::{join, Gen, Out, PKind, Var, DYN_MAX, VK};
use crate::code::{cat, Code, Rec};

/// A float expression: `atom` when it needs no parentheses as a method receiver,
/// `typed` when its type is known to be `f64` (a literal alone is `{float}`, which
/// cannot receive a method call).
pub struct E {
    pub c: Code,
    pub atom: bool,
    pub typed: bool,
}

impl E {
    fn new(c: Code, atom: bool, typed: bool) -> E {
        E { c, atom, typed }
    }

    /// As a method receiver.
    fn recv(self) -> Code {
        if self.atom {
            self.c
        } else {
            cat!["(", self.c, ")"]
        }
    }
}

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
];

impl Gen<'_> {
    /// A float expression of at most `depth` operator levels.
    pub(super) fn fexpr(&mut self, depth: u32) -> E {
        if depth == 0 || self.rng.chance(0.25) {
            return self.leaf();
        }
        let d = depth - 1;
        let nested = if self.opaque > 0 { 0 } else { 1 };
        match self.rng.weighted(&[6, 2, 1, 9, 1, nested, 2, nested]) {
            0 => {
                let (a, b) = (self.fexpr(d), self.fexpr(d));
                let op = ["+", "-", "*"][self.rng.below(3)];
                let typed = a.typed || b.typed;
                E::new(cat!["(", a.c, " ", op, " ", b.c, ")"], true, typed)
            }
            1 => {
                self.stats.bump("division");
                let a = self.fexpr(d);
                let den = self.positive(d);
                let typed = a.typed || den.typed;
                E::new(cat!["(", a.c, " / ", den.c, ")"], true, typed)
            }
            2 if self.rng.chance(0.5) => {
                let a = self.fexpr(d);
                let typed = a.typed;
                E::new(cat!["(-", a.recv(), ")"], true, typed)
            }
            2 => {
                self.stats.bump("float remainder");
                let a = self.typed(d).c;
                let b = self.rng.lit(0.7, 1.9);
                E::new(Code::rec(Rec::Rem, vec![a, Code::new(b)]), true, true)
            }
            4 => match self.int_var() {
                Some(i) => {
                    self.stats.bump("int as f64");
                    let a = self.fexpr(d);
                    let k = self.rng.lit(0.1, 0.6);
                    E::new(cat!["((", i, " as f64) * ", k, " + ", a.c, ")"], true, true)
                }
                None => self.math(d),
            },
            5 => {
                self.stats.bump("if as a value");
                let c = self.cond(1);
                let (a, b) = (self.fexpr(d), self.fexpr(d));
                let typed = a.typed || b.typed;
                let c = Code::rec(Rec::Bool, vec![c]);
                E::new(
                    cat!["(if ", c, " { ", a.c, " } else { ", b.c, " })"],
                    true,
                    typed,
                )
            }
            6 if d > 0 => self.scalar_call().unwrap_or_else(|| self.math(d)),
            7 => {
                self.stats.bump("block as a value");
                let t = self.fresh("b");
                let a = self.fexpr(d);
                let k = self.rng.lit(0.2, 0.9);
                let typed = a.typed;
                E::new(
                    cat!["{ let ", &t, " = ", a.c, "; ", &t, " * ", k, " - ", &t, " }"],
                    false,
                    typed,
                )
            }
            _ => self.math(d),
        }
    }

    /// A typed float expression (a method receiver).
    fn typed(&mut self, depth: u32) -> E {
        for _ in 0..4 {
            let e = self.fexpr(depth);
            if e.typed {
                return e;
            }
        }
        self.float_var()
    }

    /// A value in `[-1, 1]`.
    pub(super) fn bounded(&mut self, depth: u32) -> Code {
        let a = self.typed(depth).recv();
        match self.rng.below(4) {
            0 => cat![a, ".tanh()"],
            1 => cat![a, ".sin()"],
            2 => cat![a, ".cos()"],
            _ => cat!["(", a, ".atan() * 0.6)"],
        }
    }

    /// A value in `[0.5, 2.5]`.
    fn positive(&mut self, depth: u32) -> E {
        let a = self.typed(depth).recv();
        let c = match self.rng.below(3) {
            0 => cat!["(1.5 + ", a, ".sin())"],
            1 => cat!["(1.5 + ", a, ".cos())"],
            _ => cat!["(1.6 + ", a, ".tanh())"],
        };
        E::new(c, false, true)
    }

    fn leaf(&mut self) -> E {
        if self.rng.chance(0.12) {
            if self.rng.chance(0.15) {
                self.stats.bump("f64 constant");
                let c = [
                    "::core::f64::consts::FRAC_PI_4",
                    "std::f64::consts::LN_2",
                    "f64::EPSILON",
                ][self.rng.below(3)];
                return E::new(Code::new(c), true, true);
            }
            return E::new(Code::new(self.rng.lit(-2.0, 2.0)), true, false);
        }
        self.float_var()
    }

    /// A float variable or an element of an array, nested array or sequence;
    /// half the time one the program writes (its state), when there is one.
    pub(super) fn float_var(&mut self) -> E {
        let state = self.vars(|v| v.mutable && !matches!(v.kind, VK::Int { .. }));
        let vars = if !state.is_empty() && self.rng.chance(0.5) {
            state
        } else {
            self.vars(|v| !matches!(v.kind, VK::Int { .. }))
        };
        let v = self
            .pick(&vars)
            .expect("every program has a float parameter");
        let c = match v.kind {
            VK::F => Code::new(v.name.clone()),
            VK::Arr(n) => cat![&v.name, "[", self.index(n), "]"],
            VK::Arr2(n, m) => cat![&v.name, "[", self.index(n), "][", self.index(m), "]"],
            VK::Seq { len, .. } => cat![&v.name, "[", self.seq_index(&v.name, len), "]"],
            VK::Int { .. } => unreachable!(),
        };
        E::new(c, true, true)
    }

    /// An index in `0..len`.
    pub(super) fn index(&mut self, len: usize) -> Code {
        let safe = self.vars(|v| matches!(v.kind, VK::Int { max, safe: true } if max < len));
        match self.rng.weighted(&[5, 2, 3, 1]) {
            0 if !safe.is_empty() => Code::new(self.pick(&safe).expect("int").name),
            3 if !safe.is_empty() => {
                self.stats.bump("reversed index");
                let v = self.pick(&safe).expect("int");
                Code::new(format!("({} - {})", len - 1, v.name))
            }
            2 => {
                self.stats.bump("computed index");
                cat!["(", self.iexpr(), ") % ", len.to_string()]
            }
            _ => Code::new(self.rng.below(len).to_string()),
        }
    }

    /// An index into the slice or `Vec` `name`.
    pub(super) fn seq_index(&mut self, name: &str, len: Option<usize>) -> Code {
        match len {
            Some(n) if self.rng.chance(0.5) => self.index(n),
            _ => {
                self.stats.bump("computed index");
                cat!["(", self.iexpr(), ") % ", name, ".len()"]
            }
        }
    }

    /// A small non-negative integer expression.
    fn iexpr(&mut self) -> Code {
        let ints = self.vars(|v| matches!(v.kind, VK::Int { .. }));
        let k = self.rng.range(0, 3).to_string();
        match (self.pick(&ints), self.rng.below(4)) {
            (None, _) => Code::new(k),
            (Some(v), 0) => Code::new(v.name),
            (Some(v), 1) => Code::new(format!("{} + {k}", v.name)),
            (Some(v), 2) => {
                let w = self.pick(&ints).expect("int");
                Code::new(format!("{} * 2 + {}", v.name, w.name))
            }
            (Some(v), _) => Code::new(format!("{} * {} + {k}", v.name, self.rng.range(1, 3))),
        }
    }

    fn int_var(&mut self) -> Option<String> {
        let ints = self.vars(|v| matches!(v.kind, VK::Int { .. }));
        self.pick(&ints).map(|v| v.name)
    }

    /// A condition (not yet marked as a recording point).
    pub(super) fn cond(&mut self, depth: u32) -> Code {
        self.opaque += 1;
        let c = self.cond_inner(depth);
        self.opaque -= 1;
        c
    }

    fn cond_inner(&mut self, depth: u32) -> Code {
        let ints = self.vars(|v| matches!(v.kind, VK::Int { .. }));
        match self.rng.weighted(&[7, 2, 1, 1, 1]) {
            1 if !ints.is_empty() => {
                let v = self.pick(&ints).expect("int").name;
                match self.rng.below(3) {
                    0 => Code::new(format!("{v} % 2 == 0")),
                    1 => Code::new(format!("{v} >= {}", self.rng.range(1, 3))),
                    _ => {
                        let w = self.pick(&ints).expect("int").name;
                        Code::new(format!("{v} < {w}"))
                    }
                }
            }
            2 if depth > 0 => cat![
                "(",
                self.cond(depth - 1),
                ") && (",
                self.cond(depth - 1),
                ")"
            ],
            3 if depth > 0 => cat![
                "(",
                self.cond(depth - 1),
                ") || (",
                self.cond(depth - 1),
                ")"
            ],
            4 if depth > 0 => cat!["!(", self.cond(depth - 1), ")"],
            _ => {
                let a = self.fexpr(1);
                let op = ["<", ">", "<=", ">="][self.rng.below(4)];
                let b = if self.rng.chance(0.6) {
                    Code::new(self.rng.lit(-1.0, 1.0))
                } else {
                    self.fexpr(1).c
                };
                cat![a.c, " ", op, " ", b]
            }
        }
    }

    /// A math method applied on its smooth domain.
    pub(super) fn math(&mut self, d: u32) -> E {
        let name = METHODS[self.rng.below(METHODS.len())];
        self.stats.bump(name);
        let a = self.typed(d).recv();
        let m = |c: Code| E::new(c, true, true);
        match name {
            "sin" | "cos" | "atan" | "tanh" | "asinh" => m(cat![a, ".", name, "()"]),
            "tan" => m(cat![a, ".tanh().tan()"]),
            "asin" | "acos" | "atanh" => m(cat!["(", a, ".tanh() * 0.9).", name, "()"]),
            "sinh" | "cosh" | "exp" | "exp2" | "exp_m1" => {
                let inner = ["sin", "cos", "tanh"][self.rng.below(3)];
                m(cat![a, ".", inner, "().", name, "()"])
            }
            "acosh" => m(cat!["(2.0 + ", a, ".sin()).acosh()"]),
            "ln" | "log2" | "log10" | "sqrt" | "cbrt" | "recip" => {
                m(cat![self.pos_of(a), ".", name, "()"])
            }
            "ln_1p" => m(cat!["(", a, ".sin() * 0.5).ln_1p()"]),
            "log" => {
                let b = self.typed(d).recv();
                m(cat![self.pos_of(a), ".log(2.5 + ", b, ".cos())"])
            }
            "powi" => match self.rng.below(4) {
                3 if self.int_var().is_some() => {
                    let k = self.int_var().expect("int");
                    self.stats.bump("powi with an integer variable");
                    m(cat![a, ".tanh().powi(", k, " as i32)"])
                }
                0 | 3 => m(cat![a, ".powi(", self.rng.range(2, 3).to_string(), ")"]),
                1 => m(cat![
                    a,
                    ".tanh().powi(",
                    self.rng.range(2, 4).to_string(),
                    ")"
                ]),
                _ => m(cat![
                    self.pos_of(a),
                    ".powi(-",
                    self.rng.range(1, 2).to_string(),
                    ")"
                ]),
            },
            "powf" => {
                let b = self.typed(d).recv();
                match self.rng.below(2) {
                    0 => m(cat![self.pos_of(a), ".powf(", b, ".tanh() * 1.5)"]),
                    _ => m(cat![self.pos_of(a), ".powf(", self.rng.lit(-1.5, 2.5), ")"]),
                }
            }
            "hypot" => {
                let b = self.typed(d).recv();
                if self.rng.chance(0.5) {
                    m(cat![a, ".hypot(1.0 + 0.5 * ", b, ".sin())"])
                } else {
                    m(cat!["(1.0 + 0.5 * ", b, ".cos()).hypot(", a, ")"])
                }
            }
            "atan2" => {
                let b = self.typed(d).recv();
                if self.rng.chance(0.5) {
                    m(cat![a, ".atan2(1.5 + ", b, ".cos())"])
                } else {
                    m(cat!["(1.2 + ", b, ".sin()).atan2(", a, ")"])
                }
            }
            "mul_add" => {
                let (b, c) = (self.fexpr(d).c, self.fexpr(d).c);
                m(cat![a, ".mul_add(", b, ", ", c, ")"])
            }
            "to_degrees" => E::new(cat!["(", a, ".to_degrees() * 0.02)"], true, true),
            "to_radians" => E::new(cat!["(", a, ".to_radians() * 20.0)"], true, true),
            "abs" => m(Code::rec(Rec::Abs, vec![a])),
            "signum" => {
                let b = self.fexpr(d).c;
                E::new(
                    cat!["(", Code::rec(Rec::Signum, vec![a]), " * ", b, ")"],
                    true,
                    true,
                )
            }
            "max" | "min" => {
                let b = self.fexpr(d).c;
                let k = if name == "max" { Rec::Max } else { Rec::Min };
                m(Code::rec(k, vec![a, b]))
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
                E::new(
                    cat![
                        "(",
                        Code::rec(k, vec![cat![a, " * 2.0"]]),
                        " * 0.3 * ",
                        b,
                        ")"
                    ],
                    true,
                    true,
                )
            }
            "fract" => m(Code::rec(Rec::Fract, vec![cat![a, " * 1.5"]])),
            other => unreachable!("method {other}"),
        }
    }

    /// A positive value made of the receiver `a`.
    fn pos_of(&mut self, a: Code) -> Code {
        match self.rng.below(3) {
            0 => cat!["(1.5 + ", a, ".sin())"],
            1 => cat!["(1.0 + ", a.clone(), " * ", a, ")"],
            _ => cat!["(1.6 + ", a, ".tanh())"],
        }
    }

    /// A call of an earlier program with a scalar result, as an expression.
    fn scalar_call(&mut self) -> Option<E> {
        let (c, _) = self.call_code(|o| *o == Out::F)?;
        Some(E::new(c, true, true))
    }

    /// A call of an earlier program whose result type satisfies `want`, affordable here,
    /// with arguments built from what is in scope.
    pub(super) fn call_code(&mut self, want: impl Fn(&Out) -> bool) -> Option<(Code, Out)> {
        let budget = super::MAX_COST / 3;
        let ok: Vec<usize> = (0..self.callees.len())
            .filter(|&k| want(&self.callees[k].out) && self.callees[k].cost * self.mult <= budget)
            .collect();
        if ok.is_empty() {
            return None;
        }
        let k = ok[self.rng.below(ok.len())];
        let kinds: Vec<PKind> = self.callees[k].params.iter().map(|p| p.kind).collect();
        let index = self.callees[k].index;
        let cost = self.callees[k].cost;
        let out = self.callees[k].out.clone();
        let args: Vec<Code> = kinds
            .into_iter()
            .map(|kind| self.arg_for(kind))
            .collect::<Option<_>>()?;
        self.stats.bump("call");
        self.cost += cost * self.mult;
        self.calls.push(index);
        Some((Code::call(index, args), out))
    }

    /// An argument of type `kind` (`None` if it would need `vec![..]` inside a condition).
    fn arg_for(&mut self, kind: PKind) -> Option<Code> {
        let literal = |g: &mut Self, n: usize| -> Code {
            let items: Vec<Code> = (0..n).map(|_| g.fexpr(0).c).collect();
            cat!["[", join(items), "]"]
        };
        let by_ref = |v: &Var| {
            if v.by_ref {
                v.name.clone()
            } else {
                format!("&{}", v.name)
            }
        };
        Some(match kind {
            PKind::F => self.fexpr(0).c,
            PKind::Usize(v) => Code::new(v.to_string()),
            PKind::ArrV(n) => {
                let vs = self.vars(|v| v.kind == VK::Arr(n));
                match self.pick(&vs) {
                    Some(v) if v.by_ref => Code::new(format!("*{}", v.name)),
                    Some(v) => Code::new(v.name),
                    None => literal(self, n),
                }
            }
            PKind::Arr(n) => {
                let vs = self.vars(|v| v.kind == VK::Arr(n));
                match self.pick(&vs) {
                    Some(v) if self.rng.chance(0.8) => Code::new(by_ref(&v)),
                    _ => {
                        self.stats.bump("array literal argument");
                        cat!["&", literal(self, n)]
                    }
                }
            }
            PKind::Arr2(n, m) => {
                let vs = self.vars(|v| v.kind == VK::Arr2(n, m));
                match self.pick(&vs) {
                    Some(v) => Code::new(by_ref(&v)),
                    None => {
                        let rows: Vec<Code> = (0..n).map(|_| literal(self, m)).collect();
                        cat!["&[", join(rows), "]"]
                    }
                }
            }
            PKind::Slice(_) => {
                let vs = self.vars(|v| matches!(v.kind, VK::Arr(_) | VK::Seq { .. }));
                match self.pick(&vs) {
                    Some(v) => {
                        if matches!(v.kind, VK::Arr(_)) {
                            self.stats.bump("array as slice argument");
                        }
                        Code::new(by_ref(&v))
                    }
                    None if self.opaque > 0 => return None,
                    None => {
                        let n = self.rng.range(1, DYN_MAX);
                        let items: Vec<Code> = (0..n).map(|_| self.fexpr(0).c).collect();
                        cat!["&vec![", join(items), "]"]
                    }
                }
            }
            PKind::Vec(_) => {
                let vs = self.vars(|v| matches!(v.kind, VK::Seq { vec: true, .. }));
                match self.pick(&vs) {
                    Some(v) => Code::new(format!("{}.clone()", v.name)),
                    None if self.opaque > 0 => return None,
                    None => {
                        let n = self.rng.range(1, DYN_MAX);
                        let items: Vec<Code> = (0..n).map(|_| self.fexpr(0).c).collect();
                        cat!["vec![", join(items), "]"]
                    }
                }
            }
        })
    }
}
