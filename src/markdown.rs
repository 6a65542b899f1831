//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task
//! lists and heading ids; fenced code goes to [`crate::highlight`]; links to
//! other entries' source files become those entries' URLs.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Pos;
use crate::highlight;
use crate::slug::slugify;

mod links;
mod summary;

use links::{Resolved, percent_decode, resolve, tag_slug, wiki_links};
pub use links::{join, relative_link};
pub use summary::{SUMMARY_CHARS, summary_of};

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
    pub text: crate::text::Text,
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
    let mut plain = String::new();
    let mut events: Vec<Event<'_>> = Vec::with_capacity(body.len() / 16);
    let mut used_ids = HeadingIds::default();
    let mut positions = Positions::new(body, body_line);
    let mut heading: Option<(usize, String)> = None;
    let mut code: Option<(String, String)> = None;
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut footnotes = FootnoteNumbers::default();
    // The source span of the current run of text, where `[[wiki links]]` are looked for.
    let mut text_run: Option<std::ops::Range<usize>> = None;
    // Most bodies have no `[[` at all: then no run needs looking at.
    let wiki = body.contains("[[");

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Event::Text(_) = event {
            let run = text_run.get_or_insert(range.clone());
            run.end = run.end.max(range.end);
        } else if let Some(run) = text_run.take().filter(|_| wiki) {
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
                            plain.push_str(&text);
                            plain.push(' ');
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
                    plain.push_str(t);
                    plain.push(' ');
                }
                Event::SoftBreak | Event::HardBreak => plain.push(' '),
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
            }) => {
                let pos = positions.at(range.start);
                let link = (link_type, dest_url, title, id);
                let start = link_start(link, pos, from, links, absolute, &mut out);
                dropped_links.push(start.is_none());
                events.extend(start);
            }
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    events.push(event);
                }
            }
            other => match absolute {
                Some(a) => events.push(for_feed(other, a, &mut footnotes)),
                None => events.push(other),
            },
        }
    }
    if let Some(run) = text_run.take().filter(|_| wiki) {
        wiki_links(body, run, from, links, &mut positions, &mut out.hints);
    }
    if html {
        out.html.reserve(body.len() * 2);
        pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    }
    out.text = plain.into();
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

/// What a link's start becomes: the event to write, its destination
/// resolved (and made absolute for a feed), or `None` for a dead link, shown
/// as plain text. What the link says about the entry (anchors, tag links,
/// dead links, hints) goes into `out`.
fn link_start<'e>(
    (link_type, dest_url, title, id): (LinkType, CowStr<'e>, CowStr<'e>, CowStr<'e>),
    pos: Pos,
    from: &str,
    links: &LinkMap,
    absolute: Option<Absolute<'_>>,
    out: &mut Rendered,
) -> Option<Event<'e>> {
    let dest_url = match resolve(from, &dest_url, links) {
        kept @ (Resolved::Keep | Resolved::NoExtension(_)) => {
            let kind = match kept {
                Resolved::NoExtension(meant) => Some(HintKind::NoExtension(meant)),
                _ if dest_url.starts_with('/') && !dest_url.starts_with("//") => {
                    Some(HintKind::FromRoot)
                }
                _ => None,
            };
            if let Some(kind) = kind {
                let written = dest_url.to_string();
                out.hints.push(LinkHint { pos, written, kind });
            }
            if let Some(id) = dest_url.strip_prefix('#').filter(|id| !id.is_empty()) {
                let id = percent_decode(id);
                out.anchors.push(Anchor {
                    pos,
                    target: None,
                    id,
                });
            }
            if let Some(slug) = tag_slug(&dest_url) {
                out.tag_links.push((pos, slug));
            }
            // An email autolink's destination is the bare address, which the
            // writer gives its `mailto:`.
            match absolute {
                Some(a) if link_type != LinkType::Email => a.dest(dest_url),
                _ => dest_url,
            }
        }
        Resolved::Url(url) => {
            if let Some((path, id)) = dest_url.split_once('#').filter(|(_, id)| !id.is_empty()) {
                out.anchors.push(Anchor {
                    pos,
                    target: Some(join(from, &percent_decode(path))),
                    id: percent_decode(id),
                });
            }
            match absolute {
                Some(a) => a.url(&url).unwrap_or(url).into(),
                None => url.into(),
            }
        }
        Resolved::Dead {
            unpublished,
            broken,
        } => {
            out.dead_links.push(DeadLink {
                pos,
                target: dest_url.to_string(),
                unpublished,
                broken,
            });
            return None;
        }
    };
    Some(Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    }))
}

/// An event as a feed shows it: images and footnote references point at the
/// entry's own URL, `a`, since a feed reader shows the entry elsewhere.
fn for_feed<'e>(event: Event<'e>, a: Absolute<'_>, footnotes: &mut FootnoteNumbers) -> Event<'e> {
    match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: a.dest(dest_url),
            title,
            id,
        }),
        Event::FootnoteReference(name) => {
            let (n, page) = (footnotes.number(&name), a.page);
            let name = crate::html::escape(&name);
            Event::InlineHtml(
                format!(
                    "<sup class=\"footnote-reference\"><a href=\"{page}#{name}\">{n}</a></sup>"
                )
                .into(),
            )
        }
        Event::Start(Tag::FootnoteDefinition(name)) => {
            // Numbered here too, as the writer would number it, since the
            // references it would have counted are written here.
            let n = footnotes.number(&name);
            let name = crate::html::escape(&name);
            Event::Html(
                format!("<div class=\"footnote-definition\" id=\"{name}\"><sup class=\"footnote-definition-label\">{n}</sup>")
                    .into(),
            )
        }
        other => other,
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
pub(super) struct Positions<'a> {
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

#[cfg(test)]
mod tests;
