//! Standalone pages (`pages/about.md` → `/about/`): a title and a body.

use std::path::PathBuf;

use super::frontmatter::{self, NodeKind, key_text};
use super::keys::privacy_near_miss;
use super::validate::{Checker, SourceFile};
use crate::diagnostics::{Diagnostic, Pos};
use crate::slug::slugify;

/// A standalone page (`pages/about.md`): a title and a body.
#[derive(Debug, Clone)]
pub struct PageSource {
    pub title: String,
    pub slug: String,
    pub draft: bool,
    pub private: bool,
    pub body: String,
    pub body_line: usize,
    pub display_path: String,
    pub source: PathBuf,
}

/// Reads a standalone page: `title` is required; `draft` and `private` are honoured.
pub fn parse_page(file: SourceFile<'_>) -> (Option<PageSource>, Vec<Diagnostic>) {
    Checker::read_file(file, |c, text| c.page(text))
}

impl Checker<'_> {
    fn page(&mut self, text: &str) -> Option<PageSource> {
        let split = frontmatter::split(text)
            .and_then(|s| frontmatter::parse(s.yaml, s.yaml_line).map(|root| (s, root)));
        let (split, root) = match split {
            Ok(found) => found,
            Err(e) => {
                self.error(e.pos, e.message);
                return None;
            }
        };
        let NodeKind::Map(pairs) = &root.kind else {
            return None;
        };
        let (mut title, mut draft, mut private) = (None, false, false);
        for (key, value) in pairs {
            match key_text(key).as_str() {
                "title" => title = self.text(value, "title").filter(|t| !t.trim().is_empty()),
                "draft" => draft = self.flag(value, "draft"),
                "private" => private = self.flag(value, "private"),
                name if self.foreign_hide_key(name, key, value) => {}
                name => {
                    if let Some(target) = privacy_near_miss(name) {
                        self.error(
                            key.pos,
                            format!("`{name}` looks like `{target}` but is not it"),
                        );
                    } else {
                        self.warning(
                            key.pos,
                            format!("pages use only `title`; `{name}` is ignored"),
                        );
                    }
                }
            }
        }
        let Some(title) = title else {
            self.error(Pos::START, "missing `title`: every page needs a title");
            return None;
        };
        let stem = self
            .file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        let slug = slugify(&stem);
        if slug.is_empty() {
            self.error(Pos::START, "cannot make a URL from this file name");
        }
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        Some(PageSource {
            title: title.trim().to_owned(),
            slug,
            draft,
            private,
            body: split.body.to_owned(),
            body_line: split.body_line,
            display_path: self.file.display.to_owned(),
            source: self.file.path.to_path_buf(),
        })
    }
}
