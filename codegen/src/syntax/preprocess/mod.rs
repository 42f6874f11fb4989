//! The C preprocessor pass run over an IDL file before it is parsed, as MIDL and widl do.
//!
//! The pass works file by file and line by line. Each file is first *cleaned*: comments become
//! spaces (newlines kept), which leaves every byte at its original offset. Lines are then either
//! directives (blanked in the output and acted on), lines of a skipped conditional region (blanked)
//! or text, which is copied verbatim except where a macro is used: the use is replaced by its
//! expansion. `#include` inserts the preprocessed included file in place of its directive.
//!
//! Every run of output bytes is recorded in an [`OriginMap`]: verbatim and blanked text maps 1:1
//! to the file it came from, and a macro expansion maps into the macro's use.
//!
//! Macro expansion follows C: arguments are expanded before they are substituted (except next to
//! `#` and `##`), the result is rescanned, and a macro is disabled while its own expansion is being
//! rescanned (a name met while its macro is disabled is never expanded again). All work is bounded:
//! include depth, expansion size and depth, `#if` nesting and total output.

mod c_groups;
mod conditionals;
mod directives;
mod expand;
mod expr;
mod files;
mod lines;
mod literals;
// Attribute arguments that are numbers (a module function's `entry` ordinal) read as `#if` does.
pub(crate) use literals::parse_int;
// The C header's view of cpp_quote conditionals, which the layout tables use too.
pub(crate) use c_groups::{CGroups, CppQuote, cpp_quotes};
mod macros;
mod output;
mod pragma;
mod quoted;
mod spell;
mod text;
mod tokens;

use std::collections::HashSet;
use std::ops::Range;

use codespan_reporting::files::Files;

use super::lex::{newline_len, skip_blanks};
use crate::diag::{Diagnostic, Diagnostics};
use crate::source::{FileId, OriginMap, SourceMap};
use files::{FileState, Step};
use lines::{in_comment, logical_end};
use macros::{Macros, parse_define};
use output::{Out, shown};
use pragma::Packing;
use quoted::Quoted;
use tokens::{Kind, lex_range};

/// How `#include` names are turned into files. Implemented by the caller (it enforces the include
/// path policy and reads/caches the file into the SourceMap).
pub trait IncludeResolver {
    /// `name` as written between quotes or angle brackets; `angled` true for <...>; `from` the file
    /// containing the directive. Returns the FileId of the file (already added to `sources`) or an
    /// error message (e.g. "cannot find include file `x.h` in the include path").
    fn resolve(&mut self, sources: &mut SourceMap, name: &str, angled: bool, from: FileId) -> Result<FileId, String>;

    /// Warnings about the name last resolved (which of several files it matched was taken), shown
    /// at that name.
    fn take_warnings(&mut self) -> Vec<String> {
        Vec::new()
    }
}

/// The result of preprocessing one root file.
#[derive(Clone, Debug)]
pub struct Preprocessed {
    /// The root file.
    pub file: FileId,
    /// The text the parser reads: comments replaced by spaces (newlines kept), directive lines blank,
    /// macros expanded, included files inserted.
    pub text: String,
    /// Where each byte of `text` came from.
    pub origins: OriginMap,
    /// `#pragma pack` changes (and cpp_quote's), in output order: the offset and the values in
    /// force from there on.
    packs: Vec<(usize, Pack)>,
}

/// The pack in force at a point: MIDL's (the IDL's `#pragma pack` and cpp_quote's pack changes)
/// and the one widl's C header has, which leaves the IDL's own `#pragma pack` lines out (MIDL
/// passes them on to its header) and keeps only cpp_quote's. `None`: the target's default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pack {
    pub midl: Option<u8>,
    pub widl_header: Option<u8>,
}

impl Preprocessed {
    /// Where `span` of the text was written: a file and a byte range there (the root file's start
    /// for an empty text, which has no origins).
    pub fn origin(&self, span: Range<usize>) -> (FileId, Range<usize>) {
        self.origins.origin_range(span).unwrap_or((self.file, 0..0))
    }

    /// The `#pragma pack` value in force at `offset` of the text; `None` where no pragma set one
    /// (or `pack()` reset it): the target's default.
    pub fn pack_at(&self, offset: usize) -> Pack {
        let i = self.packs.partition_point(|&(at, _)| at <= offset);
        i.checked_sub(1).map(|i| self.packs[i].1).unwrap_or_default()
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// Macros from the command line (`-D NAME` gives ("NAME", "1"), `-D NAME=V` gives ("NAME", "V")).
    pub defines: &'a [(String, String)],
}

/// Macros every file sees, before the command-line ones (which may override them).
///
/// MIDL passes `-D__midl=<major * 100 + minor>` to the C preprocessor it runs (801 for MIDL 8.01),
/// and cl.exe adds its own; today's MIDL targets x64 (`/env win64`), and the cl.exe of an x64
/// host defines `_WIN32`, `_WIN64`, `_M_X64` and `_M_AMD64` (both 100). `_MSC_VER` is left out:
/// its value is that of whichever Visual C++ is installed. `__WIDL__` is widl's, not MIDL's: Wine's
/// IDL files, which the corpus test reads as widl does, choose their widl-only syntax by it.
/// Last, the spellings the SDK's C headers give the RPC qualifiers and COM's calling conventions:
/// IDL written against them reads the same with the built-in prelude.
const PREDEFINED: [(&str, &str); 13] = [
    ("__midl", "801"),
    ("_WIN32", "1"),
    ("_WIN64", "1"),
    ("_M_X64", "100"),
    ("_M_AMD64", "100"),
    ("__WIDL__", "1"),
    ("__RPC_FAR", ""),
    ("__RPC_API", "__stdcall"),
    ("__RPC_USER", "__stdcall"),
    ("__RPC_STUB", "__stdcall"),
    ("RPC_ENTRY", "__stdcall"),
    ("STDMETHODCALLTYPE", "__stdcall"),
    ("STDMETHODVCALLTYPE", "__cdecl"),
];

/// Files nested deeper than this in `#include`s are an error (this is how recursive includes end).
const MAX_INCLUDE_DEPTH: usize = 64;
/// Bytes of tokens one top-level macro use may produce, counting every intermediate step.
const MAX_USE_EXPANSION: usize = 1 << 20;
/// Nesting of macro expansions (active macros, or argument pre-expansion recursion).
const MAX_EXPANSION_DEPTH: usize = 256;
/// Bytes of tokens all macro uses of one preprocessing run may produce together.
const MAX_TOTAL_EXPANSION: usize = 32 << 20;
/// Output bytes plus bytes of files read; beyond it preprocessing stops.
const MAX_WORK: usize = 64 << 20;
/// Origin segments recorded; beyond it preprocessing stops.
const MAX_SEGMENTS: usize = 4 << 20;
/// Nesting of parentheses and `?:` in one `#if` expression.
const MAX_IF_NESTING: usize = 256;
/// `#include`s followed in one preprocessing run (a file including itself twice would otherwise
/// take exponential time).
const MAX_INCLUDES: usize = 10_000;

/// Preprocesses `root` (already in `sources`) into the best-effort output, its problems pushed to
/// `diags`; processing continues after an error where sensible so that several errors in one file
/// are all reported.
pub fn preprocess(
    sources: &mut SourceMap,
    root: FileId,
    resolver: &mut dyn IncludeResolver,
    options: &Options,
    diags: &mut Diagnostics,
) -> Preprocessed {
    let mut pp = Pp {
        macros: Macros::default(),
        diags,
        out: Out::default(),
        once: HashSet::new(),
        packing: Packing::default(),
        widl_packing: Packing::default(),
        quoted: Quoted::default(),
        expansion_left: MAX_TOTAL_EXPANSION,
        work: 0,
        includes: 0,
    };
    for (name, value) in PREDEFINED {
        pp.define_external(name, value, root);
    }
    for (name, value) in options.defines {
        pp.define_external(name, value, root);
    }

    let mut stack: Vec<FileState> = Vec::new();
    match sources.source(root) {
        Ok(text) => {
            pp.work += text.len();
            stack.push(FileState::open(root, text, pp.diags));
        }
        Err(_) => pp.diags.push(Diagnostic::new(root, 0..0, "cannot read the file to preprocess")),
    }

    loop {
        let depth = stack.len();
        let Some(st) = stack.last_mut() else { break };
        if st.pos >= st.text.len() {
            let (file, text) = (st.file, st.text.clone());
            pp.out.copy(file, &text, st.copy_pos..text.len());
            for c in &st.conds {
                pp.diags.push(
                    Diagnostic::new(file, c.span.clone(), format!("unterminated `#{}`", c.name))
                        .with_label("no matching `#endif` in this file"),
                );
            }
            stack.pop();
            continue;
        }
        if let Step::Include(next) = pp.step(st, sources, resolver, depth) {
            stack.push(next);
        }
        if pp.out.text.len() + pp.work > MAX_WORK || pp.out.segments > MAX_SEGMENTS {
            if let Some(st) = stack.last() {
                let at = st.pos.min(st.text.len());
                pp.diags.push(Diagnostic::new(st.file, at..at, "preprocessed output too large"));
            }
            break;
        }
    }

    pp.scan_quoted(root);
    Preprocessed { file: root, text: pp.out.text, origins: pp.out.origins, packs: pp.out.packs }
}

/// One preprocessing run.
struct Pp<'d> {
    macros: Macros,
    diags: &'d mut Diagnostics,
    out: Out,
    /// Files that said `#pragma once`.
    once: HashSet<FileId>,
    packing: Packing,
    /// The pack changes widl's C header makes: cpp_quote's only.
    widl_packing: Packing,
    /// The cpp_quotes read, which change the pack too.
    quoted: Quoted,
    /// What macro expansion may still produce.
    expansion_left: usize,
    /// Bytes of files read.
    work: usize,
    /// `#include`s followed.
    includes: usize,
}

impl Pp<'_> {
    /// A predefined or command-line macro; errors point at the start of the root file.
    fn define_external(&mut self, name: &str, value: &str, root: FileId) {
        let line = format!("{name} {value}");
        let toks = lex_range(line.as_bytes(), 0, line.len());
        let name_ok = toks.first().is_some_and(|t| {
            t.kind == Kind::Ident && (t.end == name.len() || line.as_bytes().get(t.end) == Some(&b'('))
        });
        let result = if name_ok { parse_define(&line, &toks, 0..0) } else { Err((0..0, String::new())) };
        match result {
            Ok((name, m)) => self.macros.define(name, m),
            Err((_, msg)) => {
                let mut message = format!("invalid command-line macro definition `{}`", shown(name));
                if !msg.is_empty() {
                    message = format!("{message}: {msg}");
                }
                self.diags.push(Diagnostic::new(root, 0..0, message));
            }
        }
    }

    /// Processes the line at `st.pos`.
    fn step(
        &mut self,
        st: &mut FileState,
        sources: &mut SourceMap,
        resolver: &mut dyn IncludeResolver,
        depth: usize,
    ) -> Step {
        let text = st.text.clone();
        let ml = st.multiline.clone();
        let t = text.as_bytes();
        let ls = st.pos;
        let p = skip_blanks(t, ls, t.len());
        if p < t.len() && t[p] == b'#' && !in_comment(&ml, ls) {
            let end = logical_end(t, &ml, p);
            self.blank_line(st, ls, end);
            return self.directive(st, &text, p, end, sources, resolver, depth);
        }
        if st.active() {
            st.pos = self.text_line(st, &text, &ml, ls);
        } else {
            self.blank_line(st, ls, logical_end(t, &ml, ls));
        }
        Step::Line
    }

    /// Blanks the logical line `start..end` (a directive, or a line of a skipped group) after the
    /// text still to be copied before it, and moves on to the next line.
    fn blank_line(&mut self, st: &mut FileState, start: usize, end: usize) {
        self.out.copy(st.file, &st.text, st.copy_pos..start);
        self.out.blank(st.file, &st.text, start..end);
        st.copy_pos = end;
        st.pos = end + newline_len(st.text.as_bytes(), end);
    }

    fn error(&mut self, file: FileId, span: Range<usize>, message: String) {
        self.diags.push(Diagnostic::new(file, span, message));
    }
}

#[cfg(test)]
mod tests;
