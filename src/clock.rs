//! The one clock. Every command that needs the date or the time (the build
//! day, `new`'s "today") asks here: `SOURCE_DATE_EPOCH` when it is set, else
//! the system clock, taken in the local time zone (`TZ`).

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime};

/// The local date and time now.
pub fn now() -> NaiveDateTime {
    now_from(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
}

/// The local date today: the build day.
pub fn today() -> NaiveDate {
    now().date()
}

/// The local time for a `SOURCE_DATE_EPOCH` value (whole seconds since
/// 1970 in UTC), or the system clock when there is none or it is not a
/// number of seconds.
fn now_from(source_date_epoch: Option<&str>) -> NaiveDateTime {
    let fixed = source_date_epoch
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0));
    match fixed {
        Some(t) => t.with_timezone(&Local).naive_local(),
        None => Local::now().naive_local(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Offset, TimeZone};

    #[test]
    fn source_date_epoch_is_read_in_the_local_zone() {
        // 2026-11-30 23:30 UTC. The zone is the process's, so only what does
        // not depend on it is asserted here; the command-line tests set `TZ`.
        let t = now_from(Some("1796081400"));
        let utc = DateTime::from_timestamp(1_796_081_400, 0).unwrap();
        let offset = Local.offset_from_utc_datetime(&utc.naive_utc());
        assert_eq!(t, utc.naive_utc() + offset.fix());
        assert_eq!(now_from(Some(" 1796081400\n")), t);
    }

    #[test]
    fn an_unreadable_epoch_falls_back_to_the_clock() {
        let before = Local::now().naive_local();
        let t = now_from(Some("yesterday"));
        assert!(t >= before - chrono::Duration::seconds(5));
        assert!(now_from(None) >= before - chrono::Duration::seconds(5));
    }
}
