//! Watching a journal for changes: native file events (or polling where they
//! are unreliable), normalised to "something the site depends on changed",
//! and debounced so one save, or a `git checkout` of hundreds of files, makes
//! one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::content::is_editor_temp;

/// Quiet time after the last event before a rebuild starts, once a burst
/// has touched several files (a checkout, a folder moved).
const SETTLE: Duration = Duration::from_millis(20);
/// Quiet time while only one file has changed: a save's few events come
/// within a millisecond or two, and a burst's second file soon after its first.
const SETTLE_ONE: Duration = Duration::from_millis(8);
/// A burst of events never delays a rebuild longer than this.
const MAX_WAIT: Duration = Duration::from_millis(400);

/// What kind of input changed, which decides how much to rebuild.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// book.toml: everything is rebuilt.
    pub config: bool,
    /// Templates or theme files: every page is rendered again.
    pub theme: bool,
    /// Entries, pages or static files: changed files are re-read.
    pub content: bool,
    /// The paths that changed, for messages.
    pub paths: Vec<PathBuf>,
}

impl Changes {
    /// Did anything relevant change?
    pub fn any(&self) -> bool {
        self.config || self.theme || self.content
    }
}

/// The folders and files of a journal that a site is made from.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub root: PathBuf,
    pub content: PathBuf,
    /// Output folders, never inputs (`public/`, `public-private/`).
    pub outputs: Vec<PathBuf>,
}

impl Inputs {
    /// Sorts one path into `changes`, ignoring editor temp files and outputs.
    pub fn classify(&self, path: &Path, changes: &mut Changes) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if is_editor_temp(&name) || self.outputs.iter().any(|o| path.starts_with(o)) {
            return;
        }
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        if rel
            .components()
            .any(|c| is_editor_temp(&c.as_os_str().to_string_lossy()))
        {
            return;
        }
        if rel == Path::new(crate::config::Config::FILE) {
            changes.config = true;
        } else if rel.starts_with("themes") {
            changes.theme = true;
        } else if path.starts_with(&self.content)
            || rel.starts_with("pages")
            || rel.starts_with("static")
        {
            changes.content = true;
        } else {
            return;
        }
        if !changes.paths.iter().any(|p| p == path) {
            changes.paths.push(path.to_path_buf());
        }
    }
}

/// A running watcher and the events it sends.
pub struct Watch {
    watcher: Box<dyn Watcher + Send>,
    events: Receiver<notify::Result<Event>>,
    inputs: Inputs,
    /// Input folders watched recursively so far.
    watched: Vec<PathBuf>,
    /// Whether the watcher polls instead of receiving native events.
    pub polling: bool,
}

impl Watch {
    /// Watches the journal: native events, or polling when `poll` is set or
    /// native events cannot be had.
    pub fn start(inputs: Inputs, poll: bool) -> notify::Result<Watch> {
        let (tx, events) = channel();
        let native = if poll {
            None
        } else {
            RecommendedWatcher::new(tx.clone(), notify::Config::default()).ok()
        };
        let (mut watcher, polling): (Box<dyn Watcher + Send>, bool) = match native {
            Some(w) => (Box::new(w), false),
            None => {
                let config =
                    notify::Config::default().with_poll_interval(Duration::from_millis(250));
                (Box::new(PollWatcher::new(tx, config)?), true)
            }
        };
        // The root itself (not recursively: it holds the output folders),
        // then each input folder recursively.
        watcher.watch(&inputs.root, RecursiveMode::NonRecursive)?;
        let mut watch = Watch {
            watcher,
            events,
            inputs,
            watched: Vec::new(),
            polling,
        };
        watch.watch_new_folders();
        Ok(watch)
    }

    /// Starts watching input folders that exist now but were not watched yet
    /// (a `themes/` or `static/` folder made while serving).
    fn watch_new_folders(&mut self) {
        let mut dirs = vec![self.inputs.content.clone()];
        dirs.extend(["pages", "static", "themes"].map(|d| self.inputs.root.join(d)));
        for dir in dirs {
            if dir.is_dir()
                && !self.watched.contains(&dir)
                && self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(dir);
            }
        }
    }

    /// Waits for the next relevant change and the burst that follows it.
    /// Returns `None` when the watcher has stopped.
    pub fn wait(&mut self) -> Option<Changes> {
        let mut changes = Changes::default();
        loop {
            let event = self.events.recv().ok()?;
            self.absorb(event, &mut changes);
            if changes.any() {
                break;
            }
        }
        let started = Instant::now();
        while started.elapsed() < MAX_WAIT {
            let settle = if changes.paths.len() > 1 {
                SETTLE
            } else {
                SETTLE_ONE
            };
            match self.events.recv_timeout(settle) {
                Ok(event) => self.absorb(event, &mut changes),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        // A folder made in the burst may already hold files written before
        // its watch began; the rebuild reads them all the same.
        self.watch_new_folders();
        Some(changes)
    }

    fn absorb(&self, event: notify::Result<Event>, changes: &mut Changes) {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in &event.paths {
            self.inputs.classify(path, changes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs() -> Inputs {
        Inputs {
            root: PathBuf::from("/j"),
            content: PathBuf::from("/j/content"),
            outputs: vec![PathBuf::from("/j/public")],
        }
    }

    #[test]
    fn paths_are_sorted_by_what_they_change() {
        let i = inputs();
        let mut c = Changes::default();
        for p in [
            "/j/public/index.html",
            "/j/content/.a.md.swp",
            "/j/content/a.md~",
            "/j/target/x",
            "/j/content/.git/x",
        ] {
            i.classify(Path::new(p), &mut c);
        }
        assert!(
            !c.any(),
            "outputs, temp files and other folders are ignored: {c:?}"
        );
        i.classify(Path::new("/j/content/2024/a.md"), &mut c);
        assert!(c.content && !c.theme && !c.config);
        i.classify(Path::new("/j/themes/default/templates/entry.html"), &mut c);
        assert!(c.theme);
        i.classify(Path::new("/j/book.toml"), &mut c);
        assert!(c.config);
        i.classify(Path::new("/j/content/2024/a.md"), &mut c);
        assert_eq!(c.paths.len(), 3, "each path once");
    }
}
