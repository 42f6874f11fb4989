//! What the tests that write a crate share: writing it with `cpidl crate` and `cargo check`ing it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// This repository's runtime, the generated crates' `contentpartner`.
pub fn runtime_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime")
}

/// `cpidl crate --name NAME --out DIR [--runtime-path <runtime>] ARGS...` in a fresh `out`, its
/// output.
pub fn cpidl_crate(name: &str, out: &Path, with_runtime: bool, args: &[&OsStr]) -> Output {
    let _ = std::fs::remove_dir_all(out);
    let mut cpidl = Command::new(env!("CARGO_BIN_EXE_cpidl"));
    cpidl.args(["crate", "--name", name, "--out"]).arg(out);
    if with_runtime {
        cpidl.arg("--runtime-path").arg(runtime_path());
    }
    cpidl.args(args).output().expect("cpidl runs")
}

/// `cargo check --offline` on the crate in `dir`, with the same cargo as the test, this workspace's
/// lock file (so it needs nothing that is not in the cache) and a target dir beside it. The crate is
/// made a workspace of its own first: the test's temporary dir may be inside this workspace.
pub fn cargo_check(dir: &Path) -> Output {
    own_workspace(dir);
    cargo(dir, &["check"])
}

/// Makes the crate in `dir` a workspace of its own with this workspace's lock file.
pub fn own_workspace(dir: &Path) {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("Cargo.toml written");
    if !text.contains("\n[workspace]\n") {
        std::fs::write(&manifest, text + "\n[workspace]\n").expect("Cargo.toml writable");
    }
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, dir.join("Cargo.lock")).expect("workspace lock file copied");
}

/// `cargo COMMAND --offline --quiet --message-format short` in `dir` (made [`own_workspace`] first),
/// with a target dir beside it.
pub fn cargo(dir: &Path, command: &[&str]) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(command)
        .args(["--offline", "--quiet", "--message-format", "short", "--target-dir"])
        .arg(dir.with_extension("target"))
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}
