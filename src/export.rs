//! The entries of a build as data: `/data/entries.json` and `ebb export`.
//! Built from the index, so it holds exactly the entries the build shows.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{Entry, Mode, Moment};
use crate::urls::Urls;

/// One entry's metadata, for a person's own analysis.
#[derive(Debug, Clone, Serialize)]
pub struct Record<'a> {
    pub date: String,
    pub slug: &'a str,
    /// Absolute when the site has a base URL, else a path.
    pub url: String,
    pub title: &'a str,
    pub mode: Option<Mode>,
    /// The entry's energy: its score, or the mean of its check-ins.
    pub energy: Option<f64>,
    pub morning: Option<u8>,
    pub midday: Option<u8>,
    pub evening: Option<u8>,
    pub focus_hours: Option<f64>,
    pub meeting_hours: Option<f64>,
    pub tags: &'a [String],
    pub draft: bool,
    pub private: bool,
    /// What was done in the hours before each check-in: its tags and note.
    pub morning_tags: &'a [String],
    pub morning_note: Option<&'a str>,
    pub midday_tags: &'a [String],
    pub midday_note: Option<&'a str>,
    pub evening_tags: &'a [String],
    pub evening_note: Option<&'a str>,
    /// The values of the metrics book.toml declares, by key.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metrics: &'a BTreeMap<String, f64>,
}

/// The record of an entry; `base_url` makes its URL absolute.
pub fn record<'a>(e: &'a Entry, urls: Urls<'_>, base_url: Option<&str>) -> Record<'a> {
    let path = urls.at(&e.dir);
    let url = match base_url {
        Some(b) => format!("{}{}", b, path.strip_prefix(urls.base()).unwrap_or(&path)),
        None => path,
    };
    let check = |f: fn(&crate::content::CheckIns) -> Option<crate::content::Level>| {
        e.energy
            .and_then(|x| x.check_ins().and_then(f))
            .map(|l| l.get())
    };
    Record {
        date: crate::render::dates::iso(e.date),
        slug: &e.slug,
        url,
        title: &e.title,
        mode: e.mode,
        energy: e.energy.map(|x| (x.value() * 100.0).round() / 100.0),
        morning: check(|c| c.morning),
        midday: check(|c| c.midday),
        evening: check(|c| c.evening),
        focus_hours: e.focus_hours,
        meeting_hours: e.meeting_hours,
        tags: &e.tags,
        draft: e.draft,
        private: e.private,
        morning_tags: &e.activities[Moment::Morning.index()].tags,
        morning_note: e.activities[Moment::Morning.index()].note.as_deref(),
        midday_tags: &e.activities[Moment::Midday.index()].tags,
        midday_note: e.activities[Moment::Midday.index()].note.as_deref(),
        evening_tags: &e.activities[Moment::Evening.index()].tags,
        evening_note: e.activities[Moment::Evening.index()].note.as_deref(),
        metrics: &e.metrics,
    }
}

/// Records as pretty JSON (an array), with `<`, `>` and `&` escaped (see
/// [`crate::html::web_json`]).
pub fn to_json(records: &[Record<'_>]) -> String {
    crate::html::web_json(serde_json::to_string_pretty(records).unwrap_or_else(|_| "[]".to_owned()))
}

/// The CSV header row.
const CSV_HEADER: &str = "date,slug,url,title,mode,energy,morning,midday,evening,focus_hours,meeting_hours,tags,draft,private,morning_tags,morning_note,midday_tags,midday_note,evening_tags,evening_note";

/// Records as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a
/// comma, a quote or a line break, quotes doubled). Tags, the entry's and
/// each check-in's, are joined with `;`. Each metric of `metrics` (the keys
/// book.toml declares) has a column of its own after the others.
pub fn to_csv(records: &[Record<'_>], metrics: &[&str]) -> String {
    let mut out = String::with_capacity(records.len() * 128);
    out.push_str(CSV_HEADER);
    for key in metrics {
        out.push(',');
        out.push_str(&csv_field(key));
    }
    out.push_str("\r\n");
    for r in records {
        let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        let int = |v: Option<u8>| v.map(|x| x.to_string()).unwrap_or_default();
        let fields = [
            r.date.clone(),
            r.slug.to_owned(),
            r.url.clone(),
            r.title.to_owned(),
            r.mode.map(|m| m.label().to_owned()).unwrap_or_default(),
            num(r.energy),
            int(r.morning),
            int(r.midday),
            int(r.evening),
            num(r.focus_hours),
            num(r.meeting_hours),
            r.tags.join(";"),
            r.draft.to_string(),
            r.private.to_string(),
            r.morning_tags.join(";"),
            r.morning_note.unwrap_or_default().to_owned(),
            r.midday_tags.join(";"),
            r.midday_note.unwrap_or_default().to_owned(),
            r.evening_tags.join(";"),
            r.evening_note.unwrap_or_default().to_owned(),
        ];
        let values = metrics.iter().map(|k| num(r.metrics.get(*k).copied()));
        let line: Vec<String> = fields
            .into_iter()
            .chain(values)
            .map(|f| csv_field(&f))
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_quoting_follows_rfc_4180() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
