//! Problems found in a journal, each with a `path:line:col` and a severity.
//!
//! Every stage pushes into a [`Diagnostics`] list instead of stopping at the
//! first problem, so `build` and `check` can report all of them in one run.

use std::fmt;
use std::path::Path;

use anstyle::Style;
use serde::Serialize;

/// How bad a problem is: errors fail a build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, not worth fixing: shown by `check`, never counted.
    Note,
}

impl Severity {
    /// How the severity's label is shown on a terminal.
    pub fn style(self) -> Style {
        match self {
            Severity::Error => style::ERROR,
            Severity::Warning => style::WARNING,
            Severity::Note => style::NOTE,
        }
    }
}

/// The styles of reports on a terminal.
mod style {
    use anstyle::{AnsiColor, Style};

    /// Positions and messages.
    pub const BOLD: Style = Style::new().bold();
    /// `error:` and the caret under an error.
    pub const ERROR: Style = BOLD.fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
    /// `warning:` and its caret.
    pub const WARNING: Style = BOLD.fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
    /// `note:` and its caret.
    pub const NOTE: Style = BOLD.fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
}

/// A line and column, both counted from 1, columns in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    /// The first character of a file.
    pub const START: Pos = Pos { line: 1, col: 1 };

    /// A position from a line and a column, both counted from 1.
    pub fn new(line: usize, col: usize) -> Pos {
        Pos { line, col }
    }

    /// The position of byte `offset` in `text` (clamped to the text).
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Pos { line, col }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, as the user would type it (relative to the current folder when possible).
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    /// The offending line of the file, for the caret display.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at `pos` in the file at `path`.
    pub fn error(path: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(path, pos, Severity::Error, message.into())
    }

    /// A warning at `pos` in the file at `path`.
    pub fn warning(path: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(path, pos, Severity::Warning, message.into())
    }

    /// A note at `pos` in the file at `path`.
    pub fn note(path: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(path, pos, Severity::Note, message.into())
    }

    fn new(path: &str, pos: Pos, severity: Severity, message: String) -> Diagnostic {
        Diagnostic {
            path: path.to_owned(),
            line: pos.line,
            column: pos.col,
            severity,
            message,
            source_line: None,
        }
    }

    /// Attaches the offending line of `text` so the report can show it with a caret.
    pub fn with_source(self, text: &str) -> Diagnostic {
        let line = text.lines().nth(self.line.saturating_sub(1));
        self.with_source_line(line)
    }

    /// Attaches the offending line itself, for a caller that split its text
    /// into lines once: finding the line again for each of many diagnostics
    /// would read the text once per diagnostic.
    pub fn with_source_line(mut self, line: Option<&str>) -> Diagnostic {
        self.source_line = line.map(|l| l.trim_end_matches('\r').to_owned());
        self
    }

    /// Is this an error (as opposed to a warning)?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The report with the offending line and a caret under the column, like rustc.
    /// With `color`, for a terminal: the severity and caret in its colour,
    /// the position and message in bold. Without, plain text.
    pub fn render(&self, color: bool) -> String {
        let (label_style, bold) = match color {
            false => (Style::new(), Style::new()),
            true => (self.severity.style(), style::BOLD),
        };
        // An empty style renders as nothing, and so does its reset.
        let (on, bold, off) = (
            label_style.render(),
            bold.render(),
            label_style.render_reset(),
        );
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let mut out = format!(
            "{bold}{}:{}:{}:{off} {on}{label}:{off} {bold}{}{off}",
            visible(&self.path),
            self.line,
            self.column,
            visible(&self.message)
        );
        if let Some(src) = &self.source_line {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            // On a long line, show the part around the column.
            let before = self.column.saturating_sub(1);
            let skip = if before > 160 { before - 80 } else { 0 };
            let lead = if skip > 0 { "…" } else { "" };
            // Keep tabs so the caret lines up under the same characters.
            let pad: String = lead
                .chars()
                .map(|_| ' ')
                .chain(
                    src.chars()
                        .skip(skip)
                        .take(before - skip)
                        .map(|c| if c == '\t' { '\t' } else { ' ' }),
                )
                .collect();
            let window: String = src.chars().skip(skip).take(200).collect();
            let shown = format!("{lead}{}", visible(&window));
            out.push_str(&format!(
                "\n{gutter} |\n{number} | {shown}\n{gutter} | {pad}{on}^{off}"
            ));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Text as it is safe to print on a terminal: each control character (other
/// than tab) and each bidirectional override becomes one visible character,
/// so a file cannot send escape sequences to the terminal, and columns stay
/// where they were.
fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
            )
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            // The Unicode "control pictures": ␀ for NUL, ␛ for ESC, ␡ for DEL.
            '\0'..='\u{1F}' if c != '\t' => char::from_u32(0x2400 + c as u32).unwrap_or('�'),
            '\u{7F}' => '␡',
            c if hidden(c) => '�',
            c => c,
        })
        .collect()
}

/// Attaches to each diagnostic its line of `text`, which is split into lines
/// once however many diagnostics there are.
pub fn with_sources(diagnostics: Vec<Diagnostic>, text: &str) -> Vec<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    diagnostics
        .into_iter()
        .map(|d| {
            let line = lines.get(d.line.saturating_sub(1)).copied();
            d.with_source_line(line)
        })
        .collect()
}

/// Every problem found in a run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Diagnostics {
        let mut d = Diagnostics::default();
        d.extend(items);
        d
    }
}

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many problems.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Are there any errors (not only warnings)?
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// The number of notes.
    pub fn note_count(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorts by file, then position, then severity, so reports are stable.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
    }

    /// All problems.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    /// Is the list empty?
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The number of problems.
    pub fn len(&self) -> usize {
        self.items.len()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// How a path is shown to the user: relative to the current folder when it is under it.
pub fn display_path(path: &Path) -> String {
    // Asked once: every entry of a journal is shown this way.
    static CWD: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().ok());
    let rel = cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    rel.unwrap_or_else(|| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_to_position_counts_characters() {
        let text = "ab\nçé: x\n";
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(Pos::of_offset(text, 3), Pos::new(2, 1));
        // "çé" is four bytes but two characters.
        assert_eq!(Pos::of_offset(text, 3 + 4), Pos::new(2, 3));
    }

    #[test]
    fn render_never_prints_control_characters() {
        let d = Diagnostic::error("a\u{1b}.md", Pos::new(1, 8), "found `\u{1b}[2J`")
            .with_source("title: \u{1b}[2J\u{0}\u{202e}x\u{85}\n");
        let text = d.render(false);
        assert_eq!(
            text,
            "a␛.md:1:8: error: found `␛[2J`\n  |\n1 | title: ␛[2J␀�x�\n  |        ^"
        );
    }

    #[test]
    fn render_shows_the_part_of_a_long_line_around_the_column() {
        let line = format!("{}X{}", "a".repeat(100_000), "b".repeat(100_000));
        let d = Diagnostic::error("a.md", Pos::new(1, 100_001), "here").with_source(&line);
        let text = d.render(false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[2],
            format!("1 | …{}X{}", "a".repeat(80), "b".repeat(119))
        );
        assert_eq!(lines[3], format!("  | {}^", " ".repeat(81)));
    }

    #[test]
    fn colour_is_ansi_bold_and_the_severity_colour() {
        let d = Diagnostic::error("a.md", Pos::new(2, 9), "energy must be 1 to 10")
            .with_source("---\nenergy: 11\n---\n");
        // Bold is `ESC[1m`, red `ESC[31m`, and `ESC[0m` resets both.
        assert_eq!(
            d.render(true),
            "\x1b[1ma.md:2:9:\x1b[0m \x1b[1m\x1b[31merror:\x1b[0m \x1b[1menergy must be 1 to 10\x1b[0m\n  |\n2 | energy: 11\n  |         \x1b[1m\x1b[31m^\x1b[0m"
        );
        let warning = Diagnostic::warning("a.md", Pos::new(1, 1), "w").render(true);
        assert_eq!(
            warning,
            "\x1b[1ma.md:1:1:\x1b[0m \x1b[1m\x1b[33mwarning:\x1b[0m \x1b[1mw\x1b[0m"
        );
        let note = Diagnostic::note("a.md", Pos::new(1, 1), "n");
        assert!(note.render(true).contains("\x1b[1m\x1b[36mnote:\x1b[0m"));
        assert!(
            !d.render(false).contains('\x1b'),
            "no escapes without colour"
        );
    }

    #[test]
    fn render_shows_line_and_caret() {
        let d = Diagnostic::error("a.md", Pos::new(2, 9), "energy must be 1 to 10")
            .with_source("---\nenergy: 11\n---\n");
        let text = d.render(false);
        assert_eq!(
            text,
            "a.md:2:9: error: energy must be 1 to 10\n  |\n2 | energy: 11\n  |         ^"
        );
    }

    #[test]
    fn sources_are_the_lines_of_each_diagnostic() {
        let text = "one\r\ntwo\nthree";
        let ds = vec![
            Diagnostic::error("a.md", Pos::new(3, 1), "c"),
            Diagnostic::error("a.md", Pos::new(1, 1), "a"),
            Diagnostic::error("a.md", Pos::new(9, 1), "past the end"),
        ];
        let lines: Vec<Option<String>> = with_sources(ds.clone(), text)
            .into_iter()
            .map(|d| d.source_line)
            .collect();
        let one_by_one: Vec<Option<String>> = ds
            .into_iter()
            .map(|d| d.with_source(text).source_line)
            .collect();
        assert_eq!(lines, [Some("three".into()), Some("one".into()), None]);
        assert_eq!(lines, one_by_one);
    }
}
