//! Recognising frontmatter and config keys that are typos of known ones.

/// A key that is close to `private` or `draft` without being it: `privte`,
/// `Private`, `is_private`, `drafts`. Such a key must fail the build.
pub fn privacy_near_miss(key: &str) -> Option<&'static str> {
    let folded: String = key
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let core = folded.strip_prefix("is").unwrap_or(&folded);
    ["private", "draft"].into_iter().find(|target| {
        folded.contains(target)
            || core == *target
            || strsim::damerau_levenshtein(core, target) <= 2
            || strsim::damerau_levenshtein(&folded, target) <= 2
    })
}

/// What another tool's way of hiding a page says about one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForeignHide {
    /// The key asks to hide the entry (`published: false`): ebb would publish
    /// it regardless, so this must stop the build.
    Hides,
    /// The key asks to show it (`published: true`): harmless, but it does nothing.
    Shows,
}

/// Keys that other generators and note tools read to keep a page back, with
/// whether a true value hides (`hidden: true`) or shows (`published: true`).
/// `visibility` and `status` take words instead of booleans.
pub const FOREIGN_HIDE_KEYS: &[(&str, bool)] = &[
    ("published", false),
    ("publish", false),
    ("public", false),
    ("listed", false),
    ("hidden", true),
    ("hide", true),
    ("secret", true),
    ("unlisted", true),
    ("unpublished", true),
    ("unpublish", true),
    ("headless", true),
    ("noindex", true),
];

/// The `status:` words that hide a page in other tools.
pub const HIDING_STATUSES: &[&str] = &[
    "draft",
    "private",
    "hidden",
    "unlisted",
    "unpublished",
    "secret",
];

/// Whether `key: value` is another tool's way of hiding a page. `value` is
/// the scalar's text (`None` for a list or map, which cannot be read either
/// way and so counts as hiding). Keys are matched in any case, ignoring `-`
/// and `_`.
pub fn foreign_hide(key: &str, value: Option<&str>) -> Option<ForeignHide> {
    let folded: String = key
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let value = value.map(|v| v.trim().to_ascii_lowercase());
    if folded == "visibility" || folded == "status" {
        let shows = matches!(value.as_deref(), Some("public" | "published" | "publish"));
        // `status: active` and the like say nothing about hiding.
        let hides = folded == "visibility"
            || value
                .as_deref()
                .is_some_and(|v| HIDING_STATUSES.contains(&v));
        return match (shows, hides) {
            (true, _) => Some(ForeignHide::Shows),
            (false, true) => Some(ForeignHide::Hides),
            (false, false) => None,
        };
    }
    let &(_, hides_when) = FOREIGN_HIDE_KEYS.iter().find(|(k, _)| *k == folded)?;
    let flag = match value.as_deref() {
        Some("true" | "yes" | "on" | "y" | "1") => Some(true),
        Some("false" | "no" | "off" | "n" | "0") => Some(false),
        _ => None,
    };
    match flag {
        Some(b) if b != hides_when => Some(ForeignHide::Shows),
        // Set to hide, or unreadable: never guess in favour of publishing.
        _ => Some(ForeignHide::Hides),
    }
}

/// The known word nearest to `word`, if it is plausibly a typo of it.
pub fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = word.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, k), *k))
        .filter(|(d, k)| {
            let allowed = match k.len() {
                0..=4 => 1,
                5..=8 => 2,
                _ => 3,
            };
            *d <= allowed
        })
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_of_privacy_flags() {
        for key in [
            "privte",
            "Private",
            "is_private",
            "drafts",
            "Draft",
            "isDraft",
            "PRIVATE",
        ] {
            assert!(privacy_near_miss(key).is_some(), "{key}");
        }
        for key in ["date", "mood", "summary", "title", "energy"] {
            assert_eq!(privacy_near_miss(key), None, "{key}");
        }
    }

    #[test]
    fn other_tools_hide_keys() {
        use ForeignHide::{Hides, Shows};
        let cases = [
            ("published", Some("false"), Some(Hides)),
            ("published", Some("no"), Some(Hides)),
            ("published", Some("true"), Some(Shows)),
            ("hidden", Some("true"), Some(Hides)),
            ("hidden", Some("false"), Some(Shows)),
            ("secret", Some("yes"), Some(Hides)),
            ("unlisted", Some("true"), Some(Hides)),
            ("public", Some("false"), Some(Hides)),
            ("public", Some("true"), Some(Shows)),
            ("Public", Some("FALSE"), Some(Hides)),
            ("visibility", Some("private"), Some(Hides)),
            ("visibility", Some("friends"), Some(Hides)),
            ("visibility", None, Some(Hides)),
            ("visibility", Some("Public"), Some(Shows)),
            ("status", Some("draft"), Some(Hides)),
            ("status", Some("published"), Some(Shows)),
            ("status", Some("active"), None),
            ("published", Some("maybe"), Some(Hides)),
            ("published", None, Some(Hides)),
            ("mood", Some("false"), None),
            ("summary", Some("hidden"), None),
        ];
        for (key, value, want) in cases {
            assert_eq!(foreign_hide(key, value), want, "{key}: {value:?}");
        }
    }

    #[test]
    fn closest_known_word() {
        assert_eq!(closest("enrgy", &["energy", "mode"]), Some("energy"));
        assert_eq!(closest("mood", &["energy", "mode"]), None);
        assert_eq!(
            closest("build_dir", &["build-dir", "content-dir"]),
            Some("build-dir")
        );
    }
}
