//! Geometry shared by the charts: scales, the plot frame, calendar days and
//! periods on x, gridlines, and lines that break at gaps.

use std::fmt::Write;

use chrono::{Datelike, Months, NaiveDate};

use super::num;
use super::svg::{Anchor, Svg};

/// The width of every chart's viewBox: about 1:1 in the page's column.
pub const W: f64 = 720.0;
/// The largest text size the stylesheet sets (on phones, where a chart is
/// drawn at half size). Layouts leave room for text this big.
pub const MAX_TEXT: f64 = 20.0;

/// A generous estimate of a text's width in a sans-serif font.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * 0.6 * size
}

/// A linear map from data values to user units, clamped to the domain so
/// stray values stay inside the plot.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    /// Maps the domain `d0..d1` onto the range `r0..r1`.
    pub fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> Self {
        Scale { d0, d1, r0, r1 }
    }

    /// The position of `v`; the middle of the range for NaN or an empty domain.
    pub fn at(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if !v.is_finite() || span.abs() < 1e-9 {
            return (self.r0 + self.r1) / 2.0;
        }
        let v = v.clamp(self.d0.min(self.d1), self.d0.max(self.d1));
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }
}

/// The plot area inside a chart.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    /// The frame of a `W`×`h` chart: a title row above, date labels below.
    pub fn new(left: f64, h: f64) -> Self {
        Frame {
            left,
            right: W - 12.0,
            top: 40.0,
            bottom: h - 30.0,
        }
    }

    /// The energy scale 1..10, inset so dots at either end are not clipped.
    pub fn energy(&self) -> Scale {
        Scale::new(1.0, 10.0, self.bottom - 6.0, self.top + 6.0)
    }
}

/// Calendar days across a frame, each day a slot of equal width.
pub struct Days {
    first: NaiveDate,
    left: f64,
    step: f64,
}

impl Days {
    /// The days `first..=last` across the frame's width.
    pub fn new(first: NaiveDate, last: NaiveDate, f: &Frame) -> Self {
        let n = (last - first).num_days().max(0) + 1;
        Days {
            first,
            left: f.left,
            step: (f.right - f.left) / n as f64,
        }
    }

    /// The left edge of a day's slot.
    pub fn edge(&self, d: NaiveDate) -> f64 {
        self.left + (d - self.first).num_days() as f64 * self.step
    }

    /// The middle of a day's slot.
    pub fn mid(&self, d: NaiveDate) -> f64 {
        self.edge(d) + self.step / 2.0
    }

    /// The width of one day.
    pub fn step(&self) -> f64 {
        self.step
    }
}

/// The last day of a period starting at `start`: a calendar month for
/// monthly buckets, else a week.
pub fn period_end(start: NaiveDate, monthly: bool) -> NaiveDate {
    let next = if monthly {
        start.checked_add_months(Months::new(1))
    } else {
        start.checked_add_days(chrono::Days::new(7))
    };
    next.and_then(|d| d.pred_opt()).unwrap_or(start)
}

/// Whether periods with these first days are months rather than weeks:
/// weeks start on Mondays, so only monthly buckets all start on the 1st.
pub fn monthly(starts: impl IntoIterator<Item = NaiveDate>) -> bool {
    let mut starts = starts.into_iter().peekable();
    starts.peek().is_some() && starts.all(|d| d.day() == 1)
}

/// Horizontal gridlines at `values`, labelled left of the frame.
pub fn y_grid(svg: &mut Svg, f: &Frame, y: &Scale, values: &[f64]) {
    for &v in values {
        let at = y.at(v);
        svg.line("grid", f.left, at, f.right, at);
        svg.text("tick", f.left - 6.0, at, Anchor::End, 0.35, &num(v));
    }
}

/// The axis title, top left, and a legend, top right, on one row.
pub fn heading(svg: &mut Svg, title: &str, legend: &[(&str, &str, &str)]) {
    svg.text("axis-title", 4.0, 4.0, Anchor::Start, 0.95, title);
    if !legend.is_empty() {
        svg.legend(W - 4.0, 4.0, legend);
    }
}

/// A round top for an axis from 0 that covers `max`, and its step (about
/// four gridlines).
pub fn nice_top(max: f64) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        10.0
    };
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    ((max / step).ceil() * step, step)
}

/// Path data through the points, starting a new subpath after each gap
/// (`None`). A lone point becomes a zero-length stroke: round caps show it.
pub fn broken_path(points: impl IntoIterator<Item = Option<(f64, f64)>>) -> String {
    let mut d = String::new();
    let mut run = 0;
    for p in points {
        match p {
            Some((x, y)) => {
                let cmd = if run == 0 { 'M' } else { 'L' };
                let _ = write!(d, "{cmd}{} {}", num(x), num(y));
                run += 1;
            }
            None if run == 1 => {
                d.push_str("h0");
                run = 0;
            }
            None => run = 0,
        }
    }
    if run == 1 {
        d.push_str("h0");
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_break_at_gaps() {
        let d = broken_path([
            Some((0.0, 1.0)),
            Some((1.0, 2.0)),
            None,
            Some((3.0, 4.0)),
            None,
        ]);
        assert_eq!(d, "M0 1L1 2M3 4h0");
    }

    #[test]
    fn nice_tops_are_round() {
        assert_eq!(nice_top(37.0), (40.0, 10.0));
        assert_eq!(nice_top(0.0), (10.0, 2.5));
        assert_eq!(nice_top(f64::NAN), (10.0, 2.5));
    }

    #[test]
    fn scales_clamp_and_survive_empty_domains() {
        let s = Scale::new(1.0, 10.0, 100.0, 10.0);
        assert_eq!(s.at(11.0), 10.0);
        assert_eq!(Scale::new(3.0, 3.0, 0.0, 10.0).at(3.0), 5.0);
    }
}
