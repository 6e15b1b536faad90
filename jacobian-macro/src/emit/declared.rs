//! The internal sweeps of a function whose derivative is declared
//! (`#[jacobian::derivative]`), with the calling convention of the derived ones
//! (`internal.rs`): the user's partials applied by the number types' chain rule, or the
//! user's JVP, VJP (and HVP) applied one plain direction at a time.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, ToTokens};
use syn::{Ident, Path, Type};

use super::internal::{self, Variant};
use super::Sig;
use crate::declared::Rule;
use crate::emit::paths::JR;
use crate::ir::Param;
use crate::sweep::{self, local};
use crate::types;

/// `__tangent` and `__adjoint` (and their `_wrt` variants when some parameter is not a float).
pub(super) fn sweeps(sig: &Sig, rule: &Rule) -> Vec<TokenStream> {
    let mut variants = vec![Variant { all: true }];
    if !sig.all_real() {
        variants.push(Variant { all: false });
    }
    variants
        .into_iter()
        .flat_map(|v| [tangent(sig, rule, v), adjoint(sig, rule, v)])
        .collect()
}

fn tangent(sig: &Sig, rule: &Rule, v: Variant) -> TokenStream {
    let g = internal::generics(sig, false);
    let (w, decl, out) = (&sig.generics.where_clause, sig.decl(false), sig.out);
    let params = v.params(sig);
    let d = internal::tangent_params(sig, &params);
    let c = sweep::carrier();
    let dout = internal::derivative(sig, out, &c);
    let mut up_to_second = up_to_second(sig, &c);
    if matches!(rule, Rule::Linear { .. }) {
        // A JVP applied one direction at a time to sets of inputs could lose an entry.
        let s = sig.s.ty();
        up_to_second.extend(q!(let () = #JR::NoPattern::<#s, #c>::CHECK;));
    }
    let body = match rule {
        Rule::Partials { partials, second } => {
            let p = partials_value(sig, partials, second.as_ref(), &c);
            let ds: Vec<TokenStream> = floats(sig).iter().map(|q| deref(sig, q)).collect();
            let chain = match ds.as_slice() {
                [a] => q!(#a.chain(__p)),
                [a, b] => q!(#a.chain2(#b, __p)),
                [a, b, c] => q!(#a.chain3(#b, #c, __p)),
                _ => q!(::core::unreachable!()),
            };
            let y = primal(sig);
            q! {
                let __p = #p;
                (#y, #chain)
            }
        }
        Rule::Linear { jvp, hvp, .. } => linear_tangent(sig, jvp, hvp.as_ref()),
    };
    let name = v.name("tangent");
    q! {
        #[doc(hidden)]
        #[inline]
        pub fn #name #g (#(#decl,)* #(#d),*) -> (#out, #dout) #w { #up_to_second #body }
    }
}

fn adjoint(sig: &Sig, rule: &Rule, v: Variant) -> TokenStream {
    let g = internal::generics(sig, true);
    let (w, decl, out, s) = (
        &sig.generics.where_clause,
        sig.decl(false),
        sig.out,
        sig.s.ty(),
    );
    let params = v.params(sig);
    let d = internal::tangent_params(sig, &params);
    let b = sweep::cotangent();
    let dout = internal::derivative(sig, out, &b);
    let cots: Vec<TokenStream> = params.iter().map(|p| internal::cotangent(sig, p)).collect();
    let cots_ty = pack(v, &cots);
    let picked: Vec<TokenStream> = params
        .iter()
        .map(|p| {
            if p.real {
                sig.cot_name(p).to_token_stream()
            } else {
                q!(())
            }
        })
        .collect();
    let ret = pack(v, &picked);
    let y = primal(sig);
    let up_to_second = up_to_second(sig, &b);
    let body = match rule {
        Rule::Partials { partials, second } => {
            let p = partials_value(sig, partials, second.as_ref(), &b);
            let fl = floats(sig);
            let ds: Vec<TokenStream> = fl.iter().map(|q| deref(sig, q)).collect();
            let names: Vec<Ident> = fl.iter().map(|q| sig.cot_name(q)).collect();
            let back = match ds.as_slice() {
                [a] => q!(let #(#names)* = (*__ybar).back(__p, #a);),
                [a, b] => q!(let (#(#names),*) = (*__ybar).back2(__p, #a, #b);),
                [a, b, c] => q!(let (#(#names),*) = (*__ybar).back3(__p, #a, #b, #c);),
                _ => q!(::core::unreachable!();),
            };
            q! {
                let __p = #p;
                #back
                (#y, #ret)
            }
        }
        Rule::Linear { vjp, hvp, .. } => {
            let sweep = linear_adjoint(sig, vjp, hvp.as_ref());
            q! {
                let __y = #y;
                #sweep
                (__y, #ret)
            }
        }
    };
    let name = v.name("adjoint");
    q! {
        #[doc(hidden)]
        #[inline]
        pub fn #name #g (#(#decl,)* #(#d,)* __ybar: &#dout, __stack: &mut ::jacobian::Stack<#s>) -> (#out, #cots_ty) #w { #up_to_second #body }
    }
}

/// One item, or a tuple of them (always a tuple for the `all` variant).
fn pack(v: Variant, items: &[TokenStream]) -> TokenStream {
    if !v.all && items.len() == 1 {
        q!(#(#items)*)
    } else {
        q!((#(#items,)*))
    }
}

/// The parameters carrying derivatives, in order.
fn floats<'s>(sig: &'s Sig) -> Vec<&'s Param> {
    sig.params().filter(|p| p.real).collect()
}

/// A scalar parameter's tangent, by value.
fn deref(sig: &Sig, p: &Param) -> TokenStream {
    let d = sig.dname(p);
    q!((*#d))
}

/// The user's function at the point.
fn primal(sig: &Sig) -> TokenStream {
    let (name, a) = (&sig.item.sig.ident, sig.pass_args());
    q!(super::#name(#(#a),*))
}

/// `path::tangent`, spanned on the user's path so a partials function without
/// `#[differentiate]` is reported at the attribute.
fn member(path: &Path, item: &str) -> Path {
    let mut p = path.clone();
    let span = path
        .segments
        .last()
        .map_or_else(Span::call_site, |s| s.ident.span());
    p.segments.push(Ident::new(item, span).into());
    p
}

/// Position of ∂²/∂xᵢ∂xⱼ (i ≤ j) in the upper triangle of a k × k Hessian, row by row.
fn tri(k: usize, i: usize, j: usize) -> usize {
    (0..i).map(|r| k - r).sum::<usize>() + (j - i)
}

/// The partials (`D1`, `D2` or `D3`) at the point; their second part only when the
/// number type `n` is a second-order one.
fn partials_value(sig: &Sig, partials: &Path, second: Option<&Path>, n: &Ident) -> TokenStream {
    let s = sig.s.ty();
    let k = floats(sig).len();
    let a = sig.pass_args();
    let (zero, one) = (q!(<#s as #JR::Zero>::zero()), q!(<#s as #JR::One>::one()));
    let pn: Vec<Ident> = (0..k)
        .map(|i| format_ident!("__p{i}", span = Span::mixed_site()))
        .collect();
    let t = k * (k + 1) / 2;
    let hn: Vec<Ident> = (0..t)
        .map(|i| format_ident!("__h{i}", span = Span::mixed_site()))
        .collect();
    let bind = |names: &[Ident]| {
        if names.len() == 1 {
            names[0].to_token_stream()
        } else {
            q!((#(#names),*))
        }
    };
    let (pp, hp) = (bind(&pn), bind(&hn));
    let first = q!(let #pp = #partials(#(#a),*););
    let with_second = match second {
        Some(sp) => q!(#first let #hp = #sp(#(#a),*);),
        None => {
            // Column i of the partials' Jacobian: the Hessian's entries (i, j ≥ i); the
            // first call gives the partials too.
            let tangent = member(partials, "tangent");
            (0..k)
                .map(|i| {
                    let dirs = (0..k).map(|j| if i == j { &one } else { &zero });
                    let names: Vec<TokenStream> = (0..k)
                        .map(|j| {
                            if j >= i {
                                hn[tri(k, i, j)].to_token_stream()
                            } else {
                                q!(_)
                            }
                        })
                        .collect();
                    let pat = if k == 1 {
                        q!(#(#names)*)
                    } else {
                        q!((#(#names),*))
                    };
                    let value = if i == 0 { pp.clone() } else { q!(_) };
                    q!(let (#value, #pat) = #tangent(#(#a,)* #(#dirs),*);)
                })
                .collect()
        }
    };
    let (ty, d, dd, dd0, ddd0) = if k == 1 {
        (q!(D1), q!(__p0), q!(__h0), zero.clone(), zero.clone())
    } else {
        let ty = if k == 2 { q!(D2) } else { q!(D3) };
        let third = if k == 2 { 4_usize } else { 10 };
        (
            ty,
            q!([#(#pn),*]),
            q!([#(#hn),*]),
            q!([#zero; #t]),
            q!([#zero; #third]),
        )
    };
    // Third partials are never declared: third-order number types are refused (`sweeps`).
    q! {
        if <#n as #JR::Directional<#s>>::SECOND {
            #with_second
            #JR::#ty { d: #d, dd: #dd, ddd: #ddd0 }
        } else {
            #first
            #JR::#ty { d: #d, dd: #dd0, ddd: #ddd0 }
        }
    }
}

/// `<ty as Lanewise<S, n>>`.
fn lanewise(sig: &Sig, ty: &Type, n: &Ident) -> TokenStream {
    let s = sig.s.ty();
    q!(<#ty as #JR::Lanewise<#s, #n>>)
}

/// A value of owned type passed to a user's rule: scalars by value, the rest by reference.
fn pass(v: &impl ToTokens, scalar: bool) -> TokenStream {
    if scalar {
        q!(#v)
    } else {
        q!(&#v)
    }
}

/// `let __v_x = <picked scalar of x's derivatives>;` for every float parameter, from the
/// derivative locals `dv` (see [`owned_derivatives`]).
fn picked(
    sig: &Sig,
    n: &Ident,
    pick: &TokenStream,
    prefix: &str,
) -> (TokenStream, Vec<TokenStream>) {
    let mut lets = TokenStream::new();
    let mut passed = Vec::new();
    for p in floats(sig) {
        let v = format_ident!("{prefix}{}", sig.name(p), span = Span::mixed_site());
        let (ty, lw, d) = (
            types::owned(&p.ty),
            lanewise(sig, &types::owned(&p.ty), n),
            dv(sig, p),
        );
        lets.extend(q!(let #v: #ty = #lw::get(#d, #pick);));
        passed.push(pass(&v, p.scalar));
    }
    (lets, passed)
}

/// The derivatives of `p` as a reference to its owned type's mirror.
fn dv(sig: &Sig, p: &Param) -> TokenStream {
    if types::slice_elem(&p.ty).is_some() {
        let v = format_ident!("__dv_{}", sig.name(p), span = Span::mixed_site());
        q!(&#v)
    } else {
        sig.dname(p).to_token_stream()
    }
}

/// Owned copies of slice parameters' derivatives (`&[C]` → `Vec<C>`), for [`dv`].
fn owned_derivatives(sig: &Sig) -> TokenStream {
    floats(sig)
        .into_iter()
        .filter(|p| types::slice_elem(&p.ty).is_some())
        .map(|p| {
            let (v, d) = (
                format_ident!("__dv_{}", sig.name(p), span = Span::mixed_site()),
                sig.dname(p),
            );
            q!(let #v = #d.to_vec();)
        })
        .collect()
}

/// The tuple (or single value) of the float parameters' picked values, owned, shaped
/// like the rule's cotangents.
fn as_bar(sig: &Sig, prefix: &str) -> TokenStream {
    let vs: Vec<Ident> = floats(sig)
        .iter()
        .map(|p| format_ident!("{prefix}{}", sig.name(p), span = Span::mixed_site()))
        .collect();
    if vs.len() == 1 {
        q!(::core::clone::Clone::clone(&#(#vs)*))
    } else {
        q!((#(::core::clone::Clone::clone(&#vs),)*))
    }
}

/// The refusal of third-order number types (a derivative of a Laplacian or a Hessian
/// through the function), at monomorphization: a declared rule has no third derivatives.
fn up_to_second(sig: &Sig, n: &Ident) -> TokenStream {
    let s = sig.s.ty();
    q!(let () = #JR::UpToSecond::<#s, #n>::CHECK;)
}

/// The refusal of second-order number types by a rule without `hvp`, at monomorphization:
/// only a program that runs a second-order mode through the function sees it.
fn needs_hvp(sig: &Sig, n: &Ident) -> TokenStream {
    let s = sig.s.ty();
    let msg = format!(
        "`{}` has a declared derivative without `hvp = ..`: second-order modes (`hessian`, `hvp`, `laplacian`) through it need one",
        sig.item.sig.ident
    );
    q!(const { ::core::assert!(!<#n as #JR::Directional<#s>>::SECOND, #msg) };)
}

/// The forward sweep from a JVP: one call per direction the carrier holds, and for a
/// collapsed Taylor number, its coefficient from the JVP and the HVP.
fn linear_tangent(sig: &Sig, jvp: &Path, hvp: Option<&Path>) -> TokenStream {
    let (s, c) = (sig.s.ty(), sweep::carrier());
    let a = sig.pass_args();
    let y = primal(sig);
    let out = types::owned(sig.out);
    let lw_out = lanewise(sig, &out, &c);
    let copies = owned_derivatives(sig);
    let (lanes, lv) = picked(sig, &c, &q!(#JR::Pick::Lane(__l)), "__v_");
    let second = match hvp {
        None => needs_hvp(sig, &c),
        Some(h) => {
            let (bases, bv) = picked(sig, &c, &q!(#JR::Pick::Base), "__b_");
            let e = local("__e");
            let pe = pass(&e, sig.out_scalar());
            let bar = as_bar(sig, "__v_");
            q! {
                if <#c as #JR::Directional<#s>>::SECOND {
                    // The coefficient: J applied to the inputs' coefficients, plus
                    // Σₗ d²y[vₗ, vₗ], output by output: vₗ · (eₖᵀ∇²y) vₗ.
                    #bases
                    let (_, mut __k) = #jvp(#(#a,)* #(#bv),*);
                    for __l in 0..<#c as #JR::Directional<#s>>::WIDTH {
                        #lanes
                        for __i in 0..#JR::Shape::len(&__y) {
                            let #e = #JR::unit(&__y, __i);
                            let __h = #h(#(#a,)* #pe, #(#lv),*);
                            *#JR::Shape::scalar_mut(&mut __k, __i) += #JR::flat_dot(&__h, &#bar);
                        }
                    }
                    #lw_out::put(&mut __dy, #JR::Pick::Base, &__k);
                }
            }
        }
    };
    q! {
        let __y = #y;
        let mut __dy = #JR::zeros::<#s, #c, _>(&__y);
        #copies
        for __l in 0..<#c as #JR::Directional<#s>>::WIDTH {
            #lanes
            let (_, __t) = #jvp(#(#a,)* #(#lv),*);
            #lw_out::put(&mut __dy, #JR::Pick::Lane(__l), &__t);
        }
        #second
        (__y, __dy)
    }
}

/// The reverse sweep from a VJP: one call per direction the cotangent holds, and for a
/// cotangent with tangents (Hessian-vector products), their second-order part from the HVP.
fn linear_adjoint(sig: &Sig, vjp: &Path, hvp: Option<&Path>) -> TokenStream {
    let (s, c, b) = (sig.s.ty(), sweep::carrier(), sweep::cotangent());
    let a = sig.pass_args();
    let out = types::owned(sig.out);
    let lw_out = lanewise(sig, &out, &b);
    let fl = floats(sig);
    let zeros = fl.iter().map(|p| {
        let (cn, r) = (sig.cot_name(p), sig.by_ref(p));
        q!(let mut #cn = #JR::zeros::<#s, #b, _>(#r);)
    });
    let yv = local("__yv");
    let (py, pyb) = (
        pass(&q!(__y), sig.out_scalar()),
        pass(&yv, sig.out_scalar()),
    );
    // Spread the rule's cotangents (one, or a tuple) over the parameters' mirrors.
    let spread = |pick: TokenStream| -> TokenStream {
        fl.iter()
            .enumerate()
            .map(|(i, p)| {
                let (cn, lw) = (sig.cot_name(p), lanewise(sig, &types::owned(&p.ty), &b));
                let g = if fl.len() == 1 {
                    q!(__g)
                } else {
                    let i = syn::Index::from(i);
                    q!(__g.#i)
                };
                q!(#lw::put(&mut #cn, #pick, &#g);)
            })
            .collect()
    };
    let put_lane = spread(q!(#JR::Pick::Lane(__l)));
    let second = match hvp {
        None => needs_hvp(sig, &b),
        Some(h) => {
            let put_base = spread(q!(#JR::Pick::Base));
            let copies = owned_derivatives(sig);
            let (lanes, lv) = picked(sig, &c, &q!(#JR::Pick::Lane(__l)), "__v_");
            let add = fl.iter().enumerate().map(|(i, p)| {
                let (cn, ty) = (sig.cot_name(p), types::owned(&p.ty));
                let lw = lanewise(sig, &ty, &b);
                let hi = if fl.len() == 1 {
                    q!(__h)
                } else {
                    let i = syn::Index::from(i);
                    q!(__h.#i)
                };
                q! {
                    let mut __cur: #ty = #lw::get(&#cn, #JR::Pick::Lane(__l));
                    #JR::Shape::add_assign(&mut __cur, &#hi);
                    #lw::put(&mut #cn, #JR::Pick::Lane(__l), &__cur);
                }
            });
            q! {
                if <#b as #JR::Directional<#s>>::SECOND {
                    // The cotangent itself, then its tangents' second-order part:
                    // (Σₖ ȳₖ∇²yₖ) ẋₗ in every direction ẋₗ of the forward tangents.
                    let #yv: #out = #lw_out::get(__ybar, #JR::Pick::Base);
                    let __g = #vjp(#(#a,)* #py, #pyb);
                    #put_base
                    #copies
                    for __l in 0..<#c as #JR::Directional<#s>>::WIDTH {
                        #lanes
                        let __h = #h(#(#a,)* #pyb, #(#lv),*);
                        #(#add)*
                    }
                }
            }
        }
    };
    q! {
        #(#zeros)*
        for __l in 0..<#b as #JR::Directional<#s>>::WIDTH {
            let #yv: #out = #lw_out::get(__ybar, #JR::Pick::Lane(__l));
            let __g = #vjp(#(#a,)* #py, #pyb);
            #put_lane
        }
        #second
    }
}
