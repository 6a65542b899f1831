//! The one slugify used for entry slugs, tag URLs and heading ids.

/// Transliterates to ASCII, lowercases, turns each run of other characters into `-`
/// and trims `-` from both ends: `Deep Work` → `deep-work`, `Über café` → `uber-cafe`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Is `text` already a slug (what [`slugify`] would return for it, and not empty)?
pub fn is_slug(text: &str) -> bool {
    !text.is_empty() && slugify(text) == text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_examples() {
        assert_eq!(slugify("Deep Work"), "deep-work");
        assert_eq!(
            slugify("Delegating the migration"),
            "delegating-the-migration"
        );
        assert_eq!(slugify("  --one-on-ones--  "), "one-on-ones");
        assert_eq!(slugify("Über café"), "uber-cafe");
        assert_eq!(slugify("C++ & Rust!"), "c-rust");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify("2024"), "2024");
    }

    #[test]
    fn is_slug_requires_canonical_form() {
        assert!(is_slug("deep-work"));
        assert!(!is_slug("Deep-Work"));
        assert!(!is_slug("deep--work"));
        assert!(!is_slug(""));
    }
}
