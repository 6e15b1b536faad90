//! Lowering of expressions to three-address form.

use syn::{BinOp, Expr, Member, UnOp};

use super::opaque::{DISCRETE_METHODS, ITERATOR_METHODS};
use super::{Binding, Lowerer};
use crate::ir::{Call, CallArg, Opaque, OpaqueKind, Operand, Place, Proj, Rhs, Stmt};
use crate::rules::{self, Prim};
use crate::types;

pub const CLOSURE: &str = "closures are not supported by `#[differentiate]`; write the computation inline or as a separate `#[differentiate]` function";
pub const ITERATOR: &str = "this iterator method is not supported by `#[differentiate]`: chains over arrays, slices, `Vec`s and ranges may use `iter`, `iter_mut`, `into_iter`, `copied`, `cloned`, `rev`, `skip`, `take`, `step_by`, `enumerate`, `zip`, `map`, `filter`, `windows` and `chunks`, and end in `sum`, `product`, `fold`, `collect`, `for_each`, `max_by(..).unwrap()`, `min_by(..).unwrap()` or a `for` loop; inside a condition or an index, compute the chain into a local first";
pub const UNSAFE: &str =
    "`unsafe` blocks are not supported by `#[differentiate]`; remove the `unsafe` block";
pub const STRUCT: &str = "a struct literal is supported as a value of its own (`let p = Point { x: a, y: b };`, a struct deriving `jacobian::Differentiable`), not inside this expression; bind it to a name first";

/// Message for a method outside the supported set.
pub fn unsupported_method(name: &str) -> String {
    format!("method `.{name}()` is not supported by `#[differentiate]`; the supported methods are the `Float` math methods (`sin`, `exp`, `powi`, `max`, …), `len`, `clone`, `to_vec` and `to_owned`")
}

/// Associated functions of the scalar type that build constants.
const CONSTRUCTORS: &[&str] = &[
    "zero",
    "one",
    "from",
    "epsilon",
    "infinity",
    "neg_infinity",
    "nan",
    "max_value",
    "min_value",
    "min_positive_value",
    "neg_zero",
    "PI",
    "E",
    "TAU",
    "SQRT_2",
    "LN_2",
    "LN_10",
    "FRAC_PI_2",
    "FRAC_PI_4",
    "FRAC_1_SQRT_2",
];

/// A dummy operand standing in for an expression that was reported as unsupported.
pub(super) fn dummy() -> Opaque {
    Opaque {
        expr: syn::parse_quote!(::core::unreachable!()),
        reads: Vec::new(),
    }
}

impl Lowerer<'_> {
    /// Lowers `e` to an atomic operand, emitting statements for its parts.
    pub(super) fn operand(&mut self, e: &Expr, out: &mut Vec<Stmt>) -> Operand {
        if let Some(op) = self.atom(e, out) {
            return op;
        }
        match self.rhs(e, out) {
            Rhs::Copy(op) => op,
            Rhs::Opaque(o, OpaqueKind::RealConst) if o.reads.is_empty() => Operand::Const(o),
            rhs => {
                let scalar = matches!(rhs, Rhs::Prim(..) | Rhs::Cast(..));
                let t = self.temp(scalar);
                out.push(Stmt::Let(t, Some(rhs)));
                Operand::Place(Place::var(t))
            }
        }
    }

    /// Places and constants, which need no statement of their own.
    pub(super) fn atom(&mut self, e: &Expr, out: &mut Vec<Stmt>) -> Option<Operand> {
        match e {
            Expr::Paren(p) => self.atom(&p.expr, out),
            Expr::Group(g) => self.atom(&g.expr, out),
            Expr::Lit(_) => Some(Operand::Const(self.opaque(e))),
            Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) && matches!(&*u.expr, Expr::Lit(_)) => {
                Some(Operand::Const(self.opaque(e)))
            }
            Expr::Path(p) if p.qself.is_none() && p.path.get_ident().is_some() => {
                match self.binding_of(e).cloned() {
                    Some(Binding::Var(v)) => Some(Operand::Place(Place::var(v))),
                    Some(Binding::Alias(p)) => Some(Operand::Place(p)),
                    Some(Binding::View(_)) => {
                        self.errors.spanned(e, super::iter::VIEW_USE);
                        Some(Operand::Const(dummy()))
                    }
                    Some(Binding::Closure(_)) => {
                        self.errors.spanned(e, super::iter::CLOSURE_VALUE);
                        Some(Operand::Const(dummy()))
                    }
                    Some(Binding::Const(o)) => {
                        let x = &o.expr;
                        let reads = o.reads.clone();
                        Some(Operand::Const(Opaque {
                            expr: syn::parse_quote!((#x)),
                            reads,
                        }))
                    }
                    None => Some(Operand::Const(self.opaque(e))),
                }
            }
            Expr::Path(_) => Some(Operand::Const(self.opaque(e))),
            Expr::Index(ix) if matches!(self.binding_of(&ix.expr), Some(Binding::View(_))) => {
                let Some(Binding::View(v)) = self.binding_of(&ix.expr).cloned() else {
                    unreachable!()
                };
                let j = self.opaque(&ix.index);
                let (off, je) = (&v.offset.expr, &j.expr);
                let mut reads = v.offset.reads.clone();
                reads.extend(&j.reads);
                let mut place = v.base;
                place.proj.push(Proj::Index(Opaque {
                    expr: syn::parse_quote!((#off + #je)),
                    reads,
                }));
                Some(Operand::Place(place))
            }
            Expr::Unary(u)
                if matches!(u.op, UnOp::Deref(_))
                    && matches!(
                        self.binding_of(super::iter::strip_derefs(e)),
                        Some(Binding::Alias(_))
                    ) =>
            {
                let Some(Binding::Alias(p)) =
                    self.binding_of(super::iter::strip_derefs(e)).cloned()
                else {
                    unreachable!()
                };
                Some(Operand::Place(p))
            }
            Expr::Index(ix) => {
                if matches!(&*ix.index, Expr::Range(_)) {
                    self.errors.spanned(&ix.index, "a slice `x[a..b]` is supported as a call argument (`g(&x[a..b])`), bound with `let` (`let s = &x[a..b];`) and as an iterator's source (`x[a..b].iter()`), not here; index single elements");
                    return Some(Operand::Const(dummy()));
                }
                let index = self.opaque(&ix.index);
                Some(self.project(&ix.expr, Proj::Index(index), out))
            }
            Expr::Field(f) => match &f.member {
                Member::Unnamed(_) => {
                    Some(self.project(&f.base, Proj::Field(f.member.clone()), out))
                }
                // A field of a variable (a struct whose floats carry derivatives, or
                // one without derivatives): a part of it.
                Member::Named(_) if self.is_variable_part(&f.base) => {
                    Some(self.project(&f.base, Proj::Field(f.member.clone()), out))
                }
                // A field of a constant: a constant.
                Member::Named(_) => Some(Operand::Const(self.opaque(e))),
            },
            Expr::Unary(u) if matches!(u.op, UnOp::Deref(_)) => {
                Some(self.project(&u.expr, Proj::Deref, out))
            }
            _ => None,
        }
    }

    fn project(&mut self, base: &Expr, proj: Proj, out: &mut Vec<Stmt>) -> Operand {
        match self.operand(base, out) {
            Operand::Place(mut p) => {
                p.proj.push(proj);
                Operand::Place(p)
            }
            Operand::Const(c) => {
                let mut reads = c.reads;
                let b = &c.expr;
                let expr: Expr = match proj {
                    Proj::Index(i) => {
                        reads.extend(i.reads);
                        let ix = &i.expr;
                        syn::parse_quote!(#b[#ix])
                    }
                    Proj::Field(f) => syn::parse_quote!(#b.#f),
                    Proj::Deref => syn::parse_quote!(*#b),
                };
                Operand::Const(Opaque { expr, reads })
            }
        }
    }

    /// Lowers `e` to a right-hand side.
    pub(super) fn rhs(&mut self, e: &Expr, out: &mut Vec<Stmt>) -> Rhs {
        if let Some(op) = self.atom(e, out) {
            return Rhs::Copy(op);
        }
        match e {
            Expr::Paren(p) => self.rhs(&p.expr, out),
            Expr::Group(g) => self.rhs(&g.expr, out),
            Expr::Unary(u) => match u.op {
                UnOp::Neg(_) => Rhs::Prim(Prim::Neg, vec![self.operand(&u.expr, out)]),
                _ => Rhs::Opaque(self.opaque(e), OpaqueKind::Discrete),
            },
            Expr::Binary(b) => self.binary(e, b, out),
            Expr::Cast(c) => self.cast(e, c, out),
            Expr::MethodCall(m) => self.method_call(e, m, out),
            Expr::Call(c) => self.call(e, c, out),
            Expr::Macro(m) => self.macro_rhs(m, out),
            Expr::Array(a) => Rhs::Array(a.elems.iter().map(|x| self.operand(x, out)).collect()),
            Expr::Repeat(r) => Rhs::Repeat(self.operand(&r.expr, out), self.opaque(&r.len)),
            Expr::Tuple(t) if !t.elems.is_empty() => {
                Rhs::Tuple(t.elems.iter().map(|x| self.operand(x, out)).collect())
            }
            Expr::Struct(s) => self.struct_literal(s, out),
            Expr::If(_) => Rhs::Copy(self.if_value(e, out)),
            Expr::Match(m) => Rhs::Copy(self.match_value(m, out)),
            Expr::Block(b) if b.label.is_none() => match self
                .scoped(|l| l.block_value(&b.block, out))
            {
                Some(op) => Rhs::Copy(op),
                None => self.unsupported(e, "this block has no value; end it with an expression"),
            },
            _ => {
                let msg = unsupported_expr(e);
                self.unsupported(e, &msg)
            }
        }
    }

    /// `Layer { w: .., b: .. }`: every field given (its derivative mirror is built
    /// field by field).
    fn struct_literal(&mut self, s: &syn::ExprStruct, out: &mut Vec<Stmt>) -> Rhs {
        if let Some(rest) = &s.rest {
            self.errors.spanned(rest, "struct update syntax (`..base`) is not supported by `#[differentiate]`; give every field, or copy the struct and assign the fields that change");
        }
        if s.qself.is_some() {
            return self.unsupported(
                &Expr::Struct(s.clone()),
                "qualified paths are not supported in struct literals",
            );
        }
        let fields = s
            .fields
            .iter()
            .map(|f| (f.member.clone(), self.operand(&f.expr, out)))
            .collect();
        Rhs::Struct(s.path.clone(), fields)
    }

    pub(super) fn unsupported(&mut self, e: &Expr, msg: &str) -> Rhs {
        self.errors.spanned(e, msg);
        Rhs::Opaque(dummy(), OpaqueKind::Discrete)
    }

    fn binary(&mut self, e: &Expr, b: &syn::ExprBinary, out: &mut Vec<Stmt>) -> Rhs {
        let prim = match b.op {
            BinOp::Add(_) => Prim::Add,
            BinOp::Sub(_) => Prim::Sub,
            BinOp::Mul(_) => Prim::Mul,
            BinOp::Div(_) => Prim::Div,
            BinOp::Rem(_) => Prim::Rem,
            BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_) => {
                return self.unsupported(
                    e,
                    "compound assignments are statements; write them on their own line",
                );
            }
            _ => return Rhs::Opaque(self.opaque(e), OpaqueKind::Discrete),
        };
        // Integer arithmetic (a float never meets an integer literal or a length in
        // Rust): `(m.n + 3) % v.len()` on a struct's integer field carries no derivative.
        if self.is_integer(&b.left) || self.is_integer(&b.right) {
            return Rhs::Opaque(self.opaque(e), OpaqueKind::Discrete);
        }
        let l = self.operand(&b.left, out);
        let r = self.operand(&b.right, out);
        Rhs::Prim(prim, vec![l, r])
    }

    /// Known to be an integer: an integer literal, a length, a cast to an integer
    /// type, a variable declared with one, or arithmetic on one of those.
    fn is_integer(&self, e: &Expr) -> bool {
        match e {
            Expr::Lit(l) => match &l.lit {
                syn::Lit::Int(i) => !matches!(i.suffix(), "f32" | "f64"),
                _ => false,
            },
            Expr::Paren(p) => self.is_integer(&p.expr),
            Expr::Group(g) => self.is_integer(&g.expr),
            Expr::Unary(u) => self.is_integer(&u.expr),
            Expr::Binary(b) => match b.op {
                BinOp::Add(_) | BinOp::Sub(_) | BinOp::Mul(_) | BinOp::Div(_) | BinOp::Rem(_) => {
                    self.is_integer(&b.left) || self.is_integer(&b.right)
                }
                _ => false,
            },
            Expr::MethodCall(m) => m.method == "len" && m.args.is_empty(),
            Expr::Cast(c) => types::is_discrete(&c.ty),
            Expr::Path(_) => match self.binding_of(e) {
                Some(super::Binding::Var(v)) => {
                    self.vars[*v].ty.as_ref().is_some_and(types::is_discrete)
                }
                _ => false,
            },
            _ => false,
        }
    }

    fn cast(&mut self, e: &Expr, c: &syn::ExprCast, out: &mut Vec<Stmt>) -> Rhs {
        if types::is_discrete(&c.ty) {
            return Rhs::Opaque(self.opaque(e), OpaqueKind::Discrete);
        }
        if self.scalar.matches(&c.ty) {
            let op = self.operand(&c.expr, out);
            return Rhs::Cast(op, (*c.ty).clone());
        }
        let msg = format!(
            "casts to `{}` are not supported here; this function computes in `{}`: keep the value in `{1}`",
            quote::ToTokens::to_token_stream(&c.ty),
            self.scalar.ty()
        );
        self.unsupported(e, &msg)
    }

    fn method_call(&mut self, e: &Expr, m: &syn::ExprMethodCall, out: &mut Vec<Stmt>) -> Rhs {
        if let Some(rhs) = self.consume(e, m, out) {
            return rhs;
        }
        let name = m.method.to_string();
        if let Some(prim) = rules::method(&name) {
            let rule = rules::rule(prim);
            if m.args.len() + 1 != rule.arity || m.turbofish.is_some() {
                let msg = format!("`.{name}()` takes {} argument(s)", rule.arity - 1);
                return self.unsupported(e, &msg);
            }
            let mut ops = vec![self.operand(&m.receiver, out)];
            ops.extend(m.args.iter().map(|a| self.operand(a, out)));
            return Rhs::Prim(prim, ops);
        }
        match name.as_str() {
            "clone" if m.args.is_empty() => {
                // `m.clone()` of a reference parameter copies the value behind it.
                let mut op = self.operand(&m.receiver, out);
                if let Operand::Place(p) = &mut op {
                    let by_ref = self.vars[p.var]
                        .ty
                        .as_ref()
                        .is_some_and(|t| matches!(t, syn::Type::Reference(_)));
                    if p.proj.is_empty() && by_ref && !self.vars[p.var].lowered {
                        p.proj.push(Proj::Deref);
                    }
                }
                Rhs::Copy(op)
            }
            "to_vec" | "to_owned" if m.args.is_empty() => {
                Rhs::Owned(self.operand(&m.receiver, out), m.method.clone())
            }
            "unwrap" | "expect" if super::iter::is_extremum(&m.receiver) => {
                self.extremum(e, m, out)
            }
            "unwrap" if is_constructor_call(&m.receiver, &self.scalar) => {
                Rhs::Opaque(self.opaque(e), OpaqueKind::RealConst)
            }
            "sin_cos" => self.unsupported(
                e,
                "`.sin_cos()` is not supported; call `.sin()` and `.cos()` separately",
            ),
            n if DISCRETE_METHODS.contains(&n) => Rhs::Opaque(self.opaque(e), OpaqueKind::Discrete),
            n if ITERATOR_METHODS.contains(&n) => self.unsupported(e, ITERATOR),
            n => match self.struct_of(&m.receiver) {
                Some(ty) => self.method_of_struct(&ty, m, out),
                None => self.unsupported(e, &unsupported_method(n)),
            },
        }
    }

    /// The type name of a variable holding a user's struct (`m: &Mlp` → `Mlp`).
    fn struct_of(&self, e: &Expr) -> Option<syn::Path> {
        let Some(super::Binding::Var(v)) = self.binding_of(e) else {
            return None;
        };
        let ty = crate::types::strip_refs(self.vars[*v].ty.as_ref()?);
        if !crate::types::is_record_candidate(ty, &self.scalar) {
            return None;
        }
        match ty {
            syn::Type::Path(p) => {
                let mut path = p.path.clone();
                path.segments
                    .iter_mut()
                    .for_each(|s| s.arguments = syn::PathArguments::None);
                Some(path)
            }
            _ => None,
        }
    }

    /// `m.forward(x)` on a struct: a call of the method's twin (`methods.rs`),
    /// generated by `#[differentiate]` on the struct's impl block.
    fn method_of_struct(
        &mut self,
        ty: &syn::Path,
        m: &syn::ExprMethodCall,
        out: &mut Vec<Stmt>,
    ) -> Rhs {
        // The twin sits beside the struct's impl: `model::Mlp` → `model::__mlp_forward`.
        let mut path = ty.clone();
        if let Some(last) = path.segments.last_mut() {
            last.ident = crate::methods::twin_name(&last.ident, &m.method);
        }
        let receiver = self.operand(&m.receiver, out);
        let by_ref = !receiver.place().is_some_and(|p| {
            p.proj.is_empty()
                && self.vars[p.var]
                    .ty
                    .as_ref()
                    .is_some_and(|t| matches!(t, syn::Type::Reference(_)))
        });
        let mut args = vec![CallArg {
            by_ref,
            operand: receiver,
        }];
        args.extend(m.args.iter().map(|a| self.call_arg(a, out)));
        Rhs::Call(Call {
            path: module_path(&path),
            args,
        })
    }

    fn call(&mut self, e: &Expr, c: &syn::ExprCall, out: &mut Vec<Stmt>) -> Rhs {
        if let Some(rhs) = self.call_closure(&c.func, &c.args, out, e) {
            return rhs;
        }
        let Expr::Path(fp) = &*c.func else {
            return self.unsupported(
                e,
                "only calls to named functions are supported; closures and function values are not",
            );
        };
        let path = &fp.path;
        let last = path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let scalar_path = path.segments.len() >= 2 && is_scalar_path(path, &self.scalar);
        if scalar_path && CONSTRUCTORS.contains(&last.as_str()) {
            return Rhs::Opaque(self.opaque(e), OpaqueKind::RealConst);
        }
        if let (true, Some(prim)) = (scalar_path, rules::method(&last)) {
            if c.args.len() != rules::rule(prim).arity {
                let msg = format!("`{last}` takes {} argument(s)", rules::rule(prim).arity);
                return self.unsupported(e, &msg);
            }
            return Rhs::Prim(prim, c.args.iter().map(|a| self.operand(a, out)).collect());
        }
        if scalar_path {
            return self.scalar_path_call(e, path, &last);
        }
        if fp.qself.is_some() {
            return self.unsupported(e, "qualified paths are not supported in calls here");
        }
        let args = c.args.iter().map(|a| self.call_arg(a, out)).collect();
        Rhs::Call(Call {
            path: module_path(path),
            args,
        })
    }

    /// `f64::is_nan(x)`, `Float::abs_sub(x, y)`: an associated function of the
    /// scalar type or a float trait that is neither a constructor nor in the rule
    /// table. Discrete ones are plain expressions; the rest are refused as their
    /// method spelling is (never a call into a generated module that does not exist).
    fn scalar_path_call(&mut self, e: &Expr, path: &syn::Path, name: &str) -> Rhs {
        if DISCRETE_METHODS.contains(&name) {
            return Rhs::Opaque(self.opaque(e), OpaqueKind::Discrete);
        }
        let spelled = quote::ToTokens::to_token_stream(path)
            .to_string()
            .replace(' ', "");
        let msg = if name == "sin_cos" {
            format!("`{spelled}` is not supported; call `sin` and `cos` separately")
        } else {
            format!("`{spelled}` is not supported by `#[differentiate]`; the supported functions are the `Float` math methods (`sin`, `exp`, `powi`, `max`, …), as methods or paths (`f64::sin(x)`)")
        };
        self.unsupported(e, &msg)
    }

    pub(super) fn call_arg(&mut self, a: &Expr, out: &mut Vec<Stmt>) -> CallArg {
        match a {
            // `g(&x[a..b])`: the slice is a place (its derivatives are the same
            // range of `x`'s).
            Expr::Reference(r) if r.mutability.is_none() && range_index(&r.expr).is_some() => {
                let Some(ix) = range_index(&r.expr) else {
                    return self.call_arg(&r.expr, out);
                };
                let range = self.opaque(&ix.index);
                CallArg {
                    by_ref: true,
                    operand: self.project(&ix.expr, Proj::Index(range), out),
                }
            }
            Expr::Reference(r) if r.mutability.is_none() => CallArg {
                by_ref: true,
                operand: self.operand(&r.expr, out),
            },
            Expr::Reference(r) => {
                self.errors.spanned(r, "`&mut` arguments are not supported by `#[differentiate]`; return the result instead");
                CallArg {
                    by_ref: true,
                    operand: Operand::Const(dummy()),
                }
            }
            _ => CallArg {
                by_ref: false,
                operand: self.operand(a, out),
            },
        }
    }

    fn macro_rhs(&mut self, m: &syn::ExprMacro, out: &mut Vec<Stmt>) -> Rhs {
        if m.mac.path.segments.last().is_none_or(|s| s.ident != "vec") {
            let msg = format!(
                "macro `{}!` is not supported inside a `#[differentiate]` function; only `vec![..]` is (move printing and assertions to the caller)",
                quote::ToTokens::to_token_stream(&m.mac.path)
            );
            return self.unsupported(&Expr::Macro(m.clone()), &msg);
        }
        let repeat = |input: syn::parse::ParseStream| -> syn::Result<(Expr, Expr)> {
            let value: Expr = input.parse()?;
            input.parse::<syn::Token![;]>()?;
            let len: Expr = input.parse()?;
            Ok((value, len))
        };
        if let Ok((value, len)) = m.mac.parse_body_with(repeat) {
            return Rhs::VecRepeat(self.operand(&value, out), self.opaque(&len));
        }
        let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        match m.mac.parse_body_with(parser) {
            Ok(items) => Rhs::VecLit(items.iter().map(|x| self.operand(x, out)).collect()),
            Err(err) => {
                self.errors.push(err);
                Rhs::Opaque(dummy(), OpaqueKind::Discrete)
            }
        }
    }

    /// `if c { a } else { b }` used as a value: a temporary assigned in each branch.
    pub(super) fn if_value(&mut self, e: &Expr, out: &mut Vec<Stmt>) -> Operand {
        let t = self.temp(false);
        out.push(Stmt::Let(t, None));
        self.if_assign(e, t, out);
        Operand::Place(Place::var(t))
    }

    fn if_assign(&mut self, e: &Expr, t: usize, out: &mut Vec<Stmt>) {
        let Expr::If(i) = e else {
            let op = self.operand(e, out);
            out.push(Stmt::Assign(Place::var(t), Rhs::Copy(op)));
            return;
        };
        if let Some(m) = super::matching::if_let(i) {
            self.match_into(&m, Some(t), out);
            return;
        }
        let cond = self.opaque(&i.cond);
        let then = self.branch_value(&i.then_branch, t);
        let els = match &i.else_branch {
            Some((_, e2)) => match &**e2 {
                Expr::Block(b) => self.branch_value(&b.block, t),
                other => {
                    let mut v = Vec::new();
                    self.if_assign(other, t, &mut v);
                    crate::ir::Block(v)
                }
            },
            None => {
                self.errors
                    .spanned(e, "an `if` used as a value needs an `else` branch");
                crate::ir::Block::default()
            }
        };
        out.push(Stmt::If(cond, then, els));
    }

    fn branch_value(&mut self, b: &syn::Block, t: usize) -> crate::ir::Block {
        let mut v = Vec::new();
        if let Some(op) = self.scoped(|l| l.block_value(b, &mut v)) {
            v.push(Stmt::Assign(Place::var(t), Rhs::Copy(op)));
        }
        crate::ir::Block(v)
    }
}

/// `x[a..b]` (in parentheses or not).
fn range_index(e: &Expr) -> Option<&syn::ExprIndex> {
    match e {
        Expr::Index(ix) if matches!(&*ix.index, Expr::Range(_)) => Some(ix),
        Expr::Paren(p) => range_index(&p.expr),
        _ => None,
    }
}

fn unsupported_expr(e: &Expr) -> String {
    match e {
        Expr::Closure(_) => CLOSURE.into(),
        Expr::Unsafe(_) => UNSAFE.into(),
        Expr::Struct(_) => STRUCT.into(),
        Expr::Range(_) => "ranges are only supported as the iterable of a `for` loop".into(),
        Expr::Reference(_) => {
            "references are only supported as call arguments (`g(&x)`); copy the value instead"
                .into()
        }
        Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) => {
            "loops cannot be used as values; assign to a variable inside the loop".into()
        }
        Expr::Try(_) => "the `?` operator is not supported by `#[differentiate]`".into(),
        Expr::Async(_) | Expr::Await(_) => {
            "async code is not supported by `#[differentiate]`".into()
        }
        Expr::Tuple(_) => "the unit value `()` is not supported here".into(),
        _ => format!(
            "this expression is not supported by `#[differentiate]`: `{}`",
            quote::ToTokens::to_token_stream(e)
        ),
    }
}

/// `T::from(..)`, `f64::from(..)`, `T::zero()`, …
fn is_constructor_call(e: &Expr, s: &crate::types::ScalarTy) -> bool {
    match e {
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => {
                p.path.segments.len() >= 2
                    && is_scalar_path(&p.path, s)
                    && p.path
                        .segments
                        .last()
                        .is_some_and(|l| CONSTRUCTORS.contains(&l.ident.to_string().as_str()))
            }
            _ => false,
        },
        Expr::Paren(p) => is_constructor_call(&p.expr, s),
        _ => false,
    }
}

/// A path through the scalar type or a float trait: `T::sin`, `f64::max`, `Float::exp`.
fn is_scalar_path(path: &syn::Path, s: &crate::types::ScalarTy) -> bool {
    let n = path.segments.len();
    let owner = path.segments[n - 2].ident.to_string();
    owner == s.ty().to_string()
        || [
            "Float",
            "FloatConst",
            "NumCast",
            "Zero",
            "One",
            "Scalar",
            "Real",
            "f32",
            "f64",
        ]
        .contains(&owner.as_str())
}

/// The path of a callee's generated module as seen from the generated
/// module, which sits one level deeper: `self::` becomes `super::`, `super::`
/// becomes `super::super::` (a plain `g` resolves through `use super::*`).
pub(super) fn module_path(path: &syn::Path) -> syn::Path {
    let mut p = path.clone();
    if p.leading_colon.is_none() {
        if let Some(first) = p.segments.first() {
            let span = first.ident.span();
            if first.ident == "self" {
                p.segments[0].ident = syn::Ident::new("super", span);
            } else if first.ident == "super" {
                p.segments
                    .insert(0, syn::PathSegment::from(syn::Ident::new("super", span)));
            }
        }
    }
    p
}
