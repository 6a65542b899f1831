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
    fn closest_known_word() {
        assert_eq!(closest("enrgy", &["energy", "mode"]), Some("energy"));
        assert_eq!(closest("mood", &["energy", "mode"]), None);
        assert_eq!(
            closest("build_dir", &["build-dir", "content-dir"]),
            Some("build-dir")
        );
    }
}
