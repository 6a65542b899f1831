//! `ebb check`: report every problem in the journal, writing nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::Config;
use crate::content::Visibility;
use crate::site::Site;

use super::Printer;
use crate::diagnostics::Severity;
use crate::numbers::count;

/// How problems are printed.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// `path:line:col: severity: message`, with the line and a caret.
    Human,
    /// One JSON array of diagnostics, for editors and CI.
    Json,
}

/// Check the journal.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The journal folder (default: the nearest folder upward with a book.toml).
    dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Runs `ebb check`.
pub fn run(args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    let root = super::journal_root(args.dir.as_deref())?;
    let diagnostics = match Config::load(&root) {
        Ok(config) => {
            // Check as a full personal build sees it, so every entry is checked.
            let all = Visibility {
                drafts: true,
                private: true,
            };
            let mut d = Site::load(config, all).diagnostics;
            d.sort();
            d
        }
        Err(d) => d,
    };
    match args.format {
        Format::Json => {
            let list: Vec<_> = diagnostics.iter().collect();
            println!("{}", serde_json::to_string_pretty(&list)?);
        }
        Format::Human => {
            out.diagnostics(&diagnostics, Severity::Note);
            let mut summary = format!(
                "{}, {}",
                count(diagnostics.error_count(), "error", "errors"),
                count(diagnostics.warning_count(), "warning", "warnings")
            );
            if diagnostics.note_count() > 0 {
                summary += &format!(", {}", count(diagnostics.note_count(), "note", "notes"));
            }
            out.status(&summary);
        }
    }
    Ok(if diagnostics.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
