//! `ebb build`: write the static site.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::content::Visibility;
use crate::diagnostics::display_path;
use crate::site::{self, BuildError, BuildOptions};

use super::Printer;
use crate::diagnostics::Severity;
use crate::numbers::count;

/// Up to this many warnings, `build` prints them; past it, their count.
const SHOWN_WARNINGS: usize = 10;

/// Build the site.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The journal folder (default: the nearest folder upward with a book.toml).
    dir: Option<PathBuf>,
    /// Write the site here instead of the configured build-dir.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Include draft entries, marked as drafts.
    #[arg(long)]
    drafts: bool,
    /// Make a personal copy with private entries (never written into build-dir).
    #[arg(long)]
    include_private: bool,
    /// The public URL of the site, overriding book.toml's base-url.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Render every page, neither reading nor writing the build cache.
    #[arg(long)]
    no_cache: bool,
}

/// Runs `ebb build`.
pub fn run(args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let root = super::journal_root(args.dir.as_deref())?;
    let options = BuildOptions {
        output: args.output,
        visibility: Visibility {
            drafts: args.drafts,
            private: args.include_private,
        },
        base_url: args.base_url,
        no_cache: args.no_cache,
    };
    match site::build(&root, &options) {
        Ok(report) => {
            // A few warnings are shown as they are; many are counted, for `check`.
            let warnings = report.warnings.warning_count();
            if warnings <= SHOWN_WARNINGS {
                out.diagnostics(&report.warnings, Severity::Warning);
            } else {
                out.status(&format!(
                    "{}: run `ebb check` to see them",
                    count(warnings, "warning", "warnings")
                ));
            }
            out.status(&format!(
                "built {}, {}, {} into {} in {} ms",
                count(report.entries, "entry", "entries"),
                count(report.tags, "tag", "tags"),
                count(report.pages, "page", "pages"),
                display_path(&report.output),
                started.elapsed().as_millis()
            ));
            Ok(ExitCode::SUCCESS)
        }
        Err(BuildError::Journal(diagnostics)) => {
            out.diagnostics(&diagnostics, Severity::Error);
            out.error(&format!(
                "build failed with {}; the previous site was left as it was",
                count(diagnostics.error_count(), "error", "errors")
            ));
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}
