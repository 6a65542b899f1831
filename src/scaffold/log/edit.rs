//! The surgical edit of an entry's frontmatter: the parser's tree says where
//! each key and value is, and only the text of the values that change (and
//! lines that are added) is replaced. Every other byte stays as written.

use std::ops::Range;

use super::lines::Lines;
use crate::content::frontmatter::{self, Node, NodeKind, key_text};
use crate::content::validate::{KNOWN_KEYS, normalize};

/// The top-level keys in the order `ebb new` writes them (the first of the
/// keys ebb reads); a key that is added goes after the last one written that
/// comes before it here.
const TOP_ORDER: &[&str] = KNOWN_KEYS.split_at(7).0;

/// The keys of a check-in map, in the order they are written.
const CHECK_IN_ORDER: &[&str] = &["score", "tags", "note"];

/// What to write: one check-in, and top-level values, each as YAML text.
#[derive(Debug, Clone)]
pub struct Changes {
    /// `morning`, `midday` or `evening`.
    pub slot: &'static str,
    pub score: String,
    /// `[a, b]`, if tags were given.
    pub tags: Option<String>,
    /// A quoted note, if one was given.
    pub note: Option<String>,
    pub replace: bool,
    /// Top-level keys and their new values (`mode`, the hours).
    pub top: Vec<(&'static str, String)>,
    /// Metrics and their new values.
    pub metrics: Vec<(String, String)>,
    /// Every metric book.toml declares, in its order: where an added one goes.
    pub metric_order: Vec<String>,
}

impl Changes {
    /// The check-in as one value: the score alone, or a flow map.
    fn check_in(&self) -> String {
        if self.tags.is_none() && self.note.is_none() {
            return self.score.clone();
        }
        let mut parts = vec![format!("score: {}", self.score)];
        parts.extend(self.tags.as_ref().map(|t| format!("tags: {t}")));
        parts.extend(self.note.as_ref().map(|n| format!("note: {n}")));
        format!("{{ {} }}", parts.join(", "))
    }
}

/// Why an entry's frontmatter was not edited.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The frontmatter cannot be read; the validator says why.
    Unreadable,
    /// The slot has a value and `replace` was not asked for.
    Recorded { line: usize, written: String },
    /// `energy` is one score for the day.
    OneScore { line: usize, written: String },
    /// A shape the editor does not take apart.
    Shape { line: usize, message: String },
}

/// The text after the edit, and the slot's score before it, if it had one.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    pub text: String,
    pub previous: Option<String>,
}

/// Applies `changes` to an entry file's `raw` text.
pub fn edit(raw: &str, changes: &Changes) -> Result<Edited, Refusal> {
    let normalized = normalize(raw);
    let split = frontmatter::split(&normalized).map_err(|_| Refusal::Unreadable)?;
    let root = frontmatter::parse(split.yaml, split.yaml_line).map_err(|_| Refusal::Unreadable)?;
    let lines = Lines::new(raw);
    let yaml_lines = split.yaml.lines().count();
    let mut editor = Editor {
        lines,
        edits: Vec::new(),
        last_line: split.yaml_line + yaml_lines - 1,
        first_line: split.yaml_line,
    };
    let NodeKind::Map(pairs) = &root.kind else {
        return Err(Refusal::Unreadable);
    };
    if !pairs.is_empty() && editor.is_flow(&root) {
        return Err(Refusal::Shape {
            line: root.pos.line,
            message: "the frontmatter is one `{ … }` map; write it as `key: value` lines".into(),
        });
    }
    let mut previous = None;
    for &key in &TOP_ORDER[3..] {
        if key == "energy" {
            previous = editor.energy(&root, changes)?;
        } else if let Some((_, text)) = changes.top.iter().find(|(k, _)| *k == key) {
            editor.set(&root, TOP_ORDER, key, text)?;
        }
    }
    // A metric that is added goes after the hours and the metrics before it.
    let order: Vec<&str> = TOP_ORDER
        .iter()
        .copied()
        .chain(changes.metric_order.iter().map(String::as_str))
        .collect();
    for (key, text) in &changes.metrics {
        editor.set(&root, &order, key, text)?;
    }
    Ok(Edited {
        text: editor.apply()?,
        previous,
    })
}

/// The edits being made to one file: byte ranges of the raw text and
/// their new text, in the order they were planned.
struct Editor<'a> {
    lines: Lines<'a>,
    edits: Vec<(Range<usize>, String)>,
    /// The frontmatter's first and last lines.
    first_line: usize,
    last_line: usize,
}

impl Editor<'_> {
    fn shape(&self, node: &Node, message: &str) -> Refusal {
        Refusal::Shape {
            line: node.pos.line,
            message: message.to_owned(),
        }
    }

    fn offset(&self, node: &Node) -> Result<usize, Refusal> {
        self.lines
            .offset(node.pos)
            .ok_or_else(|| self.shape(node, "a position outside the file"))
    }

    /// Whether a collection is written in flow form (`{ … }`).
    fn is_flow(&self, node: &Node) -> bool {
        let flow = self
            .lines
            .offset(node.pos)
            .and_then(|o| self.lines.char_at(o));
        matches!(flow, Some('{' | '['))
    }

    /// A value written as nothing at all (`midday:`), which the parser
    /// places at the next token.
    fn is_empty(node: &Node) -> bool {
        node.scalar().is_some_and(|s| s.plain && s.text.is_empty())
    }

    /// The offset just after the `:` that follows `key`.
    fn colon(&self, key: &Node) -> Result<usize, Refusal> {
        let start = self.offset(key)?;
        let end = match self.lines.char_at(start) {
            Some('"' | '\'') => self.lines.value_end(start, true),
            _ => key
                .scalar()
                .map(|s| start + s.text.len())
                .filter(|&e| self.lines.raw.get(start..e) == key.scalar().map(|s| s.text.as_str())),
        };
        let after = end.map(|e| self.lines.skip_blanks(e));
        match after {
            Some(a) if self.lines.char_at(a) == Some(':') => Ok(a + 1),
            _ => Err(self.shape(key, "a key written in a way ebb log does not edit")),
        }
    }

    /// The spaces before `key` on its line.
    fn indent(key: &Node) -> String {
        " ".repeat(key.pos.col - 1)
    }

    /// The last line of a block map's entry: lines indented deeper than its
    /// key (or a `-` item at its level) belong to it; blank and comment
    /// lines after its last such line do not.
    fn last_line(&self, key: &Node, value: &Node) -> usize {
        let indent = key.pos.col - 1;
        let mut last = key.pos.line;
        for line in key.pos.line + 1..=self.last_line {
            let text = self.lines.content(line);
            let trimmed = text.trim_start_matches(' ');
            if trimmed.trim().is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let depth = text.len() - trimmed.len();
            let item = trimmed == "-" || trimmed.starts_with("- ");
            if depth > indent || (depth == indent && item) {
                last = line;
            } else {
                break;
            }
        }
        last.max(deepest_line(value))
    }

    /// Replaces `range`, on one line, with `text`; a comment after it stays
    /// where it is when the spaces before it leave room.
    fn replace_in_line(&mut self, range: Range<usize>, text: String) {
        let line = self.lines.line_of(range.start);
        let after = self.lines.skip_blanks(range.end);
        let comment = after < self.lines.end(line) && self.lines.char_at(after) == Some('#');
        if !comment {
            self.edits.push((range, text));
            return;
        }
        let room = self.lines.raw[range.start..after].chars().count();
        let width = text.chars().count();
        let pad = if width < room { room - width } else { 1 };
        self.edits
            .push((range.start..after, format!("{text}{}", " ".repeat(pad))));
    }

    /// Gives the existing `key` of `map` the value `text`.
    fn replace(&mut self, flow: bool, key: &Node, value: &Node, text: &str) -> Result<(), Refusal> {
        let colon = self.colon(key)?;
        if flow {
            if Self::is_empty(value) {
                let next = self.lines.skip_blanks(colon);
                let close = matches!(self.lines.char_at(next), Some('}' | ']'));
                let pad = if close { " " } else { "" };
                self.edits.push((colon..next, format!(" {text}{pad}")));
            } else {
                let start = self.offset(value)?;
                let end = self.value_end(value, start, true)?;
                self.edits.push((start..end, text.to_owned()));
            }
            return Ok(());
        }
        let line = key.pos.line;
        let last = self.last_line(key, value);
        let inline = !Self::is_empty(value)
            && value.pos.line == line
            && last == line
            && !matches!(value.kind, NodeKind::Map(_) if !self.is_flow(value));
        if inline {
            let start = self.offset(value)?;
            let end = self.value_end(value, start, false)?;
            self.replace_in_line(start..end, text.to_owned());
            return Ok(());
        }
        // Written as nothing, or over several lines: the key's line takes
        // the value and the lines below it go.
        let next = self.lines.skip_blanks(colon);
        let comment = next < self.lines.end(line) && self.lines.char_at(next) == Some('#');
        let end = if comment { colon } else { self.lines.end(line) };
        self.replace_in_line(colon..end, format!(" {text}"));
        if last > line {
            self.edits
                .push((self.lines.next(line)..self.lines.next(last), String::new()));
        }
        Ok(())
    }

    fn value_end(&self, value: &Node, start: usize, flow: bool) -> Result<usize, Refusal> {
        if let Some(s) = value.scalar().filter(|s| s.plain) {
            let end = start + s.text.len();
            if self.lines.raw.get(start..end) == Some(s.text.as_str()) {
                return Ok(end);
            }
        }
        self.lines
            .value_end(start, flow)
            .ok_or_else(|| self.shape(value, "a value whose end cannot be found"))
    }

    /// Sets `key` of `map` to `text`: replaced when present, else added
    /// after the last key written that comes before it in `order` (or first).
    fn set(&mut self, map: &Node, order: &[&str], key: &str, text: &str) -> Result<(), Refusal> {
        let NodeKind::Map(pairs) = &map.kind else {
            return Err(self.shape(map, "not a map"));
        };
        let flow = self.is_flow(map);
        if let Some((k, v)) = pairs.iter().find(|(k, _)| key_text(k) == key) {
            return self.replace(flow, k, v, text);
        }
        let before = preceding(pairs, order, key);
        if flow {
            return self.add_to_flow(map, before, key, text);
        }
        let entry = format!("{key}: {text}");
        self.add_line(pairs, before.map(|(k, v)| (k, v)), &entry)
    }

    /// Adds a `key: value` line to a block map, after `before`'s entry or
    /// before its first key.
    fn add_line(
        &mut self,
        pairs: &[(Node, Node)],
        before: Option<(&Node, &Node)>,
        entry: &str,
    ) -> Result<(), Refusal> {
        let eol = self.lines.eol;
        let (at, indent) = match (before, pairs.first()) {
            (Some((k, v)), _) => (self.lines.next(self.last_line(k, v)), Self::indent(k)),
            (None, Some((k, _))) => (self.lines.start(k.pos.line), Self::indent(k)),
            (None, None) => (self.lines.start(self.first_line), String::new()),
        };
        let text = entry.replace('\n', &format!("{eol}{indent}"));
        self.edits.push((at..at, format!("{indent}{text}{eol}")));
        Ok(())
    }

    /// Adds `key: text` to a flow map, after `before`'s value or first.
    fn add_to_flow(
        &mut self,
        map: &Node,
        before: Option<&(Node, Node)>,
        key: &str,
        text: &str,
    ) -> Result<(), Refusal> {
        let NodeKind::Map(pairs) = &map.kind else {
            return Err(self.shape(map, "not a map"));
        };
        match (before, pairs.first()) {
            (Some((k, v)), _) => {
                // After an empty value, past the spaces its own edit fills.
                let end = match Self::is_empty(v) {
                    true => self.lines.skip_blanks(self.colon(k)?),
                    false => {
                        let start = self.offset(v)?;
                        self.value_end(v, start, true)?
                    }
                };
                self.edits.push((end..end, format!(", {key}: {text}")));
            }
            (None, Some((k, _))) => {
                let at = self.offset(k)?;
                self.edits.push((at..at, format!("{key}: {text}, ")));
            }
            (None, None) => {
                let open = self.offset(map)?;
                let close = self
                    .lines
                    .value_end(open, true)
                    .ok_or_else(|| self.shape(map, "a `{` that is not closed"))?;
                self.edits
                    .push((open + 1..close - 1, format!(" {key}: {text} ")));
            }
        }
        Ok(())
    }

    /// Writes the check-in into `energy`, adding `energy` when it is missing
    /// or empty. Returns the slot's score before, if it was replaced.
    fn energy(&mut self, root: &Node, c: &Changes) -> Result<Option<String>, Refusal> {
        let NodeKind::Map(pairs) = &root.kind else {
            return Err(Refusal::Unreadable);
        };
        let slot_line = format!("{}: {}", c.slot, c.check_in());
        let Some((key, value)) = pairs.iter().find(|(k, _)| key_text(k) == "energy") else {
            self.set_top_block(root, "energy", &format!("\n  {slot_line}"))?;
            return Ok(None);
        };
        match &value.kind {
            NodeKind::Scalar(s) if s.is_null() => {
                // `energy:` with nothing: its check-ins go on the lines below.
                let colon = self.colon(key)?;
                if !s.text.is_empty() {
                    let start = self.offset(value)?;
                    self.replace_in_line(colon..start + s.text.len(), String::new());
                }
                let at = self.lines.next(key.pos.line);
                let indent = format!("{}  ", Self::indent(key));
                self.edits
                    .push((at..at, format!("{indent}{slot_line}{}", self.lines.eol)));
                Ok(None)
            }
            NodeKind::Scalar(s) => Err(Refusal::OneScore {
                line: value.pos.line,
                written: s.text.clone(),
            }),
            NodeKind::Seq(_) => Err(self.shape(value, "`energy` is a list, not check-ins")),
            NodeKind::Map(_) => self.slot(value, c),
        }
    }

    /// Adds a top-level `key` whose value `rest` is on the lines below it.
    fn set_top_block(&mut self, root: &Node, key: &str, rest: &str) -> Result<(), Refusal> {
        let NodeKind::Map(pairs) = &root.kind else {
            return Err(Refusal::Unreadable);
        };
        let before = preceding(pairs, TOP_ORDER, key);
        self.add_line(pairs, before.map(|(k, v)| (k, v)), &format!("{key}:{rest}"))
    }

    /// The check-in in the `energy` map.
    fn slot(&mut self, energy: &Node, c: &Changes) -> Result<Option<String>, Refusal> {
        let NodeKind::Map(pairs) = &energy.kind else {
            return Err(Refusal::Unreadable);
        };
        let flow = self.is_flow(energy);
        let order = ["morning", "midday", "evening"];
        let Some((key, value)) = pairs.iter().find(|(k, _)| key_text(k) == c.slot) else {
            self.set(energy, &order, c.slot, &c.check_in())?;
            return Ok(None);
        };
        let recorded = |written: String| Refusal::Recorded {
            line: key.pos.line,
            written,
        };
        match &value.kind {
            NodeKind::Scalar(s) if s.is_null() => {
                self.replace(flow, key, value, &c.check_in())?;
                Ok(None)
            }
            NodeKind::Scalar(s) if !c.replace => Err(recorded(s.text.clone())),
            NodeKind::Seq(_) if !c.replace => Err(recorded("a list".into())),
            NodeKind::Scalar(_) | NodeKind::Seq(_) => {
                self.replace(flow, key, value, &c.check_in())?;
                Ok(value.scalar().map(|s| s.text.clone()))
            }
            NodeKind::Map(inner) => {
                let score = inner
                    .iter()
                    .find(|(k, v)| key_text(k) == "score" && !v.is_null())
                    .map(|(_, v)| v.scalar().map_or("a list".to_owned(), |s| s.text.clone()));
                if let (Some(score), false) = (&score, c.replace) {
                    return Err(recorded(score.clone()));
                }
                self.set(value, CHECK_IN_ORDER, "score", &c.score)?;
                if let Some(tags) = &c.tags {
                    self.set(value, CHECK_IN_ORDER, "tags", tags)?;
                }
                if let Some(note) = &c.note {
                    self.set(value, CHECK_IN_ORDER, "note", note)?;
                }
                Ok(score)
            }
        }
    }

    /// The raw text with every edit made; edits at one offset keep the
    /// order they were planned in.
    fn apply(mut self) -> Result<String, Refusal> {
        let mut order: Vec<usize> = (0..self.edits.len()).collect();
        order.sort_by_key(|&i| (self.edits[i].0.start, i));
        for pair in order.windows(2) {
            let (a, b) = (&self.edits[pair[0]].0, &self.edits[pair[1]].0);
            if a.end > b.start {
                return Err(Refusal::Shape {
                    line: self.lines.line_of(b.start),
                    message: "two changes meet on this line".into(),
                });
            }
        }
        let mut text = self.lines.raw.to_owned();
        for i in order.into_iter().rev() {
            let (range, new) = std::mem::take(&mut self.edits[i]);
            text.replace_range(range, &new);
        }
        Ok(text)
    }
}

/// The entry a new `key` goes after: of those that come before it in
/// `order`, the last one written.
fn preceding<'p>(pairs: &'p [(Node, Node)], order: &[&str], key: &str) -> Option<&'p (Node, Node)> {
    let rank = |name: &str| order.iter().position(|o| *o == name);
    let mine = rank(key)?;
    pairs
        .iter()
        .rev()
        .find(|(k, _)| rank(&key_text(k)).is_some_and(|r| r < mine))
}

/// The last line on which any part of `node` is written (a value written
/// as nothing has no line of its own).
fn deepest_line(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Scalar(s) if s.plain && s.text.is_empty() => 0,
        NodeKind::Scalar(_) => node.pos.line,
        NodeKind::Seq(items) => items
            .iter()
            .map(deepest_line)
            .max()
            .unwrap_or(node.pos.line),
        NodeKind::Map(pairs) => pairs
            .iter()
            .map(|(k, v)| deepest_line(k).max(deepest_line(v)))
            .max()
            .unwrap_or(node.pos.line),
    }
}
