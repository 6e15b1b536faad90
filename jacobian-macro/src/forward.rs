//! Forward emission shared by the sweeps: a statement's value (the primal code) and
//! its tangent `ẏ = Σ ∂y/∂aₖ · ȧₖ`, with the tangents of the sweep's carrier type.
//! The tangent sweep (`tangent.rs`) and the forward part of the reverse sweep
//! (`adjoint/`) both emit their statements through it; neither imports the other.

use crate::emit::paths::JR;
use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Call, Operand, Place, RangeOp, RangeSpec, Rhs, VarId};
use crate::rules;
use crate::sweep::{local, Copy, Ctx};

/// `{ let __y = value; dx = tangent; x = __y; }`: the tangent is computed from the
/// old values (`x = x·x` reads the old `x`) before either is written.
pub fn assign_both(
    ctx: &Ctx,
    rhs: &Rhs,
    place: &Place,
    x: &TokenStream,
    dx: &TokenStream,
) -> TokenStream {
    let (y, dy) = (local("__y"), local("__dy"));
    if let Rhs::Call(c) = rhs {
        if call_active(ctx, c) {
            let call = tangent_call(ctx, c);
            return quote!({ let (#y, #dy) = #call; #dx = #dy; #x = #y; });
        }
    }
    let p = primal(ctx, rhs);
    if !reads_var(rhs, place.var) {
        // Nothing on the right reads the target: the value first, its tangent from it.
        let d = tangent(ctx, rhs, x, place);
        return quote!(#x = #p; #dx = #d;);
    }
    let d = tangent(ctx, rhs, &quote!(#y), place);
    quote!({ let #y = #p; #dx = #d; #x = #y; })
}

/// True when evaluating `rhs` reads variable `v` (an operand, an index, a constant).
fn reads_var(rhs: &Rhs, v: VarId) -> bool {
    let opaque = matches!(rhs, Rhs::Opaque(o, _) if o.reads.contains(&v));
    opaque
        || crate::analyze::operands(rhs)
            .into_iter()
            .any(|op| match op {
                Operand::Place(p) => p.var == v || p.index_reads().any(|r| r == v),
                Operand::Const(c) => c.reads.contains(&v),
            })
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
        Rhs::Struct(path, fields) => {
            let f = fields.iter().map(|(m, o)| {
                let v = owned_value(ctx, o);
                quote!(#m: #v)
            });
            quote!(#path { #(#f),* })
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

/// A reference to a call argument's value, from its expression in `primal_args`.
pub fn arg_ref(ctx: &Ctx, a: &crate::ir::CallArg, primal: &TokenStream) -> TokenStream {
    if a.by_ref || a.operand.place().is_some_and(|p| ctx.is_ref_param(p)) {
        primal.clone()
    } else {
        quote!(&#primal)
    }
}

pub fn call_active(ctx: &Ctx, c: &Call) -> bool {
    c.args.iter().any(|a| ctx.op_active(&a.operand))
}

/// The tangents a call passes its callee's sweep (`ctx` in the tangents' number
/// type): an active argument's own, a zero shaped like any other's value `args`.
pub fn call_tangents(ctx: &Ctx, c: &Call, args: &[TokenStream]) -> Vec<TokenStream> {
    c.args
        .iter()
        .zip(args)
        .map(|(a, primal)| match &a.operand {
            Operand::Place(p) if ctx.active(p.var) => ctx.tangent_arg(p),
            _ => {
                let z = ctx.zero_tangent(&arg_ref(ctx, a, primal));
                quote!(&#z)
            }
        })
        .collect()
}

pub fn tangent_call(ctx: &Ctx, c: &Call) -> TokenStream {
    let path = &c.path;
    let args = primal_args(ctx, c);
    let targs = call_tangents(ctx, c, &args);
    quote!(#path::__tangent(#(#args,)* #(#targs),*))
}

/// `ẏ` for `y = p(a₀, …)` from the rule's partials and the active operands' tangents.
fn prim_tangent(ctx: &Ctx, p: rules::Prim, ops: &[Operand], y: &TokenStream) -> TokenStream {
    use rules::{Kind, Prim};
    let rule = rules::rule(p);
    let act: Vec<usize> = (0..ops.len())
        .filter(|k| !rule.discrete.contains(k) && ctx.op_active(&ops[*k]))
        .collect();
    let d: Vec<TokenStream> = act
        .iter()
        .map(|&k| {
            ctx.place(
                ops[k].place().expect("active operands are places"),
                Copy::Tangent,
            )
        })
        .collect();
    let same = rules::same_operand(rule, &d);
    match (rule.kind, p, &d[..]) {
        (_, _, []) | (Kind::Flat, ..) => ctx.zero_scalar(),
        (Kind::Signs, Prim::Neg, [a]) => quote!(-#a),
        (Kind::Signs, Prim::Sub, [a, b]) => quote!(#a - #b),
        (Kind::Signs, Prim::Sub, [b]) if act == [1] => quote!(-#b),
        (Kind::Signs, _, [a, b]) => quote!(#a + #b),
        (Kind::Signs, _, [a]) => quote!(#a),
        (_, _, d) => {
            let vals: Vec<_> = ops.iter().map(|o| ctx.value(o)).collect();
            let r = rules::restrict(rules::call(p, &vals, y), rule, &act, same);
            match d {
                [a, _] if same => quote!(#a.chain(#r)),
                [a] => quote!(#a.chain(#r)),
                [a, b] => quote!(#a.chain2(#b, #r)),
                [a, b, c, ..] => quote!(#a.chain3(#b, #c, #r)),
                [] => ctx.zero_scalar(),
            }
        }
    }
}

/// `ȧ.to_vec()`: the derivative of an owned copy, made by the same method (a
/// constant operand's is zero, as for a plain copy).
fn owned_derivative(ctx: &Ctx, op: &Operand, m: &syn::Ident) -> TokenStream {
    match op.place() {
        Some(p) if ctx.active(p.var) => {
            let d = ctx.place(p, Copy::Tangent);
            quote!(#d.#m())
        }
        _ => ctx.tangent_value(op),
    }
}

/// The tangent of a right-hand side whose value is `y`, written to `target`.
pub fn tangent(ctx: &Ctx, rhs: &Rhs, y: &TokenStream, target: &Place) -> TokenStream {
    let t = |o: &Operand| ctx.tangent_value(o);
    if !crate::analyze::rhs_active(rhs, ctx.active) {
        let scalar = matches!(rhs, Rhs::Prim(..) | Rhs::Cast(..))
            || (target.proj.is_empty() && ctx.f.vars[target.var].scalar);
        return match rhs {
            _ if scalar => ctx.zero_scalar(),
            // `[0.0; n]`: the compiler sees the zeros (no call building them)
            Rhs::Repeat(op, n) if ctx.is_scalar(op) => {
                let (z, n) = (ctx.zero_scalar(), &n.expr);
                quote!([#z; #n])
            }
            _ => ctx.zero_tangent(&quote!(&#y)),
        };
    }
    match rhs {
        Rhs::Copy(op) => t(op),
        // Zero for an integer (a struct's integer field: its derivative is `()`).
        Rhs::Cast(op, _) => {
            let (s, n, d, v) = (ctx.s.ty(), &ctx.number, t(op), ctx.value(op));
            quote!(#JR::cast_tangent::<#s, #n, _>(&#v, #d))
        }
        Rhs::Owned(op, m) => owned_derivative(ctx, op, m),
        Rhs::Prim(p, ops) => prim_tangent(ctx, *p, ops, y),
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
        // The mirror of the value, zero but for the fields with derivatives.
        Rhs::Struct(_, fields) => {
            let d = local("__d");
            let set = fields
                .iter()
                .filter(|(_, o)| ctx.op_active(o))
                .map(|(m, o)| {
                    let v = t(o);
                    quote!(#d.#m = #v;)
                });
            let z = ctx.zero_tangent(&quote!(&#y));
            quote!({ let mut #d = #z; #(#set)* #d })
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
