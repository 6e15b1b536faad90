//! Lowering: from the user's `syn` function to the intermediate form in `ir.rs`,
//! reporting every construct outside the supported subset.

mod expr;
mod iter;
mod matching;
mod opaque;
mod stmt;

use std::collections::HashSet;

use proc_macro2::{Ident, Span};
use syn::{FnArg, ItemFn, Pat, ReturnType, Type};

use crate::args::Args;
use crate::errors::Errors;
use crate::ir::{Block, Function, Opaque, Param, Place, Stmt, Var, VarId};
use crate::types::{self, Kind, ScalarTy};

/// What lowering produces besides the body.
pub struct Lowered {
    /// The function in intermediate form.
    pub func: Function,
    /// Its scalar type.
    pub scalar: ScalarTy,
    /// Its declared return type.
    pub output: Type,
    /// No error so far concerns the signature: a stub module with the real
    /// signatures can stand in for the generated one.
    pub signature_ok: bool,
}

/// What a name in scope stands for.
#[derive(Clone)]
enum Binding {
    /// A variable.
    Var(VarId),
    /// Another name for a place: a `for` loop's or a closure's element
    /// (`for y in out.iter_mut()` makes `*y` the place `out[k]`).
    Alias(Place),
    /// A window or chunk of a sequence: `view[j]` is `base[offset + j]`.
    View(Box<View>),
    /// A closure bound with `let`, inlined where it is called, with the names it
    /// captured as they were where it was written.
    Closure(std::rc::Rc<Closure>),
    /// A reference to a value without derivatives (`let row = &model.w[a..b];`),
    /// the expression standing for it where it is used.
    Const(Opaque),
}

/// A contiguous part of an array, slice or `Vec`.
#[derive(Clone)]
struct View {
    base: Place,
    offset: Opaque,
    len: Opaque,
}

/// A closure and the scopes it was written in.
struct Closure {
    expr: syn::ExprClosure,
    scopes: Vec<Vec<(String, Binding)>>,
}

/// State of one lowering.
pub struct Lowerer<'e> {
    vars: Vec<Var>,
    scopes: Vec<Vec<(String, Binding)>>,
    taken: HashSet<String>,
    errors: &'e mut Errors,
    scalar: ScalarTy,
    /// How many loops enclose the statement being lowered.
    loops: usize,
    /// Items declared in the body.
    items: Vec<syn::Item>,
    /// The function's type parameters that are not its float type.
    other_generics: Vec<Ident>,
    /// Parameters not declared `mut` (never reassigned).
    fixed_params: Vec<VarId>,
}

/// Lowers `item`, or returns `None` after recording why it cannot be.
pub fn lower(item: &ItemFn, args: &Args, errors: &mut Errors) -> Option<Lowered> {
    lower_with(item, args, errors, true)
}

/// Lowers `item`'s signature only, its body left empty: a function whose derivative
/// is declared (`#[jacobian::derivative]`) rather than derived from its body.
pub fn signature(item: &ItemFn, errors: &mut Errors) -> Option<Lowered> {
    lower_with(item, &Args::default(), errors, false)
}

fn lower_with(item: &ItemFn, args: &Args, errors: &mut Errors, with_body: bool) -> Option<Lowered> {
    let scalar = scalar_type(item, errors)?;
    let output = match &item.sig.output {
        ReturnType::Type(_, ty) => (**ty).clone(),
        ReturnType::Default => {
            errors.spanned(&item.sig, "a differentiated function must return its result: add a return type such as `-> f64` or `-> [f64; 2]`");
            return None;
        }
    };
    let mut l = Lowerer {
        vars: Vec::new(),
        scopes: vec![Vec::new()],
        taken: HashSet::new(),
        errors,
        scalar: scalar.clone(),
        loops: 0,
        items: Vec::new(),
        other_generics: item
            .sig
            .generics
            .type_params()
            .map(|t| t.ident.clone())
            .filter(|t| !scalar.matches(&syn::parse_quote!(#t)))
            .collect(),
        fixed_params: Vec::new(),
    };
    // A struct result derives `Differentiable` (its floats are the rows).
    let out_kind = if types::is_record_candidate(&output, &scalar) {
        Some(Kind::Real)
    } else {
        types::kind(&output, &scalar, l.errors)
    };
    if out_kind == Some(Kind::Discrete) {
        let msg = format!("the result must contain floating-point values to be differentiated: return `{}`, or an array, `Vec` or tuple of them", scalar.ty());
        l.errors.spanned(&output, msg);
    }
    let params = l.params(item, args);
    if let Some(ps) = &params {
        l.fixed_params = ps.iter().filter(|p| !p.mutable).map(|p| p.var).collect();
    }
    let signature_ok = l.errors.is_empty();
    let mut body = Vec::new();
    if with_body {
        if let Some(tail) = l.block_value(&item.block, &mut body) {
            body.push(Stmt::Return(tail));
        }
    }
    let func = Function {
        vars: l.vars,
        params: params?,
        body: Block(body),
        items: l.items,
    };
    Some(Lowered {
        func,
        scalar,
        output,
        signature_ok,
    })
}

fn scalar_type(item: &ItemFn, errors: &mut Errors) -> Option<ScalarTy> {
    let generic = types::float_params(&item.sig.generics);
    if generic.len() > 1 {
        errors.spanned(
            &item.sig.generics,
            "only one floating-point type parameter is supported",
        );
    }
    if let Some(t) = generic.into_iter().next() {
        return Some(ScalarTy::Generic(t));
    }
    let mut found = None;
    let mut tys: Vec<&Type> = item
        .sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            FnArg::Typed(t) => Some(&*t.ty),
            FnArg::Receiver(_) => None,
        })
        .collect();
    if let ReturnType::Type(_, t) = &item.sig.output {
        tys.push(t);
    }
    for ty in tys {
        let text = quote::ToTokens::to_token_stream(ty).to_string();
        for (name, s) in [("f64", ScalarTy::F64), ("f32", ScalarTy::F32)] {
            if text
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == name)
                && found.is_none()
            {
                found = Some(s);
            }
        }
    }
    if found.is_none() {
        errors.spanned(&item.sig, "found no floating-point type in the signature; use `f64`, `f32` or a type parameter `T: Float`");
    }
    found
}

impl Lowerer<'_> {
    fn params(&mut self, item: &ItemFn, args: &Args) -> Option<Vec<Param>> {
        let mut params = Vec::new();
        let mut ok = true;
        for arg in &item.sig.inputs {
            match arg {
                FnArg::Receiver(r) => {
                    self.errors.spanned(r, "methods are not supported by `#[differentiate]`; make it a free function taking the fields it needs");
                    ok = false;
                }
                FnArg::Typed(t) => match self.param(&t.pat, &t.ty, args) {
                    Some(p) => params.push(p),
                    None => ok = false,
                },
            }
        }
        self.set_activity(&mut params, args);
        ok.then_some(params)
    }

    fn param(&mut self, pat: &Pat, ty: &Type, args: &Args) -> Option<Param> {
        let Pat::Ident(pi) = pat else {
            self.errors.spanned(
                pat,
                "parameter patterns are not supported; bind the parameter to a name",
            );
            return None;
        };
        if pi.by_ref.is_some() || pi.subpat.is_some() {
            self.errors.spanned(
                pat,
                "parameter patterns are not supported; bind the parameter to a name",
            );
            return None;
        }
        if let Some(g) = self.other_generics.iter().find(|g| types::mentions(ty, g)) {
            let msg = format!("type parameters other than the float type are not supported by `#[differentiate]`; `{g}` here: use a concrete type, or a `#[differentiate]` function instead of a closure parameter");
            self.errors.spanned(ty, msg);
            return None;
        }
        let record = types::is_record_candidate(strip_ref(ty), &self.scalar);
        let listed = args
            .wrt
            .as_ref()
            .map_or(args.receiver.as_ref() == Some(&pi.ident.to_string()), |w| {
                w.contains(&pi.ident)
            });
        let kind = if record {
            // A user's struct: its floats carry derivatives when it is differentiated
            // with respect to (it then derives `Differentiable`), else a constant.
            if let Type::Reference(r) = ty {
                if r.mutability.is_some() {
                    types::kind(ty, &self.scalar, self.errors);
                    return None;
                }
            }
            if listed {
                Kind::Real
            } else {
                Kind::Discrete
            }
        } else {
            types::kind(ty, &self.scalar, self.errors)?
        };
        let var = self.declare(&pi.ident, Some(ty.clone()));
        let scalar = self.scalar.matches(strip_ref(ty));
        self.vars[var].scalar = scalar && !matches!(ty, Type::Reference(_));
        Some(Param {
            var,
            ty: ty.clone(),
            real: kind == Kind::Real,
            by_ref: matches!(ty, Type::Reference(_)),
            scalar,
            active: false,
            mutable: pi.mutability.is_some(),
            record: record && listed,
        })
    }

    fn set_activity(&mut self, params: &mut [Param], args: &Args) {
        let Some(names) = &args.wrt else {
            params.iter_mut().for_each(|p| p.active = p.real);
            if !params.iter().any(|p| p.active) {
                let msg = "no parameter can carry a derivative: take at least one floating-point parameter";
                self.errors.push(syn::Error::new(Span::call_site(), msg));
            }
            return;
        };
        let real: Vec<String> = params
            .iter()
            .filter(|p| p.real)
            .map(|p| format!("`{}`", self.vars[p.var].ident))
            .collect();
        let hint = format!(
            "the parameters that can be differentiated are {}",
            real.join(", ")
        );
        for name in names {
            match params.iter_mut().find(|p| self.vars[p.var].ident == *name) {
                Some(p) if p.real => p.active = true,
                Some(_) => self.errors.spanned(name, format!("`{name}` holds no floating-point values and cannot be differentiated with respect to; {hint}")),
                None => self.errors.spanned(name, format!("`{name}` is not a parameter of this function; {hint}")),
            }
        }
        if names.is_empty() {
            self.errors.push(syn::Error::new(
                Span::call_site(),
                format!("`wrt()` lists no parameter; {hint}"),
            ));
        }
    }

    /// Declares a new variable in the innermost scope.
    fn declare(&mut self, ident: &Ident, ty: Option<Type>) -> VarId {
        let name = ident.to_string();
        let unique = if self.taken.insert(name.clone()) {
            ident.clone()
        } else {
            let mut k = 1;
            while !self.taken.insert(format!("{name}_{k}")) {
                k += 1;
            }
            Ident::new(&format!("{name}_{k}"), Span::mixed_site())
        };
        let scalar = ty.as_ref().is_some_and(|t| self.scalar.matches(t));
        self.vars.push(Var {
            ident: unique,
            ty,
            span: ident.span(),
            scalar,
            lowered: false,
        });
        let id = self.vars.len() - 1;
        self.bind(name, Binding::Var(id));
        id
    }

    /// A new variable named like `ident`, not yet in scope.
    fn fresh_var(&mut self, ident: &Ident) -> VarId {
        let id = self.declare(ident, None);
        self.scopes.last_mut().expect("a scope").pop();
        id
    }

    /// Binds `name` in the innermost scope.
    fn bind(&mut self, name: String, b: Binding) {
        self.scopes.last_mut().expect("a scope").push((name, b));
    }

    /// A fresh temporary.
    fn temp(&mut self, scalar: bool) -> VarId {
        let k = self.vars.len();
        let ident = Ident::new(&format!("__t{k}"), Span::mixed_site());
        self.vars.push(Var {
            ident,
            ty: None,
            span: Span::call_site(),
            scalar,
            lowered: true,
        });
        k
    }

    /// The variable `name` stands for (not an alias, a view or a closure).
    fn lookup(&self, name: &str) -> Option<VarId> {
        match self.binding(name)? {
            Binding::Var(v) => Some(*v),
            _ => None,
        }
    }

    /// What `name` stands for in the innermost scope that binds it.
    fn binding(&self, name: &str) -> Option<&Binding> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|s| s.iter().rev())
            .find(|(n, _)| n == name)
            .map(|(_, b)| b)
    }

    /// What the plain identifier expression `e` stands for.
    fn binding_of(&self, e: &syn::Expr) -> Option<&Binding> {
        match e {
            syn::Expr::Path(p) if p.qself.is_none() => {
                self.binding(&p.path.get_ident()?.to_string())
            }
            syn::Expr::Paren(p) => self.binding_of(&p.expr),
            _ => None,
        }
    }

    /// True when `e` is a variable or a part of one (not a constant standing for a
    /// value without derivatives): its named fields are parts of it too.
    fn is_variable_part(&self, e: &syn::Expr) -> bool {
        match e {
            syn::Expr::Field(f) => self.is_variable_part(&f.base),
            syn::Expr::Index(i) => self.is_variable_part(&i.expr),
            syn::Expr::Paren(p) => self.is_variable_part(&p.expr),
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                self.is_variable_part(&u.expr)
            }
            _ => matches!(
                self.binding_of(e),
                Some(Binding::Var(_) | Binding::Alias(_))
            ),
        }
    }

    fn scoped<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.scopes.push(Vec::new());
        let r = f(self);
        self.scopes.pop();
        r
    }
}

fn strip_ref(ty: &Type) -> &Type {
    match ty {
        Type::Reference(r) => strip_ref(&r.elem),
        _ => ty,
    }
}
