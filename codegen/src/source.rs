//! Source files and the map from preprocessed text back to them.
//!
//! The preprocessor produces one text per translation unit (a file plus what it `#include`s, with
//! macros expanded). Every byte of that text comes from some byte of an original file, and the
//! [`OriginMap`] records where, so that a diagnostic found in the preprocessed text points at the
//! file, line and column the user wrote.

use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::files::{self, Files, SimpleFile};

/// The text of a file as MIDL reads files written on Windows: UTF-8 (a byte-order mark dropped, so
/// that columns count from the first character), UTF-16 LE or BE after their byte-order mark, and
/// anything that is not UTF-8 in the ANSI code page Windows-1252.
pub fn decode(bytes: Vec<u8>) -> String {
    match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8(bytes).unwrap_or_else(|e| windows_1252(e.as_bytes())),
    }
}

/// UTF-16 code units read with `unit`; an unpaired surrogate or an odd last byte becomes U+FFFD.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text: String = char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
    if bytes.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

/// Windows-1252 bytes 0x80..=0x9F, eight to a row; the rest of the code page is Latin-1. The five bytes it leaves
/// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1 controls of the same value, as Windows'
/// MultiByteToWideChar makes them.
#[rustfmt::skip]
const WINDOWS_1252_80_9F: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => WINDOWS_1252_80_9F[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

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
