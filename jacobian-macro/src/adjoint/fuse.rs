//! Fusing a tail reduction loop with its own reverse.
//!
//! When a function ends with a loop that only *accumulates* into its result
//! (`s = s + e` / `s = s - e`, as sums, norms and losses do) and writes
//! nothing else outside its body, the result's adjoint is the output seed for
//! the whole loop, unchanged by every iteration, and each iteration's reverse
//! only adds into other adjoints. The iterations' reverses can then run in
//! any order, so each runs right after its own forward iteration: nothing of
//! the loop is stored, and the gradient is computed in one pass.

use crate::analyze::{assignment, operands, walk, Storage};
use crate::ir::{Block, Function, Operand, Rhs, Stmt, VarId};
use crate::rules::Prim;

/// The variables a loop body declares (its own locals, nested loop state).
pub fn body_locals(f: &Function, var: VarId, body: &Block) -> Vec<bool> {
    let mut local = vec![false; f.vars.len()];
    local[var] = true;
    walk(body, &mut |s| match s {
        Stmt::Let(v, _) => local[*v] = true,
        Stmt::ForProg { var, .. } => local[*var] = true,
        _ => {}
    });
    local
}

/// The position of a fusible tail loop in `f`'s top-level body, if any.
pub fn fusible_tail(f: &Function, ret: VarId, storage: &Storage) -> Option<usize> {
    let last = f.body.0.len().checked_sub(1)?;
    let Stmt::ForProg {
        var,
        count: None,
        body,
        ..
    } = &f.body.0[last]
    else {
        return None;
    };
    if storage.restore[ret] || storage.snap[ret] {
        return None;
    }
    let local = body_locals(f, *var, body);
    let mut ok = !local[ret];
    walk(body, &mut |s| {
        if let Some((place, rhs)) = assignment(s) {
            let accumulates =
                place.var == ret && place.proj.is_empty() && is_accumulation(rhs, ret);
            ok &= local[place.var] || accumulates;
            let reads = operands(rhs)
                .into_iter()
                .enumerate()
                .any(|(k, op)| match op {
                    Operand::Place(p) => {
                        (p.var == ret && !(accumulates && k == 0))
                            || p.index_reads().any(|v| v == ret)
                    }
                    Operand::Const(c) => c.reads.contains(&ret),
                });
            let opaque = matches!(rhs, Rhs::Opaque(o, _) if o.reads.contains(&ret));
            ok &= !reads && !opaque && !place.index_reads().any(|v| v == ret);
        }
        match s {
            Stmt::If(c, ..) | Stmt::ExitIf(c) => ok &= !c.reads.contains(&ret),
            Stmt::Return(_) => ok = false,
            _ => {}
        }
    });
    ok.then_some(last)
}

/// `ret = ret + e` or `ret = ret - e`.
fn is_accumulation(rhs: &Rhs, ret: VarId) -> bool {
    match rhs {
        Rhs::Prim(Prim::Add | Prim::Sub, ops) => {
            matches!(&ops[0], Operand::Place(p) if p.var == ret && p.proj.is_empty())
                && !matches!(&ops[1], Operand::Place(p) if p.var == ret)
        }
        _ => false,
    }
}
