//! Source files and the map from preprocessed text back to them.
//!
//! The preprocessor produces one text per translation unit (a file plus what it `#include`s, with
//! macros expanded). Every byte of that text comes from some byte of an original file, and the
//! [`OriginMap`] records where, so that a diagnostic found in the preprocessed text points at the
//! file, line and column the user wrote.

use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::files::{self, Files, SimpleFile};

/// A file of a [`SourceMap`]: every diagnostic and every origin names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileId(usize);

impl FileId {
    /// Its position in the order files were read, from 0.
    pub fn index(self) -> usize {
        self.0
    }
}

/// Every file read while compiling, in the order first read.
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

struct SourceFile {
    path: Option<PathBuf>,
    file: SimpleFile<String, String>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file read from disk; `name` is what diagnostics print for it.
    pub fn add_file(&mut self, path: &Path, name: String, text: String) -> FileId {
        self.push(SourceFile { path: Some(path.to_path_buf()), file: SimpleFile::new(name, text) })
    }

    /// Adds a text that has no file on disk (the built-in prelude, a test string).
    pub fn add_virtual(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.push(SourceFile { path: None, file: SimpleFile::new(name.into(), text.into()) })
    }

    fn push(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() - 1)
    }

    pub fn text(&self, id: FileId) -> &str {
        self.files[id.0].file.source()
    }

    pub fn name(&self, id: FileId) -> &str {
        self.files[id.0].file.name()
    }

    /// The path on disk, `None` for virtual files.
    pub fn path(&self, id: FileId) -> Option<&Path> {
        self.files[id.0].path.as_deref()
    }

    /// The file already read from `path`, if any.
    pub fn find_path(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path.as_deref() == Some(path)).map(FileId)
    }

    /// Paths of every file read from disk, for `cargo:rerun-if-changed`.
    pub fn disk_paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().filter_map(|f| f.path.as_deref())
    }

    /// 1-based line and column of a byte offset, columns counted in characters.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        match self.location(id, offset) {
            Ok(loc) => (loc.line_number, loc.column_number),
            Err(_) => (1, 1),
        }
    }
}

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files.get(id.0).map(|f| f.file.name().as_str()).ok_or(files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files.get(id.0).map(|f| f.file.source().as_str()).ok_or(files::Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        self.files.get(id.0).ok_or(files::Error::FileMissing)?.file.line_index((), byte_index)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        self.files.get(id.0).ok_or(files::Error::FileMissing)?.file.line_range((), line_index)
    }
}

/// A place in an original file: the target of every diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: FileId,
    pub offset: usize,
}

/// A run of preprocessed text that comes from one place of one file.
///
/// Output bytes `out .. out + len` come from `file` bytes `orig .. orig + len`. A macro expansion
/// is one segment whose `len` is the length of the macro's name at the use: every byte of the
/// expansion maps into that name, clamped to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub out: usize,
    pub file: FileId,
    pub orig: usize,
    pub len: usize,
}

/// Maps byte offsets of a preprocessed text to the original files.
#[derive(Clone, Debug, Default)]
pub struct OriginMap {
    segments: Vec<Segment>,
}

impl OriginMap {
    /// Records that output from `out` on comes from `file` at `orig`, for `len` bytes.
    /// Segments must be pushed in increasing `out` order.
    pub fn push(&mut self, segment: Segment) {
        if let Some(last) = self.segments.last_mut() {
            debug_assert!(last.out <= segment.out);
            // A run that continues the previous one exactly extends it.
            if last.file == segment.file && last.out + last.len == segment.out && last.orig + last.len == segment.orig {
                last.len += segment.len;
                return;
            }
            if last.out == segment.out {
                *last = segment;
                return;
            }
        }
        self.segments.push(segment);
    }

    /// Where output byte `out` came from; `None` only for an empty map.
    pub fn origin(&self, out: usize) -> Option<Origin> {
        let i = self.segments.partition_point(|s| s.out <= out).saturating_sub(1);
        let s = self.segments.get(i)?;
        let delta = out.saturating_sub(s.out).min(s.len);
        Some(Origin { file: s.file, offset: s.orig + delta })
    }

    /// Maps an output range to a range in one original file (the file of its start).
    pub fn origin_range(&self, out: Range<usize>) -> Option<(FileId, Range<usize>)> {
        let start = self.origin(out.start)?;
        let end = if out.end > out.start { self.origin(out.end - 1) } else { None };
        let end = match end {
            Some(e) if e.file == start.file && e.offset >= start.offset => e.offset + 1,
            _ => start.offset,
        };
        Some((start.file, start.offset..end))
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }
}
