//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task
//! lists and heading ids; fenced code goes to [`crate::highlight`]; links to
//! other entries' source files become those entries' URLs.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Pos;
use crate::highlight;
use crate::slug::slugify;

/// Where an internal link can point: the URL of a published entry, or an entry
/// that exists but is not part of this build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkTarget {
    Published(String),
    Unpublished,
    /// The file is there but has errors, so it is no entry in any build.
    Broken,
}

/// Entry source paths (inside the content folder) and where they lead in this build.
pub type LinkMap = HashMap<String, LinkTarget>;

/// A heading of an entry, for anchors and link checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An internal link that leads nowhere in this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLink {
    pub pos: Pos,
    pub target: String,
    /// The target exists but is a draft or private.
    pub unpublished: bool,
    /// The target file exists but has errors.
    pub broken: bool,
}

/// A link that is probably not what the writer meant: a link to an entry
/// without its `.md`, a `[[wiki link]]`, or a link from the server's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkHint {
    pub pos: Pos,
    /// What was written: `2024-03-14-retro`, `[[retro]]`, `/2024/03/14/retro/`.
    pub written: String,
    pub kind: HintKind,
}

/// What kind of [`LinkHint`] it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HintKind {
    /// A relative link that names an entry without `.md`: its content path.
    NoExtension(String),
    /// `[[name]]`, which Markdown shows as text: the entry it probably
    /// means, by file name, if any.
    Wiki(Option<String>),
    /// A link that starts with `/`, which ignores the site's sub-path.
    FromRoot,
}

/// An entry body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub dead_links: Vec<DeadLink>,
    /// Links to tag pages (`/tags/deep-work/`): where they are and the tag slug,
    /// for checking once the build's tags are known.
    pub tag_links: Vec<(Pos, String)>,
    /// Links with a `#fragment` to a heading, here (`None`) or in another
    /// entry (its content path), for checking that the heading exists.
    pub anchors: Vec<Anchor>,
    /// The words of the body without markup, code included, for the search
    /// index. Made by [`scan`] only.
    pub text: String,
    /// Links that are probably not what the writer meant.
    pub hints: Vec<LinkHint>,
}

/// A link to a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub pos: Pos,
    /// The linked entry's content path, or `None` for this entry.
    pub target: Option<String>,
    pub id: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body` (which starts on file line `body_line`) of the entry at
/// content path `from`, resolving internal links through `links`.
pub fn render(body: &str, body_line: usize, from: &str, links: &LinkMap) -> Rendered {
    walk(body, body_line, from, links, true, None)
}

/// Renders as [`render`] does, for HTML read away from its page (a feed):
/// every link, image and footnote reference of the Markdown is made
/// absolute from `base`. Raw HTML written in the body (`<a href="x">`,
/// `<img data-src="x">`) is left as written: it is the writer's own markup.
pub fn render_absolute(
    body: &str,
    body_line: usize,
    from: &str,
    links: &LinkMap,
    base: Absolute<'_>,
) -> Rendered {
    walk(body, body_line, from, links, true, Some(base))
}

/// Where the relative links of a body lead from when its HTML is read away
/// from its page, as a feed reader does.
#[derive(Debug, Clone, Copy)]
pub struct Absolute<'a> {
    /// The site's scheme and host, without a path: `https://ada.example`.
    pub origin: &'a str,
    /// The page's own absolute URL: `https://ada.example/notes/2024/01/01/e/`.
    pub page: &'a str,
}

impl Absolute<'_> {
    /// `dest` made absolute, if it is not: `/x` from the origin; `x`, `#x`
    /// and `?x` from the page. A URL with a scheme (`https:`, `mailto:`), one
    /// from another host (`//host/x`) and an empty one are left as they are.
    pub fn url(&self, dest: &str) -> Option<String> {
        let first = dest.split(['/', '?', '#']).next().unwrap_or("");
        if dest.is_empty() || dest.starts_with("//") || first.contains(':') {
            None
        } else if dest.starts_with('/') {
            Some(format!("{}{dest}", self.origin))
        } else {
            Some(format!("{}{dest}", self.page))
        }
    }

    /// [`Absolute::url`] of a destination from the parser, kept as it is when
    /// it is absolute already.
    fn dest<'e>(&self, dest: CowStr<'e>) -> CowStr<'e> {
        self.url(&dest).map_or(dest, CowStr::from)
    }
}

/// Reads `body` for what the rest of the site needs (headings, dead links,
/// anchors, the plain text for search) without producing HTML or
/// highlighting code: the cheap pass that lets entry pages render their HTML
/// only when written.
pub fn scan(body: &str, body_line: usize, from: &str, links: &LinkMap) -> Rendered {
    walk(body, body_line, from, links, false, None)
}

fn walk(
    body: &str,
    body_line: usize,
    from: &str,
    links: &LinkMap,
    html: bool,
    absolute: Option<Absolute<'_>>,
) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::with_capacity(body.len() / 16);
    let mut used_ids = HeadingIds::default();
    let mut positions = Positions::new(body, body_line);
    let mut heading: Option<(usize, String)> = None;
    let mut code: Option<(String, String)> = None;
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut footnotes = FootnoteNumbers::default();
    // The source span of the current run of text, where `[[wiki links]]` are looked for.
    let mut text_run: Option<std::ops::Range<usize>> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Event::Text(_) = event {
            let run = text_run.get_or_insert(range.clone());
            run.end = run.end.max(range.end);
        } else if let Some(run) = text_run.take() {
            wiki_links(body, run, from, links, &mut positions, &mut out.hints);
        }
        if let Some((_, code_text)) = code.as_mut() {
            match event {
                Event::Text(t) => code_text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((lang, text)) = code.take() {
                        if html {
                            events.push(Event::Html(highlight::highlight(&text, &lang).into()));
                        } else {
                            out.text.push_str(&text);
                            out.text.push(' ');
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some((_, text)) = heading.as_mut() {
            if let Event::Text(t) | Event::Code(t) = &event {
                text.push_str(t);
            }
        }
        if !html {
            match &event {
                Event::Text(t) | Event::Code(t) => {
                    out.text.push_str(t);
                    out.text.push(' ');
                }
                Event::SoftBreak | Event::HardBreak => out.text.push(' '),
                _ => {}
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((events.len(), String::new()));
                events.push(event);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = heading.take() {
                    let id = used_ids.assign(&mut events[start], &text);
                    out.headings.push(Heading {
                        level: level as u8,
                        id,
                        text,
                    });
                }
                events.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match resolve(from, &dest_url, links) {
                kept @ (Resolved::Keep | Resolved::NoExtension(_)) => {
                    let pos = positions.at(range.start);
                    if let Resolved::NoExtension(meant) = kept {
                        out.hints.push(LinkHint {
                            pos,
                            written: dest_url.to_string(),
                            kind: HintKind::NoExtension(meant),
                        });
                    } else if dest_url.starts_with('/') && !dest_url.starts_with("//") {
                        out.hints.push(LinkHint {
                            pos,
                            written: dest_url.to_string(),
                            kind: HintKind::FromRoot,
                        });
                    }
                    if let Some(id) = dest_url.strip_prefix('#').filter(|id| !id.is_empty()) {
                        out.anchors.push(Anchor {
                            pos,
                            target: None,
                            id: percent_decode(id),
                        });
                    }
                    if let Some(slug) = tag_slug(&dest_url) {
                        out.tag_links.push((pos, slug));
                    }
                    dropped_links.push(false);
                    // An email autolink's destination is the bare address,
                    // which the writer gives its `mailto:`.
                    let dest_url = match absolute {
                        Some(a) if link_type != LinkType::Email => a.dest(dest_url),
                        _ => dest_url,
                    };
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Resolved::Url(url) => {
                    if let Some((path, id)) =
                        dest_url.split_once('#').filter(|(_, id)| !id.is_empty())
                    {
                        out.anchors.push(Anchor {
                            pos: positions.at(range.start),
                            target: Some(join(from, &percent_decode(path))),
                            id: percent_decode(id),
                        });
                    }
                    dropped_links.push(false);
                    let url = match absolute {
                        Some(a) => a.url(&url).unwrap_or(url),
                        None => url,
                    };
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: url.into(),
                        title,
                        id,
                    }));
                }
                Resolved::Dead {
                    unpublished,
                    broken,
                } => {
                    dropped_links.push(true);
                    out.dead_links.push(DeadLink {
                        pos: positions.at(range.start),
                        target: dest_url.to_string(),
                        unpublished,
                        broken,
                    });
                }
            },
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    events.push(event);
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if absolute.is_some() => {
                let dest_url = match absolute {
                    Some(a) => a.dest(dest_url),
                    None => dest_url,
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::FootnoteReference(name) if absolute.is_some() => {
                let (n, page) = (footnotes.number(&name), absolute.map_or("", |a| a.page));
                let name = crate::html::escape(&name);
                events.push(Event::InlineHtml(
                    format!(
                        "<sup class=\"footnote-reference\"><a href=\"{page}#{name}\">{n}</a></sup>"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) if absolute.is_some() => {
                // Numbered here too, as the writer would number it, since
                // the references it would have counted are written here.
                let n = footnotes.number(&name);
                let name = crate::html::escape(&name);
                events.push(Event::Html(
                    format!("<div class=\"footnote-definition\" id=\"{name}\"><sup class=\"footnote-definition-label\">{n}</sup>")
                        .into(),
                ));
            }
            other => events.push(other),
        }
    }
    if let Some(run) = text_run.take() {
        wiki_links(body, run, from, links, &mut positions, &mut out.hints);
    }
    if html {
        out.html.reserve(body.len() * 2);
        pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    }
    out
}

/// Footnote numbers in order of first mention, reference or definition, as
/// pulldown-cmark's HTML writer gives them.
#[derive(Default)]
struct FootnoteNumbers(HashMap<String, usize>);

impl FootnoteNumbers {
    fn number(&mut self, name: &str) -> usize {
        let next = self.0.len() + 1;
        *self.0.entry(name.to_owned()).or_insert(next)
    }
}

/// The heading ids of one entry, and for each slug the next number to try,
/// so many headings with the same text get `a`, `a-1`, `a-2`... in linear time.
#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl HeadingIds {
    /// Gives a heading its id: its `{#id}` if written, else the slug of its
    /// text, made unique within the entry.
    fn assign(&mut self, start: &mut Event<'_>, text: &str) -> String {
        let Event::Start(Tag::Heading { id, .. }) = start else {
            return String::new();
        };
        if let Some(explicit) = id {
            self.used.insert(explicit.to_string());
            return explicit.to_string();
        }
        let base = match slugify(text) {
            s if s.is_empty() => "section".to_owned(),
            s => s,
        };
        let mut candidate = base.clone();
        if self.used.contains(&candidate) {
            // Every `base-k` below the remembered number is taken, and ids are
            // never released, so the search goes on from there.
            let mut n = self.next.get(&base).copied().unwrap_or(1);
            loop {
                candidate = format!("{base}-{n}");
                n += 1;
                if !self.used.contains(&candidate) {
                    break;
                }
            }
            self.next.insert(base, n);
        }
        self.used.insert(candidate.clone());
        *id = Some(CowStr::from(candidate.clone()));
        candidate
    }
}

/// File positions of byte offsets in a body, for offsets asked for in
/// increasing order: each call reads only the text since the previous one,
/// so a body with many links is read once rather than once per link.
struct Positions<'a> {
    text: &'a str,
    body_line: usize,
    offset: usize,
    line: usize,
    col: usize,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str, body_line: usize) -> Positions<'a> {
        Positions {
            text,
            body_line,
            offset: 0,
            line: body_line,
            col: 1,
        }
    }

    /// The position of byte `offset` (as [`Pos::of_offset`] counts it), on file lines.
    fn at(&mut self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = Positions::new(self.text, self.body_line);
        }
        let read = &self.text[self.offset..offset];
        match read.rfind('\n') {
            Some(last) => {
                self.line += read.matches('\n').count();
                self.col = read[last + 1..].chars().count() + 1;
            }
            None => self.col += read.chars().count(),
        }
        self.offset = offset;
        Pos::new(self.line, self.col)
    }
}

enum Resolved {
    Keep,
    /// Kept as written, but it names an entry (this content path) without `.md`.
    NoExtension(String),
    Url(String),
    Dead {
        unpublished: bool,
        broken: bool,
    },
}

/// Resolves a link written in the entry at `from`. Only relative links to
/// `.md` files are internal; everything else is left as written.
fn resolve(from: &str, dest: &str, links: &LinkMap) -> Resolved {
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let is_external = path.contains("://") || path.starts_with("mailto:") || path.starts_with("//");
    if path.is_empty() || is_external {
        return Resolved::Keep;
    }
    let decoded = percent_decode(path);
    if !path.ends_with(".md") {
        if path.starts_with('/') || path.contains(':') {
            return Resolved::Keep;
        }
        // `2024-03-14-retro` or `../2024-04-02-offsite/` for an entry's file:
        // kept as written, but worth a warning. A name with an extension is
        // some other file.
        let last = decoded
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("");
        if last.contains('.') {
            return Resolved::Keep;
        }
        let stem = decoded.trim_end_matches('/');
        let candidates = [format!("{stem}.md"), format!("{stem}/index.md")];
        return candidates
            .iter()
            .map(|c| join(from, c))
            .find(|c| links.contains_key(c))
            .map_or(Resolved::Keep, Resolved::NoExtension);
    }
    let target = join(from, &decoded);
    match links.get(&target) {
        Some(LinkTarget::Published(url)) => Resolved::Url(match fragment {
            Some(f) => format!("{url}#{f}"),
            None => url.clone(),
        }),
        Some(LinkTarget::Unpublished) => Resolved::Dead {
            unpublished: true,
            broken: false,
        },
        Some(LinkTarget::Broken) => Resolved::Dead {
            unpublished: false,
            broken: true,
        },
        None => Resolved::Dead {
            unpublished: false,
            broken: false,
        },
    }
}

/// Finds `[[name]]` in the source span `run` of text, which Markdown shows as
/// it is, and names the entry it probably means: one whose file (or folder)
/// is called `name`, in any case.
fn wiki_links(
    body: &str,
    run: std::ops::Range<usize>,
    from: &str,
    links: &LinkMap,
    positions: &mut Positions<'_>,
    hints: &mut Vec<LinkHint>,
) {
    let Some(source) = body.get(run.clone()) else {
        return;
    };
    let mut rest = 0;
    while let Some(open) = source[rest..].find("[[") {
        let start = rest + open;
        let Some(len) = source[start + 2..].find("]]") else {
            return;
        };
        let inner = &source[start + 2..start + 2 + len];
        rest = start + 2 + len + 2;
        if inner.is_empty() || inner.contains(['[', '\n']) {
            continue;
        }
        // `[[name|shown]]` and `[[name#heading]]` name the same entry.
        let name = inner.split(['|', '#']).next().unwrap_or("").trim();
        hints.push(LinkHint {
            pos: positions.at(run.start + start),
            written: format!("[[{inner}]]"),
            kind: HintKind::Wiki(entry_named(name, from, links)),
        });
    }
}

/// The entry whose file name (or folder name, for `index.md`) is `name`,
/// preferring one beside `from`.
fn entry_named(name: &str, from: &str, links: &LinkMap) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let wanted = name.trim_end_matches(".md").to_lowercase();
    let named = |path: &&String| {
        let stem = path
            .strip_suffix("/index.md")
            .or_else(|| path.strip_suffix(".md"));
        stem.and_then(|s| s.rsplit('/').next())
            .is_some_and(|s| s.to_lowercase() == wanted)
    };
    let mut found: Vec<&String> = links.keys().filter(named).collect();
    found.sort();
    let beside = join(from, "");
    found
        .iter()
        .find(|p| p.starts_with(&beside))
        .or(found.first())
        .map(|p| (*p).clone())
}

/// The relative link from the entry at `from` to the one at `to` (both
/// content paths): what a writer would put in `[text](…)`.
pub fn relative_link(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

/// The tag of a link to a tag page (`/tags/deep-work/`, `../tags/x/#top`), if it is one.
fn tag_slug(dest: &str) -> Option<String> {
    if dest.contains("://") {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let mut segments = path.split('/').skip_while(|s| *s != "tags").skip(1);
    let slug = segments.next().filter(|s| !s.is_empty())?;
    // `/tags/x/page/2/` is still tag x; `/tags/x/atom.xml` too.
    Some(percent_decode(slug))
}

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
fn opening(body: &str) -> Option<&str> {
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
fn first_paragraph(text: &str, whole: bool) -> Option<Option<String>> {
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
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut
        .rfind(char::is_whitespace)
        .map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// Joins a relative link onto the folder of `from`, both inside the content folder.
pub fn join(from: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = if relative.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = from.split('/').collect();
        p.pop();
        p
    };
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> LinkMap {
        let mut m = LinkMap::new();
        m.insert(
            "2024/a.md".into(),
            LinkTarget::Published("/2024/01/02/a/".into()),
        );
        m.insert("2024/secret.md".into(), LinkTarget::Unpublished);
        m
    }

    #[test]
    fn links_images_and_footnotes_are_made_absolute_for_feeds() {
        let body = "[a](a.md) ![board](board.png) [part](#part) [x](https://x.org/) \
                    [root](/about/) [m](mailto:a@b.c) <b@c.d> [other](//cdn.example/y.js) \
                    [gone](secret.md) note[^n]\n\n\
                    <img data-src=\"x.png\"> <a href=\"raw.html\">raw</a>\n\n\
                    [^n]: The note.\n";
        let base = Absolute {
            origin: "https://ada.example",
            page: "https://ada.example/2024/01/01/e/",
        };
        let html = render_absolute(body, 1, "2024/e.md", &links(), base).html;
        for want in [
            r#"<a href="https://ada.example/2024/01/02/a/">a</a>"#,
            r#"<img src="https://ada.example/2024/01/01/e/board.png" alt="board" />"#,
            r##"<a href="https://ada.example/2024/01/01/e/#part">part</a>"##,
            r#"<a href="https://x.org/">x</a>"#,
            r#"<a href="https://ada.example/about/">root</a>"#,
            r#"<a href="mailto:a@b.c">m</a>"#,
            r#"<a href="mailto:b@c.d">b@c.d</a>"#,
            r#"<a href="//cdn.example/y.js">other</a>"#,
            "gone note",
            r##"<a href="https://ada.example/2024/01/01/e/#n">1</a>"##,
            r#"<div class="footnote-definition" id="n"><sup class="footnote-definition-label">1</sup>"#,
            // Raw HTML is the writer's own: left as written.
            r#"<img data-src="x.png"> <a href="raw.html">raw</a>"#,
        ] {
            assert!(html.contains(want), "{want}\nin\n{html}");
        }
        // The page's own HTML keeps its links as they resolve on the site.
        let page = render(body, 1, "2024/e.md", &links()).html;
        assert!(
            page.contains(r#"<img src="board.png" alt="board" />"#),
            "{page}"
        );
        assert!(page.contains(r##"<a href="#n">1</a>"##), "{page}");
        assert_eq!(
            page.replace("https://ada.example/2024/01/01/e/", "")
                .replace("https://ada.example", ""),
            html.replace("https://ada.example/2024/01/01/e/", "")
                .replace("https://ada.example", ""),
            "nothing else differs"
        );
    }

    #[test]
    fn footnotes_keep_their_numbers_in_feeds() {
        // Numbered by first mention, as on the page, whatever the order of
        // the definitions.
        let body = "b[^b] a[^a] b again[^b]\n\n[^a]: A.\n\n[^b]: B.\n";
        let base = Absolute {
            origin: "https://o",
            page: "https://o/p/",
        };
        let page = render(body, 1, "e.md", &links()).html;
        let feed = render_absolute(body, 1, "e.md", &links(), base).html;
        assert_eq!(page.replace("href=\"#", "href=\"https://o/p/#"), feed);
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n- [x] done\n\n[^1]: note\n",
            5,
            "2024/b.md",
            &links(),
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn heading_ids_are_unique_and_overridable() {
        let r = render(
            "# Hello World\n\n## Hello World\n\n## Custom {#mine}\n",
            1,
            "x.md",
            &links(),
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["hello-world", "hello-world-1", "mine"]);
        assert!(r.html.contains("<h2 id=\"hello-world-1\">"));
    }

    #[test]
    fn internal_links_resolve_or_become_text() {
        let r = render(
            "See [a](a.md#part), [s](secret.md), [m](../missing.md) and [w](https://x.org/a.md).\n",
            7,
            "2024/b.md",
            &links(),
        );
        assert!(
            r.html.contains("<a href=\"/2024/01/02/a/#part\">a</a>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("secret"));
        assert!(r.html.contains(", s, m and"));
        assert!(r.html.contains("https://x.org/a.md"));
        assert_eq!(r.dead_links.len(), 2);
        assert_eq!(r.dead_links[0].pos, Pos::new(7, 21));
        assert!(r.dead_links[0].unpublished);
        assert!(!r.dead_links[1].unpublished);
    }

    #[test]
    fn code_is_highlighted_and_first_paragraph_kept() {
        let text = "First *para*\ngraph.\n\n```rust\nlet x = 1;\n```\n";
        let r = render(text, 1, "x.md", &links());
        assert_eq!(summary_of(text).as_deref(), Some("First para graph."));
        assert!(r.html.contains("data-lang=\"rust\""));
    }

    #[test]
    fn scan_finds_the_same_things_without_html() {
        let text = "Intro *here*.\n\n## Part\n\n```rust\nfn x() {}\n```\n\n[gone](nope.md)\n";
        let full = render(text, 3, "x.md", &links());
        let scanned = scan(text, 3, "x.md", &links());
        assert!(scanned.html.is_empty());
        assert_eq!(scanned.headings, full.headings);
        assert_eq!(scanned.anchors, full.anchors);
        assert_eq!(scanned.dead_links, full.dead_links);
        assert_eq!(
            scanned.text.split_whitespace().collect::<Vec<_>>(),
            ["Intro", "here", ".", "Part", "fn", "x()", "{}", "gone"]
        );
        assert!(full.text.is_empty());
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 12), "one two…");
    }

    #[test]
    fn summaries_are_the_first_paragraph_as_text() {
        for (text, expected) in [
            (
                "Intro *here*\nand `there`.\n\n## Part\n\nMore.\n",
                Some("Intro here and there."),
            ),
            (
                "## Heading first\n\n```rust\nlet x = 1;\n```\n\nThen [a link](x.md) and text.\n",
                Some("Then a link and text."),
            ),
            (
                "- a tight\n- list\n\n> quoted words\n",
                Some("quoted words"),
            ),
            ("", None),
            ("```\nonly code\n```\n", None),
        ] {
            assert_eq!(summary_of(text).as_deref(), expected, "{text:?}");
        }
        let long = "word ".repeat(100);
        let summary = summary_of(&long).unwrap_or_default();
        assert!(summary.ends_with("word…") && summary.chars().count() <= SUMMARY_CHARS + 1);
    }

    #[test]
    fn summaries_from_the_opening_match_the_whole_body() {
        let long_code = format!("```\n{}```", "let x = 1;\n".repeat(60));
        let blocks = [
            &long_code,
            "Plain words in a paragraph that goes on for a while.",
            "- a\n  > quoted in an item\n- b",
            "- loose\n\n- list",
            "1. one\n2. two",
            "> quoted\nlazy line",
            "```\ncode\n\nwith a blank\n```",
            "<!--\n\nhidden\n\n-->",
            "Setext\n===",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "    indented code\n\n    more",
            "[link][ref] text",
            "## Heading",
            "",
            "   ",
            "Filler sentence to make the body long enough for an opening. ",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut tried_openings = 0;
        for _ in 0..3_000 {
            let mut body = String::new();
            while body.len() < 1_500 {
                body.push_str(blocks[next(blocks.len())]);
                body.push_str(["\n", "\n\n", "\n\n\n"][next(3)]);
            }
            if next(10) == 0 {
                // A definition anywhere turns `[link][ref]` into a link.
                body.push_str("\n[ref]: https://example.org\n");
            }
            let early = opening(&body).and_then(|text| first_paragraph(text, false)?);
            tried_openings += usize::from(early.is_some());
            let whole = first_paragraph(&body, true).flatten();
            assert_eq!(summary_of(&body), whole, "{body:?}");
        }
        assert!(tried_openings > 1_000, "only {tried_openings} openings");
    }

    #[test]
    fn anchors_are_noted() {
        let r = render(
            "# Top\n\n[here](#top) [there](a.md#part) [x](a.md)\n",
            1,
            "2024/b.md",
            &links(),
        );
        let found: Vec<(Option<&str>, &str)> = r
            .anchors
            .iter()
            .map(|a| (a.target.as_deref(), a.id.as_str()))
            .collect();
        assert_eq!(found, [(None, "top"), (Some("2024/a.md"), "part")]);
    }

    #[test]
    fn tag_links_are_noted() {
        let r = render(
            "[a](/tags/deep-work/) [b](../tags/x/#top) [c](https://x.org/tags/y/) [d](/about/)\n",
            2,
            "x.md",
            &links(),
        );
        let slugs: Vec<&str> = r.tag_links.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(slugs, ["deep-work", "x"]);
        assert_eq!(r.tag_links[0].0, Pos::new(2, 1));
    }

    #[test]
    fn join_handles_dots() {
        assert_eq!(join("2024/a.md", "../2023/b.md"), "2023/b.md");
        assert_eq!(join("2024/a.md", "./c/index.md"), "2024/c/index.md");
        assert_eq!(join("2024/a.md", "/2022/x.md"), "2022/x.md");
    }

    #[test]
    fn repeated_headings_skip_ids_already_taken() {
        let r = scan(
            "# A\n# A-1\n# A\n# A\n# B {#a-3}\n# A\n",
            1,
            "x.md",
            &links(),
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-2", "a-3", "a-3", "a-4"]);
    }

    #[test]
    fn many_repeated_headings_are_numbered_in_order() {
        // 20,000 equal headings: a search from `-1` for each would try 200
        // million ids; this finishes at once.
        let body = "# Same\n".repeat(20_000);
        let r = scan(&body, 1, "x.md", &links());
        assert_eq!(r.headings.len(), 20_000);
        assert_eq!(r.headings[0].id, "same");
        assert_eq!(r.headings[19_999].id, "same-19999");
    }

    #[test]
    fn positions_match_offsets_in_any_order() {
        let text = "ab\n\u{e9}t\u{e9} [x](y.md)\n\n\u{1f600}z\nlast";
        let mut positions = Positions::new(text, 7);
        let offsets: Vec<usize> = (0..=text.len() + 2).chain([5, 0, 9, 3]).collect();
        for offset in offsets {
            let at = Pos::of_offset(text, offset);
            assert_eq!(
                positions.at(offset),
                Pos::new(at.line + 6, at.col),
                "offset {offset}"
            );
        }
    }
}
