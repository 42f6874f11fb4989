//! The README's "Rust from your own IDL", as a new user pastes it: each block marked
//! `<!-- readme-example: PATH -->` is written into a fresh crate, which is built and tested with
//! the cargo that runs this test, offline; then the section's `cpidl crate` line is run in that
//! crate and the crate it writes is checked. The one thing added to the pasted files is a
//! `[patch.crates-io]` pointing the published names at this repository, which is not on crates.io
//! from here.

#[path = "support/crates.rs"]
#[allow(dead_code)] // cpidl_crate: this test runs the README's own cpidl line instead.
mod crates;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The section's marked blocks: (the path the marker names, the block's text).
fn blocks() -> Vec<(String, String)> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).expect("README.md");
    let start = readme.find("\n## Rust from your own IDL\n").expect("the README has the section");
    let section = &readme[start + 1..];
    let section = &section[..section[1..].find("\n## ").map_or(section.len(), |end| end + 1)];
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(at) = rest.find("<!-- readme-example: ") {
        rest = &rest[at + "<!-- readme-example: ".len()..];
        let (path, after) = rest.split_once(" -->\n```").expect("a marker is followed by a block");
        let body = after.split_once('\n').expect("a fence line").1;
        let (text, after) = body.split_once("\n```\n").expect("a closed block");
        blocks.push((path.to_string(), format!("{text}\n")));
        rest = after;
    }
    blocks
}

/// The published crates' names patched to this repository's folders, and a workspace of its own
/// (the test's temporary folder may lie inside this workspace).
fn patch_to_this_repository(dir: &Path) {
    crates::own_workspace(dir);
    let runtime = std::fs::canonicalize(crates::runtime_path()).expect("runtime folder");
    let codegen = std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).expect("codegen folder");
    let manifest = dir.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("Cargo.toml");
    text.push_str(&format!(
        "\n[patch.crates-io]\ncontentpartner = {{ path = {:?} }}\ncontentpartner-codegen = {{ path = {:?} }}\n",
        runtime.display().to_string(),
        codegen.display().to_string()
    ));
    std::fs::write(manifest, text).expect("Cargo.toml writable");
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_readme_crate_builds_and_its_test_passes_and_its_cpidl_line_writes_a_crate() {
    let blocks = blocks();
    let paths: Vec<&str> = blocks.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(paths, ["Cargo.toml", "idl/shapes.idl", "build.rs", "src/lib.rs", "cpidl"]);

    let dir: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-example");
    let _ = std::fs::remove_dir_all(&dir);
    let mut command_line = None;
    for (path, text) in &blocks {
        if path == "cpidl" {
            command_line = Some(text.trim().to_string());
            continue;
        }
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("crate folder");
        std::fs::write(file, text).expect("file written");
    }
    patch_to_this_repository(&dir);

    let test = crates::cargo(&dir, &["test"]);
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(test.status.success(), "cargo test of the README crate failed:\n{}{stdout}", stderr(&test));
    assert!(stdout.contains("test result: ok. 1 passed; 0 failed"), "{stdout}");

    let command_line = command_line.expect("the cpidl line");
    let mut words = command_line.split_whitespace();
    assert_eq!(words.next(), Some("cpidl"));
    let run = Command::new(env!("CARGO_BIN_EXE_cpidl")).args(words).current_dir(&dir).output().expect("cpidl runs");
    assert!(run.status.success(), "{}", stderr(&run));
    let out = dir.join("shapes-bindings");
    // The module of shapes.idl and the prelude's, which declares what unknwn.idl would.
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "shapes-bindings: 2 modules, 73 definitions generated, 0 left out\n"
    );
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).expect("lib.rs written");
    assert!(lib.ends_with("pub mod prelude;\npub mod shapes;\n"), "{lib}");
    patch_to_this_repository(&out);
    let check = crates::cargo_check(&out);
    assert!(check.status.success(), "cargo check of the cpidl crate failed:\n{}", stderr(&check));
}
