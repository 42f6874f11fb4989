//! Generated files kept in a repository (golden files, checked-in bindings): a test regenerates
//! them and calls [`verify`], which fails on any difference, or rewrites the file when
//! `CONTENTPARTNER_BLESS=1` is set, after the change has been reviewed.

use std::path::Path;

/// The variable that turns [`verify`] from comparing into rewriting.
pub const BLESS_VARIABLE: &str = "CONTENTPARTNER_BLESS";

/// Compares `fresh` with the file at `path`; with `CONTENTPARTNER_BLESS=1`, writes it instead.
/// The error names the file and the first line that differs.
pub fn verify(path: &Path, fresh: &str) -> Result<(), String> {
    if std::env::var(BLESS_VARIABLE).as_deref() == Ok("1") {
        return std::fs::write(path, fresh).map_err(|e| format!("{}: {e}", path.display()));
    }
    let expected =
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}; {BLESS_VARIABLE}=1 writes it", path.display()))?;
    if fresh == expected {
        return Ok(());
    }
    let line = fresh.lines().zip(expected.lines()).position(|(a, b)| a != b).unwrap_or_else(|| {
        // One is a prefix of the other: they part where the shorter ends.
        fresh.lines().count().min(expected.lines().count())
    });
    Err(format!(
        "{} differs from the fresh output from line {}:\n  fresh:      {:?}\n  checked in: {:?}\n({BLESS_VARIABLE}=1 rewrites it after review)",
        path.display(),
        line + 1,
        fresh.lines().nth(line),
        expected.lines().nth(line)
    ))
}
