//! Wine's IDL corpus as one crate: every file widl accepts, through `cpidl crate`, then `cargo
//! check` on the crate. Prints the files, modules, definitions generated and left out, the check's
//! errors and the times.
//!
//! Needs what `corpus.rs` needs (SKIP without, unless CONTENTPARTNER_REQUIRE_ALL=1). Every file
//! widl accepts has its module, and the crate checks without an error. No definition is left out
//! (what the generator cannot write would be, with a diagnostic). Every generic instantiation
//! widl's headers define must be generated with widl's IID.

#[path = "support/crates.rs"]
mod crates;
#[path = "support/wine.rs"]
mod wine;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use wine::{CORPUS, corpus_available, corpus_files, widl_header};

/// The IID of each generic instantiation in a widl header, by our name for it: widl's without
/// the two leading underscores.
fn instantiation_iids(header: &str) -> BTreeMap<String, String> {
    header
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("DEFINE_GUID(IID___F")?.strip_suffix(");")?;
            let mut parts = rest.split(',').map(str::trim);
            let name = format!("F{}", parts.next()?);
            let n: Vec<u64> =
                parts.map(|p| u64::from_str_radix(p.trim_start_matches("0x"), 16)).collect::<Result<_, _>>().ok()?;
            let [d1, d2, d3, rest @ ..] = n.as_slice() else { return None };
            let tail: String = rest.iter().map(|b| format!("{b:02x}")).collect();
            Some((name, format!("{d1:08x}-{d2:04x}-{d3:04x}-{}-{}", &tail[..4], &tail[4..])))
        })
        .collect()
}

/// The IID of each instantiation the crate defines, from the doc line the generator writes.
fn generated_iids(src: &Path) -> BTreeMap<String, String> {
    let mut iids = BTreeMap::new();
    for entry in std::fs::read_dir(src).expect("crate sources") {
        let code = std::fs::read_to_string(entry.expect("entry").path()).expect("module readable");
        iids.extend(code.lines().filter_map(|l| {
            let rest = l.trim().strip_prefix("/// The COM interface `F")?;
            let (name, rest) = rest.split_once("`, IID `{")?;
            // `FIVectorView_1_HSTRING`: the count of arguments second, unlike any IDL name.
            name.split('_').nth(1)?.parse::<u8>().ok()?;
            Some((format!("F{name}"), rest.split_once('}')?.0.to_string()))
        }));
    }
    iids
}

#[test]
fn wine_corpus_is_one_crate() {
    if !corpus_available("wine_corpus_is_one_crate") {
        return;
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let scratch = tmp.join("wine-corpus-widl");
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    let mut widl_iids = BTreeMap::new();
    let accepted: Vec<PathBuf> = corpus_files()
        .into_iter()
        .filter(|f| widl_header(f, &scratch).map(|h| widl_iids.extend(instantiation_iids(&h))).is_some())
        .collect();
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

    let ours = generated_iids(&out.join("src"));
    let compared: Vec<(&String, &String, &String)> =
        widl_iids.iter().filter_map(|(n, w)| ours.get(n).map(|o| (n, w, o))).collect();
    let wrong: Vec<_> = compared.iter().filter(|(_, w, o)| w != o).collect();
    let missing: Vec<&String> = widl_iids.keys().filter(|n| !ours.contains_key(*n)).collect();
    println!(
        "generic instantiations: {} in widl's headers, {} generated, {} compared, {} differ; not generated: {missing:?}",
        widl_iids.len(),
        ours.len(),
        compared.len(),
        wrong.len()
    );
    assert!(wrong.is_empty(), "IIDs that differ from widl's (name, widl, ours): {wrong:#?}");
    // Every instantiation of widl's headers is generated.
    assert!(missing.is_empty(), "{} of widl's instantiations not generated: {missing:?}", missing.len());

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
    assert_eq!(left_out, 0, "definitions left out of the corpus crate");
}
