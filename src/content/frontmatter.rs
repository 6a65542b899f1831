//! Splitting an entry into frontmatter and body, and reading the frontmatter's
//! YAML into a tree that keeps the line and column of every key and value.
//!
//! This is the only module that knows about the YAML parser.

use std::collections::HashSet;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

use crate::diagnostics::Pos;

/// The deepest nesting accepted in frontmatter; real entries need three levels.
const MAX_DEPTH: usize = 32;

/// An entry file cut into its YAML frontmatter and its Markdown body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The file line on which the YAML starts (the line after the opening `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// The file line on which the body starts.
    pub body_line: usize,
}

/// A problem found while splitting or parsing, at a file position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

impl YamlError {
    fn new(pos: Pos, message: impl Into<String>) -> YamlError {
        YamlError {
            pos,
            message: message.into(),
        }
    }
}

/// Cuts `text` (BOM already removed, line endings already `\n`) at its `---` fences.
pub fn split(text: &str) -> Result<Split<'_>, YamlError> {
    if text.trim().is_empty() {
        return Err(YamlError::new(
            Pos::START,
            "empty file: an entry starts with a `---` line, its frontmatter, and a closing `---` line",
        ));
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(YamlError::new(
            Pos::START,
            "missing frontmatter: an entry must start with a `---` line (then `title:` and the other keys, then `---`)",
        ));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let trimmed = text[offset..end].trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(YamlError::new(
        Pos::START,
        "frontmatter opened here is never closed: add a `---` line after the last key",
    ))
}

/// A YAML value with the position where it starts in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: NodeKind,
}

/// The shape of a YAML value. Scalars keep their text; types are resolved on demand.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A scalar's text, and whether it was written plain (unquoted), which decides
/// whether `7` is a number or `"7"` a string.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    pub text: String,
    pub plain: bool,
}

impl Scalar {
    /// `~`, `null` or nothing at all, written plain.
    pub fn is_null(&self) -> bool {
        self.plain && matches!(self.text.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }

    /// `true` or `false` (YAML 1.2 core schema), written plain.
    pub fn as_bool(&self) -> Option<bool> {
        if !self.plain {
            return None;
        }
        match self.text.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => None,
        }
    }

    /// A whole number written plain: `7`, `-3`, `0x1f`, `0o17`.
    pub fn as_int(&self) -> Option<i64> {
        if !self.plain {
            return None;
        }
        let t = self.text.as_str();
        if let Some(hex) = t.strip_prefix("0x") {
            return i64::from_str_radix(hex, 16).ok();
        }
        if let Some(oct) = t.strip_prefix("0o") {
            return i64::from_str_radix(oct, 8).ok();
        }
        let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    }

    /// Any number written plain, whole or not.
    pub fn as_f64(&self) -> Option<f64> {
        if let Some(i) = self.as_int() {
            return Some(i as f64);
        }
        if !self.plain {
            return None;
        }
        let t = self.text.as_str();
        let numeric = t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
        if numeric && t.bytes().any(|b| b.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    }
}

impl Node {
    /// The scalar inside, if this is one.
    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// Is this an explicit or implicit null?
    pub fn is_null(&self) -> bool {
        self.scalar().is_some_and(Scalar::is_null)
    }

    /// A word for the kind of value, for error messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar(s) if s.is_null() => "nothing",
            NodeKind::Scalar(s) if s.as_bool().is_some() => "a boolean",
            NodeKind::Scalar(s) if s.as_int().is_some() => "a whole number",
            NodeKind::Scalar(s) if s.as_f64().is_some() => "a number",
            NodeKind::Scalar(_) => "text",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a map",
        }
    }

    /// Converts to JSON for templates (`extra` keys): scalars are resolved as YAML 1.2 would.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Scalar(s) => {
                if s.is_null() {
                    Value::Null
                } else if let Some(b) = s.as_bool() {
                    Value::Bool(b)
                } else if let Some(i) = s.as_int() {
                    Value::from(i)
                } else if let Some(f) = s.as_f64().and_then(serde_json::Number::from_f64) {
                    Value::Number(f)
                } else {
                    Value::String(s.text.clone())
                }
            }
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(pairs) => Value::Object(
                pairs
                    .iter()
                    .map(|(k, v)| (key_text(k), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The text of a map key (a non-scalar key is shown in a compact form).
pub fn key_text(key: &Node) -> String {
    match &key.kind {
        NodeKind::Scalar(s) => s.text.clone(),
        NodeKind::Seq(_) => "[…]".to_owned(),
        NodeKind::Map(_) => "{…}".to_owned(),
    }
}

/// Parses frontmatter YAML that starts on file line `first_line` into a tree.
/// The top level must be a map; empty frontmatter is an empty map.
pub fn parse(yaml: &str, first_line: usize) -> Result<Node, YamlError> {
    let to_file = |m: &Marker| Pos::new(m.line() + first_line - 1, m.col() + 1);
    let mut builder = TreeBuilder {
        stack: Vec::new(),
        root: None,
        error: None,
        too_deep: None,
        to_file: &to_file,
    };
    let mut parser = Parser::new_from_str(yaml);
    // Events are taken one at a time rather than with `Parser::load`, which
    // recurses once per level and overflows the stack on a deep block list
    // (`- - - …`); the tree builder stops at `MAX_DEPTH` instead.
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(e) => {
                let open: Vec<Pos> = builder.stack.iter().map(Open::pos).collect();
                return Err(syntax_error(yaml, first_line, &e, &open));
            }
        };
        if matches!(event, Event::StreamEnd | Event::DocumentEnd) {
            break;
        }
        builder.on_event(event, mark);
        if builder.error.is_some() {
            break;
        }
    }
    if let Some(e) = builder.error {
        return Err(e);
    }
    let root = builder.root.unwrap_or(Node {
        pos: Pos::new(first_line, 1),
        kind: NodeKind::Map(Vec::new()),
    });
    match root.kind {
        NodeKind::Map(_) => Ok(root),
        _ if root.is_null() => Ok(Node {
            pos: root.pos,
            kind: NodeKind::Map(Vec::new()),
        }),
        _ => Err(YamlError::new(
            root.pos,
            format!(
                "frontmatter must be a map of `key: value` lines, found {}",
                root.kind_name()
            ),
        )),
    }
}

/// What a writer is told about a tab in the indentation, at the tab.
const TAB_INDENT: &str =
    "invalid YAML in frontmatter: YAML indents with spaces, not tabs (a tab is here: use spaces)";

/// A YAML syntax error, placed where the user can see the problem. The
/// scanner notices a line that is not `key: value` only when the next line
/// starts (or after 1024 characters), so that error is moved back to the
/// start of the line at fault, with the likely cause. `open` holds where each
/// collection still open at the error starts, the innermost last.
fn syntax_error(yaml: &str, first_line: usize, e: &ScanError, open: &[Pos]) -> YamlError {
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
fn yaml_lines(yaml: &str) -> Vec<&str> {
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
fn indent_tab(line: &str) -> Option<usize> {
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
fn indent_tab_error(lines: &[&str], here: usize, info: &str) -> Option<(usize, usize)> {
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
fn colon_in_value(line: &str, colon: usize) -> Option<String> {
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
fn reads_back(line: &str, value: &str) -> bool {
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
fn unclosed_flow(
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

/// A container being filled while events stream in.
enum Open {
    Seq(Pos, Vec<Node>),
    /// Also the texts of its keys so far, to find a duplicate without a scan.
    Map(Pos, Vec<(Node, Node)>, Option<Node>, HashSet<String>),
}

impl Open {
    /// Where the collection's start was marked.
    fn pos(&self) -> Pos {
        match self {
            Open::Seq(p, _) | Open::Map(p, _, _, _) => *p,
        }
    }
}

struct TreeBuilder<'f> {
    stack: Vec<Open>,
    root: Option<Node>,
    error: Option<YamlError>,
    /// Where a container deeper than `MAX_DEPTH` opens.
    too_deep: Option<Pos>,
    to_file: &'f dyn Fn(&Marker) -> Pos,
}

impl TreeBuilder<'_> {
    fn fail(&mut self, pos: Pos, message: &str) {
        if self.error.is_none() {
            self.error = Some(YamlError::new(pos, message));
        }
    }

    fn open(&mut self, container: Open) {
        if self.stack.len() >= MAX_DEPTH && self.too_deep.is_none() {
            let pos = container.pos();
            // Reported at the next event: a block map's start mark falls
            // after its first key, which is where the map really starts.
            self.too_deep = Some(pos);
        }
        self.stack.push(container);
    }

    fn add(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, pairs, key, seen)) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    let duplicate = k.scalar().is_some_and(|s| !seen.insert(s.text.clone()));
                    if duplicate {
                        let message = format!("`{}` is given twice", key_text(&k));
                        let pos = k.pos;
                        pairs.push((k, node));
                        self.fail(pos, &message);
                    } else {
                        pairs.push((k, node));
                    }
                }
            },
        }
    }
}

impl MarkedEventReceiver for TreeBuilder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let pos = (self.to_file)(&mark);
        if let Some(deep) = self.too_deep {
            let first_item = matches!(
                ev,
                Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..)
            );
            let at = if first_item { deep.min(pos) } else { deep };
            self.fail(at, "frontmatter is nested too deeply");
            return;
        }
        match ev {
            Event::Scalar(text, style, _, _) => self.add(Node {
                pos,
                kind: NodeKind::Scalar(Scalar {
                    text,
                    plain: style == TScalarStyle::Plain,
                }),
            }),
            Event::SequenceStart(..) => self.open(Open::Seq(pos, Vec::new())),
            Event::MappingStart(..) => {
                self.open(Open::Map(pos, Vec::new(), None, HashSet::new()));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                // A block collection's start mark can fall after its first item;
                // the collection starts wherever its first item does.
                let node = match self.stack.pop() {
                    Some(Open::Seq(p, items)) => Node {
                        pos: items.first().map_or(p, |i| i.pos.min(p)),
                        kind: NodeKind::Seq(items),
                    },
                    Some(Open::Map(p, pairs, _, _)) => Node {
                        pos: pairs.first().map_or(p, |(k, _)| k.pos.min(p)),
                        kind: NodeKind::Map(pairs),
                    },
                    None => return,
                };
                self.add(node);
            }
            Event::Alias(_) => self.fail(
                pos,
                "YAML aliases (`*name`) are not supported in frontmatter; write the value out",
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_of(node: &Node) -> &[(Node, Node)] {
        match &node.kind {
            NodeKind::Map(p) => p,
            _ => panic!("not a map"),
        }
    }

    #[test]
    fn split_finds_fences_and_lines() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn split_errors() {
        assert!(split("").unwrap_err().message.starts_with("empty file"));
        assert!(
            split("# hi\n")
                .unwrap_err()
                .message
                .starts_with("missing frontmatter")
        );
        assert!(
            split("---\ntitle: A\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
    }

    #[test]
    fn values_keep_file_positions() {
        let yaml = "title: Été\nenergy: 11\ntags: [a, b]\n";
        let root = parse(yaml, 2).unwrap();
        let pairs = map_of(&root);
        assert_eq!(pairs[0].1.pos, Pos::new(2, 8));
        assert_eq!(pairs[1].1.pos, Pos::new(3, 9));
        assert_eq!(pairs[1].1.scalar().unwrap().as_int(), Some(11));
        let NodeKind::Seq(tags) = &pairs[2].1.kind else {
            panic!("tags not a list")
        };
        assert_eq!(tags[1].pos, Pos::new(4, 11));
    }

    #[test]
    fn quoted_numbers_are_text() {
        let root = parse("a: \"7\"\nb: 7\nc: 7.5\nd:\n", 2).unwrap();
        let pairs = map_of(&root);
        assert_eq!(pairs[0].1.scalar().unwrap().as_int(), None);
        assert_eq!(pairs[1].1.scalar().unwrap().as_int(), Some(7));
        assert_eq!(pairs[2].1.scalar().unwrap().as_f64(), Some(7.5));
        assert!(pairs[3].1.is_null());
    }

    #[test]
    fn syntax_errors_and_aliases_have_positions() {
        let err = parse("title: [unclosed\n", 2).unwrap_err();
        assert!(err.message.starts_with("invalid YAML"), "{}", err.message);
        assert!(err.pos.line >= 2);
        let err = parse("a: &x 1\nb: *x\n", 2).unwrap_err();
        assert_eq!(err.pos, Pos::new(3, 4));
        let err = parse("a: 1\na: 2\n", 2).unwrap_err();
        assert_eq!(err.pos, Pos::new(3, 1));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let block = format!("x:\n  {}y\n", "- ".repeat(100_000));
        let err = parse(&block, 2).unwrap_err();
        assert_eq!(err.message, "frontmatter is nested too deeply");
        assert_eq!(err.pos, Pos::new(3, 3 + 2 * (MAX_DEPTH - 1)));
        // Maps: the 33rd level starts at its key.
        let maps: String = (0..100).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        let err = parse(&maps, 2).unwrap_err();
        assert_eq!(err.pos, Pos::new(2 + MAX_DEPTH, MAX_DEPTH + 1));
        for open in ["[", "{"] {
            let flow = format!("x: {}\n", open.repeat(100_000));
            let err = parse(&flow, 2).unwrap_err();
            assert_eq!(err.message, "frontmatter is nested too deeply");
        }
    }

    #[test]
    fn a_line_that_is_not_key_value_is_shown_where_it_is() {
        // A forgotten closing fence: the body's `---` ends the frontmatter.
        let err = parse("title: A\n\nSome prose here\n", 2).unwrap_err();
        assert_eq!(err.pos, Pos::new(4, 1));
        assert!(
            err.message
                .contains("`Some prose here` is not a `key: value` line"),
            "{}",
            err.message
        );
        let key = "k".repeat(2000);
        for (yaml, line) in [
            (format!("{key}: 1\n"), 2),
            (format!("title: A\n{key}: 1\n"), 3),
        ] {
            let err = parse(&yaml, 2).unwrap_err();
            assert_eq!(err.pos, Pos::new(line, 1), "{}", err.message);
            assert!(
                err.message.contains("at most 1024 characters"),
                "{}",
                err.message
            );
        }
    }

    #[test]
    fn a_tab_in_the_way_is_named() {
        let err = parse("title: A\nenergy:\n\tmorning: 5\n", 2).unwrap_err();
        assert_eq!(err.pos, Pos::new(4, 1));
        assert!(
            err.message.ends_with("(a tab is here: use spaces)"),
            "{}",
            err.message
        );
        let err = parse("title:\tA\n", 2).unwrap_err();
        assert_eq!(err.pos, Pos::new(2, 7), "{}", err.message);
    }

    #[test]
    fn a_colon_in_a_value_asks_for_quotes() {
        let err = parse("mode: IC\ntitle: Retro: what went wrong\n", 2).unwrap_err();
        assert_eq!(err.pos, Pos::new(3, 13));
        assert_eq!(
            err.message,
            "invalid YAML in frontmatter: a value that contains `: ` must be in quotes; write `title: \"Retro: what went wrong\"`"
        );
        for (yaml, col, fixed) in [
            // Double quotes inside: single quotes, which need no escapes.
            ("title: Say \"hi\": now\n", 16, "title: 'Say \"hi\": now'"),
            (
                "title: Don't say \"hi\": now\n",
                22,
                "title: 'Don''t say \"hi\": now'",
            ),
            // A backslash means an escape inside double quotes.
            ("title: C:\\dir: x\n", 14, "title: \"C:\\\\dir: x\""),
            // A comment stays a comment, after the quotes.
            (
                "title: Retro: what  # later\n",
                13,
                "title: \"Retro: what\" # later",
            ),
            // Nested and listed keys keep their shape, without the indentation.
            ("energy:\n  note: a: b\n", 10, "note: \"a: b\""),
            ("x:\n  - note: a: b\n", 12, "- note: \"a: b\""),
        ] {
            let err = parse(yaml, 2).unwrap_err();
            assert_eq!(err.pos.col, col, "{yaml:?}: {}", err.message);
            assert!(
                err.message.ends_with(&format!("; write `{fixed}`")),
                "{yaml:?}: {}",
                err.message
            );
        }
        let err = parse("title: Note to self:\n", 2).unwrap_err();
        assert_eq!(err.pos, Pos::new(2, 20));
        assert!(
            err.message.contains(
                "a value that ends in `:` must be in quotes; write `title: \"Note to self:\"`"
            ),
            "{}",
            err.message
        );
        // A long value is shown cut short.
        let long = format!("title: {}: x\n", "w".repeat(300));
        let err = parse(&long, 2).unwrap_err();
        assert_eq!(err.pos, Pos::new(2, 308));
        assert!(err.message.ends_with("…`"), "{}", err.message);
        assert!(err.message.chars().count() < 250, "{}", err.message);
    }

    #[test]
    fn a_colon_that_is_not_in_a_plain_value_keeps_the_parser_message() {
        // Quoted already, or the key on a line of its own.
        for (yaml, pos) in [
            ("a: \"x\": y\n", Pos::new(2, 7)),
            ("a: 1\n  b: 2\n", Pos::new(3, 4)),
        ] {
            let err = parse(yaml, 2).unwrap_err();
            assert_eq!(
                err.message,
                "invalid YAML in frontmatter: mapping values are not allowed in this context",
                "{yaml:?}"
            );
            assert_eq!(err.pos, pos, "{yaml:?}");
        }
        // A key too long for the scanner is still named as such.
        let err = parse(&format!("title: A\n{}: 1: 2\n", "k".repeat(2000)), 2).unwrap_err();
        assert!(err.message.contains("at most 1024"), "{}", err.message);
    }

    #[test]
    fn a_tab_in_the_indentation_is_shown_at_the_tab() {
        let message = "invalid YAML in frontmatter: YAML indents with spaces, not tabs (a tab is here: use spaces)";
        for (yaml, pos) in [
            // The scanner stops at `5` on line 6; the tab is on line 7.
            (
                "title: A\nmode: IC\ntags: [a]\nenergy:\n  morning: 5\n\tmidday: 6\n",
                Pos::new(7, 1),
            ),
            (
                "title: A\nenergy:\n  morning: 5\n  \tmidday: 6\n",
                Pos::new(5, 3),
            ),
            // A tab-indented comment between is fine; the key after it is not.
            (
                "title: A\nenergy:\n  morning: 5\n\t# c\n\tmidday: 6\n",
                Pos::new(6, 1),
            ),
            // Before `tags:`, not at the `date:` line.
            ("title: A\ndate: 2024-03-14\n\ttags: [a]\n", Pos::new(4, 1)),
            ("title: A\nenergy:\n\tmorning: 5\n", Pos::new(4, 1)),
            ("title: A\nenergy:\n\t  morning: 5\n", Pos::new(4, 1)),
            ("title: |\n\tText\n", Pos::new(3, 1)),
            ("title: \"a\n\tb\"\n", Pos::new(3, 1)),
        ] {
            let err = parse(yaml, 2).unwrap_err();
            assert_eq!((err.pos, err.message.as_str()), (pos, message), "{yaml:?}");
        }
    }

    #[test]
    fn an_unclosed_bracket_is_shown_where_it_opens() {
        let list =
            "invalid YAML in frontmatter: this `[` is not closed; add `]` after the last item";
        let map = "invalid YAML in frontmatter: this `{` is not closed; add `}` after the last `key: value`";
        for (yaml, pos, message) in [
            ("title: A\ntags: [a, b\n", Pos::new(3, 7), list),
            ("title: A\ntags: [a, b\n\n# note\n", Pos::new(3, 7), list),
            ("title: A\nx: {a: 1, b: 2\n", Pos::new(3, 4), map),
            // The innermost one still open.
            ("tags: [a, [b], {c: d, e\n", Pos::new(2, 16), map),
            ("tags: [a, {c: d}, [b\n", Pos::new(2, 19), list),
            ("tags: [a: b\n", Pos::new(2, 7), list),
            ("x:\n  - [a\n", Pos::new(3, 5), list),
            ("tags: [a,\n  b,\n", Pos::new(2, 7), list),
            ("x: {a: 1,\n", Pos::new(2, 4), map),
            ("x: [\n", Pos::new(2, 4), list),
        ] {
            let err = parse(yaml, 2).unwrap_err();
            assert_eq!((err.pos, err.message.as_str()), (pos, message), "{yaml:?}");
        }
        // The next key read as part of it: still the bracket.
        let err = parse("title: A\ntags: [one, two\nenergy: 5\n", 2).unwrap_err();
        assert_eq!((err.pos, err.message.as_str()), (Pos::new(3, 7), list));
        // A flow list may go on over lines; an error further in is the parser's.
        let err = parse("tags: [one,\n    two: x: y]\n", 2).unwrap_err();
        assert_ne!(err.message, list, "{err:?}");
        let err = parse("tags: [a, b}\n", 2).unwrap_err();
        assert!(
            err.message.contains("expected ',' or ']'"),
            "{}",
            err.message
        );
    }

    #[test]
    fn lines_break_where_the_scanner_breaks_them() {
        assert_eq!(yaml_lines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(yaml_lines("a\n"), ["a"]);
        assert!(yaml_lines("").is_empty());
        // A lone CR counts as a line break, so positions stay on lines the scanner saw.
        let err = parse("title: A\r\tx: 1\r", 1).unwrap_err();
        assert_eq!(err.pos, Pos::new(2, 1), "{}", err.message);
        let err = parse("a: 1\rtags: [a\r", 1).unwrap_err();
        assert_eq!(err.pos, Pos::new(2, 7), "{}", err.message);
    }

    #[test]
    fn many_keys_are_checked_for_duplicates_quickly() {
        let mut yaml: String = (0..50_000).map(|i| format!("k{i}: {i}\n")).collect();
        assert!(parse(&yaml, 2).is_ok());
        yaml.push_str("k7: again\n");
        let err = parse(&yaml, 2).unwrap_err();
        assert_eq!(err.message, "`k7` is given twice");
        assert_eq!(err.pos, Pos::new(50_002, 1));
    }

    #[test]
    fn top_level_must_be_a_map() {
        assert!(parse("- a\n- b\n", 2).is_err());
        assert_eq!(parse("", 2).unwrap().kind, NodeKind::Map(vec![]));
    }
}
