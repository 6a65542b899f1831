//! The JSON Schema (draft 2020-12) of entry frontmatter, for editors and CI.
//! It describes what `content::validate` accepts; the validator stays the
//! authority (it also checks calendar dates and tags across the journal).

use serde_json::{Value, json};

use crate::content::keys::{FOREIGN_HIDE_KEYS, HIDING_STATUSES};

/// The JSON Schema of an entry's frontmatter.
pub fn frontmatter_schema() -> Value {
    let score = |what: &str| {
        json!({
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": 10,
            "description": what
        })
    };
    let tags = |what: &str| {
        json!({
            "type": ["array", "null"],
            "maxItems": crate::content::validate::MAX_TAGS,
            "items": {
                "type": ["string", "number", "boolean"],
                "description": "A tag; `Deep Work` and `deep-work` are one tag"
            },
            "description": what
        })
    };
    // A check-in: a score, or what was done in the hours before it as well.
    let check_in = |what: &str| {
        json!({
            "description": format!("{what} energy, from 1 to 10, or `{{ score, tags, note }}`; empty means not recorded"),
            "oneOf": [
                score(&format!("{what} energy, from 1 to 10; empty means not recorded")),
                {
                    "type": "object",
                    "description": "The score and what was done in the hours before it, like { score: 4, tags: [incident], note: \"paged at 10\" }; without a score, not recorded",
                    "properties": {
                        "score": score("Energy, from 1 to 10"),
                        "tags": tags("What was done before this check-in; they are the entry's tags too"),
                        "note": {
                            "type": ["string", "null"],
                            "description": "A short note shown with the check-in"
                        }
                    },
                    "additionalProperties": false
                }
            ]
        })
    };
    let hours = |what: &str| {
        json!({
            "type": ["number", "null"],
            "minimum": 0,
            "maximum": 24,
            "description": format!("Hours {what} that day, from 0 to 24")
        })
    };
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ebb entry frontmatter",
        "description": "The YAML frontmatter of an ebb journal entry",
        "type": "object",
        "required": ["title"],
        "properties": {
            "title": {
                "type": "string",
                "minLength": 1,
                "description": "The entry's title (required)"
            },
            "slug": {
                "type": "string",
                "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                "description": "The URL slug; default: the file name without its date, else the title"
            },
            "date": {
                "type": "string",
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?$",
                "description": "The writer's calendar day: YYYY-MM-DD or an RFC 3339 date and time; default: the file name's YYYY-MM-DD prefix"
            },
            "mode": {
                "type": "string",
                "enum": ["IC", "EM", "ic", "em", "Ic", "Em", "iC", "eM"],
                "description": "The role the day was worked in: IC (individual contributor) or EM (engineering manager)"
            },
            "energy": {
                "description": "Energy from 1 to 10: one score, or morning, midday and evening check-ins",
                "oneOf": [
                    {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 10,
                        "description": "The day's energy, from 1 to 10"
                    },
                    {
                        "type": "object",
                        "description": "Check-ins; the entry's energy is their mean",
                        "properties": {
                            "morning": check_in("Morning"),
                            "midday": check_in("Midday"),
                            "evening": check_in("Evening")
                        },
                        "minProperties": 1,
                        "additionalProperties": false
                    },
                    {
                        "type": "null",
                        "description": "Not recorded"
                    }
                ]
            },
            "focus_hours": hours("of focused, productive work"),
            "meeting_hours": hours("in meetings"),
            "tags": tags("What the day held, like [delegation, one-on-ones]"),
            "summary": {
                "type": "string",
                "description": "One line for lists and feeds; default: the first paragraph"
            },
            "draft": {
                "type": "boolean",
                "default": false,
                "description": "A draft is left out of `ebb build` unless given --drafts"
            },
            "private": {
                "type": "boolean",
                "default": false,
                "description": "A private entry never reaches a public build. Other tools' ways of hiding a page (`published: false`, `hidden: true`, `secret: true`, `unlisted: true`, `public: false`, `visibility: private`) are errors in ebb: use `private: true` or `draft: true`"
            }
        },
        "additionalProperties": {
            "description": "Any other key is kept for templates as page.extra"
        }
    });
    // Other tools' hide keys: only the value that shows the entry is allowed,
    // so an editor flags `published: false` as ebb's build does.
    let properties = &mut schema["properties"];
    for &(key, hides_when) in FOREIGN_HIDE_KEYS {
        properties[key] = json!({
            "enum": [!hides_when],
            "description": "Another tool's way of hiding a page; ebb does not read it. Use `private: true` or `draft: true` to keep this entry back"
        });
    }
    properties["visibility"] = json!({
        "enum": ["public"],
        "description": "Another tool's way of hiding a page; ebb does not read it. Use `private: true` or `draft: true` to keep this entry back"
    });
    properties["status"] = json!({
        "not": { "enum": HIDING_STATUSES },
        "description": "Free text, except the words other tools read as hidden (draft, private...): use `private: true` or `draft: true` for those"
    });
    schema
}

/// The schema of a journal's frontmatter: the built-in one, with each
/// metric book.toml declares as a number within its bounds.
pub fn journal_schema(metrics: &[crate::config::Metric]) -> Value {
    let mut schema = frontmatter_schema();
    for m in metrics {
        let unit = m
            .unit
            .as_deref()
            .map_or(String::new(), |u| format!(" ({u})"));
        schema["properties"][m.key.as_str()] = json!({
            "type": [if m.integer { "integer" } else { "number" }, "null"],
            "minimum": m.min,
            "maximum": m.max,
            "description": format!(
                "{}{unit}: a metric declared in book.toml, {}; empty means not recorded",
                m.label,
                m.bounds()
            )
        });
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter;
    use crate::content::validate::{KNOWN_KEYS, normalize};

    /// Does `value` conform to `schema`? Only the keywords this schema uses
    /// (patterns are left to the validator's own tests).
    fn conforms(schema: &Value, value: &Value) -> bool {
        let type_ok = |t: &Value| match t.as_str().unwrap_or("") {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            other => panic!("unknown type {other}"),
        };
        let ok = |key: &str, test: &dyn Fn(&Value) -> bool| schema.get(key).is_none_or(test);
        ok("type", &|t| match t {
            Value::Array(ts) => ts.iter().any(type_ok),
            t => type_ok(t),
        }) && ok("enum", &|e| e.as_array().unwrap().contains(value))
            && ok("not", &|n| !conforms(n, value))
            && ok("minimum", &|m| {
                value.as_f64().is_none_or(|v| v >= m.as_f64().unwrap())
            })
            && ok("maximum", &|m| {
                value.as_f64().is_none_or(|v| v <= m.as_f64().unwrap())
            })
            && ok("minLength", &|_| {
                value.as_str().is_none_or(|s| !s.is_empty())
            })
            && ok("oneOf", &|o| {
                o.as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| conforms(s, value))
                    .count()
                    == 1
            })
            && ok("items", &|i| {
                value
                    .as_array()
                    .is_none_or(|a| a.iter().all(|v| conforms(i, v)))
            })
            && ok("maxItems", &|m| {
                value
                    .as_array()
                    .is_none_or(|a| a.len() as u64 <= m.as_u64().unwrap())
            })
            && ok("minProperties", &|m| {
                value
                    .as_object()
                    .is_none_or(|o| o.len() as u64 >= m.as_u64().unwrap())
            })
            && ok("required", &|r| {
                value.as_object().is_none_or(|o| {
                    r.as_array()
                        .unwrap()
                        .iter()
                        .all(|k| o.contains_key(k.as_str().unwrap()))
                })
            })
            && value.as_object().is_none_or(|o| {
                o.iter().all(|(k, v)| match schema["properties"].get(k) {
                    Some(p) => conforms(p, v),
                    None => schema.get("additionalProperties") != Some(&Value::Bool(false)),
                })
            })
    }

    #[test]
    fn properties_are_the_known_keys() {
        let schema = frontmatter_schema();
        let mut names: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut known = KNOWN_KEYS.to_vec();
        known.extend(FOREIGN_HIDE_KEYS.iter().map(|(k, _)| *k));
        known.extend(["visibility", "status"]);
        names.sort();
        known.sort();
        assert_eq!(names, known);
        // It survives a round trip as JSON text.
        let text = serde_json::to_string_pretty(&schema).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), schema);
    }

    #[test]
    fn the_sample_journal_conforms_and_bad_values_do_not() {
        let schema = frontmatter_schema();
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut checked = 0;
        for file in walkdir::WalkDir::new(content).into_iter().flatten() {
            if file.path().extension().is_none_or(|x| x != "md") {
                continue;
            }
            let text = normalize(&std::fs::read_to_string(file.path()).unwrap());
            let split = frontmatter::split(&text).unwrap();
            let yaml = frontmatter::parse(split.yaml, split.yaml_line).unwrap();
            let value = yaml.to_json();
            assert!(
                conforms(&schema, &value),
                "{}: {value}",
                file.path().display()
            );
            checked += 1;
        }
        assert!(checked > 40, "the sample journal was found");
        for bad in [
            json!({"title": "T", "energy": 11}),
            json!({"title": "T", "energy": {"morning": 7, "dusk": 3}}),
            json!({"title": "T", "energy": {}}),
            json!({"title": "T", "mode": "CTO"}),
            json!({"title": "T", "focus_hours": 25}),
            json!({"title": "T", "private": "yes"}),
            json!({"title": "T", "published": false}),
            json!({"title": "T", "hidden": true}),
            json!({"title": "T", "public": false}),
            json!({"title": "T", "visibility": "private"}),
            json!({"title": "T", "status": "draft"}),
            json!({"energy": 5}),
        ] {
            assert!(!conforms(&schema, &bad), "{bad}");
        }
        let good =
            json!({"title": "T", "energy": {"midday": null}, "mood": "calm", "tags": [2024, true]});
        assert!(conforms(&schema, &good));
        let shown = json!({"title": "T", "published": true, "hidden": false, "status": "active"});
        assert!(conforms(&schema, &shown));
    }

    #[test]
    fn a_check_in_is_a_score_nothing_or_a_map_of_score_tags_and_note() {
        let schema = frontmatter_schema();
        let with =
            |check_in: Value| json!({"title": "T", "energy": {"morning": 7, "midday": check_in}});
        for good in [
            json!(4),
            Value::Null,
            json!({"score": 4, "tags": ["incident", "one-on-ones"], "note": "paged at 10"}),
            json!({"score": 4}),
            json!({"tags": ["incident"]}),
            json!({"score": null, "tags": null, "note": null}),
            json!({}),
        ] {
            assert!(conforms(&schema, &with(good.clone())), "{good}");
        }
        for bad in [
            json!(0),
            json!(11),
            json!("4"),
            json!([4, 5]),
            json!({"score": 11}),
            json!({"score": "4"}),
            json!({"score": 4, "mood": "calm"}),
            json!({"score": 4, "tags": "incident"}),
            json!({"score": 4, "tags": [["nested"]]}),
            json!({"score": 4, "note": ["a", "list"]}),
            json!({"score": 4, "tags": vec!["t"; crate::content::validate::MAX_TAGS + 1]}),
        ] {
            assert!(!conforms(&schema, &with(bad.clone())), "{bad}");
        }
        // A map is only a check-in inside `energy`, never `energy` itself.
        assert!(!conforms(
            &schema,
            &json!({"title": "T", "energy": {"score": 4}})
        ));
    }
}
