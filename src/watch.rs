//! Watching a journal for changes: native file events (or polling where they
//! are unreliable), normalised to "something the site depends on changed",
//! and debounced so one save, or a `git checkout` of hundreds of files, makes
//! one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::Flag;
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::Config;
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
    /// Events were lost (the event queue overflowed): anything may have
    /// changed, so every file is read again and every page rendered again.
    pub rescan: bool,
    /// The paths that changed, for messages.
    pub paths: Vec<PathBuf>,
}

impl Changes {
    /// Did anything relevant change?
    pub fn any(&self) -> bool {
        self.config || self.theme || self.content || self.rescan
    }

    /// Everything may have changed, and nothing is known about what.
    pub fn rescan() -> Changes {
        Changes {
            rescan: true,
            ..Changes::default()
        }
    }
}

/// The folders and files of a journal that a site is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    pub root: PathBuf,
    pub content: PathBuf,
    /// Output folders and the build cache, never inputs (`public/`,
    /// `public-private/`, `.ebb-cache/`).
    pub outputs: Vec<PathBuf>,
}

impl Inputs {
    /// The inputs of the journal at `root` as `config` names them, or by
    /// the default folder names when there is no config.
    pub fn of(root: &Path, config: Option<&Config>) -> Inputs {
        let content = config.map_or_else(|| root.join("content"), |c| c.content_dir.clone());
        let build_dir = config.map_or_else(|| root.join("public"), |c| c.build_dir.clone());
        let mut private_dir = build_dir.clone().into_os_string();
        private_dir.push("-private");
        Inputs {
            root: root.to_path_buf(),
            content,
            outputs: vec![
                build_dir,
                PathBuf::from(private_dir),
                root.join("target"),
                config.map_or_else(|| root.join(".ebb-cache"), |c| c.cache_dir.clone()),
            ],
        }
    }

    /// The folders watched recursively: content, pages, weekly notes,
    /// static files, themes.
    fn folders(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.content.clone()];
        dirs.extend(
            ["pages", crate::site::WEEKS_DIR, "static", "themes"].map(|d| self.root.join(d)),
        );
        dirs
    }

    /// Sorts one file event into `changes`. An event that says events were
    /// lost (notify's rescan flag, or one with no path at all) means anything
    /// may have changed.
    pub fn absorb(&self, event: &Event, changes: &mut Changes) {
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        if event.flag() == Some(Flag::Rescan) || event.paths.is_empty() {
            changes.rescan = true;
            return;
        }
        for path in &event.paths {
            self.classify(path, changes);
        }
    }

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
        if rel == Path::new(Config::FILE) {
            changes.config = true;
        } else if rel.starts_with("themes") {
            changes.theme = true;
        } else if path.starts_with(&self.content)
            || rel.starts_with("pages")
            || rel.starts_with(crate::site::WEEKS_DIR)
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
    /// The real (symlink-free) forms of the journal's folders, and the forms
    /// they were given in: macOS reports events under the real path.
    aliases: Vec<(PathBuf, PathBuf)>,
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
        let aliases = aliases(&[&inputs.content, &inputs.root]);
        let mut watch = Watch {
            watcher,
            events,
            inputs,
            aliases,
            watched: Vec::new(),
            polling,
        };
        watch.watch_new_folders();
        Ok(watch)
    }

    /// Starts watching input folders that exist now but were not watched yet
    /// (a `themes/` or `static/` folder made while serving).
    fn watch_new_folders(&mut self) {
        for dir in self.inputs.folders() {
            if dir.is_dir()
                && !self.watched.contains(&dir)
                && self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(dir);
            }
        }
    }

    /// Follows the inputs of a new configuration (book.toml named another
    /// content or output folder): folders that are no longer inputs are no
    /// longer watched, and new ones are.
    pub fn follow(&mut self, inputs: Inputs) {
        if inputs == self.inputs {
            return;
        }
        self.inputs = inputs;
        self.aliases = aliases(&[&self.inputs.content, &self.inputs.root]);
        let now = self.inputs.folders();
        let watcher = &mut self.watcher;
        self.watched.retain(|dir| {
            let keep = now.contains(dir);
            if !keep {
                let _ = watcher.unwatch(dir);
            }
            keep
        });
        self.watch_new_folders();
    }

    /// Watches every input folder afresh: after lost events, folders made
    /// in the meantime may lack a watch of their own.
    fn watch_all_again(&mut self) {
        for dir in std::mem::take(&mut self.watched) {
            let _ = self.watcher.unwatch(&dir);
        }
        self.watch_new_folders();
    }

    /// Waits for the next relevant change and the burst that follows it.
    /// Returns `None` when the watcher has stopped.
    pub fn wait(&mut self) -> Option<Changes> {
        self.wait_idle(Duration::MAX, || ())
    }

    /// [`Watch::wait`], calling `idle` once if no relevant change comes
    /// within `after`.
    pub fn wait_idle(&mut self, after: Duration, idle: impl FnOnce()) -> Option<Changes> {
        let mut idle = Some(idle);
        let since = Instant::now();
        let mut changes = Changes::default();
        loop {
            let quiet = after.saturating_sub(since.elapsed());
            let event = match &idle {
                Some(_) => match self.events.recv_timeout(quiet) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => {
                        if let Some(idle) = idle.take() {
                            idle();
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return None,
                },
                None => self.events.recv().ok()?,
            };
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
        if changes.rescan {
            self.watch_all_again();
        } else {
            self.watch_new_folders();
        }
        Some(changes)
    }

    fn absorb(&self, event: notify::Result<Event>, changes: &mut Changes) {
        let Ok(mut event) = event else { return };
        for path in &mut event.paths {
            if let Some(given) = as_given(path, &self.aliases) {
                *path = given;
            }
        }
        self.inputs.absorb(&event, changes);
    }
}

/// For each folder whose real path differs from the path given, the pair
/// (real, given).
fn aliases(dirs: &[&Path]) -> Vec<(PathBuf, PathBuf)> {
    dirs.iter()
        .filter_map(|dir| {
            let real = std::fs::canonicalize(dir).ok()?;
            (real != *dir).then(|| (real, dir.to_path_buf()))
        })
        .collect()
}

/// `path` under the given form of its folder, when it is under a folder's
/// real form; the cache and the classification know files by the given form.
fn as_given(path: &Path, aliases: &[(PathBuf, PathBuf)]) -> Option<PathBuf> {
    aliases.iter().find_map(|(real, given)| {
        let rel = path.strip_prefix(real).ok()?;
        Some(if rel.as_os_str().is_empty() {
            given.clone()
        } else {
            given.join(rel)
        })
    })
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
    fn a_quiet_journal_is_reported_idle_once_before_the_next_change() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let mut watch = Watch::start(Inputs::of(&root, None), false).unwrap();
        // Were the idle call missed, a later save ends the wait all the same.
        let late = root.join("content/late.md");
        let fallback = late.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(10));
            let _ = std::fs::write(fallback, "late");
        });
        let mut idle = 0;
        let saved = root.join("content/saved.md");
        let changes = watch
            .wait_idle(Duration::from_millis(10), || {
                idle += 1;
                std::fs::write(&saved, "saved").unwrap();
            })
            .unwrap();
        assert_eq!(idle, 1);
        assert!(changes.content);
        assert!(changes.paths.contains(&saved), "{:?}", changes.paths);
        assert!(!changes.paths.contains(&late));
    }

    #[test]
    fn inputs_follow_the_folders_the_config_names() {
        let root = Path::new("/j");
        assert_eq!(Inputs::of(root, None).content, root.join("content"));
        let mut config = Config::with_defaults(root, "J");
        config.content_dir = root.join("notes");
        config.build_dir = PathBuf::from("/out/site");
        let i = Inputs::of(root, Some(&config));
        assert_eq!(i.content, root.join("notes"));
        assert_eq!(
            i.outputs,
            [
                PathBuf::from("/out/site"),
                PathBuf::from("/out/site-private"),
                root.join("target"),
                root.join(".ebb-cache")
            ]
        );
        let mut c = Changes::default();
        i.classify(Path::new("/j/notes/2024/a.md"), &mut c);
        i.classify(Path::new("/j/content/2024/b.md"), &mut c);
        assert_eq!(c.paths, [PathBuf::from("/j/notes/2024/a.md")]);
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
        let mut c = Changes::default();
        i.classify(Path::new("/j/weeks/2024-W11.md"), &mut c);
        assert!(c.content, "weekly notes are read like entries");
    }

    #[test]
    fn lost_events_mean_rescan_everything() {
        let i = inputs();
        let overflow = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        let mut c = Changes::default();
        i.absorb(&overflow, &mut c);
        assert!(c.rescan && c.any(), "{c:?}");

        // macOS names the folder to scan again; the root is not an input.
        let mut c = Changes::default();
        i.absorb(&overflow.clone().add_path(PathBuf::from("/j")), &mut c);
        assert!(c.rescan, "a rescan is everything, whatever its path");

        let mut c = Changes::default();
        i.absorb(&Event::new(EventKind::Any), &mut c);
        assert!(c.rescan, "an event that names no file could be any file");

        let mut c = Changes::default();
        i.absorb(
            &Event::new(EventKind::Access(notify::event::AccessKind::Any)),
            &mut c,
        );
        i.absorb(
            &Event::new(EventKind::Any).add_path(PathBuf::from("/j/content/a.md")),
            &mut c,
        );
        assert!(!c.rescan && c.content, "{c:?}");
    }

    #[test]
    fn real_paths_are_named_as_the_journal_names_them() {
        // macOS reports events under the real path (/private/tmp for /tmp).
        let aliases = [
            (PathBuf::from("/private/tmp/j"), PathBuf::from("/tmp/j")),
            (
                PathBuf::from("/data/notes"),
                PathBuf::from("/tmp/j/content"),
            ),
        ];
        let given = |p: &str| as_given(Path::new(p), &aliases);
        assert_eq!(
            given("/private/tmp/j/book.toml"),
            Some(PathBuf::from("/tmp/j/book.toml"))
        );
        assert_eq!(
            given("/data/notes/2024/a.md"),
            Some(PathBuf::from("/tmp/j/content/2024/a.md"))
        );
        assert_eq!(given("/private/tmp/j"), Some(PathBuf::from("/tmp/j")));
        assert_eq!(given("/tmp/j/book.toml"), None);
        assert_eq!(given("/private/tmp/jj/book.toml"), None, "whole names only");
    }

    #[cfg(unix)]
    #[test]
    fn folders_reached_through_a_link_have_their_real_path_as_alias() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        std::fs::create_dir_all(real.join("content")).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let real = std::fs::canonicalize(&real).unwrap();
        let found = aliases(&[&link.join("content"), &link, &real]);
        assert_eq!(
            found,
            [(real.join("content"), link.join("content")), (real, link)]
        );
    }
}
