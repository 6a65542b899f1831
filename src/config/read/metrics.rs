//! `[metrics.<key>]`: each declaration checked where it is written.

use super::{Reader, Value, section_start, suggestion};
use crate::config::metrics::{Better, Metric, is_snake_case, reserved};
use toml::de::{DeTable, DeValue};

/// The keys a metric's section takes.
const KEYS: &[&str] = &["label", "unit", "min", "max", "integer", "better"];

impl Reader<'_> {
    /// Every declaration under `[metrics]`, in the order they are written.
    pub(super) fn metrics(&mut self, table: &DeTable<'_>) -> Vec<Metric> {
        let mut found: Vec<(usize, Metric)> = Vec::new();
        for (key, value) in table {
            let at = section_start(key, value);
            let name: &str = key.get_ref();
            if !is_snake_case(name) {
                let like = crate::slug::slugify(name).replace('-', "_");
                let hint = if is_snake_case(&like) {
                    format!(", like `{like}`")
                } else {
                    String::new()
                };
                self.error(
                    key.span().start,
                    format!(
                        "metric `{name}` must be snake_case (lowercase letters, digits and `_`, \
                         starting with a letter){hint}"
                    ),
                );
                continue;
            }
            if let Some(why) = reserved(name) {
                self.error(
                    key.span().start,
                    format!("`{name}` cannot be a metric: {why}; choose another name"),
                );
                continue;
            }
            let Some(inner) = value.get_ref().as_table() else {
                self.error(
                    at,
                    format!("`{name}` in [metrics] must be a section (`[metrics.{name}]`)"),
                );
                continue;
            };
            if let Some(m) = self.metric(name, at, inner) {
                found.push((at, m));
            }
        }
        found.sort_by_key(|(at, _)| *at);
        found.into_iter().map(|(_, m)| m).collect()
    }

    /// One declaration, whose section starts at byte `at`.
    fn metric(&mut self, key: &str, at: usize, t: &DeTable<'_>) -> Option<Metric> {
        let section = format!("metrics.{key}");
        for k in t.keys() {
            if !KEYS.contains(&k.get_ref().as_ref()) {
                let hint = suggestion(k.get_ref(), KEYS);
                self.error(
                    k.span().start,
                    format!("unknown key `{k}` in [{section}]{hint}"),
                );
            }
        }
        let label = match t.get("label") {
            Some(v) => self.text(v, &section, "label"),
            None => Some(key.to_owned()),
        };
        let unit = match t.get("unit") {
            Some(v) => self.text(v, &section, "unit").map(Some),
            None => Some(None),
        };
        let integer = match t.get("integer") {
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => Some(*b),
                _ => {
                    self.wrong(v, &section, "integer", "true or false");
                    None
                }
            },
            None => Some(false),
        };
        let better = match t.get("better") {
            Some(v) => match v.get_ref().as_str() {
                Some("higher") => Some(Better::Higher),
                Some("lower") => Some(Better::Lower),
                _ => {
                    self.wrong(v, &section, "better", "\"higher\" or \"lower\"");
                    None
                }
            },
            None => Some(Better::Higher),
        };
        let min = self.bound(t.get("min"), at, &section, "min");
        let max = self.bound(t.get("max"), at, &section, "max");
        if let (Some(lo), Some(hi), Some(v)) = (min, max, t.get("max"))
            && lo >= hi
        {
            self.error(
                v.span().start,
                format!("`max` in [{section}] must be greater than `min` ({lo}), found {hi}"),
            );
            return None;
        }
        Some(Metric {
            key: key.to_owned(),
            label: label?,
            unit: unit?,
            min: min?,
            max: max?,
            integer: integer?,
            better: better?,
        })
    }

    /// `min` or `max`: required, a finite number.
    fn bound(&mut self, v: Option<&Value>, at: usize, section: &str, key: &str) -> Option<f64> {
        let Some(v) = v else {
            self.error(
                at,
                format!(
                    "[{section}] needs `{key}`: a metric's bounds are required \
                     (like `min = 0` and `max = 12`)"
                ),
            );
            return None;
        };
        let n = match v.get_ref() {
            // A number beyond 64 bits is reported by `integer` itself.
            DeValue::Integer(i) => Some(self.integer(i, v).map_or(0.0, |n| n as f64)),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.wrong(v, section, key, "a number");
                None
            }
        }
    }
}
