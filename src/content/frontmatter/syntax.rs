//! YAML syntax errors in words a writer understands, at the character that
//! caused them: a value with `: ` that needs quotes, a tab in the
//! indentation, a `[` or `{` that is not closed.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{ScanError, TScalarStyle};

use super::YamlError;
use crate::diagnostics::Pos;

/// What a writer is told about a tab in the indentation, at the tab.
const TAB_INDENT: &str =
    "invalid YAML in frontmatter: YAML indents with spaces, not tabs (a tab is here: use spaces)";

/// A YAML syntax error, placed where the user can see the problem. The
/// scanner notices a line that is not `key: value` only when the next line
/// starts (or after 1024 characters), so that error is moved back to the
/// start of the line at fault, with the likely cause. `open` holds where each
/// collection still open at the error starts, the innermost last.
pub(super) fn syntax_error(
    yaml: &str,
    first_line: usize,
    e: &ScanError,
    open: &[Pos],
) -> YamlError {
    let m = e.marker();
    let at = Pos::new(m.line() + first_line - 1, m.col() + 1);
    let lines = yaml_lines(yaml);
    let here = m.line().saturating_sub(1);
    if let Some(tab) = indent_tab_error(&lines, here, e.info()) {
        return YamlError::new(Pos::new(tab.0 + first_line, tab.1 + 1), TAB_INDENT);
    }
    if let Some(error) = unclosed_flow(&lines, first_line, e, open) {
        return error;
    }
    // YAML indents with spaces only; say so when a tab is where it stopped.
    let line_chars: Vec<char> = lines.get(here).map_or(Vec::new(), |l| l.chars().collect());
    let tab_at = |col: usize| line_chars.get(col) == Some(&'\t');
    let plain = || {
        let mut at = at;
        let mut hint = "";
        if tab_at(m.col()) || (m.col() > 0 && tab_at(m.col() - 1)) {
            let mut col = if tab_at(m.col()) {
                m.col()
            } else {
                m.col() - 1
            };
            while col > 0 && tab_at(col - 1) {
                col -= 1;
            }
            at.col = col + 1;
            hint = " (a tab is here: use spaces)";
        }
        YamlError::new(
            at,
            format!("invalid YAML in frontmatter: {}{hint}", e.info()),
        )
    };
    let line_start = |index: usize| {
        let indent = lines[index]
            .chars()
            .take_while(|c| c.is_whitespace())
            .count();
        Pos::new(index + first_line, indent + 1)
    };
    if e.info() == "mapping values are not allowed in this context" {
        if let Some(message) = lines.get(here).and_then(|l| colon_in_value(l, m.col())) {
            return YamlError::new(at, message);
        }
    }
    let before_error: String = lines
        .get(here)
        .map(|l| l.chars().take(m.col()).collect())
        .unwrap_or_default();
    let key_like = matches!(
        e.info(),
        "simple key expect ':'" | "mapping values are not allowed in this context"
    );
    if key_like && before_error.trim().chars().count() > MAX_KEY_CHARS {
        return YamlError::new(
            line_start(here),
            "invalid YAML in frontmatter: a key must be at most 1024 characters long",
        );
    }
    if e.info() == "recursion limit exceeded" {
        return YamlError::new(at, "frontmatter is nested too deeply");
    }
    if e.info() != "simple key expect ':'" {
        return plain();
    }
    let from = if before_error.trim().is_empty() {
        here
    } else {
        here + 1
    };
    let Some((index, line)) = lines[..from.min(lines.len())]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    else {
        return plain();
    };
    let text = line.trim();
    let shown: String = text.chars().take(40).collect();
    let more = if shown.len() < text.len() { "…" } else { "" };
    YamlError::new(
        line_start(index),
        format!(
            "invalid YAML in frontmatter: `{shown}{more}` is not a `key: value` line (if it is the body, add the closing `---` above it)"
        ),
    )
}

/// The longest plain key the scanner takes, in characters.
const MAX_KEY_CHARS: usize = 1024;

/// The lines of `yaml` as the scanner counts them: it breaks lines at `\n`,
/// `\r\n` and a lone `\r`, so a marker's line is an index here.
pub(super) fn yaml_lines(yaml: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = yaml;
    while let Some(i) = rest.find(['\n', '\r']) {
        lines.push(&rest[..i]);
        let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + skip..];
    }
    if !rest.is_empty() {
        lines.push(rest);
    }
    lines
}

/// The column (from 0) of the first tab in a line's indentation, when
/// something other than a comment follows the indentation.
pub(super) fn indent_tab(line: &str) -> Option<usize> {
    let mut tab = None;
    for (col, c) in line.chars().enumerate() {
        match c {
            '\t' => {
                tab.get_or_insert(col);
            }
            ' ' => {}
            '#' => return None,
            _ => return tab,
        }
    }
    None
}

/// The line (index into `lines`) and column (from 0) of the tab behind a
/// tab-in-indentation error. Some of these errors are marked at the start of
/// the scalar before the tab, lines above it, so the tab is looked for in the
/// indentation of the lines that follow.
pub(super) fn indent_tab_error(lines: &[&str], here: usize, info: &str) -> Option<(usize, usize)> {
    let from = match info {
        // Marked where the text after the tabs starts.
        "tabs disallowed within this context (block indentation)"
        | "tab cannot be used as indentation" => here,
        // Marked at the start of the plain scalar or of the `|` before the tab.
        "while scanning a plain scalar, found a tab"
        | "a block scalar content cannot start with a tab" => here + 1,
        _ => return None,
    };
    lines
        .iter()
        .enumerate()
        .skip(from)
        .find_map(|(index, line)| indent_tab(line).map(|col| (index, col)))
}

/// For `title: Retro: what went wrong`, where the scanner stops at the second
/// `:` (column `colon`, from 0), the advice to quote the value, with the line
/// written that way; `None` when the line is not a `key: value` line whose
/// plain value holds the `:`, or the quoted line would not read back as the value.
pub(super) fn colon_in_value(line: &str, colon: usize) -> Option<String> {
    let colon_at = line.char_indices().nth(colon)?.0;
    if !line[colon_at..].starts_with(':') {
        return None;
    }
    let before = &line[..colon_at];
    let sep = [": ", ":\t"].iter().filter_map(|s| before.find(s)).min()?;
    let head = &line[..=sep];
    let key = head
        .trim_start()
        .trim_start_matches("- ")
        .trim_end_matches(':');
    if key.trim().is_empty() || key.chars().count() > MAX_KEY_CHARS {
        return None;
    }
    let rest = &line[sep + 1..];
    // A ` #` ends a plain value and starts a comment, which stays after the quotes.
    let comment_at = [" #", "\t#"]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .unwrap_or(rest.len());
    if sep + 1 + comment_at < colon_at {
        return None;
    }
    let value = rest[..comment_at].trim_matches([' ', '\t']);
    let comment = rest[comment_at..].trim_matches([' ', '\t']);
    if value.is_empty()
        || value.starts_with([
            '"', '\'', '[', '{', '|', '>', '&', '*', '!', '%', '@', '`', '#',
        ])
    {
        return None;
    }
    let quoted = if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\"))
    };
    let mut fixed = format!("{} {quoted}", head.trim_start());
    if !comment.is_empty() {
        fixed.push(' ');
        fixed.push_str(comment);
    }
    if !reads_back(&fixed, value) {
        return None;
    }
    let what = if value.ends_with(':') {
        "ends in `:`"
    } else {
        "contains `: `"
    };
    let shown: String = fixed.chars().take(120).collect();
    let more = if shown.len() < fixed.len() { "…" } else { "" };
    Some(format!(
        "invalid YAML in frontmatter: a value that {what} must be in quotes; write `{shown}{more}`"
    ))
}

/// Does `line` parse, with `value` as one of its quoted scalars?
pub(super) fn reads_back(line: &str, value: &str) -> bool {
    let mut parser = Parser::new_from_str(line);
    let mut found = false;
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => return found,
            Ok((Event::Scalar(text, style, _, _), _)) => {
                found |= style != TScalarStyle::Plain && text == value;
            }
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

/// An unclosed `[` or `{` is noticed only at the end of the frontmatter (the
/// closing `---`); the error goes to the bracket instead.
pub(super) fn unclosed_flow(
    lines: &[&str],
    first_line: usize,
    e: &ScanError,
    open: &[Pos],
) -> Option<YamlError> {
    let m = e.marker();
    let here = m.line().saturating_sub(1);
    let blank = |l: &str| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    };
    let indent = |l: &str| l.chars().take_while(|c| *c == ' ').count();
    // The innermost open `[` or `{`, and the line it is on.
    let (pos, bracket, line) = open.iter().rev().find_map(|pos| {
        let line = lines.get(pos.line.checked_sub(first_line)?)?;
        let c = line.chars().nth(pos.col.checked_sub(1)?)?;
        matches!(c, '[' | '{').then_some((*pos, c, *line))
    })?;
    let at_the_end = matches!(
        e.info(),
        "while parsing a flow sequence, expected ',' or ']'"
            | "while parsing a flow mapping, did not find expected ',' or '}'"
            // After a trailing `,` or `:`.
            | "while parsing a node, did not find expected node content"
    ) && {
        let rest_of_line: String = lines
            .get(here)
            .map(|l| l.chars().skip(m.col()).collect())
            .unwrap_or_default();
        blank(&rest_of_line) && lines.iter().skip(here + 1).all(|l| blank(l))
    };
    // `tags: [a, b` followed by `energy: 5`: the next key, indented no
    // deeper than the line with the bracket, was read as part of it.
    let swallowed_key = first_line + here > pos.line
        && lines
            .get(here)
            .is_some_and(|l| !blank(l) && indent(l) <= indent(line));
    if !at_the_end && !swallowed_key {
        return None;
    }
    let message = match bracket {
        '[' => "invalid YAML in frontmatter: this `[` is not closed; add `]` after the last item",
        _ => {
            "invalid YAML in frontmatter: this `{` is not closed; add `}` after the last `key: value`"
        }
    };
    Some(YamlError::new(pos, message))
}
