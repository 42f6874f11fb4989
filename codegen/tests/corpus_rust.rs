//! The Rust generator over Wine's IDL corpus (Debian's libwine-dev): for every file `cpidl check`
//! accepts, `cpidl rust` either succeeds or fails with diagnostics at a `file:line:col`, and never
//! panics. Prints how many interfaces got safe callers and a `Handler` trait.
//!
//! Needs `/usr/include/wine/wine/windows` (and widl, as the other corpus tests); without them it
//! prints a SKIP line, unless
//! CONTENTPARTNER_REQUIRE_ALL=1 (as in CI), where its absence fails.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use contentpartner_codegen::rust::{RustOptions, generate};
use contentpartner_codegen::{Options, Session};

// Shared with the tests that also run widl.
#[allow(dead_code)]
#[path = "support/wine.rs"]
mod wine;

use wine::{CORPUS, corpus_available, corpus_files};

/// Interfaces in generated code: how many have a `_Vtbl`, safe (non-`unsafe`) callers, a handler.
#[derive(Default)]
struct Counts {
    interfaces: usize,
    safe_callers: usize,
    handlers: usize,
}

fn count(code: &str, counts: &mut Counts) {
    let file = syn::parse_file(code).expect("generated code parses");
    for item in &file.items {
        match item {
            syn::Item::Struct(s) if s.ident.to_string().ends_with("_Vtbl") => counts.interfaces += 1,
            syn::Item::Trait(t) if t.ident.to_string().ends_with("Handler") => counts.handlers += 1,
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let safe = i.items.iter().any(
                    |it| matches!(it, syn::ImplItem::Fn(f) if f.sig.unsafety.is_none() && f.sig.receiver().is_some()),
                );
                let is_vtbl = matches!(&*i.self_ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident.to_string().ends_with("_Vtbl")));
                if safe && !is_vtbl {
                    counts.safe_callers += 1;
                }
            }
            _ => {}
        }
    }
}

#[test]
fn corpus_generates_or_explains() {
    if !corpus_available("corpus_generates_or_explains") {
        return;
    }
    let files = corpus_files();
    let mut session = Session::new(Options { include_dirs: vec![PathBuf::from(CORPUS)], defines: Vec::new() });
    let (mut checked_ok, mut generated, mut counts) = (0, 0, Counts::default());
    let mut failures = Vec::new();
    for file in &files {
        let checked = session.check_file(file);
        if !checked.is_ok() {
            continue;
        }
        checked_ok += 1;
        let name = file.file_name().expect("file name").to_string_lossy().into_owned();
        match catch_unwind(AssertUnwindSafe(|| generate(&checked, &name, &RustOptions::default()))) {
            Err(_) => failures.push(format!("{}: the generator panicked", file.display())),
            Ok(Ok(code)) => {
                generated += 1;
                count(&code, &mut counts);
            }
            Ok(Err(diags)) => {
                // Each problem names its place: `path:line:col: error: ...`.
                for d in diags.iter() {
                    let headline = d.headline(session.sources());
                    let located = headline.split(": ").next().is_some_and(|at| at.matches(':').count() >= 2);
                    if !located {
                        failures.push(format!("{}: a diagnostic without a place: {headline}", file.display()));
                    }
                }
                if diags.is_empty() {
                    failures.push(format!("{}: generation failed without a diagnostic", file.display()));
                }
            }
        }
    }
    println!(
        "corpus rust: {} IDL files, {checked_ok} pass cpidl check, {generated} generate; {} interfaces generated, {} with safe callers, {} with a Handler",
        files.len(),
        counts.interfaces,
        counts.safe_callers,
        counts.handlers
    );
    assert!(checked_ok > 200, "only {checked_ok} files pass cpidl check; is the corpus complete?");
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}
