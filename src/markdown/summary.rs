//! An entry's summary when the frontmatter gives none: its first paragraph,
//! as plain text.

use super::*;

/// How long a summary made from an entry's first paragraph may be, in characters.
pub const SUMMARY_CHARS: usize = 180;

/// The summary lists show for an entry without one: its first paragraph as
/// plain text, cut at a word. Made once, when the entry is read.
pub fn summary_of(body: &str) -> Option<String> {
    // A Markdown parser reads the whole text before its first event, and the
    // first paragraph is usually near the top: try the opening blocks alone.
    if let Some(found) = opening(body).and_then(|text| first_paragraph(text, false)?) {
        return Some(found);
    }
    first_paragraph(body, true).flatten()
}

/// The start of a long body, up to the end of a blank line, when what it
/// says about the first paragraph cannot depend on what follows: the body
/// has no `[label]:` definitions, which apply to the whole text.
pub(super) fn opening(body: &str) -> Option<&str> {
    const AT_LEAST: usize = 512;
    if body.len() <= 2 * AT_LEAST || body.contains("]:") {
        return None;
    }
    // Lines are found by their bytes: a newline always ends a character.
    let bytes = body.as_bytes();
    let next_line = |from: usize| Some(from + bytes[from..].iter().position(|&b| b == b'\n')? + 1);
    let mut end = next_line(AT_LEAST)?;
    loop {
        let line_end = next_line(end)?;
        if body[end..line_end].trim().is_empty() {
            return Some(&body[..line_end]);
        }
        end = line_end;
    }
}

/// The summary made from the first paragraph of `text`: `Some(None)` when
/// it has none. Unless `text` is the `whole` body, `None` when a list comes
/// first: whether its items are paragraphs depends on the whole list, which
/// may go on past `text`.
pub(super) fn first_paragraph(text: &str, whole: bool) -> Option<Option<String>> {
    let mut paragraph: Option<String> = None;
    let mut in_code = false;
    for event in Parser::new_ext(text, options()) {
        if in_code {
            in_code = !matches!(event, Event::End(TagEnd::CodeBlock));
            continue;
        }
        if let Some(p) = paragraph.as_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => p.push_str(t),
                Event::SoftBreak | Event::HardBreak => p.push(' '),
                _ => {}
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::Start(Tag::Item) if !whole => return None,
            Event::Start(Tag::Paragraph) => paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) => {
                let text = paragraph.take().unwrap_or_default();
                let text = text.trim();
                if !text.is_empty() {
                    return Some(Some(shorten(text, SUMMARY_CHARS)));
                }
            }
            _ => {}
        }
    }
    Some(None)
}

/// `text` cut to at most `max` characters at a word, with an ellipsis.
pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut
        .rfind(char::is_whitespace)
        .map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', '.', ' ']))
}
