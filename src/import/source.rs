//! The file an import reads: opened as a stream or read whole, its encoding
//! checked, every problem placed at a line and column of it.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Pos, display_path};

/// The file being imported, and how messages name it.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub display: String,
}

impl Source {
    /// The file at `path`.
    pub fn new(path: &Path) -> Source {
        Source {
            path: path.to_path_buf(),
            display: display_path(path),
        }
    }

    /// A problem with the whole file, at its start.
    pub fn problem(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.display, Pos::START, message)
    }

    /// The file as a stream of bytes; refused when it is UTF-16 or UTF-32.
    pub fn open(&self) -> Result<BufReader<File>, Diagnostic> {
        let file = File::open(&self.path).map_err(|e| self.problem(format!("cannot read: {e}")))?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let start = reader
            .fill_buf()
            .map_err(|e| self.problem(format!("cannot read: {e}")))?;
        self.wide(start)?;
        Ok(reader)
    }

    /// The whole file as text, without a UTF-8 BOM.
    pub fn read(&self) -> Result<String, Diagnostic> {
        let bytes =
            std::fs::read(&self.path).map_err(|e| self.problem(format!("cannot read: {e}")))?;
        self.wide(&bytes)?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(e) => {
                let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
                let pos = Pos::of_offset(valid, valid.len());
                Err(not_utf8(self, pos, bytes[e.valid_up_to()]))
            }
        }
    }

    /// Refuses text in a wide encoding, which starts with its byte order mark.
    fn wide(&self, start: &[u8]) -> Result<(), Diagnostic> {
        let encoding =
            if start.starts_with(&[0xFF, 0xFE, 0, 0]) || start.starts_with(&[0, 0, 0xFE, 0xFF]) {
                "UTF-32"
            } else if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
                "UTF-16"
            } else {
                return Ok(());
            };
        Err(self.problem(format!(
            "the file is {encoding}; save it as UTF-8 (a spreadsheet's \"CSV UTF-8\") and import that"
        )))
    }
}

/// One line of the file as text; an error at the first byte that is not UTF-8.
pub fn utf8_line<'b>(source: &Source, bytes: &'b [u8], line: usize) -> Result<&'b str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let pos = Pos::new(line, valid.chars().count() + 1);
        not_utf8(source, pos, bytes[e.valid_up_to()])
    })
}

fn not_utf8(source: &Source, pos: Pos, byte: u8) -> Diagnostic {
    Diagnostic::error(
        &source.display,
        pos,
        format!(
            "the file is not UTF-8 (byte 0x{byte:02X}); save it as UTF-8 (a spreadsheet's \
             \"CSV UTF-8\") and import that"
        ),
    )
}

/// Line and column of byte offsets in a text, for offsets met in order: a
/// file of many entries is counted through once, not once per entry.
pub struct Lines<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
    line_start: usize,
    /// The column of `offset`.
    col: usize,
}

impl<'t> Lines<'t> {
    /// Counting from the start of `text`.
    pub fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
            col: 1,
        }
    }

    /// The position of `offset`; an offset before the last one asked for
    /// starts the count again.
    pub fn at(&mut self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = Lines::new(self.text);
        }
        let skipped = &self.text[self.offset..offset];
        match skipped.rfind('\n') {
            Some(last) => {
                self.line += skipped.matches('\n').count();
                self.line_start = self.offset + last + 1;
                self.col = skipped[last + 1..].chars().count() + 1;
            }
            None => self.col += skipped.chars().count(),
        }
        self.offset = offset;
        Pos::new(self.line, self.col)
    }

    /// The text of line `line` (counted from 1), for the caret display.
    pub fn line_text(&self, pos: Pos) -> Option<&'t str> {
        (pos.line == self.line).then(|| {
            let rest = &self.text[self.line_start..];
            rest.split('\n')
                .next()
                .unwrap_or(rest)
                .trim_end_matches('\r')
        })
    }
}
