//! Wine's IDL corpus laid out twice: `cpidl crate --layout` writes the corpus crate with every
//! module's layout table (each struct's and union's size, alignment and field offsets, each
//! vtable's slot offsets and size, named as widl's C header names them), the crate's
//! `cpidl_layout` program prints rustc's numbers, and mingw gcc computes the same from widl's
//! header of each file (read from the assembly of a probe, as `runtime/tests/widl_layout.rs`
//! does). Every row must be equal. Prints the rows compared, the rows skipped and why, the
//! differences, and the times.
//!
//! Needs what `corpus.rs` needs and `x86_64-w64-mingw32-gcc` (SKIP without, unless
//! CONTENTPARTNER_REQUIRE_ALL=1). Modules of the crate that do not compile yet (corpus_crate.rs
//! counts their errors) are left out of the build, with the modules that use them, and their
//! rows counted as skipped. The differences of today are a bound, as corpus_crate.rs's counts.
#![cfg(not(windows))]

// This test runs the crate rather than checking it: `cargo_check` is the other tests'.
#[allow(dead_code)]
#[path = "support/crates.rs"]
mod crates;
#[path = "support/wine.rs"]
mod wine;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use wine::{CORPUS, corpus_available, corpus_files, widl_header};

const GCC: &str = "x86_64-w64-mingw32-gcc";

/// Rows that differ today, a bound that may only go down (CONTENTPARTNER_CORPUS_COMPLETE=1 asks
/// for none). Of 2,291 on 32,843 rows compared: 104 whose numbers differ (packs the headers set in
/// `cpp_quote`, stand-ins the IDL declares for a system header's own types), the rest names and
/// probes gcc rejects (headers that do not compile alone; interfaces widl's header hides under
/// `#ifndef` of a system header, types declared under `#if 0`, members named by a macro that is
/// empty in C11's nameless mode).
const DIFFERENCES_TODAY: usize = 2291;

/// One row of the crate's table: `(C type, member)` and rustc's value.
struct Row {
    c_type: String,
    member: String,
    value: u64,
}

// gcc targets 64-bit Windows here; the Rust side must be 64-bit too.
#[cfg(target_pointer_width = "64")]
#[test]
fn wine_corpus_layout_equals_widl_and_gcc() {
    if !corpus_available("wine_corpus_layout_equals_widl_and_gcc") {
        return;
    }
    if Command::new(GCC).arg("--version").output().is_err() {
        let require = std::env::var("CONTENTPARTNER_REQUIRE_ALL").is_ok_and(|v| v == "1");
        assert!(!require, "{GCC} is missing (Debian: gcc-mingw-w64-x86-64) and CONTENTPARTNER_REQUIRE_ALL=1");
        println!("SKIP wine_corpus_layout_equals_widl_and_gcc: {GCC} is not installed");
        return;
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let headers = tmp.join("wine-layout-widl");
    let _ = std::fs::remove_dir_all(&headers);
    std::fs::create_dir_all(&headers).expect("scratch dir");
    let started = Instant::now();
    // widl's header of every file it accepts, each named as the file (what the probes include).
    let accepted: Vec<PathBuf> = corpus_files().into_iter().filter(|f| widl_header(f, &headers).is_some()).collect();
    assert!(accepted.len() > 200, "widl accepted only {} files; is the corpus complete?", accepted.len());

    let out = tmp.join("wine-layout-crate");
    let mut args: Vec<&OsStr> = vec![OsStr::new("--layout"), OsStr::new("-I"), OsStr::new(CORPUS)];
    args.extend(accepted.iter().map(|f| f.as_os_str()));
    let run = crates::cpidl_crate("wine-corpus", &out, true, &args);
    assert!(run.status.success(), "cpidl crate failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let generation = started.elapsed();

    let started = Instant::now();
    crates::own_workspace(&out);
    let (printed, dropped) = run_layout(&out);
    let building = started.elapsed();

    let mut rows: BTreeMap<String, Vec<Row>> = BTreeMap::new(); // by IDL file
    let mut skipped: Vec<String> = Vec::new();
    for line in printed.lines() {
        let parts: Vec<&str> = line.split('\t').collect();
        match parts.as_slice() {
            ["row", _, file, c_type, member, value] => rows.entry(file.to_string()).or_default().push(Row {
                c_type: c_type.to_string(),
                member: member.to_string(),
                value: value.parse().expect("a number"),
            }),
            ["skip", _, file, what, why] => skipped.push(format!("{file}: {what}: {why}")),
            _ => panic!("unexpected line from cpidl_layout: {line:?}"),
        }
    }
    // Files without a header of widl's (the built-in type libraries) have nothing to compare with.
    let mut no_header = 0;
    rows.retain(|file, r| {
        let has = headers.join(Path::new(file).with_extension("h")).is_file();
        if !has {
            no_header += r.len();
            skipped.push(format!("{file}: {} rows: widl writes no header of it", r.len()));
        }
        has
    });

    let started = Instant::now();
    let probes = tmp.join("wine-layout-probes");
    let _ = std::fs::remove_dir_all(&probes);
    std::fs::create_dir_all(&probes).expect("probe dir");
    let files: Vec<(&String, &Vec<Row>)> = rows.iter().collect();
    let results = parallel(&files, |(file, r)| probe(&headers, &probes, file, r));
    let probing = started.elapsed();

    let mut differences = Vec::new();
    let mut compared = 0;
    for ((file, r), gcc) in files.iter().zip(&results) {
        for (i, row) in r.iter().enumerate() {
            compared += 1;
            match &gcc[i] {
                Ok(theirs) if *theirs == row.value => {}
                Ok(theirs) => differences
                    .push(format!("{file}: {} {}: rustc {}, gcc {theirs}", row.c_type, row.member, row.value)),
                Err(e) => {
                    differences.push(format!("{file}: {} {}: rustc {}, gcc: {e}", row.c_type, row.member, row.value))
                }
            }
        }
    }
    let dropped_rows = dropped.values().sum::<usize>();
    println!("layout rows skipped ({}):", skipped.len() + dropped_rows);
    for s in &skipped {
        println!("  {s}");
    }
    for (module, n) in &dropped {
        println!("  module {module}: {n} rows: the module does not compile yet (or uses one that does not)");
    }
    println!("layout differences ({}):", differences.len());
    for d in &differences {
        println!("  {d}");
    }
    println!(
        "corpus layout: {compared} rows compared in {} files, {} skipped ({no_header} without a widl header, \
         {dropped_rows} in {} modules that do not compile), {} differences; {:.1} s to generate, \
         {:.1} s to build and run, {:.1} s for gcc",
        files.len(),
        skipped.len() + dropped_rows,
        dropped.len(),
        differences.len(),
        generation.as_secs_f64(),
        building.as_secs_f64(),
        probing.as_secs_f64()
    );
    assert!(compared > 20_000, "only {compared} rows compared");
    if std::env::var("CONTENTPARTNER_CORPUS_COMPLETE").is_ok_and(|v| v == "1") {
        assert!(differences.is_empty(), "{} layout differences:\n{}", differences.len(), differences.join("\n"));
    }
    assert!(
        differences.len() <= DIFFERENCES_TODAY,
        "{} layout differences, more than the {DIFFERENCES_TODAY} of before:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// Builds and runs the crate's `cpidl_layout`, its output and the rows of each module left out
/// of the build. A module with errors is left out (from `lib.rs` and the layout tables) with every
/// module that names it, until the crate builds; an error in a layout table is a failure.
fn run_layout(dir: &Path) -> (String, BTreeMap<String, usize>) {
    let src = dir.join("src");
    let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..4 {
        let run = crates::cargo(dir, &["run", "--bin", "cpidl_layout"]);
        if run.status.success() {
            return (String::from_utf8(run.stdout).expect("UTF-8 output"), dropped);
        }
        let stderr = String::from_utf8_lossy(&run.stderr);
        let mut failing: HashSet<String> = HashSet::new();
        for line in stderr.lines().filter(|l| l.contains(": error")) {
            assert!(
                !line.starts_with("src/cpidl_layout") && !line.starts_with("src/bin"),
                "a layout table is wrong:\n{stderr}"
            );
            if let Some(module) = line.strip_prefix("src/").and_then(|l| l.split_once(".rs:")).map(|(m, _)| m) {
                failing.insert(module.to_string());
            }
        }
        assert!(!failing.is_empty(), "the crate does not build, and not for an error in a module:\n{stderr}");
        // Every module that names one left out goes too.
        let modules: Vec<String> = std::fs::read_dir(&src)
            .expect("src")
            .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
            .filter(|m| m != "lib" && m != "bin" && m != "cpidl_layout")
            .collect();
        let texts: HashMap<&String, String> = modules
            .iter()
            .map(|m| (m, std::fs::read_to_string(src.join(format!("{m}.rs"))).unwrap_or_default()))
            .collect();
        loop {
            let users: Vec<String> = modules
                .iter()
                .filter(|m| !failing.contains(*m))
                .filter(|m| failing.iter().any(|f| texts[m].contains(&format!("super::{f}::"))))
                .cloned()
                .collect();
            if users.is_empty() {
                break;
            }
            failing.extend(users);
        }
        for module in &failing {
            let rows = std::fs::read_to_string(src.join("cpidl_layout").join(format!("{module}.rs")))
                .map(|t| {
                    t.lines().filter(|l| l.starts_with("    (\"") && l.matches("::core::mem::").count() == 1).count()
                })
                .unwrap_or(0);
            dropped.insert(module.clone(), rows);
            let named = |l: &str| {
                l.trim() == format!("pub mod {module};") || l.trim_start().starts_with(&format!("({module:?},"))
            };
            for file in [src.join("lib.rs"), src.join("cpidl_layout").join("mod.rs")] {
                let text = std::fs::read_to_string(&file).expect("generated file");
                let kept: Vec<&str> = text.lines().filter(|l| !named(l)).collect();
                std::fs::write(&file, kept.join("\n") + "\n").expect("generated file writable");
            }
        }
    }
    panic!("the crate still does not build after leaving out {} modules", dropped.len());
}

/// gcc's value of each row of `file`, from a probe that includes widl's header of it: a
/// constant per row, read back from the assembly. A row gcc rejects gets its error, and the
/// probe is compiled again without it.
fn probe(headers: &Path, probes: &Path, file: &str, rows: &[Row]) -> Vec<Result<u64, String>> {
    let stem = Path::new(file).file_stem().and_then(OsStr::to_str).expect("file stem");
    let mut results: Vec<Result<u64, String>> = vec![Err("not compiled".into()); rows.len()];
    let mut rejected: HashMap<usize, String> = HashMap::new();
    for _ in 0..8 {
        // The file's own header by path; its imports from the corpus, whose headers are widl's too
        // (the scratch dir cannot be searched: a header there may shadow a system one).
        let header = headers.join(format!("{stem}.h"));
        let mut c = format!("#include <stddef.h>\n#include \"{}\"\n", header.display());
        let first_line = 3;
        let mut line_of_row = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            line_of_row.push(first_line + i);
            if rejected.contains_key(&i) {
                c.push('\n');
                continue;
            }
            let expr = match r.member.as_str() {
                "sizeof" => format!("sizeof({})", r.c_type),
                "alignof" => format!("_Alignof({})", r.c_type),
                m => format!("__builtin_offsetof({}, {m})", r.c_type),
            };
            c.push_str(&format!("const unsigned long long cp_{i} = {expr};\n"));
        }
        let source = probes.join(format!("{stem}.c"));
        let asm = probes.join(format!("{stem}.s"));
        std::fs::write(&source, c).expect("probe written");
        let gcc = Command::new(GCC)
            .args(["-S", "-O0", "-w", "-o"])
            .arg(&asm)
            .arg("-I")
            .arg(CORPUS)
            .arg(&source)
            .output()
            .expect("gcc runs");
        if gcc.status.success() {
            let values = read_constants(&std::fs::read_to_string(&asm).expect("gcc wrote assembly"));
            for (i, r) in results.iter_mut().enumerate() {
                *r = match rejected.get(&i) {
                    Some(e) => Err(e.clone()),
                    None => values.get(&format!("cp_{i}")).copied().ok_or_else(|| "no constant".to_string()),
                };
            }
            return results;
        }
        // The rows on the lines gcc names; an error elsewhere (in the header) rejects the file.
        let stderr = String::from_utf8_lossy(&gcc.stderr);
        let prefix = format!("{}:", source.display());
        let mut new = 0;
        for line in stderr.lines().filter(|l| l.contains("error:")) {
            let at = line.strip_prefix(&prefix).and_then(|l| l.split(':').next()).and_then(|n| n.parse::<usize>().ok());
            let Some(row) = at.and_then(|n| line_of_row.iter().position(|&l| l == n)) else { continue };
            let message = line.split("error:").nth(1).unwrap_or_default().trim().to_string();
            if rejected.insert(row, message).is_none() {
                new += 1;
            }
        }
        if new == 0 {
            return vec![
                Err(format!("the probe does not compile: {}", stderr.lines().next().unwrap_or_default()));
                rows.len()
            ];
        }
    }
    vec![Err("the probe does not compile after 8 rounds".into()); rows.len()]
}

/// `f` over `items` on as many threads as the machine has cores, results in order.
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { return done };
                        done.push((i, f(item)));
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("worker")).collect()
    });
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

/// `name: .quad N` (or a zero-filled 8 bytes) pairs from gcc's assembly.
fn read_constants(asm: &str) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    let mut label: Option<&str> = None;
    for line in asm.lines() {
        let t = line.trim();
        if let Some(name) = t.strip_suffix(':') {
            label = Some(name);
        } else if let Some(name) = label.take() {
            // A zero constant is written as `.space 8` (or `.zero 8`) rather than `.quad 0`.
            if let Some(v) = t.strip_prefix(".quad").and_then(|v| v.trim().parse().ok()) {
                out.insert(name.to_string(), v);
            } else if matches!(t, ".space\t8" | ".space 8" | ".zero\t8" | ".zero 8") {
                out.insert(name.to_string(), 0);
            }
        }
    }
    out
}
