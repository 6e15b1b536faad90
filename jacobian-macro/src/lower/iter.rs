//! Iterator chains, closures and `for` loops over sequences, lowered to the index
//! loops the sweeps already reverse: a sequence is a length and a map from a
//! position `p` in `0..len` to an element (a place of an array, slice or `Vec`, a
//! value, a window, or a tuple of those). Adaptors are maps on positions
//! (`rev`: `len - 1 - p`, `skip(n)`: `p + n`, `step_by(k)`: `p * k`, …), `map` and
//! `filter` are evaluated at the element, and a consumer (`sum`, `product`,
//! `fold`, `collect`, `for_each`, a `for` loop) is one loop over the positions.
//! Elements are never copied: a closure's or a loop's parameter names the place
//! (`for y in out.iter_mut()` makes `*y` the place `out[p]`).

use std::rc::Rc;

use proc_macro2::{Ident, Span};
use syn::{Expr, Pat};

use super::{Binding, Closure, Lowerer, View};
use crate::emit::paths::JR;
use crate::ir::{Block, Opaque, OpaqueKind, Operand, Place, Proj, RangeSpec, Rhs, Stmt, Var};
use crate::rules::Prim;

pub(super) const CLOSURE_VALUE: &str =
    "a closure can only be called (`f(x)`) or passed to an iterator adaptor inside a `#[differentiate]` function";
pub(super) const VIEW_USE: &str = "a window or chunk can be indexed (`w[0]`), measured (`w.len()`) or iterated here, not used as a whole value";
const MOVE: &str = "`move` closures are not supported by `#[differentiate]`; drop `move` (the closure is inlined where it is called)";
const FILTERED: &str = "`.filter()` must come after `rev`, `skip`, `take`, `step_by`, `enumerate` and `zip` in a chain differentiated by `#[differentiate]` (its length is not known before it runs)";

/// `e` without parentheses, `*` and `&`: the name an alias is reached through.
pub(super) fn strip_derefs(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip_derefs(&p.expr),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => strip_derefs(&u.expr),
        Expr::Reference(r) => strip_derefs(&r.expr),
        _ => e,
    }
}

/// `e` without parentheses.
pub(super) fn strip_parens(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip_parens(&p.expr),
        _ => e,
    }
}

/// The expression of a place (`x[i].0`), its locals already renamed.
pub(super) fn place_expr(vars: &[Var], p: &Place) -> Expr {
    let root = &vars[p.var].ident;
    let mut e: Expr = syn::parse_quote!(#root);
    for proj in &p.proj {
        e = match proj {
            Proj::Index(o) => {
                let ix = &o.expr;
                syn::parse_quote!(#e[#ix])
            }
            Proj::Field(f) => syn::parse_quote!(#e.#f),
            Proj::Deref => syn::parse_quote!((*#e)),
        };
    }
    e
}

/// An opaque expression built from renamed parts: it reads what they read.
fn join(expr: Expr, parts: &[&Opaque]) -> Opaque {
    let mut reads: Vec<usize> = parts.iter().flat_map(|p| p.reads.iter().copied()).collect();
    reads.sort_unstable();
    reads.dedup();
    Opaque { expr, reads }
}

/// `::jacobian::__private::NAME(args)` over renamed parts.
fn runtime(name: &str, args: &[&Opaque]) -> Opaque {
    let f = Ident::new(name, Span::call_site());
    let a = args.iter().map(|o| &o.expr);
    join(syn::parse_quote!(#JR::#f(#(#a),*)), args)
}

/// An element of a sequence at a position.
#[derive(Clone)]
pub(super) enum Elem {
    /// A place of an array, slice or `Vec` (a name bound to it is an alias).
    Place(Place),
    /// A value: a closure's result, a position, a range's element.
    Value(Operand),
    /// A window or chunk.
    View(Box<View>),
    /// `zip` and `enumerate` elements.
    Tuple(Vec<Elem>),
}

/// Where the elements of a sequence come from.
enum Source {
    /// The elements of an array, slice or `Vec`.
    Place(Place),
    /// The elements of a container that carries no derivative.
    Value(Opaque),
    /// The elements of a window or chunk, or of a slice `&x[a..b]`.
    View(View),
    /// `a..b` or `a..=b`.
    Range(Opaque, Opaque, bool),
}

/// Something applied to elements: a closure, or a function named by a path.
#[derive(Clone)]
enum Callable {
    Closure(Rc<Closure>),
    Path(syn::Path),
}

/// A sequence: a length and an element at each position.
enum Seq {
    Source(Source),
    Rev(Box<Seq>),
    Skip(Box<Seq>, Opaque),
    Take(Box<Seq>, Opaque),
    StepBy(Box<Seq>, Opaque),
    Enumerate(Box<Seq>),
    Zip(Box<Seq>, Box<Seq>),
    Windows(Source, Opaque),
    Chunks(Source, Opaque),
    Map(Box<Seq>, Callable, Expr),
    Filter(Box<Seq>, Callable, Expr),
}

impl Seq {
    /// Contains a `filter`: its positions are not its elements.
    fn filtered(&self) -> bool {
        match self {
            Seq::Filter(..) => true,
            Seq::Map(s, ..) => s.filtered(),
            _ => false,
        }
    }
}

/// `chain.max_by(..)` or `chain.min_by(..)`.
pub(super) fn is_extremum(e: &Expr) -> bool {
    matches!(e, Expr::MethodCall(m) if (m.method == "max_by" || m.method == "min_by") && m.args.len() == 1)
}

/// Methods that end a chain.
pub(super) const CONSUMERS: &[&str] = &["sum", "product", "fold", "collect", "for_each"];

/// What a loop over positions runs at each element (and its position).
type AtElement<'k, 'e> = dyn FnMut(&mut Lowerer<'e>, Elem, &Opaque, &mut Vec<Stmt>) + 'k;

impl<'e> Lowerer<'e> {
    /// A chain ending in a consumer, as a right-hand side (`None`: `m` is not one).
    pub(super) fn consume(
        &mut self,
        e: &Expr,
        m: &syn::ExprMethodCall,
        out: &mut Vec<Stmt>,
    ) -> Option<Rhs> {
        let name = m.method.to_string();
        if !CONSUMERS.contains(&name.as_str()) {
            return None;
        }
        let Some(seq) = self.seq(&m.receiver, out) else {
            return Some(unit());
        };
        let rhs = match name.as_str() {
            "sum" | "product" => {
                let (prim, init) = if name == "sum" {
                    (Prim::Add, "zero")
                } else {
                    (Prim::Mul, "one")
                };
                let acc = self.temp(true);
                let init = self.neutral(m.turbofish.as_ref().and_then(first_type), init);
                out.push(Stmt::Let(acc, Some(init)));
                self.each_position(&seq, out, &mut |l, el, out| {
                    let Some(v) = l.elem_operand(el, e) else {
                        return;
                    };
                    let rhs = Rhs::Prim(prim, vec![Operand::Place(Place::var(acc)), v]);
                    out.push(Stmt::Assign(Place::var(acc), rhs));
                });
                Rhs::Copy(Operand::Place(Place::var(acc)))
            }
            "fold" if m.args.len() == 2 => {
                let Some(f) = self.callable(&m.args[1]) else {
                    return Some(unit());
                };
                let init = self.rhs(&m.args[0], out);
                let acc = self.temp(matches!(init, Rhs::Prim(..)));
                out.push(Stmt::Let(acc, Some(init)));
                self.each_position(&seq, out, &mut |l, el, out| {
                    let args = vec![Elem::Place(Place::var(acc)), el];
                    if let Some(v) = l.apply(&f, args, out, e) {
                        out.push(Stmt::Assign(Place::var(acc), Rhs::Copy(v)));
                    }
                });
                Rhs::Copy(Operand::Place(Place::var(acc)))
            }
            "collect" if m.args.is_empty() => {
                if seq.filtered() {
                    return Some(self.unsupported(e, "`.collect()` after `.filter()` is not supported by `#[differentiate]`; collect first and filter in a loop, or fold"));
                }
                let elem = m
                    .turbofish
                    .as_ref()
                    .and_then(first_type)
                    .and_then(vec_element);
                let len = self.seq_len(&seq);
                let t = self.temp(false);
                let Rhs::Opaque(zero, _) = self.neutral(elem, "zero") else {
                    unreachable!()
                };
                out.push(Stmt::Let(
                    t,
                    Some(Rhs::VecRepeat(Operand::Const(zero), len)),
                ));
                self.each_position_at(&seq, out, &mut |l, el, p, out| {
                    let Some(v) = l.elem_operand(el, e) else {
                        return;
                    };
                    let mut place = Place::var(t);
                    place.proj.push(Proj::Index(p.clone()));
                    out.push(Stmt::Assign(place, Rhs::Copy(v)));
                });
                Rhs::Copy(Operand::Place(Place::var(t)))
            }
            "for_each" if m.args.len() == 1 => {
                let Some(f) = self.callable(&m.args[0]) else {
                    return Some(unit());
                };
                self.each_position(&seq, out, &mut |l, el, out| {
                    l.apply_unit(&f, vec![el], out, e);
                });
                unit()
            }
            _ => {
                let msg = format!(
                    "`.{name}()` takes {} argument(s) here",
                    if name == "fold" {
                        2
                    } else if name == "for_each" {
                        1
                    } else {
                        0
                    }
                );
                self.unsupported(e, &msg)
            }
        };
        Some(rhs)
    }

    /// `chain.max_by(cmp).unwrap()` and `min_by`: the first element, then each
    /// later one taken when the comparison says so (`max_by` keeps the last of
    /// equal maxima and `min_by` the first, as the standard library does).
    pub(super) fn extremum(
        &mut self,
        e: &Expr,
        unwrap: &syn::ExprMethodCall,
        out: &mut Vec<Stmt>,
    ) -> Rhs {
        let Expr::MethodCall(m) = &*unwrap.receiver else {
            unreachable!("checked by is_extremum")
        };
        let max = m.method == "max_by";
        let (Some(seq), Some(cmp)) = (self.seq(&m.receiver, out), self.callable(&m.args[0])) else {
            return unit();
        };
        if seq.filtered() {
            return self.unsupported(e, "`.max_by()` and `.min_by()` after `.filter()` are not supported by `#[differentiate]`; fold instead");
        }
        let len = self.seq_len(&seq);
        let le = &len.expr;
        let check = join(
            syn::parse_quote!(
                ::core::assert!(#le > 0, "called `Option::unwrap()` on a `None` value")
            ),
            &[&len],
        );
        out.push(Stmt::Effect(check));
        let acc = self.temp(true);
        out.push(Stmt::Let(acc, None));
        self.each(&seq, &zero_index(), out, &mut |l, el, out| {
            if let Some(v) = l.elem_operand(el, e) {
                out.push(Stmt::Assign(Place::var(acc), Rhs::Copy(v)));
            }
        });
        let one = Opaque {
            expr: syn::parse_quote!(1usize),
            reads: Vec::new(),
        };
        let rest = Seq::Skip(Box::new(seq), one);
        let at = m.args[0].clone();
        self.each_position(&rest, out, &mut |l, el, out| {
            let args = vec![Elem::Place(Place::var(acc)), el.clone()];
            let order = l.inline_value(&cmp, args, out, &at);
            let oe = &order.expr;
            let cond = join(
                syn::parse_quote!(#oe == ::core::cmp::Ordering::Greater),
                &[&order],
            );
            let Some(v) = l.elem_operand(el, e) else {
                return;
            };
            let take = vec![Stmt::Assign(Place::var(acc), Rhs::Copy(v))];
            let (then, els) = if max {
                (Vec::new(), take)
            } else {
                (take, Vec::new())
            };
            out.push(Stmt::If(cond, Block(then), Block(els)));
        });
        Rhs::Copy(Operand::Place(Place::var(acc)))
    }

    /// `for pat in seq { body }` over anything but a plain integer range.
    pub(super) fn for_sequence(&mut self, f: &syn::ExprForLoop, out: &mut Vec<Stmt>) {
        let Some(seq) = self.seq(&f.expr, out) else {
            return;
        };
        self.each_position(&seq, out, &mut |l, el, out| {
            l.scoped(|l| {
                l.bind_pat(&f.pat, el, out);
                for s in &f.body.stmts {
                    l.stmt(s, out);
                }
            });
        });
    }

    /// The zero or one a sum, product or collected `Vec` starts from: of `ty` when
    /// the turbofish names one, else of the function's float type.
    fn neutral(&mut self, ty: Option<syn::Type>, which: &str) -> Rhs {
        let f = Ident::new(which, Span::call_site());
        let (ty, kind) = match ty {
            Some(t) if crate::types::is_discrete(&t) => (quote::quote!(#t), OpaqueKind::Discrete),
            _ => (self.scalar.ty(), OpaqueKind::RealConst),
        };
        let trait_ = if which == "zero" {
            quote::quote!(Zero)
        } else {
            quote::quote!(One)
        };
        let expr = syn::parse_quote!(<#ty as #JR::#trait_>::#f());
        Rhs::Opaque(
            Opaque {
                expr,
                reads: Vec::new(),
            },
            kind,
        )
    }

    /// Lowers a chain to a sequence, or reports why it cannot be one.
    fn seq(&mut self, e: &Expr, out: &mut Vec<Stmt>) -> Option<Seq> {
        self.seq_of(e, true, out)
    }

    /// [`Self::seq`]; `by_value` when the chain starts by iterating a value itself
    /// (`for v in a`, `a.into_iter()`), which iterates a copy of it.
    fn seq_of(&mut self, e: &Expr, by_value: bool, out: &mut Vec<Stmt>) -> Option<Seq> {
        let Expr::MethodCall(m) = e else {
            return match e {
                Expr::Paren(p) => self.seq_of(&p.expr, by_value, out),
                Expr::Reference(r) => self.seq_of(&r.expr, false, out),
                _ => {
                    let s = self.source(e, out)?;
                    Some(Seq::Source(if by_value { self.copied(s, out) } else { s }))
                }
            };
        };
        let name = m.method.to_string();
        let arg = |l: &mut Self, k: usize| l.opaque(&m.args[k]);
        let argc = m.args.len();
        let by_ref = matches!(name.as_str(), "iter" | "iter_mut" | "windows" | "chunks");
        let inner = |l: &mut Self, out: &mut Vec<Stmt>| -> Option<Box<Seq>> {
            let s = l.seq_of(&m.receiver, by_value && !by_ref, out)?;
            if s.filtered() && !matches!(name.as_str(), "map" | "filter" | "copied" | "cloned") {
                l.errors.spanned(&m.method, FILTERED);
                return None;
            }
            Some(Box::new(s))
        };
        Some(match (name.as_str(), argc) {
            ("iter" | "iter_mut" | "into_iter" | "copied" | "cloned", 0) => *inner(self, out)?,
            ("rev", 0) => Seq::Rev(inner(self, out)?),
            ("enumerate", 0) => Seq::Enumerate(inner(self, out)?),
            ("skip", 1) => Seq::Skip(inner(self, out)?, arg(self, 0)),
            ("take", 1) => Seq::Take(inner(self, out)?, arg(self, 0)),
            ("step_by", 1) => Seq::StepBy(inner(self, out)?, arg(self, 0)),
            ("zip", 1) => {
                let a = inner(self, out)?;
                let b = self.seq(&m.args[0], out)?;
                if b.filtered() {
                    self.errors.spanned(&m.args[0], FILTERED);
                    return None;
                }
                Seq::Zip(a, Box::new(b))
            }
            ("map", 1) => Seq::Map(
                inner(self, out)?,
                self.callable(&m.args[0])?,
                m.args[0].clone(),
            ),
            ("filter", 1) => Seq::Filter(
                inner(self, out)?,
                self.callable(&m.args[0])?,
                m.args[0].clone(),
            ),
            ("windows" | "chunks", 1) => {
                let Seq::Source(src @ (Source::Place(_) | Source::View(_))) = *inner(self, out)?
                else {
                    self.errors.spanned(
                        &m.method,
                        format!("`.{name}()` is supported on arrays, slices and `Vec`s of floats"),
                    );
                    return None;
                };
                let k = arg(self, 0);
                if name == "windows" {
                    Seq::Windows(src, k)
                } else {
                    Seq::Chunks(src, k)
                }
            }
            _ => {
                self.errors.spanned(&m.method, format!("`.{name}()` is not supported in an iterator chain by `#[differentiate]`; the supported adaptors are `iter`, `iter_mut`, `into_iter`, `copied`, `cloned`, `rev`, `skip`, `take`, `step_by`, `enumerate`, `zip`, `map`, `filter`, `windows` and `chunks`, ending in `sum`, `product`, `fold`, `collect`, `for_each`, `max_by(..).unwrap()`, `min_by(..).unwrap()` or a `for` loop"));
                return None;
            }
        })
    }

    /// A source iterated by value: a local array or `Vec` (which the loop's body may
    /// write) is copied first, as Rust iterates a copy; a reference parameter is
    /// not (nothing writes through it).
    fn copied(&mut self, s: Source, out: &mut Vec<Stmt>) -> Source {
        let Source::Place(p) = s else { return s };
        if matches!(self.vars[p.var].ty, Some(syn::Type::Reference(_))) {
            return Source::Place(p);
        }
        let t = self.temp(false);
        out.push(Stmt::Let(t, Some(Rhs::Copy(Operand::Place(p)))));
        Source::Place(Place::var(t))
    }

    /// The elements an expression iterates over.
    fn source(&mut self, e: &Expr, out: &mut Vec<Stmt>) -> Option<Source> {
        match e {
            Expr::Paren(p) => return self.source(&p.expr, out),
            Expr::Reference(r) => return self.source(&r.expr, out),
            Expr::Range(r) => {
                let (Some(a), Some(b)) = (&r.start, &r.end) else {
                    self.errors
                        .spanned(e, "iterate over a bounded range such as `0..n`");
                    return None;
                };
                let inclusive = matches!(r.limits, syn::RangeLimits::Closed(_));
                return Some(Source::Range(self.opaque(a), self.opaque(b), inclusive));
            }
            Expr::Index(ix) if matches!(&*ix.index, Expr::Range(_)) => {
                return self.slice(ix, out).map(Source::View)
            }
            _ => {}
        }
        match self.binding_of(e) {
            Some(Binding::View(v)) => return Some(Source::View((**v).clone())),
            Some(Binding::Const(o)) => return Some(Source::Value(o.clone())),
            _ => {}
        }
        match self.operand(e, out) {
            Operand::Place(p) => Some(Source::Place(p)),
            Operand::Const(c) => Some(Source::Value(c)),
        }
    }

    /// `x[a..b]`, `x[a..]`, `x[..b]`, `x[..]`: a view of `x`.
    pub(super) fn slice(&mut self, ix: &syn::ExprIndex, out: &mut Vec<Stmt>) -> Option<View> {
        let Expr::Range(r) = &*ix.index else {
            return None;
        };
        let parent = match self.source(&ix.expr, out)? {
            s @ Source::Place(_) => self.source_view(&s),
            Source::View(v) => v,
            _ => {
                self.errors.spanned(
                    ix,
                    "slices of ranges or of values without derivatives are not supported here",
                );
                return None;
            }
        };
        let start = r.start.as_ref().map_or_else(zero_index, |a| self.opaque(a));
        let end = match &r.end {
            Some(b) => {
                let b = self.opaque(b);
                if matches!(r.limits, syn::RangeLimits::Closed(_)) {
                    let x = &b.expr;
                    join(syn::parse_quote!((#x + 1)), &[&b])
                } else {
                    b
                }
            }
            None => parent.len.clone(),
        };
        let (s, off) = (&start.expr, &parent.offset.expr);
        Some(View {
            len: runtime("slice_len", &[&start, &end, &parent.len]),
            offset: join(syn::parse_quote!((#off + #s)), &[&start, &parent.offset]),
            base: parent.base,
        })
    }

    /// `let name = &x[a..b];`: a view of a place, or a slice of a value without
    /// derivatives standing for itself.
    pub(super) fn bind_slice(
        &mut self,
        name: &Ident,
        r: &syn::ExprReference,
        ix: &syn::ExprIndex,
        out: &mut Vec<Stmt>,
    ) {
        let b = match self.source(&ix.expr, out) {
            Some(Source::Value(_)) => Binding::Const(self.opaque(&Expr::Reference(r.clone()))),
            Some(_) => match self.slice(ix, out) {
                Some(v) => Binding::View(Box::new(v)),
                None => return,
            },
            None => return,
        };
        self.bind(name.to_string(), b);
    }

    /// A closure or a function path given to an adaptor.
    fn callable(&mut self, e: &Expr) -> Option<Callable> {
        match e {
            Expr::Closure(c) => {
                if c.capture.is_some() {
                    self.errors.spanned(c.capture, MOVE);
                    return None;
                }
                Some(Callable::Closure(Rc::new(Closure {
                    expr: c.clone(),
                    scopes: self.scopes.clone(),
                })))
            }
            Expr::Path(p) => match self.binding_of(e) {
                Some(Binding::Closure(c)) => Some(Callable::Closure(c.clone())),
                Some(_) => {
                    self.errors
                        .spanned(e, "this is a variable, not a function or closure");
                    None
                }
                None => Some(Callable::Path(p.path.clone())),
            },
            Expr::Paren(p) => self.callable(&p.expr),
            _ => {
                self.errors.spanned(
                    e,
                    "pass a closure (`|x| ..`) or the name of a function here",
                );
                None
            }
        }
    }

    /// `let f = |..| ..;`: binds the closure, to be inlined where it is called.
    pub(super) fn bind_closure(&mut self, name: &Ident, c: &syn::ExprClosure) {
        if c.capture.is_some() {
            self.errors.spanned(c.capture, MOVE);
        }
        let closure = Closure {
            expr: c.clone(),
            scopes: self.scopes.clone(),
        };
        self.bind(name.to_string(), Binding::Closure(Rc::new(closure)));
    }

    /// A call of a closure bound with `let` (`None`: `func` is not one).
    pub(super) fn call_closure(
        &mut self,
        func: &Expr,
        args: &syn::punctuated::Punctuated<Expr, syn::Token![,]>,
        out: &mut Vec<Stmt>,
        e: &Expr,
    ) -> Option<Rhs> {
        let Some(Binding::Closure(c)) = self.binding_of(func).cloned() else {
            return None;
        };
        let elems = args
            .iter()
            .map(|a| match self.operand(a, out) {
                Operand::Place(p) => Elem::Place(p),
                c => Elem::Value(c),
            })
            .collect();
        let value = self.apply(&Callable::Closure(c), elems, out, e);
        Some(value.map_or_else(unit, Rhs::Copy))
    }

    /// The value of `f` applied to `args` (`None` after an error or for a closure without a value).
    fn apply(
        &mut self,
        f: &Callable,
        args: Vec<Elem>,
        out: &mut Vec<Stmt>,
        at: &Expr,
    ) -> Option<Operand> {
        match f {
            Callable::Closure(c) => self.inline(c, args, out, at, |l, body, out| match body {
                Expr::Block(b) if b.label.is_none() => l.block_value(&b.block, out),
                body => Some(l.operand(body, out)),
            }),
            Callable::Path(path) => {
                let call = self.path_call(path, args, out);
                Some(self.operand(&call, out))
            }
        }
    }

    /// `f` applied for its effects (`for_each`).
    fn apply_unit(&mut self, f: &Callable, args: Vec<Elem>, out: &mut Vec<Stmt>, at: &Expr) {
        match f {
            Callable::Closure(c) => {
                self.inline(c, args, out, at, |l, body, out| {
                    match body {
                        Expr::Block(b) if b.label.is_none() => {
                            l.scoped(|l| b.block.stmts.iter().for_each(|s| l.stmt(s, out)));
                        }
                        body => l.expr_stmt(body, out),
                    }
                    None::<()>
                });
            }
            Callable::Path(path) => {
                let call = self.path_call(path, args, out);
                self.expr_stmt(&call, out);
            }
        }
    }

    /// The condition of a `filter` at an element.
    fn predicate(&mut self, f: &Callable, arg: Elem, out: &mut Vec<Stmt>, at: &Expr) -> Opaque {
        self.inline_value(f, vec![arg], out, at)
    }

    /// The value of `f` at `args` as an expression without derivatives (a
    /// condition, an `Ordering`).
    fn inline_value(
        &mut self,
        f: &Callable,
        args: Vec<Elem>,
        out: &mut Vec<Stmt>,
        at: &Expr,
    ) -> Opaque {
        let cond = match f {
            Callable::Closure(c) => self.inline(c, args, out, at, |l, body, out| match body {
                Expr::Block(b) if b.label.is_none() => {
                    let (last, init) = b.block.stmts.split_last()?;
                    init.iter().for_each(|s| l.stmt(s, out));
                    match last {
                        syn::Stmt::Expr(e, None) => Some(Operand::Const(l.opaque(e))),
                        _ => None,
                    }
                }
                body => Some(Operand::Const(l.opaque(body))),
            }),
            Callable::Path(path) => {
                let call = self.path_call(path, args, out);
                Some(Operand::Const(self.opaque(&call)))
            }
        };
        match cond {
            Some(Operand::Const(c)) => c,
            _ => {
                self.errors
                    .spanned(at, "a `filter` closure must end with a condition");
                super::expr::dummy()
            }
        }
    }

    /// Runs `body` on a closure's body with its parameters bound to `args`, in the
    /// scopes the closure was written in.
    fn inline<T>(
        &mut self,
        c: &Closure,
        args: Vec<Elem>,
        out: &mut Vec<Stmt>,
        at: &Expr,
        body: impl FnOnce(&mut Self, &Expr, &mut Vec<Stmt>) -> Option<T>,
    ) -> Option<T> {
        if c.expr.inputs.len() != args.len() {
            let msg = format!(
                "this closure takes {} argument(s) but is called with {}",
                c.expr.inputs.len(),
                args.len()
            );
            self.errors.spanned(at, msg);
            return None;
        }
        let saved = std::mem::replace(&mut self.scopes, c.scopes.clone());
        self.scopes.push(Vec::new());
        for (p, a) in c.expr.inputs.iter().zip(args) {
            self.bind_pat(p, a, out);
        }
        let value = body(self, &c.expr.body, out);
        self.scopes = saved;
        value
    }

    /// `path(a0, a1, ..)` with each argument bound to a fresh name.
    fn path_call(&mut self, path: &syn::Path, args: Vec<Elem>, out: &mut Vec<Stmt>) -> Expr {
        let names: Vec<Ident> = (0..args.len())
            .map(|k| Ident::new(&format!("__arg{k}_{}", self.vars.len()), Span::mixed_site()))
            .collect();
        for (n, a) in names.iter().zip(args) {
            let pat: Pat = syn::parse_quote!(#n);
            self.bind_pat(&pat, a, out);
        }
        syn::parse_quote!(#path(#(#names),*))
    }

    /// Binds a closure's or loop's parameter pattern to an element.
    pub(super) fn bind_pat(&mut self, pat: &Pat, el: Elem, out: &mut Vec<Stmt>) {
        match (pat, el) {
            (Pat::Type(t), el) => self.bind_pat(&t.pat, el, out),
            (Pat::Paren(p), el) => self.bind_pat(&p.pat, el, out),
            (Pat::Reference(r), el) => self.bind_pat(&r.pat, el, out),
            (Pat::Wild(_), _) => {}
            (Pat::Ident(pi), el) if pi.by_ref.is_none() && pi.subpat.is_none() => match el {
                Elem::View(v) => self.bind(pi.ident.to_string(), Binding::View(v)),
                Elem::Tuple(_) => self.errors.spanned(pat, "this element is a tuple: bind it with a tuple pattern such as `(i, x)`"),
                // An element of a container (which the iteration borrows) or a
                // temporary (never written again) is named, not copied; a closure's
                // result that is a user's variable is copied (the body may write it).
                Elem::Place(p) if pi.mutability.is_none() => {
                    self.bind(pi.ident.to_string(), Binding::Alias(p));
                }
                Elem::Value(Operand::Place(p)) if pi.mutability.is_none() && self.is_temp(p.var) => {
                    self.bind(pi.ident.to_string(), Binding::Alias(p));
                }
                Elem::Place(p) => {
                    let v = self.declare(&pi.ident, None);
                    out.push(Stmt::Let(v, Some(Rhs::Copy(Operand::Place(p)))));
                }
                // A value without derivatives (a position, an element of a constant
                // table) stands for itself: nothing is copied.
                Elem::Value(Operand::Const(o)) if pi.mutability.is_none() && self.fixed(&o) => {
                    self.bind(pi.ident.to_string(), Binding::Const(o));
                }
                Elem::Value(c) => {
                    let v = self.declare(&pi.ident, None);
                    out.push(Stmt::Let(v, Some(Rhs::Copy(c))));
                }
            },
            (Pat::Tuple(t), Elem::Tuple(es)) if t.elems.len() == es.len() => {
                for (p, e) in t.elems.iter().zip(es) {
                    self.bind_pat(p, e, out);
                }
            }
            (Pat::Slice(s), Elem::View(v)) => {
                self.errors.spanned(s, "slice patterns on windows are not supported; index the window (`w[0]`)");
                let _ = v;
            }
            _ => self.errors.spanned(pat, "this pattern does not match the element here; bind a name, `&name`, or a tuple `(a, b)` for `zip` and `enumerate`"),
        }
    }

    /// A variable of the lowering (a temporary, a position): never written after a
    /// name is bound to it.
    fn is_temp(&self, v: usize) -> bool {
        self.vars[v].lowered
    }

    /// An expression reading only the lowering's variables and parameters not
    /// declared `mut`: its value cannot change while a name stands for it.
    fn fixed(&self, o: &Opaque) -> bool {
        o.reads
            .iter()
            .all(|&v| self.vars[v].lowered || self.fixed_params.contains(&v))
    }

    /// An element as an operand of arithmetic.
    fn elem_operand(&mut self, el: Elem, at: &Expr) -> Option<Operand> {
        match el {
            Elem::Place(p) => Some(Operand::Place(p)),
            Elem::Value(v) => Some(v),
            Elem::View(_) | Elem::Tuple(_) => {
                self.errors.spanned(
                    at,
                    "the elements here are tuples or windows: `.map()` them to numbers first",
                );
                None
            }
        }
    }

    /// A loop over the positions of `seq`, `k` run at each element.
    fn each_position(
        &mut self,
        seq: &Seq,
        out: &mut Vec<Stmt>,
        k: &mut dyn FnMut(&mut Self, Elem, &mut Vec<Stmt>),
    ) {
        self.each_position_at(seq, out, &mut |l, el, _, out| k(l, el, out));
    }

    /// [`Self::each_position`], `k` also given the position.
    fn each_position_at(&mut self, seq: &Seq, out: &mut Vec<Stmt>, k: &mut AtElement<'_, 'e>) {
        let len = self.seq_len(seq);
        self.scoped(|l| {
            let p = l.declare(&Ident::new("__p", Span::mixed_site()), None);
            l.vars[p].lowered = true;
            let ident = &l.vars[p].ident;
            let at = Opaque {
                expr: syn::parse_quote!(#ident),
                reads: vec![p],
            };
            let mut body = Vec::new();
            l.loops += 1;
            l.each(seq, &at, &mut body, &mut |l, el, out| k(l, el, &at, out));
            l.loops -= 1;
            let range = RangeSpec {
                start: zero_index(),
                end: len,
                inclusive: false,
                ops: Vec::new(),
            };
            out.push(Stmt::For(p, range, Block(body)));
        });
    }

    /// The number of positions of `seq` (a filtered sequence: of what it filters).
    fn seq_len(&mut self, seq: &Seq) -> Opaque {
        match seq {
            Seq::Source(s) => self.source_len(s),
            Seq::Rev(s) | Seq::Enumerate(s) | Seq::Map(s, ..) | Seq::Filter(s, ..) => {
                self.seq_len(s)
            }
            Seq::Skip(s, n) => {
                let l = self.seq_len(s);
                let (a, b) = (&l.expr, &n.expr);
                join(syn::parse_quote!(#a.saturating_sub(#b)), &[&l, n])
            }
            Seq::Take(s, n) => {
                let l = self.seq_len(s);
                let (a, b) = (&l.expr, &n.expr);
                join(syn::parse_quote!(::core::cmp::min(#a, #b)), &[&l, n])
            }
            Seq::StepBy(s, k) => {
                let l = self.seq_len(s);
                runtime("step_len", &[&l, k])
            }
            Seq::Zip(a, b) => {
                let (la, lb) = (self.seq_len(a), self.seq_len(b));
                let (x, y) = (&la.expr, &lb.expr);
                join(syn::parse_quote!(::core::cmp::min(#x, #y)), &[&la, &lb])
            }
            Seq::Windows(s, k) => {
                let l = self.source_len(s);
                runtime("windows_len", &[&l, k])
            }
            Seq::Chunks(s, k) => {
                let l = self.source_len(s);
                runtime("chunks_len", &[&l, k])
            }
        }
    }

    fn source_len(&mut self, s: &Source) -> Opaque {
        match s {
            Source::Place(p) => {
                let whole = self.place_opaque(p);
                let x = &whole.expr;
                join(syn::parse_quote!(#x.len()), &[&whole])
            }
            Source::Value(o) => {
                let x = &o.expr;
                join(syn::parse_quote!((#x).len()), &[o])
            }
            Source::View(v) => v.len.clone(),
            Source::Range(a, b, inclusive) => runtime(
                if *inclusive {
                    "range_len_inclusive"
                } else {
                    "range_len"
                },
                &[a, b],
            ),
        }
    }

    /// Runs `k` on the element of `seq` at position `p`.
    fn each(
        &mut self,
        seq: &Seq,
        p: &Opaque,
        out: &mut Vec<Stmt>,
        k: &mut dyn FnMut(&mut Self, Elem, &mut Vec<Stmt>),
    ) {
        let pe = &p.expr;
        match seq {
            Seq::Source(s) => {
                let el = self.source_at(s, p);
                k(self, el, out);
            }
            Seq::Rev(s) => {
                let l = self.seq_len(s);
                let le = &l.expr;
                let q = join(syn::parse_quote!((#le - 1 - #pe)), &[&l, p]);
                self.each(s, &q, out, k);
            }
            Seq::Skip(s, n) => {
                let ne = &n.expr;
                let q = join(syn::parse_quote!((#pe + #ne)), &[p, n]);
                self.each(s, &q, out, k);
            }
            Seq::Take(s, _) => self.each(s, p, out, k),
            Seq::StepBy(s, n) => {
                let ne = &n.expr;
                let q = join(syn::parse_quote!((#pe * #ne)), &[p, n]);
                self.each(s, &q, out, k);
            }
            Seq::Enumerate(s) => {
                let pos = p.clone();
                self.each(s, p, out, &mut |l, el, out| {
                    k(
                        l,
                        Elem::Tuple(vec![Elem::Value(Operand::Const(pos.clone())), el]),
                        out,
                    );
                });
            }
            Seq::Zip(a, b) => {
                self.each(a, p, out, &mut |l, ea, out| {
                    l.each(b, p, out, &mut |l, eb, out| {
                        k(l, Elem::Tuple(vec![ea.clone(), eb]), out)
                    });
                });
            }
            Seq::Windows(s, n) | Seq::Chunks(s, n) => {
                let View { base, offset, len } = self.source_view(s);
                let (ne, oe, le) = (&n.expr, &offset.expr, &len.expr);
                let view = if matches!(seq, Seq::Windows(..)) {
                    View {
                        base,
                        offset: join(syn::parse_quote!((#oe + #pe)), &[&offset, p]),
                        len: n.clone(),
                    }
                } else {
                    View {
                        base,
                        offset: join(syn::parse_quote!((#oe + #pe * #ne)), &[&offset, p, n]),
                        len: join(
                            syn::parse_quote!(::core::cmp::min(#ne, #le - #pe * #ne)),
                            &[&len, p, n],
                        ),
                    }
                };
                k(self, Elem::View(Box::new(view)), out);
            }
            Seq::Map(s, f, at) => {
                self.each(s, p, out, &mut |l, el, out| {
                    if let Some(v) = l.apply(f, vec![el], out, at) {
                        k(l, Elem::Value(v), out);
                    }
                });
            }
            Seq::Filter(s, f, at) => {
                self.each(s, p, out, &mut |l, el, out| {
                    let cond = l.predicate(f, el.clone(), out, at);
                    let mut then = Vec::new();
                    k(l, el, &mut then);
                    out.push(Stmt::If(cond, Block(then), Block::default()));
                });
            }
        }
    }

    /// The element of a source at position `p`.
    fn source_at(&mut self, s: &Source, p: &Opaque) -> Elem {
        let pe = &p.expr;
        match s {
            Source::Place(base) => {
                let mut place = base.clone();
                place.proj.push(Proj::Index(p.clone()));
                Elem::Place(place)
            }
            Source::Value(o) => {
                let x = &o.expr;
                Elem::Value(Operand::Const(join(syn::parse_quote!((#x)[#pe]), &[o, p])))
            }
            Source::View(v) => {
                let oe = &v.offset.expr;
                let mut place = v.base.clone();
                place.proj.push(Proj::Index(join(
                    syn::parse_quote!((#oe + #pe)),
                    &[&v.offset, p],
                )));
                Elem::Place(place)
            }
            Source::Range(a, _, _) => Elem::Value(Operand::Const(runtime("range_at", &[a, p]))),
        }
    }

    /// A place as an opaque expression reading it.
    fn place_opaque(&self, p: &Place) -> Opaque {
        let mut reads = vec![p.var];
        reads.extend(p.index_reads());
        Opaque {
            expr: place_expr(&self.vars, p),
            reads,
        }
    }

    /// A window source as a view of its base.
    fn source_view(&mut self, s: &Source) -> View {
        match s {
            Source::View(v) => v.clone(),
            Source::Place(p) => View {
                len: self.source_len(s),
                offset: zero_index(),
                base: p.clone(),
            },
            _ => unreachable!("windows are taken of places and views only"),
        }
    }
}

/// `()`: the value of a consumer run for its effects.
fn unit() -> Rhs {
    Rhs::Opaque(
        Opaque {
            expr: syn::parse_quote!(()),
            reads: Vec::new(),
        },
        OpaqueKind::Discrete,
    )
}

/// `0usize`.
fn zero_index() -> Opaque {
    Opaque {
        expr: syn::parse_quote!(0usize),
        reads: Vec::new(),
    }
}

/// The first generic argument of a turbofish (`sum::<f64>()`).
fn first_type(t: &syn::AngleBracketedGenericArguments) -> Option<syn::Type> {
    match t.args.first()? {
        syn::GenericArgument::Type(ty) => Some(ty.clone()),
        _ => None,
    }
}

/// `T` of `Vec<T>` (`None` for `Vec<_>`).
fn vec_element(t: syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(p) = t else { return None };
    let last = p.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(a) = &last.arguments else {
        return None;
    };
    first_type(a).filter(|t| !matches!(t, syn::Type::Infer(_)))
}
