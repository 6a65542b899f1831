//! Where the links of an entry lead: internal `.md` links resolved through
//! the link map, links that are probably wrong (no `.md`, `[[wiki]]`, from
//! the root), and links to tag pages.

use super::{HintKind, LinkHint, LinkMap, LinkTarget, Positions};

pub(super) enum Resolved {
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
pub(super) fn resolve(from: &str, dest: &str, links: &LinkMap) -> Resolved {
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
pub(super) fn wiki_links(
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
pub(super) fn entry_named(name: &str, from: &str, links: &LinkMap) -> Option<String> {
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
pub(super) fn tag_slug(dest: &str) -> Option<String> {
    if dest.contains("://") {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let mut segments = path.split('/').skip_while(|s| *s != "tags").skip(1);
    let slug = segments.next().filter(|s| !s.is_empty())?;
    // `/tags/x/page/2/` is still tag x; `/tags/x/atom.xml` too.
    Some(percent_decode(slug))
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

pub(super) fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}
