//! Input generators for the fuzz tests: a seeded random generator, random
//! token streams, and mutations of token streams.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

/// A small deterministic generator (xorshift64*), so every failure is
/// reproducible from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Identifiers the macro gives meaning to, keywords, and names of the
/// generated items, so random streams hit the interesting paths.
const IDENTS: &[&str] = &[
    "x", "y", "z", "i", "j", "n", "s", "t", "a", "b", "f", "g", "T", "S", "f64", "f32", "usize",
    "i32", "u8", "bool", "Vec", "Option", "Some", "None", "Float", "Self", "self", "super",
    "crate", "fn", "let", "mut", "if", "else", "for", "in", "while", "loop", "break", "continue",
    "return", "match", "as", "const", "static", "struct", "impl", "trait", "where", "async",
    "await", "unsafe", "move", "ref", "dyn", "pub", "mod", "use", "type", "enum", "true", "false",
    "sin", "cos", "exp", "ln", "powi", "powf", "sqrt", "max", "min", "mul_add", "atan2", "hypot",
    "abs", "len", "clone", "iter", "map", "sum", "step_by", "rev", "zero", "one", "from", "unwrap",
    "vec", "println", "wrt", "dump", "tangent", "adjoint", "jacobian", "bind", "PI", "consts", "_",
    "__t0", "x__d", "x__b", "__ab", "__stack", "__k",
];

const PUNCTS: &[char] = &[
    '+', '-', '*', '/', '%', '=', '<', '>', '!', '&', '|', '^', ';', ':', ',', '.', '#', '?', '@',
    '~', '$', '\'',
];

/// A random literal of any kind the tokenizer accepts (always finite: the
/// constructors of non-finite floats panic in `proc_macro2` itself).
pub fn literal(rng: &mut Rng) -> Literal {
    let r = rng.next_u64();
    match rng.below(14) {
        0 => Literal::u64_unsuffixed(r % 20),
        1 => Literal::usize_suffixed(r as usize % 8),
        2 => Literal::i32_suffixed(-((r % 100) as i32)),
        3 => Literal::f64_unsuffixed((r % 1000) as f64 / 8.0),
        4 => Literal::f64_suffixed((r % 7) as f64),
        5 => Literal::f32_suffixed(0.5),
        6 => Literal::string("x"),
        7 => Literal::character('c'),
        8 => Literal::byte_string(b"b"),
        9 => Literal::u64_unsuffixed(r),
        10 => Literal::f64_unsuffixed(f64::MAX),
        11 => Literal::f64_unsuffixed(f64::MIN_POSITIVE),
        12 => text_literal(rng),
        _ => Literal::u128_unsuffixed(u128::MAX),
    }
}

/// Literals spelled in source form: overflowing, exotic suffixes, other bases.
fn text_literal(rng: &mut Rng) -> Literal {
    const TEXTS: &[&str] = &[
        "1e400",
        "1e-400",
        "99999999999999999999999999999999999999999",
        "0x10",
        "0b101",
        "0o17",
        "1_000usize",
        "2.5f32",
        "3f64",
        "1u8",
        "256u8",
        "1.0e10_f64",
        "0.",
        "'\\u{10FFFF}'",
        "r#\"raw\"#",
        "b'a'",
        "c\"c\"",
        "1i128",
        "7foo",
    ];
    rng.pick(TEXTS).parse().expect("a literal")
}

/// A random token tree; groups nest at most `depth` levels.
pub fn token(rng: &mut Rng, depth: usize) -> TokenTree {
    match rng.below(10) {
        0..=3 => TokenTree::Ident(ident(rng)),
        4..=5 => TokenTree::Literal(literal(rng)),
        6..=8 => {
            let spacing = if rng.one_in(3) {
                Spacing::Joint
            } else {
                Spacing::Alone
            };
            TokenTree::Punct(Punct::new(*rng.pick(PUNCTS), spacing))
        }
        _ if depth == 0 => TokenTree::Ident(ident(rng)),
        _ => {
            let delim = *rng.pick(&[
                Delimiter::Parenthesis,
                Delimiter::Brace,
                Delimiter::Bracket,
                Delimiter::None,
            ]);
            let len = rng.below(6);
            TokenTree::Group(Group::new(delim, stream(rng, len, depth - 1)))
        }
    }
}

/// An identifier from the pool (sometimes raw, sometimes fresh).
pub fn ident(rng: &mut Rng) -> Ident {
    let name = *rng.pick(IDENTS);
    let raw_ok = !matches!(name, "self" | "super" | "crate" | "Self" | "_");
    if raw_ok && rng.one_in(30) {
        Ident::new_raw(name, Span::call_site())
    } else if rng.one_in(20) {
        Ident::new(&format!("v{}", rng.below(1000)), Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// A stream of `len` random token trees.
pub fn stream(rng: &mut Rng, len: usize, depth: usize) -> TokenStream {
    (0..len).map(|_| token(rng, depth)).collect()
}

/// A token of a flattened stream: a leaf, or the opening or closing of a group.
#[derive(Clone)]
pub enum Flat {
    Leaf(TokenTree),
    Open(Delimiter),
    Close,
}

/// Flattens a stream so it can be cut and spliced anywhere, inside groups too.
pub fn flatten(ts: &TokenStream) -> Vec<Flat> {
    let mut out = Vec::new();
    for tt in ts.clone() {
        match tt {
            TokenTree::Group(g) => {
                out.push(Flat::Open(g.delimiter()));
                out.extend(flatten(&g.stream()));
                out.push(Flat::Close);
            }
            leaf => out.push(Flat::Leaf(leaf)),
        }
    }
    out
}

/// Rebuilds a stream from flat tokens, dropping unmatched closings and
/// closing the groups left open (so any cut is a well-formed stream).
pub fn unflatten(flat: &[Flat]) -> TokenStream {
    let mut stack: Vec<(Delimiter, Vec<TokenTree>)> = vec![(Delimiter::None, Vec::new())];
    for f in flat {
        match f {
            Flat::Leaf(t) => stack.last_mut().expect("root").1.push(t.clone()),
            Flat::Open(d) => stack.push((*d, Vec::new())),
            Flat::Close if stack.len() > 1 => close(&mut stack),
            Flat::Close => {}
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().expect("root").1.into_iter().collect()
}

fn close(stack: &mut Vec<(Delimiter, Vec<TokenTree>)>) {
    let (d, toks) = stack.pop().expect("group");
    let g = Group::new(d, toks.into_iter().collect());
    stack
        .last_mut()
        .expect("parent")
        .1
        .push(TokenTree::Group(g));
}

/// One random edit of a flattened stream: delete, duplicate, swap, insert,
/// or replace a token (identifiers by identifiers, literals by literals).
pub fn mutate(rng: &mut Rng, flat: &mut Vec<Flat>) {
    if flat.is_empty() {
        flat.push(Flat::Leaf(token(rng, 1)));
        return;
    }
    let k = rng.below(flat.len());
    match rng.below(7) {
        0 => {
            flat.remove(k);
        }
        1 => {
            let t = flat[k].clone();
            flat.insert(k, t);
        }
        2 => {
            let j = rng.below(flat.len());
            flat.swap(k, j);
        }
        3 => flat.insert(k, Flat::Leaf(token(rng, 1))),
        4 => {
            let end = (k + 1 + rng.below(8)).min(flat.len());
            flat.drain(k..end);
        }
        _ => flat[k] = replace(rng, &flat[k]),
    }
}

fn replace(rng: &mut Rng, f: &Flat) -> Flat {
    match f {
        Flat::Leaf(TokenTree::Ident(_)) => Flat::Leaf(TokenTree::Ident(ident(rng))),
        Flat::Leaf(TokenTree::Literal(_)) => Flat::Leaf(TokenTree::Literal(literal(rng))),
        _ => Flat::Leaf(token(rng, 1)),
    }
}
