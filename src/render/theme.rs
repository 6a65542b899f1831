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
    "macros.html",
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
}

impl Theme {
    /// Compiles the default templates, overridden by the journal's `themes/<name>/`.
    pub fn load(config: &Config) -> Result<Theme, Diagnostics> {
        let dir = config.root.join("themes").join(&config.theme);
        let mut problems = Diagnostics::default();
        if config.theme != "default" && !dir.is_dir() {
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
        let mut templates: Vec<(String, String, Option<PathBuf>)> = TEMPLATES
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
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Unlike Tera's default, leaves `/` alone so URLs stay readable in the page source.
        tera.set_escape_fn(crate::html::escape);
        if problems.has_errors() {
            return Err(problems);
        }
        let pairs: Vec<(&str, &str)> = templates
            .iter()
            .map(|(n, t, _)| (n.as_str(), t.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(pairs) {
            // Tera names the template at fault; point at the journal's copy when it has one.
            let message = error_chain(&e);
            let culprit = templates
                .iter()
                .find(|(name, _, _)| message.contains(&format!("'{name}'")))
                .and_then(|(_, _, path)| path.as_deref());
            let shown = culprit.map_or_else(
                || format!("{} (template)", display_path(&dir.join("templates"))),
                display_path,
            );
            problems.push(Diagnostic::error(&shown, Pos::START, message));
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
        Ok(Theme { tera, assets })
    }
}

/// A Tera error with its causes, which hold the useful part (line, column, what went wrong).
pub fn error_chain(e: &dyn std::error::Error) -> String {
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
