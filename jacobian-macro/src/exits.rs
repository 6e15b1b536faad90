//! The adjoint's own lowering: the reverse sweep replays control flow from
//! recorded decisions, so before the adjoint transform every exit becomes a
//! flag, every loop a counted loop over a stored progression, and every
//! branch condition a variable.
//!
//! ```text
//! // Before                       // After
//! for i in 0..n {                 __prog = Progression::range(0, n); __n = 0;
//!     if x[i] < 0.0 { break; }    for-prog i in __prog counting __n {
//!     s += x[i];                      __c = x[i] < 0.0;
//! }                                   if __c { __brk = true } else {}
//!                                     __g = !(__brk); if __g { s += x[i] }
//!                                     exit-if __brk }
//! ```

use crate::emit::paths::JR;
use quote::quote;

use crate::ir::{
    Block, Function, Opaque, OpaqueKind, Operand, Place, RangeOp, RangeSpec, Rhs, Stmt, VarId,
};

/// A function in the adjoint's form.
pub struct AdjointForm {
    /// The lowered function.
    pub func: Function,
    /// The variable holding the result once the forward sweep ends.
    pub ret: VarId,
}

/// Which flags a statement may have set.
#[derive(Clone, Copy, Default)]
struct Exits {
    ret: bool,
    brk: bool,
    cont: bool,
}

impl Exits {
    fn any(self) -> bool {
        self.ret || self.brk || self.cont
    }

    fn or(self, o: Exits) -> Exits {
        Exits {
            ret: self.ret || o.ret,
            brk: self.brk || o.brk,
            cont: self.cont || o.cont,
        }
    }
}

#[derive(Clone, Copy, Default)]
struct LoopFlags {
    brk: Option<VarId>,
    cont: Option<VarId>,
}

struct Lowering {
    f: Function,
    ret: VarId,
    returned: Option<VarId>,
}

/// Lowers `f` to the adjoint's form.
pub fn lower(f: &Function) -> AdjointForm {
    let mut func = f.clone();
    let mut body = std::mem::take(&mut func.body).0;
    let returns = count_returns(&Block(body.clone()));
    let final_only = returns == 1 && matches!(body.last(), Some(Stmt::Return(_)));
    let mut l = Lowering {
        f: func,
        ret: 0,
        returned: None,
    };
    let mut prologue = Vec::new();
    if final_only {
        let Some(Stmt::Return(op)) = body.pop() else {
            unreachable!()
        };
        match op {
            Operand::Place(p) if p.proj.is_empty() => l.ret = p.var,
            op => {
                l.ret = l.f.fresh("ret", false);
                body.push(Stmt::Let(l.ret, Some(Rhs::Copy(op))));
            }
        }
    } else {
        l.ret = l.f.fresh("ret", false);
        let returned = l.f.fresh("returned", false);
        l.returned = Some(returned);
        prologue.push(Stmt::Let(l.ret, None));
        prologue.push(Stmt::Let(returned, Some(flag_value(false))));
    }
    let (mut out, _) = l.block(body, LoopFlags::default());
    prologue.append(&mut out);
    let body = l.record_conditions(prologue);
    l.f.body = Block(body);
    AdjointForm {
        func: l.f,
        ret: l.ret,
    }
}

fn flag_value(b: bool) -> Rhs {
    Rhs::Opaque(
        Opaque {
            expr: syn::parse_quote!(#b),
            reads: Vec::new(),
        },
        OpaqueKind::Discrete,
    )
}

fn count_returns(b: &Block) -> usize {
    let mut n = 0;
    crate::analyze::walk(b, &mut |s| n += usize::from(matches!(s, Stmt::Return(_))));
    n
}

/// `break` / `continue` that leave this loop (not a nested one).
fn has_jump(b: &Block, brk: bool) -> bool {
    b.0.iter().any(|s| match s {
        Stmt::Break => brk,
        Stmt::Continue => !brk,
        Stmt::If(_, a, c) => has_jump(a, brk) || has_jump(c, brk),
        _ => false,
    })
}

impl Lowering {
    fn set(&self, v: VarId) -> Stmt {
        Stmt::Assign(Place::var(v), flag_value(true))
    }

    /// `v1 || v2 || …` over the given flags, or `!(…)` when `negate`.
    fn any_of(&self, flags: &[VarId], negate: bool) -> Opaque {
        let idents = flags.iter().map(|v| self.f.ident(*v));
        let or = quote!(#(#idents)||*);
        let expr = if negate {
            syn::parse_quote!(!(#or))
        } else {
            syn::parse_quote!(#or)
        };
        Opaque {
            expr,
            reads: flags.to_vec(),
        }
    }

    fn flags(&self, e: Exits, lp: LoopFlags) -> Vec<VarId> {
        let mut v = Vec::new();
        v.extend(self.returned.filter(|_| e.ret));
        v.extend(lp.brk.filter(|_| e.brk));
        v.extend(lp.cont.filter(|_| e.cont));
        v
    }

    fn block(&mut self, stmts: Vec<Stmt>, lp: LoopFlags) -> (Vec<Stmt>, Exits) {
        let mut out = Vec::new();
        let mut all = Exits::default();
        let mut iter = stmts.into_iter();
        while let Some(s) = iter.next() {
            let e = self.stmt(s, lp, &mut out);
            all = all.or(e);
            if e.any() {
                let (rest, e2) = self.block(iter.collect(), lp);
                all = all.or(e2);
                if !rest.is_empty() {
                    let guard = self.any_of(&self.flags(e, lp), true);
                    out.push(Stmt::If(guard, Block(rest), Block::default()));
                }
                break;
            }
        }
        (out, all)
    }

    fn stmt(&mut self, s: Stmt, lp: LoopFlags, out: &mut Vec<Stmt>) -> Exits {
        match s {
            Stmt::Return(op) => {
                let Some(returned) = self.returned else {
                    return Exits::default();
                };
                out.push(Stmt::Assign(Place::var(self.ret), Rhs::Copy(op)));
                out.push(self.set(returned));
                Exits {
                    ret: true,
                    ..Exits::default()
                }
            }
            Stmt::Break => {
                // Outside a loop rustc reports the `break` itself.
                let Some(brk) = lp.brk else {
                    return Exits::default();
                };
                out.push(self.set(brk));
                Exits {
                    brk: true,
                    ..Exits::default()
                }
            }
            Stmt::Continue => {
                let Some(cont) = lp.cont else {
                    return Exits::default();
                };
                out.push(self.set(cont));
                Exits {
                    cont: true,
                    ..Exits::default()
                }
            }
            Stmt::If(c, a, b) => {
                let (a, ea) = self.block(a.0, lp);
                let (b, eb) = self.block(b.0, lp);
                out.push(Stmt::If(c, Block(a), Block(b)));
                ea.or(eb)
            }
            Stmt::For(var, range, body) => self.for_loop(var, &range, body, out),
            Stmt::While(c, body) => self.while_loop(c, body, out),
            Stmt::Loop(body) => self.plain_loop(body, out),
            s => {
                out.push(s);
                Exits::default()
            }
        }
    }

    /// Flags for a loop's `break` and `continue`, declared before it.
    fn loop_flags(&mut self, body: &Block, force_brk: bool, out: &mut Vec<Stmt>) -> LoopFlags {
        let brk = (force_brk || has_jump(body, true)).then(|| self.f.fresh("brk", false));
        let cont = has_jump(body, false).then(|| self.f.fresh("cont", false));
        for v in brk.iter().chain(&cont) {
            out.push(Stmt::Let(*v, Some(flag_value(false))));
        }
        LoopFlags { brk, cont }
    }

    /// The body of one iteration: reset `continue`, run, leave on `break` or `return`.
    fn iteration(&mut self, body: Vec<Stmt>, lp: LoopFlags, returns: bool) -> Vec<Stmt> {
        let mut v = Vec::new();
        if let Some(c) = lp.cont {
            v.push(Stmt::Assign(Place::var(c), flag_value(false)));
        }
        v.extend(self.block(body, lp).0);
        let mut exit: Vec<VarId> = lp.brk.into_iter().collect();
        exit.extend(self.returned.filter(|_| returns));
        if !exit.is_empty() {
            v.push(Stmt::ExitIf(self.any_of(&exit, false)));
        }
        v
    }

    fn counter(&mut self, out: &mut Vec<Stmt>) -> VarId {
        let n = self.f.fresh("n", false);
        let zero = Opaque {
            expr: syn::parse_quote!(0usize),
            reads: Vec::new(),
        };
        out.push(Stmt::Let(n, Some(Rhs::Opaque(zero, OpaqueKind::Discrete))));
        n
    }

    fn for_loop(
        &mut self,
        var: VarId,
        range: &RangeSpec,
        body: Block,
        out: &mut Vec<Stmt>,
    ) -> Exits {
        let returns = count_returns(&body) > 0;
        let lp = self.loop_flags(&body, false, out);
        let prog = self.f.fresh("prog", false);
        out.push(Stmt::Let(
            prog,
            Some(Rhs::Opaque(progression(range), OpaqueKind::Discrete)),
        ));
        let count = (lp.brk.is_some() || returns).then(|| self.counter(out));
        let body = Block(self.iteration(body.0, lp, returns));
        out.push(Stmt::ForProg {
            var,
            prog,
            count,
            range: range.clone(),
            body,
        });
        Exits {
            ret: returns,
            ..Exits::default()
        }
    }

    fn while_loop(&mut self, c: Opaque, body: Block, out: &mut Vec<Stmt>) -> Exits {
        let returns = count_returns(&body) > 0;
        let lp = self.loop_flags(&body, true, out);
        let count = self.counter(out);
        let w = self.f.fresh("w", false);
        let brk = lp.brk.expect("forced");
        let wi = self.f.ident(w).clone();
        let test = Opaque {
            expr: syn::parse_quote!(#wi),
            reads: vec![w],
        };
        let mut inner = vec![Stmt::Let(w, Some(Rhs::Opaque(c, OpaqueKind::Discrete)))];
        let mut run = Vec::new();
        if let Some(c) = lp.cont {
            run.push(Stmt::Assign(Place::var(c), flag_value(false)));
        }
        run.extend(self.block(body.0, lp).0);
        inner.push(Stmt::If(test, Block(run), Block(vec![self.set(brk)])));
        let mut exit = vec![brk];
        exit.extend(self.returned.filter(|_| returns));
        inner.push(Stmt::ExitIf(self.any_of(&exit, false)));
        out.push(Stmt::LoopCounted {
            count,
            body: Block(inner),
        });
        Exits {
            ret: returns,
            ..Exits::default()
        }
    }

    fn plain_loop(&mut self, body: Block, out: &mut Vec<Stmt>) -> Exits {
        let returns = count_returns(&body) > 0;
        let lp = self.loop_flags(&body, false, out);
        let count = self.counter(out);
        let body = Block(self.iteration(body.0, lp, returns));
        out.push(Stmt::LoopCounted { count, body });
        Exits {
            ret: returns,
            ..Exits::default()
        }
    }

    /// Every `if` condition becomes a variable the reverse sweep can read.
    fn record_conditions(&mut self, stmts: Vec<Stmt>) -> Vec<Stmt> {
        let mut out = Vec::new();
        for s in stmts {
            match s {
                Stmt::If(c, a, b) => {
                    let a = Block(self.record_conditions(a.0));
                    let b = Block(self.record_conditions(b.0));
                    let c = if is_flag(&c) {
                        c
                    } else {
                        let v = self.f.fresh("c", false);
                        out.push(Stmt::Let(v, Some(Rhs::Opaque(c, OpaqueKind::Discrete))));
                        let ident = self.f.ident(v).clone();
                        Opaque {
                            expr: syn::parse_quote!(#ident),
                            reads: vec![v],
                        }
                    };
                    out.push(Stmt::If(c, a, b));
                }
                Stmt::ForProg {
                    var,
                    prog,
                    count,
                    range,
                    body,
                } => {
                    let body = Block(self.record_conditions(body.0));
                    out.push(Stmt::ForProg {
                        var,
                        prog,
                        count,
                        range,
                        body,
                    });
                }
                Stmt::LoopCounted { count, body } => {
                    let body = Block(self.record_conditions(body.0));
                    out.push(Stmt::LoopCounted { count, body });
                }
                s => out.push(s),
            }
        }
        out
    }
}

/// A condition that is already a single variable.
fn is_flag(c: &Opaque) -> bool {
    c.reads.len() == 1 && matches!(&c.expr, syn::Expr::Path(p) if p.path.get_ident().is_some())
}

/// `Progression::range(a, b).rev().step_by(k)`, mirroring the loop's range.
fn progression(r: &RangeSpec) -> Opaque {
    let (a, b) = (&r.start.expr, &r.end.expr);
    let ctor = if r.inclusive {
        quote!(range_inclusive)
    } else {
        quote!(range)
    };
    let mut expr = quote!(#JR::Progression::#ctor(#a, #b));
    let mut reads: Vec<VarId> = r.start.reads.iter().chain(&r.end.reads).copied().collect();
    for op in &r.ops {
        expr = match op {
            RangeOp::Rev => quote!(#expr.rev()),
            RangeOp::StepBy(k) => {
                reads.extend(&k.reads);
                let k = &k.expr;
                quote!(#expr.step_by(#k))
            }
        };
    }
    Opaque {
        expr: syn::parse2(expr).expect("a valid expression"),
        reads,
    }
}
