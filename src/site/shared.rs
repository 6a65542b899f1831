//! What several pages share, computed once per build.

use std::sync::OnceLock;

use super::Site;
use super::lists::home_figures;
use crate::content::Mode;
use crate::diagnostics::Diagnostic;
use crate::index::Index;
use crate::index::trends;
use crate::render::Theme;
use crate::render::trend_views::{ChartView, ThisWeek};
use crate::render::views::{Figure, Links, SiteView, mode_figures};

/// What several pages share, computed once per build rather than once per page.
#[derive(Debug)]
pub struct Shared {
    /// Every entry index, oldest first.
    pub(super) all: Vec<usize>,
    pub(super) home_figures: Vec<Figure>,
    pub(super) recent: Option<ChartView>,
    pub(super) this_week: Option<ThisWeek>,
    /// "Now": the latest entry's day that is not after the build day.
    pub(super) now: Option<chrono::NaiveDate>,
    /// A hash of what every page shares (the site view), part of each page's fingerprint.
    pub(super) site_hash: u64,
    /// Per mode (IC, EM): its entries and its figures.
    pub(super) modes: [(Vec<usize>, Vec<Figure>); 2],
    /// Each entry's card HTML, rendered on first use.
    cards: Vec<OnceLock<Result<String, Diagnostic>>>,
}

impl Shared {
    /// Computes the shared parts of the pages of `index`.
    pub fn new(index: &Index<'_>, urls: Links<'_>, site_view: &SiteView<'_>) -> Shared {
        let now = trends::now(&index.days, crate::clock::today());
        let mode = |m: Mode| {
            (
                index.mode_entries(m),
                mode_figures(&index.mode_figures(m), index),
            )
        };
        Shared {
            all: (0..index.entries.len()).collect(),
            home_figures: home_figures(index),
            recent: super::weeks::recent_chart(index, urls, now),
            this_week: super::weeks::this_week(index, urls, now),
            now,
            modes: [mode(Mode::Ic), mode(Mode::Em)],
            site_hash: super::cache::hash_of(site_view),
            cards: std::iter::repeat_with(OnceLock::new)
                .take(index.entries.len())
                .collect(),
        }
    }

    /// The HTML of entry `i`'s card: made by `make` on first use, then shared
    /// by every list that shows the entry.
    pub(super) fn card_html(
        &self,
        i: usize,
        make: impl FnOnce() -> Result<String, Diagnostic>,
    ) -> Result<&str, Diagnostic> {
        match self.cards[i].get_or_init(make) {
            Ok(html) => Ok(html),
            Err(e) => Err(e.clone()),
        }
    }

    /// The hash of the site view.
    pub fn site_hash(&self) -> u64 {
        self.site_hash
    }

    /// Every entry index, oldest first.
    pub fn all(&self) -> &[usize] {
        &self.all
    }

    /// The figures at the top of the home page.
    pub fn home_figures(&self) -> &[Figure] {
        &self.home_figures
    }

    /// The home page's chart of the last 90 days.
    pub fn recent(&self) -> Option<&ChartView> {
        self.recent.as_ref()
    }

    /// The home page's "this week".
    pub fn this_week(&self) -> Option<&ThisWeek> {
        self.this_week.as_ref()
    }

    /// "Now" for this build.
    pub fn now(&self) -> Option<chrono::NaiveDate> {
        self.now
    }

    /// A mode's entries, oldest first.
    pub fn mode_entries(&self, mode: Mode) -> &[usize] {
        &self.mode(mode).0
    }

    /// A mode page's figures.
    pub fn mode_figures(&self, mode: Mode) -> &[Figure] {
        &self.mode(mode).1
    }

    fn mode(&self, mode: Mode) -> &(Vec<usize>, Vec<Figure>) {
        &self.modes[mode.index()]
    }
}

/// Everything the outputs of one build are made from: the site, its index
/// and theme, what pages share, and the links between them.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub site: &'a Site,
    pub index: &'a Index<'a>,
    pub theme: &'a Theme,
    pub shared: &'a Shared,
    pub view: &'a SiteView<'a>,
    pub links: Links<'a>,
}
