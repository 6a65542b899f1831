//! A streaming CSV reader (RFC 4180, as spreadsheets and Daylio write it)
//! that keeps the line and column of every field, so a problem in a row is
//! reported where the row is. It reads one physical line at a time: a file
//! of any size costs the memory of its longest record.

use std::io::BufRead;

use super::source::{Source, utf8_line};
use crate::diagnostics::{Diagnostic, Pos};

/// One field, unquoted, with where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    pub pos: Pos,
}

/// One record: its fields, and the text of the line it starts on (for the
/// caret under a problem).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<Field>,
    pub source: String,
}

impl Record {
    /// The field at `index`, empty when the record is short.
    pub fn get(&self, index: Option<usize>) -> &str {
        index
            .and_then(|i| self.fields.get(i))
            .map_or("", |f| f.text.as_str())
    }

    /// Where the field at `index` starts (the record's start when it is missing).
    pub fn pos(&self, index: Option<usize>) -> Pos {
        index
            .and_then(|i| self.fields.get(i))
            .map_or(Pos::new(self.line, 1), |f| f.pos)
    }

    /// A problem with this record, at `pos`, showing its first line.
    pub fn problem(&self, source: &Source, pos: Pos, message: impl Into<String>) -> Diagnostic {
        let line = (pos.line == self.line).then_some(self.source.as_str());
        Diagnostic::error(&source.display, pos, message).with_source_line(line)
    }
}

/// What went wrong while reading records.
#[derive(Debug)]
pub enum ReadError {
    /// One record cannot be read (an unclosed quote); the rest can.
    Record(Diagnostic),
    /// The file cannot be read on: not UTF-8, or an I/O error.
    File(Diagnostic),
}

/// Records from a CSV stream, blank lines skipped.
pub struct Reader<'s, R> {
    input: R,
    source: &'s Source,
    /// The number of physical lines read so far.
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<'s, R: BufRead> Reader<'s, R> {
    /// A reader of `input`, reported as `source`. A UTF-8 BOM is skipped.
    pub fn new(input: R, source: &'s Source) -> Reader<'s, R> {
        Reader {
            input,
            source,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// The next physical line, without its line break; `None` at the end.
    fn next_line(&mut self) -> Option<Result<String, ReadError>> {
        self.buf.clear();
        match self.input.read_until(b'\n', &mut self.buf) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => {
                let pos = Pos::new(self.line + 1, 1);
                let message = format!("cannot read on: {e}");
                return Some(Err(ReadError::File(Diagnostic::error(
                    &self.source.display,
                    pos,
                    message,
                ))));
            }
        }
        self.line += 1;
        let mut bytes = self.buf.as_slice();
        if self.line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        Some(
            utf8_line(self.source, bytes, self.line)
                .map(str::to_owned)
                .map_err(ReadError::File),
        )
    }
}

impl<R: BufRead> Iterator for Reader<'_, R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            let first = match self.next_line()? {
                Ok(l) => l,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            if first.trim().is_empty() {
                continue;
            }
            let line = self.line;
            let mut record = Record {
                line,
                fields: Vec::new(),
                source: first.clone(),
            };
            let mut text = first;
            let mut field = Field {
                text: String::new(),
                pos: Pos::new(line, 1),
            };
            // Where an open quote started, while inside one.
            let mut quoted: Option<Pos> = None;
            let mut at_start = true;
            loop {
                let mut chars = text.chars().enumerate().peekable();
                while let Some((i, c)) = chars.next() {
                    let col = i + 1;
                    if quoted.is_some() {
                        if c == '"' {
                            if chars.peek().is_some_and(|&(_, n)| n == '"') {
                                chars.next();
                                field.text.push('"');
                            } else {
                                quoted = None;
                            }
                        } else {
                            field.text.push(c);
                        }
                        continue;
                    }
                    match c {
                        ',' => {
                            record.fields.push(std::mem::replace(
                                &mut field,
                                Field {
                                    text: String::new(),
                                    pos: Pos::new(self.line, col + 1),
                                },
                            ));
                            at_start = true;
                            continue;
                        }
                        '"' if at_start => quoted = Some(Pos::new(self.line, col)),
                        // A quote inside an unquoted field, or text after a
                        // closing one, is kept as written.
                        _ => field.text.push(c),
                    }
                    at_start = false;
                }
                let Some(open) = quoted else { break };
                // A line break inside quotes belongs to the field.
                match self.next_line() {
                    Some(Ok(next)) => {
                        field.text.push('\n');
                        text = next;
                    }
                    Some(Err(e)) => {
                        self.done = true;
                        return Some(Err(e));
                    }
                    None => {
                        self.done = true;
                        let message = "this quote is never closed, so the rest of the file is one field; \
                                       close it with `\"`";
                        let problem = record.problem(self.source, open, message);
                        return Some(Err(ReadError::Record(problem)));
                    }
                }
            }
            record.fields.push(field);
            return Some(Ok(record));
        }
    }
}

/// A header row: its names, trimmed and lowercased, with where each is.
#[derive(Debug, Clone)]
pub struct Header {
    pub record: Record,
    pub names: Vec<String>,
}

impl Header {
    /// Reads the first record of `reader` as the header.
    pub fn read<R: BufRead>(
        reader: &mut Reader<'_, R>,
        source: &Source,
        expected: &str,
    ) -> Result<Header, Diagnostic> {
        let record = match reader.next() {
            Some(Ok(r)) => r,
            Some(Err(ReadError::File(d) | ReadError::Record(d))) => return Err(d),
            None => {
                return Err(Diagnostic::error(
                    &source.display,
                    Pos::START,
                    format!("the file is empty; expected a header row: {expected}"),
                ));
            }
        };
        let names = record
            .fields
            .iter()
            .map(|f| f.text.trim().to_lowercase())
            .collect();
        Ok(Header { record, names })
    }

    /// The index of the column `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The index of the column `name`, or an error at the header naming
    /// what was expected.
    pub fn require(
        &self,
        source: &Source,
        name: &str,
        expected: &str,
    ) -> Result<usize, Diagnostic> {
        self.index(name).ok_or_else(|| {
            self.record.problem(
                source,
                Pos::new(self.record.line, 1),
                format!("the header has no `{name}` column; expected {expected}"),
            )
        })
    }

    /// Calls `each` with every record after the header that has its number
    /// of fields; a record that cannot be read, or has another length, is
    /// skipped into `read`. An error: the file cannot be read on.
    pub fn rows<R: BufRead>(
        &self,
        reader: Reader<'_, R>,
        source: &Source,
        read: &mut super::Read,
        mut each: impl FnMut(&Record, &mut super::Read),
    ) -> Result<(), Diagnostic> {
        for record in reader {
            match record {
                Ok(r) => match self.shape(source, &r) {
                    Some(problem) => read.skip(problem),
                    None => each(&r, read),
                },
                Err(ReadError::Record(problem)) => read.skip(problem),
                Err(ReadError::File(problem)) => return Err(problem),
            }
        }
        Ok(())
    }

    /// A row's problem when it has another number of fields than the header.
    pub fn shape(&self, source: &Source, row: &Record) -> Option<Diagnostic> {
        let (found, wanted) = (row.fields.len(), self.names.len());
        (found != wanted).then(|| {
            let pos = row.pos(Some(found.min(wanted).saturating_sub(1)));
            row.problem(
                source,
                pos,
                format!(
                    "this row has {found} fields and the header {wanted}; \
                     a field with a comma in it must be in double quotes"
                ),
            )
        })
    }
}
