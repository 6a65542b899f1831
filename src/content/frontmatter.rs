//! Splitting an entry into frontmatter and body, and reading the frontmatter's
//! YAML into a tree that keeps the line and column of every key and value.
//!
//! This is the only module that knows about the YAML parser.

use std::collections::HashSet;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::Pos;

mod syntax;

use syntax::syntax_error;

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
mod tests;
