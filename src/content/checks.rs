//! What only the whole journal shows: two entries with one date and slug,
//! and near-duplicate tags.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Entry, validate};
use crate::diagnostics::{Diagnostic, Pos};

/// Two entries with one date and one slug would share a URL.
pub(super) fn duplicates(entries: &[Arc<Entry>]) -> Vec<Diagnostic> {
    // Usually there are none: find the clashing dates and slugs first, and
    // sort only their entries by path, so the first one named stays quiet.
    let key = |e: &Entry| (e.date, e.slug.clone());
    let mut first: crate::hash::FastSet<(chrono::NaiveDate, &str)> = Default::default();
    let clashes: crate::hash::FastSet<(chrono::NaiveDate, String)> = entries
        .iter()
        .filter(|e| !first.insert((e.date, e.slug.as_str())))
        .map(|e| key(e))
        .collect();
    if clashes.is_empty() {
        return Vec::new();
    }
    let mut seen: HashMap<(chrono::NaiveDate, &str), &Entry> = HashMap::new();
    let mut out = Vec::new();
    let mut by_path: Vec<&Entry> = entries
        .iter()
        .map(|e| &**e)
        .filter(|e| clashes.contains(&key(e)))
        .collect();
    by_path.sort_by(|a, b| a.display_path.cmp(&b.display_path));
    for e in by_path {
        if let Some(first) = seen.get(&(e.date, e.slug.as_str())) {
            // `é` can be one character or `e` and a combining accent: two
            // names that look the same, which the message must explain.
            let combining = |p: &str| p.chars().any(|c| ('\u{300}'..='\u{36F}').contains(&c));
            let looks_alike = match (combining(&e.display_path), combining(&first.display_path)) {
                (true, false) => format!(
                    " (`{}` writes an accent as a separate combining character, so the names look alike)",
                    e.display_path
                ),
                (false, true) => format!(
                    " (`{}` writes an accent as a separate combining character, so the names look alike)",
                    first.display_path
                ),
                _ => String::new(),
            };
            out.push(Diagnostic::error(
                &e.display_path,
                Pos::START,
                format!(
                    "`{}` has the same date ({}) and slug (`{}`) as `{}`{looks_alike}; change one slug",
                    e.display_path, e.date, e.slug, first.display_path
                ),
            ));
        } else {
            seen.insert((e.date, &e.slug), e);
        }
    }
    out
}

/// Tags that are likely one tag spelt two ways (`one-on-one`, `one-on-ones`):
/// one warning per pair, at the first use of the rarer spelling. `entries`
/// are in journal order, each with the positions of its tags.
pub(super) fn near_duplicate_tags(entries: &[(Arc<Entry>, Vec<Pos>)]) -> Vec<Diagnostic> {
    // Per slug: how many entries use it, and its first use (entry, tag).
    let mut uses: crate::hash::FastMap<&str, (usize, (usize, usize))> = Default::default();
    for (i, (entry, _)) in entries.iter().enumerate() {
        for (t, slug) in entry.tag_slugs.iter().enumerate() {
            uses.entry(slug.as_str()).or_insert((0, (i, t))).0 += 1;
        }
    }
    let mut slugs: Vec<_> = uses.iter().collect();
    slugs.sort_unstable_by_key(|(slug, _)| **slug);
    let names: Vec<&str> = slugs.iter().map(|(s, _)| **s).collect();
    // Each entry's lines, read once however many warnings it gets.
    let mut sources: HashMap<usize, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for (a, b) in near_pairs(&names) {
        let (slug_a, &(count_a, first_a)) = slugs[a];
        let (slug_b, &(count_b, first_b)) = slugs[b];
        // Flag the rarer spelling; on a tie, the later one alphabetically.
        let ((i, t), common, count) = if count_b > count_a {
            (first_a, slug_b, count_b)
        } else {
            (first_b, slug_a, count_a)
        };
        let (entry, positions) = &entries[i];
        let used = match count {
            1 => "once".to_owned(),
            n => format!("{n} times"),
        };
        let pos = positions.get(t).copied().unwrap_or(Pos::START);
        let mut warning = Diagnostic::warning(
            &entry.display_path,
            pos,
            format!(
                "tag `{}` looks like `{common}` (used {used}); use one spelling",
                entry.tags[t]
            ),
        );
        let lines = sources.entry(i).or_insert_with(|| {
            std::fs::read_to_string(&entry.source)
                .map(|text| {
                    validate::normalize(&text)
                        .lines()
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        });
        warning.source_line = lines.get(pos.line.saturating_sub(1)).cloned();
        out.push(warning);
    }
    out
}

/// The pairs `(i, j)`, `i < j`, of `slugs` (sorted, distinct) that are
/// [`near_tags`], in order. Two slugs one edit apart share a key (the slug
/// itself, or the slug less one character), so only slugs that share a key
/// are compared: comparing all pairs takes minutes for 100,000 tags.
pub(super) fn near_pairs(slugs: &[&str]) -> Vec<(usize, usize)> {
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, slug) in slugs.iter().enumerate() {
        let mut keys = vec![(*slug).to_owned()];
        for (at, c) in slug.char_indices() {
            keys.push(format!("{}{}", &slug[..at], &slug[at + c.len_utf8()..]));
        }
        keys.sort();
        keys.dedup();
        for key in keys {
            by_key.entry(key).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = by_key
        .values()
        .flat_map(|group| {
            group
                .iter()
                .enumerate()
                .flat_map(move |(n, &a)| group[n + 1..].iter().map(move |&b| (a.min(b), a.max(b))))
        })
        .filter(|&(a, b)| near_tags(slugs[a], slugs[b]))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Are two different tag slugs likely one tag: a trailing `s` apart, or one
/// edit apart when both are words of five characters or more?
pub(super) fn near_tags(a: &str, b: &str) -> bool {
    if a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a) {
        return true;
    }
    // Digits usually count something (`q1-2024`, `sprint-12`): one digit apart is two tags.
    let digits = a.bytes().chain(b.bytes()).any(|c| c.is_ascii_digit());
    a.len() >= 5
        && b.len() >= 5
        && !digits
        && a.len().abs_diff(b.len()) <= 1
        && strsim::damerau_levenshtein(a, b) <= 1
}
