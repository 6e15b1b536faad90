//! The tangent (forward-mode) transform: every statement is followed by the
//! statement computing its tangent, `ẏ = Σ ∂y/∂aₖ · ȧₖ`, in the same structure.
//!
//! The tangents are of the sweep's type parameter `__C`, a runtime `Carrier`: one
//! direction, lanes of directions, or a collapsed second-order Taylor number (whose
//! chain rule also uses the rule's second partials), so one sweep serves every
//! forward mode. A primitive's partials come from its runtime rule (`rules::call`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::forward::{assign_both, call_active, primal, range, tangent, tangent_call};
use crate::ir::{Block, Place, Rhs, Stmt, VarId};
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
        Stmt::Effect(o) => {
            let e = &o.expr;
            quote!(#e;)
        }
        Stmt::Return(op) if ctx.is_scalar(op) || op.place().is_none() => {
            let (v, t) = (ctx.value(op), ctx.tangent_value(op));
            quote!(return (#v, #t);)
        }
        Stmt::Return(op) => {
            // The derivative first: the value is moved out.
            let (v, t) = (ctx.value(op), ctx.tangent_value(op));
            let rd = local("__rd");
            quote!({ let #rd = #t; return (#v, #rd); })
        }
        Stmt::ForProg { .. } | Stmt::LoopCounted { .. } | Stmt::ExitIf(_) => {
            unreachable!("adjoint-only forms never reach the tangent transform")
        }
    }
}

fn let_stmt(ctx: &Ctx, v: VarId, rhs: Option<&Rhs>) -> TokenStream {
    let x = ctx.f.ident(v);
    let dx = sweep::tangent_ident(ctx.f, v);
    let ty = ctx.f.vars[v].ty.as_ref().map(|t| quote!(: #t));
    match rhs {
        None if ctx.active(v) => quote!(let mut #x #ty; let mut #dx;),
        None => quote!(let mut #x #ty;),
        Some(Rhs::Call(c)) if ctx.active(v) && call_active(ctx, c) => {
            let call = tangent_call(ctx, c);
            quote!(let (mut #x, mut #dx) = #call;)
        }
        Some(rhs) if ctx.active(v) => {
            let p = primal(ctx, rhs);
            let d = tangent(ctx, rhs, &quote!(#x), &Place::var(v));
            quote!(let mut #x #ty = #p; let mut #dx = #d;)
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
    assign_both(ctx, rhs, place, &x, &dx)
}
