use super::syntax::yaml_lines;
use super::*;

fn map_of(node: &Node) -> &[(Node, Node)] {
    match &node.kind {
        NodeKind::Map(p) => p,
        _ => panic!("not a map"),
    }
}

#[test]
fn split_finds_fences_and_lines() {
    let s = split("---\ntitle: A\n---\nBody\n").unwrap();
    assert_eq!(s.yaml, "title: A\n");
    assert_eq!(s.body, "Body\n");
    assert_eq!(s.yaml_line, 2);
    assert_eq!(s.body_line, 4);
}

#[test]
fn split_errors() {
    assert!(split("").unwrap_err().message.starts_with("empty file"));
    assert!(
        split("# hi\n")
            .unwrap_err()
            .message
            .starts_with("missing frontmatter")
    );
    assert!(
        split("---\ntitle: A\n")
            .unwrap_err()
            .message
            .contains("never closed")
    );
}

#[test]
fn values_keep_file_positions() {
    let yaml = "title: Été\nenergy: 11\ntags: [a, b]\n";
    let root = parse(yaml, 2).unwrap();
    let pairs = map_of(&root);
    assert_eq!(pairs[0].1.pos, Pos::new(2, 8));
    assert_eq!(pairs[1].1.pos, Pos::new(3, 9));
    assert_eq!(pairs[1].1.scalar().unwrap().as_int(), Some(11));
    let NodeKind::Seq(tags) = &pairs[2].1.kind else {
        panic!("tags not a list")
    };
    assert_eq!(tags[1].pos, Pos::new(4, 11));
}

#[test]
fn quoted_numbers_are_text() {
    let root = parse("a: \"7\"\nb: 7\nc: 7.5\nd:\n", 2).unwrap();
    let pairs = map_of(&root);
    assert_eq!(pairs[0].1.scalar().unwrap().as_int(), None);
    assert_eq!(pairs[1].1.scalar().unwrap().as_int(), Some(7));
    assert_eq!(pairs[2].1.scalar().unwrap().as_f64(), Some(7.5));
    assert!(pairs[3].1.is_null());
}

#[test]
fn syntax_errors_and_aliases_have_positions() {
    let err = parse("title: [unclosed\n", 2).unwrap_err();
    assert!(err.message.starts_with("invalid YAML"), "{}", err.message);
    assert!(err.pos.line >= 2);
    let err = parse("a: &x 1\nb: *x\n", 2).unwrap_err();
    assert_eq!(err.pos, Pos::new(3, 4));
    let err = parse("a: 1\na: 2\n", 2).unwrap_err();
    assert_eq!(err.pos, Pos::new(3, 1));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let block = format!("x:\n  {}y\n", "- ".repeat(100_000));
    let err = parse(&block, 2).unwrap_err();
    assert_eq!(err.message, "frontmatter is nested too deeply");
    assert_eq!(err.pos, Pos::new(3, 3 + 2 * (MAX_DEPTH - 1)));
    // Maps: the 33rd level starts at its key.
    let maps: String = (0..100).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
    let err = parse(&maps, 2).unwrap_err();
    assert_eq!(err.pos, Pos::new(2 + MAX_DEPTH, MAX_DEPTH + 1));
    for open in ["[", "{"] {
        let flow = format!("x: {}\n", open.repeat(100_000));
        let err = parse(&flow, 2).unwrap_err();
        assert_eq!(err.message, "frontmatter is nested too deeply");
    }
}

#[test]
fn a_line_that_is_not_key_value_is_shown_where_it_is() {
    // A forgotten closing fence: the body's `---` ends the frontmatter.
    let err = parse("title: A\n\nSome prose here\n", 2).unwrap_err();
    assert_eq!(err.pos, Pos::new(4, 1));
    assert!(
        err.message
            .contains("`Some prose here` is not a `key: value` line"),
        "{}",
        err.message
    );
    let key = "k".repeat(2000);
    for (yaml, line) in [
        (format!("{key}: 1\n"), 2),
        (format!("title: A\n{key}: 1\n"), 3),
    ] {
        let err = parse(&yaml, 2).unwrap_err();
        assert_eq!(err.pos, Pos::new(line, 1), "{}", err.message);
        assert!(
            err.message.contains("at most 1024 characters"),
            "{}",
            err.message
        );
    }
}

#[test]
fn a_tab_in_the_way_is_named() {
    let err = parse("title: A\nenergy:\n\tmorning: 5\n", 2).unwrap_err();
    assert_eq!(err.pos, Pos::new(4, 1));
    assert!(
        err.message.ends_with("(a tab is here: use spaces)"),
        "{}",
        err.message
    );
    let err = parse("title:\tA\n", 2).unwrap_err();
    assert_eq!(err.pos, Pos::new(2, 7), "{}", err.message);
}

#[test]
fn a_colon_in_a_value_asks_for_quotes() {
    let err = parse("mode: IC\ntitle: Retro: what went wrong\n", 2).unwrap_err();
    assert_eq!(err.pos, Pos::new(3, 13));
    assert_eq!(
        err.message,
        "invalid YAML in frontmatter: a value that contains `: ` must be in quotes; write `title: \"Retro: what went wrong\"`"
    );
    for (yaml, col, fixed) in [
        // Double quotes inside: single quotes, which need no escapes.
        ("title: Say \"hi\": now\n", 16, "title: 'Say \"hi\": now'"),
        (
            "title: Don't say \"hi\": now\n",
            22,
            "title: 'Don''t say \"hi\": now'",
        ),
        // A backslash means an escape inside double quotes.
        ("title: C:\\dir: x\n", 14, "title: \"C:\\\\dir: x\""),
        // A comment stays a comment, after the quotes.
        (
            "title: Retro: what  # later\n",
            13,
            "title: \"Retro: what\" # later",
        ),
        // Nested and listed keys keep their shape, without the indentation.
        ("energy:\n  note: a: b\n", 10, "note: \"a: b\""),
        ("x:\n  - note: a: b\n", 12, "- note: \"a: b\""),
    ] {
        let err = parse(yaml, 2).unwrap_err();
        assert_eq!(err.pos.col, col, "{yaml:?}: {}", err.message);
        assert!(
            err.message.ends_with(&format!("; write `{fixed}`")),
            "{yaml:?}: {}",
            err.message
        );
    }
    let err = parse("title: Note to self:\n", 2).unwrap_err();
    assert_eq!(err.pos, Pos::new(2, 20));
    assert!(
        err.message.contains(
            "a value that ends in `:` must be in quotes; write `title: \"Note to self:\"`"
        ),
        "{}",
        err.message
    );
    // A long value is shown cut short.
    let long = format!("title: {}: x\n", "w".repeat(300));
    let err = parse(&long, 2).unwrap_err();
    assert_eq!(err.pos, Pos::new(2, 308));
    assert!(err.message.ends_with("…`"), "{}", err.message);
    assert!(err.message.chars().count() < 250, "{}", err.message);
}

#[test]
fn a_colon_that_is_not_in_a_plain_value_keeps_the_parser_message() {
    // Quoted already, or the key on a line of its own.
    for (yaml, pos) in [
        ("a: \"x\": y\n", Pos::new(2, 7)),
        ("a: 1\n  b: 2\n", Pos::new(3, 4)),
    ] {
        let err = parse(yaml, 2).unwrap_err();
        assert_eq!(
            err.message,
            "invalid YAML in frontmatter: mapping values are not allowed in this context",
            "{yaml:?}"
        );
        assert_eq!(err.pos, pos, "{yaml:?}");
    }
    // A key too long for the scanner is still named as such.
    let err = parse(&format!("title: A\n{}: 1: 2\n", "k".repeat(2000)), 2).unwrap_err();
    assert!(err.message.contains("at most 1024"), "{}", err.message);
}

#[test]
fn a_tab_in_the_indentation_is_shown_at_the_tab() {
    let message = "invalid YAML in frontmatter: YAML indents with spaces, not tabs (a tab is here: use spaces)";
    for (yaml, pos) in [
        // The scanner stops at `5` on line 6; the tab is on line 7.
        (
            "title: A\nmode: IC\ntags: [a]\nenergy:\n  morning: 5\n\tmidday: 6\n",
            Pos::new(7, 1),
        ),
        (
            "title: A\nenergy:\n  morning: 5\n  \tmidday: 6\n",
            Pos::new(5, 3),
        ),
        // A tab-indented comment between is fine; the key after it is not.
        (
            "title: A\nenergy:\n  morning: 5\n\t# c\n\tmidday: 6\n",
            Pos::new(6, 1),
        ),
        // Before `tags:`, not at the `date:` line.
        ("title: A\ndate: 2024-03-14\n\ttags: [a]\n", Pos::new(4, 1)),
        ("title: A\nenergy:\n\tmorning: 5\n", Pos::new(4, 1)),
        ("title: A\nenergy:\n\t  morning: 5\n", Pos::new(4, 1)),
        ("title: |\n\tText\n", Pos::new(3, 1)),
        ("title: \"a\n\tb\"\n", Pos::new(3, 1)),
    ] {
        let err = parse(yaml, 2).unwrap_err();
        assert_eq!((err.pos, err.message.as_str()), (pos, message), "{yaml:?}");
    }
}

#[test]
fn an_unclosed_bracket_is_shown_where_it_opens() {
    let list = "invalid YAML in frontmatter: this `[` is not closed; add `]` after the last item";
    let map =
        "invalid YAML in frontmatter: this `{` is not closed; add `}` after the last `key: value`";
    for (yaml, pos, message) in [
        ("title: A\ntags: [a, b\n", Pos::new(3, 7), list),
        ("title: A\ntags: [a, b\n\n# note\n", Pos::new(3, 7), list),
        ("title: A\nx: {a: 1, b: 2\n", Pos::new(3, 4), map),
        // The innermost one still open.
        ("tags: [a, [b], {c: d, e\n", Pos::new(2, 16), map),
        ("tags: [a, {c: d}, [b\n", Pos::new(2, 19), list),
        ("tags: [a: b\n", Pos::new(2, 7), list),
        ("x:\n  - [a\n", Pos::new(3, 5), list),
        ("tags: [a,\n  b,\n", Pos::new(2, 7), list),
        ("x: {a: 1,\n", Pos::new(2, 4), map),
        ("x: [\n", Pos::new(2, 4), list),
    ] {
        let err = parse(yaml, 2).unwrap_err();
        assert_eq!((err.pos, err.message.as_str()), (pos, message), "{yaml:?}");
    }
    // The next key read as part of it: still the bracket.
    let err = parse("title: A\ntags: [one, two\nenergy: 5\n", 2).unwrap_err();
    assert_eq!((err.pos, err.message.as_str()), (Pos::new(3, 7), list));
    // A flow list may go on over lines; an error further in is the parser's.
    let err = parse("tags: [one,\n    two: x: y]\n", 2).unwrap_err();
    assert_ne!(err.message, list, "{err:?}");
    let err = parse("tags: [a, b}\n", 2).unwrap_err();
    assert!(
        err.message.contains("expected ',' or ']'"),
        "{}",
        err.message
    );
}

#[test]
fn lines_break_where_the_scanner_breaks_them() {
    assert_eq!(yaml_lines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
    assert_eq!(yaml_lines("a\n"), ["a"]);
    assert!(yaml_lines("").is_empty());
    // A lone CR counts as a line break, so positions stay on lines the scanner saw.
    let err = parse("title: A\r\tx: 1\r", 1).unwrap_err();
    assert_eq!(err.pos, Pos::new(2, 1), "{}", err.message);
    let err = parse("a: 1\rtags: [a\r", 1).unwrap_err();
    assert_eq!(err.pos, Pos::new(2, 7), "{}", err.message);
}

#[test]
fn many_keys_are_checked_for_duplicates_quickly() {
    let mut yaml: String = (0..50_000).map(|i| format!("k{i}: {i}\n")).collect();
    assert!(parse(&yaml, 2).is_ok());
    yaml.push_str("k7: again\n");
    let err = parse(&yaml, 2).unwrap_err();
    assert_eq!(err.message, "`k7` is given twice");
    assert_eq!(err.pos, Pos::new(50_002, 1));
}

#[test]
fn top_level_must_be_a_map() {
    assert!(parse("- a\n- b\n", 2).is_err());
    assert_eq!(parse("", 2).unwrap().kind, NodeKind::Map(vec![]));
}
