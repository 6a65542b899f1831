//! Small readers shared by the importers: times of day, month names, tag
//! lists, titles from a first line, and the plain text of a bit of HTML.

use chrono::NaiveTime;

use crate::slug::slugify;

/// Month names in English, January first; a name matches in full or by
/// its first three letters.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The longest title an import takes from a first line.
const TITLE_CHARS: usize = 80;

/// The month (1..=12) that `word` names.
pub fn month(word: &str) -> Option<u32> {
    let word = word.trim().trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_lowercase();
            m == word || (word.len() == 3 && m.starts_with(&word))
        })
        .map(|i| i as u32 + 1)
}

/// A time of day as people and apps write it: `22:00`, `9:05`, `22:00:30`,
/// `10:00 pm`, `10:00PM`, `10 p.m.`.
pub fn clock(text: &str) -> Option<NaiveTime> {
    let lower = text.trim().to_lowercase().replace('.', "");
    let (clock, half) = match lower.strip_suffix("am") {
        Some(c) => (c.trim_end(), Some(0)),
        None => match lower.strip_suffix("pm") {
            Some(c) => (c.trim_end(), Some(12)),
            None => (lower.as_str(), None),
        },
    };
    let mut parts = clock.split(':');
    let number = |p: Option<&str>| -> Option<u32> {
        let p = p?;
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let hour = number(parts.next())?;
    let minute = match parts.next() {
        Some(m) => number(Some(m))?,
        None if half.is_some() => 0,
        None => return None,
    };
    let second = match parts.next() {
        Some(s) => number(Some(s))?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    let hour = match half {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(add) => hour % 12 + add,
        None => hour,
    };
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// The tags of a list, once per slug, and the items that have no slug
/// (`★`), which cannot be tags.
pub fn tags<'t>(items: impl IntoIterator<Item = &'t str>) -> (Vec<String>, Vec<String>) {
    let mut tags = Vec::new();
    let mut dropped = Vec::new();
    for item in items.into_iter().map(str::trim).filter(|t| !t.is_empty()) {
        if slugify(item).is_empty() {
            dropped.push(item.to_owned());
        } else {
            super::draft::add_tag(&mut tags, item);
        }
    }
    (tags, dropped)
}

/// A title from the first line of a text, and whether the body keeps that
/// line: a `# heading` or a short line is the title and leaves the body; a
/// long one is cut at a word for the title and stays. Markdown's backslash
/// escapes are taken out of the title.
pub fn title_of(text: &str) -> Option<(String, bool)> {
    let first = text.lines().find(|l| !l.trim().is_empty())?.trim();
    let heading = first.trim_start_matches('#');
    let is_heading =
        heading.len() < first.len() && (heading.is_empty() || heading.starts_with(' '));
    let line = if is_heading { heading.trim() } else { first };
    let line = unescape(line);
    if line.is_empty() {
        return None;
    }
    if is_heading || line.chars().count() <= TITLE_CHARS {
        return Some((line, false));
    }
    let cut: String = line.chars().take(TITLE_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > TITLE_CHARS / 2 => &cut[..i],
        _ => &cut,
    };
    Some((format!("{}…", cut.trim_end()), true))
}

/// The title of an entry whose text is `text`, and the body that goes
/// with it (without the first line when that is the title); a day's title
/// and no body when the text is empty.
pub fn title_and_body(text: &str, date: chrono::NaiveDate) -> (String, &str) {
    match title_of(text) {
        Some((title, true)) => (title, text),
        Some((title, false)) => (title, without_first_line(text)),
        None => (super::draft::day_title(date), ""),
    }
}

/// `text` without the first non-blank line (the one [`title_of`] read).
pub fn without_first_line(text: &str) -> &str {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    rest.split_once('\n').map_or("", |(_, r)| r)
}

/// Markdown's backslash escapes (`\.`, `\-`) as the characters they stand for.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&n)) if n.is_ascii_punctuation() => {
                out.push(n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// The text of a note that may hold simple HTML (`<b>`, `<br>`, `<p>`,
/// entities), as Markdown that shows that text: tags go (line and
/// paragraph breaks stay), entities become characters, and a `<` left in
/// the text is escaped so it never reads as a tag.
pub fn html_text(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    let mut rest = note;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            match tag_end(rest) {
                Some(end) => {
                    out.push_str(tag_text(&rest[1..end]));
                    rest = &rest[end + 1..];
                }
                None => {
                    out.push_str("\\<");
                    rest = &rest[1..];
                }
            }
        } else {
            match entity(rest) {
                Some((c, len)) => {
                    match c {
                        '<' => out.push_str("\\<"),
                        '\u{a0}' => out.push(' '),
                        c => out.push(c),
                    }
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    tidy_lines(&out)
}

/// Where a tag that starts `text` (at its `<`) ends: its `>`, when what is
/// between looks like a tag name.
fn tag_end(text: &str) -> Option<usize> {
    let inner = text[1..].trim_start_matches('/');
    let named = inner.starts_with(|c: char| c.is_ascii_alphabetic()) || inner.starts_with('!');
    let end = text.find('>')?;
    (named && !text[1..end].contains('<')).then_some(end)
}

/// What a tag leaves in the text: a line break for `<br>`, a paragraph
/// break for a block, a bullet for a list item, nothing for the rest.
fn tag_text(inner: &str) -> &'static str {
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let closing = inner.starts_with('/');
    match name.as_str() {
        "br" => "\n",
        "li" if !closing => "\n- ",
        "p" | "div" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" => {
            "\n\n"
        }
        _ => "",
    }
}

/// The character an entity at the start of `text` stands for, and its length.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.get(..12.min(text.len()))?.find(';')?;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control() || *c == '\n')?
        }
    };
    Some((c, end + 1))
}

/// Lines without trailing spaces, at most one blank line in a row, and no
/// blank lines at either end.
fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}
