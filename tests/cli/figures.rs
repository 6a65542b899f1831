//! Every figure, computed by hand on `tests/fixtures/figures` (public days only):
//!
//! | day        | entries                                  | day energy      | mode  | focus | meetings | tags                          |
//! |------------|------------------------------------------|-----------------|-------|-------|----------|-------------------------------|
//! | 2024-12-28 | IC, check-ins 8/6/4 → 6                  | 6               | IC    | 5     | 1        | deep-work                     |
//! | 2024-12-30 | EM score 4; IC check-ins 6/–/2 → 4       | (4 + 4) / 2 = 4 | mixed | 1 + 2 | 6 + 0    | hiring, one-on-ones, deep-work |
//! | 2025-01-02 | EM, check-ins 5/3/1 → 3                  | 3               | EM    | 0.5   | 7        | hiring                        |
//! | 2025-01-10 | IC score 9                               | 9               | IC    | 6     | 0.5      | deep-work                     |
//!
//! A private entry (2025-01-03, energy 1) and a draft (2025-01-04, energy 10)
//! would change every figure below if they leaked.

use chrono::NaiveDate;

use ebb::content::{Mode, Visibility};
use ebb::index::trends::{daily, moments};
use ebb::index::{DayMode, Index};
use ebb::site::Site;

use super::support::TestJournal;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

fn site(j: &TestJournal) -> Site {
    let config = ebb::config::Config::load(j.root()).expect("book.toml");
    Site::load(config, Visibility::default())
}

#[test]
fn days_tags_and_modes() {
    let j = TestJournal::fixture("figures");
    let site = site(&j);
    let index = Index::new(site.entries());
    assert_eq!(index.entries.len(), 5);
    let energies: Vec<Option<f64>> = index.days.iter().map(|d| d.energy).collect();
    assert_eq!(energies, [Some(6.0), Some(4.0), Some(3.0), Some(9.0)]);
    assert_eq!(index.days[1].mode, Some(DayMode::Mixed));
    assert_eq!(index.days[1].focus_hours, Some(3.0));
    assert_eq!(index.days[1].meeting_hours, Some(6.0));
    // Lowest and highest check-in or score of 30 Dec: 2 and 6.
    assert_eq!(index.days[1].range, Some((2, 6)));
    // (6 + 4 + 3 + 9) / 4.
    assert!(close(index.mean_energy, 5.5));

    // deep-work on 28 Dec, 30 Dec, 10 Jan: (6 + 4 + 9) / 3 = 6.333…; without: 3; delta +3.333…
    let deep = index.tag("deep-work").unwrap();
    assert_eq!(
        (deep.entries.len(), deep.days, deep.is_rare()),
        (3, 3, false)
    );
    assert!(close(deep.mean_with, 19.0 / 3.0));
    assert!(close(deep.delta, 19.0 / 3.0 - 3.0));
    // hiring on 30 Dec and 2 Jan: (4 + 3) / 2 = 3.5; without: (6 + 9) / 2 = 7.5; delta −4.
    let hiring = index.tag("hiring").unwrap();
    assert!(close(hiring.delta, -4.0));
    assert!(hiring.is_rare(), "seen on 2 days");
    // one-on-ones: 4 against (6 + 3 + 9) / 3 = 6.
    assert!(close(index.tag("one-on-ones").unwrap().delta, -2.0));

    // IC days are 28 Dec and 10 Jan (30 Dec is mixed): energy (6 + 9) / 2, focus (5 + 6) / 2,
    // meetings (1 + 0.5) / 2; IC entries: three, one of them on the mixed day.
    let ic = index.mode_figures(Mode::Ic);
    assert_eq!((ic.entries, ic.days), (3, 2));
    assert!(
        close(ic.mean_energy, 7.5) && close(ic.mean_focus, 5.5) && close(ic.mean_meetings, 0.75)
    );
    let em = index.mode_figures(Mode::Em);
    assert_eq!((em.entries, em.days), (2, 1));
    assert!(
        close(em.mean_energy, 3.0) && close(em.mean_focus, 0.5) && close(em.mean_meetings, 7.0)
    );
}

#[test]
fn weeks_across_the_year_end() {
    let j = TestJournal::fixture("figures");
    let site = site(&j);
    let index = Index::new(site.entries());
    let ids: Vec<String> = index.weeks.iter().map(|w| w.id()).collect();
    // 28 Dec 2024 is a Saturday of 2024-W52; Monday 30 Dec 2024 starts 2025-W01.
    assert_eq!(ids, ["2024-W52", "2025-W01", "2025-W02"]);
    let w1 = &index.weeks[1];
    assert_eq!(w1.monday, d("2024-12-30"));
    // (4 + 3) / 2 = 3.5, and 3.5 − 6 = −2.5 on the week before.
    assert!(close(w1.energy, 3.5) && close(w1.change, -2.5));
    assert_eq!((w1.best, w1.worst), (Some(1), Some(2)));
    assert!(close(w1.focus_hours, 3.5) && close(w1.meeting_hours, 13.0));
    assert_eq!((w1.ic_days, w1.em_days, w1.mixed_days), (0, 1, 1));
    // 9 − 3.5.
    assert!(close(index.weeks[2].change, 5.5));
}

#[test]
fn rolling_means_and_check_in_means() {
    let j = TestJournal::fixture("figures");
    let site = site(&j);
    let index = Index::new(site.entries());
    let series = daily(&index.days, d("2025-01-02"), d("2025-01-10"));
    // 2 Jan: window 27 Dec – 2 Jan holds 6, 4, 3 → 13 / 3.
    assert!(close(series[0].rolling, 13.0 / 3.0));
    // 8 Jan: window 2–8 Jan holds only 3.
    assert!(close(series[6].rolling, 3.0));
    // 9 Jan: window 3–9 Jan is empty: a gap in the line.
    assert_eq!(series[7].rolling, None);
    assert!(close(series[8].rolling, 9.0));

    let m = moments(&index.days, &index.entries);
    // All days. Morning: 8 (28 Dec), 6 (30 Dec, the only check-in that day), 5 → 19 / 3.
    // Midday: 6 and 3 → 4.5. Evening: 4, 2, 1 → 7 / 3.
    assert_eq!(m[0].mode, None);
    assert!(
        close(m[0].means[0], 19.0 / 3.0)
            && close(m[0].means[1], 4.5)
            && close(m[0].means[2], 7.0 / 3.0)
    );
    assert_eq!(m[0].counts, [3, 2, 3]);
    // IC days: only 28 Dec has check-ins (10 Jan is a single score).
    assert_eq!(m[1].mode, Some(Mode::Ic));
    assert_eq!(m[1].means, [Some(8.0), Some(6.0), Some(4.0)]);
    // EM days: 2 Jan.
    assert_eq!(m[2].means, [Some(5.0), Some(3.0), Some(1.0)]);
}

#[test]
fn pages_and_data_show_public_figures_only() {
    let j = TestJournal::fixture("figures");
    j.run(&["build"]).ok();
    for page in [
        "trends/index.html",
        "weeks/index.html",
        "weeks/2025-W01/index.html",
        "weeks/2024-W52/index.html",
        "data/entries.json",
    ] {
        assert!(j.path("public").join(page).is_file(), "missing {page}");
    }
    let data: serde_json::Value =
        serde_json::from_str(&j.read("public/data/entries.json")).unwrap();
    let entries = data.as_array().unwrap();
    assert_eq!(entries.len(), 5);
    assert!(
        entries
            .iter()
            .all(|e| e["title"] != "Secret" && e["title"] != "Unfinished")
    );
    assert_eq!(
        entries[0]["url"],
        "https://example.org/2024/12/28/saturday/"
    );
    assert_eq!(entries[0]["morning"], 8);
    assert_eq!(entries[0]["energy"], 6.0);
    // No week page for the private and draft days (they share 2025-W01, which has public days).
    let week = j.read("public/weeks/2025-W01/index.html");
    assert!(week.contains("3.5"), "the week's mean from public days");
    assert!(!week.contains("Secret") && !week.contains("Unfinished"));
    let trends = j.read("public/trends/index.html");
    assert!(trends.contains("<svg"), "charts are inline SVG");
    assert!(!trends.contains("Secret"));
}

#[test]
fn export_and_stats() {
    let j = TestJournal::fixture("figures");
    let json = j.run(&["export", "--format", "json"]).ok();
    let list: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 5);
    let with_private = j
        .run(&[
            "export",
            "--format",
            "json",
            "--include-private",
            "--drafts",
        ])
        .ok();
    let list: serde_json::Value = serde_json::from_str(&with_private.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 7);

    let csv = j.run(&["export", "--format", "csv"]).ok().stdout;
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "date,slug,url,title,mode,energy,morning,midday,evening,focus_hours,meeting_hours,tags,draft,private,morning_tags,morning_note,midday_tags,midday_note,evening_tags,evening_note"
    );
    assert_eq!(
        lines.len(),
        7,
        "header, five rows, and the empty tail after the last CRLF"
    );
    assert_eq!(
        lines[2],
        "2024-12-30,hiring,https://example.org/2024/12/30/hiring/,Hiring,EM,4,,,,1,6,hiring;one-on-ones,false,false,,,,,,"
    );

    let stats = j.run(&["stats", "--weeks", "3"]).ok().stdout;
    assert!(stats.contains("Figures: 5 entries"), "{stats}");
    // IC: 2 days, 7.5 energy, 5.5 h focus, 0.8 h meetings (0.75 rounded).
    assert!(
        stats.contains("IC       2     7.5      5.5         0.8"),
        "{stats}"
    );
    // deep-work's +3.3 sets 3 days against 1: too few for an interval, so
    // stats names it neither way (DESIGN.md: "drains"/"restores" only where
    // the 90% interval leaves out 0).
    assert!(stats.contains("Most restoring  –\n"), "{stats}");
    assert!(!stats.contains("deep-work +3.3"), "{stats}");
}

// Hour by hour, on `tests/fixtures/hours`. The definition (DESIGN.md):
//
// > An *interval* is a pair of consecutive recorded check-ins of one entry
// > (morning→midday, midday→evening; morning→evening when midday is not
// > recorded); check-ins of two entries on one day are never paired. Its
// > change is the later score minus the earlier; its tags are the later
// > check-in's `tags`. Per tag: the mean change over intervals with the tag
// > minus the mean change over intervals without it, with the count of
// > intervals with it; fewer than 3 are listed apart. Also shown: the mean
// > change of all intervals (the day's usual slope), overall and per mode
// > (the day's mode; mixed days only in the overall figure). A check-in with
// > tags or a note but no score is "not recorded": its tags are the entry's
// > tags, but it ends no interval.
//
// | #  | day (mode)        | entry: check-ins (tags)                        | intervals                          |
// |----|-------------------|------------------------------------------------|------------------------------------|
// | 1  | 3 Mar (EM)        | 8 (coffee) → 4 (incident) → 5 (walk)           | −4 [incident], +1 [walk]           |
// | 2  | 4 Mar (IC)        | 6 → 7 (coding) → 5 (coding)                    | +1 [coding], −2 [coding]           |
// | 3  | 5 Mar (EM)        | 7 → – → 3 (incident)                           | −4 [incident] (morning→evening)    |
// | 4  | 6 Mar (EM)        | 5 → no score (incident) → 6 (walk)             | +1 [walk]; the midday ends nothing |
// | 5  | 7 Mar (mixed)     | IC: 6 → 5 (incident); EM: evening 4 (walk, offsite) | −1 [incident]; never paired across |
// | 6  | 8 Mar (no mode)   | 4 → – → 7 (walk)                               | +3 [walk]                          |
// | 7  | 10 Mar (IC)       | 7 → 5 (coding, offsite) → 6                    | −2 [coding, offsite], +1           |
//
// Ten intervals, summing to −6: the usual slope is −0.6.
// IC days (4 and 10 Mar): (1 − 2 − 2 + 1) / 4 = −0.5 (counting the mixed
// day's IC entry too would give −0.6); EM days (3, 5, 6 Mar):
// (−4 + 1 − 4 + 1) / 4 = −1.5.
// incident: with (−4 − 4 − 1) / 3 = −3, without (−6 + 9) / 7 = 3/7, delta
//   −24/7 = −3.43 (the unscored midday counted would make it 4 intervals).
// walk: with (1 + 1 + 3) / 3 = 5/3, without (−6 − 5) / 7 = −11/7, delta
//   68/21 = +3.24 (pairing the mixed day's two entries would add a 4th).
// coding: with (1 − 2 − 2) / 3 = −1, without (−6 + 3) / 7 = −3/7, delta −4/7 = −0.57.
// offsite: 1 interval (−2): too few, listed apart. coffee: only on a
// morning, so it ends no interval at all.
//
// Their 90% Welch intervals (see `effects::interval`; t quantiles from mpmath):
// incident: with −4, −4, −1 (s² 3), without 1, 1, −2, 1, 3, −2, 1 (s² 3.619):
//   SE² = 3/3 + 3.619/7 = 1.517, df 4.023, −6.009 to −0.849: drains.
// walk: +1.287 to +5.189: restores. coding: −3.338 to +2.195: no clear effect.

#[test]
fn hour_by_hour_by_hand() {
    let j = TestJournal::fixture("hours");
    let site = site(&j);
    let index = Index::new(site.entries());
    let hours = &index.hours;
    assert_eq!(hours.intervals.len(), 10);
    assert!(close(hours.slope.mean, -0.6));
    let ic = hours.modes[Mode::Ic.index()];
    let em = hours.modes[Mode::Em.index()];
    assert_eq!((ic.intervals, em.intervals), (4, 4));
    assert!(close(ic.mean, -0.5) && close(em.mean, -1.5));
    let tag = |slug: &str| hours.tag(slug).unwrap_or_else(|| panic!("{slug}"));
    assert_eq!(tag("incident").intervals, 3);
    assert!(close(tag("incident").delta, -24.0 / 7.0));
    assert_eq!(tag("walk").intervals, 3);
    assert!(close(tag("walk").delta, 68.0 / 21.0));
    assert!(close(tag("coding").delta, -4.0 / 7.0));
    assert_eq!(tag("offsite").intervals, 1);
    assert!(tag("offsite").is_rare());
    assert!(hours.tag("coffee").is_none());
}

#[test]
fn hour_by_hour_on_pages_and_in_stats() {
    let j = TestJournal::fixture("hours");
    j.run(&["build"]).ok();
    let trends = j.read("public/trends/index.html");
    for line in [
        r##"<a href="#hour-by-hour">Hour by hour</a>"##,
        "From one check-in to the next, energy fell 0.6 on average, over 10 intervals.",
        "On IC days, energy fell 0.5 on average, over 4 intervals.",
        "On EM days, energy fell 1.5 on average, over 4 intervals.",
        "In the hours with #incident, energy fell 3.4 more than in other hours, over 3 intervals (90% interval −6.0 to −0.8).",
        "In the hours with #walk, energy rose 3.2 more than in other hours, over 3 intervals (90% interval +1.3 to +5.2).",
        "1 tag shows no clear effect hour by hour, or too few intervals to say.",
        ">−3.4 (3 intervals)</text>",
        ">+3.2 (3 intervals)</text>",
        r#"aria-label="incident: −3.4 (−6.0 to −0.8, drains, 3 intervals)""#,
        r#"aria-label="coding: −0.6 (−3.3 to +2.2, no clear effect, 3 intervals)""#,
        "Tags ending fewer than 3 intervals, so left out above:",
    ] {
        assert!(trends.contains(line), "missing {line}");
    }
    let section = &trends[trends.find(r#"id="hour-by-hour""#).expect("the section")..];
    let rare = &section[section.find("Tags ending fewer than").expect("rare tags")..];
    let rare = &rare[..rare.find("</p>").expect("end of note")];
    assert!(
        rare.contains(">offsite</a>") && !rare.contains("coffee"),
        "{rare}"
    );

    let incident = j.read("public/tags/incident/index.html");
    assert!(incident.contains(
        "In the hours with #incident, energy fell 3.4 more than in other hours, over 3 intervals (90% interval −6.0 to −0.8)."
    ));
    let walk = j.read("public/tags/walk/index.html");
    assert!(walk.contains(
        "In the hours with #walk, energy rose 3.2 more than in other hours, over 3 intervals (90% interval +1.3 to +5.2)."
    ));
    let coding = j.read("public/tags/coding/index.html");
    assert!(coding.contains(
        "In the hours with #coding, energy fell 0.6 more than in other hours, over 3 intervals (90% interval −3.3 to +2.2): no clear effect."
    ));
    let offsite = j.read("public/tags/offsite/index.html");
    assert!(
        offsite.contains("In the hours with #offsite: too few intervals to compare (1 interval).")
    );
    let coffee = j.read("public/tags/coffee/index.html");
    assert!(
        !coffee.contains("In the hours with"),
        "coffee ends no interval"
    );

    let stats = j.run(&["stats"]).ok().stdout;
    for line in [
        "Hour by hour    energy −0.6 from one check-in to the next (10 intervals)",
        "Draining hours  incident −3.4 (3 intervals, 90% −6.0 to −0.8)\n",
        "Restoring hours walk +3.2 (3 intervals, 90% +1.3 to +5.2)\n",
    ] {
        assert!(stats.contains(line), "missing {line} in\n{stats}");
    }
}

#[test]
fn hour_by_hour_without_intervals_says_so() {
    let j = TestJournal::new();
    j.entry("2025-03-03-a.md", "title: A\nenergy: 6", "").entry(
        "2025-03-04-b.md",
        "title: B\nenergy: { evening: 5 }",
        "",
    );
    j.run(&["build"]).ok();
    let trends = j.read("public/trends/index.html");
    let section = &trends[trends.find(r#"id="hour-by-hour""#).expect("the section")..];
    let section = &section[..section.find("</section>").expect("end of section")];
    assert!(section.contains("No intervals yet"), "{section}");
    assert!(!section.contains("<svg"), "no empty chart");
    // Nor any hours: no "most focus" week of 0 h.
    assert!(trends.contains("No entry records focus or meeting hours yet."));
    assert!(!trends.contains("Most focus"));
    let stats = j.run(&["stats"]).ok().stdout;
    assert!(
        stats.contains("Hour by hour    no intervals yet"),
        "{stats}"
    );
}

/// The look-back figures, computed by hand on `tests/fixtures/practice`
/// (`workday-hours = 7`, `deep-work-hours = 3` in its book.toml):
///
/// | day             | mode  | energy           | morning | evening | focus   | meetings | slack (7 h)        |
/// |-----------------|-------|------------------|---------|---------|---------|----------|--------------------|
/// | Mon 2025-03-03  | IC    | (7 + 5) / 2 = 6  | 7       | 5       | 4       | 1        | 2                  |
/// | Tue 2025-03-04  | EM    | 4                |         |         | 1.5     | 6        | −0.5 → 0           |
/// | Wed 2025-03-05  | –     | 6                |         |         |         | 3        | –                  |
/// | Thu 2025-03-06  | EM    | (3 + 7) / 2 = 5  | 3       | 7       | 2       | 4.5      | 0.5                |
/// | Fri 2025-03-07  | mixed | (8 + 6) / 2 = 7  |         |         | 3 + 0   | 0 + 2    | 2                  |
/// | Sat 2025-03-08  | –     | 2                |         |         |         |          | –                  |
/// | Mon 2025-03-10  | IC    | (9 + 5) / 2 = 7  | 9       | 5       | 5       | 0        | 2                  |
#[test]
fn practice_figures_by_hand() {
    use ebb::content::Moment;
    use ebb::index::{balance, capacity, day_after, weekdays};

    let j = TestJournal::fixture("practice");
    let site = site(&j);
    let index = Index::new(site.entries());
    assert_eq!(
        (
            site.config.journal.workday_hours,
            site.config.journal.deep_work_hours
        ),
        (7.0, 3.0)
    );

    // "Days of the week. Mean day energy and mean evening check-in per ISO
    // weekday, overall and per mode, with counts."
    let evenings = weekdays::check_ins(&index.days, &index.entries, Moment::Evening);
    let w = weekdays::weekdays(&index.days, &evenings);
    // Monday: (6 + 7) / 2 = 6.5 over 2; evenings (5 + 5) / 2 = 5 over 2.
    assert_eq!(
        (w[0].days[0].energy, w[0].days[0].energy_days),
        (Some(6.5), 2)
    );
    assert_eq!(
        (w[0].days[0].evening, w[0].days[0].evening_days),
        (Some(5.0), 2)
    );
    // Friday 7 (the mixed day counts overall only), Saturday 2, Sunday nothing.
    assert_eq!(w[0].days[4].energy, Some(7.0));
    assert_eq!(w[0].days[5].energy, Some(2.0));
    assert_eq!(w[0].days[6].energy_days, 0);
    assert_eq!((w[1].days[4].energy_days, w[2].days[4].energy_days), (0, 0));
    // EM: Tuesday 4, Thursday 5 with evening 7.
    assert_eq!(w[2].days[1].energy, Some(4.0));
    assert_eq!(
        (w[2].days[3].energy, w[2].days[3].evening),
        (Some(5.0), Some(7.0))
    );

    // "The day after": meeting hours 1, 6, 3, 4.5, 2, 0 → sorted 0 1 2 3 4.5 6,
    // an even count: median (2 + 3) / 2 = 2.5 (the upper middle, 3, would put
    // 5 March at or below it).
    let mornings = weekdays::check_ins(&index.days, &index.entries, Moment::Morning);
    let a = day_after::day_after(&index.days, &mornings);
    assert_eq!(a.median_meetings, Some(2.5));
    // Above: 4 Mar → 5 Mar 6; 5 Mar → 6 Mar's morning 3 (not its day energy 5);
    // 6 Mar → 7 Mar 7: (6 + 3 + 7) / 3 = 5.333… over 3. 7 Mar (2 h) → 8 Mar 2
    // and 3 Mar (1 h) → 4 Mar 4: (4 + 2) / 2 = 3 over 2. 10 Mar has no next day.
    assert!(close(a.after_heavy.energy, 16.0 / 3.0) && a.after_heavy.pairs == 3);
    assert_eq!((a.after_light.energy, a.after_light.pairs), (Some(3.0), 2));
    // IC: 3 Mar → 4 (the mixed 7th → 2 is left out, else 3); EM: (6 + 7) / 2.
    assert_eq!((a.after_ic.energy, a.after_ic.pairs), (Some(4.0), 1));
    assert_eq!((a.after_em.energy, a.after_em.pairs), (Some(6.5), 2));

    // "Capacity": slack 2, 0, 0.5, 2, 2 over 5 days with both hours: 6.5 / 5 = 1.3
    // (1.2 without the floor at 0; 2.3 with the default 8 h workday).
    let c = capacity::capacity(&index.days, 7.0, 3.0);
    assert_eq!((c.days, c.no_slack), (5, 1));
    assert!(close(c.mean_slack, 1.3));
    // ≥ 1 h: 6, 7, 7 → 20 / 3; less: 4, 5 → 4.5.
    assert!(close(c.roomy_energy, 20.0 / 3.0) && c.roomy_days == 3);
    assert_eq!((c.tight_energy, c.tight_days), (Some(4.5), 2));
    // Focus above 3 h: 4 and 5 (7 March's 3 h does not exceed it), of 5 days with focus.
    assert_eq!((c.over_deep_work, c.focus_days), (2, 5));
    // Weeks: (2 + 0 + 0.5 + 2) / 4 = 1.125 and 2.
    let weekly: Vec<(f64, usize)> = c.weekly.iter().map(|w| (w.slack, w.days)).collect();
    assert_eq!(weekly, [(1.125, 4), (2.0, 1)]);

    // "Role balance": March has 5 days with a mode: 2 IC, 2 EM, 1 mixed.
    let b = balance::balance(&index.days);
    assert_eq!(b.months.len(), 1);
    assert_eq!(
        (b.months[0].ic, b.months[0].em, b.months[0].mixed),
        (2, 2, 1)
    );
    // Without IC: 4 Mar, (5 Mar has no mode: skipped), 6 Mar → 2; the mixed
    // 7 Mar breaks it (else 3).
    let run = b.without_ic.expect("a run");
    assert_eq!(
        (run.first, run.last, run.days),
        (d("2025-03-04"), d("2025-03-06"), 2)
    );
    // Without EM: 3 Mar alone; 10 Mar alone, since the mixed 7th is no part
    // of a run (else 7–10 Mar, 2 days).
    let run = b.without_em.expect("a run");
    assert_eq!(
        (run.first, run.last, run.days),
        (d("2025-03-03"), d("2025-03-03"), 1)
    );
    // Focus share: IC (4 + 5) / (4 + 5 + 1 + 0) = 0.9; EM (1.5 + 2) / (3.5 + 10.5) = 0.25.
    assert!(close(b.focus[0].share, 0.9) && close(b.focus[1].share, 0.25));
}

#[test]
fn practice_figures_on_trends_and_in_stats() {
    let j = TestJournal::fixture("practice");
    j.run(&["build"]).ok();
    let trends = j.read("public/trends/index.html");
    for line in [
        r##"<a href="#weekdays">Days of the week</a>"##,
        r##"<a href="#day-after">The day after</a>"##,
        r##"<a href="#balance">Role balance</a>"##,
        "All days: highest on Friday (7.0, 1 day), lowest on Saturday (2.0, 1 day).",
        "EM days: highest on Thursday (5.0, 1 day), lowest on Tuesday (4.0, 1 day).",
        "Evenings: best on Thursday (7.0, 1 day), hardest on Monday (5.0, 2 days).",
        "<title>All days: mean energy, Mon: 6.5 over 2 days</title>",
        "After days with more than 2.5 h of meetings (the median): 5.3 over 3 days; after days with 2.5 h or less: 3.0 over 2 days.",
        "After IC days: 4.0 over 1 day; after EM days: 6.5 over 2 days.",
        "Longest run without an IC day: 2 days with a mode, 4 Mar 2025 to 6 Mar 2025.",
        "Longest run without an EM day: 1 day on 3 Mar 2025.",
        "IC days: 90% of focus and meeting hours were focus (2 days).",
        "EM days: 25% of focus and meeting hours were focus (2 days).",
        "<title>March 2025: Mixed 20% (1 of 5 days)</title>",
        ">IC 40%, EM 40%, Mixed 20% (5 days)</text>",
        ">90% focus (2 days)</text>",
    ] {
        assert!(trends.contains(line), "missing {line}");
    }
    let stats = j.run(&["stats"]).ok().stdout;
    for line in [
        "Weekdays        highest Friday 7.0 (1 day), lowest Saturday 2.0 (1 day)",
        "Slack           1.3 h a day of a 7 h workday over 5 days; 1 day with none; energy 6.7 with 1 h or more (3 days), 4.5 with less (2 days); 2 of 5 days with focus above 3 h",
    ] {
        assert!(stats.contains(line), "missing {line} in {stats}");
    }
}

/// `data/figures.json` holds the numbers behind the charts: the same
/// figures as `practice_figures_by_hand`, read back from the file.
#[test]
fn figures_json_holds_the_numbers_behind_the_charts() {
    let j = TestJournal::fixture("practice");
    j.run(&["build"]).ok();
    let f: serde_json::Value =
        serde_json::from_str(&j.read("public/data/figures.json")).expect("JSON");
    assert_eq!(f["version"], 1);
    let dates: Vec<&str> = f["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            "2025-03-03",
            "2025-03-04",
            "2025-03-05",
            "2025-03-06",
            "2025-03-07",
            "2025-03-08",
            "2025-03-10"
        ]
    );
    assert_eq!(f["days"][4]["mode"], "mixed");
    assert_eq!(f["days"][0]["energy"], 6.0);
    // Monday (6 + 7) / 2 over 2 days; its evenings (5 + 5) / 2.
    let monday = &f["weekdays"][0]["days"][0];
    assert_eq!(monday["weekday"], "Monday");
    assert_eq!(
        (monday["energy"].as_f64(), monday["energy_days"].as_u64()),
        (Some(6.5), Some(2))
    );
    assert_eq!(monday["evening"], 5.0);

    // The day after, with the interval on groups of 3 and 2: above the
    // median 2.5 h, 6, 3, 7 (s² 13/3); at or below, 4, 2 (s² 2). delta 7/3,
    // SE² = 13/9 + 1 = 22/9, df = SE⁴ / ((13/9)² / 2 + 1² / 1) = 2.924471,
    // t_0.95 = 2.378350, half 3.718483: −1.385150 to +6.051816, no clear effect.
    let a = &f["day_after"];
    assert_eq!(a["median_meeting_hours"], 2.5);
    assert_eq!(a["after_light_meetings"]["pairs"], 2);
    let e = &a["heavy_minus_light"];
    assert!((e["delta"].as_f64().unwrap() - 7.0 / 3.0).abs() < 1e-9);
    assert!((e["low"].as_f64().unwrap() + 1.385_150).abs() < 1e-6);
    assert!((e["high"].as_f64().unwrap() - 6.051_816).abs() < 1e-6);
    assert_eq!(e["verdict"], "no clear effect");
    // IC 4 over one pair against EM (6 + 7) / 2: too few days for an interval.
    assert_eq!(a["ic_minus_em"]["delta"], -2.5);
    assert_eq!(a["ic_minus_em"]["low"], serde_json::Value::Null);
    assert_eq!(a["ic_minus_em"]["verdict"], "too few days");

    let c = &f["capacity"];
    assert_eq!(
        (c["workday_hours"].as_f64(), c["mean_slack"].as_f64()),
        (Some(7.0), Some(1.3))
    );
    assert_eq!(
        (
            c["days_without_slack"].as_u64(),
            c["days_above_deep_work"].as_u64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(f["weeks"][0]["slack"], 1.125);
    assert_eq!(f["weeks"][0]["slack_days"], 4);
    let b = &f["role_balance"];
    assert_eq!(b["longest_without_ic"]["first"], "2025-03-04");
    assert_eq!(b["longest_without_ic"]["days"], 2);
    assert_eq!(b["focus_share"][0]["share"], 0.9);
    let march = &f["months"][0];
    assert_eq!(
        (
            march["ic_days"].as_u64(),
            march["em_days"].as_u64(),
            march["mixed_days"].as_u64()
        ),
        (Some(2), Some(2), Some(1))
    );

    // The page words the same interval.
    let trends = j.read("public/trends/index.html");
    assert!(trends.contains(
        "Heavy − light meeting days: +2.3 the next day (90% interval −1.4 to +6.1): no clear effect."
    ));
    assert!(trends.contains("IC − EM days: −2.5 the next day (too few days for a 90% interval)."));
}

/// Capacity with the fixture's 7 h workday and 3 h of deep work (see
/// `practice_figures_by_hand` for the days).
#[test]
fn capacity_on_trends_and_the_week_page() {
    let j = TestJournal::fixture("practice");
    j.run(&["build"]).ok();
    let trends = j.read("public/trends/index.html");
    for line in [
        r##"<a href="#capacity">Capacity</a>"##,
        "Of a 7 h workday, 1.3 h a day were left after focus and meetings, over 5 days; 1 day had none.",
        "Energy 6.7 on days with 1 h of slack or more (3 days), 4.5 on days with less (2 days).",
        "2 of 5 days with focus went beyond 3 h of deep work.",
        "<title>2025-W10: 1.1 h over 4 days</title>",
        "<title>2025-W11: 2 h over 1 day</title>",
        r#"<a href="/weeks/2025-W10/" aria-label="2025-W10: 1.1 h over 4 days">"#,
    ] {
        assert!(trends.contains(line), "missing {line}");
    }
    // W10: (2 + 0 + 0.5 + 2) / 4 = 1.125; W11: 2 over 1 day.
    let week = j.read("public/weeks/2025-W10/index.html");
    assert!(
        week.contains("1.1 h a day")
            && week.contains("of a 7 h workday, over 4 days with focus and meetings")
    );
    let week = j.read("public/weeks/2025-W11/index.html");
    assert!(week.contains("2.0 h a day") && week.contains("over 1 day with focus and meetings"));
}

/// Deltas that account for the role, on `tests/fixtures/effects`:
///
/// | days                 | mode  | energy        | coaching |
/// |----------------------|-------|---------------|----------|
/// | 6, 7 Jan             | IC    | 7, 9          | yes      |
/// | 8, 9, 10, 13 Jan     | IC    | 6, 7, 7, 8    | no (13 Jan: walks) |
/// | 14, 15, 16, 17 Jan   | EM    | 3, 4, 4, 5    | yes      |
/// | 20, 21 Jan           | EM    | 2, 3          | no       |
/// | 22 Jan (IC + EM)     | mixed | (2 + 2)/2 = 2 | yes      |
/// | 23 Jan               | none  | 9             | no       |
/// | 24 Jan               | IC    | none          | yes      |
///
/// "For a tag and a mode m, over m-days *with energy*: d_m = mean energy of
/// m-days with the tag minus mean energy of m-days without it, defined when
/// both groups are non-empty. The tag's *within-role delta* is the mean of
/// the defined d_m weighted by w_m = the number of m-days with the tag (with
/// energy); when only one d_m is defined, it is that one. Mixed days and days
/// without a mode are left out of it."
///
/// "Every delta shows its counts and a 90% interval by Welch's t: SE² =
/// s₁²/n₁ + s₂²/n₂, Welch–Satterthwaite degrees of freedom (not rounded), the
/// t quantile at 0.95. For the within-role delta, with normalised weights
/// v_m = w_m / Σw: SE² = Σ v_m² (s₁²/n₁ + s₂²/n₂)_m and df by
/// Welch–Satterthwaite over all the groups used. An interval needs n ≥ 2 in
/// every group it uses."
#[test]
fn within_role_delta_and_intervals() {
    let j = TestJournal::fixture("effects");
    let site = site(&j);
    let index = Index::new(site.entries());
    let coaching = index.tag("coaching").unwrap();
    // On 8 days, 7 of them with energy (24 Jan has none).
    assert_eq!(coaching.days, 8);

    // Raw: with 7, 9, 3, 4, 4, 5, 2 → 34/7 = 4.857143; without 6, 7, 7, 8, 2, 3, 9 → 6.
    // Delta 34/7 − 6 = −8/7 = −1.142857: it drains, taken raw.
    assert!(close(coaching.delta, -8.0 / 7.0));
    // s² with = 122/21, s² without = 20/3; SE² = 122/147 + 20/21 = 262/147 = 1.782313.
    // df = (262/147)² / ((122/147)²/6 + (140/147)²/6) = 6 · 262² / (122² + 140²) = 11.943626.
    // t_0.95(11.943626) = 1.782989 (mpmath); half = 1.782989 · √(262/147) = 2.380349.
    // Interval −3.523206 to +1.237492: "no clear effect".
    let raw = coaching.raw.unwrap();
    let (low, high) = raw.interval.unwrap();
    assert!((low + 3.523_206).abs() < 1e-6 && (high - 1.237_492).abs() < 1e-6);
    assert_eq!(raw.verdict().text(), "no clear effect");

    // IC (6–13 Jan; 24 Jan has no energy, 22 Jan is mixed): with 7, 9 (mean 8), without
    // 6, 7, 7, 8 (mean 7): d = +1, w = 2. EM: with 3, 4, 4, 5 (mean 4), without 2, 3
    // (mean 2.5): d = +1.5, w = 4. Within-role: (2 · 1 + 4 · 1.5) / 6 = +4/3, the other
    // sign from the raw −8/7 (unweighted it would be 1.25; counting 24 Jan or the mixed
    // day would change both groups).
    let [ic, em] = coaching.modes;
    assert_eq!(
        (ic.with.n, ic.without.n, em.with.n, em.without.n),
        (2, 4, 4, 2)
    );
    let within = coaching.within_role.unwrap();
    assert!((within.delta - 4.0 / 3.0).abs() < 1e-9);
    // v = 1/3, 2/3; SE² = (1/9)(2/2 + (2/3)/4) + (4/9)((2/3)/4 + (1/2)/2) = 17/54.
    // df = (17/54)² / ((1/9)²/1 + (1/54)²/3 + (2/27)²/3 + (1/9)²/1) = 3.721030.
    // t_0.95(3.721030) = 2.178608; half = 1.222381: 0.110952 to 2.555715, "restores".
    let (low, high) = within.interval.unwrap();
    assert!((low - 0.110_952).abs() < 1e-6 && (high - 2.555_715).abs() < 1e-6);
    assert_eq!(coaching.effect(), Some(within));
    assert_eq!(within.verdict().text(), "restores");

    // walks on 13 Jan only: IC with 8, without 7, 9, 6, 7, 7 (mean 7.2): d = +0.8, the
    // only d_m defined, so the within-role delta; one day with it is too few for an interval.
    let walks = index.tag("walks").unwrap();
    let within = walks.within_role.unwrap();
    assert!((within.delta - 0.8).abs() < 1e-9);
    assert_eq!(within.verdict().text(), "too few days");
}

#[test]
fn tags_pages_show_the_within_role_delta_and_intervals() {
    let j = TestJournal::fixture("effects");
    j.run(&["build"]).ok();
    let tags = j.read("public/tags/index.html");
    // coaching (figures in `within_role_delta_and_intervals`): raw −8/7 with
    // −3.523 to +1.237; within role +4/3 with +0.111 to +2.556, which restores.
    assert!(
        tags.contains("−1.1 <small>(−3.5 to +1.2)</small>"),
        "{tags}"
    );
    assert!(tags.contains(
        r#"<b>+1.3</b> <small>(+0.1 to +2.6)</small> <span class="effect effect-restores">restores</span>"#
    ));
    let page = j.read("public/tags/coaching/index.html");
    assert!(
        page.contains("7 days with it vs 7 without; 90% interval −3.5 to +1.2<"),
        "{page}"
    );
    assert!(page.contains("Delta within role"));
    // deep-work on `figures`: 3 days with energy against 1 without, and no
    // mode with days both with and without it: no interval, no within-role delta.
    let j = TestJournal::fixture("figures");
    j.run(&["build"]).ok();
    let tags = j.read("public/tags/index.html");
    assert!(
        tags.contains("<td class=\"num delta\">+3.3 <small>(too few days)</small></td>"),
        "{tags}"
    );
    assert!(page.contains(
        "days with it vs without: IC 2 vs 4, EM 4 vs 2; 90% interval +0.1 to +2.6: restores<"
    ));
}

#[test]
fn trends_ranks_and_words_tags_by_the_within_role_delta() {
    let j = TestJournal::fixture("effects");
    j.run(&["build"]).ok();
    let trends = j.read("public/trends/index.html");
    // coaching drains taken raw (−8/7) but restores within the role (+4/3, 90%
    // interval +0.110952 to +2.555715; see `within_role_delta_and_intervals`).
    assert!(
        trends.contains(
            "Most restoring: coaching (+1.3 within the role, 90% interval +0.1 to +2.6)."
        ),
        "{trends}"
    );
    assert!(!trends.contains("Most draining:"));
    assert!(trends.contains("<title>coaching: raw delta −1.1</title>"));
    assert!(trends.contains(r#"aria-label="coaching: +1.3 (+0.1 to +2.6, restores, 8 days)""#));
}
