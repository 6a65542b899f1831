//! A new journal: book.toml, a first entry that explains the format, and a
//! .gitignore for the built sites.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{ScaffoldError, write_new};
use crate::config::Config;

/// What `init` did.
#[derive(Debug, Default)]
pub struct InitReport {
    /// The files written.
    pub created: Vec<PathBuf>,
    /// The files that existed already and were left as they were.
    pub kept: Vec<PathBuf>,
}

/// Creates a journal in `dir` (made if missing), never replacing a file.
/// Refuses, writing nothing, when `dir` already holds a book.toml.
pub fn init(dir: &Path, title: &str, today: NaiveDate) -> Result<InitReport, ScaffoldError> {
    if dir.join(Config::FILE).exists() {
        return Err(ScaffoldError::AlreadyAJournal(dir.to_path_buf()));
    }
    let mut report = InitReport::default();
    for (rel, text) in journal_files(title, today) {
        let path = dir.join(&rel);
        if write_new(&path, &text)? {
            report.created.push(path);
        } else if rel == Path::new(Config::FILE) {
            // Someone wrote a book.toml since the check above.
            return Err(ScaffoldError::AlreadyAJournal(dir.to_path_buf()));
        } else {
            report.kept.push(path);
        }
    }
    Ok(report)
}

/// The files of a new journal, relative to its root, book.toml first.
pub fn journal_files(title: &str, today: NaiveDate) -> Vec<(PathBuf, String)> {
    let welcome = PathBuf::from(format!(
        "content/{}/{}-welcome.md",
        today.format("%Y"),
        today.format("%Y-%m-%d")
    ));
    vec![
        (PathBuf::from(Config::FILE), book_toml(title)),
        (welcome, welcome_entry(today)),
        (PathBuf::from(".gitignore"), GITIGNORE.to_owned()),
    ]
}

/// The title a journal in a folder called `name` gets: `my-journal` → `My journal`.
pub fn title_from_folder(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| c == '-' || c == '_' || c == '.' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "My journal".to_owned(),
    }
}

/// The built sites, public and personal, stay out of version control.
const GITIGNORE: &str = "public/\npublic-private/\n.ebb-cache/\n";

/// A book.toml with `title` and every other setting at its default, commented out.
pub fn book_toml(title: &str) -> String {
    let title = toml::Value::from(title);
    format!(
        r#"[book]
title = {title}
# authors = ["Your name"]
# description = "Notes from moving between IC and EM work"
# language = "en"

# Every other setting is shown at its default: remove the `# ` to change one.

# [build]
# build-dir = "public"                        # where `ebb build` writes the site
# content-dir = "content"                     # where the entries are

# [site]
# base-url = "https://example.com/journal/"   # the site's public address
# theme = "default"
# page-size = 20                              # entries per list page

# [markdown]
# highlight-theme = "InspiredGitHub"
# highlight-theme-dark = "base16-ocean.dark"

# [feed]
# limit = 20                                  # entries in each Atom feed

# Metrics of your own, written in entries like `sleep: 7.5`, charted on /trends/:
# [metrics.sleep]
# label = "Sleep"
# unit = "h"
# min = 0                                     # bounds are required
# max = 12
# integer = false                             # true: whole numbers only
# better = "higher"                           # or "lower"

# [extra]                                     # anything; templates see it as site.extra
"#
    )
}

/// The first entry: a short, friendly tour of the format and the commands.
pub fn welcome_entry(today: NaiveDate) -> String {
    format!(
        r#"---
title: Welcome to your journal
date: {today}
mode: IC                       # IC or EM: the role you worked in today
energy:                        # check-ins, or one score: `energy: 6`
  morning: 7
  midday: {{ score: 5, tags: [email], note: "the inbox after a long weekend" }}
  evening: 6
focus_hours: 2                 # hours of real, focused work
meeting_hours: 1.5             # hours in meetings
tags: [getting-started]
summary: What an entry looks like, and how to write the next one.
draft: false                   # drafts stay out of `ebb build`
private: false                 # private entries never reach a public build
---
This is your first entry. It is an ordinary Markdown file with a little YAML
at the top, the *frontmatter*, and you can change or delete it whenever you
like.

## The frontmatter

- **energy**: how much you had, from 1 (running on empty) to 10 (full of
  it). Give the day one score, `energy: 6`, or check in up to three times,
  `energy: {{ morning: 7, midday: 5, evening: 6 }}`. A check-in left empty
  means "not recorded"; the day's energy is the mean of the ones you gave.
  A check-in can also say what you did in the hours before it, as the
  midday one above does: `{{ score: 5, tags: [email], note: "…" }}`. Its tags
  are the entry's tags too, and they show which hours drain you and which
  restore you.
- **mode**: `IC` on days you worked as an individual contributor, `EM` on
  days you managed. ebb sets the two side by side.
- **focus_hours** and **meeting_hours**: a rough guess is plenty.
- **tags**: what you did, like `[one-on-ones, deep-work]`. Over a few weeks
  they show which activities drain you and which restore you.
- **private** and **draft**: `private: true` keeps an entry off the public
  site for good; `draft: true` holds it back until it is ready.

Only `title` is required. An entry without energy or mode is still a page;
it just stays out of the charts that need them.

## The commands

- `ebb new` writes today's entry and opens it in your editor:
  `ebb new "A hard week" --energy 4 --tags hiring,one-on-ones`.
- `ebb check` points at anything it cannot read, as `file:line:column`.
- `ebb build` turns the journal into a website in `public/`.
- `ebb serve` shows the site in your browser and rebuilds it as you write.

Happy writing.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::validate::{SourceFile, parse_entry};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 14).unwrap()
    }

    #[test]
    fn titles_from_folder_names() {
        assert_eq!(title_from_folder("my-journal"), "My journal");
        assert_eq!(title_from_folder("field_notes"), "Field notes");
        assert_eq!(title_from_folder("élan vital"), "Élan vital");
        assert_eq!(title_from_folder("---"), "My journal");
    }

    #[test]
    fn book_toml_parses_as_written_and_with_every_default_uncommented() {
        let root = Path::new("/j");
        let text = book_toml("Ada's \"notes\"");
        let config = Config::parse(root, "book.toml", &text).unwrap();
        assert_eq!(config.title, "Ada's \"notes\"");
        // Uncomment every setting line; the result must still be a valid config.
        let uncommented: String = text
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.starts_with('[') || rest.contains(" = ") => rest,
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(uncommented.contains("\n[feed]\nlimit = 20"));
        let full = Config::parse(root, "book.toml", &uncommented).unwrap();
        let defaults = Config::with_defaults(root, &full.title);
        assert_eq!(full.build_dir, defaults.build_dir);
        assert_eq!(full.content_dir, defaults.content_dir);
        assert_eq!(full.page_size, defaults.page_size);
        assert_eq!(full.highlight_theme_dark, defaults.highlight_theme_dark);
        assert_eq!(full.feed_limit, defaults.feed_limit);
        assert_eq!(full.authors, ["Your name"]);
        assert_eq!(full.metrics[0].key, "sleep");
    }

    #[test]
    fn welcome_entry_validates_without_any_problem() {
        let text = welcome_entry(day());
        let name = "content/2024/2024-03-14-welcome.md";
        let parsed = parse_entry(SourceFile {
            path: Path::new(name),
            display: name,
            content_path: "2024/2024-03-14-welcome.md",
            bytes: text.as_bytes(),
            metrics: &[],
        });
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let entry = parsed.entry.unwrap();
        assert_eq!(entry.slug, "welcome");
        assert_eq!(entry.date, day());
        assert_eq!(entry.energy.map(|e| e.value()), Some(6.0));
        // One check-in in the map form: what came before it is kept.
        let midday = &entry.activities[crate::content::Moment::Midday.index()];
        assert_eq!(midday.tags, ["email"]);
        assert_eq!(
            midday.note.as_deref(),
            Some("the inbox after a long weekend")
        );
        assert_eq!(entry.tags, ["getting-started", "email"]);
    }

    #[test]
    fn init_refuses_a_journal_and_keeps_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitignore"), "target/\n").unwrap();
        let report = init(dir.path(), "T", day()).unwrap();
        assert_eq!(report.created.len(), 2);
        assert_eq!(report.kept, [dir.path().join(".gitignore")]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
            "target/\n"
        );
        let again = init(dir.path(), "T", day());
        assert!(matches!(again, Err(ScaffoldError::AlreadyAJournal(_))));
    }
}
