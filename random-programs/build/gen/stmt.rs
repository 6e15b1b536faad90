//! Statements: assignments (of scalars, elements and whole aggregates), `let`s,
//! branches, early returns and calls; loops are in `loops.rs`.

use super::{ind, Gen, Out, Var, DYN_MAX, MAX_COST, MAX_MULT, VK};
use crate::code::{cat, Code, Rec};

/// How often an element write's index is computed from the aggregate being written.
const SELF_INDEX: f64 = 0.2;

impl Gen<'_> {
    /// The locals every program starts with.
    pub(super) fn prelude(&mut self) -> Code {
        let mut c = Code::default();
        for _ in 0..self.rng.range(1, 2) {
            c.add(self.let_scalar(1, true));
        }
        for _ in 0..self.rng.range(0, 2) {
            c.add(self.let_aggregate(1));
        }
        c
    }

    /// Up to `n` statements at indentation `level` (at least one).
    pub(super) fn stmts(&mut self, level: usize, n: usize) -> Code {
        let mut c = Code::default();
        for k in 0..n {
            if k > 0 && (self.stmts_left == 0 || self.cost >= MAX_COST) {
                break;
            }
            self.stmts_left = self.stmts_left.saturating_sub(1);
            self.cost += self.mult;
            let s = if self.stmts_left == 0 {
                self.assign(level)
            } else {
                self.stmt(level)
            };
            c.add(s);
        }
        c
    }

    fn stmt(&mut self, level: usize) -> Code {
        let in_loop = self.loops > 0;
        let can_loop = self.loops < 3 && self.mult * 2 <= MAX_MULT && self.cost < MAX_COST / 2;
        let weights = [
            30,
            8,
            if level <= 2 { 4 } else { 0 },
            10,
            if can_loop { 10 } else { 0 },
            if can_loop { 3 } else { 0 },
            if can_loop { 3 } else { 0 },
            if in_loop { 6 } else { 0 },
            3,
            if self.callees.is_empty() { 0 } else { 4 },
            2,
            2,
            1,
            2,
            2,
            4,
            2,
            if can_loop { 3 } else { 0 },
            if can_loop { 6 } else { 0 },
            3,
            2,
            1,
        ];
        match self.rng.weighted(&weights) {
            0 => self.assign(level),
            1 => {
                let mutable = self.rng.chance(0.5);
                self.let_scalar(level, mutable)
            }
            2 => self.let_aggregate(level),
            3 => self.if_stmt(level),
            4 => self.for_loop(level),
            5 => self.while_loop(level),
            6 => self.loop_break(level),
            7 => self.exit(level),
            8 => self.early_return(level),
            9 => self.call_stmt(level),
            10 => self.tuple_let(level),
            11 => self.swap(level),
            12 => self.block(level),
            13 => self.cast_let(level),
            14 => self.shadow(level),
            15 => self.assign_whole(level),
            16 => self.deferred_let(level),
            17 => self.float_while(level),
            18 => self
                .for_elements(level)
                .unwrap_or_else(|| self.assign(level)),
            19 => self.match_stmt(level).unwrap_or_else(|| self.assign(level)),
            20 => self.array_let(level),
            _ => self.assertion(level),
        }
    }

    /// A writable float place (a mutable scalar or an element of a mutable aggregate),
    /// the statement computing its index first when it depends on the `Vec`'s
    /// length or contents (`v[i % v.len()] = ..` does not borrow-check), and the
    /// variable written. `SELF_INDEX` of the element writes have an index computed
    /// from the floats of the aggregate being written (through a recorded cast).
    fn place(&mut self, level: usize) -> Option<(Code, Code, Var)> {
        let targets = self.vars(|v| v.mutable && v.kind.is_float());
        let v = self.pick(&targets)?;
        let none = Code::default();
        // Nested arrays are rarer targets: more of their writes.
        let p = if matches!(v.kind, VK::Arr2(..)) {
            2.0 * SELF_INDEX
        } else {
            SELF_INDEX
        };
        let selfix = v.kind != VK::F && self.rng.chance(p);
        if selfix && self.loops > 0 {
            self.stats.bump("self-index write in a loop");
        }
        let name = v.name.clone();
        let (pre, place) = match v.kind {
            VK::F => (none, Code::new(name)),
            VK::Arr(n) if selfix => {
                self.stats.bump("self-index write: array");
                let ix = self.self_index(&v, n.to_string());
                (none, cat![&name, "[", ix, "]"])
            }
            VK::Arr(n) => (none, cat![&name, "[", self.index(n), "]"]),
            VK::Arr2(n, m) if selfix && self.rng.chance(0.5) => {
                self.stats.bump("self-index write: nested array row");
                let ix = self.self_index(&v, n.to_string());
                (none, cat![&name, "[", ix, "][", self.index(m), "]"])
            }
            VK::Arr2(n, m) if selfix => {
                self.stats.bump("self-index write: nested array column");
                let row = self.index(n);
                let ix = self.self_index(&v, m.to_string());
                (none, cat![&name, "[", row, "][", ix, "]"])
            }
            VK::Arr2(n, m) => (
                none,
                cat![&name, "[", self.index(n), "][", self.index(m), "]"],
            ),
            VK::Seq { len: Some(n), .. } if !selfix => (none, cat![&name, "[", self.index(n), "]"]),
            VK::Seq { len, .. } => {
                let j = self.fresh("j");
                let ix = if selfix {
                    self.stats
                        .bump("self-index write: Vec (index computed first)");
                    let modulus = match len {
                        Some(n) if self.rng.chance(0.5) => n.to_string(),
                        _ => format!("{name}.len()"),
                    };
                    self.self_index(&v, modulus)
                } else {
                    self.seq_index(&name, None)
                };
                self.declare(
                    &j,
                    VK::Int {
                        max: len.unwrap_or(DYN_MAX) - 1,
                        safe: false,
                    },
                    false,
                );
                let pre = cat![ind(level), "let ", &j, " = ", ix, ";\n"];
                (pre, cat![&name, "[", j, "]"])
            }
            VK::Int { .. } | VK::Tab(_) | VK::Rec(_) => unreachable!(),
        };
        Some((pre, place, v))
    }

    /// `((v[..].tanh() + 1.0) * 1.5) as usize % modulus`: an index computed from the
    /// floats of aggregate `v` itself, through a cast the twin records.
    fn self_index(&mut self, v: &Var, modulus: String) -> Code {
        let e = self.element(v);
        let f = ["tanh", "sin", "cos"][self.rng.below(3)];
        let k = ["1.5", "1.9"][self.rng.below(2)];
        let arg = cat!["(", e, ".", f, "() + 1.0) * ", k];
        cat![Code::rec(Rec::Cast, vec![arg]), " % ", modulus]
    }

    /// A read of aggregate `v` at an index computed from its own floats (an operand of
    /// a write to `v`).
    fn self_read(&mut self, v: &Var) -> Code {
        self.stats.bump("self-index operand read");
        let name = &v.name;
        match v.kind {
            VK::Arr(n) => cat![name, "[", self.self_index(v, n.to_string()), "]"],
            VK::Arr2(n, m) if self.rng.chance(0.5) => {
                let ix = self.self_index(v, n.to_string());
                cat![name, "[", ix, "][", self.index(m), "]"]
            }
            VK::Arr2(n, m) => {
                let row = self.index(n);
                cat![name, "[", row, "][", self.self_index(v, m.to_string()), "]"]
            }
            VK::Seq { .. } => {
                let ix = self.self_index(v, format!("{name}.len()"));
                cat![name, "[", ix, "]"]
            }
            _ => unreachable!("an aggregate"),
        }
    }

    pub(super) fn assign(&mut self, level: usize) -> Code {
        let Some((pre, p, v)) = self.place(level) else {
            return self.let_scalar(level, true);
        };
        let i = cat![pre, ind(level)];
        let plain = if self.loops == 0 { 3 } else { 0 };
        let choice = self.rng.weighted(&[4, 2, 4, 2, 2, 1, plain]);
        // A bounded operand; sometimes with a read of the target at an index computed
        // from the target's own floats.
        let b = if choice == 6 {
            Code::default()
        } else if v.kind != VK::F && self.rng.chance(0.12) {
            let read = self.self_read(&v);
            cat!["(0.5 * ", self.bounded(2), " + 0.5 * ", read, ".tanh())"]
        } else {
            self.bounded(2)
        };
        match choice {
            0 => {
                self.stats.bump("assign =");
                cat![i, p, " = ", b, ";\n"]
            }
            1 => {
                self.stats.bump("assign = k * self + ..");
                let k = self.rng.lit(0.2, 0.8);
                cat![i, p.clone(), " = ", k, " * ", p, " + ", b, ";\n"]
            }
            2 => {
                self.stats.bump("assign +=");
                let k = self.rng.lit(0.1, 0.6);
                cat![i, p, " += ", k, " * ", b, ";\n"]
            }
            3 => {
                self.stats.bump("assign -=");
                let k = self.rng.lit(0.1, 0.6);
                cat![i, p, " -= ", k, " * ", b, ";\n"]
            }
            4 => {
                self.stats.bump("assign *=");
                cat![i, p, " *= 0.95 + 0.1 * ", b, ";\n"]
            }
            5 => {
                self.stats.bump("assign /=");
                cat![i, p, " /= 1.05 + 0.1 * ", b, ";\n"]
            }
            _ => {
                self.stats.bump("assign = (unbounded)");
                cat![i, p, " = ", self.fexpr(2).c, ";\n"]
            }
        }
    }

    fn let_scalar(&mut self, level: usize, mutable: bool) -> Code {
        let e = self.fexpr(2);
        let name = self.fresh("s");
        self.declare(&name, VK::F, mutable);
        let ty = if e.typed { "" } else { ": f64" };
        let m = if mutable { "mut " } else { "" };
        cat![ind(level), "let ", m, name, ty, " = ", e.c, ";\n"]
    }

    /// A local array, `Vec` or nested array.
    fn let_aggregate(&mut self, level: usize) -> Code {
        let i = ind(level);
        match self.rng.weighted(&[5, 3, 1]) {
            0 => {
                let params = self.vars(|v| v.by_ref && matches!(v.kind, VK::Arr(_)));
                let copy = self.rng.chance(0.3);
                let name = self.fresh("a");
                let (n, init) = match self.pick(&params) {
                    Some(p) if copy => {
                        self.stats.bump("let copy *param");
                        let VK::Arr(n) = p.kind else { unreachable!() };
                        (n, Code::new(format!("*{}", p.name)))
                    }
                    _ => {
                        let n = self.rng.range(2, 5);
                        let init = match self.rng.below(3) {
                            0 => Code::new(format!("[0.0; {n}]")),
                            1 => {
                                self.stats.bump("array repeat of a value");
                                cat!["[", self.bounded(1), "; ", n.to_string(), "]"]
                            }
                            _ => {
                                let items: Vec<Code> = (0..n).map(|_| self.fexpr(1).c).collect();
                                cat!["[", super::join(items), "]"]
                            }
                        };
                        (n, init)
                    }
                };
                self.declare(&name, VK::Arr(n), true);
                cat![
                    i,
                    "let mut ",
                    name,
                    ": [f64; ",
                    n.to_string(),
                    "] = ",
                    init,
                    ";\n"
                ]
            }
            1 => {
                let name = self.fresh("v");
                let ints = self.vars(|v| matches!(v.kind, VK::Int { safe: true, .. }));
                let vecs = self.vars(|v| matches!(v.kind, VK::Seq { .. } | VK::Arr(_)));
                let (len, init) = match self.rng.below(4) {
                    0 if !ints.is_empty() => {
                        let v = self.pick(&ints).expect("int");
                        let VK::Int { max, .. } = v.kind else {
                            unreachable!()
                        };
                        // Its exact length is known only for parameters (always the same value).
                        let len = if v.name.starts_with('x') {
                            Some(max + 1)
                        } else {
                            None
                        };
                        (len, Code::new(format!("vec![0.0; {} + 1]", v.name)))
                    }
                    1 if !vecs.is_empty() => {
                        let v = self.pick(&vecs).expect("vec");
                        let (len, method) = match v.kind {
                            VK::Seq { len, vec: true } => {
                                (len, ["clone", "to_vec", "to_owned"][self.rng.below(3)])
                            }
                            VK::Seq { len, vec: false } => {
                                (len, ["to_vec", "to_owned"][self.rng.below(2)])
                            }
                            VK::Arr(n) => (Some(n), "to_vec"),
                            _ => unreachable!(),
                        };
                        self.stats.bump(&format!("let Vec = .{method}()"));
                        (len, Code::new(format!("{}.{method}()", v.name)))
                    }
                    2 => {
                        let n = self.rng.range(1, 4);
                        let items: Vec<Code> = (0..n).map(|_| self.fexpr(1).c).collect();
                        (Some(n), cat!["vec![", super::join(items), "]"])
                    }
                    _ => {
                        let n = self.rng.range(1, 4);
                        (
                            Some(n),
                            cat!["vec![", self.bounded(1), "; ", n.to_string(), "]"],
                        )
                    }
                };
                self.stats.bump("let Vec");
                self.declare(&name, VK::Seq { len, vec: true }, true);
                cat![i, "let mut ", name, ": Vec<f64> = ", init, ";\n"]
            }
            _ => {
                let name = self.fresh("g");
                let params = self.vars(|v| v.by_ref && matches!(v.kind, VK::Arr2(..)));
                let (n, m, init) = match self.pick(&params) {
                    Some(p) if self.rng.chance(0.5) => {
                        let VK::Arr2(n, m) = p.kind else {
                            unreachable!()
                        };
                        (n, m, format!("*{}", p.name))
                    }
                    _ => {
                        let (n, m) = (self.rng.range(2, 3), self.rng.range(2, 3));
                        (n, m, format!("[[0.0; {m}]; {n}]"))
                    }
                };
                self.stats.bump("let nested array");
                self.declare(&name, VK::Arr2(n, m), true);
                cat![
                    i,
                    "let mut ",
                    name,
                    ": [[f64; ",
                    m.to_string(),
                    "]; ",
                    n.to_string(),
                    "] = ",
                    init,
                    ";\n"
                ]
            }
        }
    }

    fn if_stmt(&mut self, level: usize) -> Code {
        let i = ind(level);
        let c = Code::rec(Rec::Bool, vec![self.cond(1)]);
        let n = self.rng.range(1, 3);
        let then = self.scoped(|g| g.stmts(level + 1, n));
        let mut code = cat![&i, "if ", c, " {\n", then, &i, "}"];
        match self.rng.weighted(&[3, 4, 2]) {
            0 => self.stats.bump("if"),
            1 => {
                self.stats.bump("if else");
                let n = self.rng.range(1, 3);
                let els = self.scoped(|g| g.stmts(level + 1, n));
                code.add(cat![" else {\n", els, &i, "}"]);
            }
            _ => {
                self.stats.bump("if else if");
                let c2 = Code::rec(Rec::Bool, vec![self.cond(1)]);
                let b2 = self.scoped(|g| g.stmts(level + 1, 1));
                let b3 = self.scoped(|g| g.stmts(level + 1, 1));
                code.add(cat![
                    " else if ",
                    c2,
                    " {\n",
                    b2,
                    &i,
                    "} else {\n",
                    b3,
                    &i,
                    "}"
                ]);
            }
        }
        code.push("\n");
        code
    }

    fn early_return(&mut self, level: usize) -> Code {
        let i = ind(level);
        self.stats.bump(if self.loops > 0 {
            "return from a loop"
        } else {
            "early return"
        });
        let c = Code::rec(Rec::Bool, vec![self.cond(1)]);
        let v = self.output();
        cat![
            &i,
            "if ",
            c,
            " {\n",
            ind(level + 1),
            "return ",
            v,
            ";\n",
            &i,
            "}\n"
        ]
    }

    fn call_stmt(&mut self, level: usize) -> Code {
        let Some((call, out)) = self.call_code(|_| true) else {
            return self.assign(level);
        };
        let i = ind(level);
        let mutable = self.rng.chance(0.3);
        let m = if mutable { "mut " } else { "" };
        match out {
            Out::Tuple(parts) => {
                let names: Vec<String> = parts.iter().map(|_| self.fresh("r")).collect();
                for (name, part) in names.iter().zip(&parts) {
                    let kind = out_kind(part);
                    self.declare(name, kind, false);
                }
                self.stats.bump("call with a tuple result");
                cat![&i, "let (", names.join(", "), ") = ", call, ";\n"]
            }
            out => {
                let name = self.fresh("r");
                self.declare(&name, out_kind(&out), mutable);
                cat![&i, "let ", m, name, " = ", call, ";\n"]
            }
        }
    }

    fn tuple_let(&mut self, level: usize) -> Code {
        let (a, b) = (self.fexpr(2).c, self.fexpr(2).c);
        let (u, w) = (self.fresh("u"), self.fresh("u"));
        let mu = self.rng.chance(0.5);
        self.declare(&u, VK::F, mu);
        self.declare(&w, VK::F, false);
        self.stats.bump("tuple let");
        let m = if mu { "mut " } else { "" };
        cat![
            ind(level),
            "let (",
            m,
            &u,
            ", ",
            &w,
            "): (f64, f64) = (",
            a,
            ", ",
            b,
            ");\n"
        ]
    }

    /// Swaps two elements through a temporary.
    fn swap(&mut self, level: usize) -> Code {
        let arrays = self.vars(|v| v.mutable && matches!(v.kind, VK::Arr(_) | VK::Seq { .. }));
        let Some(v) = self.pick(&arrays) else {
            return self.assign(level);
        };
        let (p, q) = match v.kind {
            VK::Arr(n) | VK::Seq { len: Some(n), .. } => (self.index(n), self.index(n)),
            // Reading at `i % v.len()` is fine; writing there needs the index first.
            _ => return self.assign(level),
        };
        let t = self.fresh("t");
        self.declare(&t, VK::F, false);
        self.stats.bump("swap elements");
        let a = &v.name;
        cat![
            ind(level),
            "let ",
            &t,
            " = ",
            a,
            "[",
            p.clone(),
            "];\n",
            ind(level),
            a,
            "[",
            p,
            "] = ",
            a,
            "[",
            q.clone(),
            "];\n",
            ind(level),
            a,
            "[",
            q,
            "] = ",
            &t,
            ";\n"
        ]
    }

    fn block(&mut self, level: usize) -> Code {
        self.stats.bump("block");
        let n = self.rng.range(1, 2);
        let body = self.scoped(|g| g.stmts(level + 1, n));
        cat![ind(level), "{\n", body, ind(level), "}\n"]
    }

    /// A data-dependent count: a float cast to `usize`.
    fn cast_let(&mut self, level: usize) -> Code {
        let m = self.fresh("m");
        let (scale, max) = if self.rng.chance(0.5) {
            ("1.4", 2)
        } else {
            ("1.9", 3)
        };
        let off = if max == 2 { "1.5" } else { "2.0" };
        self.opaque += 1;
        let v = cat![off, " + ", scale, " * ", self.bounded(1)];
        self.opaque -= 1;
        self.declare(&m, VK::Int { max, safe: true }, false);
        self.stats.bump("float cast to usize");
        cat![
            ind(level),
            "let ",
            m,
            " = ",
            Code::rec(Rec::Cast, vec![v]),
            ";\n"
        ]
    }

    /// Rebinds a scalar under the same name.
    fn shadow(&mut self, level: usize) -> Code {
        let scalars = self.vars(|v| v.kind == VK::F && !v.name.starts_with('x'));
        let Some(v) = self.pick(&scalars) else {
            return self.let_scalar(level, true);
        };
        let k = self.rng.lit(0.2, 0.9);
        let e = cat![k, " * ", &v.name, " + ", self.bounded(1)];
        let mutable = self.rng.chance(0.5);
        self.declare(&v.name, VK::F, mutable);
        self.stats.bump("shadowing let");
        let m = if mutable { "mut " } else { "" };
        cat![ind(level), "let ", m, &v.name, " = ", e, ";\n"]
    }
}

fn out_kind(o: &Out) -> VK {
    match o {
        Out::F => VK::F,
        Out::Arr(k) => VK::Arr(*k),
        Out::Vec(k) => VK::Seq {
            len: Some(*k),
            vec: true,
        },
        Out::Tuple(_) => unreachable!("tuples are destructured"),
    }
}

impl Gen<'_> {
    /// Overwrites a whole aggregate: an array from another array, a literal, a
    /// parameter or a call; a row of a nested array; a `Vec` from a literal or clone.
    fn assign_whole(&mut self, level: usize) -> Code {
        let targets = self.vars(|v| {
            v.mutable
                && matches!(
                    v.kind,
                    VK::Arr(_) | VK::Arr2(..) | VK::Seq { vec: true, .. }
                )
        });
        let Some(t) = self.pick(&targets) else {
            return self.assign(level);
        };
        let i = ind(level);
        match t.kind {
            VK::Arr(n) => {
                let sources = self.vars(|v| v.kind == VK::Arr(n) && v.name != t.name);
                let src = match self.rng.below(4) {
                    0 if !sources.is_empty() => {
                        let v = self.pick(&sources).expect("source");
                        self.stats.bump("array = array");
                        Code::new(if v.by_ref {
                            format!("*{}", v.name)
                        } else {
                            v.name
                        })
                    }
                    1 => match self.call_code(|o| *o == Out::Arr(n)) {
                        Some((call, _)) => {
                            self.stats.bump("array = call");
                            call
                        }
                        None => self.array_literal(n),
                    },
                    _ => self.array_literal(n),
                };
                cat![i, &t.name, " = ", src, ";\n"]
            }
            VK::Arr2(n, m) => {
                let rows = self.vars(|v| v.kind == VK::Arr(m));
                let row = match self.pick(&rows) {
                    Some(v) if self.rng.chance(0.6) => Code::new(if v.by_ref {
                        format!("*{}", v.name)
                    } else {
                        v.name
                    }),
                    _ => self.array_literal(m),
                };
                self.stats.bump("nested array row = array");
                cat![i, &t.name, "[", self.index(n), "] = ", row, ";\n"]
            }
            VK::Seq { len: None, .. } if self.rng.chance(0.3) => {
                self.stats.bump("Vec = vec![x; v.len()]");
                let b = self.bounded(1);
                cat![i, &t.name, " = vec![", b, "; ", &t.name, ".len()];\n"]
            }
            VK::Seq { len, .. } => {
                let n = len.unwrap_or_else(|| self.rng.range(1, 4));
                let sources = self.vars(|v| {
                    v.name != t.name
                        && v.kind
                            == VK::Seq {
                                len: Some(n),
                                vec: true,
                            }
                });
                let src = match self.pick(&sources) {
                    Some(v) if self.rng.chance(0.4) => Code::new(format!("{}.clone()", v.name)),
                    _ => {
                        let items: Vec<Code> = (0..n).map(|_| self.bounded(1)).collect();
                        cat!["vec![", super::join(items), "]"]
                    }
                };
                self.stats.bump("Vec = Vec");
                cat![i, &t.name, " = ", src, ";\n"]
            }
            _ => unreachable!(),
        }
    }

    /// `[b, b, ..]` of bounded values (safe to assign inside loops).
    fn array_literal(&mut self, n: usize) -> Code {
        self.stats.bump("array = literal");
        let items: Vec<Code> = (0..n).map(|_| self.bounded(1)).collect();
        cat!["[", super::join(items), "]"]
    }

    /// `let s: f64;` assigned in both branches of an `if`.
    fn deferred_let(&mut self, level: usize) -> Code {
        let name = self.fresh("d");
        let i = ind(level);
        let j = ind(level + 1);
        let c = Code::rec(Rec::Bool, vec![self.cond(1)]);
        let then = self.scoped(|g| g.stmts(level + 1, 1));
        let a = self.bounded(2);
        let els = self.scoped(|g| g.stmts(level + 1, 1));
        let b = self.fexpr(2).c;
        self.declare(&name, VK::F, false);
        self.stats.bump("deferred initialization");
        cat![
            &i,
            "let ",
            &name,
            ": f64;\n",
            &i,
            "if ",
            c,
            " {\n",
            then,
            &j,
            &name,
            " = ",
            a,
            ";\n",
            &i,
            "} else {\n",
            els,
            &j,
            &name,
            " = ",
            b,
            ";\n",
            &i,
            "}\n"
        ]
    }
}
