//! `ebb init`: start a new journal.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::diagnostics::display_path;
use crate::scaffold::{self, journal::title_from_folder};

use super::Printer;

/// Start a new journal.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder for the journal, created if missing (default: the current folder).
    dir: Option<PathBuf>,
    /// The journal's title (default: from the folder's name).
    #[arg(long)]
    title: Option<String>,
}

/// Runs `ebb init`.
pub fn run(args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    let dir = std::path::absolute(args.dir.unwrap_or_else(|| PathBuf::from(".")))?;
    // An existing folder by its real name (`ebb init ..` is named for the
    // parent). Windows' `absolute` has already resolved `..`, and its real
    // name (`\\?\C:\…`) is not one to show, nor one `cd` accepts.
    #[cfg(not(windows))]
    let dir = dir.canonicalize().unwrap_or(dir);
    let title = args.title.unwrap_or_else(|| {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        title_from_folder(&name.unwrap_or_default())
    });
    let today = crate::clock::today();
    let report = scaffold::init(&dir, &title, today)?;
    for path in &report.created {
        out.status(&format!("created {}", display_path(path)));
    }
    for path in &report.kept {
        out.status(&format!("kept {} as it was", display_path(path)));
    }
    let cd = match display_path(&dir).as_str() {
        "" => String::new(),
        shown => format!("cd {shown}\n  "),
    };
    out.status(&format!(
        "\nStarted the journal \"{title}\". Next:\n  {cd}ebb new        write today's entry\n  \
         ebb serve      see the site as you write\n  ebb build      make the site in public/"
    ));
    Ok(ExitCode::SUCCESS)
}
