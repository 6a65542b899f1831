//! Numbers as every page, chart and summary writes them, and the small
//! statistics they share: one home, so a figure reads the same everywhere.

/// The arithmetic mean, or `None` for no values.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// A figure rounded to one decimal, for display (`5.25` → `5.3`). Formatted
/// from whole tenths: float formatting is slow, and this runs for every card.
pub fn one_decimal(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

/// A signed figure with one decimal (`+1.2`, `−0.4`), using a real minus sign.
pub fn signed(value: f64) -> String {
    let text = one_decimal(value.abs());
    if text == "0.0" {
        "±0.0".to_owned()
    } else if value > 0.0 {
        format!("+{text}")
    } else {
        format!("−{text}")
    }
}

/// Hours for display: whole numbers without decimals (`5`, `1.5`).
pub fn hours(value: f64) -> String {
    compact(value)
}

/// A figure with one decimal, or none when it is whole (`7`, `6.5`).
pub fn compact(value: f64) -> String {
    let text = one_decimal(value);
    text.strip_suffix(".0")
        .map_or_else(|| text.clone(), str::to_owned)
}

/// The energy level 1..=10 of a value, for colour classes (`e1`..`e10`)
/// and meters. Clamped first, so the cast cannot overflow; NaN is 1.
pub fn level(value: f64) -> u8 {
    if value.is_nan() {
        return 1;
    }
    value.round().clamp(1.0, 10.0) as u8
}

/// `n` and its noun, singular for exactly 1: `count(1, "entry", "entries")`
/// is `1 entry`, `count(0, "entry", "entries")` is `0 entries`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "day", "days"), "1 day");
        assert_eq!(count(0, "day", "days"), "0 days");
        assert_eq!(count(2, "entry", "entries"), "2 entries");
        assert_eq!(count(11, "week", "weeks"), "11 weeks");
    }

    #[test]
    fn levels_are_whole_and_clamped() {
        assert_eq!(level(6.5), 7);
        assert_eq!(level(6.49), 6);
        assert_eq!(level(0.2), 1);
        assert_eq!(level(12.0), 10);
        assert_eq!(level(f64::NAN), 1);
    }

    #[test]
    fn mean_of_nothing_is_none() {
        assert_eq!(mean([]), None);
        assert_eq!(mean([2.0, 4.0, 9.0]), Some(5.0));
    }

    #[test]
    fn display_forms() {
        assert_eq!(one_decimal(5.25), "5.3");
        assert_eq!(one_decimal(-0.01), "0.0");
        assert_eq!(signed(1.24), "+1.2");
        assert_eq!(signed(-0.44), "−0.4");
        assert_eq!(signed(0.01), "±0.0");
        assert_eq!(hours(5.0), "5");
        assert_eq!(hours(1.5), "1.5");
    }
}
