//! `ebb schema`: the JSON Schema of entry frontmatter on standard output.

use std::process::ExitCode;

use super::Printer;

/// Print the frontmatter's JSON Schema.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `ebb schema`.
pub fn run(_args: Args, _out: &Printer) -> anyhow::Result<ExitCode> {
    let schema = crate::schema::frontmatter_schema();
    println!("{}", serde_json::to_string_pretty(&schema)?);
    Ok(ExitCode::SUCCESS)
}
