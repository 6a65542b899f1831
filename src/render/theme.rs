//! The theme: Tera templates and static files. The default theme is embedded
//! in the binary; a journal's `themes/<name>/` overrides it file by file.

use std::path::{Path, PathBuf};

use tera::Tera;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, display_path};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates.
const TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "components.html",
    "list.html",
    "card.html",
    "entry.html",
    "tags.html",
    "archive.html",
    "page.html",
    "404.html",
    "trends.html",
    "weeks.html",
    "week.html",
    "year.html",
    "search.html",
);

/// The default theme's static files, written at the site root.
const STATIC: &[(&str, &[u8])] = &[
    (
        "assets/style.css",
        include_bytes!("../../themes/default/static/assets/style.css"),
    ),
    (
        "assets/search.js",
        include_bytes!("../../themes/default/static/assets/search.js"),
    ),
];

/// Where a static file of the theme comes from.
#[derive(Debug, Clone)]
pub enum Asset {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// Compiled templates and the static files that go with them.
#[derive(Debug)]
pub struct Theme {
    pub tera: Tera,
    /// Output path (relative to the site root) and source.
    pub assets: Vec<(String, Asset)>,
    /// The journal's templates folder, and each template's file there, if
    /// it overrides the built-in one: where errors point.
    dir: PathBuf,
    templates: Vec<Template>,
}

/// A template's name, text, and file when the journal overrides the built-in one.
type Template = (String, String, Option<PathBuf>);

impl Theme {
    /// Compiles the default templates, overridden by the journal's `themes/<name>/`.
    pub fn load(config: &Config) -> Result<Theme, Diagnostics> {
        let dir = Config::theme_dir(&config.root, &config.theme);
        let mut problems = Diagnostics::default();
        // Checked when book.toml is read too; the folder may have gone since.
        if !Config::theme_exists(&config.root, &config.theme) {
            problems.push(Diagnostic::error(
                &display_path(&config.root.join(Config::FILE)),
                Pos::START,
                format!(
                    "theme `{}` not found: expected a folder {}",
                    config.theme,
                    display_path(&dir)
                ),
            ));
            return Err(problems);
        }
        let mut templates: Vec<Template> = TEMPLATES
            .iter()
            .map(|(n, s)| ((*n).to_owned(), (*s).to_owned(), None))
            .collect();
        for path in files_under(&dir.join("templates")) {
            let name = relative_name(&dir.join("templates"), &path);
            match std::fs::read_to_string(&path) {
                Ok(text) => match templates.iter_mut().find(|(n, _, _)| *n == name) {
                    Some(slot) => *slot = (name, text, Some(path)),
                    None => templates.push((name, text, Some(path))),
                },
                Err(e) => problems.push(Diagnostic::error(
                    &display_path(&path),
                    Pos::START,
                    format!("cannot read template: {e}"),
                )),
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Unlike Tera's default, leaves `/` alone so URLs stay readable in the page source.
        tera.set_escape_fn(crate::html::escape_to);
        tera.register_filter("count", super::words::count_filter);
        if problems.has_errors() {
            return Err(problems);
        }
        let pairs: Vec<(&str, &str)> = templates
            .iter()
            .map(|(n, t, _)| (n.as_str(), t.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(pairs) {
            problems.extend(locate(&e, &dir.join("templates"), &templates));
            return Err(problems);
        }

        let mut assets: Vec<(String, Asset)> = STATIC
            .iter()
            .map(|(n, b)| ((*n).to_owned(), Asset::Embedded(b)))
            .collect();
        let static_dir = dir.join("static");
        for path in files_under(&static_dir) {
            let name = relative_name(&static_dir, &path);
            assets.retain(|(n, _)| *n != name);
            assets.push((name, Asset::File(path)));
        }
        Ok(Theme {
            tera,
            assets,
            dir: dir.join("templates"),
            templates,
        })
    }

    /// A Tera error while rendering, as a diagnostic at its place in the template.
    pub fn error(&self, e: &tera::Error) -> Diagnostic {
        locate(e, &self.dir, &self.templates)
            .into_iter()
            .next()
            .unwrap_or_else(|| self.problem(error_chain(e)))
    }

    /// A hash of the templates (name and text): pages change when it does.
    /// (Assets are copied on every build, so they need no part in it.)
    pub fn hash(&self) -> u64 {
        let templates: Vec<(&str, &str)> = self
            .templates
            .iter()
            .map(|(name, text, _)| (name.as_str(), text.as_str()))
            .collect();
        crate::hash::hash_parts(templates)
    }

    /// A problem with the theme that Tera did not place.
    pub fn problem(&self, message: String) -> Diagnostic {
        Diagnostic::error(&display_path(&self.dir), Pos::START, message)
    }
}

/// A Tera error at its file and position: the journal's copy of the
/// template when it has one, else the built-in template, named. Checks that
/// span templates (an unknown component, a block no parent has) come as one
/// message of several reports: each becomes a diagnostic of its own.
fn locate(e: &tera::Error, dir: &Path, templates: &[Template]) -> Vec<Diagnostic> {
    let at = |name: &str, pos: Pos, message: &str| {
        let found = templates.iter().find(|(n, _, _)| n == name);
        let shown = match found {
            Some((_, _, Some(path))) => display_path(path),
            _ => format!("{} (built-in {name})", display_path(dir)),
        };
        let d = Diagnostic::error(&shown, pos, message);
        match found {
            Some((_, text, _)) => d.with_source(text),
            None => d,
        }
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let pos = Pos::new(span.start_line.max(1), span.start_col + 1);
            vec![at(report.filename(), pos, report.message())]
        }
        _ => {
            let text = error_chain(e);
            let placed: Vec<Diagnostic> = reports(&text)
                .into_iter()
                .map(|(message, name, pos)| at(name, pos, message))
                .collect();
            if placed.is_empty() {
                vec![Diagnostic::error(&display_path(dir), Pos::START, text)]
            } else {
                placed
            }
        }
    }
}

/// The reports in Tera's text: `error: <message>` followed by
/// ` --> <template>:<line>:<column>` (a column counted from 1).
fn reports(text: &str) -> Vec<(&str, &str, Pos)> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let Some(place) = lines
            .next()
            .and_then(|l| l.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        let mut parts = place.rsplitn(3, ':');
        let (Some(col), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if let (Ok(line), Ok(col)) = (line.parse(), col.parse()) {
            found.push((message, name, Pos::new(line, col)));
        }
    }
    found
}

/// A Tera error with its causes.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Every file under `dir` (none if it does not exist), sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !crate::content::is_editor_temp(&e.file_name().to_string_lossy()))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

fn relative_name(dir: &Path, path: &Path) -> String {
    crate::content::content_relative(dir, path)
}
