//! Fingerprints of pages for `serve`. Every page's view is a function of a few
//! entries, days and figures; hashing those parts tells whether a page changed
//! without building or serializing its view, so a save costs little more than
//! the pages it touches.

use rayon::prelude::*;

use super::cache::{hash_of, hash_parts};
use super::plan::{Output, PageSpec, Planned, page_count};
use super::shared::{Ctx, Shared};
use crate::content::{Entry, Mode};
use crate::index::Index;
use crate::render::views::Links;

/// Hashes of the parts pages are made of, for one build.
#[derive(Debug)]
pub struct Parts {
    /// Each entry as other pages show it: its card, time and extra keys.
    entries: Vec<u64>,
    /// Each day: its date and its entries.
    days: Vec<u64>,
    /// Every tag's name and figures.
    tags: u64,
    /// The figures every home page shows.
    home_figures: u64,
    /// What only the first home page shows: the last 90 days and this week.
    home_first: u64,
    /// What each mode page shows besides its list (IC, EM).
    modes: [u64; 2],
}

impl Parts {
    /// Hashes the parts of every page of `index`.
    pub fn new(index: &Index<'_>, urls: Links<'_>, shared: &Shared) -> Parts {
        let entries: Vec<u64> = index
            .entries
            .par_iter()
            .map(|e| entry_hash(e, urls))
            .collect();
        let days = index
            .days
            .iter()
            .map(|d| {
                hash_parts((
                    d.date,
                    d.entries.iter().map(|&e| entries[e]).collect::<Vec<_>>(),
                ))
            })
            .collect();
        let tags = hash_parts(
            index
                .tags
                .iter()
                .map(|t| {
                    (
                        &t.slug,
                        &t.name,
                        t.entries.len(),
                        t.days,
                        bits(t.mean_with),
                        bits(t.delta),
                        effect_bits(t.raw),
                        effect_bits(t.within_role),
                        split_counts(t),
                    )
                })
                .collect::<Vec<_>>(),
        );
        Parts {
            entries,
            days,
            tags,
            home_figures: hash_of(shared.home_figures()),
            home_first: hash_of(&(shared.recent(), shared.this_week())),
            modes: Mode::ALL.map(|m| hash_of(shared.mode_figures(m))),
        }
    }

    fn entry(&self, i: usize) -> u64 {
        self.entries.get(i).copied().unwrap_or(0)
    }

    /// The entries shown on page `n` of a list (given oldest first, shown newest first).
    fn listed(&self, list: &[usize], n: usize, size: usize) -> Vec<u64> {
        list.iter()
            .rev()
            .skip((n - 1) * size)
            .take(size)
            .map(|&i| self.entry(i))
            .collect()
    }

    /// The days of the weeks around week `n`.
    fn weeks_around(&self, index: &Index<'_>, n: usize) -> Vec<u64> {
        (n.saturating_sub(1)..=n + 1)
            .filter_map(|w| index.weeks.get(w))
            .flat_map(|w| w.days.iter().map(|&d| self.days[d]))
            .collect()
    }
}

/// A hash of everything other pages show of an entry (its card, time and
/// extra keys, and the tags as written, which the data file keeps).
fn entry_hash(e: &Entry, urls: Links<'_>) -> u64 {
    let shown_tags: Vec<&str> = e
        .tags
        .iter()
        .zip(&e.tag_slugs)
        .map(|(t, slug)| urls.tag_name(slug, t))
        .collect();
    let extra = match e.extra.is_empty() {
        true => 0,
        false => hash_of(&e.extra),
    };
    hash_parts((
        (&e.title, &e.dir, e.date, e.time, e.mode, e.energy),
        (bits(e.focus_hours), bits(e.meeting_hours)),
        (&e.tags, &e.tag_slugs, shown_tags),
        (&e.summary, e.draft, e.private, extra),
        &e.activities,
        e.metrics
            .iter()
            .map(|(k, v)| (k, v.to_bits()))
            .collect::<Vec<_>>(),
    ))
}

/// A float as hashable bits (`None` as a value no float has).
fn bits(v: Option<f64>) -> u64 {
    v.map_or(u64::MAX, f64::to_bits)
}

/// A delta and its interval, as bits: the interval moves with the spread of
/// the days, which no mean hashed beside it shows.
/// How many days a tag's deltas compare, overall and per mode, with it and
/// without it: shown beside the deltas, and not determined by them.
fn split_counts(t: &crate::index::TagIndex) -> [usize; 6] {
    let [ic, em] = t.modes;
    [
        t.split.with.n,
        t.split.without.n,
        ic.with.n,
        ic.without.n,
        em.with.n,
        em.without.n,
    ]
}

fn effect_bits(e: Option<crate::index::Effect>) -> [u64; 3] {
    let interval = e.and_then(|e| e.interval);
    [
        bits(e.map(|e| e.delta)),
        bits(interval.map(|i| i.0)),
        bits(interval.map(|i| i.1)),
    ]
}

/// What every output of a build is made of, hashed, for `serve` (and, with
/// a cache, `build`): an output whose fingerprint is the last build's is
/// kept as it was.
#[derive(Debug)]
pub struct Fingerprints {
    parts: Parts,
    /// Every page's path, which is all the sitemap holds besides "now".
    pages: u64,
}

impl Fingerprints {
    /// The parts of every output of `plan`.
    pub fn new(ctx: &Ctx<'_>, plan: &[Planned]) -> Fingerprints {
        let pages: Vec<&str> = plan
            .iter()
            .filter(|p| matches!(p.output, Output::Page(_)))
            .map(|p| p.path.as_str())
            .collect();
        Fingerprints {
            parts: Parts::new(ctx.index, ctx.links, ctx.shared),
            pages: hash_parts(pages),
        }
    }

    /// The fingerprint of `planned`: it changes whenever the output can.
    /// `None` for what is always written (files copied as they are, assets).
    pub fn of(&self, ctx: &Ctx<'_>, planned: &Planned) -> Option<u64> {
        let parts = &self.parts;
        let base = ctx.shared.site_hash();
        let latest = |list: &[usize]| -> Vec<u64> {
            list.iter()
                .rev()
                .take(ctx.site.config.feed_limit)
                .map(|&i| parts.entry(i))
                .collect()
        };
        Some(match &planned.output {
            Output::Page(spec) => page(ctx, parts, spec),
            Output::Feed(None) => {
                let all = ctx.shared.all();
                // The site's feed holds its entries in full.
                let bodies: Vec<u64> = all
                    .iter()
                    .rev()
                    .take(ctx.site.config.feed_limit)
                    .map(|&i| ctx.site.body_key(i))
                    .collect();
                // And the weekly notes, dated by "now" while their week runs.
                let notes: Vec<u64> = ctx
                    .site
                    .notes()
                    .map(|(n, _)| note_hash(ctx.site, n.monday))
                    .collect();
                hash_parts(("feed", base, latest(all), bodies, notes, ctx.shared.now()))
            }
            Output::Feed(Some(t)) => {
                let tag = &ctx.index.tags[*t];
                hash_parts(("tag feed", base, &tag.name, latest(&tag.entries)))
            }
            Output::Sitemap => hash_parts(("sitemap", base, self.pages, ctx.shared.now())),
            Output::Robots => hash_parts(("robots", base)),
            // Its records hold a subset of what cards show, with the same URLs.
            Output::Data => hash_parts(("data", base, &parts.entries)),
            // The numbers the trend charts are drawn from.
            Output::Figures => hash_parts(("figures", page(ctx, parts, &PageSpec::Trends))),
            Output::Search | Output::SyntaxCss | Output::ThemeAsset(_) | Output::Copy(_) => {
                return None;
            }
        })
    }
}

/// The weeks of a list, each with whether it has a note: the rows of
/// `/weeks/` and a year's table, and a week page's neighbours.
fn week_list(
    site: &crate::site::Site,
    weeks: &[crate::index::Week],
) -> Vec<(chrono::NaiveDate, bool)> {
    weeks
        .iter()
        .map(|w| (w.monday, site.note(w.monday).is_some()))
        .collect()
}

/// Everything a week page shows of the note on the week of `monday`.
fn note_hash(site: &crate::site::Site, monday: chrono::NaiveDate) -> u64 {
    hash_parts(
        site.note(monday)
            .map(|(n, body)| (&n.id, &n.title, &n.next, n.draft, n.private, &body.html)),
    )
}

/// The fingerprint of a page: it changes whenever the page's view can.
fn page(ctx: &Ctx<'_>, parts: &Parts, spec: &PageSpec) -> u64 {
    let Ctx {
        site,
        index,
        shared,
        ..
    } = *ctx;
    let size = site.config.page_size;
    let base = shared.site_hash();
    // Slack on `/trends/` and each week's review is measured against these.
    let journal = &site.config.journal;
    let capacity = (
        journal.workday_hours.to_bits(),
        journal.deep_work_hours.to_bits(),
    );
    match spec {
        PageSpec::Home(n) => {
            let all = shared.all();
            let total = page_count(all.len(), size);
            let first = if *n == 1 { parts.home_first } else { 0 };
            hash_parts((
                "home",
                base,
                *n,
                total,
                parts.listed(all, *n, size),
                parts.home_figures,
                first,
            ))
        }
        PageSpec::Entry(i) => {
            let mut around = vec![
                parts.entry(*i),
                i.checked_sub(1).map_or(0, |j| parts.entry(j)),
                parts.entry(i + 1),
            ];
            around.extend(index.on_this_day(*i).into_iter().map(|j| parts.entry(j)));
            hash_parts(("entry", base, site.body_key(*i), around))
        }
        PageSpec::Tags => hash_parts(("tags", base, parts.tags, bits(index.mean_energy))),
        PageSpec::Tag(t, n) => {
            let tag = &index.tags[*t];
            let total = page_count(tag.entries.len(), size);
            let figures = (
                tag.entries.len(),
                tag.days,
                bits(tag.mean_with),
                bits(tag.delta),
                bits(index.mean_energy),
                effect_bits(tag.raw),
                effect_bits(tag.within_role),
                split_counts(tag),
            );
            // Its hour-by-hour line: the tag against every other interval of
            // the journal, so nothing hashed above determines it.
            let hours = index
                .hours
                .tag(&tag.slug)
                .map(|h| (h.intervals, bits(Some(h.mean_with)), bits(h.delta)));
            // Page 1 shows the tag's chart, made of its days.
            let chart: Vec<u64> = if *n == 1 {
                tag.entries
                    .iter()
                    .map(|&e| parts.days[index.day_of(e)])
                    .collect()
            } else {
                Vec::new()
            };
            hash_parts((
                "tag",
                base,
                &tag.slug,
                &tag.name,
                *n,
                total,
                parts.listed(&tag.entries, *n, size),
                figures,
                hours,
                chart,
            ))
        }
        PageSpec::Mode(mode, n) => {
            let list = shared.mode_entries(*mode);
            let total = page_count(list.len(), size);
            let m = mode.index();
            hash_parts((
                "mode",
                base,
                mode.slug(),
                *n,
                total,
                parts.listed(list, *n, size),
                parts.modes[m],
            ))
        }
        PageSpec::Archive => hash_parts(("archive", base, &parts.entries)),
        PageSpec::Trends => hash_parts((
            "trends",
            base,
            &parts.days,
            parts.tags,
            shared.now(),
            capacity,
        )),
        PageSpec::Weeks => hash_parts(("weeks", base, &parts.days, week_list(site, &index.weeks))),
        PageSpec::Week(n) => {
            let monday = index.weeks[*n].monday;
            hash_parts((
                "week",
                base,
                *n,
                parts.weeks_around(index, *n),
                parts.tags,
                capacity,
                // Its note, the note of the week before (its intentions), and
                // the weeks linked as earlier and later.
                note_hash(site, monday),
                note_hash(site, monday - chrono::Duration::days(7)),
                week_list(
                    site,
                    &index.weeks[n.saturating_sub(1)..(n + 2).min(index.weeks.len())],
                ),
            ))
        }
        PageSpec::Year(year) => {
            // The calendar year's days, and the days of its ISO weeks and of
            // the week before the first (each week shows its change).
            let days: Vec<u64> = index
                .days
                .iter()
                .zip(&parts.days)
                .filter(|(d, _)| chrono::Datelike::year(&d.date) == *year)
                .map(|(_, h)| *h)
                .collect();
            let weeks = super::years::iso_weeks(index, *year);
            let weeks: Vec<u64> = index.weeks[weeks.start.saturating_sub(1)..weeks.end]
                .iter()
                .flat_map(|w| w.days.iter().map(|&d| parts.days[d]))
                .collect();
            let years = super::plan::years(index);
            let listed = week_list(site, &index.weeks[super::years::iso_weeks(index, *year)]);
            let notes: Vec<(&str, Option<&str>)> = site
                .notes()
                .filter(|(n, _)| n.year == *year)
                .map(|(n, _)| (n.id.as_str(), n.title.as_deref()))
                .collect();
            hash_parts((
                "year", base, *year, days, weeks, parts.tags, years, listed, notes,
            ))
        }
        PageSpec::Page(p) => {
            let page = site
                .pages()
                .nth(*p)
                .map(|(page, body)| (&page.title, &page.slug, &body.html));
            hash_parts(("page", base, page))
        }
        PageSpec::Search => hash_parts(("search", base)),
        PageSpec::NotFound => hash_parts(("404", base)),
    }
}
