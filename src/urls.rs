//! The URL scheme: where every kind of page and file lives inside the site,
//! and the links to them under the site's base path. Nothing else in ebb
//! spells a path like `tags/<slug>/`.

use chrono::Datelike;

/// Top-level names the site uses, which a standalone page cannot take.
pub const RESERVED: &[&str] = &[
    "tags", "modes", "weeks", "years", "trends", "archive", "data", "page", "assets", "search",
    "404",
];

/// The site-wide Atom feed.
pub const FEED: &str = "atom.xml";
/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";
/// Crawlers' instructions.
pub const ROBOTS: &str = "robots.txt";
/// The public entries' metadata.
pub const DATA: &str = "data/entries.json";
/// The numbers behind the trend charts.
pub const FIGURES: &str = "data/figures.json";
/// The not-found page.
pub const NOT_FOUND: &str = "404.html";
/// The list of every tag.
pub const TAGS: &str = "tags/";
/// Every entry by year and month.
pub const ARCHIVE: &str = "archive/";
/// The trend timelines.
pub const TRENDS: &str = "trends/";
/// The list of weekly reviews.
pub const WEEKS: &str = "weeks/";
/// The search page; its index files live under it.
pub const SEARCH: &str = "search/";

/// The folder of an entry's page: `YYYY/MM/DD/<slug>/`.
pub fn entry_dir(date: chrono::NaiveDate, slug: &str) -> String {
    format!(
        "{:04}/{:02}/{:02}/{slug}/",
        date.year(),
        date.month(),
        date.day()
    )
}

/// The folder of a tag's page: `tags/<slug>/`.
pub fn tag_dir(slug: &str) -> String {
    format!("tags/{slug}/")
}

/// A tag's Atom feed: `tags/<slug>/atom.xml`.
pub fn tag_feed(slug: &str) -> String {
    format!("tags/{slug}/{FEED}")
}

/// The folder of a mode's page: `modes/ic/`.
pub fn mode_dir(mode_slug: &str) -> String {
    format!("modes/{mode_slug}/")
}

/// The folder of a week's review: `weeks/2024-W07/`.
pub fn week_dir(id: &str) -> String {
    format!("weeks/{id}/")
}

/// The folder of a year in review: `years/2024/`.
pub fn year_dir(year: i32) -> String {
    format!("years/{year:04}/")
}

/// The folder of a standalone page: `about/`.
pub fn page_dir(slug: &str) -> String {
    format!("{slug}/")
}

/// The folder of page `n` (from 1) of a list at `dir`: `dir` itself, then `dir/page/N/`.
pub fn paged(dir: &str, n: usize) -> String {
    if n <= 1 {
        dir.to_owned()
    } else {
        format!("{dir}page/{n}/")
    }
}

/// The file of a page whose folder is `dir`.
pub fn index_file(dir: &str) -> String {
    format!("{dir}index.html")
}

/// Links inside the site, under its base path (`/` or `/notes/`).
#[derive(Debug, Clone, Copy)]
pub struct Urls<'a> {
    base: &'a str,
}

impl<'a> Urls<'a> {
    /// Links under `base`, which starts and ends with `/`.
    pub fn new(base: &'a str) -> Urls<'a> {
        Urls { base }
    }

    /// The base path itself.
    pub fn base(&self) -> &'a str {
        self.base
    }

    /// Any path under the site, `rel` without a leading `/`.
    pub fn at(&self, rel: &str) -> String {
        let mut url = String::with_capacity(self.base.len() + rel.len());
        url.push_str(self.base);
        url.push_str(rel);
        url
    }

    /// A tag's page.
    pub fn tag(&self, slug: &str) -> String {
        self.at(&tag_dir(slug))
    }

    /// A mode's page.
    pub fn mode(&self, mode_slug: &str) -> String {
        self.at(&mode_dir(mode_slug))
    }

    /// A week's review.
    pub fn week(&self, id: &str) -> String {
        self.at(&week_dir(id))
    }

    /// A year in review.
    pub fn year(&self, year: i32) -> String {
        self.at(&year_dir(year))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme() {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 3, 4).unwrap();
        assert_eq!(entry_dir(day, "retro"), "2024/03/04/retro/");
        let year_one = chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        assert_eq!(entry_dir(year_one, "a"), "0001/01/01/a/");
        assert_eq!(paged(&tag_dir("deep-work"), 1), "tags/deep-work/");
        assert_eq!(paged(&tag_dir("deep-work"), 3), "tags/deep-work/page/3/");
        assert_eq!(paged("", 2), "page/2/");
        assert_eq!(index_file(&mode_dir("em")), "modes/em/index.html");
        assert_eq!(tag_feed("x"), "tags/x/atom.xml");
        let urls = Urls::new("/notes/");
        assert_eq!(urls.week("2024-W07"), "/notes/weeks/2024-W07/");
        assert_eq!(urls.at(FEED), "/notes/atom.xml");
        assert_eq!(urls.year(2025), "/notes/years/2025/");
        assert_eq!(index_file(&year_dir(987)), "years/0987/index.html");
    }
}
