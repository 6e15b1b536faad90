//! Calls of earlier generated programs, with arguments built from what is in scope.

use super::expr::E;
use super::{join, Form, Gen, Out, PKind, Var, DYN_MAX, VK};
use crate::code::{cat, Code};

impl Gen<'_> {
    /// A call of an earlier program with a scalar result, as an expression.
    pub(super) fn scalar_call(&mut self) -> Option<E> {
        let (c, _) = self.call_code(|o| *o == Out::F)?;
        Some(E::new(c, true, true))
    }

    /// A call of a function with a declared derivative (`tests/support`), as an expression:
    /// partials (differentiated, or with `second`), an integer parameter, and JVP/VJP/HVP
    /// rules of a scalar and of a vector result.
    pub(super) fn declared_call(&mut self, d: u32) -> Option<E> {
        let c = match self.rng.below(5) {
            0 => {
                self.stats.bump("declared: partials");
                cat!["dsoftplus(", self.fexpr(d).c, ")"]
            }
            1 => {
                self.stats.bump("declared: partials and second");
                let (a, b) = (self.fexpr(d).c, self.fexpr(d).c);
                cat!["dnorm(", a, ", ", b, ")"]
            }
            2 => {
                self.stats.bump("declared: integer parameter");
                let a = self.fexpr(d).recv();
                let n = self.rng.range(1, 3).to_string();
                cat!["dpow(", Code::new(n), ", ", a, ".tanh())"]
            }
            3 => {
                let s = self.arg_for(PKind::Slice(0))?;
                self.stats.bump("declared: jvp, vjp, hvp");
                cat!["dlse(", s, ")"]
            }
            _ => {
                let s = self.arg_for(PKind::Slice(0))?;
                self.stats.bump("declared: vector jvp, vjp, hvp");
                cat!["dlse(&dmix(", s, "))"]
            }
        };
        self.declared = true;
        // Generic: with only literals as arguments its type is `{float}` (no methods on it).
        Some(E::new(c, true, false))
    }

    /// A call of an earlier program's `gradient`, `tangent`, `adjoint`,
    /// `value_and_gradient`, `divergence` (of a function of one scalar or one array, read
    /// at one element) or `laplacian`, as an expression: a derivative of a
    /// derivative. Only of programs whose twins record nothing (whose path cannot change
    /// unseen by this program's twin), that take no struct and call no nested derivative
    /// themselves (that would need higher derivatives still); a `laplacian` only of
    /// programs that call no declared derivative (declared rules have no third partials).
    pub(super) fn nested_call(&mut self) -> Option<E> {
        let budget = super::MAX_COST / 6;
        let ok: Vec<usize> = (0..self.callees.len())
            .filter(|&k| {
                let c = &self.callees[k];
                let takes_struct = c.params.iter().any(|p| matches!(p.kind, PKind::Rec(_)));
                let refused =
                    c.traced || c.first_order || takes_struct || (self.f32_copy && c.wide);
                c.out == Out::F && c.cost * self.mult <= budget && !refused
            })
            .collect();
        if ok.is_empty() {
            self.stats
                .bump("nested: no callee without recording points");
            return None;
        }
        let k = ok[self.rng.below(ok.len())];
        let kinds: Vec<PKind> = self.callees[k].params.iter().map(|p| p.kind).collect();
        let (index, cost) = (self.callees[k].index, self.callees[k].cost);
        let declared = self.callees[k].declared;
        let args: Vec<Code> = kinds
            .iter()
            .map(|&kind| self.arg_for(kind))
            .collect::<Option<_>>()?;
        let real: Vec<PKind> = kinds
            .iter()
            .copied()
            .filter(|k| !matches!(k, PKind::Usize(_) | PKind::Tab(_)))
            .collect();
        // The one float parameter, when it is the only one and active (the derivative
        // forms below then have one scalar or one array of directions and cotangents).
        let one_active = real.len() == 1
            && self.callees[k]
                .params
                .iter()
                .any(|p| p.kind == real[0] && p.active);
        let at = |g: &mut Self| match real.as_slice() {
            [PKind::Arr(n) | PKind::ArrV(n)] => format!("[{}]", g.rng.below(*n)),
            _ => String::new(),
        };
        // The active float parameters' kinds, when all are scalars or arrays: the
        // directions of `tangent` and the components of `adjoint`'s cotangents.
        let act: Vec<PKind> = self.callees[k]
            .params
            .iter()
            .filter(|p| p.active && !matches!(p.kind, PKind::Usize(_) | PKind::Tab(_)))
            .map(|p| p.kind)
            .collect();
        let simple = !act.is_empty()
            && act
                .iter()
                .all(|k| matches!(k, PKind::F | PKind::Arr(_) | PKind::ArrV(_)));
        // Component `k` of a cotangent (a tuple when several are active), read at one
        // element when it is an array.
        let part = |g: &mut Self| {
            let c = g.rng.below(act.len());
            let field = if act.len() > 1 {
                format!(".{c}")
            } else {
                String::new()
            };
            match act[c] {
                PKind::Arr(n) | PKind::ArrV(n) => format!("{field}[{}]", g.rng.below(n)),
                _ => field,
            }
        };
        let c = match (self.rng.below(6), real.as_slice()) {
            (2, _) if simple && !one_active => {
                self.stats.bump("nested tangent of several parameters");
                let mut all = args;
                for &kind in &act {
                    let d = self.arg_for(kind)?;
                    all.push(match kind {
                        // By-value arrays' directions are passed by reference.
                        PKind::ArrV(_) => cat!["&", d],
                        _ => d,
                    });
                }
                cat![format!("p{index}::tangent("), join(all), ").1"]
            }
            (3, _) if simple && !one_active => {
                self.stats.bump("nested adjoint of several parameters");
                let ybar = self.arg_for(PKind::F)?;
                let mut all = args;
                all.push(ybar);
                let c = part(self);
                cat![format!("p{index}::adjoint("), join(all), format!(").1{c}")]
            }
            (4, _) if simple && !one_active => {
                self.stats
                    .bump("nested value_and_gradient of several parameters");
                let c = part(self);
                cat![
                    format!("p{index}::value_and_gradient("),
                    join(args),
                    format!(").1{c}")
                ]
            }
            (0, [PKind::F]) => {
                self.stats.bump("nested gradient");
                cat![format!("p{index}::gradient("), join(args), ")"]
            }
            (0, [PKind::Arr(n) | PKind::ArrV(n)]) => {
                self.stats.bump("nested gradient of an array");
                let j = self.rng.below(*n);
                cat![
                    format!("p{index}::gradient("),
                    join(args),
                    format!(")[{j}]")
                ]
            }
            (2, [PKind::F | PKind::Arr(_)]) if one_active => {
                self.stats.bump("nested tangent");
                let dir = self.arg_for(real[0])?;
                let mut all = args;
                all.push(dir);
                cat![format!("p{index}::tangent("), join(all), ").1"]
            }
            (3, [PKind::F | PKind::Arr(_)]) if one_active => {
                self.stats.bump("nested adjoint");
                let ybar = self.arg_for(PKind::F)?;
                let mut all = args;
                all.push(ybar);
                let j = at(self);
                cat![format!("p{index}::adjoint("), join(all), format!(").1{j}")]
            }
            (4, [PKind::F | PKind::Arr(_) | PKind::ArrV(_)]) if one_active => {
                self.stats.bump("nested value_and_gradient");
                let j = at(self);
                let part = if self.rng.chance(0.5) {
                    ".0".to_string()
                } else {
                    format!(".1{j}")
                };
                cat![
                    format!("p{index}::value_and_gradient("),
                    join(args),
                    format!("){part}")
                ]
            }
            (5, [PKind::F]) if one_active => {
                self.stats.bump("nested divergence");
                cat![format!("p{index}::divergence("), join(args), ")"]
            }
            // Declared derivatives have no third derivatives for a Laplacian's gradient.
            _ if declared => return None,
            _ => {
                self.stats.bump("nested laplacian");
                cat![format!("p{index}::laplacian("), join(args), ")"]
            }
        };
        // Roughly a Hessian-vector product (or a Laplacian's reverse sweep) per direction.
        self.cost += 4 * cost * self.mult;
        self.calls.push(index);
        self.nested = true;
        Some(E::new(c, true, true))
    }

    /// A call of an earlier program whose result type satisfies `want`, affordable here,
    /// with arguments built from what is in scope.
    pub(super) fn call_code(&mut self, want: impl Fn(&Out) -> bool) -> Option<(Code, Out)> {
        let budget = super::MAX_COST / 3;
        let ok: Vec<usize> = (0..self.callees.len())
            .filter(|&k| {
                let c = &self.callees[k];
                want(&c.out) && c.cost * self.mult <= budget && !(self.f32_copy && c.wide)
            })
            .collect();
        if ok.is_empty() {
            return None;
        }
        // Prefer a callee that takes a table this program was given (to pass it on).
        let tables: Vec<super::Table> = self
            .vars(|_| true)
            .into_iter()
            .filter_map(|v| match v.kind {
                VK::Tab(t) => Some(t),
                _ => None,
            })
            .collect();
        let takes_ours: Vec<usize> = ok
            .iter()
            .copied()
            .filter(|&k| {
                self.callees[k].params.iter().any(|p| match p.kind {
                    PKind::Tab(t) => tables.iter().any(|u| u.same_contents(&t)),
                    _ => false,
                })
            })
            .collect();
        let k = if !takes_ours.is_empty() && self.rng.chance(0.7) {
            takes_ours[self.rng.below(takes_ours.len())]
        } else {
            ok[self.rng.below(ok.len())]
        };
        // A struct goes only to a callee that differentiates with respect to it (into a
        // constant parameter, its derivative would be refused).
        if self.callees[k]
            .params
            .iter()
            .any(|p| matches!(p.kind, PKind::Rec(_)) && !p.active)
        {
            return None;
        }
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
    pub(super) fn arg_for(&mut self, kind: PKind) -> Option<Code> {
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
            PKind::Tab(t) => return self.table_arg(t),
            PKind::Rec(m) => {
                let vs = self.vars(|v| v.kind == VK::Rec(m));
                let v = self.pick(&vs)?;
                self.stats.bump("struct passed on");
                Code::new(v.name)
            }
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
                    // A sub-slice of an array (never empty: the callee may take
                    // `i % x.len()`).
                    Some(v) if matches!(v.kind, VK::Arr(n) if n >= 2) && self.rng.chance(0.3) => {
                        self.stats.bump("sub-slice argument");
                        Code::new(format!("&{}[1..]", v.name))
                    }
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

    /// A table argument: a table in scope with the same contents, passed on in the
    /// callee's form, or a literal.
    pub(super) fn table_arg(&mut self, t: super::Table) -> Option<Code> {
        let vs = self.vars(|v| matches!(v.kind, VK::Tab(u) if u.same_contents(&t)));
        if let Some(v) = self.pick(&vs) {
            let VK::Tab(u) = v.kind else { unreachable!() };
            let n = &v.name;
            let passed = match (t.form, u.form) {
                (Form::Arr, Form::Arr) | (Form::ArrRef, Form::ArrRef) => Some(n.clone()),
                (Form::Slice, Form::ArrRef | Form::Slice) => Some(n.clone()),
                (Form::Arr, Form::ArrRef) => Some(format!("*{n}")),
                (Form::ArrRef | Form::Slice, Form::Arr) | (Form::Slice, Form::Vec) => {
                    Some(format!("&{n}"))
                }
                (Form::Vec, Form::Vec) => Some(format!("{n}.clone()")),
                (Form::Vec, _) => Some(format!("{n}.to_vec()")),
                (Form::Arr | Form::ArrRef, Form::Slice | Form::Vec) => None,
            };
            if let Some(p) = passed {
                self.stats.bump("table passed on");
                return Some(Code::new(p));
            }
        }
        if t.form == Form::Vec && self.opaque > 0 {
            return None;
        }
        self.stats.bump("table literal argument");
        Some(Code::new(t.literal()))
    }
}
