//! `match` on values that carry no derivative (integers, `bool`, `char`, ranges,
//! tuples of those, enums without data), lowered to an `if` / `else if` chain over
//! `matches!` on the scrutinee, computed once. Names bound by an arm's pattern
//! (the whole scrutinee, `n @ 1..=3`, or an element of a tuple scrutinee) are
//! locals of that arm; the arms' values may carry derivatives.

use proc_macro2::Span;
use syn::{Expr, Pat};

use super::Lowerer;
use crate::emit::paths::JR;
use crate::ir::{Block, Opaque, OpaqueKind, Operand, Place, Rhs, Stmt, VarId};

const DEEP_BINDING: &str = "names bound inside a nested pattern are not supported by `#[differentiate]`; bind the whole value (`n => ..`, `n @ 1..=3 => ..`) or an element of a tuple (`(i, 0) => ..`)";

/// A name an arm's pattern binds, and which part of the scrutinee it is.
struct Bound {
    ident: syn::Ident,
    /// `None`: the whole scrutinee; `Some(k)`: its element `k`.
    field: Option<usize>,
}

impl Lowerer<'_> {
    /// A `match` run for its effects (`target` `None`) or assigning its value to `target`.
    pub(super) fn match_into(
        &mut self,
        m: &syn::ExprMatch,
        target: Option<VarId>,
        out: &mut Vec<Stmt>,
    ) {
        // Evaluated by each arm's test: it carries no derivative and has no effects, and
        // a local would need a value before the test (which an enum has not).
        let scrutinee = self.opaque(&m.expr);
        let chain = self.arms(&m.arms, &scrutinee, target);
        out.extend(chain.0);
    }

    /// The arms from the first on, as an `if` chain ending in a call that never
    /// returns (rustc checked that the original `match` is exhaustive).
    fn arms(&mut self, arms: &[syn::Arm], s: &Opaque, target: Option<VarId>) -> Block {
        let Some((arm, rest)) = arms.split_first() else {
            let expr = syn::parse_quote!(#JR::unmatched());
            return Block(vec![Stmt::Effect(Opaque {
                expr,
                reads: Vec::new(),
            })]);
        };
        // The later arms do not see this arm's names.
        let others = self.arms(rest, s, target);
        self.scoped(|l| {
            let mut out = Vec::new();
            let mut bound = Vec::new();
            let pat = l.strip_bindings(&arm.pat, true, &mut bound);
            let se = &s.expr;
            for b in &bound {
                let v = l.declare(&b.ident, None);
                let expr: Expr = match b.field {
                    None => syn::parse_quote!((#se)),
                    Some(k) => {
                        let k = syn::Index::from(k);
                        syn::parse_quote!((#se).#k)
                    }
                };
                let o = Opaque {
                    expr,
                    reads: s.reads.clone(),
                };
                out.push(Stmt::Let(v, Some(Rhs::Opaque(o, OpaqueKind::Discrete))));
            }
            let guard = arm.guard.as_ref().map(|(_, g)| l.opaque(g));
            let always = matches!(pat, Pat::Wild(_)) && guard.is_none();
            let body = l.arm_body(&arm.body, target);
            if always {
                out.extend(body.0);
                return Block(out);
            }
            let mut reads = s.reads.clone();
            let cond = match &guard {
                Some(g) => {
                    reads.extend(&g.reads);
                    let ge = &g.expr;
                    syn::parse_quote!(::core::matches!(#se, #pat if #ge))
                }
                None => syn::parse_quote!(::core::matches!(#se, #pat)),
            };
            out.push(Stmt::If(Opaque { expr: cond, reads }, body, others));
            Block(out)
        })
    }

    /// An arm's body: its value assigned to `target`, or run for its effects.
    fn arm_body(&mut self, body: &Expr, target: Option<VarId>) -> Block {
        let mut out = Vec::new();
        let diverges = matches!(
            body,
            Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) | Expr::Macro(_)
        );
        match (body, target) {
            (_, Some(t)) if !diverges => {
                if let Expr::Block(b) = body {
                    if b.label.is_none() {
                        if let Some(op) = self.scoped(|l| l.block_value(&b.block, &mut out)) {
                            out.push(Stmt::Assign(Place::var(t), Rhs::Copy(op)));
                        }
                        return Block(out);
                    }
                }
                let op = self.operand(body, &mut out);
                out.push(Stmt::Assign(Place::var(t), Rhs::Copy(op)));
            }
            (Expr::Block(b), _) if b.label.is_none() => {
                let inner = self.block(&b.block);
                out.extend(inner.0);
            }
            _ => self.expr_stmt(body, &mut out),
        }
        Block(out)
    }

    /// `pat` with its bindings replaced by `_` (or by their subpattern), the
    /// bindings collected; `top` while at the scrutinee or a tuple element of it.
    fn strip_bindings(&mut self, pat: &Pat, top: bool, bound: &mut Vec<Bound>) -> Pat {
        self.strip_at(pat, if top { Some(None) } else { None }, bound)
    }

    /// `at`: which part of the scrutinee `pat` matches, when a binding there is supported.
    fn strip_at(&mut self, pat: &Pat, at: Option<Option<usize>>, bound: &mut Vec<Bound>) -> Pat {
        match pat {
            Pat::Ident(pi) if pi.by_ref.is_none() && is_binding(pi) => {
                match at {
                    Some(field) => bound.push(Bound {
                        ident: pi.ident.clone(),
                        field,
                    }),
                    None => self.errors.spanned(pat, DEEP_BINDING),
                }
                match &pi.subpat {
                    Some((_, sub)) => self.strip_at(sub, None, bound),
                    None => Pat::Wild(syn::PatWild {
                        attrs: Vec::new(),
                        underscore_token: syn::Token![_](Span::call_site()),
                    }),
                }
            }
            Pat::Tuple(t) if at == Some(None) => {
                let mut t = t.clone();
                for (k, p) in t.elems.iter_mut().enumerate() {
                    *p = self.strip_at(p, Some(Some(k)), bound);
                }
                Pat::Tuple(t)
            }
            Pat::Or(o) => {
                // Every alternative binds the same names: collect them from the first.
                let mut o = o.clone();
                for (k, p) in o.cases.iter_mut().enumerate() {
                    let mut names = Vec::new();
                    *p = self.strip_at(p, at, &mut names);
                    if k == 0 {
                        bound.extend(names);
                    }
                }
                Pat::Or(o)
            }
            Pat::Paren(p) => {
                let mut p = p.clone();
                *p.pat = self.strip_at(&p.pat, at, bound);
                Pat::Paren(p)
            }
            Pat::Lit(_)
            | Pat::Range(_)
            | Pat::Wild(_)
            | Pat::Path(_)
            | Pat::Rest(_)
            | Pat::Const(_) => pat.clone(),
            Pat::Ident(_) => pat.clone(),
            Pat::Tuple(_)
            | Pat::Slice(_)
            | Pat::TupleStruct(_)
            | Pat::Struct(_)
            | Pat::Reference(_) => {
                if has_binding(pat) {
                    self.errors.spanned(pat, DEEP_BINDING);
                }
                pat.clone()
            }
            _ => {
                self.errors.spanned(pat, "this pattern is not supported by `#[differentiate]`; match integers, `bool`, ranges, tuples of those and enums without data");
                pat.clone()
            }
        }
    }

    /// A `match` used as a value: a temporary assigned in each arm.
    pub(super) fn match_value(&mut self, m: &syn::ExprMatch, out: &mut Vec<Stmt>) -> Operand {
        let t = self.temp(false);
        out.push(Stmt::Let(t, None));
        self.match_into(m, Some(t), out);
        Operand::Place(Place::var(t))
    }
}

/// An identifier pattern that binds a name (not a unit enum variant or constant,
/// which by convention start with a capital letter).
fn is_binding(pi: &syn::PatIdent) -> bool {
    pi.subpat.is_some()
        || pi.mutability.is_some()
        || pi
            .ident
            .to_string()
            .starts_with(|c: char| c.is_lowercase() || c == '_')
}

/// Whether a pattern binds any name.
pub(super) fn binds(pat: &Pat) -> bool {
    has_binding(pat)
}

/// Whether a pattern binds any name.
fn has_binding(pat: &Pat) -> bool {
    match pat {
        Pat::Ident(pi) => is_binding(pi),
        Pat::Tuple(t) => t.elems.iter().any(has_binding),
        Pat::Slice(s) => s.elems.iter().any(has_binding),
        Pat::TupleStruct(t) => t.elems.iter().any(has_binding),
        Pat::Struct(s) => s.fields.iter().any(|f| has_binding(&f.pat)),
        Pat::Reference(r) => has_binding(&r.pat),
        Pat::Or(o) => o.cases.iter().any(has_binding),
        Pat::Paren(p) => has_binding(&p.pat),
        _ => false,
    }
}

/// `if let PAT = e { a } else { b }` as `match e { PAT => { a } _ => { b } }`.
pub(super) fn if_let(i: &syn::ExprIf) -> Option<syn::ExprMatch> {
    let Expr::Let(l) = &*i.cond else { return None };
    let (pat, e, then) = (&l.pat, &l.expr, &i.then_branch);
    let els: Expr = match &i.else_branch {
        Some((_, e)) => (**e).clone(),
        None => syn::parse_quote!({}),
    };
    Some(syn::parse_quote!(match #e { #pat => #then, _ => #els }))
}
