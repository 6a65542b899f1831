//! An entry file's raw text as lines, exactly as written (a BOM, CRLF or
//! LF endings), so that parser positions (line and column in characters)
//! become byte offsets in it; and where a YAML value that starts at an
//! offset ends, which the parser does not say.

use crate::diagnostics::Pos;

/// The raw text, and where each of its lines starts and ends.
pub(super) struct Lines<'a> {
    pub raw: &'a str,
    /// Per line (line 1 first): the offset of its first character, of its
    /// line ending, and of the next line.
    spans: Vec<(usize, usize, usize)>,
    /// The file's line ending, for the lines that are added.
    pub eol: &'static str,
}

impl<'a> Lines<'a> {
    /// Lines end at `\r\n`, `\n` or a lone `\r`, as the validator counts them.
    pub fn new(raw: &'a str) -> Lines<'a> {
        let bytes = raw.as_bytes();
        let mut spans = Vec::new();
        let mut start = if raw.starts_with('\u{feff}') { 3 } else { 0 };
        let mut eol = None;
        let mut i = start;
        while i < bytes.len() {
            let len = match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
                b'\r' | b'\n' => 1,
                _ => {
                    i += 1;
                    continue;
                }
            };
            eol.get_or_insert(if len == 2 { "\r\n" } else { "\n" });
            spans.push((start, i, i + len));
            i += len;
            start = i;
        }
        spans.push((start, raw.len(), raw.len()));
        Lines {
            raw,
            spans,
            eol: eol.unwrap_or("\n"),
        }
    }

    /// The text of line `line` (from 1), without its ending.
    pub fn content(&self, line: usize) -> &'a str {
        self.span(line).map_or("", |(s, e, _)| &self.raw[s..e])
    }

    fn span(&self, line: usize) -> Option<(usize, usize, usize)> {
        self.spans.get(line.checked_sub(1)?).copied()
    }

    /// Where line `line` starts.
    pub fn start(&self, line: usize) -> usize {
        self.span(line).map_or(self.raw.len(), |(s, _, _)| s)
    }

    /// Where line `line`'s text ends (its line ending starts).
    pub fn end(&self, line: usize) -> usize {
        self.span(line).map_or(self.raw.len(), |(_, e, _)| e)
    }

    /// Where the line after `line` starts.
    pub fn next(&self, line: usize) -> usize {
        self.span(line).map_or(self.raw.len(), |(_, _, n)| n)
    }

    /// The byte offset of a parser position.
    pub fn offset(&self, pos: Pos) -> Option<usize> {
        let (start, end, _) = self.span(pos.line)?;
        let text = &self.raw[start..end];
        let skip = pos.col.checked_sub(1)?;
        match text.char_indices().nth(skip) {
            Some((i, _)) => Some(start + i),
            None if text.chars().count() == skip => Some(end),
            None => None,
        }
    }

    /// The line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.spans.partition_point(|&(_, _, next)| next <= offset) + 1
    }

    /// The character at `offset`, if any.
    pub fn char_at(&self, offset: usize) -> Option<char> {
        self.raw.get(offset..)?.chars().next()
    }

    /// The offset of the first character from `offset` on its line that is
    /// not a space or a tab (the line's end if there is none).
    pub fn skip_blanks(&self, offset: usize) -> usize {
        let end = self.end(self.line_of(offset));
        let rest = &self.raw[offset..end.max(offset)];
        offset + (rest.len() - rest.trim_start_matches([' ', '\t']).len())
    }

    /// Where the value starting at `start` ends: a quoted scalar at its
    /// closing quote, a flow collection at its closing bracket, a plain
    /// scalar before a comment, the line's end or (in a flow collection,
    /// `flow`) a `,`, `]` or `}`.
    pub fn value_end(&self, start: usize, flow: bool) -> Option<usize> {
        let raw = self.raw;
        match raw[start..].chars().next()? {
            '"' | '\'' => quoted_end(raw, start),
            '{' | '[' => flow_end(raw, start),
            _ => {
                let end = self.end(self.line_of(start));
                let mut stop = end;
                let mut prev = ' ';
                for (i, c) in raw[start..end].char_indices() {
                    let comment = c == '#' && (prev == ' ' || prev == '\t');
                    if comment || (flow && matches!(c, ',' | ']' | '}')) {
                        stop = start + i;
                        break;
                    }
                    prev = c;
                }
                Some(start + raw[start..stop].trim_end().len())
            }
        }
    }
}

/// The end (after the closing quote) of the quoted scalar at `start`.
fn quoted_end(raw: &str, start: usize) -> Option<usize> {
    let quote = raw[start..].chars().next()?;
    let mut chars = raw[start + 1..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    return Some(start + 1 + i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The end (after the closing bracket) of the flow collection at `start`,
/// stepping over quoted scalars, nested collections and comments.
fn flow_end(raw: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    let mut prev = ' ';
    while i < raw.len() {
        let c = raw[i..].chars().next()?;
        match c {
            '"' | '\'' if !prev.is_alphanumeric() => {
                i = quoted_end(raw, i)?;
                prev = c;
                continue;
            }
            '#' if prev.is_whitespace() => {
                i += raw[i..].find(['\n', '\r']).unwrap_or(raw.len() - i);
                prev = '\n';
                continue;
            }
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        prev = c;
        i += c.len_utf8();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_endings_and_skip_a_bom() {
        let l = Lines::new("\u{feff}---\r\na: 1\r\nb: é2\n---");
        assert_eq!(l.eol, "\r\n");
        assert_eq!(l.content(1), "---");
        assert_eq!(l.content(2), "a: 1");
        assert_eq!(l.content(3), "b: é2");
        assert_eq!(l.content(4), "---");
        assert_eq!(
            l.offset(Pos::new(3, 5)).map(|o| &l.raw[o..o + 1]),
            Some("2")
        );
        assert_eq!(l.line_of(l.start(3)), 3);
        assert_eq!(l.line_of(l.end(3)), 3);
        assert_eq!(l.next(2), l.start(3));
        assert_eq!(Lines::new("a\rb").content(2), "b");
    }

    #[test]
    fn values_end_where_yaml_ends_them() {
        fn end(text: &str, flow: bool) -> Option<&str> {
            let l = Lines::new(text);
            l.value_end(0, flow).map(|e| &text[..e])
        }
        assert_eq!(end("7   # seven", false), Some("7"));
        assert_eq!(end("a#b c  ", false), Some("a#b c"));
        assert_eq!(end("7, midday: 5 }", true), Some("7"));
        assert_eq!(end("7, x", false), Some("7, x"));
        assert_eq!(end("\"a \\\" # b\" # c", false), Some("\"a \\\" # b\""));
        assert_eq!(end("'it''s' x", false), Some("'it''s'"));
        assert_eq!(
            end("{ a: [1, \"}\"], # c }\n b: 2 } x", false),
            Some("{ a: [1, \"}\"], # c }\n b: 2 }")
        );
        assert_eq!(end("{ a: 1", false), None);
    }
}
