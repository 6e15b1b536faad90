//! Analyses over the intermediate form: activity (which variables carry
//! derivatives) and what the adjoint's reverse sweep reads.

use crate::errors::Errors;
use crate::ir::{Block, Function, OpaqueKind, Operand, Place, Rhs, Stmt, VarId};
use crate::rules;

/// Calls `f` on every statement, nested ones included, in program order.
pub fn walk<'a>(block: &'a Block, f: &mut impl FnMut(&'a Stmt)) {
    for s in &block.0 {
        walk_stmt(s, f);
    }
}

/// Calls `f` on `s` and on every statement nested in it, in program order.
pub fn walk_stmt<'a>(s: &'a Stmt, f: &mut impl FnMut(&'a Stmt)) {
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

/// The operands of a right-hand side.
pub fn operands(rhs: &Rhs) -> Vec<&Operand> {
    match rhs {
        Rhs::Copy(o)
        | Rhs::Owned(o, _)
        | Rhs::Cast(o, _)
        | Rhs::Repeat(o, _)
        | Rhs::VecRepeat(o, _) => vec![o],
        Rhs::Prim(_, ops) | Rhs::Array(ops) | Rhs::VecLit(ops) | Rhs::Tuple(ops) => {
            ops.iter().collect()
        }
        Rhs::Call(c) => c.args.iter().map(|a| &a.operand).collect(),
        Rhs::Struct(_, fields) => fields.iter().map(|(_, o)| o).collect(),
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
/// (`T::from(x).unwrap()` with an active `x` would silently drop it), and
/// float-valued methods outside the rule table called on such values
/// (`x.pow(2.0)` with `num_traits::Pow` in scope).
pub fn check(f: &Function, active: &[bool], errors: &mut Errors) {
    walk(&f.body, &mut |s| {
        if let Some((_, Rhs::Call(c))) = assignment(s) {
            foreign_call(c, active, errors);
            derivative_call(c, active, errors);
        }
        let Some((_, Rhs::Opaque(o, kind))) = assignment(s) else {
            return;
        };
        if !o.reads.iter().any(|&v| active[v]) {
            return;
        }
        match (kind, &o.expr) {
            (OpaqueKind::RealConst, _) => errors.spanned(&o.expr, "this conversion would drop the derivative of a value that carries one; use the value directly (it already has the function's float type)"),
            (OpaqueKind::Discrete, syn::Expr::MethodCall(m)) if m.method == "pow" => errors.spanned(&m.method, "`.pow()` on a value that carries a derivative is not supported by `#[differentiate]`; use `.powi(n)` for an integer exponent or `.powf(p)`"),
            _ => {}
        }
    });
}

/// Crates whose functions have no generated derivative module: a call into one that
/// receives a value carrying a derivative is refused here, with the way to declare one,
/// rather than failing in generated code.
const FOREIGN: &[&str] = &[
    "libm",
    "std",
    "core",
    "alloc",
    "num_traits",
    "statrs",
    "special",
    "puruspe",
    "spfunc",
];

fn foreign_call(c: &crate::ir::Call, active: &[bool], errors: &mut Errors) {
    let Some(first) = c.path.segments.first() else {
        return;
    };
    let foreign = FOREIGN.iter().any(|k| first.ident == k) && c.path.segments.len() >= 2;
    let carries = c
        .args
        .iter()
        .any(|a| a.operand.place().is_some_and(|p| active[p.var]));
    if foreign && carries {
        let spelled = quote::ToTokens::to_token_stream(&c.path)
            .to_string()
            .replace(' ', "");
        let name = c
            .path
            .segments
            .last()
            .map_or(String::new(), |s| s.ident.to_string());
        let msg = format!("`{spelled}` has no derivative the macro can see; declare one on a wrapper: `#[jacobian::derivative(partials = {name}_partials)] fn {name}(x: f64) -> f64 {{ {spelled}(x) }}` with `{name}_partials` giving ∂{name}/∂x (or `jvp = .., vjp = ..` for functions of slices)");
        errors.spanned(&c.path, msg);
    }
}

/// The derivative items of a generated module that a differentiated function cannot
/// differentiate through, with what to call instead.
const NOT_NESTED: &[(&str, &str)] = &[
    ("hessian", "its derivative needs third derivatives, which are computed for `laplacian` only"),
    ("hvp", "its derivative needs third derivatives, which are computed for `laplacian` only"),
    ("jacobian", "a `Matrix` cannot carry derivatives; call `tangent` (J·v) or `adjoint` (Jᵀ·c), which can be differentiated"),
    ("value_and_jacobian", "a `Matrix` cannot carry derivatives; call `tangent` (J·v) or `adjoint` (Jᵀ·c), which can be differentiated"),
    ("jacobian_into", "a `Matrix` cannot carry derivatives; call `tangent` (J·v) or `adjoint` (Jᵀ·c), which can be differentiated"),
    ("adjoint_with", "call `adjoint`, which can be differentiated"),
    ("divergence_estimate", "a random estimate has no derivative of its own; call `divergence`, which can be differentiated"),
];

/// A call of a derivative item that has no nested sweeps (`u::hessian(..)`) on a value
/// carrying a derivative: refused at the call, saying which calls are differentiable.
fn derivative_call(c: &crate::ir::Call, active: &[bool], errors: &mut Errors) {
    let segs = &c.path.segments;
    let Some(last) = segs.last().filter(|_| segs.len() >= 2) else {
        return;
    };
    let Some((name, why)) = NOT_NESTED.iter().find(|(n, _)| last.ident == n) else {
        return;
    };
    let carries = c
        .args
        .iter()
        .any(|a| a.operand.place().is_some_and(|p| active[p.var]));
    if carries {
        let spelled = quote::ToTokens::to_token_stream(&c.path)
            .to_string()
            .replace(' ', "");
        let msg = format!("`{spelled}` cannot be differentiated inside a `#[differentiate]` function: {why}. The derivatives that can be called here are `gradient`, `value_and_gradient`, `tangent`, `adjoint`, `laplacian` and `divergence` (if `{name}` is a function of your own, give it another name)");
        errors.spanned(&c.path, msg);
    }
}

/// How the adjoint keeps the values its reverse sweep reads.
pub struct Storage {
    /// Saved before every overwrite and restored as the reverse sweep passes it.
    pub restore: Vec<bool>,
    /// Snapshot where the reverse sweep reads it (cheaper for accumulators:
    /// overwritten often, read rarely).
    pub snap: Vec<bool>,
    /// May hold a `Vec` whose length a whole-value overwrite changes: restored
    /// (when active), and its cotangent reshaped like the restored value.
    pub dynamic: Vec<bool>,
    /// Stored for first-order reverse sweeps too (else only for tangent over adjoint).
    pub first_order: Vec<bool>,
}

/// The storage of the generic reverse sweep: what tangent over adjoint needs (the
/// operands' tangents of curved primitives too), with what first-order sweeps need
/// marked in `first_order` (the rest is skipped there).
pub fn plan(f: &Function, active: &[bool]) -> Storage {
    let first = storage(f, active, false);
    let mut both = storage(f, active, true);
    both.first_order = (0..f.vars.len())
        .map(|v| first.restore[v] || first.snap[v])
        .collect();
    both
}

/// Weight of a site at loop depth `d`: inner loops are assumed to run more.
fn weight(depth: usize) -> u64 {
    16u64.pow(depth.min(8) as u32)
}

/// Calls `f` on every statement with its loop depth.
fn walk_depth<'a>(b: &'a Block, depth: usize, f: &mut impl FnMut(&'a Stmt, usize)) {
    for s in &b.0 {
        f(s, depth);
        match s {
            Stmt::If(_, a, c) => {
                walk_depth(a, depth, f);
                walk_depth(c, depth, f);
            }
            Stmt::For(_, _, b) | Stmt::While(_, b) | Stmt::Loop(b) => walk_depth(b, depth + 1, f),
            Stmt::ForProg { body, .. } | Stmt::LoopCounted { body, .. } => {
                walk_depth(body, depth + 1, f)
            }
            _ => {}
        }
    }
}

/// Decides, for every variable the reverse sweep reads, whether to restore it
/// on overwrite or to snapshot it where it is read. `f` is in adjoint form.
///
/// With `second` (tangent over adjoint), the reverse sweep also reads the
/// tangents of every active operand of a nonlinear primitive, which are kept
/// with their values: such operands count as read.
pub fn storage(f: &Function, active: &[bool], second: bool) -> Storage {
    let n = f.vars.len();
    let (mut forced, mut uses, mut writes) = (vec![false; n], vec![0u64; n], vec![0u64; n]);
    let dynamic = dynamic(f);
    walk_depth(&f.body, 0, &mut |s, depth| {
        // The reverse sweep needs the old length of a `Vec` overwritten whole.
        match s {
            Stmt::Assign(p, _) if p.proj.is_empty() && dynamic[p.var] && active[p.var] => {
                forced[p.var] = true
            }
            Stmt::Let(v, Some(_)) if depth > 0 && dynamic[*v] && active[*v] => forced[*v] = true,
            _ => {}
        }
        reads(s, active, second, &mut |v, value_use| {
            if value_use {
                uses[v] += weight(depth);
            } else {
                forced[v] = true;
            }
        });
        match s {
            Stmt::Assign(p, _) => writes[p.var] += weight(depth),
            Stmt::Let(v, Some(_)) if depth > 0 => writes[*v] += weight(depth),
            _ => {}
        }
    });
    let snap: Vec<bool> = (0..n)
        .map(|v| !forced[v] && uses[v] > 0 && uses[v] < writes[v])
        .collect();
    let mut restore: Vec<bool> = (0..n)
        .map(|v| forced[v] || (uses[v] > 0 && !snap[v]))
        .collect();
    // Restoring `a[i]` reads `i`.
    loop {
        let mut changed = false;
        walk(&f.body, &mut |s| {
            if let Some((place, _)) = assignment(s) {
                if restore[place.var] {
                    for r in place.index_reads() {
                        changed |= !restore[r];
                        restore[r] = true;
                    }
                }
            }
        });
        if !changed {
            let first_order = (0..n).map(|v| restore[v] || snap[v]).collect();
            return Storage {
                restore,
                snap,
                dynamic,
                first_order,
            };
        }
    }
}

/// Variables that may hold a `Vec` (or a slice): declared with such a type, or
/// defined from `vec![..]`, from a call, or from a copy of such a variable.
pub fn dynamic(f: &Function) -> Vec<bool> {
    let mut d: Vec<bool> = f
        .vars
        .iter()
        .map(|v| v.ty.as_ref().is_some_and(|t| !crate::types::is_fixed(t)))
        .collect();
    let known: Vec<bool> = f.vars.iter().map(|v| v.ty.is_some() || v.scalar).collect();
    loop {
        let mut changed = false;
        walk(&f.body, &mut |s| {
            let Some((place, rhs)) = assignment(s) else {
                return;
            };
            if !place.proj.is_empty() || known[place.var] || d[place.var] {
                return;
            }
            let from_dynamic = match rhs {
                Rhs::VecLit(_) | Rhs::VecRepeat(..) | Rhs::Call(_) | Rhs::Owned(..) => true,
                Rhs::Copy(Operand::Place(q)) => q.proj.is_empty() && d[q.var],
                _ => false,
            };
            if from_dynamic {
                d[place.var] = true;
                changed = true;
            }
        });
        if !changed {
            return d;
        }
    }
}

/// The variables the reverse sweep of `s` reads: `read(v, true)` for scalar
/// values read by a primitive's partials (which can be snapshot), `read(v,
/// false)` for everything else (indices, conditions, call arguments, loops).
pub fn reads(s: &Stmt, active: &[bool], second: bool, read: &mut impl FnMut(VarId, bool)) {
    match s {
        Stmt::If(c, ..) => c.reads.iter().for_each(|&v| read(v, false)),
        Stmt::ForProg { prog, count, .. } => {
            read(*prog, false);
            count.iter().for_each(|&v| read(v, false));
        }
        Stmt::LoopCounted { count, .. } => read(*count, false),
        _ => {}
    }
    let Some((place, rhs)) = assignment(s) else {
        return;
    };
    if !active[place.var] || !rhs_active(rhs, active) {
        return;
    }
    place.index_reads().for_each(|v| read(v, false));
    let ops = operands(rhs);
    let act: Vec<bool> = ops.iter().map(|o| is_active(o, active)).collect();
    let (prim, call) = match rhs {
        Rhs::Prim(p, _) => (Some(*p), false),
        Rhs::Call(_) => (None, true),
        _ => (None, false),
    };
    if prim.is_some_and(|p| rules::reads_result(p, &act)) {
        read(place.var, true);
    }
    let discrete = prim.map_or(&[][..], |p| rules::rule(p).discrete);
    for (k, op) in ops.into_iter().enumerate() {
        // Tangent over adjoint also reads the tangents of a curved primitive's active
        // operands, which are kept with their values.
        let values = call
            || prim.is_some_and(|p| {
                rules::reads_operand(p, k, &act) || (second && rules::rule(p).curved() && act[k])
            });
        match op {
            Operand::Place(p) => {
                if values {
                    read(p.var, !call && !discrete.contains(&k));
                }
                if values || active[p.var] {
                    p.index_reads().for_each(|v| read(v, false));
                }
            }
            Operand::Const(c) if values => c.reads.iter().for_each(|&v| read(v, false)),
            Operand::Const(_) => {}
        }
    }
}

/// Variables that hold one value for the whole call: never assigned after
/// their `let`, which is outside every loop (parameters included).
pub fn constants(f: &Function) -> Vec<bool> {
    let mut constant = vec![true; f.vars.len()];
    walk_depth(&f.body, 0, &mut |s, depth| match s {
        Stmt::Assign(p, _) => constant[p.var] = false,
        Stmt::Let(v, _) if depth > 0 => constant[*v] = false,
        Stmt::For(v, ..) => constant[*v] = false,
        Stmt::ForProg { var, count, .. } => {
            constant[*var] = false;
            count.iter().for_each(|&c| constant[c] = false);
        }
        Stmt::LoopCounted { count, .. } => constant[*count] = false,
        _ => {}
    });
    constant
}

/// True when every evaluation of `rhs` gives the same value: it reads only constants.
pub fn invariant(rhs: &Rhs, constant: &[bool]) -> bool {
    let opaque_ok = |o: &crate::ir::Opaque| o.reads.iter().all(|&v| constant[v]);
    match rhs {
        Rhs::Opaque(o, _) => opaque_ok(o),
        Rhs::Call(_) => false,
        _ => operands(rhs).into_iter().all(|op| match op {
            Operand::Const(c) => opaque_ok(c),
            Operand::Place(p) => constant[p.var] && p.index_reads().all(|v| constant[v]),
        }),
    }
}

/// Variables never the target of an assignment after their `let` (loop
/// variables and counters, which loops update, excluded).
pub fn never_reassigned(f: &Function) -> Vec<bool> {
    let mut once = vec![true; f.vars.len()];
    walk(&f.body, &mut |s| match s {
        Stmt::Assign(p, _) => once[p.var] = false,
        Stmt::For(v, ..) => once[*v] = false,
        Stmt::ForProg { var, count, .. } => {
            once[*var] = false;
            count.iter().for_each(|&c| once[c] = false);
        }
        Stmt::LoopCounted { count, .. } => once[*count] = false,
        _ => {}
    });
    once
}

/// True when `v` is first defined as a copy of a whole struct (`let g = m.clone();`):
/// the reverse sweep declares it without a value (a struct may have no `Init`).
pub fn copies_a_struct(f: &Function, v: VarId) -> bool {
    let mut found = false;
    for s in &f.body.0 {
        walk_stmt(s, &mut |s| {
            if let Stmt::Let(w, Some(Rhs::Struct(..))) = s {
                found |= *w == v;
            }
            if let Stmt::Let(w, Some(Rhs::Copy(Operand::Place(p)))) = s {
                let root = f.vars[p.var].ty.as_ref().map(crate::types::strip_refs);
                found |= *w == v
                    && p.proj.iter().all(|q| matches!(q, crate::ir::Proj::Deref))
                    && root.is_some_and(crate::types::is_user_type);
            }
        });
    }
    found
}

/// Variables whose first mention, in program order, is an unconditional whole-value
/// definition at the top level of the body (a `let` or an assignment to the
/// variable itself whose right-hand side does not read it). The reverse sweep
/// declares them without a value: their first assignment initializes them, and
/// nothing reads them before it.
pub fn defined_first(f: &Function) -> Vec<bool> {
    let (mut first, mut seen) = (vec![false; f.vars.len()], vec![false; f.vars.len()]);
    for p in &f.params {
        seen[p.var] = true;
    }
    for s in &f.body.0 {
        let defined = match s {
            Stmt::Let(v, Some(rhs)) => Some((*v, rhs)),
            Stmt::Assign(p, rhs) if p.proj.is_empty() => Some((p.var, rhs)),
            _ => None,
        };
        if let Some((v, rhs)) = defined {
            let mut reads_itself = false;
            rhs_mentions(rhs, &mut |r| reads_itself |= r == v);
            first[v] |= !seen[v] && !reads_itself;
        }
        walk_stmt(s, &mut |s| stmt_mentions(s, &mut |v| seen[v] = true));
    }
    first
}

/// Calls `f` on every variable a statement itself names (not its nested blocks).
fn stmt_mentions(s: &Stmt, f: &mut impl FnMut(VarId)) {
    let opaque =
        |o: &crate::ir::Opaque, f: &mut dyn FnMut(VarId)| o.reads.iter().for_each(|&v| f(v));
    let range = |r: &crate::ir::RangeSpec, f: &mut dyn FnMut(VarId)| {
        for o in [&r.start, &r.end] {
            o.reads.iter().for_each(|&v| f(v));
        }
        for op in &r.ops {
            if let crate::ir::RangeOp::StepBy(o) = op {
                o.reads.iter().for_each(|&v| f(v));
            }
        }
    };
    match s {
        Stmt::Let(v, rhs) => {
            f(*v);
            if let Some(rhs) = rhs {
                rhs_mentions(rhs, f);
            }
        }
        Stmt::Assign(p, rhs) => {
            place_mentions(p, f);
            rhs_mentions(rhs, f);
        }
        Stmt::If(c, ..) | Stmt::While(c, _) | Stmt::ExitIf(c) | Stmt::Effect(c) => opaque(c, f),
        Stmt::For(v, r, _) => {
            f(*v);
            range(r, f);
        }
        Stmt::ForProg {
            var,
            prog,
            count,
            range: r,
            ..
        } => {
            f(*var);
            f(*prog);
            count.iter().for_each(|&c| f(c));
            range(r, f);
        }
        Stmt::LoopCounted { count, .. } => f(*count),
        Stmt::Return(op) => operand_mentions(op, f),
        Stmt::Loop(_) | Stmt::Break | Stmt::Continue => {}
    }
}

fn place_mentions(p: &Place, f: &mut impl FnMut(VarId)) {
    f(p.var);
    p.index_reads().for_each(f);
}

fn operand_mentions(op: &Operand, f: &mut impl FnMut(VarId)) {
    match op {
        Operand::Place(p) => place_mentions(p, f),
        Operand::Const(c) => c.reads.iter().for_each(|&v| f(v)),
    }
}

/// Calls `f` on every variable a right-hand side reads (operands, indices, counts).
fn rhs_mentions(rhs: &Rhs, f: &mut impl FnMut(VarId)) {
    match rhs {
        Rhs::Opaque(o, _) => o.reads.iter().for_each(|&v| f(v)),
        Rhs::Repeat(_, n) | Rhs::VecRepeat(_, n) => n.reads.iter().for_each(|&v| f(v)),
        _ => {}
    }
    operands(rhs)
        .into_iter()
        .for_each(|op| operand_mentions(op, f));
}
