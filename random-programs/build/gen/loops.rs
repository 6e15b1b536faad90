//! Loops (`for` over every range form, `while` on a counter or a float, `loop` with
//! `break`) and the early exits inside them.

use super::{ind, Elem, Gen, DYN_MAX, MAX_MULT, VK};
use crate::code::{cat, Code, Rec};

impl Gen<'_> {
    /// Runs `body` as the body of a loop executing at most `trips` times.
    pub(super) fn in_loop<T>(&mut self, trips: usize, body: impl FnOnce(&mut Self) -> T) -> T {
        let (loops, mult) = (self.loops, self.mult);
        self.loops += 1;
        self.mult *= trips.max(1) as u64;
        let r = self.scoped(body);
        self.loops = loops;
        self.mult = mult;
        r
    }
    /// The loop's range: its code, a bound on the trip count, and the loop
    /// variable's largest value (and whether that bound holds for every caller).
    pub(super) fn range(&mut self) -> (Code, usize, usize, bool) {
        let room = (MAX_MULT / self.mult) as usize;
        let ints = self.vars(|v| matches!(v.kind, VK::Int { max, .. } if (1..=5).contains(&max)));
        let lens = self.vars(|v| {
            matches!(
                v.kind,
                VK::Arr(_) | VK::Arr2(..) | VK::Seq { .. } | VK::Tab(_)
            )
        });
        let entries: Vec<_> = self
            .tables(Elem::Usize)
            .into_iter()
            .filter(|v| matches!(v.kind, VK::Tab(t) if t.max() >= 1))
            .collect();
        let entry = if entries.is_empty() { 0 } else { 1 };
        let (hi, bound, safe) = match self.rng.weighted(&[4, 3, 3, entry]) {
            3 => {
                // Its contents are fixed: the bound holds for every caller.
                let v = self.pick(&entries).expect("table");
                let VK::Tab(t) = v.kind else { unreachable!() };
                self.stats.bump("for to a usize table entry");
                (self.tab_read(&v), t.max(), true)
            }
            1 if !ints.is_empty() => {
                let v = self.pick(&ints).expect("int");
                let VK::Int { max, safe } = v.kind else {
                    unreachable!()
                };
                self.stats.bump(match v.name.as_bytes()[0] {
                    b'x' => "for to a usize parameter",
                    b'm' => "for to a data-dependent count",
                    b'k' => "for to a while counter",
                    _ => "for to an outer loop variable",
                });
                (Code::new(v.name), max, safe)
            }
            2 if !lens.is_empty() => {
                let v = self.pick(&lens).expect("aggregate");
                self.stats.bump("for to len()");
                let (n, safe) = match v.kind {
                    VK::Tab(t) => {
                        self.stats.bump("for to a table's len()");
                        (t.len, true)
                    }
                    VK::Arr(n) | VK::Arr2(n, _) | VK::Seq { len: Some(n), .. } => (n, true),
                    _ => (DYN_MAX, false),
                };
                (Code::new(format!("{}.len()", v.name)), n, safe)
            }
            _ => {
                let c = self.rng.range(1, 4);
                (Code::new(c.to_string()), c, true)
            }
        };
        let outer = self.vars(|v| matches!(v.kind, VK::Int { .. }) && v.name.starts_with('i'));
        let lo = match self.rng.weighted(&[6, 2, 1]) {
            1 if bound >= 2 => Code::new("1"),
            2 if !outer.is_empty() => {
                self.stats.bump("for from an outer loop variable");
                Code::new(self.pick(&outer).expect("outer").name)
            }
            _ => Code::new("0"),
        };
        let inclusive = self.rng.chance(0.2);
        let (op, max) = if inclusive {
            self.stats.bump("for inclusive");
            ("..=", bound)
        } else {
            ("..", bound.saturating_sub(1))
        };
        // Too many iterations for this depth: a short constant range instead.
        let (lo, op, hi, max, safe) = if max + 1 > room {
            let c = room.clamp(1, 4);
            (Code::new("0"), "..", Code::new(c.to_string()), c - 1, true)
        } else {
            (lo, op, hi, max, safe)
        };
        let trips = max + 1;
        let base = cat![lo, op, hi];
        // `StepBy<RangeInclusive<usize>>` is not double-ended.
        let step_rev = if inclusive { 0 } else { 1 };
        let code = match self.rng.weighted(&[5, 2, 2, 1, step_rev]) {
            0 => base,
            1 => {
                self.stats.bump("for rev");
                cat!["(", base, ").rev()"]
            }
            2 => {
                self.stats.bump("for step_by");
                cat![
                    "(",
                    base,
                    ").step_by(",
                    self.rng.range(2, 3).to_string(),
                    ")"
                ]
            }
            3 => {
                self.stats.bump("for rev step_by");
                cat!["(", base, ").rev().step_by(2)"]
            }
            _ => {
                self.stats.bump("for step_by rev");
                cat!["(", base, ").step_by(2).rev()"]
            }
        };
        (code, trips, max, safe)
    }
    pub(super) fn for_loop(&mut self, level: usize) -> Code {
        let i = ind(level);
        let (range, trips, max, safe) = self.range();
        let var = self.fresh("i");
        self.stats.bump(&format!("for at depth {}", self.loops + 1));
        let n = self.rng.range(1, 4);
        let body = self.in_loop(trips, |g| {
            g.declare(&var, VK::Int { max, safe }, false);
            g.stmts(level + 1, n)
        });
        cat![&i, "for ", var, " in ", range, " {\n", body, &i, "}\n"]
    }
    /// A loop on a fresh counter `k` that stops after at most 1 to 3 trips, and
    /// sometimes earlier on a data-dependent condition: the counter's name, the
    /// recorded condition (`k < c && ..` for `while`, `k >= c || ..` to `break`) and
    /// the body.
    fn counted(&mut self, level: usize, kind: &str, to_break: bool) -> (String, Code, Code) {
        let k = self.fresh("k");
        let c = self.rng.range(1, 4);
        let (op, join, chance) = if to_break {
            (">=", " || (", 0.6)
        } else {
            ("<", " && (", 0.7)
        };
        let mut cond = Code::new(format!("{k} {op} {c}"));
        if self.rng.chance(chance) {
            self.stats.bump(&format!(
                "{kind} with a data-dependent {}",
                if to_break { "break" } else { "condition" }
            ));
            cond = cat![cond, join, self.cond(0), ")"];
        }
        self.stats.bump(kind);
        self.declare(&k, VK::Int { max: c, safe: true }, true);
        let n = self.rng.range(1, 3);
        let body = self.in_loop(c, |g| g.stmts(level + 1, n));
        (k, Code::rec(Rec::Bool, vec![cond]), body)
    }
    pub(super) fn while_loop(&mut self, level: usize) -> Code {
        let i = ind(level);
        let (k, cond, body) = self.counted(level, "while", false);
        let j = ind(level + 1);
        cat![
            &i,
            "let mut ",
            &k,
            ": usize = 0;\n",
            &i,
            "while ",
            cond,
            " {\n",
            &j,
            &k,
            " += 1;\n",
            body,
            &i,
            "}\n"
        ]
    }
    pub(super) fn loop_break(&mut self, level: usize) -> Code {
        let i = ind(level);
        let (k, cond, body) = self.counted(level, "loop", true);
        let j = ind(level + 1);
        cat![
            &i,
            "let mut ",
            &k,
            ": usize = 0;\n",
            &i,
            "loop {\n",
            &j,
            "if ",
            cond,
            " {\n",
            ind(level + 2),
            "break;\n",
            &j,
            "}\n",
            &j,
            &k,
            " += 1;\n",
            body,
            &i,
            "}\n"
        ]
    }
    /// `if c { ..; break; }` or `continue`.
    pub(super) fn exit(&mut self, level: usize) -> Code {
        let i = ind(level);
        let word = if self.rng.chance(0.5) {
            "break"
        } else {
            "continue"
        };
        self.stats.bump(word);
        let c = Code::rec(Rec::Bool, vec![self.cond(1)]);
        let before = if self.rng.chance(0.4) {
            self.scoped(|g| g.assign(level + 1))
        } else {
            Code::default()
        };
        cat![
            &i,
            "if ",
            c,
            " {\n",
            before,
            ind(level + 1),
            word,
            ";\n",
            &i,
            "}\n"
        ]
    }
    /// A `while` loop whose trip count depends only on floats.
    pub(super) fn float_while(&mut self, level: usize) -> Code {
        let w = self.fresh("w");
        let i = ind(level);
        let j = ind(level + 1);
        let start = self.bounded(1);
        let limit = self.rng.lit(0.2, 1.2);
        // Not writable by other statements: its increment guarantees termination.
        self.declare(&w, VK::F, false);
        let step = self.bounded(1);
        let n = self.rng.range(1, 3);
        let body = self.in_loop(9, |g| g.stmts(level + 1, n));
        let cond = Code::rec(Rec::Bool, vec![Code::new(format!("{w} < {limit}"))]);
        self.stats.bump("while on a float");
        cat![
            &i,
            "let mut ",
            &w,
            " = ",
            start,
            ";\n",
            &i,
            "while ",
            cond,
            " {\n",
            &j,
            &w,
            " += 0.4 + 0.15 * ",
            step,
            ";\n",
            body,
            &i,
            "}\n"
        ]
    }
}
