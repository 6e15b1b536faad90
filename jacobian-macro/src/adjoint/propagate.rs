//! How a statement's adjoint reaches its operands' adjoints.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Adjoint;
use crate::ir::{Call, Operand, Rhs};
use crate::rules;
use crate::sweep::{local, Copy};
use crate::tangent::primal_args;

impl Adjoint<'_> {
    /// Adds `ab`'s contributions to the operands' adjoints (`copy` is
    /// `Adjoint`, or `AdjointTangent` for the linear part of the adjoint's
    /// tangent). `snapped` holds operand values restored from snapshots.
    pub(super) fn propagate(
        &self,
        rhs: &Rhs,
        ab: &TokenStream,
        y: &TokenStream,
        snapped: &HashMap<usize, TokenStream>,
        copy: Copy,
    ) -> TokenStream {
        let ctx = self.ctx;
        let adj = |o: &Operand| {
            o.place()
                .filter(|p| ctx.active(p.var))
                .map(|p| ctx.place(p, copy))
        };
        let add = |o: &Operand, v: TokenStream| {
            adj(o).map(|ob| quote!(::jacobian::__private::add_assign(&mut #ob, &#v);))
        };
        match rhs {
            Rhs::Copy(o) | Rhs::Cast(o, _) => add(o, ab.clone()).unwrap_or_default(),
            // A slice's `Vec` copy adds into an array's cotangent too.
            Rhs::Owned(o, _) => adj(o)
                .map(|ob| quote!(::jacobian::__private::add_cotangent(&mut #ob, &#ab);))
                .unwrap_or_default(),
            Rhs::Prim(p, ops) => {
                let vals = self.operand_values(ops, snapped);
                let discrete = rules::rule(*p).discrete;
                let terms = rules::partials(*p, &vals, y, ctx.s)
                    .into_iter()
                    .zip(ops)
                    .enumerate()
                    .filter(|(k, _)| !discrete.contains(k))
                    .filter_map(|(_, (part, o))| Some((part, adj(o)?)))
                    .collect();
                crate::sweep::merge_same(terms, ctx.s)
                    .into_iter()
                    .filter_map(|(part, ob)| {
                        Some(match part {
                            rules::Partial::Zero => return None,
                            rules::Partial::One => quote!(#ob += #ab;),
                            rules::Partial::MinusOne => quote!(#ob -= #ab;),
                            rules::Partial::Expr(e) => quote!(#ob += #ab * (#e);),
                        })
                    })
                    .collect()
            }
            Rhs::Array(ops) | Rhs::VecLit(ops) => ops
                .iter()
                .enumerate()
                .filter_map(|(k, o)| add(o, quote!(#ab[#k])))
                .collect(),
            Rhs::Tuple(ops) => ops
                .iter()
                .enumerate()
                .filter_map(|(k, o)| {
                    let k = syn::Index::from(k);
                    add(o, quote!(#ab.#k))
                })
                .collect(),
            Rhs::Repeat(o, _) | Rhs::VecRepeat(o, _) => {
                let e = local("__e");
                add(o, quote!(*#e))
                    .map(|a| quote!(for #e in #ab.iter() { #a }))
                    .unwrap_or_default()
            }
            Rhs::Call(_) | Rhs::Opaque(..) => TokenStream::new(),
        }
    }

    fn operand_values(
        &self,
        ops: &[Operand],
        snapped: &HashMap<usize, TokenStream>,
    ) -> Vec<TokenStream> {
        ops.iter()
            .enumerate()
            .map(|(k, o)| {
                snapped
                    .get(&k)
                    .cloned()
                    .unwrap_or_else(|| self.ctx.value(o))
            })
            .collect()
    }

    /// The second-order part of the adjoint's tangent: `ḃₖ += ȳ · Σⱼ ∂²y/∂aₖ∂aⱼ · ȧⱼ`.
    pub(super) fn propagate_second(
        &self,
        rhs: &Rhs,
        ab: &TokenStream,
        y: &TokenStream,
        snapped: &HashMap<usize, TokenStream>,
        tangents: &HashMap<usize, TokenStream>,
    ) -> TokenStream {
        let (ctx, Some(t)) = (self.ctx, self.tangent) else {
            return TokenStream::new();
        };
        let Rhs::Prim(p, ops) = rhs else {
            return TokenStream::new();
        };
        let vals = self.operand_values(ops, snapped);
        let tangent = |k: usize| {
            tangents.get(&k).cloned().unwrap_or_else(|| {
                t.place(
                    ops[k].place().expect("active operands are places"),
                    Copy::Tangent,
                )
            })
        };
        let adj_d = |k: usize| {
            ctx.place(
                ops[k].place().expect("active operands are places"),
                Copy::AdjointTangent,
            )
        };
        let mut out = TokenStream::new();
        for (k, j, h) in rules::second_partials(*p, &vals, y, ctx.s) {
            if !(ctx.op_active(&ops[k]) && ctx.op_active(&ops[j])) {
                continue;
            }
            let (bk, dj) = (adj_d(k), tangent(j));
            out.extend(quote!(#bk += #dj * ((#h) * #ab);));
            if k != j {
                let (bj, dk) = (adj_d(j), tangent(k));
                out.extend(quote!(#bj += #dk * ((#h) * #ab);));
            }
        }
        out
    }

    /// A call's adjoint (and, given `abd`, the tangent of it): the callee's own
    /// sweep, re-run at the call with the arguments' restored values.
    pub(super) fn propagate_call(
        &self,
        c: &Call,
        ab: &TokenStream,
        abd: Option<TokenStream>,
    ) -> TokenStream {
        let ctx = self.ctx;
        let (path, args, st) = (&c.path, primal_args(ctx, c), &self.stack);
        let (cot, cotd) = (local("__c"), local("__cd"));
        let adds = |copy: Copy, from: &proc_macro2::Ident| -> Vec<TokenStream> {
            c.args
                .iter()
                .enumerate()
                .filter_map(|(k, a)| {
                    let p = a.operand.place().filter(|p| ctx.active(p.var))?;
                    let ob = ctx.place(p, copy);
                    let k = syn::Index::from(k);
                    Some(quote!(::jacobian::__private::add_cotangent(&mut #ob, &#from.#k);))
                })
                .collect()
        };
        let first = adds(Copy::Adjoint, &cot);
        match (abd, self.tangent) {
            (Some(abd), Some(t)) => {
                let targs = c
                    .args
                    .iter()
                    .zip(&args)
                    .map(|(a, primal)| match &a.operand {
                        Operand::Place(p) if ctx.active(p.var) => t.tangent_arg(p),
                        _ => {
                            let z = t.zero_tangent(primal);
                            quote!(&#z)
                        }
                    });
                let second = adds(Copy::AdjointTangent, &cotd);
                quote! {
                    let (_, _, #cot, #cotd) = #path::__adjoint_tangent(#(#args,)* #(#targs,)* &#ab, &#abd, #st);
                    #(#first)*
                    #(#second)*
                }
            }
            _ => {
                let callee = format_ident!("__adjoint{}", ctx.suffix());
                quote! {
                    let (_, #cot) = #path::#callee(#(#args,)* &#ab, #st);
                    #(#first)*
                }
            }
        }
    }
}
