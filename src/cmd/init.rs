//! `ebb init`: not written yet.

use std::process::ExitCode;

use super::Printer;

/// Arguments of `ebb init`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `ebb init`.
pub fn run(_args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    out.error("not written yet");
    Ok(ExitCode::FAILURE)
}
