//! Float expressions, integer index expressions and conditions.

use super::edges::{p10, EDGE_DIV};
use super::{Elem, Gen, Var, VK};
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
    pub(super) fn new(c: Code, atom: bool, typed: bool) -> E {
        E { c, atom, typed }
    }

    /// As a method receiver.
    pub(super) fn recv(self) -> Code {
        if self.atom {
            self.c
        } else {
            cat!["(", self.c, ")"]
        }
    }
}

impl Gen<'_> {
    /// A float expression of at most `depth` operator levels.
    pub(super) fn fexpr(&mut self, depth: u32) -> E {
        if depth == 0 || self.rng.chance(0.25) {
            return self.leaf();
        }
        let d = depth - 1;
        let nested = if self.opaque > 0 { 0 } else { 1 };
        let numeric = self.vars(|v| {
            matches!(v.kind, VK::Tab(t) if t.elem != Elem::Bool) || matches!(v.kind, VK::Int { .. })
        });
        let ints = if numeric.is_empty() { 0 } else { 2 };
        match self
            .rng
            .weighted(&[6, 2, 1, 9, ints, nested, 2, nested, 3 * nested, 1, nested])
        {
            0 => {
                let (a, b) = (self.fexpr(d), self.fexpr(d));
                let op = ["+", "-", "*"][self.rng.below(3)];
                let typed = a.typed || b.typed;
                E::new(cat!["(", a.c, " ", op, " ", b.c, ")"], true, typed)
            }
            1 if self.rng.chance(EDGE_DIV) => {
                // Numerator and denominator huge or tiny, their ratio O(1).
                let e = self.scale(&[150, 100, -150, -100], &[15, -15]);
                self.stats.bump(if e > 0 {
                    "edge: div huge"
                } else {
                    "edge: div tiny"
                });
                let a = self.fexpr(d).recv();
                let den = self.positive(d).c;
                let s = p10(e);
                E::new(
                    cat!["((", &s, " * ", a, ") / (", &s, " * ", den, "))"],
                    true,
                    true,
                )
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
            4 => {
                let v = self.pick(&numeric).expect("an integer");
                let a = self.fexpr(d);
                let k = self.rng.lit(0.1, 0.6);
                let i = match v.kind {
                    VK::Tab(t) if self.tab_depth == 0 => {
                        let read = self.tab_read(&v);
                        if t.elem == Elem::I32 {
                            // A weight: it scales the operand.
                            self.stats.bump("i32 table as a weight");
                            return E::new(
                                cat!["((", read, " as f64) * ", k, " * ", a.c, ")"],
                                true,
                                true,
                            );
                        }
                        self.stats.bump("usize table as f64");
                        read
                    }
                    VK::Tab(_) => return self.math(d),
                    _ => {
                        self.stats.bump("int as f64");
                        Code::new(v.name)
                    }
                };
                E::new(cat!["((", i, " as f64) * ", k, " + ", a.c, ")"], true, true)
            }
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
            9 if d > 0 => self.declared_call(d).unwrap_or_else(|| self.math(d)),
            10 if d > 0 => self.nested_call().unwrap_or_else(|| self.math(d)),
            8 if d > 0 => self.reduction(d - 1).unwrap_or_else(|| self.math(d)),
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
    pub(super) fn typed(&mut self, depth: u32) -> E {
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
    pub(super) fn positive(&mut self, depth: u32) -> E {
        let a = self.typed(depth).recv();
        let c = match self.rng.below(3) {
            0 => cat!["(1.5 + ", a, ".sin())"],
            1 => cat!["(1.5 + ", a, ".cos())"],
            _ => cat!["(1.6 + ", a, ".tanh())"],
        };
        E::new(c, false, true)
    }

    pub(super) fn leaf(&mut self) -> E {
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
        let state = self.vars(|v| v.mutable && v.kind.is_float());
        let vars = if !state.is_empty() && self.rng.chance(0.5) {
            state
        } else {
            self.vars(|v| v.kind.is_float())
        };
        let v = self
            .pick(&vars)
            .expect("every program has a float parameter");
        E::new(self.element(&v), true, true)
    }

    /// Float variable `v`, or an element of it.
    pub(super) fn element(&mut self, v: &Var) -> Code {
        match v.kind {
            VK::F => Code::new(v.name.clone()),
            VK::Arr(n) => cat![&v.name, "[", self.index(n), "]"],
            VK::Arr2(n, m) => cat![&v.name, "[", self.index(n), "][", self.index(m), "]"],
            VK::Seq { len, .. } => cat![&v.name, "[", self.seq_index(&v.name, len), "]"],
            VK::Int { .. } | VK::Tab(_) | VK::Rec(_) => unreachable!(),
        }
    }

    /// An index in `0..len`.
    pub(super) fn index(&mut self, len: usize) -> Code {
        let safe = self.vars(|v| matches!(v.kind, VK::Int { max, safe: true } if max < len));
        let tables = self.tables(Elem::Usize);
        let table = if tables.is_empty() { 0 } else { 2 };
        match self.rng.weighted(&[5, 2, 3, 1, table]) {
            4 => {
                let v = self.pick(&tables).expect("table");
                let VK::Tab(t) = v.kind else { unreachable!() };
                self.stats.bump("usize table as an index");
                let read = self.tab_read(&v);
                if t.max() < len && self.rng.chance(0.6) {
                    read
                } else {
                    cat![read, " % ", len.to_string()]
                }
            }
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
        let tables = self.tables(Elem::Usize);
        match len {
            Some(n) if self.rng.chance(0.5) => self.index(n),
            _ if !tables.is_empty() && self.rng.chance(0.3) => {
                // `x[t[k % t.len()] % x.len()]`
                let v = self.pick(&tables).expect("table");
                self.stats.bump("usize table as an index");
                cat![self.tab_read(&v), " % ", name, ".len()"]
            }
            _ => {
                self.stats.bump("computed index");
                cat!["(", self.iexpr(), ") % ", name, ".len()"]
            }
        }
    }

    /// The integer or `bool` tables of element type `elem` in scope (none inside
    /// the index of a table read).
    pub(super) fn tables(&self, elem: Elem) -> Vec<Var> {
        if self.tab_depth > 0 {
            return Vec::new();
        }
        self.vars(|v| matches!(v.kind, VK::Tab(t) if t.elem == elem))
    }

    /// `t[k]`: an element of table `t`, at an index that reads no table.
    pub(super) fn tab_read(&mut self, v: &Var) -> Code {
        let VK::Tab(t) = v.kind else {
            unreachable!("a table")
        };
        self.tab_depth += 1;
        let k = if self.rng.chance(0.3) {
            cat!["(", self.iexpr(), ") % ", &v.name, ".len()"]
        } else {
            self.index(t.len)
        };
        self.tab_depth -= 1;
        cat![&v.name, "[", k, "]"]
    }

    /// A small non-negative integer expression.
    pub(super) fn iexpr(&mut self) -> Code {
        let tables = self.tables(Elem::Usize);
        if !tables.is_empty() && self.rng.chance(0.25) {
            let v = self.pick(&tables).expect("table");
            self.stats.bump("usize table as an integer");
            let read = self.tab_read(&v);
            return match self.int_var() {
                Some(i) if self.rng.chance(0.5) => cat![read, " + ", i],
                _ => cat![read, " * 2 + ", self.rng.range(0, 2).to_string()],
            };
        }
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

    pub(super) fn int_var(&mut self) -> Option<String> {
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

    pub(super) fn cond_inner(&mut self, depth: u32) -> Code {
        let ints = self.vars(|v| matches!(v.kind, VK::Int { .. }));
        let masks = self.tables(Elem::Bool);
        let mask = if masks.is_empty() { 0 } else { 3 };
        match self.rng.weighted(&[7, 2, 1, 1, 1, mask]) {
            5 => {
                let v = self.pick(&masks).expect("table");
                self.stats.bump("bool table in a condition");
                let read = self.tab_read(&v);
                match self.rng.below(3) {
                    0 => read,
                    1 => cat!["!", read],
                    _ => {
                        let a = self.fexpr(1);
                        cat![read, " && ", a.c, " > ", self.rng.lit(-1.0, 1.0)]
                    }
                }
            }
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
}
