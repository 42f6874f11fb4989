//! Wine's IDL corpus (Debian's libwine-dev) and widl, for the tests that compare with them or
//! build on the files widl accepts.

use std::path::{Path, PathBuf};
use std::process::Command;

pub const CORPUS: &str = "/usr/include/wine/wine/windows";
const WIDL: &str = "widl-stable";

fn require_all() -> bool {
    std::env::var("CONTENTPARTNER_REQUIRE_ALL").is_ok_and(|v| v == "1")
}

/// Whether the corpus and widl are installed; prints SKIP (or fails under REQUIRE_ALL) when not.
pub fn corpus_available(test: &str) -> bool {
    let has_corpus = Path::new(CORPUS).join("oaidl.idl").is_file();
    let has_widl = Command::new(WIDL).arg("-V").output().is_ok();
    if has_corpus && has_widl {
        return true;
    }
    let what = if has_corpus {
        "widl-stable (Debian package wine64-tools)"
    } else {
        "Wine's IDL files (Debian package libwine-dev)"
    };
    assert!(!require_all(), "{test}: {what} is missing and CONTENTPARTNER_REQUIRE_ALL=1");
    println!("SKIP {test}: {what} is not installed");
    false
}

pub fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .expect("corpus directory is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "idl"))
        .collect();
    files.sort();
    files
}

/// widl's C header for `file`, or `None` if widl rejects the file.
pub fn widl_header(file: &Path, out_dir: &Path) -> Option<String> {
    // `windows.foundation.idl` is `windows.foundation.h` (`with_extension` would make it `windows.h`).
    let stem = file.file_stem().expect("file name").to_string_lossy();
    let out = out_dir.join(format!("{stem}.h"));
    let status =
        Command::new(WIDL).arg("-h").arg("-I").arg(CORPUS).arg("-o").arg(&out).arg(file).output().expect("widl runs");
    if !status.status.success() {
        return None;
    }
    Some(std::fs::read_to_string(&out).expect("widl wrote its header"))
}
