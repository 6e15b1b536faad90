//! The tangent (forward-mode) transform: every statement is followed by the
//! statement computing its tangent, `ẏ = Σ ∂y/∂aₖ · ȧₖ`, in the same structure.
//!
//! With `ctx.second` it is collapsed second-order Taylor mode: every active
//! value also carries `ÿ`, the sum over the lanes' directions vₗ of the second
//! directional derivative d²y[vₗ, vₗ], propagated by
//! `ÿ = Σₖ ∂y/∂aₖ · äₖ + Σₖⱼ ∂²y/∂aₖ∂aⱼ · (ȧₖ · ȧⱼ)` (the dot product over the
//! lanes). With unit directions its sum over all chunks is the Laplacian.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Block, Call, Operand, Place, RangeOp, RangeSpec, Rhs, Stmt, VarId};
use crate::rules;
use crate::sweep::{self, local, Copy, Ctx};

/// The statements of the tangent sweep of `ctx.f`. Tangents of the active
/// parameters must be bound (as `x__d`) before them; the code evaluates to
/// `(value, tangent)`.
pub fn body(ctx: &Ctx) -> TokenStream {
    block(ctx, &ctx.f.body)
}

fn block(ctx: &Ctx, b: &Block) -> TokenStream {
    b.0.iter().map(|s| stmt(ctx, s)).collect()
}

fn stmt(ctx: &Ctx, s: &Stmt) -> TokenStream {
    match s {
        Stmt::Let(v, rhs) => let_stmt(ctx, *v, rhs.as_ref()),
        Stmt::Assign(p, rhs) => assign(ctx, p, rhs),
        Stmt::If(c, a, b) => {
            let (c, a, b) = (&c.expr, block(ctx, a), block(ctx, b));
            if b.is_empty() {
                quote!(if #c { #a })
            } else {
                quote!(if #c { #a } else { #b })
            }
        }
        Stmt::For(v, r, b) => {
            let (i, r, b) = (ctx.f.ident(*v), range(r), block(ctx, b));
            quote!(for #i in #r { #b })
        }
        Stmt::While(c, b) => {
            let (c, b) = (&c.expr, block(ctx, b));
            quote!(while #c { #b })
        }
        Stmt::Loop(b) => {
            let b = block(ctx, b);
            quote!(loop { #b })
        }
        Stmt::Break => quote!(break;),
        Stmt::Continue => quote!(continue;),
        Stmt::Return(op) if ctx.is_scalar(op) || op.place().is_none() => {
            let (v, t) = (ctx.value(op), ctx.tangent_value(op));
            let l = ctx.second.then(|| ctx.second_value(op));
            quote!(return (#v, #t, #l);)
        }
        Stmt::Return(op) => {
            // The derivatives first: the value is moved out.
            let (v, t) = (ctx.value(op), ctx.tangent_value(op));
            let (rd, rl) = (local("__rd"), local("__rl"));
            let (l, lv) = match ctx.second {
                true => {
                    let e = ctx.second_value(op);
                    (Some(quote!(let #rl = #e;)), Some(quote!(#rl)))
                }
                false => (None, None),
            };
            quote!({ let #rd = #t; #l return (#v, #rd, #lv); })
        }
        Stmt::ForProg { .. } | Stmt::LoopCounted { .. } | Stmt::ExitIf(_) => {
            unreachable!("adjoint-only forms never reach the tangent transform")
        }
    }
}

fn let_stmt(ctx: &Ctx, v: VarId, rhs: Option<&Rhs>) -> TokenStream {
    let x = ctx.f.ident(v);
    let dx = sweep::tangent_ident(ctx.f, v);
    let lx = ctx.second.then(|| sweep::second_ident(ctx.f, v));
    let ty = ctx.f.vars[v].ty.as_ref().map(|t| quote!(: #t));
    match rhs {
        None if ctx.active(v) => {
            let l = lx.map(|l| quote!(let mut #l;));
            quote!(let mut #x #ty; let mut #dx; #l)
        }
        None => quote!(let mut #x #ty;),
        Some(Rhs::Call(c)) if ctx.active(v) && call_active(ctx, c) => {
            let call = tangent_call(ctx, c);
            let l = lx.map(|l| quote!(mut #l));
            quote!(let (mut #x, mut #dx, #l) = #call;)
        }
        Some(rhs) if ctx.active(v) => {
            let p = primal(ctx, rhs);
            let target = Place::var(v);
            let d = tangent(ctx, rhs, &quote!(#x), &target);
            let l = lx.map(|l| {
                let e = second(ctx, rhs, &quote!(#x), &target);
                quote!(let mut #l = #e;)
            });
            quote!(let mut #x #ty = #p; let mut #dx = #d; #l)
        }
        Some(rhs) => {
            let p = primal(ctx, rhs);
            quote!(let mut #x #ty = #p;)
        }
    }
}

fn assign(ctx: &Ctx, place: &Place, rhs: &Rhs) -> TokenStream {
    let x = ctx.place(place, Copy::Primal);
    if !ctx.active(place.var) {
        let p = primal(ctx, rhs);
        return quote!(#x = #p;);
    }
    let dx = ctx.place(place, Copy::Tangent);
    let (y, dy, ly) = (local("__y"), local("__dy"), local("__ly"));
    let lx = ctx.second.then(|| ctx.place(place, Copy::Second));
    let set_l = lx.as_ref().map(|lx| quote!(#lx = #ly;));
    if let Rhs::Call(c) = rhs {
        if call_active(ctx, c) {
            let call = tangent_call(ctx, c);
            let l = ctx.second.then(|| quote!(#ly));
            return quote!({ let (#y, #dy, #l) = #call; #dx = #dy; #set_l #x = #y; });
        }
    }
    let p = primal(ctx, rhs);
    let d = tangent(ctx, rhs, &quote!(#y), place);
    let l = ctx.second.then(|| {
        let e = second(ctx, rhs, &quote!(#y), place);
        quote!(let #ly = #e;)
    });
    quote!({ let #y = #p; let #dy = #d; #l #dx = #dy; #set_l #x = #y; })
}

/// An expression evaluating to `(value, tangent)` of a right-hand side
/// written to `target`.
pub fn value_and_tangent(ctx: &Ctx, rhs: &Rhs, target: &Place) -> TokenStream {
    if let Rhs::Call(c) = rhs {
        if call_active(ctx, c) {
            return tangent_call(ctx, c);
        }
    }
    let (y, dy) = (local("__y"), local("__dy"));
    let p = primal(ctx, rhs);
    let d = tangent(ctx, rhs, &quote!(#y), target);
    quote!({ let #y = #p; let #dy = #d; (#y, #dy) })
}

/// The value of a right-hand side.
pub fn primal(ctx: &Ctx, rhs: &Rhs) -> TokenStream {
    // Elements of literals are copied out of their places: a `Vec` moved into a
    // tuple is still needed (its cotangent is shaped like it).
    let vals = |ops: &[Operand]| ops.iter().map(|o| owned_value(ctx, o)).collect::<Vec<_>>();
    match rhs {
        Rhs::Copy(op) => owned_value(ctx, op),
        Rhs::Owned(op, m) => {
            let v = ctx.value(op);
            quote!(#v.#m())
        }
        Rhs::Cast(op, ty) => {
            let v = ctx.value(op);
            quote!(#v as #ty)
        }
        Rhs::Prim(p, ops) => {
            let v: Vec<_> = ops.iter().map(|o| ctx.value(o)).collect();
            rules::primal(*p, &v)
        }
        Rhs::Array(ops) => {
            let v = vals(ops);
            quote!([#(#v),*])
        }
        Rhs::Repeat(op, n) => {
            let (v, n) = (owned_value(ctx, op), &n.expr);
            quote!([#v; #n])
        }
        Rhs::VecLit(ops) => {
            let v = vals(ops);
            quote!(::std::vec![#(#v),*])
        }
        Rhs::VecRepeat(op, n) => {
            let (v, n) = (owned_value(ctx, op), &n.expr);
            quote!(::std::vec![#v; #n])
        }
        Rhs::Tuple(ops) => {
            let v = vals(ops);
            quote!((#(#v,)*))
        }
        Rhs::Call(c) => {
            let path = value_path(&c.path);
            let args = primal_args(ctx, c);
            quote!(#path(#(#args),*))
        }
        Rhs::Opaque(o, _) => quote::ToTokens::to_token_stream(&o.expr),
    }
}

/// An operand's value, cloned out of its place unless it is a scalar; in a
/// constant, unsuffixed float literals get the function's scalar type as their
/// suffix (in a tuple, or as a call argument whose zero tangent is built from
/// it, nothing else says which float it is).
fn owned_value(ctx: &Ctx, op: &Operand) -> TokenStream {
    let v = ctx.value(op);
    match op {
        Operand::Place(_) if !ctx.is_scalar(op) => quote!(::core::clone::Clone::clone(&#v)),
        Operand::Const(c) => ctx.typed_const(c),
        _ => v,
    }
}

/// The callee itself as seen from the generated module: a plain `g` becomes
/// `super::g`, so the module's own items (`bind`, `tangent`, …) cannot shadow
/// a user's function of that name (longer paths resolve as written).
fn value_path(path: &syn::Path) -> TokenStream {
    if path.get_ident().is_some() {
        quote!(super::#path)
    } else {
        quote!(#path)
    }
}

/// The call's arguments as written; values passed by value are cloned (the
/// adjoint passes them again when it re-runs the callee, and `x.clone()` was
/// lowered to `x`), which for scalars and arrays is a plain copy; a
/// by-reference parameter is a reference already and is passed as is (so
/// `&[f64; 3]` coerces to a callee's `&[f64]`); a float literal gets the
/// function's scalar type (its zero tangent is built from it).
pub fn primal_args(ctx: &Ctx, c: &Call) -> Vec<TokenStream> {
    c.args
        .iter()
        .map(|a| {
            let v = ctx.value(&a.operand);
            if a.by_ref {
                quote!(&#v)
            } else if a.operand.place().is_some_and(|p| ctx.is_ref_param(p)) {
                v
            } else {
                owned_value(ctx, &a.operand)
            }
        })
        .collect()
}

fn call_active(ctx: &Ctx, c: &Call) -> bool {
    c.args.iter().any(|a| ctx.op_active(&a.operand))
}

fn tangent_call(ctx: &Ctx, c: &Call) -> TokenStream {
    let path = &c.path;
    let args = primal_args(ctx, c);
    let targs = c
        .args
        .iter()
        .zip(&args)
        .map(|(a, primal)| match &a.operand {
            Operand::Place(p) if ctx.active(p.var) => ctx.tangent_arg(p),
            _ => {
                let z = ctx.zero_tangent(primal);
                quote!(&#z)
            }
        });
    if ctx.second {
        let largs = c
            .args
            .iter()
            .zip(&args)
            .map(|(a, primal)| match &a.operand {
                Operand::Place(p) if ctx.active(p.var) => {
                    let l = ctx.place(p, Copy::Second);
                    quote!(&#l)
                }
                _ => quote!(&::jacobian::__private::zero_tangent(&#primal)),
            });
        return quote!(#path::__taylor(#(#args,)* #(#targs,)* #(#largs),*));
    }
    let f = quote::format_ident!("__tangent{}", ctx.suffix());
    quote!(#path::#f(#(#args,)* #(#targs),*))
}

/// The second-order coefficient of a right-hand side whose value is `y`.
fn second(ctx: &Ctx, rhs: &Rhs, y: &TokenStream, target: &Place) -> TokenStream {
    let l = |o: &Operand| ctx.second_value(o);
    if !crate::analyze::rhs_active(rhs, ctx.active) {
        let scalar = matches!(rhs, Rhs::Prim(..) | Rhs::Cast(..))
            || (target.proj.is_empty() && ctx.f.vars[target.var].scalar);
        return if scalar {
            ctx.s.lit(0.0)
        } else {
            quote!(::jacobian::__private::zero_tangent(&#y))
        };
    }
    match rhs {
        Rhs::Copy(op) | Rhs::Cast(op, _) => l(op),
        Rhs::Owned(op, m) => owned_derivative(ctx, op, m, Copy::Second),
        Rhs::Prim(p, ops) => second_prim(ctx, *p, ops, y),
        Rhs::Array(ops) => {
            let d = ops.iter().map(l);
            quote!([#(#d),*])
        }
        Rhs::Repeat(op, n) => {
            let (d, n) = (l(op), &n.expr);
            quote!([#d; #n])
        }
        Rhs::VecLit(ops) => {
            let d = ops.iter().map(l);
            quote!(::std::vec![#(#d),*])
        }
        Rhs::VecRepeat(op, n) => {
            let (d, n) = (l(op), &n.expr);
            quote!(::std::vec![#d; #n])
        }
        Rhs::Tuple(ops) => {
            let d = ops.iter().map(l);
            quote!((#(#d,)*))
        }
        Rhs::Call(_) | Rhs::Opaque(..) => unreachable!("handled by the caller or inactive"),
    }
}

/// `ȧ.to_vec()`: the derivative of an owned copy, made by the same method (a
/// constant operand's is zero, as for a plain copy).
fn owned_derivative(ctx: &Ctx, op: &Operand, m: &syn::Ident, copy: Copy) -> TokenStream {
    match (op.place(), copy) {
        (Some(p), _) if ctx.active(p.var) => {
            let d = ctx.place(p, copy);
            quote!(#d.#m())
        }
        (_, Copy::Second) => ctx.second_value(op),
        _ => ctx.tangent_value(op),
    }
}

/// `ÿ = Σₖ ∂ₖ·äₖ + Σₖⱼ ∂²ₖⱼ·(ȧₖ·ȧⱼ)` for a primitive.
fn second_prim(ctx: &Ctx, p: rules::Prim, ops: &[Operand], y: &TokenStream) -> TokenStream {
    let vals: Vec<_> = ops.iter().map(|o| ctx.value(o)).collect();
    let place = |o: &Operand, c| ctx.place(o.place().expect("active operands are places"), c);
    let first = rules::partials(p, &vals, y, ctx.s)
        .into_iter()
        .zip(ops)
        .filter(|(_, o)| ctx.op_active(o))
        .map(|(part, o)| (part, place(o, Copy::Second)))
        .collect();
    let mut out = sweep::sum_of_products(first, ctx.s.lit(0.0));
    for (k, j, h) in rules::second_partials(p, &vals, y, ctx.s) {
        if !(ctx.op_active(&ops[k]) && ctx.op_active(&ops[j])) {
            continue;
        }
        let (dk, dj) = (place(&ops[k], Copy::Tangent), place(&ops[j], Copy::Tangent));
        let w = if k == j {
            ctx.s.lit(1.0)
        } else {
            ctx.s.lit(2.0)
        };
        out.extend(quote!(+ #w * (#h) * ::jacobian::__private::dot(&#dk, &#dj)));
    }
    out
}

/// The tangent of a right-hand side whose value is `y`, written to `target`.
fn tangent(ctx: &Ctx, rhs: &Rhs, y: &TokenStream, target: &Place) -> TokenStream {
    let t = |o: &Operand| ctx.tangent_value(o);
    if !crate::analyze::rhs_active(rhs, ctx.active) {
        let scalar = matches!(rhs, Rhs::Prim(..) | Rhs::Cast(..))
            || (target.proj.is_empty() && ctx.f.vars[target.var].scalar);
        return if scalar {
            ctx.zero_scalar()
        } else {
            ctx.zero_tangent(y)
        };
    }
    match rhs {
        Rhs::Copy(op) | Rhs::Cast(op, _) => t(op),
        Rhs::Owned(op, m) => owned_derivative(ctx, op, m, Copy::Tangent),
        Rhs::Prim(p, ops) => {
            let vals: Vec<_> = ops.iter().map(|o| ctx.value(o)).collect();
            let partials = rules::partials(*p, &vals, y, ctx.s);
            let terms = partials
                .into_iter()
                .zip(ops)
                .filter(|(_, o)| ctx.op_active(o))
                .map(|(p, o)| {
                    (
                        p,
                        ctx.place(
                            o.place().expect("active operands are places"),
                            Copy::Tangent,
                        ),
                    )
                })
                .collect();
            sweep::sum_of_products(sweep::merge_same(terms, ctx.s), ctx.zero_scalar())
        }
        Rhs::Array(ops) => {
            let d = ops.iter().map(t);
            quote!([#(#d),*])
        }
        Rhs::Repeat(op, n) => {
            let (d, n) = (t(op), &n.expr);
            quote!([#d; #n])
        }
        Rhs::VecLit(ops) => {
            let d = ops.iter().map(t);
            quote!(::std::vec![#(#d),*])
        }
        Rhs::VecRepeat(op, n) => {
            let (d, n) = (t(op), &n.expr);
            quote!(::std::vec![#d; #n])
        }
        Rhs::Tuple(ops) => {
            let d = ops.iter().map(t);
            quote!((#(#d,)*))
        }
        Rhs::Call(_) | Rhs::Opaque(..) => unreachable!("handled by the caller or inactive"),
    }
}

/// `(a..b).rev().step_by(k)` as written.
pub fn range(r: &RangeSpec) -> TokenStream {
    let (a, b) = (&r.start.expr, &r.end.expr);
    let mut out = if r.inclusive {
        quote!((#a..=#b))
    } else {
        quote!((#a..#b))
    };
    for op in &r.ops {
        out = match op {
            RangeOp::Rev => quote!(#out.rev()),
            RangeOp::StepBy(k) => {
                let k = &k.expr;
                quote!(#out.step_by(#k))
            }
        };
    }
    out
}
