//! Microsoft's own IDL as MIDL reads it: file names found ignoring case, files in the encodings
//! Windows editors write, and files that import each other. Fixtures are in `tests/midl_input/`.

use std::path::{Path, PathBuf};

use contentpartner_codegen::source::decode;
use contentpartner_codegen::{Options, Session};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/midl_input").join(rel)
}

/// The headlines (`file:line:col: level: message`) of checking `path`.
fn check(session: &mut Session, path: &Path) -> Vec<String> {
    let checked = session.check_file(path);
    checked.diagnostics.iter().map(|d| d.headline(session.sources())).collect()
}

/// The last component of every file read from disk, in the order read.
fn names_read(session: &Session) -> Vec<String> {
    session.sources().disk_paths().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect()
}

#[test]
fn file_names_are_found_ignoring_case() {
    let mut session = Session::new(Options { include_dirs: vec![fixture("case/inc")], defines: Vec::new() });
    assert_eq!(check(&mut session, &fixture("case/root.idl")), Vec::<String>::new());
    assert_eq!(names_read(&session), ["root.idl", "specstrings.h", "deeper.h", "oaidl.Idl", "sibling.idl"]);
}

/// Names that differ only in case cannot be checked in (a Windows clone could not hold them), so
/// this test writes them.
#[test]
fn names_differing_only_in_case_are_chosen_in_byte_order() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("midl_input_case_twins");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        ("root.idl", "import \"TWIN.idl\";\n#include \"PAIR.h\"\n#include \"pair.H\"\ntypedef long R;\n"),
        ("Twin.idl", "typedef long TWIN_UPPER;\n"),
        ("twin.IDL", "typedef long TWIN_LOWER;\n"),
        ("Pair.h", "typedef long PAIR_UPPER;\n"),
        ("pair.H", "typedef long PAIR_LOWER;\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    if std::fs::read_dir(&dir).unwrap().count() < files.len() {
        println!("SKIP: {} ignores case itself", dir.display());
        return;
    }
    let mut session = Session::new(Options::default());
    let root = dir.join("root.idl");
    let r = root.display();
    let d = dir.display();
    assert_eq!(
        check(&mut session, &root),
        [
            format!(
                "{r}:2:11: warning: `PAIR.h` matches several files in `{d}` that differ only in case (`Pair.h`, `pair.H`); using `Pair.h`, the first in byte order"
            ),
            format!(
                "{r}:1:8: warning: `TWIN.idl` matches several files in `{d}` that differ only in case (`Twin.idl`, `twin.IDL`); using `Twin.idl`, the first in byte order"
            ),
        ]
    );
    // `pair.H` is an exact match: no warning, and both headers were included.
    assert_eq!(names_read(&session), ["root.idl", "Pair.h", "pair.H", "Twin.idl"]);
}

/// The same text in every encoding MIDL reads: the decoded text is the same, and so is every line
/// and column (a byte-order mark shifts none).
#[test]
fn encodings_are_decoded_as_midl_reads_them() {
    let reference = std::fs::read_to_string(fixture("encoding/utf8.idl")).unwrap();
    for name in ["utf8.idl", "utf8_bom.idl", "utf16le.idl", "utf16be.idl", "cp1252.idl"] {
        let path = fixture(&format!("encoding/{name}"));
        let mut session = Session::new(Options::default());
        let checked = session.check_file(&path);
        let heads: Vec<String> = checked.diagnostics.iter().map(|d| d.headline(session.sources())).collect();
        let p = path.display();
        assert_eq!(
            heads,
            [
                format!("{p}:1:9: error: unknown type `DWROD`"),
                format!("{p}:2:34: error: unknown type `WORDD`"),
                format!("{p}:3:48: error: unknown type `BYTTE`"),
                format!("{p}:4:20: error: unknown type `LONGG`"),
            ],
            "{name}"
        );
        assert_eq!(session.sources().text(checked.file), reference, "{name}");
    }
}

/// Bytes that no encoding explains still decode, to U+FFFD: a file is read, never refused.
#[test]
fn undecodable_bytes_become_replacement_characters() {
    // UTF-16: an unpaired surrogate, then an odd last byte. UTF-8 after its byte-order mark: 0xFF.
    assert_eq!(decode(vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0, b'c']), "a\u{FFFD}b\u{FFFD}");
    assert_eq!(decode(vec![0xEF, 0xBB, 0xBF, b'a', 0xFF]), "a\u{FFFD}");
}

#[test]
fn files_that_import_each_other_are_loaded_once_each() {
    let mut session = Session::new(Options::default());
    assert_eq!(check(&mut session, &fixture("mutual/first.idl")), Vec::<String>::new());
    assert_eq!(check(&mut session, &fixture("mutual/second.idl")), Vec::<String>::new());
    assert_eq!(names_read(&session), ["first.idl", "second.idl"]);
}
