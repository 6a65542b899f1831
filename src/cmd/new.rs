//! `ebb new`: write a new entry and open it in the writer's editor.

use std::process::ExitCode;

use crate::config::Config;
use crate::diagnostics::display_path;
use crate::scaffold::NewEntry;
use crate::scaffold::entry::{
    create_entry, default_title, existing_entry, latest_mode, parse_day_spec, parse_energy,
    parse_mode, parse_tags,
};

use super::Printer;

/// Write a new entry.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The entry's title (default: the weekday, like "Tuesday").
    title: Option<String>,
    /// The day: today, yesterday, tomorrow, a weekday name (its latest one) or YYYY-MM-DD.
    #[arg(long, value_name = "D", default_value = "today")]
    date: String,
    /// IC or EM (default: the latest entry's mode).
    #[arg(long, value_name = "IC|EM")]
    mode: Option<String>,
    /// One energy score for the day, 1 to 10 (default: empty check-ins to fill in).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    energy: Option<String>,
    /// Comma-separated tags.
    #[arg(long, value_name = "a,b")]
    tags: Option<String>,
    /// A metric declared in book.toml, METRIC=VALUE (other metrics get an
    /// empty line to fill in).
    #[arg(long = "set", value_name = "METRIC=V")]
    set: Vec<String>,
    /// Do not open the entry in $VISUAL or $EDITOR.
    #[arg(long)]
    no_edit: bool,
}

/// Runs `ebb new`.
pub fn run(args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    let today = crate::clock::today();
    let flag = anyhow::Error::msg;
    let date = parse_day_spec(&args.date, today).map_err(flag)?;
    let mode = super::parsed(args.mode.as_deref(), parse_mode)?;
    let energy = args
        .energy
        .as_deref()
        .map(parse_energy)
        .transpose()
        .map_err(flag)?;
    let tags = parse_tags(args.tags.as_deref().unwrap_or_default()).map_err(flag)?;

    let root = super::journal_root(None)?;
    let config = match Config::load(&root) {
        Ok(c) => c,
        Err(d) => {
            out.diagnostics(&d, crate::diagnostics::Severity::Error);
            return Ok(ExitCode::FAILURE);
        }
    };
    // Other entries' problems are for `ebb check`; here they only give the mode.
    let journal = crate::content::load(&config.content_dir, &root.join("pages"), &config.metrics);
    let mut given: Vec<(String, f64)> = Vec::new();
    for set in &args.set {
        let (key, value) =
            crate::scaffold::log::parse_metric(set, &config.metrics).map_err(flag)?;
        given.retain(|(k, _)| *k != key);
        given.push((key, value));
    }
    let metrics = config
        .metrics
        .iter()
        .map(|m| {
            let value = given.iter().find(|(k, _)| *k == m.key).map(|(_, v)| *v);
            let unit = m
                .unit
                .as_deref()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default();
            (
                m.key.clone(),
                value,
                format!("{}{unit}, {}", m.label, m.bounds()),
            )
        })
        .collect();
    let titled = args.title.is_some();
    let entry = NewEntry {
        title: args.title.unwrap_or_else(|| default_title(date)),
        date,
        mode: mode.or_else(|| latest_mode(&journal.entries)),
        energy,
        tags,
        metrics,
    };
    // A day that has its entry opens it: `ebb new` twice is not an error.
    let path = match existing_entry(&config.content_dir, &entry, titled, &journal.entries)? {
        Some(path) => {
            let unused: Vec<&str> = [
                (mode.is_some(), "--mode"),
                (energy.is_some(), "--energy"),
                (!entry.tags.is_empty(), "--tags"),
                (!given.is_empty(), "--set"),
            ]
            .into_iter()
            .filter_map(|(given, flag)| given.then_some(flag))
            .collect();
            if !unused.is_empty() {
                out.status(&format!(
                    "the entry exists, so {} changed nothing in it",
                    unused.join(" and ")
                ));
            }
            path
        }
        None => create_entry(&config.content_dir, &entry, &journal.entries)?,
    };
    println!("{}", display_path(&path));

    Ok(super::open_in_editor(&path, args.no_edit, "entry", out))
}
