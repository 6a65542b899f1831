//! The lists of entries (home, tag and mode pages), their figures, and the archive.

use chrono::Datelike;

use super::plan::page_count;
use crate::content::Mode;
use crate::diagnostics::Diagnostic;
use crate::index::Index;
use crate::numbers::count;
use crate::numbers::{one_decimal, signed};
use crate::render::views::{
    ArchiveView, EntryCard, Figure, Links, ListView, MonthView, Pagination, YearView,
};
use crate::urls::paged;

/// Page `n` of a list of entries (given oldest first), newest first.
pub fn list<'a>(
    urls: Links<'_>,
    card: impl Fn(usize) -> Result<EntryCard<'a>, Diagnostic>,
    entries: &[usize],
    n: usize,
    size: usize,
    base: &str,
    kind: &'static str,
) -> Result<ListView<'a>, Diagnostic> {
    let total = page_count(entries.len(), size);
    let cards = entries
        .iter()
        .rev()
        .skip((n - 1) * size)
        .take(size)
        .map(|&i| card(i))
        .collect::<Result<_, _>>()?;
    Ok(ListView {
        heading: String::new(),
        cards,
        pagination: Pagination {
            current: n,
            total,
            prev: (n > 1).then(|| urls.at(&paged(base, n - 1))),
            next: (n < total).then(|| urls.at(&paged(base, n + 1))),
        },
        figures: Vec::new(),
        note: None,
        kind,
        chart: None,
        this_week: None,
        feed: None,
    })
}

pub fn home_figures(index: &Index<'_>) -> Vec<Figure> {
    let mut figures = vec![Figure::new(
        "Entries",
        index.entries.len().to_string(),
        index.days.first().zip(index.days.last()).map(|(a, b)| {
            format!(
                "{} to {}",
                a.date.format("%-d %b %Y"),
                b.date.format("%-d %b %Y")
            )
        }),
    )];
    if let Some(m) = index.mean_energy {
        figures.push(Figure::new(
            "Mean energy",
            one_decimal(m),
            Some("per day, 1 to 10".to_owned()),
        ));
    }
    for mode in Mode::ALL {
        let f = index.mode_figures(mode);
        if let Some(m) = f.mean_energy {
            figures.push(Figure::new(
                &format!("{} energy", mode.label()),
                one_decimal(m),
                Some(format!("over {}", count(f.days, "day", "days"))),
            ));
        }
    }
    figures
}

pub fn tag_figures(index: &Index<'_>, tag: &crate::index::TagIndex) -> Vec<Figure> {
    let mut figures = vec![Figure::new(
        "Entries",
        tag.entries.len().to_string(),
        Some(format!("on {}", count(tag.days, "day", "days"))),
    )];
    if let Some(m) = tag.mean_with {
        figures.push(Figure::new(
            "Mean energy",
            one_decimal(m),
            index
                .mean_energy
                .map(|all| format!("journal mean {}", one_decimal(all))),
        ));
    }
    // How sure, in words; the verdict follows the within-role delta where there is one.
    let sure = |e: &crate::index::Effect, speak: bool| match e.interval {
        None => "too few days for a 90% interval".to_owned(),
        Some(_) if speak => format!("90% interval {}: {}", e.interval_text(), e.verdict().text()),
        Some(_) => format!("90% interval {}", e.interval_text()),
    };
    if let Some(raw) = tag.raw {
        figures.push(Figure::new(
            "Delta",
            signed(raw.delta),
            Some(format!(
                "{} with it vs {} without; {}",
                count(tag.split.with.n, "day", "days"),
                tag.split.without.n,
                sure(&raw, tag.within_role.is_none())
            )),
        ));
    }
    if let Some(within) = tag.within_role {
        let per_mode: Vec<String> = crate::content::Mode::ALL
            .iter()
            .filter(|m| tag.modes[m.index()].delta().is_some())
            .map(|m| {
                let s = &tag.modes[m.index()];
                format!("{} {} vs {}", m.label(), s.with.n, s.without.n)
            })
            .collect();
        figures.push(Figure::new(
            "Delta within role",
            signed(within.delta),
            Some(format!(
                "days with it vs without: {}; {}",
                per_mode.join(", "),
                sure(&within, true)
            )),
        ));
    }
    figures
}

pub fn archive<'a>(index: &Index<'a>, urls: Links<'_>) -> ArchiveView<'a> {
    let mut years: Vec<YearView<'a>> = Vec::new();
    for e in index.entries.iter().rev() {
        let year = format!("{:04}", e.date.year());
        let month = e.date.format("%B").to_string();
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearView {
                year: year.clone(),
                count: 0,
                months: Vec::new(),
            });
        }
        let Some(y) = years.last_mut() else { continue };
        y.count += 1;
        if y.months.last().is_none_or(|m| m.name != month) {
            y.months.push(MonthView {
                name: month,
                entries: Vec::new(),
            });
        }
        if let Some(m) = y.months.last_mut() {
            m.entries.push(urls.archive_row(e));
        }
    }
    ArchiveView {
        years,
        total: index.entries.len(),
    }
}
