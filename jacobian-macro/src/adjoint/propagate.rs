//! How a statement's adjoint reaches its operands' adjoints.

use crate::emit::paths::JR;
use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Adjoint;
use crate::forward::{call_tangents, primal_args};
use crate::ir::{Call, Operand, Rhs};
use crate::rules::{self, Kind, Prim};
use crate::sweep::{local, Copy};

impl Adjoint<'_> {
    /// Adds `ab`'s contributions to the operands' adjoints. `snapped` holds operand
    /// values restored from snapshots, `tangents` their tangents.
    pub(super) fn propagate(
        &self,
        rhs: &Rhs,
        ab: &TokenStream,
        y: &TokenStream,
        snapped: &HashMap<usize, TokenStream>,
        tangents: &HashMap<usize, TokenStream>,
    ) -> TokenStream {
        let ctx = self.ctx;
        let adj = |o: &Operand| {
            o.place()
                .filter(|p| ctx.active(p.var))
                .map(|p| ctx.place(p, Copy::Adjoint))
        };
        let add =
            |o: &Operand, v: TokenStream| adj(o).map(|ob| quote!(#JR::add_assign(&mut #ob, &#v);));
        match rhs {
            Rhs::Copy(o) => add(o, ab.clone()).unwrap_or_default(),
            // Nothing for an integer operand (its cotangent is `()`).
            Rhs::Cast(o, _) => adj(o)
                .map(|ob| quote!(#JR::add_cotangent(&#ab, &mut #ob);))
                .unwrap_or_default(),
            // A slice's `Vec` copy adds into an array's cotangent too.
            Rhs::Owned(o, _) => adj(o)
                .map(|ob| quote!(#JR::add_cotangent(&#ab, &mut #ob);))
                .unwrap_or_default(),
            Rhs::Prim(p, ops) => self.propagate_prim(*p, ops, ab, y, snapped, tangents),
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
            Rhs::Struct(_, fields) => fields
                .iter()
                .filter_map(|(m, o)| add(o, quote!(#ab.#m)))
                .collect(),
            Rhs::Call(_) | Rhs::Opaque(..) => TokenStream::new(),
        }
    }

    /// `āₖ += ȳ·∂y/∂aₖ` for `y = p(a₀, …)`: the cotangent's `back` applied to the
    /// rule's partials in the active operands (and their tangents).
    fn propagate_prim(
        &self,
        p: Prim,
        ops: &[Operand],
        ab: &TokenStream,
        y: &TokenStream,
        snapped: &HashMap<usize, TokenStream>,
        tangents: &HashMap<usize, TokenStream>,
    ) -> TokenStream {
        let ctx = self.ctx;
        let rule = rules::rule(p);
        let act: Vec<usize> = (0..ops.len())
            .filter(|k| !rule.discrete.contains(k) && ctx.op_active(&ops[*k]))
            .collect();
        let place = |k: usize| ops[k].place().expect("active operands are places");
        let ob: Vec<TokenStream> = act
            .iter()
            .map(|&k| ctx.place(place(k), Copy::Adjoint))
            .collect();
        match (rule.kind, p, &ob[..]) {
            (_, _, []) | (Kind::Flat, ..) => TokenStream::new(),
            (Kind::Signs, Prim::Neg, [a]) => quote!(#a -= #ab;),
            (Kind::Signs, Prim::Sub, [a, b]) => quote!(#a += #ab; #b -= #ab;),
            (Kind::Signs, Prim::Sub, [b]) if act == [1] => quote!(#b -= #ab;),
            (Kind::Signs, _, obs) => obs.iter().map(|o| quote!(#o += #ab;)).collect(),
            (_, _, obs) => {
                let vals: Vec<TokenStream> = ops
                    .iter()
                    .enumerate()
                    .map(|(k, o)| snapped.get(&k).cloned().unwrap_or_else(|| ctx.value(o)))
                    .collect();
                let ds: Vec<TokenStream> = act
                    .iter()
                    .map(|&k| {
                        tangents
                            .get(&k)
                            .cloned()
                            .unwrap_or_else(|| self.tangent.place(place(k), Copy::Tangent))
                    })
                    .collect();
                let same = rules::same_operand(rule, obs);
                let r = rules::restrict(rules::call(p, &vals, y), rule, &act, same);
                if let ([o], _) | ([o, _], true) = (obs, same) {
                    let d = &ds[0];
                    return quote!(#o += #ab.back(#r, #d););
                }
                let back = format_ident!("{}", ["back", "back2", "back3"][obs.len() - 1]);
                let g: Vec<_> = (0..obs.len())
                    .map(|k| format_ident!("__g{}", k, span = proc_macro2::Span::mixed_site()))
                    .collect();
                quote! {
                    let (#(#g,)*) = #ab.#back(#r, #(#ds),*);
                    #(#obs += #g;)*
                }
            }
        }
    }

    /// A call's adjoint: the callee's own sweep, re-run at the call with the
    /// arguments' restored values (and tangents).
    pub(super) fn propagate_call(&self, c: &Call, ab: &TokenStream) -> TokenStream {
        let (ctx, t) = (self.ctx, self.tangent);
        let (path, args, st) = (&c.path, primal_args(ctx, c), &self.stack);
        let cot = local("__c");
        let adds = c.args.iter().enumerate().filter_map(|(k, a)| {
            let p = a.operand.place().filter(|p| ctx.active(p.var))?;
            let ob = ctx.place(p, Copy::Adjoint);
            let k = syn::Index::from(k);
            Some(quote!(#JR::add_cotangent(&#cot.#k, &mut #ob);))
        });
        let targs = call_tangents(t, c, &args);
        quote! {
            let (_, #cot) = #path::__adjoint(#(#args,)* #(#targs,)* &#ab, #st);
            #(#adds)*
        }
    }
}
