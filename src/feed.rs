//! Atom feeds (RFC 4287) of the latest entries, for the site and for each tag.

use std::fmt::Write;

use crate::content::Entry;
use crate::html;
use crate::render::dates;

/// The feed as a whole.
#[derive(Debug, Clone)]
pub struct Feed<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub language: &'a str,
    pub authors: &'a [String],
    /// The page the feed is about (the site, or a tag page), absolute.
    pub alternate: String,
    /// The feed's own URL, absolute.
    pub self_url: String,
}

/// One item of a feed: an entry, or a week's note.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub title: std::borrow::Cow<'a, str>,
    /// When it was written, in RFC 3339 ([`timestamp`] for an entry).
    pub stamp: String,
    pub summary: Option<&'a str>,
    /// The item's absolute URL.
    pub url: String,
    /// Tags as shown on the site.
    pub tags: Vec<String>,
    /// The full body as HTML, its links made absolute for feed readers
    /// ([`crate::markdown::render_absolute`]), or `None` for a summary-only feed.
    pub content: Option<String>,
}

/// When an entry was written, in RFC 3339: its time and offset if given,
/// else midnight; a time without an offset is taken as UTC.
pub fn timestamp(e: &Entry) -> String {
    let day = dates::iso(e.date);
    match e.time {
        Some(t) => {
            let offset = t.offset.map_or_else(|| "Z".to_owned(), |o| o.to_string());
            format!("{day}T{}{offset}", t.time.format("%H:%M:%S"))
        }
        None => format!("{day}T00:00:00Z"),
    }
}

/// Escapes text for XML. Characters XML 1.0 does not allow at all (control
/// characters other than tab and line breaks, U+FFFE, U+FFFF) become U+FFFD:
/// one of them anywhere, even in an entry's body, would make a reader reject
/// the whole feed.
fn xml(text: &str) -> String {
    let allowed = |c: char| match c {
        '\t' | '\n' | '\r' => true,
        '\u{FFFE}' | '\u{FFFF}' => false,
        c => c >= ' ',
    };
    if text.chars().all(allowed) {
        return html::escape(text);
    }
    let clean: String = text
        .chars()
        .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
        .collect();
    html::escape(&clean)
}

/// The Atom XML of `feed` with `items` (newest first). `updated` is the feed's
/// time, from its newest entry, never the clock.
pub fn atom(feed: &Feed<'_>, items: &[Item<'_>], updated: &str) -> String {
    let mut x = String::with_capacity(4096 + items.len() * 2048);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml(feed.language)
    );
    let _ = writeln!(x, "  <title>{}</title>", xml(feed.title));
    if let Some(s) = feed.subtitle {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", xml(s));
    }
    let _ = writeln!(x, "  <id>{}</id>", xml(&feed.alternate));
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml(&feed.alternate)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml(&feed.self_url)
    );
    let _ = writeln!(x, "  <updated>{}</updated>", xml(updated));
    // Atom needs an author; the journal's title stands in when book.toml names none.
    let authors: Vec<&str> = if feed.authors.is_empty() {
        vec![feed.title]
    } else {
        feed.authors.iter().map(String::as_str).collect()
    };
    for a in authors {
        let _ = writeln!(x, "  <author><name>{}</name></author>", xml(a));
    }
    x.push_str("  <generator>ebb</generator>\n");
    for item in items {
        let stamp = &item.stamp;
        x.push_str("  <entry>\n");
        let _ = writeln!(x, "    <title>{}</title>", xml(&item.title));
        let _ = writeln!(x, "    <id>{}</id>", xml(&item.url));
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml(&item.url)
        );
        let _ = writeln!(x, "    <published>{stamp}</published>");
        let _ = writeln!(x, "    <updated>{stamp}</updated>");
        for t in &item.tags {
            let _ = writeln!(x, "    <category term=\"{}\"/>", xml(t));
        }
        if let Some(s) = item.summary {
            let _ = writeln!(x, "    <summary>{}</summary>", xml(s));
        }
        if let Some(html) = &item.content {
            let _ = writeln!(x, "    <content type=\"html\">{}</content>", xml(html));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_forbids_are_replaced() {
        assert_eq!(xml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(
            xml("t\u{0}\u{1b}[1m\u{FFFF}\tok\n\u{85}\u{2028}"),
            "t\u{FFFD}\u{FFFD}[1m\u{FFFD}\tok\n\u{85}\u{2028}"
        );
    }
}
