//! Rendering pages: a template and a view in, HTML out.

pub mod dates;
mod links;
pub mod theme;
pub mod trend_views;
pub mod views;
pub mod words;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
pub use theme::Theme;
use views::{EntryCard, SiteView};

/// Everything a template receives: the site, the page's own view, and where it is.
#[derive(Serialize)]
struct Context<'a, V: Serialize> {
    site: &'a SiteView<'a>,
    page: &'a V,
    /// The page's path (`/notes/tags/`), for navigation.
    path: &'a str,
    /// The page's absolute URL, when the site has a base URL.
    canonical: Option<String>,
    /// Which navigation item is current: `home`, `tags`, `ic`, `em`, `archive`, or a page slug.
    section: &'a str,
}

/// Renders `template` with `page` as the page's view, as the page's bytes.
pub fn render_page<V: Serialize>(
    theme: &Theme,
    template: &str,
    site: &SiteView<'_>,
    page: &V,
    path: &str,
    section: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let canonical = site.base_url.map(|url| {
        let rel = path.strip_prefix(site.base).unwrap_or(path);
        format!("{url}{rel}")
    });
    let context = Context {
        site,
        page,
        path,
        canonical,
        section,
    };
    let context = tera::Context::from_serialize(&context).map_err(|e| theme.error(&e))?;
    // Most pages fit without the buffer growing; the bytes go to a file as
    // they are, so they are not checked again as text.
    let mut html = Vec::with_capacity(PAGE_BYTES);
    theme
        .tera
        .render_to(template, &context, &mut html)
        .map_err(|e| theme.error(&e))?;
    Ok(html)
}

/// What a page's buffer starts with: an entry page is about 10 KB.
const PAGE_BYTES: usize = 16 * 1024;

/// What `card.html` receives: the site and one entry's card.
#[derive(Serialize)]
struct CardContext<'a> {
    site: &'a SiteView<'a>,
    card: &'a EntryCard<'a>,
}

/// Renders one entry's card with `card.html`, for every list that shows it.
pub fn render_card(
    theme: &Theme,
    site: &SiteView<'_>,
    card: &EntryCard<'_>,
) -> Result<String, Diagnostic> {
    let context =
        tera::Context::from_serialize(&CardContext { site, card }).map_err(|e| theme.error(&e))?;
    let mut html = theme
        .tera
        .render("card.html", &context)
        .map_err(|e| theme.error(&e))?;
    // The template file's last newline is not part of the card.
    html.truncate(html.trim_end().len());
    Ok(html)
}
