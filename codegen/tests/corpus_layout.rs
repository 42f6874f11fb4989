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
//! rows counted as skipped. No row may differ.
//!
//! Two kinds of rows differ from widl's header for a reason of the IDL's, and are checked for it:
//! a record the IDL packs with its own `#pragma pack` (`#include <pshpack2.h>` in wmsdkidl.idl),
//! which MIDL packs and passes to its header, as the binding does, and widl leaves out of its
//! header, is compared with a copy of widl's header with the pack put back around it; and a row
//! of one of the IDL's stand-ins for C's types (`cpp_quote("#if 0")`, wincodec.idl's
//! `D2D1_PIXEL_FORMAT` as a `DWORD *`), where C's type of that name differs, or of a record holding
//! one, is counted as skipped with both values (the generator warns of each such record).
//!
//! A probe includes what its header needs first (`PREREQUISITES`), and is compiled with
//! `NONAMELESSUNION` and `NONAMELESSSTRUCT` so that members named by `DUMMYUNIONNAME` and the
//! like have names. A row that differs where C declares the type first in the header of another
//! IDL file is counted as skipped: widl's header of this one never declares it.
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

/// What a header of widl's needs before it in C, as its users include it: the C headers that
/// declare the types it names without importing them (a `cpp_quote`d include, a system header's
/// types), by IDL file. `rtworkq`'s header is C only under `__WINESRC__` (C++ otherwise).
const PREREQUISITES: &[(&str, &[&str])] = &[
    ("amvideo", &["strmif.h"]),
    ("commoncontrols", &["windows.h", "commctrl.h"]),
    ("cordebug", &["cor.h"]),
    ("corsym", &["cor.h"]),
    ("ddstream", &["ddraw.h"]),
    ("dxva2api", &["d3d9.h"]),
    ("evr9", &["d3d9.h", "strmif.h"]),
    ("mfreadwrite", &["mfidl.h"]),
    ("videoacc", &["ddraw.h", "strmif.h"]),
    ("vmr9", &["d3d9.h", "strmif.h"]),
    ("wsddisco", &["wsdbase.h"]),
];

/// Macros a probe of the IDL file is compiled with.
const DEFINES: &[(&str, &str)] = &[("rtworkq", "__WINESRC__")];

/// IDL files `#include`d into another one, whose C types are those of the other one's header
/// (widl's header of the part alone names the whole's types): probed through the whole's header.
const PART_OF: &[(&str, &str)] = &[("dvdif", "strmif")];

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
    let mut repacked: HashMap<String, Vec<(String, u8)>> = HashMap::new(); // by IDL file
    // The IDL's stand-ins for C's types (`cpp_quote("#if 0")`), each with the records (by IDL file)
    // that hold it by value.
    let mut stand_ins: HashMap<String, HashSet<(String, String)>> = HashMap::new();
    for line in printed.lines() {
        let parts: Vec<&str> = line.split('\t').collect();
        match parts.as_slice() {
            ["row", _, file, c_type, member, value] => rows.entry(file.to_string()).or_default().push(Row {
                c_type: c_type.to_string(),
                member: member.to_string(),
                value: value.parse().expect("a number"),
            }),
            ["skip", _, file, what, why] => skipped.push(format!("{file}: {what}: {why}")),
            ["repack", _, file, c_type, pack] => {
                repacked.entry(file.to_string()).or_default().push((c_type.to_string(), pack.parse().expect("a pack")))
            }
            ["stand-in", _, file, c_type, holders] => stand_ins.entry(c_type.to_string()).or_default().extend(
                holders.split(';').filter(|h| !h.is_empty()).map(|h| (file.to_string(), record_of(h).to_string())),
            ),
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
    let no_repacks = Vec::new();
    let results = parallel(&files, |(file, r)| {
        probe(&headers, &probes, file, r, repacked.get(file.as_str()).unwrap_or(&no_repacks))
    });
    let probing = started.elapsed();

    let mut differences = Vec::new();
    let mut compared = 0;
    let mut elsewhere = 0;
    let mut with_pack_put_back = 0;
    // The stand-ins C's type of the same name differs from: where a row of one differs.
    let mut unfaithful: HashMap<&str, String> = HashMap::new();
    for ((_, r), (gcc, _)) in files.iter().zip(&results) {
        for (row, theirs) in r.iter().zip(gcc) {
            if stand_ins.contains_key(&row.c_type) && theirs.as_ref().ok() != Some(&row.value) {
                let theirs = theirs.as_ref().map_or_else(|e| format!("gcc: {e}"), |v| format!("gcc {v}"));
                unfaithful.insert(&row.c_type, format!("{}: rustc {}, {theirs}", row.member, row.value));
            }
        }
    }
    let mut stand_in_rows = 0;
    for ((file, r), (gcc, not_found)) in files.iter().zip(&results) {
        for name in not_found {
            differences.push(format!("{file}: {name}: widl's header has no declaration to put its pack back around"));
        }
        let put_back: Vec<&String> = repacked.get(file.as_str()).into_iter().flatten().map(|(c, _)| c).collect();
        // Where C declares each type, looked up only for a file with a row that differs.
        let mut declared: Option<HashMap<String, PathBuf>> = None;
        for (i, row) in r.iter().enumerate() {
            let found = match &gcc[i] {
                Ok(theirs) if *theirs == row.value => {
                    compared += 1;
                    let record = row.c_type.trim_start_matches("struct ").trim_start_matches("union ");
                    with_pack_put_back += usize::from(put_back.iter().any(|c| record == c.as_str()));
                    continue;
                }
                Ok(theirs) => format!("gcc {theirs}"),
                Err(e) => format!("gcc: {e}"),
            };
            // A row of a stand-in C's type differs from, or of a record holding one.
            let stand_in = unfaithful.get(row.c_type.as_str()).map(|why| (row.c_type.as_str(), why)).or_else(|| {
                let held = |(c, _): &(&&str, &String)| {
                    stand_ins[**c].contains(&(file.to_string(), record_of(&row.c_type).to_string()))
                };
                unfaithful.iter().find(|u| held(u)).map(|(c, why)| (*c, why))
            });
            if let Some((c, why)) = stand_in {
                stand_in_rows += 1;
                skipped.push(format!(
                    "{file}: {} {}: the IDL's `{c}` is a stand-in under `#if 0` of cpp_quote, and C's type of that \
                     name is another ({why})",
                    row.c_type, row.member
                ));
                continue;
            }
            let declared = declared.get_or_insert_with(|| declarations(&probes, file));
            if let Some(other) = declared_elsewhere(declared, file, &row.c_type) {
                elsewhere += 1;
                skipped.push(format!(
                    "{file}: {} {}: C declares it first in {}, whose guard keeps widl's header of this file \
                     from declaring it",
                    row.c_type,
                    row.member,
                    other.display()
                ));
                continue;
            }
            compared += 1;
            differences.push(format!("{file}: {} {}: rustc {}, {found}", row.c_type, row.member, row.value));
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
         {dropped_rows} in {} modules that do not compile, {elsewhere} that C declares in another header, \
         {stand_in_rows} of {} stand-ins C's types differ from and the records holding them), {} differences; {with_pack_put_back} rows equal in {} records the IDL packs itself, with the pack put back \
         in widl's header; {:.1} s to generate, {:.1} s to build and run, {:.1} s for gcc",
        files.len(),
        skipped.len() + dropped_rows,
        dropped.len(),
        unfaithful.len(),
        differences.len(),
        repacked.values().map(Vec::len).sum::<usize>(),
        generation.as_secs_f64(),
        building.as_secs_f64(),
        probing.as_secs_f64()
    );
    assert!(compared > 20_000, "only {compared} rows compared");
    assert!(differences.is_empty(), "{} layout differences:\n{}", differences.len(), differences.join("\n"));
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
/// probe is compiled again without it. The records of `repacked` get their pack back in a copy
/// of the header (`restore_packs`); the second result is those it has no declaration of.
fn probe(
    headers: &Path,
    probes: &Path,
    file: &str,
    rows: &[Row],
    repacked: &[(String, u8)],
) -> (Vec<Result<u64, String>>, Vec<String>) {
    let stem = Path::new(file).file_stem().and_then(OsStr::to_str).expect("file stem");
    let whole = PART_OF.iter().find(|(part, _)| *part == stem).map_or(stem, |(_, whole)| *whole);
    let mut header = headers.join(format!("{whole}.h"));
    let mut not_found = Vec::new();
    if !repacked.is_empty() {
        let text = std::fs::read_to_string(&header).expect("widl's header");
        let restored;
        (restored, not_found) = restore_packs(&text, repacked);
        header = probes.join(format!("{whole}.midl-packs.h"));
        std::fs::write(&header, restored).expect("header copy written");
    }
    (probe_header(&header, probes, stem, rows), not_found)
}

/// widl's header `text` with each record of `records` (its C name and pack, 0 for the target's
/// default) between `#pragma pack(push, N)` and `#pragma pack(pop)`, as in MIDL's header, which
/// keeps the IDL's own `#pragma pack` lines that widl's leaves out; and the names it has no
/// `struct NAME {` (or `typedef struct`, `union`) line of.
fn restore_packs(text: &str, records: &[(String, u8)]) -> (String, Vec<String>) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut not_found = Vec::new();
    for (name, pack) in records {
        let opens = |l: &str| {
            let l = l.trim().strip_prefix("typedef ").unwrap_or(l.trim());
            ["struct ", "union "]
                .iter()
                .any(|k| l.strip_prefix(k).and_then(|r| r.strip_suffix('{')).map(str::trim) == Some(name))
        };
        let Some(start) = lines.iter().position(|l| opens(l)) else {
            not_found.push(name.clone());
            continue;
        };
        // The line whose `}` closes the record, with the `;` that ends its declaration.
        let mut depth = 0i32;
        let end = lines[start..].iter().position(|l| {
            depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
            depth == 0 && l.contains(';')
        });
        let Some(end) = end.map(|e| start + e) else {
            not_found.push(name.clone());
            continue;
        };
        let push = if *pack == 0 {
            "#pragma pack(push)\n#pragma pack()".to_string()
        } else {
            format!("#pragma pack(push, {pack})")
        };
        lines.insert(end + 1, "#pragma pack(pop)".to_string());
        lines.insert(start, push);
    }
    (lines.join("\n") + "\n", not_found)
}

/// gcc's value of each row of `file` (of stem `stem`) from a probe including `header`.
fn probe_header(header: &Path, probes: &Path, stem: &str, rows: &[Row]) -> Vec<Result<u64, String>> {
    let mut results: Vec<Result<u64, String>> = vec![Err("not compiled".into()); rows.len()];
    let mut rejected: HashMap<usize, String> = HashMap::new();
    let mut unmacro: HashSet<usize> = HashSet::new();
    for _ in 0..8 {
        // The file's own header by path; its imports from the corpus, whose headers are widl's too
        // (the scratch dir cannot be searched: a header there may shadow a system one).
        let mut c = "#include <stddef.h>\n".to_string();
        for (_, first) in PREREQUISITES.iter().filter(|(f, _)| *f == stem) {
            for h in *first {
                c.push_str(&format!("#include <{h}>\n"));
            }
        }
        c.push_str(&format!("#include \"{}\"\n", header.display()));
        let mut line = c.lines().count() + 1;
        let mut line_of_row = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if rejected.contains_key(&i) {
                line_of_row.push(line);
                c.push('\n');
                line += 1;
                continue;
            }
            let expr = match r.member.as_str() {
                "sizeof" => format!("sizeof({})", r.c_type),
                "alignof" => format!("_Alignof({})", r.c_type),
                m => format!("__builtin_offsetof({}, {m})", r.c_type),
            };
            // A member a macro renames only after its type was declared (`SetPort`, defined by a
            // header included later) is named with the macro put aside.
            let suspended = unmacro.contains(&i).then_some(r.member.as_str());
            if let Some(m) = suspended {
                c.push_str(&format!("#pragma push_macro(\"{m}\")\n#undef {m}\n"));
                line += 2;
            }
            line_of_row.push(line);
            c.push_str(&format!("const unsigned long long cp_{i} = {expr};\n"));
            line += 1;
            if let Some(m) = suspended {
                c.push_str(&format!("#pragma pop_macro(\"{m}\")\n"));
                line += 1;
            }
        }
        let source = probes.join(format!("{stem}.c"));
        let asm = probes.join(format!("{stem}.s"));
        std::fs::write(&source, c).expect("probe written");
        let defines = DEFINES.iter().filter(|(f, _)| *f == stem).map(|(_, d)| format!("-D{d}"));
        // Nameless unions and structs get names (`u`, `s`, `n1`...), which the rows name as the
        // header does, through the same macros.
        let gcc = Command::new(GCC)
            .args(["-S", "-O0", "-w", "-DNONAMELESSUNION", "-DNONAMELESSSTRUCT"])
            .args(defines)
            .arg("-o")
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
        // The rows on the lines gcc names, at the error or in the notes after it (an error in a
        // macro's expansion is shown where the macro is defined); an error elsewhere (in the
        // header) rejects the file.
        let stderr = String::from_utf8_lossy(&gcc.stderr);
        let prefix = format!("{}:", source.display());
        let mut new = 0;
        let lines: Vec<&str> = stderr.lines().collect();
        for (k, line) in lines.iter().enumerate().filter(|(_, l)| l.contains("error:")) {
            let message = line.split("error:").nth(1).unwrap_or_default().trim().to_string();
            let notes = lines[k + 1..].iter().take_while(|l| !l.contains("error:"));
            let row = std::iter::once(line).chain(notes).find_map(|l| {
                let n = l.strip_prefix(&prefix)?.split(':').next()?.parse::<usize>().ok()?;
                line_of_row.iter().position(|&at| at == n)
            });
            let Some(row) = row else { continue };
            if message.contains("has no member named") && !unmacro.contains(&row) {
                unmacro.insert(row);
                new += 1;
            } else if rejected.insert(row, message).is_none() {
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

/// The file of the first definition of each struct, union and typedef of a struct or union C
/// sees in the probe of `file` (from gcc's preprocessed output, with its line markers).
fn declarations(probes: &Path, file: &str) -> HashMap<String, PathBuf> {
    let stem = Path::new(file).file_stem().and_then(OsStr::to_str).expect("file stem");
    let source = probes.join(format!("{stem}.c"));
    let defines = DEFINES.iter().filter(|(f, _)| *f == stem).map(|(_, d)| format!("-D{d}"));
    let run = Command::new(GCC)
        .args(["-E", "-DNONAMELESSUNION", "-DNONAMELESSSTRUCT"])
        .args(defines)
        .arg("-I")
        .arg(CORPUS)
        .arg(&source)
        .output()
        .expect("gcc runs");
    let mut out: HashMap<String, PathBuf> = HashMap::new();
    let mut current = PathBuf::new();
    for line in String::from_utf8_lossy(&run.stdout).lines() {
        if let Some(marker) = line.strip_prefix("# ") {
            if let Some((_, path)) = marker.split_once(" \"") {
                current = PathBuf::from(path.split('"').next().unwrap_or_default());
            }
            continue;
        }
        let t = line.trim();
        // `struct NAME {`, `union NAME {`, and `} NAME;` or `} NAME, *PNAME;` that end a typedef.
        let name = ["struct ", "union "]
            .iter()
            .find_map(|k| t.strip_prefix(k)?.strip_suffix('{').map(str::trim))
            .or_else(|| t.strip_prefix('}')?.split([',', ';']).next().map(str::trim));
        if let Some(name) = name.filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')) {
            out.entry(name.to_string()).or_insert_with(|| current.clone());
        }
    }
    out
}

/// The header, of another IDL file than `file` (or the one it is part of), where C first declares
/// the type a row of `file` names, if it is one: widl guards each declaration of its headers
/// (`#ifndef __IFoo_INTERFACE_DEFINED__`), so the row's own is never seen.
fn declared_elsewhere<'d>(declared: &'d HashMap<String, PathBuf>, file: &str, c_type: &str) -> Option<&'d PathBuf> {
    let stem = Path::new(file).file_stem().and_then(OsStr::to_str).expect("file stem");
    let whole = PART_OF.iter().find(|(part, _)| *part == stem).map_or(stem, |(_, whole)| *whole);
    let at = declared.get(record_of(c_type))?;
    let from = at.file_stem().and_then(OsStr::to_str)?;
    (from != stem && from != whole).then_some(at)
}

/// The name of the record a row's C type is of: `T` of `struct T`, of `union T`, and of
/// `__typeof__((*(struct T*)0).member)`, a part of `T`.
fn record_of(c_type: &str) -> &str {
    let root = c_type.strip_prefix("__typeof__((*(").and_then(|t| t.split("*)0)").next()).unwrap_or(c_type);
    root.trim_start_matches("struct ").trim_start_matches("union ")
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
