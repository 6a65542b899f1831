//! Dates as pages show them, formatted directly: these run for every card and
//! link of a large site, where parsing a strftime pattern each time shows up.

use chrono::{Datelike, NaiveDate};

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The ISO weekdays in full, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2024-03-14`.
pub fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `Thu 14 Mar`, where the year is plain from the context (the archive).
pub fn short(d: NaiveDate) -> String {
    format!(
        "{} {} {}",
        DAYS[d.weekday().num_days_from_monday() as usize],
        d.day(),
        MONTHS[d.month0() as usize]
    )
}

/// `Thu 14 Mar 2024`.
pub fn long(d: NaiveDate) -> String {
    format!(
        "{} {} {} {:04}",
        DAYS[d.weekday().num_days_from_monday() as usize],
        d.day(),
        MONTHS[d.month0() as usize],
        d.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_strftime() {
        for s in ["2024-03-14", "0001-01-01", "2024-12-30", "9999-12-31"] {
            let d: NaiveDate = s.parse().unwrap();
            assert_eq!(iso(d), d.format("%Y-%m-%d").to_string());
            assert_eq!(long(d), d.format("%a %-d %b %Y").to_string());
        }
    }
}
