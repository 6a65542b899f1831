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
    pub tags: Vec<TagCount>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}
