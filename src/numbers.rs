//! Numbers as every page, chart and summary writes them, and the small
//! statistics they share: one home, so a figure reads the same everywhere.

/// The arithmetic mean, or `None` for no values.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Pearson's correlation coefficient of the pairs, or `None` for fewer than
/// two pairs or when either side does not vary.
pub fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let mx = mean(pairs.iter().map(|p| p.0))?;
    let my = mean(pairs.iter().map(|p| p.1))?;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        let (dx, dy) = (x - mx, y - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    // A side that does not vary leaves only rounding error in its sum.
    let flat = |s: f64, m: f64| s <= 1e-12 * (1.0 + m * m) * pairs.len() as f64;
    if pairs.len() < 2 || flat(sxx, mx) || flat(syy, my) {
        return None;
    }
    let r = sxy / (sxx * syy).sqrt();
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

/// A correlation coefficient with two decimals and a real minus sign (`0.62`, `−0.45`).
pub fn coefficient(r: f64) -> String {
    let text = format!("{:.2}", r.abs());
    if r < 0.0 && text != "0.00" {
        format!("−{text}")
    } else {
        text
    }
}

/// A figure rounded to one decimal, for display (`5.25` → `5.3`). Formatted
/// from whole tenths: float formatting is slow, and this runs for every card.
pub fn one_decimal(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let tenths = (value * 10.0).round() as i64;
    // Digits written by hand: `format!` costs more than the rest of a card.
    let mut whole = tenths.unsigned_abs() / 10;
    let mut digits = [0u8; 24];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(digits.len() - at + 3);
    if tenths < 0 {
        out.push('-');
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
    out.push('.');
    out.push(char::from(b'0' + (tenths.unsigned_abs() % 10) as u8));
    out
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

/// `a 7 h workday`, `an 8 h workday`: the article a figure read aloud takes
/// (eight, eleven, eighteen and eighty-something start with a vowel sound).
pub fn a_workday(hours_text: &str) -> String {
    let vowel = hours_text.starts_with('8')
        || ["11", "18"].iter().any(|p| {
            hours_text.starts_with(p) && !hours_text[2..].starts_with(|c: char| c.is_ascii_digit())
        });
    format!("{} {hours_text} h workday", if vowel { "an" } else { "a" })
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

/// The Student t quantile at `p` (in (0.5, 1)) for `df` degrees of freedom,
/// which need not be whole (Welch's intervals have fractional ones); `None`
/// for a `p` or `df` out of range.
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    if !(p > 0.5 && p < 1.0 && df > 0.0 && df.is_finite()) {
        return None;
    }
    // P(T > t) = I_x(df/2, 1/2) / 2 with x = df / (df + t²), falling in t.
    let upper = |t: f64| beta_regularized(df / (df + t * t), df / 2.0, 0.5) / 2.0;
    let tail = 1.0 - p;
    let mut hi = 1.0;
    while upper(hi) > tail {
        hi *= 2.0;
        if hi > 1e12 {
            return None;
        }
    }
    // Newton's method on the tail, whose slope is minus the t density, kept
    // inside a bracket that every step narrows: a bisection step wherever
    // Newton's would leave it. A few steps, where bisection alone takes ~50
    // (and every tag of every build has two intervals).
    let ln_norm =
        ln_gamma((df + 1.0) / 2.0) - ln_gamma(df / 2.0) - 0.5 * (df * std::f64::consts::PI).ln();
    let density = |t: f64| (ln_norm - (df + 1.0) / 2.0 * (t * t / df).ln_1p()).exp();
    let (mut lo, mut t) = (0.0, hi / 2.0);
    for _ in 0..200 {
        let gap = upper(t) - tail;
        if gap > 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        let newton = t + gap / density(t);
        let next = if newton > lo && newton < hi {
            newton
        } else {
            (lo + hi) / 2.0
        };
        if (next - t).abs() <= 1e-14 * t.max(1.0) || hi - lo <= 1e-14 * hi {
            return Some(next);
        }
        t = next;
    }
    Some(t)
}

/// The regularized incomplete beta function I_x(a, b), by its continued
/// fraction (Lentz's method), on the side of x where it converges fast.
fn beta_regularized(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut c = 1.0;
    let mut d = 1.0 - (a + b) * x / (a + 1.0);
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..100_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let even = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        let odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        for coef in [even, odd] {
            d = 1.0 + coef * d;
            if d.abs() < TINY {
                d = TINY;
            }
            c = 1.0 + coef / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            h *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let sum = G[1..]
        .iter()
        .enumerate()
        .fold(G[0], |s, (i, g)| s + g / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_by_hand() {
        // x 1 2 3 4, y 2 1 4 3: means 2.5; Σdxdy = 3, Σdx² = Σdy² = 5: r = 0.6.
        let r = pearson(&[(1.0, 2.0), (2.0, 1.0), (3.0, 4.0), (4.0, 3.0)]).unwrap();
        assert!((r - 0.6).abs() < 1e-12);
        assert_eq!(pearson(&[(0.1, 1.0), (0.1, 2.0), (0.1, 3.0)]), None);
        assert_eq!(pearson(&[(1.0, 2.0)]), None);
        assert_eq!(pearson(&[]), None);
    }

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
        for v in [
            0.0,
            0.04,
            9.95,
            -3.25,
            12_345.67,
            -1_000_000.0,
            1e18,
            f64::MAX,
        ] {
            let tenths = (v * 10.0).round() as i64;
            let sign = if tenths < 0 { "-" } else { "" };
            let want = format!(
                "{sign}{}.{}",
                tenths.unsigned_abs() / 10,
                tenths.unsigned_abs() % 10
            );
            assert_eq!(one_decimal(v), want, "{v}");
        }
        assert_eq!(one_decimal(f64::NAN), "–");
        assert_eq!(signed(1.24), "+1.2");
        assert_eq!(signed(-0.44), "−0.4");
        assert_eq!(signed(0.01), "±0.0");
        assert_eq!(hours(5.0), "5");
        assert_eq!(hours(1.5), "1.5");
    }

    #[test]
    fn t_quantiles_match_the_tables() {
        // Reference values: t tables for whole df; mpmath (betainc, 30 digits) for the rest.
        let cases = [
            (1.0, 6.313_751_515),
            (2.0, 2.919_985_58),
            (5.0, 2.015_048_373),
            (30.0, 1.697_260_887),
            (1.5, 3.705_180_82),
            (2.5, 2.558_218_614),
            (4.2, 2.103_010_745),
            (7.37, 1.880_366_056),
            (1000.0, 1.646_378_817),
        ];
        for (df, want) in cases {
            let got = t_quantile(0.95, df).unwrap();
            assert!((got - want).abs() < 1e-6, "df {df}: {got} vs {want}");
        }
        // Far tails and other levels (mpmath): the bracket holds Newton's steps.
        for (p, df, want) in [
            (0.95, 0.7, 13.587_121_35),
            (0.975, 3.0, 3.182_446_305),
            (0.999, 2.0, 22.327_124_77),
        ] {
            let got = t_quantile(p, df).unwrap();
            assert!(
                (got - want).abs() < 1e-6 * want,
                "p {p} df {df}: {got} vs {want}"
            );
        }
        assert_eq!(t_quantile(0.95, 0.0), None);
        assert_eq!(t_quantile(0.95, f64::NAN), None);
        assert_eq!(t_quantile(0.4, 3.0), None);
    }

    #[test]
    fn workdays_take_the_article_they_sound_like() {
        assert_eq!(a_workday("7"), "a 7 h workday");
        assert_eq!(a_workday("8"), "an 8 h workday");
        assert_eq!(a_workday("8.5"), "an 8.5 h workday");
        assert_eq!(a_workday("11"), "an 11 h workday");
        assert_eq!(a_workday("18"), "an 18 h workday");
        assert_eq!(a_workday("10"), "a 10 h workday");
        assert_eq!(a_workday("110"), "a 110 h workday");
        assert_eq!(a_workday("6.5"), "a 6.5 h workday");
    }
}
