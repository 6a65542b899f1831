//! `ebb log`: record one check-in in the day's entry.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Severity, display_path};
use crate::scaffold::entry::{parse_day_spec, parse_mode, parse_tags};
use crate::scaffold::log::{
    LogError, Logged, Request, log, parse_hours, parse_metric, parse_moment, parse_score,
};

use super::Printer;

/// Record one check-in (a score and what was done before it) in the day's entry.
#[derive(Debug, clap::Args)]
#[command(override_usage = "ebb log [morning|midday|evening] SCORE [OPTIONS]")]
pub struct Args {
    /// The check-in, morning, midday or evening (default: by the time of
    /// day and [journal] midday-from/evening-from), then its score, 1 to 10.
    #[arg(
        value_name = "SCORE",
        num_args = 1..=2,
        required = true,
        allow_negative_numbers = true
    )]
    words: Vec<String>,
    /// What you did before the check-in, comma-separated.
    #[arg(long, value_name = "a,b")]
    tags: Option<String>,
    /// A short note shown with the check-in.
    #[arg(long, value_name = "T")]
    note: Option<String>,
    /// The day: today (default), yesterday, tomorrow, a weekday name or YYYY-MM-DD.
    #[arg(long, value_name = "D")]
    date: Option<String>,
    /// The day's mode, IC or EM.
    #[arg(long, value_name = "IC|EM")]
    mode: Option<String>,
    /// Hours of focused work (`focus_hours`).
    #[arg(long, value_name = "H")]
    focus: Option<String>,
    /// Hours in meetings (`meeting_hours`).
    #[arg(long, value_name = "H")]
    meetings: Option<String>,
    /// A metric declared in book.toml, METRIC=VALUE.
    #[arg(long = "set", value_name = "METRIC=V")]
    set: Vec<String>,
    /// Replace the check-in if it is already recorded.
    #[arg(long)]
    replace: bool,
    /// The entry to write into, when the day has several.
    #[arg(long, value_name = "PATH")]
    entry: Option<PathBuf>,
}

/// Runs `ebb log`.
pub fn run(args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    let flag = anyhow::Error::msg;
    let now = crate::clock::now();
    let (slot, score) = match args.words.as_slice() {
        [slot, score] => (Some(parse_moment(slot).map_err(flag)?), score),
        [word] if parse_moment(word).is_ok() => anyhow::bail!(
            "give the {} check-in a score from 1 to 10, like `ebb log {} 6`",
            word.trim().to_lowercase(),
            word.trim().to_lowercase()
        ),
        [score] => (None, score),
        _ => anyhow::bail!("give a score from 1 to 10, like `ebb log 6` or `ebb log evening 4`"),
    };
    let score = parse_score(score).map_err(flag)?;
    let tags = parse_tags(args.tags.as_deref().unwrap_or_default()).map_err(flag)?;
    let note = match args.note.as_deref().map(str::trim) {
        Some("") => anyhow::bail!("`--note` is empty: write the note, or leave the flag out"),
        note => note.map(str::to_owned),
    };
    let date = args.date.as_deref().map(|d| parse_day_spec(d, now.date()));
    let date = date.transpose().map_err(flag)?;
    let mode = super::parsed(args.mode.as_deref(), parse_mode)?;
    let focus_hours = args.focus.as_deref().map(|h| parse_hours(h, "--focus"));
    let meeting_hours = args
        .meetings
        .as_deref()
        .map(|h| parse_hours(h, "--meetings"));
    let request = Request {
        moment: slot.unwrap_or(crate::content::Moment::Morning),
        score,
        tags,
        note,
        date: date.unwrap_or(now.date()),
        date_given: date.is_some(),
        mode,
        focus_hours: focus_hours.transpose().map_err(flag)?,
        meeting_hours: meeting_hours.transpose().map_err(flag)?,
        metrics: Vec::new(),
        replace: args.replace,
        entry: args.entry,
    };

    let root = super::journal_root(None)?;
    let config = match Config::load(&root) {
        Ok(c) => c,
        Err(d) => {
            out.diagnostics(&d, Severity::Error);
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut metrics: Vec<(String, f64)> = Vec::new();
    for set in &args.set {
        let (key, value) = parse_metric(set, &config.metrics).map_err(flag)?;
        // Given twice, the last value counts.
        metrics.retain(|(k, _)| *k != key);
        metrics.push((key, value));
    }
    let request = Request {
        moment: slot.unwrap_or_else(|| config.journal.moment_at(now.time())),
        metrics,
        ..request
    };
    // Other entries' problems are for `ebb check`; here they only give the
    // day's entries and the mode.
    let journal = crate::content::load(&config.content_dir, &root.join("pages"), &config.metrics);
    match log(&config.content_dir, &journal, &config.metrics, &request) {
        Ok(logged) => {
            if !out.quiet {
                println!("{}", done(&request, &logged));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let diagnostics = match &e {
                LogError::Invalid { diagnostics, .. }
                | LogError::Unreadable { diagnostics, .. } => diagnostics.clone(),
                _ => return Err(e.into()),
            };
            out.diagnostics(&Diagnostics::from(diagnostics), Severity::Error);
            out.error(&e.to_string());
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `logged midday 4 in content/2026/2026-11-30-monday.md`, with what else
/// was set and whether the entry is new or the check-in replaced.
fn done(request: &Request, logged: &Logged) -> String {
    let mut parts = vec![format!("{} {}", request.moment.key(), request.score.get())];
    parts.extend(request.mode.map(|m| format!("mode {m}")));
    parts.extend(request.focus_hours.map(|h| format!("focus_hours {h}")));
    parts.extend(request.meeting_hours.map(|h| format!("meeting_hours {h}")));
    parts.extend(request.metrics.iter().map(|(k, v)| format!("{k} {v}")));
    let what = match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => parts.join(""),
    };
    match logged {
        Logged::Created(path) => format!("logged {what} in {} (a new entry)", display_path(path)),
        Logged::Edited {
            path,
            previous: Some(before),
        } => format!("logged {what} in {} (it was {before})", display_path(path)),
        Logged::Edited {
            path,
            previous: None,
        } => format!("logged {what} in {}", display_path(path)),
    }
}
