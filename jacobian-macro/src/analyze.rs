//! Analyses over the intermediate form: activity (which variables carry
//! derivatives) and what the adjoint's reverse sweep reads.

use crate::errors::Errors;
use crate::ir::{Block, Function, OpaqueKind, Operand, Place, Rhs, Stmt, VarId};
use crate::rules;

/// Calls `f` on every statement, nested ones included, in program order.
pub fn walk<'a>(block: &'a Block, f: &mut impl FnMut(&'a Stmt)) {
    for s in &block.0 {
        f(s);
        match s {
            Stmt::If(_, a, b) => {
                walk(a, f);
                walk(b, f);
            }
            Stmt::For(_, _, b) | Stmt::While(_, b) | Stmt::Loop(b) => walk(b, f),
            Stmt::ForProg { body, .. } | Stmt::LoopCounted { body, .. } => walk(body, f),
            _ => {}
        }
    }
}

/// The operands of a right-hand side.
pub fn operands(rhs: &Rhs) -> Vec<&Operand> {
    match rhs {
        Rhs::Copy(o) | Rhs::Cast(o, _) | Rhs::Repeat(o, _) | Rhs::VecRepeat(o, _) => vec![o],
        Rhs::Prim(_, ops) | Rhs::Array(ops) | Rhs::VecLit(ops) | Rhs::Tuple(ops) => {
            ops.iter().collect()
        }
        Rhs::Call(c) => c.args.iter().map(|a| &a.operand).collect(),
        Rhs::Opaque(..) => Vec::new(),
    }
}

/// True when `op` is a place whose variable is active.
pub fn is_active(op: &Operand, active: &[bool]) -> bool {
    op.place().is_some_and(|p| active[p.var])
}

/// Whether a right-hand side carries a derivative.
pub fn rhs_active(rhs: &Rhs, active: &[bool]) -> bool {
    operands(rhs).into_iter().any(|o| is_active(o, active))
}

/// The place a statement writes, with its right-hand side.
pub fn assignment(s: &Stmt) -> Option<(Place, &Rhs)> {
    match s {
        Stmt::Let(v, Some(rhs)) => Some((Place::var(*v), rhs)),
        Stmt::Assign(p, rhs) => Some((p.clone(), rhs)),
        _ => None,
    }
}

/// Forward activity: a variable is active when an active value flows into it.
/// `seed` marks the active parameters.
pub fn activity(f: &Function, seed: &[VarId]) -> Vec<bool> {
    let mut active = vec![false; f.vars.len()];
    for &v in seed {
        active[v] = true;
    }
    loop {
        let mut changed = false;
        walk(&f.body, &mut |s| {
            if let Some((place, rhs)) = assignment(s) {
                if !active[place.var] && rhs_active(rhs, &active) {
                    active[place.var] = true;
                    changed = true;
                }
            }
        });
        if !changed {
            return active;
        }
    }
}

/// Reports constants built from values that carry a derivative
/// (`T::from(x).unwrap()` with an active `x` would silently drop it).
pub fn check(f: &Function, active: &[bool], errors: &mut Errors) {
    walk(&f.body, &mut |s| {
        if let Some((_, Rhs::Opaque(o, OpaqueKind::RealConst))) = assignment(s) {
            if o.reads.iter().any(|&v| active[v]) {
                errors.spanned(&o.expr, "this conversion would drop the derivative of a value that carries one; use the value directly (it already has the function's float type)");
            }
        }
    });
}

/// Variables whose values the adjoint's reverse sweep reads: they must be
/// restored when overwritten. `active` is the activity of `f` (adjoint form).
pub fn needed(f: &Function, active: &[bool]) -> Vec<bool> {
    let mut need = vec![false; f.vars.len()];
    walk(&f.body, &mut |s| mark_needed(s, active, &mut need));
    // Restoring `a[i]` reads `i`.
    loop {
        let mut changed = false;
        walk(&f.body, &mut |s| {
            if let Some((place, _)) = assignment(s) {
                if need[place.var] {
                    for r in place.index_reads() {
                        changed |= !need[r];
                        need[r] = true;
                    }
                }
            }
        });
        if !changed {
            return need;
        }
    }
}

fn mark_needed(s: &Stmt, active: &[bool], need: &mut [bool]) {
    fn mark(need: &mut [bool], vs: impl IntoIterator<Item = VarId>) {
        vs.into_iter().for_each(|v| need[v] = true);
    }
    match s {
        Stmt::If(c, ..) | Stmt::ExitIf(c) => mark(need, c.reads.iter().copied()),
        Stmt::ForProg { prog, count, .. } => mark(need, [*prog].into_iter().chain(*count)),
        Stmt::LoopCounted { count, .. } => mark(need, [*count]),
        _ => {}
    }
    let Some((place, rhs)) = assignment(s) else {
        return;
    };
    if !active[place.var] || !rhs_active(rhs, active) {
        return;
    }
    mark(need, place.index_reads());
    let values = match rhs {
        Rhs::Prim(p, _) => {
            let r = rules::rule(*p);
            if r.uses_result {
                need[place.var] = true;
            }
            !r.linear
        }
        Rhs::Call(_) => true,
        _ => false,
    };
    for op in operands(rhs) {
        match op {
            Operand::Place(p) => {
                if values {
                    need[p.var] = true;
                }
                if values || active[p.var] {
                    mark(need, p.index_reads());
                }
            }
            Operand::Const(c) if values => mark(need, c.reads.iter().copied()),
            Operand::Const(_) => {}
        }
    }
}
