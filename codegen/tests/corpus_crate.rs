//! Wine's IDL corpus as one crate: every file widl accepts, through `cpidl crate`, then `cargo
//! check` on the crate. Prints the files, modules, definitions generated and left out, the check's
//! errors and the times.
//!
//! Needs what `corpus.rs` needs (SKIP without, unless CONTENTPARTNER_REQUIRE_ALL=1). Every file
//! widl accepts has its module, and the crate checks without an error. What the generator cannot
//! write yet (WinRT generics, and what uses them) is left out with a diagnostic; that count may
//! only go down.

#[path = "support/crates.rs"]
mod crates;
#[path = "support/wine.rs"]
mod wine;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use wine::{CORPUS, corpus_available, corpus_files, widl_header};

/// Definitions left out of the corpus crate today: WinRT generic interfaces and what uses them.
const LEFT_OUT_TODAY: usize = 77;

#[test]
fn wine_corpus_is_one_crate() {
    if !corpus_available("wine_corpus_is_one_crate") {
        return;
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let scratch = tmp.join("wine-corpus-widl");
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    let accepted: Vec<PathBuf> = corpus_files().into_iter().filter(|f| widl_header(f, &scratch).is_some()).collect();
    assert!(accepted.len() > 200, "widl accepted only {} files; is the corpus complete?", accepted.len());

    let out = tmp.join("wine-corpus-crate");
    let mut args: Vec<&OsStr> = vec![OsStr::new("-I"), OsStr::new(CORPUS)];
    args.extend(accepted.iter().map(|f| f.as_os_str()));
    let started = Instant::now();
    let run = crates::cpidl_crate("wine-corpus", &out, true, &args);
    let generation = started.elapsed();
    let stdout = String::from_utf8_lossy(&run.stdout);
    // cpidl fails only on a file with IDL errors, which would have no module: none is left out.
    assert!(run.status.success(), "cpidl crate failed:\n{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
    let summary = stdout.lines().last().unwrap_or_default();
    let count = |what: &str| -> usize {
        let before = summary.split(what).next().unwrap_or_default();
        before.trim_end().rsplit([' ', ',']).next().and_then(|n| n.parse().ok()).unwrap_or_else(|| {
            panic!("no `{what}` count in {summary:?}");
        })
    };
    let (modules, generated, left_out) = (count(" modules"), count(" definitions generated"), count(" left out"));

    let started = Instant::now();
    let check = crates::cargo_check(&out);
    let checking = started.elapsed();
    let stderr = String::from_utf8_lossy(&check.stderr);
    let errors = stderr.lines().filter(|l| l.starts_with("src/") && l.contains(": error")).count();
    println!(
        "corpus crate: {} files widl accepts, {modules} modules, {generated} definitions generated, {left_out} left out; \
         cargo check: {errors} errors; {:.1} s to generate, {:.1} s to check",
        accepted.len(),
        generation.as_secs_f64(),
        checking.as_secs_f64()
    );
    assert!(modules >= accepted.len(), "{modules} modules for {} files", accepted.len());
    assert_eq!(errors, 0, "cargo check:\n{stderr}");
    assert!(check.status.success(), "cargo check failed:\n{stderr}");
    assert!(left_out <= LEFT_OUT_TODAY, "{left_out} definitions left out, more than the {LEFT_OUT_TODAY} of before");
}
