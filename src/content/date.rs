//! Entry dates: `YYYY-MM-DD`, or an RFC 3339 date and time whose day is the
//! date as written (never shifted to UTC or to the build machine's zone).

use chrono::{FixedOffset, NaiveDate, NaiveTime};

use super::entry::EntryTime;

/// Parses `YYYY-MM-DD` or an RFC 3339 date and time (offset optional: without
/// one, the time is the writer's local time). The day is the date as written.
pub fn parse_date(s: &str) -> Result<(NaiveDate, Option<EntryTime>), String> {
    let shape_error = || {
        format!(
            "`date` must be YYYY-MM-DD or an RFC 3339 date and time (2024-03-14T09:30:00+01:00), found `{s}`"
        )
    };
    let date_part = s.get(..10).ok_or_else(shape_error)?;
    let date = parse_day(date_part).map_err(|e| e.unwrap_or_else(shape_error))?;
    let rest = &s[10..];
    if rest.is_empty() {
        return Ok((date, None));
    }
    let time_part = rest.strip_prefix(['T', 't', ' ']).ok_or_else(shape_error)?;
    let (clock, offset) = split_offset(time_part).ok_or_else(shape_error)?;
    let time = NaiveTime::parse_from_str(clock, "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(clock, "%H:%M"))
        .map_err(|_| format!("`{clock}` in `{s}` is not a time of day (HH:MM or HH:MM:SS)"))?;
    Ok((date, Some(EntryTime { time, offset })))
}

/// Parses exactly `YYYY-MM-DD`. `Err(None)`: not that shape; `Err(Some(_))`: not a real day.
pub fn parse_day(s: &str) -> Result<NaiveDate, Option<String>> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(None);
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    if num(0..4) == 0 {
        // Year 0 exists in no calendar a writer uses, and has no ISO week path.
        return Err(Some(format!(
            "`{s}` is in year 0; a year must be from 1 to 9999"
        )));
    }
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
        .ok_or_else(|| Some(format!("`{s}` is not a calendar date")))
}

/// Splits `09:30:00+01:00` into the clock and its offset (`Z` is UTC, none is local).
fn split_offset(t: &str) -> Option<(&str, Option<FixedOffset>)> {
    if let Some(clock) = t.strip_suffix(['Z', 'z']) {
        return Some((clock, FixedOffset::east_opt(0)));
    }
    let Some(i) = t.rfind(['+', '-']) else {
        return Some((t, None));
    };
    let (clock, off) = t.split_at(i);
    let sign = if off.starts_with('-') { -1 } else { 1 };
    let (h, m) = off[1..].split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let secs = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
    Some((clock, Some(FixedOffset::east_opt(sign * secs)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times() {
        let (d, t) = parse_date("2024-03-14T23:30:00-05:00").unwrap();
        assert_eq!(d, NaiveDate::from_ymd_opt(2024, 3, 14).unwrap());
        let t = t.unwrap();
        assert_eq!(t.offset, FixedOffset::west_opt(5 * 3600));
        assert_eq!(t.time, NaiveTime::from_hms_opt(23, 30, 0).unwrap());
        assert_eq!(
            parse_date("2024-03-14 08:00").unwrap().1.unwrap().offset,
            None
        );
        assert!(parse_date("2024-3-14").is_err());
        assert_eq!(
            parse_date("0000-06-01").unwrap_err(),
            "`0000-06-01` is in year 0; a year must be from 1 to 9999"
        );
        assert!(parse_date("0001-01-01").is_ok());
        assert!(parse_date("9999-12-31").is_ok());
        assert!(parse_date("2024-03-14T25:00").is_err());
    }
}
