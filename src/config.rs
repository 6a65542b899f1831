//! `book.toml`: the journal's configuration, read strictly. Unknown keys
//! outside `[extra]` are errors that name the closest known key.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::validate::closest;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, display_path};

/// The sections of book.toml and the keys each one takes.
const SCHEMA: &[(&str, &[&str])] = &[
    ("book", &["title", "authors", "description", "language"]),
    ("build", &["build-dir", "content-dir"]),
    ("site", &["base-url", "theme", "page-size"]),
    ("markdown", &["highlight-theme", "highlight-theme-dark"]),
    ("feed", &["limit"]),
    ("extra", &[]),
];

/// The configuration of one journal, with every default filled in.
#[derive(Debug, Clone)]
pub struct Config {
    /// The journal root: the folder holding book.toml.
    pub root: PathBuf,
    pub title: String,
    pub authors: Vec<String>,
    pub description: Option<String>,
    pub language: String,
    /// Absolute output folder.
    pub build_dir: PathBuf,
    /// Absolute content folder.
    pub content_dir: PathBuf,
    /// The public URL of the site, always ending in `/`, if given.
    pub base_url: Option<String>,
    pub theme: String,
    pub page_size: usize,
    pub highlight_theme: String,
    pub highlight_theme_dark: String,
    pub feed_limit: usize,
    /// `[extra]`, for templates.
    pub extra: serde_json::Value,
}

impl Config {
    /// The file name of the configuration.
    pub const FILE: &'static str = "book.toml";

    /// A configuration with every default, for a journal at `root`.
    pub fn with_defaults(root: &Path, title: &str) -> Config {
        Config {
            root: root.to_path_buf(),
            title: title.to_owned(),
            authors: Vec::new(),
            description: None,
            language: "en".to_owned(),
            build_dir: root.join("public"),
            content_dir: root.join("content"),
            base_url: None,
            theme: "default".to_owned(),
            page_size: 20,
            highlight_theme: "InspiredGitHub".to_owned(),
            highlight_theme_dark: "base16-ocean.dark".to_owned(),
            feed_limit: 20,
            extra: serde_json::Value::Object(Default::default()),
        }
    }

    /// Reads `root/book.toml`, reporting every problem in it.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(Self::FILE);
        let display = display_path(&path);
        let fail = |pos: Pos, message: String| {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(&display, pos, message));
            d
        };
        let bytes =
            std::fs::read(&path).map_err(|e| fail(Pos::START, format!("cannot read: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            fail(
                Pos::of_offset(valid, valid.len()),
                format!(
                    "file is not valid UTF-8 (byte 0x{:02X}); save it as UTF-8",
                    bytes[at]
                ),
            )
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Self::parse(root, &display, text)
    }

    /// Parses book.toml text for a journal at `root`.
    pub fn parse(root: &Path, display: &str, text: &str) -> Result<Config, Diagnostics> {
        let mut reader = Reader {
            display,
            text,
            lines: text.lines().collect(),
            keys: KeyIndex::new(text),
            diagnostics: Diagnostics::default(),
        };
        let config = reader.read(root);
        match config {
            Some(c) if !reader.diagnostics.has_errors() => Ok(c),
            _ => {
                let mut problems = reader.diagnostics;
                problems.sort();
                Err(problems)
            }
        }
    }

    /// The path part of the base URL (`/notes/` for `https://ada.example/notes/`), or `/`.
    pub fn base_path(&self) -> String {
        let Some(url) = &self.base_url else {
            return "/".to_owned();
        };
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        let path = if url.contains("://") {
            after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
        } else {
            after_scheme
        };
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".to_owned()
        } else {
            format!("/{trimmed}/")
        }
    }
}

impl Config {
    /// The absolute URL of a site path (`/notes/x/`), when the base URL is
    /// known; else the path itself.
    pub fn absolute(&self, path: &str) -> String {
        match &self.base_url {
            Some(url) => {
                let origin = match url.split_once("://") {
                    Some((scheme, rest)) => {
                        let host = rest.split('/').next().unwrap_or(rest);
                        format!("{scheme}://{host}")
                    }
                    None => String::new(),
                };
                format!("{origin}{path}")
            }
            None => path.to_owned(),
        }
    }
}

/// Why `url` cannot be a site's base URL, if it cannot: it must be an
/// absolute `http` or `https` URL with a host, and nothing that would need
/// escaping in a link (spaces, quotes, `<`, `>`), a query or a fragment.
pub fn check_base_url(url: &str) -> Result<(), &'static str> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must start with https:// or http://, like \"https://example.org/journal/\"")?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err("must name a host after the scheme, like \"https://example.org/\"");
    }
    let odd = |c: char| c.is_whitespace() || c.is_control() || "\"'<>\\`{}|^?#".contains(c);
    if url.chars().any(odd) {
        return Err(
            "must be a plain URL: no spaces, quotes, `<`, `>`, `\\`, query (`?`) or fragment (`#`)",
        );
    }
    Ok(())
}

/// Normalises a base URL to end in exactly one `/`.
pub fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim().trim_end_matches('/'))
}

struct Reader<'a> {
    display: &'a str,
    text: &'a str,
    /// The lines of `text` and where its keys are, read once for all errors.
    lines: Vec<&'a str>,
    keys: KeyIndex,
    diagnostics: Diagnostics,
}

impl Reader<'_> {
    fn error(&mut self, pos: Pos, message: String) {
        let line = self.lines.get(pos.line.saturating_sub(1)).copied();
        self.diagnostics
            .push(Diagnostic::error(self.display, pos, message).with_source_line(line));
    }

    fn read(&mut self, root: &Path) -> Option<Config> {
        let table: toml::Table = match toml::from_str(self.text) {
            Ok(t) => t,
            Err(e) => {
                let pos = e
                    .span()
                    .map_or(Pos::START, |s| Pos::of_offset(self.text, s.start));
                let message = e.message().trim().to_owned();
                self.error(pos, format!("invalid TOML: {message}"));
                return None;
            }
        };
        for (section, value) in &table {
            let Some((_, keys)) = SCHEMA.iter().find(|(s, _)| s == section) else {
                let names: Vec<&str> = SCHEMA.iter().map(|(s, _)| *s).collect();
                let hint = suggestion(section, &names);
                let pos = self.keys.locate(None, section);
                self.error(pos, format!("unknown section `{section}`{hint}"));
                continue;
            };
            let Some(inner) = value.as_table() else {
                let pos = self.keys.locate(None, section);
                self.error(
                    pos,
                    format!("`{section}` must be a section (`[{section}]`)"),
                );
                continue;
            };
            if *section == "extra" {
                continue;
            }
            for key in inner.keys() {
                if !keys.contains(&key.as_str()) {
                    let hint = suggestion(key, keys);
                    let pos = self.keys.locate(Some(section), key);
                    self.error(pos, format!("unknown key `{key}` in [{section}]{hint}"));
                }
            }
        }

        let get = |section: &str, key: &str| table.get(section).and_then(|s| s.get(key));
        let title = match get("book", "title") {
            Some(v) => self.string(v, "book", "title"),
            None => {
                self.error(
                    Pos::START,
                    "missing `title` in [book]: add `[book]` and `title = \"My journal\"`"
                        .to_owned(),
                );
                None
            }
        };
        let mut c = Config::with_defaults(root, title.as_deref().unwrap_or(""));
        if let Some(v) = get("book", "authors") {
            match v.as_array().map(|a| {
                a.iter()
                    .map(|x| x.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
            }) {
                Some(Some(authors)) => c.authors = authors,
                _ => self.type_error("book", "authors", "a list of names, like [\"Ada\"]"),
            }
        }
        if let Some(v) = get("book", "description") {
            c.description = self.string(v, "book", "description");
        }
        if let Some(v) = get("book", "language") {
            c.language = self.string(v, "book", "language").unwrap_or(c.language);
        }
        if let Some(v) = get("build", "build-dir") {
            if let Some(s) = self.string(v, "build", "build-dir") {
                c.build_dir = root.join(s);
            }
        }
        if let Some(v) = get("build", "content-dir") {
            if let Some(s) = self.string(v, "build", "content-dir") {
                c.content_dir = root.join(s);
            }
        }
        if let Some(v) = get("site", "base-url") {
            if let Some(url) = self.string(v, "site", "base-url") {
                match check_base_url(&url) {
                    Ok(()) => c.base_url = Some(normalize_base_url(&url)),
                    Err(why) => {
                        let pos = self.keys.value_pos("site", "base-url");
                        self.error(pos, format!("`base-url` in [site] {why}, found `{url}`"));
                    }
                }
            }
        }
        if let Some(v) = get("site", "theme") {
            if let Some(name) = self.string(v, "site", "theme") {
                let pos = self.keys.value_pos("site", "theme");
                let plain = !name.contains(['/', '\\']) && !name.starts_with('.');
                if !plain {
                    self.error(
                        pos,
                        format!("`theme` in [site] must be the name of a folder in themes/, found `{name}`"),
                    );
                } else if name != "default" && !root.join("themes").join(&name).is_dir() {
                    self.error(
                        pos,
                        format!("theme `{name}` not found: expected a folder themes/{name}"),
                    );
                } else {
                    c.theme = name;
                }
            }
        }
        if let Some(v) = get("site", "page-size") {
            c.page_size = self.count(v, "site", "page-size").unwrap_or(c.page_size);
        }
        if let Some(v) = get("markdown", "highlight-theme") {
            c.highlight_theme = self
                .theme_name(v, "highlight-theme")
                .unwrap_or(c.highlight_theme);
        }
        if let Some(v) = get("markdown", "highlight-theme-dark") {
            c.highlight_theme_dark = self
                .theme_name(v, "highlight-theme-dark")
                .unwrap_or(c.highlight_theme_dark);
        }
        if let Some(v) = get("feed", "limit") {
            c.feed_limit = self.count(v, "feed", "limit").unwrap_or(c.feed_limit);
        }
        if let Some(extra) = table.get("extra") {
            c.extra = serde_json::to_value(extra).unwrap_or_default();
        }
        title.map(|_| c)
    }

    fn type_error(&mut self, section: &str, key: &str, expected: &str) {
        let pos = self.keys.value_pos(section, key);
        self.error(pos, format!("`{key}` in [{section}] must be {expected}"));
    }

    fn string(&mut self, v: &toml::Value, section: &str, key: &str) -> Option<String> {
        match v.as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.to_owned()),
            Some(_) => {
                self.type_error(section, key, "non-empty text");
                None
            }
            None => {
                self.type_error(section, key, "text in quotes");
                None
            }
        }
    }

    fn count(&mut self, v: &toml::Value, section: &str, key: &str) -> Option<usize> {
        match v.as_integer() {
            Some(n) if n >= 1 => usize::try_from(n).ok(),
            _ => {
                self.type_error(section, key, "a whole number of at least 1");
                None
            }
        }
    }

    fn theme_name(&mut self, v: &toml::Value, key: &str) -> Option<String> {
        let name = self.string(v, "markdown", key)?;
        let known = crate::highlight::theme_names();
        if known.contains(&name.as_str()) {
            return Some(name);
        }
        let hint = suggestion(&name, &known);
        let pos = self.keys.value_pos("markdown", key);
        self.error(
            pos,
            format!(
                "unknown highlight theme `{name}`{hint}; known: {}",
                known.join(", ")
            ),
        );
        None
    }
}

fn suggestion(word: &str, known: &[&str]) -> String {
    closest(word, known)
        .map(|k| format!("; did you mean `{k}`?"))
        .unwrap_or_default()
}

/// Where each section header and key of book.toml is first written, found by
/// reading lines the way TOML lays them out (exotic layouts are not found).
/// Read once per file, so a file with many unknown keys is not read once per key.
struct KeyIndex {
    /// `(section, key)` → `(line, key column, value column)`. A section
    /// header `[name]` is under `(None, name)`, and so are a top-level key
    /// and the first part of a top-level dotted key.
    at: HashMap<(Option<String>, String), (usize, usize, usize)>,
}

impl KeyIndex {
    fn new(text: &str) -> KeyIndex {
        let mut at = HashMap::new();
        let mut current: Option<String> = None;
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            let indent = line.chars().count() - trimmed.chars().count();
            if let Some(header) = trimmed.strip_prefix('[') {
                let name = header
                    .trim_start_matches('[')
                    .split(']')
                    .next()
                    .unwrap_or("")
                    .trim();
                at.entry((None, name.to_owned()))
                    .or_insert((i + 1, indent + 1, indent + 1));
                current = Some(name.to_owned());
                continue;
            }
            let Some((lhs, rhs)) = trimmed.split_once('=') else {
                continue;
            };
            let key = lhs.trim().trim_matches('"');
            let value_col = line.chars().count() - rhs.trim_start().chars().count() + 1;
            let found = (i + 1, indent + 1, value_col);
            if current.is_none() {
                let first = key.split('.').next().unwrap_or(key);
                at.entry((None, first.to_owned())).or_insert(found);
            }
            at.entry((current.clone(), key.to_owned())).or_insert(found);
        }
        KeyIndex { at }
    }

    fn find(&self, section: Option<&str>, key: &str) -> Option<(usize, usize, usize)> {
        self.at
            .get(&(section.map(str::to_owned), key.to_owned()))
            .copied()
    }

    /// Where `key` is written inside `[section]` (or where `[key]` starts, for a section).
    fn locate(&self, section: Option<&str>, key: &str) -> Pos {
        self.find(section, key)
            .map_or(Pos::START, |(line, col, _)| Pos::new(line, col))
    }

    /// Where the value of `key` in `[section]` starts.
    fn value_pos(&self, section: &str, key: &str) -> Pos {
        self.find(Some(section), key)
            .map_or(Pos::START, |(line, _, value_col)| Pos::new(line, value_col))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<String>> {
        Config::parse(Path::new("/j"), "book.toml", text).map_err(|d| {
            d.iter()
                .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
                .collect()
        })
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
    fn base_path_from_url() {
        let mut c =
            parse("[book]\ntitle = \"N\"\n[site]\nbase-url = \"https://ada.example/notes\"\n")
                .unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://ada.example/notes/"));
        assert_eq!(c.base_path(), "/notes/");
        c.base_url = Some("https://ada.example/".into());
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn absolute_urls_keep_the_sub_path() {
        let mut c =
            parse("[book]\ntitle = \"N\"\n[site]\nbase-url = \"https://ada.example/notes/\"\n")
                .unwrap();
        assert_eq!(
            c.absolute("/notes/tags/"),
            "https://ada.example/notes/tags/"
        );
        c.base_url = None;
        assert_eq!(c.absolute("/tags/"), "/tags/");
    }

    #[test]
    fn unknown_keys_are_all_reported_with_suggestions() {
        let errs =
            parse("[book]\ntitle = \"N\"\ntitel = \"x\"\n[build]\nbuild_dir = \"out\"\n[sit]\n")
                .unwrap_err();
        assert_eq!(
            errs,
            [
                "3:1: unknown key `titel` in [book]; did you mean `title`?",
                "5:1: unknown key `build_dir` in [build]; did you mean `build-dir`?",
                "6:1: unknown section `sit`; did you mean `site`?",
            ]
        );
    }

    #[test]
    fn base_url_and_theme_are_checked_at_their_value() {
        let errs = parse("[book]\ntitle = \"N\"\n[site]\nbase-url = \"not a url\"\n").unwrap_err();
        assert_eq!(
            errs,
            [
                "4:12: `base-url` in [site] must start with https:// or http://, like \"https://example.org/journal/\", found `not a url`"
            ]
        );
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
        let errs = parse("[book]\ntitle = \"N\"\n[site]\ntheme = \"../../etc\"\n").unwrap_err();
        assert_eq!(
            errs,
            ["4:9: `theme` in [site] must be the name of a folder in themes/, found `../../etc`"]
        );
        let errs = parse("[book]\ntitle = \"N\"\n[site]\ntheme = \"nope\"\n").unwrap_err();
        assert_eq!(
            errs,
            ["4:9: theme `nope` not found: expected a folder themes/nope"]
        );
    }

    #[test]
    fn types_and_syntax() {
        let errs = parse("[book]\ntitle = \"N\"\n[site]\npage-size = 0\n").unwrap_err();
        assert_eq!(
            errs,
            ["4:13: `page-size` in [site] must be a whole number of at least 1"]
        );
        let errs = parse("[book\ntitle = 1\n").unwrap_err();
        assert!(errs[0].starts_with("1:"), "{errs:?}");
        let errs = parse("[book]\nauthors = [\"A\"]\n").unwrap_err();
        assert!(errs[0].contains("missing `title`"));
        let errs = parse("[book]\ntitle = \"N\"\n[markdown]\nhighlight-theme = \"Solarized\"\n")
            .unwrap_err();
        assert!(
            errs[0].starts_with("4:19: unknown highlight theme `Solarized`"),
            "{errs:?}"
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
        let errors = parse(&text).unwrap_err();
        assert_eq!(errors.len(), 5_002, "{:?}", &errors[..3]);
        assert_eq!(errors[0], "3:1: unknown key `k0` in [book]");
        assert_eq!(errors[4_999], "5002:1: unknown key `k4999` in [book]");
        assert!(errors[5_000].starts_with("5003:1: unknown section `one`"));
        assert!(errors[5_001].starts_with("5005:1: unknown section `two`"));
    }

    #[test]
    fn top_level_keys_and_dotted_keys_are_found() {
        let errors = parse("title = \"x\"\nsitee.base = 1\n[book]\ntitle = \"y\"\n").unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0], "1:1: unknown section `title`");
        assert!(
            errors[1].starts_with("2:1: unknown section `sitee`"),
            "{errors:?}"
        );
    }

    /// The search the index replaced: one scan of the file per key.
    fn find_key_by_scan(
        text: &str,
        section: Option<&str>,
        key: &str,
    ) -> Option<(usize, usize, usize)> {
        let mut current: Option<String> = None;
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            let indent = line.chars().count() - trimmed.chars().count();
            if let Some(header) = trimmed.strip_prefix('[') {
                let name = header
                    .trim_start_matches('[')
                    .split(']')
                    .next()
                    .unwrap_or("")
                    .trim();
                if section.is_none() && name == key {
                    return Some((i + 1, indent + 1, indent + 1));
                }
                current = Some(name.to_owned());
                continue;
            }
            let (wanted_section, wanted_key) = match section {
                Some(s) => (Some(s), key.to_owned()),
                None => (None, key.to_owned()),
            };
            if current.as_deref() != wanted_section
                && !(wanted_section.is_none() && current.is_none())
            {
                continue;
            }
            let Some((lhs, rhs)) = trimmed.split_once('=') else {
                continue;
            };
            let lhs_key = lhs.trim().trim_matches('"');
            let top_dotted = section.is_none() && lhs_key.split('.').next() == Some(key);
            if lhs_key == wanted_key || top_dotted {
                let value_col = line.chars().count() - rhs.trim_start().chars().count() + 1;
                return Some((i + 1, indent + 1, value_col));
            }
        }
        None
    }

    #[test]
    fn key_index_finds_what_a_scan_finds() {
        let texts = [
            "[book]\ntitle = \"x\"\n  authors = []\n[site]\nbase-url=\"u\"\n[book]\ntitle = 2\n",
            "top = 1\na.b.c = 2\n\"q\" = 3\n[[arr]]\nk = 1\n[ x . y ]\nk = 2\n[x]\nk=3\n",
            "# c = 1\n[s] # comment\nk = \"=\"\n\u{e9}t\u{e9} = 1\n\t[t]\n\tk\t=\t1\n",
        ];
        for text in texts {
            let index = KeyIndex::new(text);
            let mut names: Vec<&str> =
                vec!["book", "site", "title", "top", "a", "a.b.c", "q", "arr"];
            names.extend([
                "k",
                "x . y",
                "x",
                "s",
                "t",
                "authors",
                "base-url",
                "\u{e9}t\u{e9}",
                "c",
            ]);
            for key in &names {
                for section in [
                    None,
                    Some("book"),
                    Some("site"),
                    Some("x"),
                    Some("s"),
                    Some("t"),
                ] {
                    assert_eq!(
                        index.find(section, key),
                        find_key_by_scan(text, section, key),
                        "{key:?} in {section:?} of {text:?}"
                    );
                }
            }
        }
    }
}
