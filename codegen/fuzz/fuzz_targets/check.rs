//! Any bytes through the whole front end: preprocess, parse, resolve, render diagnostics.
//! It must never panic, hang or overflow its stack.
#![no_main]

use contentpartner_codegen::{Options, Session};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut session = Session::new(Options::default());
    let checked = session.check_text("fuzz.idl", &text);
    let _ = checked.diagnostics.render(session.sources());
    let _ = checked.summary();
});
