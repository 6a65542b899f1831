//! The command line: one small file per command. Commands parse flags, call
//! the library and print the result.

mod build;
mod check;
mod export;
mod import;
mod init;
mod log;
mod new;
mod review;
mod schema;
mod serve;
mod stats;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Severity};
use crate::numbers::count;

/// A static-site generator for a leadership journal.
#[derive(Debug, Parser)]
#[command(name = "ebb", version, about, propagate_version = true)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a new journal.
    Init(init::Args),
    /// Write today's entry (or another day's) and open it in your editor.
    New(new::Args),
    /// Record one energy check-in in the day's entry.
    Log(log::Args),
    /// Build the site into the output folder.
    Build(build::Args),
    /// Preview the site with live reload.
    Serve(serve::Args),
    /// Check the journal for problems without writing anything.
    Check(check::Args),
    /// Write this week's weekly note (or another week's) and open it.
    Review(review::Args),
    /// Print the entries' metadata as JSON or CSV.
    Export(export::Args),
    /// Bring a history from Daylio, jrnl, Day One or a spreadsheet into the journal.
    Import(import::Args),
    /// Summarise energy, IC/EM and tags in the terminal.
    Stats(stats::Args),
    /// Print the JSON Schema of entry frontmatter.
    Schema(schema::Args),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Printer {
        quiet: cli.quiet,
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let result = match cli.command {
        Command::Init(args) => init::run(args, &out),
        Command::New(args) => new::run(args, &out),
        Command::Log(args) => log::run(args, &out),
        Command::Build(args) => build::run(args, &out),
        Command::Serve(args) => serve::run(args, &out),
        Command::Check(args) => check::run(args, &out),
        Command::Review(args) => review::run(args, &out),
        Command::Export(args) => export::run(args, &out),
        Command::Import(args) => import::run(args, &out),
        Command::Stats(args) => stats::run(args, &out),
        Command::Schema(args) => schema::run(args, &out),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            out.error(&format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}

/// Where commands print: people-facing output on stderr, colour on a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub quiet: bool,
    pub color: bool,
}

impl Printer {
    /// A status line, unless quiet.
    pub fn status(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    /// An error line, always.
    pub fn error(&self, text: &str) {
        eprintln!("{}", self.error_line(text));
    }

    /// `error: text`, the label in the colour of errors on a terminal.
    fn error_line(&self, text: &str) -> String {
        let style = match self.color {
            true => Severity::Error.style(),
            false => anstyle::Style::new(),
        };
        format!("{}error:{} {text}", style.render(), style.render_reset())
    }

    /// Prints diagnostics up to `level` (errors; errors and warnings; or all,
    /// notes too); only errors when quiet.
    pub fn diagnostics(&self, diagnostics: &Diagnostics, level: Severity) {
        for d in diagnostics.iter() {
            if d.is_error() || (d.severity <= level && !self.quiet) {
                eprintln!("{}\n", d.render(self.color));
            }
        }
    }
}

/// Which non-public entries a command includes.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Selection {
    /// Include draft entries.
    #[arg(long)]
    drafts: bool,
    /// Include private entries.
    #[arg(long)]
    include_private: bool,
}

/// Loads the journal for a read-only command; prints its errors and returns
/// `None` when it has any.
fn load_index(
    dir: Option<&Path>,
    selection: Selection,
    out: &Printer,
) -> anyhow::Result<Option<crate::site::Site>> {
    let root = journal_root(dir)?;
    let config = match Config::load(&root) {
        Ok(c) => c,
        Err(d) => {
            out.diagnostics(&d, Severity::Error);
            return Ok(None);
        }
    };
    let visibility = crate::content::Visibility {
        drafts: selection.drafts,
        private: selection.include_private,
    };
    let site = crate::site::Site::load(config, visibility);
    if site.diagnostics.has_errors() {
        out.diagnostics(&site.diagnostics, Severity::Error);
        out.error(&format!(
            "the journal has {}; run `ebb check`",
            count(site.diagnostics.error_count(), "error", "errors")
        ));
        return Ok(None);
    }
    Ok(Some(site))
}

/// A flag's value read by `parse`, when the flag is given; the message of a
/// value that cannot be read is the error.
pub fn parsed<T>(
    value: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> anyhow::Result<Option<T>> {
    value.map(parse).transpose().map_err(anyhow::Error::msg)
}

/// Opens `path` in `$VISUAL` or `$EDITOR` (unless `no_edit`, or without a
/// terminal) and waits; the file is kept whatever the editor does. `what`
/// names the file in a failure (`entry`, `note`).
pub fn open_in_editor(path: &Path, no_edit: bool, what: &str, out: &Printer) -> ExitCode {
    use crate::scaffold::{edit, editor_command};
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let visual = std::env::var("VISUAL").ok();
    let editor = std::env::var("EDITOR").ok();
    let Some(command) = editor_command(no_edit, terminal, visual.as_deref(), editor.as_deref())
    else {
        return ExitCode::SUCCESS;
    };
    let failure = match edit(&command, path) {
        Ok(status) if status.success() => return ExitCode::SUCCESS,
        Ok(status) => status.to_string(),
        Err(e) => e.to_string(),
    };
    out.error(&format!(
        "the editor `{}` failed ({failure}); the {what} is kept at {}",
        command.join(" "),
        crate::diagnostics::display_path(path)
    ));
    ExitCode::FAILURE
}

/// The journal root: `dir` if given, else the nearest folder upward from the
/// current one that holds a book.toml.
pub fn journal_root(dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = dir {
        let dir = std::path::absolute(dir)?;
        if !dir.join(Config::FILE).is_file() {
            anyhow::bail!(
                "{} has no {}; run `ebb init {}` to start a journal there",
                dir.display(),
                Config::FILE,
                dir.display()
            );
        }
        return Ok(dir);
    }
    let cwd = std::env::current_dir()?;
    cwd.ancestors()
        .find(|d| d.join(Config::FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no {} in {} or any folder above it; run `ebb init` to start a journal",
                Config::FILE,
                cwd.display()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_lines_are_red_and_bold_on_a_terminal_only() {
        let printer = |color| Printer {
            quiet: false,
            color,
        };
        assert_eq!(
            printer(true).error_line("no book.toml"),
            "\x1b[1m\x1b[31merror:\x1b[0m no book.toml"
        );
        assert_eq!(
            printer(false).error_line("no book.toml"),
            "error: no book.toml"
        );
    }
}
