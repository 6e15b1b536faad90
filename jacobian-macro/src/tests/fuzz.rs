//! The expansion never panics. Everything goes through `expand` under
//! `catch_unwind`: the supported functions (`corpus`); valid Rust items
//! outside the subset and functions at its edges; random token streams and
//! random attribute arguments (`gen`); every truncation and random mutations
//! (deleted, duplicated, swapped, replaced tokens) of the supported
//! functions; and random well-formed functions nesting the subset's
//! constructs with others mixed in (`grammar`).
//!
//! Every output must be well formed: when the item is a function, the output
//! parses as a file that holds the user's function unchanged, and either the
//! generated module and no error, or `compile_error!` invocations with
//! non-empty, lowercase messages; otherwise it is the item followed by one
//! `compile_error!`. (Spans cannot be checked outside the compiler; the ui
//! tests do that.)
//!
//! The inputs are reproducible from a seed. `JACOBIAN_FUZZ_COUNT=n` runs `n`
//! random inputs per generator instead of the CI default, and
//! `JACOBIAN_FUZZ_SEED=s` changes the seed; a long run is best in release:
//! `JACOBIAN_FUZZ_COUNT=20000 cargo test --release -p jacobian-macro fuzz -- --nocapture`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::visit::Visit;

use super::corpus::{ATTRS, EDGES, REJECTED, SUPPORTED, SUPPORTED_WRT};
use super::gen::{self, Rng};
use crate::expand::expand;

/// Random inputs per generator in CI (a few seconds per test in a debug build).
const CI_COUNT: usize = 400;

fn count() -> usize {
    std::env::var("JACOBIAN_FUZZ_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CI_COUNT)
}

/// Panics already reported to the macro's owner, each with its ignored
/// regression test below: counted and printed, but not failures, so the fuzz
/// tests keep guarding against new panics. Remove an entry once it is fixed.
const KNOWN_PANICS: &[&str] = &[];

fn seed() -> u64 {
    std::env::var("JACOBIAN_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED)
}

/// What one expansion produced.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// The generated module, no error.
    Module,
    /// Spanned errors (and the user's function, and maybe a stub module).
    Errors,
    /// Not a function: the item and one error.
    NotAFunction,
}

/// Tallies of a fuzz run; any problem is kept with its input.
#[derive(Default)]
struct Report {
    inputs: usize,
    modules: usize,
    errors: usize,
    not_functions: usize,
    known_panics: usize,
    problems: Vec<String>,
}

impl Report {
    fn run(&mut self, attr: &TokenStream, item: &TokenStream) -> Option<Outcome> {
        self.run_with(expand, attr, item)
    }

    /// Runs one input through `entry` (an attribute's expansion).
    fn run_with(
        &mut self,
        entry: Entry,
        attr: &TokenStream,
        item: &TokenStream,
    ) -> Option<Outcome> {
        self.inputs += 1;
        match expand_checked(entry, attr, item) {
            Ok(o) => {
                match o {
                    Outcome::Module => self.modules += 1,
                    Outcome::Errors => self.errors += 1,
                    Outcome::NotAFunction => self.not_functions += 1,
                }
                Some(o)
            }
            Err(why) if KNOWN_PANICS.iter().any(|k| why == format!("PANIC: {k}")) => {
                self.known_panics += 1;
                None
            }
            Err(why) => {
                self.problems
                    .push(format!("{why}\n  attr: {attr}\n  item: {item}"));
                None
            }
        }
    }

    #[track_caller]
    fn finish(self, what: &str) {
        println!(
            "{what}: {} inputs: {} generated modules, {} functions with errors, \
             {} not functions, {} known panics, {} problems",
            self.inputs,
            self.modules,
            self.errors,
            self.not_functions,
            self.known_panics,
            self.problems.len()
        );
        assert!(
            self.problems.is_empty(),
            "{what}: {} of {} inputs failed:\n{}",
            self.problems.len(),
            self.inputs,
            self.problems.join("\n")
        );
    }
}

/// An attribute's expansion: `#[differentiate]`'s or `#[derivative]`'s.
type Entry = fn(TokenStream, TokenStream) -> TokenStream;

/// Expands under `catch_unwind` and checks the output's shape.
fn expand_checked(entry: Entry, attr: &TokenStream, item: &TokenStream) -> Result<Outcome, String> {
    let (a, i) = (attr.clone(), item.clone());
    let out = catch_unwind(AssertUnwindSafe(|| entry(a, i))).map_err(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_string()))
            .unwrap_or_default();
        format!("PANIC: {msg}")
    })?;
    match syn::parse2::<syn::ItemFn>(item.clone()) {
        Ok(f) => check_function_output(&f, &out),
        Err(_) => check_rejected_item(item, &out).map(|()| Outcome::NotAFunction),
    }
}

/// A non-function comes back unchanged, followed by one `compile_error!`.
fn check_rejected_item(item: &TokenStream, out: &TokenStream) -> Result<(), String> {
    let trees: Vec<TokenTree> = out.clone().into_iter().collect();
    let n = item.clone().into_iter().count();
    let (head, tail) = trees.split_at(n.min(trees.len()));
    let head: TokenStream = head.iter().cloned().collect();
    if head.to_string() != item.to_string() {
        return Err("the rejected item is not emitted unchanged".into());
    }
    let tail: TokenStream = tail.iter().cloned().collect();
    let mac = syn::parse2::<syn::ItemMacro>(tail.clone())
        .map_err(|e| format!("the error after a rejected item is not one macro ({e}): {tail}"))?;
    check_compile_error(&mac.mac).map(|_| ())
}

/// A function comes back as a file holding the function unchanged, and the
/// generated module or errors.
fn check_function_output(input: &syn::ItemFn, out: &TokenStream) -> Result<Outcome, String> {
    let file = syn::parse2::<syn::File>(out.clone())
        .map_err(|e| format!("the output does not parse as Rust items ({e}):\n{out}"))?;
    match file.items.first() {
        Some(syn::Item::Fn(f)) if same_function(input, f) => {}
        _ => return Err("the user's function is not emitted first and unchanged".into()),
    }
    let mut errors = Vec::new();
    let mut modules = 0;
    for item in &file.items[1..] {
        match item {
            syn::Item::Macro(m) => errors.push(check_compile_error(&m.mac)?),
            syn::Item::Mod(m) if m.ident == input.sig.ident => modules += 1,
            other => {
                return Err(format!(
                    "unexpected item in the output: {}",
                    other.to_token_stream()
                ))
            }
        }
    }
    if modules > 1 {
        return Err("several generated modules".into());
    }
    if errors.is_empty() {
        if modules == 0 {
            return Err("no error and no generated module".into());
        }
        if has_macro(&file, "unreachable") {
            return Err("no error but a stub body in the generated module".into());
        }
        return Ok(Outcome::Module);
    }
    Ok(Outcome::Errors)
}

/// The same function, up to added `#[allow(..)]` attributes.
fn same_function(input: &syn::ItemFn, output: &syn::ItemFn) -> bool {
    let text = |t: &dyn ToTokens| t.to_token_stream().to_string();
    let n = input.attrs.len();
    output.attrs.len() >= n
        && input
            .attrs
            .iter()
            .zip(&output.attrs)
            .all(|(a, b)| text(a) == text(b))
        && output.attrs[n..].iter().all(|a| a.path().is_ident("allow"))
        && text(&input.vis) == text(&output.vis)
        && text(&input.sig) == text(&output.sig)
        && text(&input.block) == text(&output.block)
}

/// `::core::compile_error! { "message" }` with a non-empty message that
/// does not start with a capital (house style: lowercase diagnostics).
fn check_compile_error(mac: &syn::Macro) -> Result<String, String> {
    let last = mac.path.segments.last().map(|s| s.ident.to_string());
    if last.as_deref() != Some("compile_error") {
        return Err(format!("unexpected macro: {}", mac.to_token_stream()));
    }
    let msg: syn::LitStr = mac
        .parse_body()
        .map_err(|e| format!("compile_error! without a string ({e})"))?;
    let msg = msg.value();
    match msg.chars().next() {
        None => Err("empty error message".into()),
        Some(c) if c.is_uppercase() => Err(format!("error message starts with a capital: {msg}")),
        Some(_) => Ok(msg),
    }
}

fn has_macro(file: &syn::File, name: &str) -> bool {
    struct Find<'a>(&'a str, bool);
    impl<'ast> Visit<'ast> for Find<'_> {
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            self.1 |= m.path.segments.last().is_some_and(|s| s.ident == self.0);
        }
    }
    let mut v = Find(name, false);
    v.visit_file(file);
    v.1
}

fn parse(src: &str) -> TokenStream {
    src.parse()
        .unwrap_or_else(|e| panic!("corpus entry does not tokenize ({e}): {src}"))
}

/// The supported functions of the corpus.
fn corpus_functions() -> Vec<(TokenStream, TokenStream)> {
    let mut v: Vec<(TokenStream, TokenStream)> = SUPPORTED
        .iter()
        .map(|s| (TokenStream::new(), parse(s)))
        .collect();
    v.extend(SUPPORTED_WRT.iter().map(|(a, s)| (parse(a), parse(s))));
    v
}

/// The supported functions, the snapshot inputs among them.
fn supported() -> Vec<(TokenStream, TokenStream)> {
    let mut v = corpus_functions();
    for (_, src) in super::snapshots::inputs() {
        let parts = super::snapshots::functions(&src).into_iter();
        v.extend(parts.filter_map(|(attr, item)| Some((attr?, item))));
    }
    v
}

#[test]
fn supported_functions_expand_without_errors() {
    let mut r = Report::default();
    for (attr, item) in supported() {
        let o = r.run(&attr, &item);
        assert_eq!(o, Some(Outcome::Module), "expected a module for {item}");
    }
    r.finish("supported functions");
}

/// The same input must give the same output (reproducible builds, stable
/// snapshots): here three values are overwritten outside loops, so the
/// adjoint declares three save slots.
#[test]
fn expansion_is_deterministic() {
    let item = parse(
        "fn f(x: f64) -> f64 {
            let mut a = x; a = a * a;
            let mut b = x; b = b * b;
            let mut c = x; c = c * c;
            a * b * c
        }",
    );
    let first = crate::expand::pretty(&expand(TokenStream::new(), item.clone()));
    for _ in 0..10 {
        let again = crate::expand::pretty(&expand(TokenStream::new(), item.clone()));
        assert!(
            again == first,
            "two expansions of the same function differ:\n{}",
            super::snapshots::diff(&first, &again)
        );
    }
}

#[test]
fn items_outside_the_subset_are_errors() {
    let mut r = Report::default();
    for src in REJECTED {
        if r.run(&TokenStream::new(), &parse(src)) == Some(Outcome::Module) {
            r.problems.push(format!("accepted without an error: {src}"));
        }
    }
    r.finish("items outside the subset");
}

#[test]
fn functions_at_the_edges_of_the_subset() {
    let mut r = Report::default();
    for src in EDGES {
        r.run(&TokenStream::new(), &parse(src));
    }
    r.finish("functions at the edges of the subset");
}

#[test]
fn random_token_streams() {
    let mut rng = Rng::new(seed());
    let mut r = Report::default();
    for k in 0..count() {
        let item = if k % 2 == 0 {
            let n = 1 + rng.below(40);
            gen::stream(&mut rng, n, 3)
        } else {
            // Inside a function's frame, as short statements, so that
            // parsing more often succeeds and lowering sees odd expressions.
            let n = if rng.one_in(4) { 1 + rng.below(3) } else { 0 };
            let sig = gen::stream(&mut rng, n, 1);
            let stmts: Vec<TokenStream> = (0..1 + rng.below(4))
                .map(|_| {
                    let n = 1 + rng.below(4);
                    gen::stream(&mut rng, n, 2)
                })
                .collect();
            quote!(fn f(x: f64, #sig) -> f64 { #(let a = #stmts;)* a })
        };
        let attr = if rng.one_in(4) {
            let n = 1 + rng.below(5);
            gen::stream(&mut rng, n, 2)
        } else {
            TokenStream::new()
        };
        r.run(&attr, &item);
    }
    r.finish("random token streams");
}

#[test]
fn random_functions() {
    let mut rng = Rng::new(seed() ^ 3);
    let mut r = Report::default();
    for _ in 0..count() / 5 {
        let (attr, item) = super::grammar::function(&mut rng);
        r.run(&attr, &item);
    }
    r.finish("random functions");
}

#[test]
fn every_truncation_of_supported_functions() {
    let mut r = Report::default();
    for (attr, item) in corpus_functions() {
        let flat = gen::flatten(&item);
        for n in 0..=flat.len() {
            r.run(&attr, &gen::unflatten(&flat[..n]));
            if n % 4 == 0 {
                // The same cut with the end kept: a hole in the middle.
                let rest = &flat[(n + 3).min(flat.len())..];
                r.run(&attr, &gen::unflatten(&[&flat[..n], rest].concat()));
            }
        }
    }
    r.finish("truncations");
}

#[test]
fn random_mutations_of_supported_functions() {
    let mut rng = Rng::new(seed() ^ 1);
    let corpus = supported();
    let mut r = Report::default();
    for _ in 0..count() * 4 {
        let (attr, item) = rng.pick(&corpus);
        let mut flat = gen::flatten(item);
        for _ in 0..1 + rng.below(4) {
            gen::mutate(&mut rng, &mut flat);
        }
        r.run(attr, &gen::unflatten(&flat));
    }
    r.finish("mutations");
}

#[test]
fn random_attribute_arguments() {
    let mut rng = Rng::new(seed() ^ 2);
    let corpus = supported();
    let mut r = Report::default();
    // Each argument list with every fourth function, a different fourth each time.
    for (k, attr) in ATTRS.iter().enumerate() {
        for (_, item) in corpus.iter().skip(k % 4).step_by(4) {
            r.run(&parse(attr), item);
        }
    }
    for _ in 0..count() / 2 {
        let n = 1 + rng.below(6);
        let attr = gen::stream(&mut rng, n, 2);
        let (_, item) = rng.pick(&corpus);
        r.run(&attr, item);
    }
    r.finish("attribute arguments");
}

/// `#[derivative(..)]` arguments: the two rules, their mistakes, and nonsense.
const DECLARED_ATTRS: &[&str] = &[
    "partials = p",
    "partials = p, second = s",
    "partials = m::p",
    "jvp = j, vjp = v",
    "jvp = j, vjp = v, hvp = h",
    "jvp = j",
    "vjp = v",
    "partials = p, jvp = j",
    "second = s",
    "hvp = h",
    "",
    "partials",
    "partials = ",
    "partials = 1",
    "partials = p, partials = q",
    "dump",
];

#[test]
fn declared_derivatives_never_panic() {
    let mut rng = Rng::new(seed() ^ 3);
    let corpus = supported();
    let entry: Entry = crate::declared::expand;
    let mut r = Report::default();
    for attr in DECLARED_ATTRS {
        for (_, item) in &corpus {
            r.run_with(entry, &parse(attr), item);
        }
    }
    for (_, item) in corpus.iter().take(8) {
        let toks: Vec<_> = item.clone().into_iter().collect();
        for cut in 0..toks.len() {
            let part: TokenStream = toks[..cut].iter().cloned().collect();
            r.run_with(entry, &parse("jvp = j, vjp = v"), &part);
        }
    }
    for _ in 0..count() / 4 {
        let n = 1 + rng.below(6);
        let attr = gen::stream(&mut rng, n, 2);
        let (_, item) = rng.pick(&corpus);
        r.run_with(entry, &attr, item);
    }
    r.finish("declared derivatives");
}

// Regressions: minimal inputs that made the expansion panic.

#[track_caller]
fn assert_error_without_panic(item: &str) {
    let outcome = expand_checked(expand, &TokenStream::new(), &parse(item));
    assert_eq!(outcome, Ok(Outcome::Errors), "{item}");
}

#[test]
fn regression_break_outside_a_loop() {
    assert_error_without_panic("fn f(x: f64) -> f64 { break; x }");
}

#[test]
fn regression_continue_outside_a_loop() {
    assert_error_without_panic("fn f(x: f64) -> f64 { continue; x }");
}
