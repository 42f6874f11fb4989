//! The generated vtables and struct against an independent compiler: widl turns our
//! contentpartner.idl into a C header, mingw gcc computes `offsetof` and `sizeof` of every vtable
//! slot and struct field, and each must equal rustc's `offset_of!` on the generated Rust.
//!
//! gcc's answers are read from the assembly it writes (`const` globals), so no Windows binary has
//! to run. Needs `widl-stable` and `x86_64-w64-mingw32-gcc`; without them it prints SKIP, unless
//! CONTENTPARTNER_REQUIRE_ALL=1. A check made on the build host, so not part of the Windows run
//! (whose layout is the same rustc's).
#![cfg(not(windows))]

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use contentpartner::layout::LAYOUT;

const GCC: &str = "x86_64-w64-mingw32-gcc";

fn available(tool: &str, arg: &str) -> bool {
    Command::new(tool).arg(arg).output().is_ok()
}

// gcc targets 64-bit Windows here; the Rust side must be 64-bit too.
#[cfg(target_pointer_width = "64")]
#[test]
fn vtables_and_struct_match_widl_and_gcc() {
    if !available("widl-stable", "-V") || !available(GCC, "--version") {
        assert!(
            std::env::var("CONTENTPARTNER_REQUIRE_ALL").as_deref() != Ok("1"),
            "widl-stable or {GCC} is missing (Debian: wine64-tools, gcc-mingw-w64-x86-64)"
        );
        println!("SKIP vtables_and_struct_match_widl_and_gcc: widl-stable or {GCC} is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("cp-widl-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let idl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../contentpartner.idl");
    let header = dir.join("contentpartner.h");
    let widl = Command::new("widl-stable").arg("-h").arg("-o").arg(&header).arg(&idl).output().expect("widl runs");
    assert!(widl.status.success(), "widl rejects contentpartner.idl:\n{}", String::from_utf8_lossy(&widl.stderr));

    let mut probe = String::from("#include <stddef.h>\n#include \"contentpartner.h\"\n");
    for (i, (ty, member, _)) in LAYOUT.iter().enumerate() {
        let expr = if *member == "sizeof" { format!("sizeof({ty})") } else { format!("offsetof({ty}, {member})") };
        probe.push_str(&format!("const unsigned long long cp_{i} = {expr};\n"));
    }
    std::fs::write(dir.join("probe.c"), probe).expect("write probe");
    let asm = dir.join("probe.s");
    let gcc = Command::new(GCC)
        .arg("-S")
        .arg("-O0")
        .arg("-o")
        .arg(&asm)
        .arg(dir.join("probe.c"))
        .current_dir(&dir)
        .output()
        .expect("gcc runs");
    assert!(gcc.status.success(), "gcc failed:\n{}", String::from_utf8_lossy(&gcc.stderr));
    let gcc_values = read_constants(&std::fs::read_to_string(&asm).expect("gcc wrote assembly"));
    let _ = std::fs::remove_dir_all(&dir);

    let mut differences = Vec::new();
    for (i, (ty, member, ours)) in LAYOUT.iter().enumerate() {
        let theirs = gcc_values.get(&format!("cp_{i}")).copied();
        if theirs != Some(*ours as u64) {
            differences.push(format!("{ty}.{member}: rustc {ours}, gcc {theirs:?}"));
        }
    }
    // 4 vtables (6 + 3 + 13 + 23 slots, plus their sizes) and the struct's 3 fields and size.
    assert_eq!(LAYOUT.len(), 45 + 4 + 4, "layout rows");
    assert!(differences.is_empty(), "layout differences:\n{}", differences.join("\n"));
    let partner_size = LAYOUT.iter().find(|(t, m, _)| *t == "IWMPContentPartnerVtbl" && *m == "sizeof").map(|r| r.2);
    assert_eq!(partner_size, Some(26 * 8), "IWMPContentPartner has 26 slots");
}

/// `name: .quad N` (or a zero-filled 8 bytes) pairs from gcc's assembly.
fn read_constants(asm: &str) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    let mut label: Option<String> = None;
    for line in asm.lines() {
        let t = line.trim();
        if let Some(name) = t.strip_suffix(':') {
            label = Some(name.to_string());
        } else if let Some(name) = &label {
            // A zero constant is written as `.space 8` (or `.zero 8`) rather than `.quad 0`.
            if let Some(v) = t.strip_prefix(".quad").and_then(|v| v.trim().parse().ok()) {
                out.insert(name.clone(), v);
            } else if t == ".space\t8" || t == ".space 8" || t == ".zero\t8" || t == ".zero 8" {
                out.insert(name.clone(), 0);
            }
            label = None;
        }
    }
    out
}
