use std::path::Path;

use super::*;

fn parse(text: &str) -> Result<Config, Vec<String>> {
    Config::parse(Path::new("/j"), "book.toml", text).map_err(|d| {
        d.iter()
            .map(|d| format!("{}:{}:{}: {}", d.path, d.line, d.column, d.message))
            .collect()
    })
}

fn errors(text: &str) -> Vec<String> {
    match parse(text) {
        Ok(_) => panic!("accepted: {text:?}"),
        Err(errors) => errors,
    }
}

/// The highlight themes, as the error for an unknown one lists them.
fn known_themes() -> String {
    crate::highlight::theme_names().join(", ")
}

#[test]
fn defaults_and_paths() {
    let c = parse("[book]\ntitle = \"Notes\"\n").unwrap();
    assert_eq!(c.build_dir, Path::new("/j/public"));
    assert_eq!(c.content_dir, Path::new("/j/content"));
    assert_eq!(c.page_size, 20);
    assert_eq!(c.base_path(), "/");
}

#[test]
fn every_key_is_read() {
    let c = parse(
        "[book]\ntitle = \"T\"\nauthors = [\"Ada\", \"Bo\"]\ndescription = \"d\"\nlanguage = \"fr\"\n\
         [build]\nbuild-dir = \"out\"\ncontent-dir = \"notes\"\n\
         [site]\nbase-url = \"https://a.example/x\"\ntheme = \"default\"\npage-size = 0x10\n\
         [markdown]\nhighlight-theme = \"Solarized (light)\"\nhighlight-theme-dark = \"base16-mocha.dark\"\n\
         [feed]\nlimit = 1_000\n",
    )
    .unwrap();
    assert_eq!(c.title, "T");
    assert_eq!(c.authors, ["Ada", "Bo"]);
    assert_eq!(c.description.as_deref(), Some("d"));
    assert_eq!(c.language, "fr");
    assert_eq!(c.build_dir, Path::new("/j/out"));
    assert_eq!(c.content_dir, Path::new("/j/notes"));
    assert_eq!(c.base_url.as_deref(), Some("https://a.example/x/"));
    assert_eq!(c.theme, "default");
    assert_eq!(c.page_size, 16);
    assert_eq!(c.highlight_theme, "Solarized (light)");
    assert_eq!(c.highlight_theme_dark, "base16-mocha.dark");
    assert_eq!(c.feed_limit, 1_000);
}

#[test]
fn sections_may_be_inline_tables_or_dotted_keys() {
    let c = parse("book = { title = \"T\" }\nsite.page-size = 3\nfeed.limit = 4\n").unwrap();
    assert_eq!((c.title.as_str(), c.page_size, c.feed_limit), ("T", 3, 4));
}

#[test]
fn base_path_from_url() {
    let mut c =
        parse("[book]\ntitle = \"N\"\n[site]\nbase-url = \"https://ada.example/notes\"\n").unwrap();
    assert_eq!(c.base_url.as_deref(), Some("https://ada.example/notes/"));
    assert_eq!(c.base_path(), "/notes/");
    c.base_url = Some("https://ada.example/".into());
    assert_eq!(c.base_path(), "/");
}

#[test]
fn absolute_urls_keep_the_sub_path() {
    let mut c = parse("[book]\ntitle = \"N\"\n[site]\nbase-url = \"https://ada.example/notes/\"\n")
        .unwrap();
    assert_eq!(
        c.absolute("/notes/tags/"),
        "https://ada.example/notes/tags/"
    );
    c.base_url = None;
    assert_eq!(c.absolute("/tags/"), "/tags/");
}

#[test]
fn base_urls_that_cannot_be_linked_are_refused() {
    for bad in [
        "https://",
        "https:///x",
        "javascript:alert(1)",
        "https://x.example/\\\"><script>",
        "https://x.example/a b/",
        "https://x.example/?q=1",
    ] {
        assert!(check_base_url(bad).is_err(), "{bad}");
    }
    for good in [
        "https://x.example",
        "http://localhost:8080/notes/",
        "https://ada.example/a-b_c/%C3%A9/",
    ] {
        assert!(check_base_url(good).is_ok(), "{good}");
    }
}

#[test]
fn an_unknown_key_in_each_section_is_reported_at_the_key_with_the_closest_one() {
    let errs = errors(
        "[book]\ntitle = \"N\"\ntitel = \"x\"\n\
         [build]\nbuild_dir = \"out\"\n\
         [site]\n  base_url = \"https://a.example/\"\n\
         [markdown]\nhighlight-them = \"x\"\n\
         [feed]\nlimits = 3\n\
         [sit]\n\
         [extra]\nanything = 1\n",
    );
    assert_eq!(
        errs,
        [
            "book.toml:3:1: unknown key `titel` in [book]; did you mean `title`?",
            "book.toml:5:1: unknown key `build_dir` in [build]; did you mean `build-dir`?",
            "book.toml:7:3: unknown key `base_url` in [site]; did you mean `base-url`?",
            "book.toml:9:1: unknown key `highlight-them` in [markdown]; did you mean `highlight-theme`?",
            "book.toml:11:1: unknown key `limits` in [feed]; did you mean `limit`?",
            "book.toml:12:1: unknown section `sit`; did you mean `site`?",
        ]
    );
}

#[test]
fn unknown_names_in_headers_and_dotted_keys_are_found_where_they_are_written() {
    let errs = errors(
        "title = \"x\"\nsitee.base = 1\n[book]\ntitle = \"y\"\n[book.x]\n[one.two]\n[[two]]\n",
    );
    assert_eq!(
        errs,
        [
            "book.toml:1:1: unknown section `title`",
            "book.toml:2:1: unknown section `sitee`; did you mean `site`?",
            "book.toml:5:7: unknown key `x` in [book]",
            "book.toml:6:2: unknown section `one`",
            "book.toml:7:1: unknown section `two`",
        ]
    );
}

#[test]
fn a_wrong_type_is_reported_at_its_value() {
    let errs = errors(
        "[book]\ntitle = 5\nauthors = \"Ada\"\ndescription = [\"d\"]\nlanguage = \"  \"\n\
         [build]\nbuild-dir = 1\ncontent-dir = { a = 1 }\n\
         [site]\nbase-url = true\ntheme = 1979-05-27\npage-size = 1.5\n\
         [markdown]\nhighlight-theme = 7\nhighlight-theme-dark = \"\"\n\
         [feed]\nlimit = \"ten\"\n",
    );
    assert_eq!(
        errs,
        [
            "book.toml:2:9: `title` in [book] must be text in quotes",
            "book.toml:3:11: `authors` in [book] must be a list of names, like [\"Ada\"]",
            "book.toml:4:15: `description` in [book] must be text in quotes",
            "book.toml:5:12: `language` in [book] must be non-empty text",
            "book.toml:7:13: `build-dir` in [build] must be text in quotes",
            "book.toml:8:15: `content-dir` in [build] must be text in quotes",
            "book.toml:10:12: `base-url` in [site] must be text in quotes",
            "book.toml:11:9: `theme` in [site] must be text in quotes",
            "book.toml:12:13: `page-size` in [site] must be a whole number of at least 1",
            "book.toml:14:19: `highlight-theme` in [markdown] must be text in quotes",
            "book.toml:15:24: `highlight-theme-dark` in [markdown] must be non-empty text",
            "book.toml:17:9: `limit` in [feed] must be a whole number of at least 1",
        ]
    );
}

#[test]
fn a_list_item_that_is_not_a_name_is_reported_at_the_item() {
    let errs = errors("[book]\ntitle = \"T\"\nauthors = [\n  \"Ada\",\n  3,\n]\n");
    assert_eq!(
        errs,
        ["book.toml:5:3: `authors` in [book] must be a list of names, like [\"Ada\"]"]
    );
}

#[test]
fn counts_below_one_and_numbers_beyond_64_bits_are_refused() {
    let errs = errors(
        "[book]\ntitle = \"T\"\n[site]\npage-size = 0\n[feed]\nlimit = -1\n\
         [extra]\nbig = 99999999999999999999\nhex = 0xffffffffffffffffff\nhuge = 1e999\n",
    );
    assert_eq!(
        errs,
        [
            "book.toml:4:13: `page-size` in [site] must be a whole number of at least 1",
            "book.toml:6:9: `limit` in [feed] must be a whole number of at least 1",
            "book.toml:8:7: invalid TOML: integer `99999999999999999999` does not fit in 64 bits",
            "book.toml:9:7: invalid TOML: integer `0xffffffffffffffffff` does not fit in 64 bits",
            "book.toml:10:8: invalid TOML: floating-point number overflowed",
        ]
    );
}

#[test]
fn sections_that_are_not_tables_are_reported() {
    assert_eq!(
        errors("book = 3\n"),
        [
            "book.toml:1:1: `book` must be a section (`[book]`)",
            "book.toml:1:1: missing `title` in [book]: add `[book]` and `title = \"My journal\"`",
        ]
    );
    assert_eq!(
        errors("[book]\ntitle = \"T\"\n[[feed]]\nlimit = 5\n[site.page-size]\n"),
        [
            "book.toml:3:1: `feed` must be a section (`[feed]`)",
            "book.toml:5:1: `page-size` in [site] must be a whole number of at least 1",
        ]
    );
}

#[test]
fn a_missing_title_is_reported_at_the_book_section() {
    assert_eq!(
        errors("[site]\npage-size = 3\n\n[book]\nauthors = [\"A\"]\n"),
        ["book.toml:4:1: missing `title` in [book]: add `[book]` and `title = \"My journal\"`"]
    );
    assert_eq!(
        errors(""),
        ["book.toml:1:1: missing `title` in [book]: add `[book]` and `title = \"My journal\"`"]
    );
}

#[test]
fn values_are_checked_at_their_value() {
    let themes = known_themes();
    let errs = errors(
        "[book]\ntitle = \"N\"\n[site]\nbase-url = \"not a url\"\ntheme = \"../../etc\"\n\
         [markdown]\nhighlight-theme = \"InspiredGithub\"\n",
    );
    assert_eq!(
        errs,
        [
            "book.toml:4:12: `base-url` in [site] must start with https:// or http://, like \"https://example.org/journal/\", found `not a url`".to_owned(),
            "book.toml:5:9: `theme` in [site] must be the name of a folder in themes/, found `../../etc`".to_owned(),
            format!("book.toml:7:19: unknown highlight theme `InspiredGithub`; did you mean `InspiredGitHub`?; known: {themes}"),
        ]
    );
    assert_eq!(
        errors("[book]\ntitle = \"N\"\n[site]\ntheme = \"nope\"\n"),
        ["book.toml:4:9: theme `nope` not found: expected a folder themes/nope"]
    );
}

#[test]
fn values_in_inline_tables_and_dotted_keys_are_found() {
    assert_eq!(
        errors("site.base-url = \"x\"\n[book]\ntitle = \"T\"\n"),
        [
            "book.toml:1:17: `base-url` in [site] must start with https:// or http://, like \"https://example.org/journal/\", found `x`"
        ]
    );
    // Columns count characters, not bytes.
    assert_eq!(
        errors(
            "book.title = \"T\"\nbook.titel = 2\nsite = { \"\u{e9}\" = 1, page-size = \"x\" }\n"
        ),
        [
            "book.toml:2:6: unknown key `titel` in [book]; did you mean `title`?",
            "book.toml:3:10: unknown key `\u{e9}` in [site]",
            "book.toml:3:31: `page-size` in [site] must be a whole number of at least 1",
        ]
    );
    assert_eq!(
        errors("[book]\ntitle = \"T\"\n[site]\nsite.x = 1\n"),
        ["book.toml:4:1: unknown key `site` in [site]"]
    );
}

#[test]
fn a_key_given_twice_is_reported_where_it_is_repeated() {
    // A key and the same key in quotes.
    assert_eq!(
        errors("[book]\ntitle = \"T\"\n\"title\" = \"U\"\n"),
        ["book.toml:3:1: invalid TOML: duplicate key"]
    );
    // A dotted key, then a header for the same section.
    assert_eq!(
        errors("site.theme = \"default\"\n[site]\npage-size = 3\n[book]\ntitle = \"T\"\n"),
        ["book.toml:2:2: invalid TOML: duplicate key"]
    );
    // A header, then the same header again.
    assert_eq!(
        errors("[book]\ntitle = \"T\"\n[site]\npage-size = 3\n[site]\ntheme = \"default\"\n"),
        ["book.toml:5:2: invalid TOML: duplicate key"]
    );
}

#[test]
fn syntax_errors_are_reported_at_their_position() {
    assert_eq!(
        errors("[book\ntitle = 1\n"),
        ["book.toml:1:6: invalid TOML: unclosed table, expected `]`"]
    );
    assert_eq!(
        errors("[book]\ntitle = \"unterminated\n"),
        ["book.toml:2:22: invalid TOML: invalid basic string, expected `\"`"]
    );
    // Each line with a mistake, once; the rest of the file is not checked.
    assert_eq!(
        errors("[book]\ntitle = \"T\" x\nlanguage = \"en\" \"fr\"\n[feed]\nlimit = 0\n"),
        [
            "book.toml:2:13: invalid TOML: unexpected key or value, expected newline, `#`",
            "book.toml:3:17: invalid TOML: unexpected key or value, expected newline, `#`",
        ]
    );
}

#[test]
fn several_problems_are_all_reported_in_one_run() {
    let errs = errors(
        "[book]\ntitle = \"\"\nauthors = [\"Ada\", 3]\n\
         [site]\nbase-url = \"notes\"\npage-size = 0\nthem = \"x\"\n\
         [feed]\nlimit = 9223372036854775807\n[bild]\n",
    );
    assert_eq!(
        errs,
        [
            "book.toml:2:9: `title` in [book] must be non-empty text",
            "book.toml:3:19: `authors` in [book] must be a list of names, like [\"Ada\"]",
            "book.toml:5:12: `base-url` in [site] must start with https:// or http://, like \"https://example.org/journal/\", found `notes`",
            "book.toml:6:13: `page-size` in [site] must be a whole number of at least 1",
            "book.toml:7:1: unknown key `them` in [site]; did you mean `theme`?",
            "book.toml:10:1: unknown section `bild`; did you mean `build`?",
        ]
    );
}

#[test]
fn crlf_line_ends_do_not_move_positions() {
    assert_eq!(
        errors("[book]\r\ntitle = \"T\"\r\n[site]\r\npage-size = 0\r\n"),
        ["book.toml:4:13: `page-size` in [site] must be a whole number of at least 1"]
    );
}

#[test]
fn many_unknown_keys_and_sections_each_point_at_their_line() {
    // Found by fuzzing: positions were searched for from the top of the
    // file once per unknown key, so 8,000 keys took most of a minute.
    let mut text = "[book]\ntitle = \"x\"\n".to_owned();
    for i in 0..5_000 {
        text.push_str(&format!("k{i} = 1\n"));
    }
    text.push_str("[one]\na.b = 2\n[[two]]\n");
    let errors = errors(&text);
    assert_eq!(errors.len(), 5_002, "{:?}", &errors[..3]);
    assert_eq!(errors[0], "book.toml:3:1: unknown key `k0` in [book]");
    assert_eq!(
        errors[4_999],
        "book.toml:5002:1: unknown key `k4999` in [book]"
    );
    assert_eq!(errors[5_000], "book.toml:5003:1: unknown section `one`");
    assert_eq!(errors[5_001], "book.toml:5005:1: unknown section `two`");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = format!(
        "[book]\ntitle = \"T\"\n[extra]\nx = {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with("book.toml:4:") && errs[0].contains("recurs"),
        "{errs:?}"
    );
}

#[test]
fn extra_is_handed_on_as_written() {
    let c = parse(
        "[book]\ntitle = \"T\"\n[extra]\nd = 1979-05-27T07:32:00Z\nday = 2024-03-14\nf = 1.5\n\
         b = true\nn = 0b11\nneg = -7\nlist = [1, \"a\", [2]]\nt = { a = { b = \"c\" } }\n[extra.more]\nz = 2\n",
    )
    .unwrap();
    assert_eq!(
        c.extra,
        serde_json::json!({
            "d": "1979-05-27T07:32:00Z",
            "day": "2024-03-14",
            "f": 1.5,
            "b": true,
            "n": 3,
            "neg": -7,
            "list": [1, "a", [2]],
            "t": { "a": { "b": "c" } },
            "more": { "z": 2 },
        })
    );
}

#[test]
fn journal_settings_have_defaults_and_are_read() {
    let c = parse("[book]\ntitle = \"T\"\n").unwrap();
    assert_eq!(c.journal, JournalSettings::default());
    assert_eq!(
        (c.journal.workday_hours, c.journal.deep_work_hours),
        (8.0, 4.0)
    );
    let at = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
    assert_eq!(
        (c.journal.midday_from, c.journal.evening_from),
        (at(11, 0), at(16, 0))
    );
    let c = parse(
        "[book]\ntitle = \"T\"\n[journal]\nworkday-hours = 7.5\ndeep-work-hours = 3\n\
         midday-from = \"10:30\"\nevening-from = 17:15:00\n",
    )
    .unwrap();
    assert_eq!(c.journal.workday_hours, 7.5);
    assert_eq!(c.journal.deep_work_hours, 3.0);
    assert_eq!(c.journal.midday_from, at(10, 30));
    assert_eq!(c.journal.evening_from, at(17, 15));
    let c = parse("book.title = \"T\"\njournal = { midday-from = \"09:00\" }\n").unwrap();
    assert_eq!(c.journal.midday_from, at(9, 0));
}

#[test]
fn the_check_in_follows_the_time_of_day() {
    use crate::content::Moment;
    let j = JournalSettings::default();
    let at = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
    assert_eq!(j.moment_at(at(0, 0)), Moment::Morning);
    assert_eq!(j.moment_at(at(10, 59)), Moment::Morning);
    assert_eq!(j.moment_at(at(11, 0)), Moment::Midday);
    assert_eq!(j.moment_at(at(15, 59)), Moment::Midday);
    assert_eq!(j.moment_at(at(16, 0)), Moment::Evening);
    assert_eq!(j.moment_at(at(23, 59)), Moment::Evening);
}

#[test]
fn journal_settings_are_checked_at_their_value() {
    assert_eq!(
        errors(
            "[book]\ntitle = \"T\"\n[journal]\nworkday-hours = 0\ndeep-work-hours = \"4\"\n\
             midday-from = \"noon\"\nevening-from = 16\nworkday-hour = 8\n"
        ),
        [
            "book.toml:4:17: `workday-hours` in [journal] must be a number of hours above 0 and at most 24",
            "book.toml:5:19: `deep-work-hours` in [journal] must be a number of hours above 0 and at most 24",
            "book.toml:6:15: `midday-from` in [journal] must be a time of day in quotes, like \"11:00\"",
            "book.toml:7:16: `evening-from` in [journal] must be a time of day in quotes, like \"11:00\"",
            "book.toml:8:1: unknown key `workday-hour` in [journal]; did you mean `workday-hours`?",
        ]
    );
    assert_eq!(
        errors(
            "[book]\ntitle = \"T\"\n[journal]\nworkday-hours = 24.5\ndeep-work-hours = 9\n\
             midday-from = \"25:00\"\n"
        ),
        [
            "book.toml:4:17: `workday-hours` in [journal] must be a number of hours above 0 and at most 24",
            "book.toml:5:19: `deep-work-hours` in [journal] must be at most `workday-hours` (8), found 9",
            "book.toml:6:15: `midday-from` in [journal] must be a time of day in quotes, like \"11:00\"",
        ]
    );
    assert_eq!(
        errors(
            "[book]\ntitle = \"T\"\n[journal]\nmidday-from = \"12:00\"\nevening-from = \"11:30\"\n"
        ),
        [
            "book.toml:5:16: `evening-from` in [journal] must be later than `midday-from` (12:00), found \"11:30\""
        ]
    );
    assert_eq!(
        errors("[book]\ntitle = \"T\"\n[journal]\nmidday-from = \"17:00\"\n"),
        [
            "book.toml:4:15: `midday-from` in [journal] must be earlier than `evening-from` (16:00), found \"17:00\""
        ]
    );
}

const SLEEP: &str = "[book]\ntitle = \"T\"\n\
    [metrics.sleep]\nlabel = \"Sleep\"\nunit = \"h\"\nmin = 0\nmax = 12\nbetter = \"higher\"\n\
    [metrics.one_on_ones]\nlabel = \"One-on-ones\"\nmin = 0\nmax = 10\ninteger = true\n";

#[test]
fn metrics_are_read_in_the_order_they_are_declared() {
    let c = parse(SLEEP).unwrap();
    let keys: Vec<&str> = c.metrics.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["sleep", "one_on_ones"]);
    let sleep = &c.metrics[0];
    assert_eq!(sleep.label, "Sleep");
    assert_eq!(sleep.unit.as_deref(), Some("h"));
    assert_eq!((sleep.min, sleep.max, sleep.integer), (0.0, 12.0, false));
    assert_eq!(sleep.better, metrics::Better::Higher);
    assert!(c.metrics[1].integer);
    assert!(c.metrics[1].accepts(3.0) && !c.metrics[1].accepts(2.5));
    let bare =
        parse("[book]\ntitle = \"T\"\n[metrics.steps]\nmin = 0\nmax = 1e5\nbetter = \"lower\"\n")
            .unwrap();
    assert_eq!(bare.metrics[0].label, "steps");
    assert_eq!(bare.metrics[0].unit, None);
    assert_eq!(bare.metrics[0].better, metrics::Better::Lower);
}

#[test]
fn a_bad_metric_declaration_is_reported_where_it_is_written() {
    let text = "[book]\ntitle = \"T\"\n\
        [metrics.sleep]\nmin = 0\n\
        [metrics.mood]\nmin = 5\nmax = 5\n\
        [metrics.steps]\nmin = \"0\"\nmax = 10\nintegr = true\nbetter = \"up\"\n\
        [metrics.Focus-Time]\nmin = 0\nmax = 1\n\
        [metrics.focus_hours]\nmin = 0\nmax = 1\n\
        [metrics.hidden]\nmin = 0\nmax = 1\n\
        [metrics.is_private]\nmin = 0\nmax = 1\n\
        [metrics.url]\nmin = 0\nmax = 1\n\
        [metrics.morning]\nmin = 0\nmax = 1\n";
    assert_eq!(
        errors(text),
        [
            "book.toml:3:1: [metrics.sleep] needs `max`: a metric's bounds are required (like `min = 0` and `max = 12`)",
            "book.toml:7:7: `max` in [metrics.mood] must be greater than `min` (5), found 5",
            "book.toml:9:7: `min` in [metrics.steps] must be a number",
            "book.toml:11:1: unknown key `integr` in [metrics.steps]; did you mean `integer`?",
            "book.toml:12:10: `better` in [metrics.steps] must be \"higher\" or \"lower\"",
            "book.toml:13:10: metric `Focus-Time` must be snake_case (lowercase letters, digits and `_`, starting with a letter), like `focus_time`",
            "book.toml:16:10: `focus_hours` cannot be a metric: `focus_hours` is a frontmatter key of ebb's; choose another name",
            "book.toml:19:10: `hidden` cannot be a metric: `hidden` is a key other tools read to hide a page, which ebb refuses in entries; choose another name",
            "book.toml:22:10: `is_private` cannot be a metric: `is_private` looks like `private`, which ebb refuses in entries; choose another name",
            "book.toml:25:10: `url` cannot be a metric: `url` is a column `ebb import csv` reads; choose another name",
            "book.toml:28:10: `morning` cannot be a metric: `morning` is a check-in key; choose another name",
        ]
    );
    assert_eq!(
        errors("[book]\ntitle = \"T\"\n[metrics]\nsleep = 7\n"),
        ["book.toml:4:1: `sleep` in [metrics] must be a section (`[metrics.sleep]`)"]
    );
}

#[test]
fn the_cache_folder_is_read_like_the_other_folders() {
    let c = parse("[book]\ntitle = \"T\"\n").unwrap();
    assert_eq!(c.cache_dir, Path::new("/j/.ebb-cache"));
    let c = parse("[book]\ntitle = \"T\"\n[build]\ncache-dir = \"tmp/cache\"\n").unwrap();
    assert_eq!(c.cache_dir, Path::new("/j/tmp/cache"));
    assert_eq!(
        errors("[book]\ntitle = \"T\"\n[build]\ncache-dir = 3\n"),
        ["book.toml:4:13: `cache-dir` in [build] must be text in quotes"]
    );
    assert_eq!(
        errors("[book]\ntitle = \"T\"\n[build]\ncache_dir = \"c\"\n"),
        ["book.toml:4:1: unknown key `cache_dir` in [build]; did you mean `cache-dir`?"]
    );
}
