//! The templates' `count` filter: counts in words (`1 day`, `3 days`) as
//! `numbers::count` writes them in Rust, so 1 always takes the singular.

use tera::{Error, Kwargs, State, TeraResult, Value};

fn noun<'a>(single: bool, one: &'a str, many: &'a str) -> &'a str {
    if single { one } else { many }
}

/// The templates' `count` filter: `{{ n | count(one="entry", many="entries") }}`;
/// `many` defaults to `one` with an `s`.
pub fn count_filter(value: Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let n = value
        .as_i128()
        .ok_or_else(|| Error::message(format!("count needs a whole number, not `{value}`")))?;
    let one = kwargs.must_get::<&str>("one")?;
    let many = match kwargs.get::<&str>("many")? {
        Some(many) => many.to_owned(),
        None => format!("{one}s"),
    };
    Ok(format!("{n} {}", noun(n == 1, one, &many)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_counts_in_templates() {
        let mut tera = tera::Tera::new();
        tera.register_filter("count", count_filter);
        tera.add_raw_template(
            "t",
            r#"{{ a | count(one="day") }}, {{ b | count(one="entry", many="entries") }}, {{ c | count(one="week") }}"#,
        )
        .expect("template");
        let mut ctx = tera::Context::new();
        ctx.insert("a", &1);
        ctx.insert("b", &1);
        ctx.insert("c", &0);
        assert_eq!(
            tera.render("t", &ctx).expect("render"),
            "1 day, 1 entry, 0 weeks"
        );
    }
}
