//! Expressions that carry no derivative (conditions, indices, integer
//! arithmetic, constants): checked against the supported subset and renamed.

use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprPath};

use super::{Binding, Lowerer};
use crate::ir::{Opaque, VarId};

/// Methods allowed on values that carry no derivative, besides the math methods.
pub const DISCRETE_METHODS: &[&str] = &[
    "len",
    "is_empty",
    "is_nan",
    "is_finite",
    "is_infinite",
    "is_normal",
    "is_sign_positive",
    "is_sign_negative",
    "pow",
    "saturating_sub",
    "saturating_add",
    "wrapping_add",
    "wrapping_sub",
    "abs_diff",
    "count_ones",
    "is_power_of_two",
    "unwrap",
    "to_usize",
    "to_isize",
    "to_u32",
    "to_i32",
    "to_u64",
    "to_i64",
    "clone",
    "partial_cmp",
    "total_cmp",
];

/// Methods that start or continue an iterator chain.
pub const ITERATOR_METHODS: &[&str] = &[
    "iter",
    "iter_mut",
    "into_iter",
    "map",
    "sum",
    "product",
    "fold",
    "zip",
    "enumerate",
    "collect",
    "for_each",
    "filter",
    "rev",
    "step_by",
    "chain",
    "windows",
    "chunks",
    "take",
    "skip",
    "copied",
    "cloned",
    "max_by",
    "min_by",
    "reduce",
    "all",
    "any",
    "position",
    "last",
];

/// Methods taking their argument by reference (`a.total_cmp(b)` with `b: &f64`).
const BY_REFERENCE: &[&str] = &[
    "total_cmp",
    "partial_cmp",
    "cmp",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
];

struct Rename<'a, 'e> {
    l: &'a mut Lowerer<'e>,
    reads: Vec<VarId>,
}

impl Rename<'_, '_> {
    /// Replaces `e` by the place an alias stands for, or a view's element or length.
    fn substitute(&mut self, e: &mut Expr) -> bool {
        let through = super::iter::strip_derefs(e);
        match self.l.binding_of(through).cloned() {
            Some(Binding::Alias(p)) => {
                let place = self.place(&p);
                // `&x` stays a reference (an argument taken by reference).
                *e = if matches!(e, Expr::Reference(_)) {
                    syn::parse_quote!(&#place)
                } else {
                    place
                };
                return true;
            }
            Some(Binding::Closure(_)) => {
                self.l.errors.spanned(&*e, super::iter::CLOSURE_VALUE);
                return true;
            }
            Some(Binding::Const(o)) if matches!(e, Expr::Path(_)) => {
                self.reads.extend(&o.reads);
                let x = &o.expr;
                *e = syn::parse_quote!((#x));
                return true;
            }
            Some(Binding::View(_)) => {
                self.l.errors.spanned(&*e, super::iter::VIEW_USE);
                return true;
            }
            _ => {}
        }
        let view = |l: &Lowerer, base: &Expr| match l.binding_of(base) {
            Some(Binding::View(v)) => Some(v.clone()),
            _ => None,
        };
        match e {
            Expr::MethodCall(m) if m.method == "len" && m.args.is_empty() => {
                let Some(v) = view(self.l, &m.receiver) else {
                    return false;
                };
                self.reads.extend(&v.len.reads);
                let len = &v.len.expr;
                *e = syn::parse_quote!((#len));
                true
            }
            Expr::Index(ix) => {
                let Some(v) = view(self.l, &ix.expr) else {
                    return false;
                };
                self.visit_expr_mut(&mut ix.index);
                let (off, j) = (&v.offset.expr, &ix.index);
                self.reads.extend(&v.offset.reads);
                let mut place = v.base.clone();
                place.proj.push(crate::ir::Proj::Index(Opaque {
                    expr: syn::parse_quote!(#off + #j),
                    reads: Vec::new(),
                }));
                *e = self.place(&place);
                true
            }
            _ => false,
        }
    }

    /// The expression of `p`, its variables recorded as read.
    fn place(&mut self, p: &crate::ir::Place) -> Expr {
        self.reads.push(p.var);
        self.reads.extend(p.index_reads());
        super::iter::place_expr(&self.l.vars, p)
    }
}

impl VisitMut for Rename<'_, '_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        if let Some(msg) = unsupported_in_opaque(e) {
            self.l.errors.spanned(&*e, msg);
            return;
        }
        if self.substitute(e) {
            return;
        }
        // Comparisons take their other operand by reference: a bare name there is a
        // reference in the original (a closure's parameter), which the lowering
        // binds to a value; it is passed as `&name` (a reference parameter becomes
        // `&&x`, which coerces).
        if let Expr::MethodCall(m) = e {
            if BY_REFERENCE.contains(&m.method.to_string().as_str()) {
                for a in &mut m.args {
                    if matches!(super::iter::strip_parens(a), Expr::Path(p) if p.path.get_ident().is_some())
                    {
                        *a = syn::parse_quote!(&#a);
                    }
                }
            }
        }
        visit_mut::visit_expr_mut(self, e);
    }

    fn visit_expr_path_mut(&mut self, p: &mut ExprPath) {
        if p.qself.is_none() {
            if let Some(ident) = p.path.get_ident() {
                if let Some(v) = self.l.lookup(&ident.to_string()) {
                    // The variable's name and hygiene, located where it is used (a
                    // panic in generated code points at the user's line).
                    let var = &self.l.vars[v].ident;
                    let at = ident.span().resolved_at(var.span());
                    p.path = proc_macro2::Ident::new(&var.to_string(), at).into();
                    self.reads.push(v);
                }
            }
        }
    }
}

fn unsupported_in_opaque(e: &Expr) -> Option<String> {
    Some(match e {
        Expr::Closure(_) => super::expr::CLOSURE.into(),
        Expr::Macro(m) => format!("macro `{}!` is not supported in this position of a `#[differentiate]` function", quote::ToTokens::to_token_stream(&m.mac.path)),
        Expr::Block(_) | Expr::If(_) | Expr::Match(_) | Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) => {
            "blocks, `if`, `match` and loops are not supported inside conditions and indices; compute the value into a local first".into()
        }
        Expr::Unsafe(_) => super::expr::UNSAFE.into(),
        Expr::Assign(_) => "assignments are not supported inside conditions and indices".into(),
        Expr::Struct(_) => super::expr::STRUCT.into(),
        Expr::MethodCall(m) => {
            let name = m.method.to_string();
            if ITERATOR_METHODS.contains(&name.as_str()) {
                super::expr::ITERATOR.into()
            } else if crate::rules::method(&name).is_some() || DISCRETE_METHODS.contains(&name.as_str()) {
                return None;
            } else {
                super::expr::unsupported_method(&name)
            }
        }
        _ => return None,
    })
}

impl Lowerer<'_> {
    /// Renames locals in `e` and checks it; the result carries no derivative.
    pub(super) fn opaque(&mut self, e: &Expr) -> Opaque {
        let mut expr = e.clone();
        let mut r = Rename {
            l: self,
            reads: Vec::new(),
        };
        r.visit_expr_mut(&mut expr);
        let mut reads = r.reads;
        reads.sort_unstable();
        reads.dedup();
        Opaque { expr, reads }
    }
}
