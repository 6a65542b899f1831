//! Cards and links: the URL scheme with the build's tag names, so every
//! list, card and link shows a tag in its most common spelling.

use super::views::*;
use crate::content::{Activity, Energy, Entry, Mode, Moment};
use crate::index::{TagIndex, Verdict};
use crate::numbers::{hours, one_decimal, signed};
use crate::urls::Urls;

/// Builds cards and links: the site's URL scheme (`crate::urls`) and the tags
/// of the build, so a tag is always shown in its most common spelling.
#[derive(Debug, Clone, Copy)]
pub struct Links<'a> {
    pub urls: Urls<'a>,
    pub tags: &'a [TagIndex],
}

impl<'a> Links<'a> {
    /// Links under `base`, naming tags as `tags` spell them.
    pub fn new(base: &'a str, tags: &'a [TagIndex]) -> Links<'a> {
        Links {
            urls: Urls::new(base),
            tags,
        }
    }

    /// `/base/YYYY/MM/DD/slug/`.
    pub fn entry(&self, e: &Entry) -> String {
        self.urls.at(&e.dir)
    }

    /// `/base/tags/slug/`.
    pub fn tag(&self, slug: &str) -> String {
        self.urls.tag(slug)
    }

    /// `/base/modes/ic/`.
    pub fn mode(&self, mode: Mode) -> String {
        self.urls.mode(mode.slug())
    }

    /// How a tag is shown: its most common spelling in this build, else as `written`.
    pub fn tag_name<'t>(&'t self, slug: &str, written: &'t str) -> &'t str {
        self.tags
            .binary_search_by(|x| x.slug.as_str().cmp(slug))
            .map_or(written, |i| self.tags[i].name.as_str())
    }

    /// Any path under the site, `rel` without a leading `/`.
    pub fn at(&self, rel: &str) -> String {
        self.urls.at(rel)
    }

    /// An entry as a line of the archive.
    pub fn archive_row<'e>(&self, e: &'e Entry) -> ArchiveRow<'e> {
        ArchiveRow {
            title: &e.title,
            url: self.entry(e),
            date: super::dates::iso(e.date),
            date_short: super::dates::short(e.date),
            mode: e.mode,
            energy: e.energy.as_ref().map(energy_view),
            draft: e.draft,
            private: e.private,
        }
    }

    /// An entry as a list card.
    pub fn card<'e>(&self, e: &'e Entry) -> EntryCard<'e> {
        EntryCard {
            title: &e.title,
            url: self.entry(e),
            date: super::dates::iso(e.date),
            date_long: super::dates::long(e.date),
            mode: e.mode,
            energy: e.energy.as_ref().map(energy_view),
            focus_hours: e.focus_hours.map(hours),
            meeting_hours: e.meeting_hours.map(hours),
            tags: e
                .tags
                .iter()
                .zip(&e.tag_slugs)
                .map(|(t, slug)| Link {
                    title: self.tag_name(slug, t).to_owned(),
                    url: self.tag(slug),
                })
                .collect(),
            check_ins: self.check_in_slots(e),
            summary: e.summary.as_deref(),
            draft: e.draft,
            private: e.private,
            html: None,
        }
    }

    /// A tag written as `written`, as a link to its page.
    pub fn tag_link(&self, written: &str) -> Link {
        let slug = crate::slug::slugify(written);
        Link {
            title: self.tag_name(&slug, written).to_owned(),
            url: self.tag(&slug),
        }
    }

    /// An entry's check-ins with what each says it followed, in the order of
    /// the day: those with a score, and those with only tags or a note; none
    /// when no check-in has tags or a note.
    pub fn check_in_slots<'e>(&self, e: &'e Entry) -> Vec<CheckInSlot<'e>> {
        if e.activities.iter().all(Activity::is_empty) {
            return Vec::new();
        }
        let check_ins = e.energy.as_ref().and_then(Energy::check_ins);
        Moment::ALL
            .into_iter()
            .filter_map(|m| {
                let value = check_ins.and_then(|c| c.get(m)).map(|l| l.get());
                let activity = &e.activities[m.index()];
                (value.is_some() || !activity.is_empty()).then(|| CheckInSlot {
                    moment: m.key(),
                    value,
                    tags: activity.tags.iter().map(|t| self.tag_link(t)).collect(),
                    note: activity.note.as_deref(),
                })
            })
            .collect()
    }

    /// An entry as an "on this day" link.
    pub fn year_link<'e>(&self, e: &'e Entry) -> YearLink<'e> {
        YearLink {
            year: format!("{:04}", chrono::Datelike::year(&e.date)),
            title: &e.title,
            url: self.entry(e),
            mode: e.mode,
            energy: e.energy.map(|x| one_decimal(x.value())),
        }
    }

    /// A tags-table row.
    pub fn tag_row(&self, t: &TagIndex) -> TagRow {
        // Without an interval its text already says "too few days".
        let verdict = t
            .effect()
            .map(|e| e.verdict())
            .filter(|v| *v != Verdict::TooFewDays);
        let effect = match verdict {
            Some(Verdict::Restores) => "restores",
            Some(Verdict::Drains) => "drains",
            _ => "neutral",
        };
        TagRow {
            name: t.name.clone(),
            url: self.tag(&t.slug),
            count: t.entries.len(),
            days: t.days,
            mean_energy: t.mean_with.map(one_decimal),
            delta: t.delta.map(signed),
            delta_interval: t.raw.map(|e| e.interval_text()),
            within_role: t.within_role.map(|e| signed(e.delta)),
            within_interval: t.within_role.map(|e| e.interval_text()),
            verdict: verdict.map(Verdict::text),
            effect,
        }
    }
}
