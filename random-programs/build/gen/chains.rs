//! Iterator chains with closures (as float expressions), `for` loops over
//! elements, `match` on integers, array patterns and assertions.

use super::expr::E;
use super::{ind, Gen, Var, DYN_MAX, MAX_MULT, VK};
use crate::code::{cat, Code};

impl Gen<'_> {
    /// The one-dimensional float aggregates in scope, with a bound on their length.
    fn rows(&self) -> Vec<(Var, usize)> {
        self.vars(|v| matches!(v.kind, VK::Arr(_) | VK::Seq { .. }))
            .into_iter()
            .map(|v| {
                let n = match v.kind {
                    VK::Arr(n) | VK::Seq { len: Some(n), .. } => n,
                    _ => DYN_MAX,
                };
                (v, n)
            })
            .collect()
    }

    /// An expression over one new variable `e` of kind `kind` (a chain's element):
    /// of a known float type when `typed`.
    fn elem_body(&mut self, e: &str, kind: VK, depth: u32, typed: bool) -> E {
        self.scoped(|g| {
            g.declare(e, kind, false);
            if typed {
                g.typed(depth)
            } else {
                g.fexpr(depth)
            }
        })
    }

    /// A position in an aggregate of at most `n` elements (not an index: its bound
    /// need not hold for every caller).
    fn declare_position(&mut self, k: &str, n: usize) {
        let max = n.saturating_sub(1);
        self.declare(k, VK::Int { max, safe: false }, false);
    }

    /// A reduction over an aggregate: `sum` of a `map`, a `zip`, a `fold`, over
    /// plain, reversed, skipped, stepped, enumerated or windowed elements.
    pub(super) fn reduction(&mut self, d: u32) -> Option<E> {
        let rows = self.rows();
        let (v, n) = rows.get(self.rng.below(rows.len().max(1)))?.clone();
        if self.mult * n as u64 > MAX_MULT {
            return None;
        }
        let mult = self.mult;
        self.mult *= n.max(1) as u64;
        let e = self.fresh("e");
        let name = v.name.clone();
        let (src, adaptor) = match self.rng.below(7) {
            0 => (format!("{name}.iter().rev()"), "rev"),
            1 => (format!("{name}.iter().skip(1)"), "skip"),
            2 => (format!("{name}.iter().step_by(2)"), "step_by"),
            3 => (format!("{name}[1..].iter()"), "slice"),
            4 => (format!("{name}.iter().take(2)"), "take"),
            _ => (format!("{name}.iter()"), "iter"),
        };
        self.stats.bump(&format!("chain over {adaptor}"));
        let known = matches!(v.kind, VK::Arr(n) if n >= 2);
        let closure = if self.opaque == 0 { 2 } else { 0 };
        let code =
            match self
                .rng
                .weighted(&[4, 2, 2, 2, 2, if known { 2 } else { 0 }, 2, 2, 2, closure])
            {
                6 => {
                    self.stats.bump("chain: map + product");
                    let body = self.elem_body(&e, VK::F, d.min(2), true);
                    cat![
                        "(",
                        Code::new(src),
                        ".map(|&",
                        &e,
                        "| 0.75 + 0.25 * (",
                        body.c,
                        ").tanh()).product::<f64>())"
                    ]
                }
                7 => {
                    self.stats.bump("chain: enumerate + filter on positions");
                    let k = self.fresh("p");
                    let body = self.elem_body(&e, VK::F, d.min(2), false);
                    cat![
                        "(",
                        Code::new(src),
                        ".enumerate().filter(|(",
                        &k,
                        ", _)| ",
                        &k,
                        " % 2 == 0).map(|(_, &",
                        &e,
                        ")| ",
                        body.c,
                        ").sum::<f64>())"
                    ]
                }
                8 => {
                    self.stats.bump("chain: chunks");
                    let c = self.fresh("c");
                    let body = self.elem_body(&c, VK::Arr(1), d.min(2), false);
                    cat![
                        "(",
                        &name,
                        ".chunks(2).map(|",
                        &c,
                        "| ",
                        &c,
                        "[0] * 0.5 + ",
                        body.c,
                        ").sum::<f64>())"
                    ]
                }
                9 => {
                    self.stats.bump("let closure called twice");
                    let f = self.fresh("f");
                    let body = self.elem_body(&e, VK::F, d.min(2), true);
                    let (a, b) = (self.fexpr(0), self.fexpr(0));
                    let (p, q) = (self.fresh("q"), self.fresh("q"));
                    // The arguments first: the closure may borrow the twin's trace.
                    cat![
                        "({ let (",
                        &p,
                        ", ",
                        &q,
                        "): (f64, f64) = (",
                        a.c,
                        ", ",
                        b.c,
                        "); let mut ",
                        &f,
                        " = |",
                        &e,
                        ": f64| ",
                        body.c,
                        "; ",
                        &f,
                        "(",
                        &p,
                        ") + 0.5 * ",
                        &f,
                        "(",
                        &q,
                        ") })"
                    ]
                }
                0 => {
                    self.stats.bump("chain: map + sum");
                    let body = self.elem_body(&e, VK::F, d.min(2), false);
                    cat![
                        "(",
                        Code::new(src),
                        ".map(|&",
                        &e,
                        "| ",
                        body.c,
                        ").sum::<f64>())"
                    ]
                }
                1 => {
                    let others = self.rows();
                    let (w, _) = others[self.rng.below(others.len())].clone();
                    let f = self.fresh("e");
                    self.stats.bump("chain: zip + map + sum");
                    let body = self.scoped(|g| {
                        g.declare(&e, VK::F, false);
                        g.declare(&f, VK::F, false);
                        g.fexpr(d.min(2))
                    });
                    cat![
                        "(",
                        Code::new(src),
                        ".zip(",
                        &w.name,
                        ".iter()).map(|(&",
                        &e,
                        ", &",
                        &f,
                        ")| ",
                        body.c,
                        ").sum::<f64>())"
                    ]
                }
                2 => {
                    let acc = self.fresh("a");
                    self.stats.bump("chain: fold");
                    let init = self.rng.lit(-1.0, 1.0);
                    let body = self.scoped(|g| {
                        g.declare(&e, VK::F, false);
                        g.declare(&acc, VK::F, false);
                        let a = g.fexpr(d.min(2));
                        cat!["0.5 * ", &acc, " + ", a.c]
                    });
                    cat![
                        "(",
                        Code::new(src),
                        ".fold(",
                        init,
                        ", |",
                        &acc,
                        ": f64, &",
                        &e,
                        "| ",
                        body,
                        "))"
                    ]
                }
                3 => {
                    let k = self.fresh("p");
                    self.stats.bump("chain: enumerate");
                    let body = self.scoped(|g| {
                        g.declare(&e, VK::F, false);
                        g.declare_position(&k, n);
                        g.fexpr(d.min(2))
                    });
                    cat![
                        "(",
                        Code::new(src),
                        ".enumerate().map(|(",
                        &k,
                        ", &",
                        &e,
                        ")| ",
                        body.c,
                        " * (1.0 + ",
                        &k,
                        " as f64)).sum::<f64>())"
                    ]
                }
                5 => {
                    let (a, b) = (self.fresh("e"), self.fresh("e"));
                    let (m, cmp) = if self.rng.chance(0.5) {
                        ("max_by", format!("{a}.total_cmp({b})"))
                    } else {
                        ("min_by", format!("{a}.partial_cmp({b}).unwrap()"))
                    };
                    self.stats.bump(&format!("chain: {m}"));
                    let body = self.elem_body(&e, VK::F, d.min(2), true);
                    cat![
                        "(",
                        &name,
                        ".iter().map(|&",
                        &e,
                        "| ",
                        body.c,
                        ").",
                        m,
                        "(|",
                        &a,
                        ", ",
                        &b,
                        "| ",
                        cmp,
                        ").unwrap())"
                    ]
                }
                _ => {
                    self.stats.bump("chain: windows");
                    let w = self.fresh("w");
                    let body = self.elem_body(&w, VK::Arr(2), d.min(2), false);
                    cat![
                        "(",
                        &name,
                        ".windows(2).map(|",
                        &w,
                        "| ",
                        body.c,
                        ").sum::<f64>())"
                    ]
                }
            };
        self.mult = mult;
        Some(E::new(code, true, true))
    }

    /// A `for` loop over the elements of an aggregate, with or without positions;
    /// or a `for_each` into an accumulator, a `collect` into a new `Vec`, a `for`
    /// over `iter_mut()` of a mutable local.
    pub(super) fn for_elements(&mut self, level: usize) -> Option<Code> {
        let rows = self.rows();
        let (v, n) = rows.get(self.rng.below(rows.len().max(1)))?.clone();
        if self.mult * n as u64 > MAX_MULT {
            return None;
        }
        match self.rng.below(6) {
            0 => return Some(self.for_each(level, &v, n)),
            1 => return Some(self.collect(level, &v, n)),
            2 => {
                if let Some(c) = self.iter_mut(level) {
                    return Some(c);
                }
            }
            _ => {}
        }
        let i = ind(level);
        let e = self.fresh("e");
        let k = self.fresh("i");
        let enumerate = self.rng.chance(0.4);
        let body_n = self.rng.range(1, 3);
        let name = v.name.clone();
        let head = if enumerate {
            self.stats.bump("for over enumerate()");
            format!("for ({k}, &{e}) in {name}.iter().enumerate()")
        } else if self.rng.chance(0.5) {
            self.stats.bump("for over &elements");
            format!("for &{e} in {name}.iter()")
        } else {
            self.stats.bump("for over reversed elements");
            format!("for &{e} in {name}.iter().rev()")
        };
        let body = self.in_loop(n, |g| {
            // The loop borrows the aggregate: the body reads it but does not write it.
            let mut frozen = v.clone();
            frozen.mutable = false;
            g.scopes.last_mut().expect("scope").push(frozen);
            g.declare(&e, VK::F, false);
            if enumerate {
                g.declare_position(&k, n);
            }
            g.stmts(level + 1, body_n)
        });
        Some(cat![&i, Code::new(head), " {\n", body, &i, "}\n"])
    }

    /// `let mut acc = 0.0; v.iter().for_each(|&e| acc += ..);`
    fn for_each(&mut self, level: usize, v: &Var, n: usize) -> Code {
        self.stats.bump("for_each into an accumulator");
        let (acc, e) = (self.fresh("s"), self.fresh("e"));
        let body = self.in_loop(n, |g| {
            g.declare(&e, VK::F, false);
            g.typed(2)
        });
        let i = ind(level);
        let c = cat![
            &i,
            "let mut ",
            &acc,
            ": f64 = 0.0;\n",
            &i,
            &v.name,
            ".iter().for_each(|&",
            &e,
            "| ",
            &acc,
            " += 0.5 * ",
            body.c,
            ");\n"
        ];
        self.declare(&acc, VK::F, true);
        c
    }

    /// `let c: Vec<f64> = v.iter().map(|&e| ..).collect();`
    fn collect(&mut self, level: usize, v: &Var, n: usize) -> Code {
        self.stats.bump("map + collect into a Vec");
        let (out, e) = (self.fresh("v"), self.fresh("e"));
        let body = self.in_loop(n, |g| {
            g.declare(&e, VK::F, false);
            g.typed(2)
        });
        let c = cat![
            ind(level),
            "let mut ",
            &out,
            ": Vec<f64> = ",
            &v.name,
            ".iter().map(|&",
            &e,
            "| ",
            body.c,
            ").collect();\n"
        ];
        let len = match v.kind {
            VK::Arr(k) | VK::Seq { len: Some(k), .. } => Some(k),
            _ => None,
        };
        self.declare(&out, VK::Seq { len, vec: true }, true);
        c
    }

    /// `for y in v.iter_mut() { *y = 0.5 * *y + ..; }` over a mutable local, which the
    /// body does not name (it is borrowed).
    fn iter_mut(&mut self, level: usize) -> Option<Code> {
        let locals = self.vars(|v| {
            v.mutable && !v.by_ref && matches!(v.kind, VK::Arr(_) | VK::Seq { vec: true, .. })
        });
        let v = self.pick(&locals)?;
        let n = match v.kind {
            VK::Arr(k) | VK::Seq { len: Some(k), .. } => k,
            _ => DYN_MAX,
        };
        if self.mult * n as u64 > MAX_MULT {
            return None;
        }
        self.stats.bump("for over iter_mut()");
        let y = self.fresh("y");
        // Out of scope while borrowed.
        let hidden: Vec<(usize, usize, Var)> = self
            .scopes
            .iter()
            .enumerate()
            .flat_map(|(s, vs)| {
                vs.iter()
                    .enumerate()
                    .filter(|(_, w)| w.name == v.name)
                    .map(move |(k, w)| (s, k, w.clone()))
            })
            .collect();
        for (s, k, _) in hidden.iter().rev() {
            self.scopes[*s].remove(*k);
        }
        let star = format!("(*{y})");
        let body = self.in_loop(n, |g| {
            g.declare(&star, VK::F, false);
            g.typed(2)
        });
        for (s, k, w) in hidden {
            self.scopes[s].insert(k, w);
        }
        let i = ind(level);
        Some(cat![
            &i,
            "for ",
            &y,
            " in ",
            &v.name,
            ".iter_mut() {\n",
            ind(level + 1),
            "*",
            &y,
            " = 0.5 * *",
            &y,
            " + 0.5 * (",
            body.c,
            ").tanh();\n",
            &i,
            "}\n"
        ])
    }

    /// A `match` on an integer in scope: literal, or-pattern, range with a guard,
    /// a binding, and a catch-all; each arm a statement.
    pub(super) fn match_stmt(&mut self, level: usize) -> Option<Code> {
        let ints = self.vars(|v| matches!(v.kind, VK::Int { .. }));
        let v = self.pick(&ints)?;
        self.stats.bump("match on an integer");
        let (i, j) = (ind(level), ind(level + 1));
        let b = self.fresh("m");
        let arms = [
            "0".to_string(),
            "1 | 2".to_string(),
            format!("{b} @ 3..=5 if {b} % 2 == 1"),
            "_".to_string(),
        ];
        let mut c = cat![&i, "match ", &v.name, " {\n"];
        for (k, pat) in arms.iter().enumerate() {
            if k < 3 && self.rng.chance(0.3) {
                continue;
            }
            let body = self.scoped(|g| {
                if k == 2 {
                    g.declare(
                        &b,
                        VK::Int {
                            max: 5,
                            safe: false,
                        },
                        false,
                    );
                }
                g.stmts(level + 2, 1)
            });
            c = cat![c, &j, Code::new(pat.clone()), " => {\n", body, &j, "}\n"];
        }
        Some(cat![c, &i, "}\n"])
    }

    /// `let [a, b] = [e1, e2];`: an array pattern binding two new scalars.
    pub(super) fn array_let(&mut self, level: usize) -> Code {
        self.stats.bump("array pattern let");
        let (a, b) = (self.fresh("v"), self.fresh("v"));
        let (x, y) = (self.fexpr(2), self.fexpr(2));
        let c = cat![
            ind(level),
            "let [",
            &a,
            ", ",
            &b,
            "]: [f64; 2] = [",
            x.c,
            ", ",
            y.c,
            "];\n"
        ];
        self.declare(&a, VK::F, false);
        self.declare(&b, VK::F, false);
        c
    }

    /// An assertion that always holds, kept in every sweep.
    pub(super) fn assertion(&mut self, level: usize) -> Code {
        self.stats.bump("assert!");
        let x = self.float_var().recv();
        cat![
            ind(level),
            "assert!(",
            &x,
            ".is_nan() || !",
            &x,
            ".is_nan(), \"an assertion\");\n"
        ]
    }
}
