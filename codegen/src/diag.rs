//! Diagnostics: collected while compiling, reported together at the end.
//!
//! Each one is printed as `file:line:col: error: message`, then the source line with a caret under
//! the offending text (codespan-reporting draws the snippet).

use std::collections::HashSet;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::term::{self, Chars, Config, DisplayStyle, termcolor::NoColor};

use crate::source::{FileId, SourceMap};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    /// Something widl accepts but that is very likely a mistake; it does not fail a check.
    Warning,
}

/// One problem in the input, at a byte range of an original file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: FileId,
    pub span: Range<usize>,
    pub message: String,
    /// Short text printed under the caret.
    pub label: Option<String>,
    /// Further lines printed after the snippet (`= note: ...`).
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, file, span, message: message.into(), label: None, notes: Vec::new() }
    }

    pub fn warning(file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::new(file, span, message) }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// `file:line:col: message`, the one-line form.
    pub fn headline(&self, sources: &SourceMap) -> String {
        let (line, col) = sources.line_col(self.file, self.span.start);
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!("{}:{line}:{col}: {level}: {}", sources.name(self.file), self.message)
    }

    /// The full form: the headline, then the source line with a caret, then the notes.
    pub fn render(&self, sources: &SourceMap) -> String {
        let text = sources.text(self.file);
        let mut start = self.span.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = self.span.end.clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let label = Label::primary(self.file, start..end).with_message(self.label.clone().unwrap_or_default());
        let report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_message(&self.message)
        .with_labels(vec![label])
        .with_notes(self.notes.clone());
        let config = Config { display_style: DisplayStyle::Rich, chars: Chars::ascii(), ..Config::default() };
        let mut out = NoColor::new(Vec::new());
        let rendered = match term::emit(&mut out, &config, sources, &report) {
            Ok(()) => String::from_utf8_lossy(&out.into_inner()).into_owned(),
            Err(_) => String::new(),
        };
        // codespan's rich form opens with `error: message` and a `--> file:line:col` line; the
        // headline says both in the compiler-standard order, so keep only the snippet after them.
        let snippet: Vec<&str> = rendered.lines().skip(2).collect();
        let mut result = self.headline(sources);
        for line in snippet {
            result.push('\n');
            result.push_str(line.trim_end());
        }
        while result.ends_with('\n') {
            result.pop();
        }
        result
    }
}

/// Diagnostics kept for one compilation; later ones are dropped (hostile input can make millions).
const MAX_DIAGNOSTICS: usize = 1000;

/// Every diagnostic of one compilation, in the order found: the preprocessor, the parser, the
/// resolver and the Rust generator all push here.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
    /// What makes two diagnostics the same problem, for each one kept.
    seen: HashSet<(Severity, FileId, usize, usize, String)>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        if self.list.len() >= MAX_DIAGNOSTICS {
            return;
        }
        // The same problem found twice (a file included or imported from two places) is reported once.
        if self.seen.insert((d.severity, d.file, d.span.start, d.span.end, d.message.clone())) {
            self.list.push(d);
        }
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        for d in ds {
            self.push(d);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// All diagnostics, each rendered in full, in the order found.
    pub fn render(&self, sources: &SourceMap) -> String {
        let parts: Vec<String> = self.list.iter().map(|d| d.render(sources)).collect();
        parts.join("\n\n")
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}
