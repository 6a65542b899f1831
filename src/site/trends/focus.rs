//! Focus and meetings on `/trends/`: weekly hours over time, by month when
//! the journal is long.

use super::*;

pub(super) fn hours_chart(index: &Index<'_>, urls: Links<'_>) -> ChartView {
    let weekly: Vec<WeekHours> = index
        .weeks
        .iter()
        .filter(|w| !w.days.is_empty())
        .map(|w| WeekHours {
            start: w.monday,
            label: w.id(),
            focus: w.focus_hours.unwrap_or(0.0),
            meetings: w.meeting_hours.unwrap_or(0.0),
            url: Some(urls.urls.week(&w.id())),
        })
        .collect();
    let points = if weekly.len() > WEEKLY_LIMIT {
        by_month(&weekly)
    } else {
        weekly.clone()
    };
    let focus = mean(weekly.iter().map(|w| w.focus));
    let meetings = mean(weekly.iter().map(|w| w.meetings));
    let mut summary = Vec::new();
    let recorded = index
        .weeks
        .iter()
        .any(|w| w.focus_hours.is_some() || w.meeting_hours.is_some());
    if !recorded {
        summary.push("No entry records focus or meeting hours yet.".to_owned());
    } else if let (Some(f), Some(m)) = (focus, meetings) {
        summary.push(format!(
            "Over {} with entries: {} h of focus and {} h of meetings a week on average.",
            count(weekly.len(), "week", "weeks"),
            one_decimal(f),
            one_decimal(m)
        ));
    }
    if let Some(top) = weekly
        .iter()
        .filter(|w| w.focus > 0.0)
        .max_by(|a, b| a.focus.total_cmp(&b.focus).then(b.start.cmp(&a.start)))
    {
        summary.push(format!(
            "Most focus: {} ({} h).",
            top.label,
            hours(top.focus)
        ));
    }
    let caption = if points.len() == weekly.len() {
        "Hours of focus and of meetings, week by week."
    } else {
        "Hours of focus and of meetings per week, averaged by month."
    };
    chart(
        "hours",
        "Focus and meetings",
        caption,
        charts::weekly_hours(&points),
        summary,
    )
}

/// Weekly hours averaged over the weeks that start in each month.
fn by_month(weeks: &[WeekHours]) -> Vec<WeekHours> {
    let mut out: Vec<(WeekHours, usize)> = Vec::new();
    for w in weeks {
        let month = w.start.with_day(1).unwrap_or(w.start);
        match out.last_mut() {
            Some((m, n)) if m.start == month => {
                m.focus += w.focus;
                m.meetings += w.meetings;
                *n += 1;
            }
            _ => out.push((
                WeekHours {
                    start: month,
                    label: month.format("%B %Y").to_string(),
                    focus: w.focus,
                    meetings: w.meetings,
                    url: None,
                },
                1,
            )),
        }
    }
    out.into_iter()
        .map(|(mut m, n)| {
            m.focus /= n as f64;
            m.meetings /= n as f64;
            m
        })
        .collect()
}
