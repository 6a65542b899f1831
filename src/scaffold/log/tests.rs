use super::*;

fn changes(slot: &'static str, score: u8) -> Changes {
    Changes {
        slot,
        score: score.to_string(),
        tags: None,
        note: None,
        replace: false,
        top: Vec::new(),
        metrics: Vec::new(),
        metric_order: Vec::new(),
    }
}

fn tagged(slot: &'static str, score: u8) -> Changes {
    Changes {
        tags: Some("[incident, one-on-ones]".into()),
        note: Some("\"paged at 10\"".into()),
        ..changes(slot, score)
    }
}

fn run(text: &str, c: &Changes) -> String {
    match edit(text, c) {
        Ok(e) => e.text,
        Err(r) => panic!("{r:?} for {text:?}"),
    }
}

/// An entry around frontmatter lines.
fn entry(lines: &str) -> String {
    format!("---\ntitle: T\ndate: 2026-11-30\n{lines}---\nBody: # not a key\n")
}

#[test]
fn an_empty_slot_is_filled_and_its_comment_stays_in_place() {
    let text = entry(
        "energy:                 # 1 to 10\n  morning:\n  midday:    # after lunch\n  evening:\n\
         focus_hours:            # hours of focused work\nmeeting_hours:\n",
    );
    let mut c = tagged("midday", 4);
    c.top = vec![("focus_hours", "2.5".into()), ("meeting_hours", "3".into())];
    assert_eq!(
        run(&text, &c),
        entry(
            "energy:                 # 1 to 10\n  morning:\n  \
             midday: { score: 4, tags: [incident, one-on-ones], note: \"paged at 10\" } # after lunch\n  \
             evening:\nfocus_hours: 2.5        # hours of focused work\nmeeting_hours: 3\n"
        )
    );
    assert_eq!(
        run(&text, &changes("midday", 4)),
        entry(
            "energy:                 # 1 to 10\n  morning:\n  midday: 4  # after lunch\n  evening:\n\
             focus_hours:            # hours of focused work\nmeeting_hours:\n"
        )
    );
}

#[test]
fn a_block_slot_is_added_in_the_order_of_the_day() {
    let text =
        entry("energy:\n    morning: 7 # early\n    # a comment\n    evening: 3\nmode: EM\n");
    assert_eq!(
        run(&text, &changes("midday", 5)),
        entry(
            "energy:\n    morning: 7 # early\n    midday: 5\n    # a comment\n    evening: 3\nmode: EM\n"
        )
    );
    assert_eq!(
        run(&entry("energy:\n  evening: 3\n"), &changes("morning", 6)),
        entry("energy:\n  morning: 6\n  evening: 3\n")
    );
    assert_eq!(
        run(
            &entry("energy:\n  morning: 3\n# end\n"),
            &changes("evening", 6)
        ),
        entry("energy:\n  morning: 3\n  evening: 6\n# end\n")
    );
    // Out of order as written: after the slot before it in the day.
    assert_eq!(
        run(
            &entry("energy:\n  evening: 3\n  morning: 7\n"),
            &changes("midday", 5)
        ),
        entry("energy:\n  evening: 3\n  morning: 7\n  midday: 5\n")
    );
}

#[test]
fn a_flow_map_is_rewritten_only_where_the_slot_goes() {
    let at = |energy: &str, c: &Changes| run(&entry(&format!("energy: {energy}\n")), c);
    assert_eq!(
        at("{ morning: 7 }  # today", &changes("evening", 3)),
        entry("energy: { morning: 7, evening: 3 }  # today\n")
    );
    assert_eq!(
        at("{morning: 07, evening: '3'}", &changes("midday", 5)),
        entry("energy: {morning: 07, midday: 5, evening: '3'}\n")
    );
    assert_eq!(
        at("{ evening: 3 }", &tagged("morning", 6)),
        entry(
            "energy: { morning: { score: 6, tags: [incident, one-on-ones], note: \"paged at 10\" }, evening: 3 }\n"
        )
    );
    assert_eq!(
        at(
            "{ morning: 7, midday: , evening: 2 }",
            &changes("midday", 5)
        ),
        entry("energy: { morning: 7, midday: 5, evening: 2 }\n")
    );
    assert_eq!(
        at("{ morning: 7, midday: }", &changes("midday", 5)),
        entry("energy: { morning: 7, midday: 5 }\n")
    );
    assert_eq!(
        at("{}", &changes("midday", 5)),
        entry("energy: { midday: 5 }\n")
    );
    assert_eq!(
        at("{ morning: 7,\n    evening: 2 }", &changes("midday", 5)),
        entry("energy: { morning: 7, midday: 5,\n    evening: 2 }\n")
    );
}

#[test]
fn energy_is_added_when_missing_or_empty() {
    assert_eq!(
        run(&entry("mode: IC\ntags: [a]\n"), &changes("morning", 6)),
        entry("mode: IC\nenergy:\n  morning: 6\ntags: [a]\n")
    );
    assert_eq!(
        run(&entry("tags: [a]\n"), &changes("morning", 6)),
        "---\ntitle: T\ndate: 2026-11-30\nenergy:\n  morning: 6\ntags: [a]\n---\nBody: # not a key\n"
    );
    assert_eq!(
        run(
            &entry("energy:   # later\nmode: EM\n"),
            &changes("evening", 2)
        ),
        entry("energy:   # later\n  evening: 2\nmode: EM\n")
    );
    assert_eq!(
        run(&entry("energy: ~\n"), &changes("evening", 2)),
        entry("energy:\n  evening: 2\n")
    );
    let mut c = changes("evening", 2);
    c.top = vec![("mode", "EM".into()), ("meeting_hours", "1.5".into())];
    assert_eq!(
        run("---\ntitle: T\n---\n", &c),
        "---\ntitle: T\nmode: EM\nenergy:\n  evening: 2\nmeeting_hours: 1.5\n---\n"
    );
    assert_eq!(
        run("---\n---\n", &changes("evening", 2)),
        "---\nenergy:\n  evening: 2\n---\n"
    );
}

#[test]
fn crlf_and_a_bom_stay() {
    let text =
        "\u{feff}---\r\ntitle: T\r\nenergy:\r\n  morning: 7\r\nmode: ic # role\r\n---\r\nBody\r\n";
    let mut c = changes("evening", 3);
    c.top = vec![("mode", "EM".into()), ("focus_hours", "1".into())];
    assert_eq!(
        run(text, &c),
        "\u{feff}---\r\ntitle: T\r\nenergy:\r\n  morning: 7\r\n  evening: 3\r\nmode: EM # role\r\nfocus_hours: 1\r\n---\r\nBody\r\n"
    );
}

#[test]
fn a_slot_written_as_a_map_gets_its_score_and_keeps_the_rest() {
    assert_eq!(
        run(
            &entry("energy:\n  midday:  # before lunch\n    tags: [x]   # what\n    note: hi\n"),
            &changes("midday", 4)
        ),
        entry(
            "energy:\n  midday:  # before lunch\n    score: 4\n    tags: [x]   # what\n    note: hi\n"
        )
    );
    assert_eq!(
        run(
            &entry("energy: { midday: { note: 'it''s' } }\n"),
            &tagged("midday", 4)
        ),
        entry(
            "energy: { midday: { score: 4, tags: [incident, one-on-ones], note: \"paged at 10\" } }\n"
        )
    );
    let mut c = tagged("midday", 2);
    c.replace = true;
    let edited = edit(
        &entry(
            "energy:\n  midday:\n    score: 5\n    tags:\n      - old\n    note: x\n  evening: 1\n",
        ),
        &c,
    )
    .unwrap();
    assert_eq!(edited.previous.as_deref(), Some("5"));
    assert_eq!(
        edited.text,
        entry(
            "energy:\n  midday:\n    score: 2\n    tags: [incident, one-on-ones]\n    note: \"paged at 10\"\n  evening: 1\n"
        )
    );
}

#[test]
fn a_recorded_slot_is_replaced_only_when_asked() {
    let text = entry("energy:\n  morning: 7\n  midday: 5 # ok\n");
    assert_eq!(
        edit(&text, &changes("midday", 4)),
        Err(Refusal::Recorded {
            line: 6,
            written: "5".into()
        })
    );
    let text2 = entry("energy: { midday: { score: 6, tags: [a] } }\n");
    assert_eq!(
        edit(&text2, &changes("midday", 4)),
        Err(Refusal::Recorded {
            line: 4,
            written: "6".into()
        })
    );
    let mut c = tagged("midday", 4);
    c.replace = true;
    let edited = edit(&text, &c).unwrap();
    assert_eq!(edited.previous.as_deref(), Some("5"));
    assert_eq!(
        edited.text,
        entry(
            "energy:\n  morning: 7\n  midday: { score: 4, tags: [incident, one-on-ones], note: \"paged at 10\" } # ok\n"
        )
    );
    let edited = edit(
        &text2,
        &Changes {
            replace: true,
            ..changes("midday", 4)
        },
    )
    .unwrap();
    assert_eq!(
        edited.text,
        entry("energy: { midday: { score: 4, tags: [a] } }\n")
    );
}

#[test]
fn refusals() {
    assert_eq!(
        edit(&entry("energy: 6   # fine\n"), &changes("midday", 4)),
        Err(Refusal::OneScore {
            line: 4,
            written: "6".into()
        })
    );
    assert_eq!(
        edit("---\ntitle: [\n---\n", &changes("midday", 4)),
        Err(Refusal::Unreadable)
    );
    assert_eq!(
        edit("no frontmatter", &changes("midday", 4)),
        Err(Refusal::Unreadable)
    );
    assert!(matches!(
        edit(&entry("energy: [1]\n"), &changes("midday", 4)),
        Err(Refusal::Shape { line: 4, .. })
    ));
}
