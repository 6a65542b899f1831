//! The data each template receives. Every page is a pure function of its view:
//! views borrow from the index and hold nothing global, so a page can be
//! re-rendered exactly when its view changes.

use serde::Serialize;

pub use super::links::Links;

use crate::content::{Energy, Mode};
use crate::index::{Index, ModeFigures};
use crate::numbers::count;
use crate::numbers::one_decimal;

/// What every page knows about the site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub lang: &'a str,
    pub authors: &'a [String],
    /// The path the site lives under, ending in `/` (`/` or `/notes/`).
    pub base: &'a str,
    /// The absolute public URL, when configured.
    pub base_url: Option<&'a str>,
    /// Personal copies (with private entries) are kept out of search engines.
    pub noindex: bool,
    /// Standalone pages, for the navigation.
    pub pages: Vec<Link>,
    pub extra: &'a serde_json::Value,
}

/// A title and where it leads.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// An entry's energy, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct EnergyView {
    /// The value with one decimal, or whole for a single score.
    pub value: String,
    /// Rounded to 1..=10, for colour classes.
    pub level: u8,
    /// 10 to 100, for meters.
    pub percent: u8,
    pub check_ins: Vec<CheckInView>,
}

/// One check-in.
#[derive(Debug, Clone, Serialize)]
pub struct CheckInView {
    pub moment: &'static str,
    pub value: u8,
}

/// A check-in as its entry's page shows it: the score when recorded, and
/// what was done in the hours before it.
#[derive(Debug, Clone, Serialize)]
pub struct CheckInSlot<'a> {
    pub moment: &'static str,
    /// None when not recorded (tags or a note without a score).
    pub value: Option<u8>,
    pub tags: Vec<Link>,
    pub note: Option<&'a str>,
}

/// An entry as it appears in lists, and at the top of its own page.
#[derive(Debug, Clone, Serialize)]
pub struct EntryCard<'a> {
    pub title: &'a str,
    pub url: String,
    /// `2024-03-14`.
    pub date: String,
    /// `Thu 14 Mar 2024`.
    pub date_long: String,
    pub mode: Option<Mode>,
    pub energy: Option<EnergyView>,
    pub focus_hours: Option<String>,
    pub meeting_hours: Option<String>,
    pub tags: Vec<Link>,
    /// When a check-in says what was done before it (tags or a note): each
    /// check-in with a score, tags or a note, in the order of the day. Empty
    /// otherwise (the scores alone are in `energy`).
    pub check_ins: Vec<CheckInSlot<'a>>,
    pub summary: Option<&'a str>,
    pub draft: bool,
    pub private: bool,
    /// The card as `card.html` renders it, in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<&'a str>,
}

/// Links to the pages of a paginated list.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// The home page, a tag page and a mode page: a list of entries with a heading.
#[derive(Debug, Clone, Serialize)]
pub struct ListView<'a> {
    pub heading: String,
    pub cards: Vec<EntryCard<'a>>,
    pub pagination: Pagination,
    /// Figures shown above the list, in the order given.
    pub figures: Vec<Figure>,
    pub note: Option<String>,
    /// A feed-style kind for templates: `home`, `tag` or `mode`.
    pub kind: &'static str,
    /// The home page's last 90 days, or a tag's energy over time.
    pub chart: Option<ChartView>,
    /// The week containing "now", on the home page.
    pub this_week: Option<ThisWeek>,
    /// The list's own Atom feed (a tag's), if it has one.
    pub feed: Option<String>,
}

/// A labelled figure (`Mean energy` / `6.4` / `over 31 days`).
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub detail: Option<String>,
}

impl Figure {
    /// A figure with a label, a value and an optional detail line.
    pub fn new(label: &str, value: String, detail: Option<String>) -> Figure {
        Figure {
            label: label.to_owned(),
            value,
            detail,
        }
    }
}

/// An entry's page.
#[derive(Debug, Clone, Serialize)]
pub struct EntryView<'a> {
    pub entry: EntryCard<'a>,
    pub content: &'a str,
    /// `09:30 +01:00`, when the date had a time.
    pub time: Option<String>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub on_this_day: Vec<YearLink<'a>>,
    pub extra: &'a std::collections::BTreeMap<String, serde_json::Value>,
    /// The entry's metrics, in the order book.toml declares them.
    pub metrics: Vec<MetricFact>,
    /// When it was written, in RFC 3339.
    pub published: String,
}

/// A metric's value as a page shows it: `Sleep`, `7.5 h`.
#[derive(Debug, Clone, Serialize)]
pub struct MetricFact {
    pub key: String,
    pub label: String,
    pub value: String,
}

/// The recorded values of `metrics`, in their declared order.
pub fn metric_facts(
    metrics: &[crate::config::Metric],
    values: &std::collections::BTreeMap<String, f64>,
) -> Vec<MetricFact> {
    metrics
        .iter()
        .filter_map(|m| {
            let v = values.get(&m.key)?;
            Some(MetricFact {
                key: m.key.clone(),
                label: m.label.clone(),
                value: m.show(*v),
            })
        })
        .collect()
}

/// An entry from an earlier year on the same day: a compact link.
#[derive(Debug, Clone, Serialize)]
pub struct YearLink<'a> {
    pub year: String,
    pub title: &'a str,
    pub url: String,
    pub mode: Option<Mode>,
    /// The entry's energy with one decimal.
    pub energy: Option<String>,
}

/// A row of the tags table.
#[derive(Debug, Clone, Serialize)]
pub struct TagRow {
    pub name: String,
    pub url: String,
    pub count: usize,
    pub days: usize,
    pub mean_energy: Option<String>,
    pub delta: Option<String>,
    /// The raw delta's 90% interval (`−0.3 to +2.7`, or `too few days`).
    pub delta_interval: Option<String>,
    /// The within-role delta, where defined.
    pub within_role: Option<String>,
    /// Its 90% interval.
    pub within_interval: Option<String>,
    /// What the delta that counts (within the role where defined) says, when
    /// it has an interval: `restores`, `drains` or `no clear effect`.
    pub verdict: Option<&'static str>,
    /// Its class: `restores`, `drains` or `neutral`.
    pub effect: &'static str,
}

/// `/tags/`.
#[derive(Debug, Clone, Serialize)]
pub struct TagsView {
    pub tags: Vec<TagRow>,
    pub rare: Vec<TagRow>,
    pub mean_energy: Option<String>,
    pub rare_days: usize,
}

/// `/archive/`.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveView<'a> {
    pub years: Vec<YearView<'a>>,
    pub total: usize,
}

/// One year of the archive.
#[derive(Debug, Clone, Serialize)]
pub struct YearView<'a> {
    pub year: String,
    pub count: usize,
    pub months: Vec<MonthView<'a>>,
}

/// One month of the archive.
#[derive(Debug, Clone, Serialize)]
pub struct MonthView<'a> {
    pub name: String,
    pub entries: Vec<ArchiveRow<'a>>,
}

/// One line of the archive: less than a card, as a journal may have thousands.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveRow<'a> {
    pub title: &'a str,
    pub url: String,
    /// `2024-03-14`.
    pub date: String,
    /// `Thu 14 Mar` (the year heads the section).
    pub date_short: String,
    pub mode: Option<Mode>,
    pub energy: Option<EnergyView>,
    pub draft: bool,
    pub private: bool,
}

/// A standalone page.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub content: &'a str,
}

/// A chart: inline SVG and its key numbers in words.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChartView {
    /// An anchor on the page (`energy`, `calendar-2024`).
    pub id: String,
    pub title: String,
    /// What the chart shows, in one line.
    pub caption: String,
    /// SVG markup, generated by ebb from numbers only.
    pub svg: String,
    /// The chart's key numbers in words, for every reader.
    pub summary: Vec<String>,
}

/// A check-in moment of a day, averaged over its entries.
#[derive(Debug, Clone, Serialize)]
pub struct MomentView {
    pub moment: &'static str,
    /// With one decimal; none when no entry of the day recorded this moment.
    pub value: Option<String>,
    /// Rounded 1..=10, for colour classes.
    pub level: Option<u8>,
    /// What the day's entries did in the hours before it, each tag once.
    pub tags: Vec<Link>,
    /// The notes of the day's entries at this moment, in the order of the day.
    pub notes: Vec<String>,
}

/// One day of a week page.
#[derive(Debug, Clone, Serialize)]
pub struct WeekDay {
    /// `Mon 2 Dec`.
    pub label: String,
    pub date: String,
    pub energy: Option<EnergyView>,
    /// Morning, midday and evening, or empty when the day has no check-ins.
    pub check_ins: Vec<MomentView>,
    /// Whether a check-in of the day has tags or a note.
    pub check_ins_say: bool,
    /// `IC`, `EM` or `mixed`.
    pub mode: Option<&'static str>,
    pub focus_hours: Option<String>,
    pub meeting_hours: Option<String>,
    pub entries: Vec<Link>,
    pub best: bool,
    pub worst: bool,
}

/// "This week" on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct ThisWeek {
    pub url: String,
    pub title: String,
    pub dates: String,
    pub days: Vec<WeekDay>,
    pub figures: Vec<Figure>,
}

/// An energy as shown on cards and pages.
pub fn energy_view(energy: &Energy) -> EnergyView {
    let value = energy.value();
    let level = crate::numbers::level(value);
    EnergyView {
        value: match energy {
            Energy::Score(l) => l.get().to_string(),
            Energy::CheckIns(_) => one_decimal(value),
        },
        level,
        percent: (value * 10.0).round().clamp(10.0, 100.0) as u8,
        check_ins: energy
            .check_ins()
            .map(|c| {
                c.recorded()
                    .map(|(m, l)| CheckInView {
                        moment: m.key(),
                        value: l.get(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// A day-level or week-level energy (a mean), as shown in lists.
pub fn level_view(value: f64) -> EnergyView {
    EnergyView {
        value: one_decimal(value),
        level: crate::numbers::level(value),
        percent: (value * 10.0).round().clamp(10.0, 100.0) as u8,
        check_ins: Vec::new(),
    }
}

/// The figures at the top of a mode page.
pub fn mode_figures(f: &ModeFigures, index: &Index<'_>) -> Vec<Figure> {
    let opt = |v: Option<f64>, fmt: fn(f64) -> String| v.map_or_else(|| "–".to_owned(), fmt);
    let overall = index
        .mean_energy
        .map(|m| format!("journal mean {}", one_decimal(m)));
    vec![
        Figure::new("Mean energy", opt(f.mean_energy, one_decimal), overall),
        Figure::new("Focus hours a day", opt(f.mean_focus, one_decimal), None),
        Figure::new(
            "Meeting hours a day",
            opt(f.mean_meetings, one_decimal),
            None,
        ),
        Figure::new(
            "Days",
            f.days.to_string(),
            Some(count(f.entries, "entry", "entries")),
        ),
    ]
}
