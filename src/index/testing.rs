//! Days made by hand for the figures' tests.

use std::collections::BTreeSet;

use super::days::{Day, DayMode};

/// A day with energy and a mode, and no hours.
pub fn day(date: &str, energy: Option<f64>, mode: Option<DayMode>) -> Day {
    Day {
        date: date.parse().unwrap(),
        energy,
        range: None,
        focus_hours: None,
        meeting_hours: None,
        mode,
        tags: BTreeSet::new(),
        metrics: Default::default(),
        entries: vec![],
    }
}

/// A day with focus and meeting hours.
pub fn hours(date: &str, energy: Option<f64>, focus: Option<f64>, meetings: Option<f64>) -> Day {
    Day {
        focus_hours: focus,
        meeting_hours: meetings,
        ..day(date, energy, None)
    }
}
