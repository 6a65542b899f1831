//! The checks of single values, each reported at its value: text, flags,
//! hours, energy levels and check-ins, tags, and other tools' hide keys.

use super::*;

impl Checker<'_> {
    /// Reports another tool's way of hiding a page (`published: false`):
    /// an error when it asks to hide, since ebb would publish the entry
    /// anyway, and a warning when it asks to show. Returns whether `name` was
    /// such a key.
    pub(in crate::content) fn foreign_hide_key(
        &mut self,
        name: &str,
        key: &Node,
        value: &Node,
    ) -> bool {
        let text = value.scalar().map(|s| s.text.as_str());
        let written = match text {
            Some(t) if !t.trim().is_empty() => format!("{name}: {}", t.trim()),
            _ => name.to_owned(),
        };
        match foreign_hide(name, text) {
            Some(ForeignHide::Hides) => self.error(
                key.pos,
                format!(
                    "`{written}` hides a page in other tools, but ebb does not read it, so this \
                     would be published; write `private: true` (for you alone) or `draft: true` \
                     (not ready yet) instead"
                ),
            ),
            Some(ForeignHide::Shows) => self.warning(
                key.pos,
                format!(
                    "`{written}` does nothing in ebb: entries are published unless they say \
                     `private: true` or `draft: true`; you can remove it"
                ),
            ),
            None => return false,
        }
        true
    }

    /// A scalar's text; a list or map is an error. Null gives `None` silently
    /// only when the caller treats it as absent.
    pub(in crate::content) fn text(&mut self, value: &Node, key: &str) -> Option<String> {
        match value.scalar() {
            Some(s) if s.is_null() => {
                self.error(value.pos, format!("`{key}` has no value"));
                None
            }
            Some(s) => Some(s.text.clone()),
            None => {
                self.error(
                    value.pos,
                    format!("`{key}` must be text, found {}", value.kind_name()),
                );
                None
            }
        }
    }

    pub(in crate::content) fn flag(&mut self, value: &Node, key: &str) -> bool {
        match value.scalar().and_then(|s| s.as_bool()) {
            Some(b) => b,
            None => {
                self.error(
                    value.pos,
                    format!("`{key}` must be true or false, found {}", describe(value)),
                );
                // An unreadable flag must never publish: treat it as set.
                true
            }
        }
    }

    pub(super) fn hours(&mut self, value: &Node, key: &str) -> Option<f64> {
        if value.is_null() {
            return None;
        }
        match value.scalar().and_then(|s| s.as_f64()) {
            Some(h) if (0.0..=24.0).contains(&h) => Some(h),
            Some(_) => {
                self.error(
                    value.pos,
                    format!(
                        "`{key}` must be between 0 and 24 hours, found {}",
                        describe(value)
                    ),
                );
                None
            }
            None => {
                self.error(
                    value.pos,
                    format!(
                        "`{key}` must be a number of hours, found {}",
                        describe(value)
                    ),
                );
                None
            }
        }
    }

    /// A metric's value: a number within its bounds, whole if it must be.
    /// Empty means not recorded.
    pub(super) fn metric(&mut self, value: &Node, metric: &Metric) -> Option<f64> {
        if value.is_null() {
            return None;
        }
        let key = &metric.key;
        match value.scalar().and_then(|s| s.as_f64()) {
            Some(v) if metric.accepts(v) => Some(v),
            Some(v) if v.is_finite() && v >= metric.min && v <= metric.max => {
                self.error(
                    value.pos,
                    format!("`{key}` must be a whole number, found {}", describe(value)),
                );
                None
            }
            _ => {
                self.error(
                    value.pos,
                    format!(
                        "`{key}` must be {}, found {}",
                        metric.bounds(),
                        describe(value)
                    ),
                );
                None
            }
        }
    }

    pub(super) fn level(&mut self, value: &Node, what: &str) -> Option<Level> {
        let scalar = value.scalar();
        if let Some(level) = scalar.and_then(|s| s.as_int()).and_then(Level::new) {
            return Some(level);
        }
        let detail = match scalar.and_then(|s| s.as_f64()) {
            Some(n) if n.is_finite() && n.fract() != 0.0 => "a whole number from 1 to 10",
            _ => "from 1 to 10",
        };
        self.error(
            value.pos,
            format!("{what} must be {detail}, found {}", describe(value)),
        );
        None
    }

    /// `energy`: one score, or check-ins, each a score or a map with what was
    /// done before it; into `f.energy`, `f.activities` and `f.check_in_tags`.
    pub(super) fn energy(&mut self, key: &Node, value: &Node, f: &mut Fields) {
        f.energy = self.energy_value(key, value, f);
    }

    fn energy_value(&mut self, key: &Node, value: &Node, f: &mut Fields) -> Option<Energy> {
        match &value.kind {
            NodeKind::Map(pairs) => {
                let mut check_ins = CheckIns {
                    morning: None,
                    midday: None,
                    evening: None,
                };
                let mut given = false;
                for (k, v) in pairs {
                    let name = key_text(k);
                    let Some(moment) = Moment::ALL.into_iter().find(|m| m.key() == name) else {
                        let hint = closest(&name, &["morning", "midday", "evening"])
                            .map(|c| format!(" (did you mean `{c}`?)"))
                            .unwrap_or_default();
                        self.error(
                            k.pos,
                            format!(
                                "unknown check-in `{name}`{hint}: use morning, midday and evening"
                            ),
                        );
                        continue;
                    };
                    given = true;
                    if v.is_null() {
                        self.warning(k.pos, format!("`{name}` check-in is empty (not recorded)"));
                        continue;
                    }
                    let level = self.check_in(k, v, moment, f);
                    match moment {
                        Moment::Morning => check_ins.morning = level,
                        Moment::Midday => check_ins.midday = level,
                        Moment::Evening => check_ins.evening = level,
                    }
                }
                if !given {
                    self.error(
                        value.pos,
                        "`energy` check-ins need at least one of morning, midday and evening",
                    );
                }
                check_ins
                    .recorded()
                    .next()
                    .is_some()
                    .then_some(Energy::CheckIns(check_ins))
            }
            _ if value.is_null() => {
                self.warning(key.pos, "`energy` is empty (not recorded)");
                None
            }
            NodeKind::Scalar(_) => self.level(value, "`energy`").map(Energy::Score),
            NodeKind::Seq(_) => {
                self.error(
                    value.pos,
                    "`energy` must be a number from 1 to 10, or check-ins like `{ morning: 7, midday: 5, evening: 4 }`",
                );
                None
            }
        }
    }

    /// One check-in: a score, or `{ score, tags, note }`. A map without a
    /// score is not recorded (a warning), but its tags still count.
    fn check_in(
        &mut self,
        key: &Node,
        value: &Node,
        moment: Moment,
        f: &mut Fields,
    ) -> Option<Level> {
        let name = moment.key();
        let pairs = match &value.kind {
            NodeKind::Map(pairs) => pairs,
            NodeKind::Scalar(_) => return self.level(value, &format!("the {name} check-in")),
            NodeKind::Seq(_) => {
                self.error(
                    value.pos,
                    format!(
                        "the {name} check-in must be a number from 1 to 10, or \
                         `{{ score: 4, tags: [incident], note: \"paged at 10\" }}`"
                    ),
                );
                return None;
            }
        };
        const KEYS: [&str; 3] = ["score", "tags", "note"];
        let mut level = None;
        let mut scored = false;
        let activity = &mut f.activities[moment.index()];
        let mut tags = Vec::new();
        let mut note = None;
        for (k, v) in pairs {
            match key_text(k).as_str() {
                "score" => {
                    scored = !v.is_null();
                    if scored {
                        level = self.level(v, &format!("the {name} check-in's `score`"));
                    }
                }
                "tags" => tags = self.tags(v),
                "note" => {
                    note = match v.is_null() {
                        true => None,
                        false => self
                            .text(v, "note")
                            .map(|t| strip_controls(t.trim()).into_owned())
                            .filter(|t| !t.is_empty()),
                    }
                }
                other => {
                    let hint = closest(other, &KEYS)
                        .map(|c| format!(" (did you mean `{c}`?)"))
                        .unwrap_or_default();
                    self.error(
                        k.pos,
                        format!(
                            "unknown key `{other}` in the {name} check-in{hint}: a check-in takes \
                             score, tags and note"
                        ),
                    );
                }
            }
        }
        if !scored {
            self.warning(
                key.pos,
                format!(
                    "the {name} check-in has no `score` (not recorded); its tags still count \
                     as the entry's"
                ),
            );
        }
        activity.tags = tags
            .iter()
            .map(|(t, _)| strip_controls(t).into_owned())
            .collect();
        activity.note = note;
        f.check_in_tags.extend(tags);
        level
    }

    /// Each tag once per slug, with where it is written.
    pub(super) fn tags(&mut self, value: &Node) -> Vec<(String, Pos)> {
        let items = match &value.kind {
            NodeKind::Seq(items) => items,
            _ if value.is_null() => return Vec::new(),
            _ => {
                self.error(
                    value.pos,
                    format!(
                        "`tags` must be a list like `[deep-work, one-on-ones]`, found {}",
                        value.kind_name()
                    ),
                );
                return Vec::new();
            }
        };
        if items.len() > MAX_TAGS {
            self.error(
                value.pos,
                format!(
                    "an entry can have at most {MAX_TAGS} tags, found {}",
                    items.len()
                ),
            );
            return Vec::new();
        }
        let mut tags: Vec<(String, Pos)> = Vec::new();
        let mut slugs = std::collections::HashSet::new();
        for item in items {
            let Some(s) = item.scalar().filter(|s| !s.is_null()) else {
                self.error(
                    item.pos,
                    format!("each tag must be text, found {}", item.kind_name()),
                );
                continue;
            };
            let tag = s.text.trim().to_owned();
            let slug = slugify(&tag);
            if tag.is_empty() {
                self.error(item.pos, "a tag is empty: write a word or remove it");
            } else if slug.is_empty() {
                self.error(
                    item.pos,
                    format!("tag `{tag}` has no letters or digits, so it cannot have a URL"),
                );
            } else if slugs.insert(slug) {
                tags.push((tag, item.pos));
            }
        }
        tags
    }
}

/// Describes a value for a message: its text for scalars, its kind otherwise.
/// A quoted `"true"` or `"7"` says so, since quotes make it text.
pub(super) fn describe(value: &Node) -> String {
    match value.scalar() {
        Some(s) if !s.is_null() => {
            let unquoted = frontmatter::Scalar {
                text: s.text.clone(),
                plain: true,
            };
            let typed = unquoted.as_bool().is_some() || unquoted.as_f64().is_some();
            if !s.plain && typed {
                format!("`{}` in quotes (quotes make it text; remove them)", s.text)
            } else {
                format!("`{}`", s.text)
            }
        }
        _ => value.kind_name().to_owned(),
    }
}
