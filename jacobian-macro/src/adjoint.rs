//! The adjoint (reverse-mode) transform, with no tape.
//!
//! The forward sweep is the primal code on hoisted locals; before a value the
//! reverse sweep needs is overwritten it is saved: in a local slot outside
//! loops, on the typed [`Stack`](../../jacobian_runtime) inside them. The
//! reverse sweep walks the statements backwards; for `y = p(a, b)` it takes
//! ȳ, restores `y`'s previous value, and adds `ȳ·∂y/∂a` to ā and `ȳ·∂y/∂b`
//! to b̄, replaying branches and loops from the recorded conditions and counts.

use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::analyze::{self, assignment, rhs_active, Storage};
use crate::exits::AdjointForm;
use crate::ir::{Block, Operand, Place, Rhs, Stmt};
use crate::rules;
use crate::sweep::{self, local, Copy, Ctx};
use crate::tangent::{primal, primal_args};

/// Where an overwritten value is kept.
#[derive(Clone)]
enum Save {
    Slot(Ident),
    Stack,
}

/// Values of one primitive snapshot for its partials: operand positions and the result.
#[derive(Default)]
struct Snap {
    operands: Vec<(usize, Save)>,
    result: Option<Save>,
}

/// The adjoint sweep of one function.
pub struct Adjoint<'a> {
    ctx: &'a Ctx<'a>,
    storage: &'a Storage,
    saves: HashMap<usize, Save>,
    snaps: HashMap<usize, Snap>,
    slots: usize,
    stack: Ident,
    constant: Vec<bool>,
    assigned_once: Vec<bool>,
}

fn key(s: &Stmt) -> usize {
    std::ptr::from_ref(s) as usize
}

impl<'a> Adjoint<'a> {
    /// Plans the storage of `form` (in `ctx`) given what the reverse sweep reads.
    pub fn new(ctx: &'a Ctx<'a>, storage: &'a Storage, stack: Ident) -> Self {
        let mut a = Adjoint {
            ctx,
            storage,
            saves: HashMap::new(),
            snaps: HashMap::new(),
            slots: 0,
            stack,
            constant: analyze::constants(ctx.f),
            assigned_once: analyze::never_reassigned(ctx.f),
        };
        a.plan(&ctx.f.body, 0);
        a
    }

    /// A stack entry inside loops, a local slot outside them.
    fn save_at(&mut self, depth: usize) -> Save {
        if depth > 0 {
            Save::Stack
        } else {
            self.slots += 1;
            Save::Slot(format_ident!(
                "__s{}",
                self.slots,
                span = proc_macro2::Span::mixed_site()
            ))
        }
    }

    fn plan(&mut self, b: &Block, depth: usize) {
        for s in &b.0 {
            self.plan_snap(s, depth);
            match s {
                // A `let` in a loop that always binds the same value, and is never
                // reassigned, leaves nothing to restore.
                Stmt::Let(v, Some(rhs))
                    if self.storage.restore[*v]
                        && depth > 0
                        && !(self.assigned_once[*v] && analyze::invariant(rhs, &self.constant)) =>
                {
                    self.saves.insert(key(s), Save::Stack);
                }
                Stmt::Assign(p, _) if self.storage.restore[p.var] => {
                    let save = self.save_at(depth);
                    self.saves.insert(key(s), save);
                }
                Stmt::If(_, a, b) => {
                    self.plan(a, depth);
                    self.plan(b, depth);
                }
                Stmt::ForProg { body, .. } | Stmt::LoopCounted { body, .. } => {
                    self.plan(body, depth + 1)
                }
                _ => {}
            }
        }
    }

    /// Snapshots for an active primitive reading values of snapshot variables.
    fn plan_snap(&mut self, s: &Stmt, depth: usize) {
        let Some((place, Rhs::Prim(p, ops))) = assignment(s) else {
            return;
        };
        let rule = rules::rule(*p);
        if !self.ctx.active(place.var)
            || !rhs_active(&Rhs::Prim(*p, ops.clone()), self.ctx.active)
            || rule.linear()
        {
            return;
        }
        let act: Vec<bool> = ops.iter().map(|o| self.ctx.op_active(o)).collect();
        let mut snap = Snap::default();
        for (k, op) in ops.iter().enumerate() {
            if rules::reads_operand(*p, k, &act)
                && op.place().is_some_and(|q| self.storage.snap[q.var])
                && !rule.discrete.contains(&k)
            {
                let save = self.save_at(depth);
                snap.operands.push((k, save));
            }
        }
        if rules::reads_result(*p, &act) && self.storage.snap[place.var] {
            snap.result = Some(self.save_at(depth));
        }
        if !snap.operands.is_empty() || snap.result.is_some() {
            self.snaps.insert(key(s), snap);
        }
    }

    fn push(&self, save: &Save, value: &TokenStream) -> TokenStream {
        let st = &self.stack;
        match save {
            Save::Slot(i) => quote!(#i = #value;),
            Save::Stack => quote!(#st.push_real(#value);),
        }
    }

    fn pop(&self, save: &Save, local: &Ident) -> TokenStream {
        let st = &self.stack;
        match save {
            Save::Slot(i) => quote!(let #local = #i;),
            Save::Stack => quote!(let #local = #st.pop_real();),
        }
    }

    /// The whole body: declarations, forward sweep, seed, reverse sweep.
    /// `ybar` is an expression of type `&Out`; afterwards the value is in
    /// `__out` and the cotangents in the parameters' adjoint variables.
    pub fn body(&self, form: &AdjointForm, ybar: &TokenStream) -> TokenStream {
        let f = self.ctx.f;
        let params: Vec<usize> = f.params.iter().map(|p| p.var).collect();
        let hoisted = (0..f.vars.len()).filter(|v| !params.contains(v)).map(|v| {
            let x = f.ident(v);
            let init = quote::quote_spanned!(f.vars[v].span=> ::jacobian::__private::Init::init());
            match &f.vars[v].ty {
                Some(t) => quote!(let mut #x: #t = #init;),
                None => quote!(let mut #x = #init;),
            }
        });
        let snap_saves = self
            .snaps
            .values()
            .flat_map(|s| s.operands.iter().map(|(_, v)| v).chain(&s.result));
        let slots = self
            .saves
            .values()
            .chain(snap_saves)
            .filter_map(|s| match s {
                Save::Slot(i) => Some(quote!(let mut #i = ::jacobian::__private::Init::init();)),
                Save::Stack => None,
            });
        let forward = self.forward(&f.body);
        let ret = f.ident(form.ret);
        let out = local("__out");
        let adjoints = (0..f.vars.len()).filter(|v| self.ctx.active(*v)).map(|v| {
            let (x, xb) = (f.ident(v), sweep::adjoint_ident(f, v));
            let zero = self.ctx.zero_tangent(&quote!(#x));
            quote!(let mut #xb = #zero;)
        });
        let seed = self.ctx.active(form.ret).then(|| {
            let rb = sweep::adjoint_ident(f, form.ret);
            quote!(#rb = ::core::clone::Clone::clone(#ybar);)
        });
        let reverse = self.reverse(&f.body);
        quote! {
            #(#hoisted)*
            #(#slots)*
            #forward
            let #out = ::core::clone::Clone::clone(&#ret);
            #(#adjoints)*
            #seed
            #reverse
        }
    }

    fn forward(&self, b: &Block) -> TokenStream {
        b.0.iter().map(|s| self.forward_stmt(s)).collect()
    }

    fn forward_stmt(&self, s: &Stmt) -> TokenStream {
        let ctx = self.ctx;
        if let Some((place, rhs)) = assignment(s) {
            let x = ctx.place(&place, Copy::Primal);
            let save = self.saves.get(&key(s)).map(|save| match save {
                Save::Slot(i) => quote!(#i = ::core::clone::Clone::clone(&#x);),
                Save::Stack => {
                    let st = &self.stack;
                    quote!(::jacobian::__private::Store::save(&#x, #st);)
                }
            });
            let p = primal(ctx, rhs);
            let (mut before, mut after) = (TokenStream::new(), TokenStream::new());
            if let (Some(snap), Rhs::Prim(_, ops)) = (self.snaps.get(&key(s)), rhs) {
                for (k, save) in &snap.operands {
                    before.extend(self.push(save, &ctx.value(&ops[*k])));
                }
                if let Some(save) = &snap.result {
                    after.extend(self.push(save, &x));
                }
            }
            return quote!(#save #before #x = #p; #after);
        }
        match s {
            Stmt::If(c, a, b) => {
                let (c, a, b) = (&c.expr, self.forward(a), self.forward(b));
                quote!(if #c { #a } else { #b })
            }
            Stmt::ForProg {
                var,
                prog,
                count,
                body,
            } => {
                let (i, p, k) = (ctx.f.ident(*var), ctx.f.ident(*prog), local("__k"));
                let count = count.map(|n| {
                    let n = ctx.f.ident(n);
                    quote!(#n += 1;)
                });
                let body = self.forward(body);
                quote!(for #k in 0..#p.len() { #i = #p.at(#k); #count #body })
            }
            Stmt::LoopCounted { count, body } => {
                let (n, body) = (ctx.f.ident(*count), self.forward(body));
                quote!(loop { #n += 1; #body })
            }
            Stmt::ExitIf(c) => {
                let c = &c.expr;
                quote!(if #c { break; })
            }
            _ => TokenStream::new(),
        }
    }

    fn restore(&self, s: &Stmt, place: &Place) -> Option<TokenStream> {
        let x = self.ctx.place(place, Copy::Primal);
        self.saves.get(&key(s)).map(|save| match save {
            Save::Slot(i) => quote!(#x = #i;),
            Save::Stack => {
                let st = &self.stack;
                quote!(::jacobian::__private::Store::restore(&mut #x, #st);)
            }
        })
    }

    fn reverse(&self, b: &Block) -> TokenStream {
        b.0.iter().rev().map(|s| self.reverse_stmt(s)).collect()
    }

    fn reverse_stmt(&self, s: &Stmt) -> TokenStream {
        let ctx = self.ctx;
        if let Some((place, rhs)) = assignment(s) {
            return self.reverse_assign(s, &place, rhs);
        }
        match s {
            Stmt::If(c, a, b) => {
                let (c, a, b) = (&c.expr, self.reverse(a), self.reverse(b));
                if a.is_empty() && b.is_empty() {
                    TokenStream::new()
                } else {
                    quote!(if #c { #a } else { #b })
                }
            }
            Stmt::ForProg {
                var,
                prog,
                count,
                body,
            } => {
                let (i, p, k) = (ctx.f.ident(*var), ctx.f.ident(*prog), local("__k"));
                let n = match count {
                    Some(n) => {
                        let n = ctx.f.ident(*n);
                        quote!(#n)
                    }
                    None => quote!(#p.len()),
                };
                let body = self.reverse(body);
                quote!(for #k in (0..#n).rev() { #i = #p.at(#k); #body })
            }
            Stmt::LoopCounted { count, body } => {
                let (n, body) = (ctx.f.ident(*count), self.reverse(body));
                quote!(for _ in 0..#n { #body })
            }
            _ => TokenStream::new(),
        }
    }

    fn reverse_assign(&self, s: &Stmt, place: &Place, rhs: &Rhs) -> TokenStream {
        let ctx = self.ctx;
        let restore = self.restore(s, place);
        if !ctx.active(place.var) {
            return restore.unwrap_or_default();
        }
        let xb = ctx.place(place, Copy::Adjoint);
        let ab = local("__ab");
        let scalar = matches!(rhs, Rhs::Prim(..) | Rhs::Cast(..))
            || (place.proj.is_empty() && ctx.f.vars[place.var].scalar);
        let take = if scalar {
            let zero = ctx.zero_scalar();
            quote!(let #ab = #xb; #xb = #zero;)
        } else {
            quote!(let #ab = ::jacobian::__private::take(&mut #xb);)
        };
        if !rhs_active(rhs, ctx.active) {
            return quote!({ #take #restore });
        }
        let y = local("__y");
        let snap = self.snaps.get(&key(s));
        let stash = match (rhs, snap.and_then(|p| p.result.as_ref())) {
            (Rhs::Prim(..), Some(save)) => Some(self.pop(save, &y)),
            (Rhs::Prim(p, ops), None)
                if rules::reads_result(
                    *p,
                    &ops.iter().map(|o| ctx.op_active(o)).collect::<Vec<_>>(),
                ) =>
            {
                let x = ctx.place(place, Copy::Primal);
                Some(quote!(let #y = #x;))
            }
            _ => None,
        };
        let mut popped = TokenStream::new();
        let mut values: HashMap<usize, TokenStream> = HashMap::new();
        if let Some(snap) = snap {
            for (k, save) in snap.operands.iter().rev() {
                let a = format_ident!("__a{}", k, span = proc_macro2::Span::mixed_site());
                popped.extend(self.pop(save, &a));
                values.insert(*k, quote!(#a));
            }
        }
        let propagate = self.propagate(rhs, &quote!(#ab), &quote!(#y), &values);
        quote!({ #take #stash #restore #popped #propagate })
    }

    /// Adds `ab`'s contributions to the operands' adjoints.
    fn propagate(
        &self,
        rhs: &Rhs,
        ab: &TokenStream,
        y: &TokenStream,
        snapped: &HashMap<usize, TokenStream>,
    ) -> TokenStream {
        let ctx = self.ctx;
        let adj = |o: &Operand| {
            o.place()
                .filter(|p| ctx.active(p.var))
                .map(|p| ctx.place(p, Copy::Adjoint))
        };
        let add = |o: &Operand, v: TokenStream| {
            adj(o).map(|ob| quote!(::jacobian::__private::add_assign(&mut #ob, &#v);))
        };
        match rhs {
            Rhs::Copy(o) | Rhs::Cast(o, _) => add(o, ab.clone()).unwrap_or_default(),
            Rhs::Prim(p, ops) => {
                let vals: Vec<_> = ops
                    .iter()
                    .enumerate()
                    .map(|(k, o)| snapped.get(&k).cloned().unwrap_or_else(|| ctx.value(o)))
                    .collect();
                let parts = rules::partials(*p, &vals, y, ctx.s);
                let discrete = rules::rule(*p).discrete;
                parts
                    .into_iter()
                    .zip(ops)
                    .enumerate()
                    .filter(|(k, _)| !discrete.contains(k))
                    .filter_map(|(_, (part, o))| {
                        let ob = adj(o)?;
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
            Rhs::Call(c) => self.propagate_call(c, ab),
            Rhs::Opaque(..) => TokenStream::new(),
        }
    }

    fn propagate_call(&self, c: &crate::ir::Call, ab: &TokenStream) -> TokenStream {
        let ctx = self.ctx;
        let (path, args, st) = (&c.path, primal_args(ctx, c), &self.stack);
        let cot = local("__c");
        let callee = format_ident!("__adjoint{}", ctx.suffix());
        let adds = c.args.iter().enumerate().filter_map(|(k, a)| {
            let p = a.operand.place().filter(|p| ctx.active(p.var))?;
            let ob = ctx.place(p, Copy::Adjoint);
            let k = syn::Index::from(k);
            Some(quote!(::jacobian::__private::add_assign(&mut #ob, &#cot.#k);))
        });
        quote! {
            let (_, #cot) = #path::#callee(#(#args,)* &#ab, #st);
            #(#adds)*
        }
    }
}
