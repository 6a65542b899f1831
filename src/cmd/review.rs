//! `ebb review`: write the week's weekly note, with its figures as comments
//! and the look-back questions, and open it in the writer's editor.

use std::process::ExitCode;

use chrono::{Datelike, Duration};

use crate::config::Config;
use crate::content::Visibility;
use crate::content::note::week_of_name;
use crate::diagnostics::display_path;
use crate::index::Index;
use crate::scaffold::review::{note_text, week_figures};
use crate::scaffold::write_new;
use crate::site::{Site, WEEKS_DIR};

use super::Printer;

/// Write a weekly note.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ISO week, like 2024-W11 (default: the current week).
    #[arg(long, value_name = "YYYY-Www")]
    week: Option<String>,
    /// Figures from private entries too (they stay in the note's comments).
    #[arg(long)]
    include_private: bool,
    /// Do not open the note in $VISUAL or $EDITOR.
    #[arg(long)]
    no_edit: bool,
}

/// Runs `ebb review`.
pub fn run(args: Args, out: &Printer) -> anyhow::Result<ExitCode> {
    let monday = match &args.week {
        Some(id) => week_of_name(id.trim()).map_err(anyhow::Error::msg)?.2,
        None => {
            let today = crate::clock::today();
            today - Duration::days(i64::from(today.weekday().num_days_from_monday()))
        }
    };
    let iso = monday.iso_week();
    let id = format!("{:04}-W{:02}", iso.year(), iso.week());
    let root = super::journal_root(None)?;
    let path = root.join(WEEKS_DIR).join(format!("{id}.md"));
    if path.exists() {
        // Never overwritten: the note is opened as it is.
        out.status(&format!("the note for {id} exists; opening it"));
        println!("{}", display_path(&path));
        return Ok(super::open_in_editor(&path, args.no_edit, "note", out));
    }
    let config = match Config::load(&root) {
        Ok(c) => c,
        Err(d) => {
            out.diagnostics(&d, crate::diagnostics::Severity::Error);
            return Ok(ExitCode::FAILURE);
        }
    };
    let visibility = Visibility {
        drafts: false,
        private: args.include_private,
    };
    let journal = config.journal;
    let site = Site::load(config, visibility);
    let index = Index::new(site.entries());
    let figures = week_figures(&index, monday, &journal);
    let sunday = monday + Duration::days(6);
    let dates = format!(
        "{} to {}",
        monday.format("%-d %b"),
        sunday.format("%-d %b %Y")
    );
    let from = if args.include_private {
        "public and private entries"
    } else {
        "public entries"
    };
    let text = note_text(&id, &dates, from, &figures);
    if !write_new(&path, &text)? {
        // Made between the check above and now: still never overwritten.
        out.status(&format!("the note for {id} exists; opening it"));
    }
    println!("{}", display_path(&path));
    Ok(super::open_in_editor(&path, args.no_edit, "note", out))
}
