//! Expansion snapshots: for every `tests/expand/NAME.rs`, the code generated
//! for its `#[differentiate]` functions, pretty-printed, must equal
//! `tests/expand/NAME.expanded.rs`.
//!
//! After a deliberate change to the generated code, regenerate the snapshots
//! with `JACOBIAN_BLESS=1 cargo test -p jacobian-macro snapshots` and review
//! them with `git diff`.

use std::fs;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::expand::{expand, pretty};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/expand")
}

/// `(NAME, source)` of every snapshot input, sorted by name.
pub fn inputs() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = fs::read_dir(dir())
        .expect("tests/expand exists")
        .map(|e| e.expect("a directory entry").path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.strip_suffix(".rs")?.to_string();
            if name.ends_with(".expanded") {
                return None;
            }
            let src = fs::read_to_string(&p).expect("a readable input");
            Some((name, src))
        })
        .collect();
    v.sort();
    v
}

/// The items of a source file: `(Some(attribute arguments), function without
/// the attribute)` for the `#[differentiate]` functions, `(None, item)` for
/// the others.
pub fn functions(src: &str) -> Vec<(Option<TokenStream>, TokenStream)> {
    let file: syn::File = syn::parse_str(src).expect("a snapshot input parses");
    file.items
        .into_iter()
        .map(|item| match item {
            syn::Item::Fn(mut f) => {
                let attr = f
                    .attrs
                    .iter()
                    .position(|a| a.path().is_ident("differentiate"))
                    .map(|k| match f.attrs.remove(k).meta {
                        syn::Meta::List(l) => l.tokens,
                        _ => TokenStream::new(),
                    });
                (attr, f.into_token_stream())
            }
            other => (None, other.into_token_stream()),
        })
        .collect()
}

/// A `#[derivative(args)]` function: `(args, the function without the attribute)`.
fn declared(item: &TokenStream) -> Option<(TokenStream, TokenStream)> {
    let mut f: syn::ItemFn = syn::parse2(item.clone()).ok()?;
    let k = f
        .attrs
        .iter()
        .position(|a| a.path().is_ident("derivative"))?;
    let args = match f.attrs.remove(k).meta {
        syn::Meta::List(l) => l.tokens,
        _ => TokenStream::new(),
    };
    Some((args, f.into_token_stream()))
}

/// The file as the compiler sees it after expansion, pretty-printed.
fn expand_file(src: &str) -> String {
    let mut out = TokenStream::new();
    for (attr, item) in functions(src) {
        match (attr, declared(&item)) {
            (Some(args), _) => out.extend(expand(args, item)),
            (None, Some((args, f))) => out.extend(crate::declared::expand(args, f)),
            (None, None) => out.extend(item),
        }
    }
    pretty(&out)
}

#[test]
fn expansions_match_snapshots() {
    let bless = std::env::var("JACOBIAN_BLESS").is_ok_and(|v| v == "1");
    let inputs = inputs();
    assert!(inputs.len() >= 4, "snapshot inputs are missing");
    let mut failures = Vec::new();
    for (name, src) in &inputs {
        let got = expand_file(src);
        assert!(
            !got.contains("compile_error"),
            "{name}.rs: the snapshot input does not expand cleanly:\n{got}"
        );
        let path = dir().join(format!("{name}.expanded.rs"));
        if bless {
            fs::write(&path, &got).expect("the snapshot is writable");
            continue;
        }
        let want = fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            failures.push(format!(
                "tests/expand/{name}.expanded.rs differs from the expansion of {name}.rs \
                 (- snapshot, + now):\n{}",
                diff(&want, &got)
            ));
        }
    }
    for entry in fs::read_dir(dir()).expect("tests/expand exists") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if let Some(stem) = name.strip_suffix(".expanded.rs") {
            if !inputs.iter().any(|(n, _)| n == stem) {
                failures.push(format!("tests/expand/{name} has no input {stem}.rs"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended, run `JACOBIAN_BLESS=1 cargo test -p jacobian-macro \
         snapshots` and review the result with `git diff`.",
        failures.join("\n\n")
    );
}

/// A line diff (longest common subsequence) with three lines of context,
/// at most 80 lines long.
pub fn diff(old: &str, new: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', i + 1, a[i]));
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(('+', j + 1, b[j]));
            j += 1;
        } else {
            ops.push(('-', i + 1, a[i]));
            i += 1;
        }
    }
    let near = |k: usize| {
        ops[k.saturating_sub(3)..(k + 4).min(ops.len())]
            .iter()
            .any(|o| o.0 != ' ')
    };
    let lines: Vec<String> = (0..ops.len())
        .filter(|&k| near(k))
        .map(|k| format!("{} {:>5} {}", ops[k].0, ops[k].1, ops[k].2))
        .collect();
    let shown = lines.len().min(80);
    let mut s = lines[..shown].join("\n");
    if lines.len() > shown {
        s += &format!("\n… {} more lines", lines.len() - shown);
    }
    s
}

#[test]
fn the_diff_shows_changed_lines() {
    let d = diff("a\nb\nc\n", "a\nx\nc\nd\n");
    assert!(
        d.contains("-     2 b") && d.contains("+     2 x") && d.contains("+     4 d"),
        "{d}"
    );
    assert!(diff("same\n", "same\n").is_empty());
}
