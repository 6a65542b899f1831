//! Views of the trend pages: `/trends/`, `/weeks/`, `/weeks/YYYY-Www/`, and
//! the charts shown on the home, tag and mode pages.

use serde::Serialize;

pub use super::views::{ChartView, MomentView, ThisWeek, WeekDay};
use super::views::{EnergyView, Figure, Link};

/// `/trends/`.
#[derive(Debug, Clone, Serialize)]
pub struct TrendsView {
    /// Links to the charts, in page order.
    pub toc: Vec<Link>,
    pub charts: Vec<ChartView>,
    /// "Your metrics": a chart for each metric book.toml declares.
    pub metrics: Vec<ChartView>,
    /// Tags seen on too few days, listed apart from the deltas.
    pub rare_tags: Vec<Link>,
    pub rare_days: usize,
    /// Tags that end too few intervals, listed apart from the hour-by-hour chart.
    pub rare_hour_tags: Vec<Link>,
    pub rare_intervals: usize,
    /// `2 Mar 2026 to 30 Oct 2026`.
    pub span: Option<String>,
}

/// A week in the list of weeks.
#[derive(Debug, Clone, Serialize)]
pub struct WeekRow {
    pub id: String,
    pub url: String,
    /// `2–8 Dec 2024`.
    pub dates: String,
    pub energy: Option<EnergyView>,
    /// `+0.4`, `−1.2`.
    pub change: Option<String>,
    /// `up`, `down` or `flat`.
    pub trend: &'static str,
    pub focus_hours: Option<String>,
    pub meeting_hours: Option<String>,
    pub ic_days: usize,
    pub em_days: usize,
    pub entries: usize,
    /// Whether the week has a weekly note.
    pub note: bool,
}

/// One year of weeks.
#[derive(Debug, Clone, Serialize)]
pub struct WeekYear {
    pub year: String,
    pub weeks: Vec<WeekRow>,
}

/// `/weeks/`.
#[derive(Debug, Clone, Serialize)]
pub struct WeeksView {
    pub years: Vec<WeekYear>,
    pub total: usize,
}

/// A tag of a week, with the number of days it appeared on.
#[derive(Debug, Clone, Serialize)]
pub struct TagCount {
    pub title: String,
    pub url: String,
    pub days: usize,
}

/// `/weeks/YYYY-Www/`.
#[derive(Debug, Clone, Serialize)]
pub struct WeekView {
    pub id: String,
    /// `Week 49, 2024`.
    pub title: String,
    /// `Mon 2 – Sun 8 Dec 2024`.
    pub dates: String,
    pub figures: Vec<Figure>,
    pub days: Vec<WeekDay>,
    /// Whether any day of the week has an entry.
    pub has_entries: bool,
    pub tags: Vec<TagCount>,
    /// The writer's weekly note on this week, if this build shows one.
    pub note: Option<NoteView>,
    /// The intentions the week before's note set for this week.
    pub planned: Vec<String>,
    /// That note's week page.
    pub planned_from: Option<Link>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}

/// A weekly note on its week's review.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub title: Option<String>,
    /// The body as HTML.
    pub html: String,
    /// Intentions for the following week.
    pub next: Vec<String>,
    pub draft: bool,
    pub private: bool,
}

/// `/trends/`: its charts, and a link to each year in review.
#[derive(Debug, Clone, Serialize)]
pub struct TrendsPage {
    #[serde(flatten)]
    pub trends: TrendsView,
    /// Each year with entries, newest first.
    pub years: Vec<Link>,
}

/// A calendar month of a year in review.
#[derive(Debug, Clone, Serialize)]
pub struct MonthRow {
    /// `March`.
    pub name: String,
    /// The mean of the month's day energies.
    pub energy: Option<EnergyView>,
    /// Days with entries.
    pub days: usize,
    pub ic_days: usize,
    pub em_days: usize,
}

/// `/years/YYYY/`.
#[derive(Debug, Clone, Serialize)]
pub struct YearReview {
    pub year: String,
    /// `12 entries on 10 days, 2 Jan to 10 Jan 2025.`
    pub lede: String,
    pub figures: Vec<Figure>,
    /// The year's calendar heatmap.
    pub calendar: ChartView,
    /// Months with entries, in order.
    pub months: Vec<MonthRow>,
    /// The most draining and restoring tags over the year's days alone.
    pub tags: Option<ChartView>,
    /// Tags seen on too few of the year's days, listed apart.
    pub rare_tags: Vec<Link>,
    pub rare_days: usize,
    /// Best and hardest ISO weeks of the year by mean energy.
    pub best_weeks: Vec<WeekRow>,
    pub hardest_weeks: Vec<WeekRow>,
    /// Every ISO week of the year with entries, in order.
    pub weeks: Vec<WeekRow>,
    /// The weekly notes of the year's ISO weeks.
    pub notes: Vec<Link>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}
