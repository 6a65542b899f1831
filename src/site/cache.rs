//! What `serve` keeps between rebuilds, so that saving one entry re-reads one
//! file and re-renders only the pages whose view changed. A build with a
//! cache on disk uses it too, with the views of the last build read from
//! there and rendered bodies kept there. `serve` keeps no entry bodies: a
//! page is rendered again when its view changed, and its body mostly with it.

use std::sync::{Arc, Mutex};

use crate::content::FileCache;
use crate::hash::FastMap;
pub use crate::hash::{hash_of, hash_parts};
use crate::markdown::Rendered;

/// Caches carried from one build to the next.
#[derive(Debug, Default)]
pub struct Cache {
    /// Entries as read from disk, by file and modification time.
    pub files: FileCache,
    /// Markdown scans and feed bodies, by a hash of everything they depend on.
    scans: Memo,
    feed_bodies: Memo,
    /// The view hash each page had in the last successful build, by a hash
    /// of the page's path (no path is copied for the many pages that stay).
    views: Mutex<FastMap<u64, u64>>,
    /// View hashes of the build in progress.
    pending: Mutex<FastMap<u64, u64>>,
    /// For `build`: the cache on disk, which keeps rendered bodies.
    disk: Option<super::disk_cache::DiskCache>,
}

/// Rendered Markdown by key, pruned to what the last build used.
#[derive(Debug, Default)]
struct Memo {
    items: Mutex<FastMap<u64, Arc<Rendered>>>,
    used: Mutex<crate::hash::FastSet<u64>>,
}

impl Memo {
    fn get_or(&self, key: u64, make: impl FnOnce() -> Rendered) -> Arc<Rendered> {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
        if let Some(found) = self.items.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return found;
        }
        let made = Arc::new(make());
        if let Ok(mut items) = self.items.lock() {
            items.insert(key, Arc::clone(&made));
        }
        made
    }

    fn prune(&self) {
        if let (Ok(mut items), Ok(mut used)) = (self.items.lock(), self.used.lock()) {
            items.retain(|k, _| used.contains(k));
            used.clear();
        }
    }
}

impl Cache {
    /// A cache for one `build`: the views of the last build (by a hash of
    /// each page's path), and bodies read from and written to `disk`.
    pub fn on_disk(disk: super::disk_cache::DiskCache, views: &[(u64, u64)]) -> Cache {
        Cache {
            views: Mutex::new(views.iter().copied().collect()),
            disk: Some(disk),
            ..Cache::default()
        }
    }

    /// The cache on disk, for a `build` that has one.
    pub fn disk(&self) -> Option<&super::disk_cache::DiskCache> {
        self.disk.as_ref()
    }

    /// The view hashes of the last committed build, by a hash of each page's path.
    pub fn views(&self) -> Vec<(u64, u64)> {
        let mut views: Vec<(u64, u64)> = self
            .views
            .lock()
            .map(|v| v.iter().map(|(k, h)| (*k, *h)).collect())
            .unwrap_or_default();
        views.sort_unstable();
        views
    }

    /// The scan of an entry body with this key, made on first use (or kept
    /// on disk by an earlier build). A build frees their text after the
    /// search index; `serve` keeps them without it (see [`Cache::keeps_texts`]).
    pub fn scan(&self, key: u64, make: impl FnOnce() -> Rendered) -> Arc<Rendered> {
        if let Some(disk) = &self.disk {
            let scans = disk.scans();
            if let Some(kept) = scans.get(key) {
                return Arc::new(kept);
            }
            let made = make();
            scans.put(key, &made);
            return Arc::new(made);
        }
        self.scans.get_or(key, || Rendered {
            text: crate::text::Text::default(),
            ..make()
        })
    }

    /// Whether scans come with the plain text of their bodies. `serve`'s
    /// do not: the text is only for the search index, which it builds when
    /// asked, and the text of every entry would stay in memory for it.
    pub fn keeps_texts(&self) -> bool {
        self.disk.is_some()
    }

    /// The HTML of an entry body with this key: read from the disk cache,
    /// or written there once made, for a build; made each time for `serve`
    /// (kept, every entry's body would be a quarter of what it holds, for
    /// pages seldom rendered again with the same body).
    pub fn body(&self, key: u64, make: impl FnOnce() -> Rendered) -> Arc<Rendered> {
        let Some(disk) = &self.disk else {
            return Arc::new(make());
        };
        if let Some(html) = disk.body(key) {
            return Arc::new(Rendered {
                html,
                ..Rendered::default()
            });
        }
        let made = make();
        disk.put_body(key, &made.html);
        Arc::new(made)
    }

    /// The HTML of an entry body for a feed: kept in memory by `serve`,
    /// made each time by a build (only a feed's few entries need it).
    pub fn feed_body(&self, key: u64, make: impl FnOnce() -> Rendered) -> Arc<Rendered> {
        if self.disk.is_some() {
            return Arc::new(make());
        }
        self.feed_bodies.get_or(key, make)
    }

    /// Records the view hash of the page at `path`; true when the last build
    /// rendered the same view there, so its file can stay as it is.
    pub fn unchanged(&self, path: &str, hash: u64) -> bool {
        let key = crate::hash::hash_bytes(path.as_bytes());
        if let Ok(mut pending) = self.pending.lock() {
            pending.insert(key, hash);
        }
        self.views
            .lock()
            .ok()
            .is_some_and(|v| v.get(&key) == Some(&hash))
    }

    /// [`Cache::unchanged`] for many pages at once: for each `(path, view
    /// hash)`, whether the last build rendered the same view there.
    pub fn unchanged_all(&self, pages: &[(String, u64)]) -> Vec<bool> {
        let (Ok(mut pending), Ok(views)) = (self.pending.lock(), self.views.lock()) else {
            return vec![false; pages.len()];
        };
        pages
            .iter()
            .map(|(path, hash)| {
                let key = crate::hash::hash_bytes(path.as_bytes());
                pending.insert(key, *hash);
                views.get(&key) == Some(hash)
            })
            .collect()
    }

    /// Makes the build in progress the reference for the next one.
    pub fn commit(&self) {
        if let (Ok(mut views), Ok(mut pending)) = (self.views.lock(), self.pending.lock()) {
            *views = std::mem::take(&mut *pending);
        }
        self.scans.prune();
        self.feed_bodies.prune();
    }

    /// Forgets the build in progress (it failed): the next one compares with the last good one.
    pub fn abandon(&self) {
        if let Ok(mut pending) = self.pending.lock() {
            pending.clear();
        }
    }

    /// Forgets every page's view, so the next build renders them all (the templates changed).
    pub fn forget_views(&self) {
        if let Ok(mut views) = self.views.lock() {
            views.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_are_compared_with_the_last_committed_build() {
        let cache = Cache::default();
        assert!(!cache.unchanged("a/", 1));
        cache.commit();
        assert!(cache.unchanged("a/", 1));
        assert!(!cache.unchanged("a/", 2));
        cache.abandon();
        assert!(cache.unchanged("a/", 1), "a failed build changes nothing");
        cache.forget_views();
        assert!(!cache.unchanged("a/", 1));
    }

    #[test]
    fn memo_makes_once_and_prunes_what_was_not_used() {
        let cache = Cache::default();
        let mut made = 0;
        cache.feed_body(7, || {
            made += 1;
            Rendered::default()
        });
        cache.feed_body(7, || {
            made += 1;
            Rendered::default()
        });
        assert_eq!(made, 1);
        cache.commit();
        cache.commit();
        cache.feed_body(7, || {
            made += 1;
            Rendered::default()
        });
        assert_eq!(made, 2, "pruned after a build that did not use it");
        assert_eq!(hash_of(&[1, 2]), hash_of(&[1, 2]));
        assert_ne!(hash_of(&[1, 2]), hash_of(&[2, 1]));
    }

    #[test]
    fn bodies_are_not_kept_in_memory() {
        let cache = Cache::default();
        let mut made = 0;
        for _ in 0..2 {
            cache.body(7, || {
                made += 1;
                Rendered::default()
            });
        }
        assert_eq!(made, 2);
    }

    #[test]
    fn scans_are_kept_without_their_text() {
        let cache = Cache::default();
        assert!(!cache.keeps_texts());
        let scan = || Rendered {
            text: "words to search".into(),
            html: "<p>kept</p>".to_owned(),
            ..Rendered::default()
        };
        let kept = cache.scan(3, scan);
        assert_eq!(
            (kept.text.as_str(), kept.html.as_str()),
            ("", "<p>kept</p>")
        );
    }
}
