//! Any bytes through the whole front end: preprocess, parse, resolve, render diagnostics; and the
//! same text read as an import is, cut into items that are each parsed on their own. It must never
//! panic, hang or overflow its stack.
#![no_main]

use contentpartner_codegen::diag::Diagnostics;
use contentpartner_codegen::source::{FileId, SourceMap};
use contentpartner_codegen::syntax::{parse, preprocess};
use contentpartner_codegen::{Options, Session};
use libfuzzer_sys::fuzz_target;

/// Finds no file: the fuzzer's text stands alone.
struct NoFiles;

impl preprocess::IncludeResolver for NoFiles {
    fn resolve(&mut self, _: &mut SourceMap, name: &str, _: bool, _: FileId) -> Result<FileId, String> {
        Err(format!("cannot find `{name}`"))
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut session = Session::new(Options::default());
    let checked = session.check_text("fuzz.idl", &text);
    let _ = checked.diagnostics.render(session.sources());
    let _ = checked.summary();

    let mut sources = SourceMap::new();
    let file = sources.add_virtual("import.idl", text.as_ref());
    let mut diags = Diagnostics::default();
    let pre = preprocess::preprocess(&mut sources, file, &mut NoFiles, &preprocess::Options::default(), &mut diags);
    if let Some(split) = parse::split(&pre) {
        for i in 0..split.pieces.len() {
            let _ = split.parse(&pre, i, &mut diags);
        }
    }
    let _ = diags.render(&sources);
});
