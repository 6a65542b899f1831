//! `ebb import`: bring a history from another tool into `content/`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::Config;
use crate::content::Level;
use crate::diagnostics::{Diagnostics, Severity, display_path};
use crate::import::{Format, Options, Report, Source, import};
use crate::numbers::count;
use crate::scaffold::entry::parse_mode;
use crate::scaffold::log::parse_score;

use super::Printer;

/// Read another tool's export into entries, never over one that exists.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the file is: daylio, jrnl, dayone or csv (a spreadsheet).
    #[arg(value_name = "daylio|jrnl|dayone|csv")]
    format: String,
    /// The export to read.
    file: PathBuf,
    /// The journal (default: the nearest folder with a book.toml).
    dir: Option<PathBuf>,
    /// Print what would be written, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The score of a Daylio mood, for renamed or added ones: LABEL=N, N from 1 to 10.
    #[arg(long = "mood", value_name = "LABEL=N")]
    moods: Vec<String>,
    /// The mode of days the export gives none, IC or EM.
    #[arg(long, value_name = "IC|EM")]
    mode: Option<String>,
    /// Mark every imported entry private.
    #[arg(long)]
    private: bool,
}

/// Runs `ebb import`.
pub fn run(args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    let flag = anyhow::Error::msg;
    let format = Format::parse(&args.format).map_err(flag)?;
    let moods = args
        .moods
        .iter()
        .map(|m| parse_mood(m))
        .collect::<Result<Vec<_>, _>>()
        .map_err(flag)?;
    let mode = super::parsed(args.mode.as_deref(), parse_mode)?;

    let root = super::journal_root(args.dir.as_deref())?;
    let config = match Config::load(&root) {
        Ok(c) => c,
        Err(d) => {
            out.diagnostics(&d, Severity::Error);
            return Ok(ExitCode::FAILURE);
        }
    };
    // What the journal held before the run decides what is skipped; its
    // problems are for `ebb check`.
    let journal = crate::content::load(&config.content_dir, &root.join("pages"), &config.metrics);
    let options = Options {
        moods,
        mode,
        private: args.private,
        dry_run: args.dry_run,
        metrics: config.metrics.clone(),
        ..Options::new(config.journal)
    };
    let source = Source::new(&args.file);
    let report = match import(format, &source, &config.content_dir, &journal, &options) {
        Ok(r) => r,
        Err(problem) => {
            out.diagnostics(&Diagnostics::from(vec![problem]), Severity::Error);
            out.error(&format!("nothing was imported from {}", source.display));
            return Ok(ExitCode::FAILURE);
        }
    };
    if !out.quiet {
        print_report(&report, args.dry_run);
    }
    out.diagnostics(&report.diagnostics, Severity::Warning);
    if !out.quiet {
        println!("{}", summary(&source, &report, args.dry_run));
        if format == Format::Daylio && mode.is_none() && report.without_mode > 0 {
            println!(
                "{} no mode; `--mode IC` or `--mode EM` gives one to the days of an import",
                count(report.without_mode, "entry has", "entries have")
            );
        }
    }
    Ok(match report.unreadable {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}

/// `--mood super=8`: a Daylio mood's label (any case) and its score.
fn parse_mood(text: &str) -> Result<(String, Level), String> {
    let usage = || format!("`--mood {text}` must be LABEL=N, like `--mood super=8`");
    let (label, score) = text.rsplit_once('=').ok_or_else(usage)?;
    let label = label.trim().to_lowercase();
    if label.is_empty() {
        return Err(usage());
    }
    let score = parse_score(score).map_err(|e| format!("`--mood {text}`: {e}"))?;
    Ok((label, score))
}

/// A line for each file written and each entry skipped as existing.
fn print_report(report: &Report, dry_run: bool) {
    let verb = if dry_run { "would write" } else { "wrote" };
    for path in &report.written {
        println!("{verb} {}", display_path(path));
    }
    for e in &report.existing {
        println!(
            "skipped {} (line {}): the journal has {}",
            e.date, e.line, e.there
        );
    }
}

/// `daylio.csv: 12 written, 3 skipped as existing, 1 skipped as unreadable`.
fn summary(source: &Source, report: &Report, dry_run: bool) -> String {
    let (written, prefix) = match dry_run {
        true => ("would be written", "dry run, nothing written: "),
        false => ("written", ""),
    };
    format!(
        "{prefix}{}: {} {written}, {} skipped as existing, {} skipped as unreadable",
        source.display,
        report.written.len(),
        report.existing.len(),
        report.unreadable
    )
}
