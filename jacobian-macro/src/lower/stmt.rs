//! Lowering of statements and blocks.

use syn::{BinOp, Expr, Pat};

use super::Lowerer;
use crate::ir::{Block, Opaque, OpaqueKind, Operand, Place, Proj, RangeOp, RangeSpec, Rhs, Stmt};
use crate::rules::Prim;

/// Macros kept as statements of the primal (never differentiated).
const EFFECT_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "panic",
    "unreachable",
    "todo",
    "unimplemented",
];

pub(super) const LABEL: &str = "labelled loops are not supported by `#[differentiate]`; use a flag variable and a plain `break`";

impl Lowerer<'_> {
    /// Lowers a block whose value is not used.
    pub(super) fn block(&mut self, b: &syn::Block) -> Block {
        self.scoped(|l| {
            let mut out = Vec::new();
            for s in &b.stmts {
                l.stmt(s, &mut out);
            }
            Block(out)
        })
    }

    /// Lowers a loop's body.
    fn loop_body(&mut self, b: &syn::Block) -> Block {
        self.loops += 1;
        let body = self.block(b);
        self.loops -= 1;
        body
    }

    /// Lowers a block's statements into `out` and returns its value, if it has one.
    pub(super) fn block_value(&mut self, b: &syn::Block, out: &mut Vec<Stmt>) -> Option<Operand> {
        let (last, init) = b.stmts.split_last()?;
        for s in init {
            self.stmt(s, out);
        }
        match last {
            syn::Stmt::Expr(e, None) if !is_statement_like(e) => Some(self.operand(e, out)),
            s => {
                self.stmt(s, out);
                None
            }
        }
    }

    pub(super) fn stmt(&mut self, s: &syn::Stmt, out: &mut Vec<Stmt>) {
        match s {
            syn::Stmt::Local(l) => self.local(l, out),
            syn::Stmt::Expr(e, _) => self.expr_stmt(e, out),
            syn::Stmt::Item(i @ (syn::Item::Const(_) | syn::Item::Use(_))) => self.items.push(i.clone()),
            syn::Stmt::Item(i) => self.errors.spanned(i, "items inside a `#[differentiate]` function other than `const` and `use` are not supported; move them outside the function"),
            syn::Stmt::Macro(m) => self.effect_macro(&m.mac, out),
        }
    }

    /// `assert!(..)`, `assert_eq!(..)`, `panic!(..)`, … as statements of the primal.
    pub(super) fn effect_macro(&mut self, mac: &syn::Macro, out: &mut Vec<Stmt>) {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        if !EFFECT_MACROS.contains(&name.as_str()) {
            let msg = format!(
                "macro `{}!` is not supported inside a `#[differentiate]` function; the supported ones are `vec!`, `assert!`, `assert_eq!`, `assert_ne!`, their `debug_` forms, `panic!`, `unreachable!`, `todo!` and `unimplemented!` (move printing to the caller)",
                quote::ToTokens::to_token_stream(&mac.path)
            );
            self.errors.spanned(mac, msg);
            return;
        }
        let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        let args = match mac.parse_body_with(parser) {
            Ok(a) => a,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        let mut reads = Vec::new();
        let mut renamed = Vec::new();
        for a in &args {
            if let Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = a
            {
                self.check_format_captures(s);
            }
            let o = self.opaque(a);
            reads.extend(o.reads);
            renamed.push(o.expr);
        }
        reads.sort_unstable();
        reads.dedup();
        let path = &mac.path;
        out.push(Stmt::Effect(Opaque {
            expr: syn::parse_quote!(#path!(#(#renamed),*)),
            reads,
        }));
    }

    /// A format string naming a local (`"{x}"`) would name it as renamed by the
    /// lowering: asks for it as an argument instead.
    fn check_format_captures(&mut self, s: &syn::LitStr) {
        let text = s.value();
        for piece in text.split('{').skip(1) {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty()
                && !name.chars().all(|c| c.is_ascii_digit())
                && self.binding(&name).is_some()
            {
                let msg = format!("name `{name}` as an argument of the format string here (`\"{{}}\", {name}`): inside a `#[differentiate]` function, locals in format strings are not supported");
                self.errors.spanned(s, msg);
            }
        }
    }

    /// `let [a, b] = x else { .. };` on an array, slice or `Vec` (the names stand
    /// for its elements), and `let PAT = e else { .. };` without names on a value
    /// without derivatives: the `else` block runs when the pattern does not match.
    fn let_else(&mut self, l: &syn::Local, e: &Expr, els: &Expr, out: &mut Vec<Stmt>) {
        const MSG: &str = "`let … else` is supported with an array pattern of names (`let [a, b] = x else { .. };`) or a pattern without names on integers, `bool` and enums; test the condition with `if`, then bind the value";
        let Expr::Block(b) = els else {
            self.errors.spanned(els, MSG);
            return;
        };
        let names = |p: &Pat| match p {
            Pat::Ident(pi) if pi.by_ref.is_none() && pi.subpat.is_none() => Some(Some(pi.clone())),
            Pat::Wild(_) => Some(None),
            _ => None,
        };
        match &l.pat {
            Pat::Slice(sp) if sp.elems.iter().all(|p| names(p).is_some()) => {
                let Some(base) = self.let_else_base(e, out) else {
                    self.errors.spanned(e, MSG);
                    return;
                };
                let k = sp.elems.len();
                let be = super::iter::place_expr(&self.vars, &base);
                let mut reads = vec![base.var];
                reads.extend(base.index_reads());
                let cond = Opaque {
                    expr: syn::parse_quote!(#be.len() != #k),
                    reads,
                };
                let otherwise = self.block(&b.block);
                out.push(Stmt::If(cond, otherwise, Block::default()));
                let mut bound = Vec::new();
                for (j, p) in sp.elems.iter().enumerate() {
                    let Some(Some(pi)) = names(p) else { continue };
                    let mut place = base.clone();
                    let lit =
                        syn::LitInt::new(&format!("{j}usize"), proc_macro2::Span::call_site());
                    place.proj.push(Proj::Index(Opaque {
                        expr: syn::parse_quote!(#lit),
                        reads: Vec::new(),
                    }));
                    if pi.mutability.is_some() {
                        let v = self.fresh_var(&pi.ident);
                        out.push(Stmt::Let(v, Some(Rhs::Copy(Operand::Place(place)))));
                        bound.push((pi.ident.to_string(), super::Binding::Var(v)));
                    } else {
                        bound.push((pi.ident.to_string(), super::Binding::Alias(place)));
                    }
                }
                for (n, b) in bound {
                    self.bind(n, b);
                }
            }
            pat if !super::matching::binds(pat) => {
                let o = self.opaque(e);
                let x = &o.expr;
                let cond = Opaque {
                    expr: syn::parse_quote!(!::core::matches!(#x, #pat)),
                    reads: o.reads,
                };
                let otherwise = self.block(&b.block);
                out.push(Stmt::If(cond, otherwise, Block::default()));
            }
            _ => self.errors.spanned(&l.pat, MSG),
        }
    }

    /// The place a `let … else` array pattern takes apart (`x`, `*x`, `&v`).
    fn let_else_base(&mut self, e: &Expr, out: &mut Vec<Stmt>) -> Option<Place> {
        match self.operand(super::iter::strip_derefs(e), out) {
            Operand::Place(p) => Some(p),
            Operand::Const(_) => None,
        }
    }

    fn local(&mut self, l: &syn::Local, out: &mut Vec<Stmt>) {
        if let Some(init) = &l.init {
            if let Some((_, els)) = &init.diverge {
                self.let_else(l, &init.expr, els, out);
                return;
            }
        }
        let (pat, ty) = match &l.pat {
            Pat::Type(pt) => (&*pt.pat, Some((*pt.ty).clone())),
            p => (p, None),
        };
        if let (Pat::Ident(pi), Some(Expr::Closure(c))) = (pat, l.init.as_ref().map(|i| &*i.expr)) {
            self.bind_closure(&pi.ident, c);
            return;
        }
        if let (Pat::Ident(pi), Some(Expr::Reference(r))) = (pat, l.init.as_ref().map(|i| &*i.expr))
        {
            if let Expr::Index(ix) = &*r.expr {
                if r.mutability.is_none()
                    && pi.mutability.is_none()
                    && matches!(&*ix.index, Expr::Range(_))
                {
                    self.bind_slice(&pi.ident, r, ix, out);
                    return;
                }
            }
        }
        // A local declared with an integer (or `bool`) type is computed as written:
        // `let m: usize = self.n * self.k;` carries no derivative.
        let discrete = ty.as_ref().is_some_and(crate::types::is_discrete);
        let rhs = l.init.as_ref().map(|i| {
            if discrete && matches!(&*i.expr, Expr::Binary(_) | Expr::Unary(_)) {
                Rhs::Opaque(self.opaque(&i.expr), crate::ir::OpaqueKind::Discrete)
            } else {
                self.rhs(&i.expr, out)
            }
        });
        match pat {
            Pat::Ident(pi) if pi.by_ref.is_none() && pi.subpat.is_none() => {
                let scalar = matches!(rhs, Some(Rhs::Prim(..) | Rhs::Cast(..)));
                let v = self.declare(&pi.ident, ty);
                self.vars[v].scalar |= scalar;
                out.push(Stmt::Let(v, rhs));
            }
            Pat::Wild(_) => {
                if let Some(rhs) = rhs {
                    let t = self.temp(false);
                    out.push(Stmt::Let(t, Some(rhs)));
                }
            }
            Pat::Tuple(_) | Pat::Slice(_) if rhs.is_some() => {
                // Parts of a place are read from it directly; anything else is computed once.
                let place = match rhs {
                    Some(Rhs::Copy(Operand::Place(p))) => p,
                    rhs => {
                        let tmp = self.temp(false);
                        out.push(Stmt::Let(tmp, rhs));
                        Place::var(tmp)
                    }
                };
                let mut bound = Vec::new();
                self.destructure(pat, place, out, &mut bound);
                for (name, v) in bound {
                    self.bind(name, super::Binding::Var(v));
                }
            }
            _ => self.errors.spanned(pat, "this `let` pattern is not supported by `#[differentiate]`; bind a name, or a tuple or array of names (`let (a, [b, c]) = ..`)"),
        }
    }

    /// Binds the names of a tuple or array pattern to the parts of `place`, each a
    /// new variable (collected in `bound` and brought into scope after the whole
    /// pattern, as Rust does).
    fn destructure(
        &mut self,
        pat: &Pat,
        place: Place,
        out: &mut Vec<Stmt>,
        bound: &mut Vec<(String, usize)>,
    ) {
        let part = |k: usize, field: bool| {
            let mut p = place.clone();
            p.proj.push(if field {
                Proj::Field(syn::Member::Unnamed(syn::Index::from(k)))
            } else {
                let lit = syn::LitInt::new(&format!("{k}usize"), proc_macro2::Span::call_site());
                Proj::Index(Opaque {
                    expr: syn::parse_quote!(#lit),
                    reads: Vec::new(),
                })
            });
            p
        };
        match pat {
            Pat::Ident(pi) if pi.by_ref.is_none() && pi.subpat.is_none() => {
                let v = self.fresh_var(&pi.ident);
                out.push(Stmt::Let(v, Some(Rhs::Copy(Operand::Place(place)))));
                bound.push((pi.ident.to_string(), v));
            }
            Pat::Wild(_) => {}
            Pat::Paren(p) => self.destructure(&p.pat, place, out, bound),
            Pat::Type(t) => self.destructure(&t.pat, place, out, bound),
            Pat::Tuple(_) | Pat::Slice(_) => {
                let (elems, field) = match pat {
                    Pat::Tuple(t) => (&t.elems, true),
                    Pat::Slice(s) => (&s.elems, false),
                    _ => unreachable!("matched above"),
                };
                for (k, p) in elems.iter().enumerate() {
                    if matches!(p, Pat::Rest(_)) {
                        self.errors.spanned(p, "`..` in tuple and array patterns is not supported by `#[differentiate]`; name or `_` every element, or index the value");
                        return;
                    }
                    self.destructure(p, part(k, field), out, bound);
                }
            }
            _ => self.errors.spanned(pat, "this pattern is not supported by `#[differentiate]`; bind names, `_`, or tuples and arrays of them"),
        }
    }

    pub(super) fn expr_stmt(&mut self, e: &Expr, out: &mut Vec<Stmt>) {
        match e {
            Expr::Paren(p) => self.expr_stmt(&p.expr, out),
            Expr::Assign(a) => {
                let rhs = self.rhs(&a.right, out);
                if let Some(place) = self.target(&a.left, out) {
                    self.assign(place, rhs, out);
                }
            }
            Expr::Binary(b) if compound(&b.op).is_some() => self.compound(e, b, out),
            Expr::Call(c) if c.args.iter().any(is_mut_ref) => self.in_place_call(c, out),
            Expr::If(i) => self.if_stmt(i, out),
            Expr::Match(m) => self.match_into(m, None, out),
            Expr::Macro(m) if !m.mac.path.is_ident("vec") => self.effect_macro(&m.mac, out),
            Expr::While(w) => {
                if let Some(label) = &w.label {
                    self.errors.spanned(label, LABEL);
                }
                if matches!(&*w.cond, Expr::Let(_)) {
                    self.errors.spanned(&w.cond, "`while let` is not supported by `#[differentiate]`; use `while` with a plain condition, or `loop` with `if … { break; }`");
                }
                let cond = self.opaque(&w.cond);
                let body = self.loop_body(&w.body);
                out.push(Stmt::While(cond, body));
            }
            Expr::Loop(lp) => {
                if let Some(label) = &lp.label {
                    self.errors.spanned(label, LABEL);
                }
                let body = self.loop_body(&lp.body);
                out.push(Stmt::Loop(body));
            }
            Expr::ForLoop(f) => self.for_loop(f, out),
            Expr::Break(b) => {
                // A labelled `break` sits in a labelled loop, reported there.
                if b.expr.is_some() {
                    self.errors.spanned(e, "`break` with a value is not supported by `#[differentiate]`; assign the value to a variable, then `break`");
                }
                if self.loops == 0 {
                    self.errors.spanned(e, "`break` outside a loop");
                }
                out.push(Stmt::Break);
            }
            Expr::Continue(_) => {
                if self.loops == 0 {
                    self.errors.spanned(e, "`continue` outside a loop");
                }
                out.push(Stmt::Continue);
            }
            // rustc reports a `return` without the result itself.
            Expr::Return(r) => {
                if let Some(v) = &r.expr {
                    let op = self.operand(v, out);
                    out.push(Stmt::Return(op));
                }
            }
            Expr::Block(b) if b.label.is_none() => {
                let inner = self.block(&b.block);
                out.extend(inner.0);
            }
            _ => {
                let rhs = self.rhs(e, out);
                let t = self.temp(false);
                out.push(Stmt::Let(t, Some(rhs)));
            }
        }
    }

    /// The place an assignment writes.
    fn target(&mut self, e: &Expr, out: &mut Vec<Stmt>) -> Option<Place> {
        if matches!(e, Expr::Tuple(_) | Expr::Array(_)) {
            self.errors.spanned(e, "destructuring assignments are not supported by `#[differentiate]`; assign each variable on its own line");
            return None;
        }
        match self.atom(e, out) {
            Some(Operand::Place(p)) => Some(p),
            _ => {
                self.errors.spanned(
                    e,
                    "assignments must write a local variable or an element of one",
                );
                None
            }
        }
    }

    fn compound(&mut self, e: &Expr, b: &syn::ExprBinary, out: &mut Vec<Stmt>) {
        let rhs = match compound(&b.op) {
            Some(Some(prim)) => {
                let r = self.operand(&b.right, out);
                let Some(mut place) = self.target(&b.left, out) else {
                    return;
                };
                self.hoist_indices(&mut place, out);
                let rhs = Rhs::Prim(prim, vec![Operand::Place(place.clone()), r]);
                out.push(Stmt::Assign(place, rhs));
                return;
            }
            _ => self.rhs(&discrete_binary(b), out),
        };
        match self.target(&b.left, out) {
            Some(place) => self.assign(place, rhs, out),
            None => {
                let _ = e;
            }
        }
    }

    /// Pushes `place = rhs`, its indices hoisted as [`Self::hoist_indices`] says.
    /// `g(t, &y, &mut dy);` for an in-place `g`: `dy = __g_value(t, &y, &dy);` (its
    /// twin returns the outputs, reading their contents on entry), each output
    /// assigned from the result.
    fn in_place_call(&mut self, c: &syn::ExprCall, out: &mut Vec<Stmt>) {
        let Expr::Path(fp) = &*c.func else {
            self.errors
                .spanned(&c.func, "only calls to named functions are supported");
            return;
        };
        let mut path = fp.path.clone();
        let Some(last) = path.segments.last_mut() else {
            return;
        };
        last.ident = crate::inplace::twin_name(&last.ident);
        let mut outputs = Vec::new();
        let mut args = Vec::new();
        for a in &c.args {
            match a {
                Expr::Reference(r) if r.mutability.is_some() => match self.target(&r.expr, out) {
                    Some(p) if p.proj.is_empty() => {
                        outputs.push(p.clone());
                        args.push(crate::ir::CallArg {
                            by_ref: true,
                            operand: Operand::Place(p),
                        });
                    }
                    Some(_) => self.errors.spanned(r, "an output argument of an in-place function must be a whole local (`&mut dy`), not a part of one"),
                    None => {}
                },
                a => args.push(self.call_arg(a, out)),
            }
        }
        let call = Rhs::Call(crate::ir::Call {
            path: super::expr::module_path(&path),
            args,
        });
        if let [one] = &outputs[..] {
            self.assign(one.clone(), call, out);
            return;
        }
        let t = self.temp(false);
        out.push(Stmt::Let(t, Some(call)));
        for (k, o) in outputs.into_iter().enumerate() {
            let mut part = Place::var(t);
            part.proj
                .push(Proj::Field(syn::Member::Unnamed(syn::Index::from(k))));
            self.assign(o, Rhs::Copy(Operand::Place(part)), out);
        }
    }

    fn assign(&mut self, mut place: Place, rhs: Rhs, out: &mut Vec<Stmt>) {
        self.hoist_indices(&mut place, out);
        out.push(Stmt::Assign(place, rhs));
    }

    /// Computes each index of the target `place` that reads the variable being
    /// written (`a[(a[0] * 2.0) as usize] = …`) into a fresh local first: the
    /// reverse sweep evaluates the target's indices again after the write has
    /// changed the variable, so they must not read it.
    fn hoist_indices(&mut self, place: &mut Place, out: &mut Vec<Stmt>) {
        let root = place.var;
        for proj in &mut place.proj {
            let Proj::Index(ix) = proj else { continue };
            if !ix.reads.contains(&root) {
                continue;
            }
            let t = self.temp(false);
            let rhs = Rhs::Opaque(ix.clone(), OpaqueKind::Discrete);
            out.push(Stmt::Let(t, Some(rhs)));
            let ident = &self.vars[t].ident;
            *ix = Opaque {
                expr: syn::parse_quote!(#ident),
                reads: vec![t],
            };
        }
    }

    fn if_stmt(&mut self, i: &syn::ExprIf, out: &mut Vec<Stmt>) {
        if let Some(m) = super::matching::if_let(i) {
            self.match_into(&m, None, out);
            return;
        }
        let cond = self.opaque(&i.cond);
        let then = self.block(&i.then_branch);
        let els = match &i.else_branch {
            None => Block::default(),
            Some((_, e)) => match &**e {
                Expr::Block(b) => self.block(&b.block),
                Expr::If(inner) => {
                    let mut v = Vec::new();
                    self.scoped(|l| l.if_stmt(inner, &mut v));
                    Block(v)
                }
                other => {
                    let mut v = Vec::new();
                    self.expr_stmt(other, &mut v);
                    Block(v)
                }
            },
        };
        out.push(Stmt::If(cond, then, els));
    }

    fn for_loop(&mut self, f: &syn::ExprForLoop, out: &mut Vec<Stmt>) {
        if let Some(label) = &f.label {
            self.errors.spanned(label, LABEL);
        }
        if !is_int_range(&f.expr) {
            self.for_sequence(f, out);
            return;
        }
        let range = self.range(&f.expr);
        self.scoped(|l| {
            let var = match &*f.pat {
                Pat::Ident(pi) if pi.by_ref.is_none() && pi.subpat.is_none() => {
                    l.declare(&pi.ident, None)
                }
                Pat::Wild(_) => l.temp(false),
                p => {
                    l.errors.spanned(p, "the loop variable must be a name");
                    l.temp(false)
                }
            };
            let body = l.loop_body(&f.body);
            if let Some(range) = range {
                out.push(Stmt::For(var, range, body));
            }
        });
    }

    /// `a..b`, `a..=b`, optionally followed by `.rev()` and `.step_by(k)`.
    fn range(&mut self, e: &Expr) -> Option<RangeSpec> {
        match e {
            Expr::Paren(p) => self.range(&p.expr),
            Expr::Range(r) => match (&r.start, &r.end) {
                (Some(a), Some(b)) => Some(RangeSpec {
                    start: self.opaque(a),
                    end: self.opaque(b),
                    inclusive: matches!(r.limits, syn::RangeLimits::Closed(_)),
                    ops: Vec::new(),
                }),
                _ => {
                    self.errors
                        .spanned(e, "`for` loops need a bounded range such as `0..n`");
                    None
                }
            },
            Expr::MethodCall(m) if m.method == "rev" && m.args.is_empty() => {
                let mut r = self.range(&m.receiver)?;
                r.ops.push(RangeOp::Rev);
                Some(r)
            }
            Expr::MethodCall(m) if m.method == "step_by" && m.args.len() == 1 => {
                let mut r = self.range(&m.receiver)?;
                r.ops.push(RangeOp::StepBy(self.opaque(&m.args[0])));
                Some(r)
            }
            _ => {
                self.errors.spanned(e, "`for` loops must iterate over an integer range such as `0..n`, `(a..=b).rev()` or `(0..n).step_by(2)`; index arrays and slices inside the loop");
                None
            }
        }
    }
}

/// `a..b`, `a..=b`, and those with `.rev()` and `.step_by(k)`: the loops over
/// integers that need no sequence.
fn is_int_range(e: &Expr) -> bool {
    match e {
        Expr::Paren(p) => is_int_range(&p.expr),
        Expr::Range(_) => true,
        Expr::MethodCall(m) if matches!(m.method.to_string().as_str(), "rev" | "step_by") => {
            is_int_range(&m.receiver)
        }
        _ => false,
    }
}

/// Statements in a block's tail position that produce no value.
fn is_statement_like(e: &Expr) -> bool {
    match e {
        Expr::While(_)
        | Expr::Loop(_)
        | Expr::ForLoop(_)
        | Expr::Return(_)
        | Expr::Break(_)
        | Expr::Continue(_)
        | Expr::Assign(_) => true,
        Expr::Binary(b) => compound(&b.op).is_some(),
        Expr::If(i) => i.else_branch.is_none(),
        _ => false,
    }
}

/// For `x op= y`: `Some(Some(prim))` for arithmetic, `Some(None)` for integer-only operators.
fn compound(op: &BinOp) -> Option<Option<Prim>> {
    Some(match op {
        BinOp::AddAssign(_) => Some(Prim::Add),
        BinOp::SubAssign(_) => Some(Prim::Sub),
        BinOp::MulAssign(_) => Some(Prim::Mul),
        BinOp::DivAssign(_) => Some(Prim::Div),
        BinOp::RemAssign(_) => Some(Prim::Rem),
        BinOp::BitAndAssign(_)
        | BinOp::BitOrAssign(_)
        | BinOp::BitXorAssign(_)
        | BinOp::ShlAssign(_)
        | BinOp::ShrAssign(_) => None,
        _ => return None,
    })
}

/// `a &= b` as `a & b`, and so on.
fn discrete_binary(b: &syn::ExprBinary) -> Expr {
    let (l, r) = (&b.left, &b.right);
    match b.op {
        BinOp::BitAndAssign(_) => syn::parse_quote!(#l & #r),
        BinOp::BitOrAssign(_) => syn::parse_quote!(#l | #r),
        BinOp::BitXorAssign(_) => syn::parse_quote!(#l ^ #r),
        BinOp::ShlAssign(_) => syn::parse_quote!(#l << #r),
        _ => syn::parse_quote!(#l >> #r),
    }
}

/// `&mut x`.
fn is_mut_ref(e: &Expr) -> bool {
    matches!(e, Expr::Reference(r) if r.mutability.is_some())
}
