//! `ebb export`: the entries' metadata on standard output, as JSON or CSV.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::export::{record, to_csv, to_json};

use super::{Printer, Selection, load_index};

/// The data formats `export` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Json,
    Csv,
}

/// Export entry metadata.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The journal folder (default: the nearest folder upward with a book.toml).
    dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    format: Format,
    #[command(flatten)]
    selection: Selection,
}

/// Runs `ebb export`.
pub fn run(args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    let Some(site) = load_index(args.dir.as_deref(), args.selection, out)? else {
        return Ok(ExitCode::FAILURE);
    };
    let base = site.config.base_path();
    let index = crate::index::Index::new(site.entries());
    let urls = crate::urls::Urls::new(&base);
    let records: Vec<_> = index
        .entries
        .iter()
        .map(|e| record(e, urls, site.config.base_url.as_deref()))
        .collect();
    match args.format {
        Format::Json => println!("{}", to_json(&records)),
        Format::Csv => {
            let keys: Vec<&str> = site.config.metrics.iter().map(|m| m.key.as_str()).collect();
            print!("{}", to_csv(&records, &keys));
        }
    }
    Ok(ExitCode::SUCCESS)
}
