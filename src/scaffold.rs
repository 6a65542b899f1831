//! Writing new files for the writer: a new journal (`ebb init`) and a new
//! entry (`ebb new`). The text of each file comes from a pure function; the
//! only write is [`write_new`], which never replaces an existing file.

pub mod entry;
pub mod journal;
pub mod review;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitStatus;

use crate::diagnostics::display_path;

pub use entry::NewEntry;
pub use journal::{InitReport, init};

/// Why a file could not be scaffolded.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// `init` into a folder that has a book.toml.
    #[error(
        "{} already has a book.toml, so it is a journal already; nothing was written \
         (write an entry with `ebb new`)",
        shown(.0)
    )]
    AlreadyAJournal(PathBuf),
    /// `new` where the entry's file exists.
    #[error(
        "{} already exists; ebb never overwrites an entry (give another title or --date)",
        display_path(.0)
    )]
    EntryExists(PathBuf),
    /// `new` where another entry has the same date and slug, so the same URL.
    #[error("{existing} already has the date {date} and the slug `{slug}`; give another title")]
    SameUrl {
        existing: String,
        date: chrono::NaiveDate,
        slug: String,
    },
    /// A value the writer gave that cannot be used.
    #[error("{0}")]
    Invalid(String),
    /// A file or folder could not be written.
    #[error("cannot write {}: {source}", display_path(.path))]
    Io { path: PathBuf, source: io::Error },
}

/// A path as shown to the user; the current folder is `.`, not nothing.
fn shown(path: &Path) -> String {
    match display_path(path) {
        s if s.is_empty() => ".".to_owned(),
        s => s,
    }
}

/// Writes `text` to a new file at `path`, creating its folders. Returns
/// `Ok(false)`, writing nothing, when the file already exists.
pub fn write_new(path: &Path, text: &str) -> Result<bool, ScaffoldError> {
    let io_error = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error)?;
    }
    // `create_new` makes the existence check and the creation one step.
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(io_error(e)),
    };
    file.write_all(text.as_bytes()).map_err(io_error)?;
    Ok(true)
}

/// Writes `bytes` to `path` through a temporary file beside it and a
/// rename, so a reader or a crash sees the old file or the new one, never
/// half of one. With `replace` false an existing file is never replaced:
/// `Ok(false)`, and nothing is written.
pub fn write_atomic(path: &Path, bytes: &[u8], replace: bool) -> Result<bool, ScaffoldError> {
    let io_error = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(io_error)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    // Not `.md`, so no walk of the journal reads it as an entry.
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        // A temporary file left by a killed run of this process id goes first.
        let _ = fs::remove_file(&temp);
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        if replace {
            return fs::rename(&temp, path).map(|()| true);
        }
        // A link, unlike a rename, never replaces what is there.
        match fs::hard_link(&temp, path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(_) if path.exists() => Ok(false),
            Err(_) => fs::rename(&temp, path).map(|()| true),
        }
    })();
    // Gone after a rename; after a link, or a failure, removed here.
    let _ = fs::remove_file(&temp);
    written.map_err(io_error)
}

/// The editor to open a new entry with, as a program and its arguments:
/// `$VISUAL`, else `$EDITOR`. None with `--no-edit`, without a terminal to
/// edit in, or when neither variable is set.
pub fn editor_command(
    no_edit: bool,
    terminal: bool,
    visual: Option<&str>,
    editor: Option<&str>,
) -> Option<Vec<String>> {
    if no_edit || !terminal {
        return None;
    }
    [visual, editor]
        .into_iter()
        .flatten()
        .map(|v| v.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .find(|words| !words.is_empty())
}

/// Runs `command` (a program and its arguments) on `path` and waits for it.
pub fn edit(command: &[String], path: &Path) -> io::Result<ExitStatus> {
    let Some((program, args)) = command.split_first() else {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "empty command"));
    };
    std::process::Command::new(program)
        .args(args)
        .arg(path)
        .status()
}

/// Writes `text` as a YAML scalar: plain when that reads back as the same
/// text, else double-quoted (a JSON string is a valid YAML one).
pub fn yaml_scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(char::is_alphanumeric)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -_.'?!()/&+".contains(c))
        && !text.ends_with(' ')
        && !matches!(text, "null" | "Null" | "NULL");
    if plain {
        text.to_owned()
    } else {
        serde_json::Value::from(text).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_is_visual_then_editor_and_only_on_a_terminal() {
        let cmd = |no_edit, terminal, visual, editor| {
            editor_command(no_edit, terminal, visual, editor).map(|c| c.join(" "))
        };
        assert_eq!(
            cmd(false, true, Some("code --wait"), Some("vi")).as_deref(),
            Some("code --wait")
        );
        assert_eq!(
            cmd(false, true, Some("  "), Some("vi")).as_deref(),
            Some("vi")
        );
        assert_eq!(
            cmd(false, true, None, Some("nano -w")).as_deref(),
            Some("nano -w")
        );
        assert_eq!(cmd(false, true, None, None), None);
        assert_eq!(cmd(true, true, None, Some("vi")), None, "--no-edit");
        assert_eq!(
            cmd(false, false, Some("vi"), Some("vi")),
            None,
            "no terminal"
        );
    }

    #[test]
    fn write_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/c.md");
        assert!(write_new(&path, "first").unwrap());
        assert!(!write_new(&path, "second").unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
    }

    #[test]
    fn atomic_writes_replace_only_when_asked_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.md");
        assert!(write_atomic(&path, b"one", false).unwrap());
        assert!(!write_atomic(&path, b"two", false).unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"one");
        assert!(write_atomic(&path, b"three", true).unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"three");
        let names: Vec<_> = fs::read_dir(dir.path().join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["b.md"]);
    }

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(
            yaml_scalar("Delegating the migration"),
            "Delegating the migration"
        );
        assert_eq!(yaml_scalar("Q3: planning"), "\"Q3: planning\"");
        assert_eq!(yaml_scalar("#1 priority"), "\"#1 priority\"");
        assert_eq!(yaml_scalar("null"), "\"null\"");
        assert_eq!(yaml_scalar("say \"no\""), "\"say \\\"no\\\"\"");
        assert_eq!(yaml_scalar("Über café"), "Über café");
    }
}
pub mod log;
