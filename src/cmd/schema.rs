//! `ebb schema`: the JSON Schema of entry frontmatter on standard output.
//! Inside a journal it describes the metrics its book.toml declares too.

use std::process::ExitCode;

use super::{Printer, journal_root};
use crate::config::Config;
use crate::diagnostics::Severity;

/// Print the frontmatter's JSON Schema.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `ebb schema`.
pub fn run(_args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    // Outside a journal, the built-in schema.
    let metrics = match journal_root(None) {
        Ok(root) => match Config::load(&root) {
            Ok(config) => config.metrics,
            Err(d) => {
                out.diagnostics(&d, Severity::Error);
                return Ok(ExitCode::FAILURE);
            }
        },
        Err(_) => Vec::new(),
    };
    let schema = crate::schema::journal_schema(&metrics);
    println!("{}", serde_json::to_string_pretty(&schema)?);
    Ok(ExitCode::SUCCESS)
}
