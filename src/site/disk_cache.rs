//! The build cache on disk (`.ebb-cache/`, `[build] cache-dir`): what one
//! `ebb build` leaves for the next, so a build after a small change does
//! work in proportion to the change. Per page, the fingerprint of what it
//! was made of; per entry, its rendered body; the id of the output folder
//! it describes and the fingerprint of the search index.
//!
//! Each kind of build has a folder of its own (`public/`, `drafts/`,
//! `private/`, `private-drafts/`), so a public build's cache never holds
//! anything of an entry it does not publish. Everything in it is keyed by
//! the ebb binary itself (a hash of the executable: the version string stays
//! the same between commits), the theme, book.toml, the flags that change
//! the output and the journal's folder; a cache that does not fit, or that
//! is truncated or garbled, is reported once and the build runs in full.
//! The state file is written whole and renamed into place after the site
//! is, so a killed build never leaves one that a later build trusts wrongly.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::body_pack::{self, Pack, Place};
use super::inputs::Inputs;
use super::kept_entries::{self, KeptEntries};
use super::kept_scans::{self, KeptScans};
use super::kept_search::{self, KeptSearch};
use crate::config::Config;
use crate::content::Visibility;
use crate::diagnostics::{Diagnostic, Pos, Severity, display_path};
use crate::hash::{hash_bytes, hash_parts};

/// The first bytes of a state file: its format.
const MAGIC: &[u8] = b"ebb-cache 2\n";
/// The state file in each kind of build's folder.
const STATE: &str = "state";
/// Where earlier versions kept rendered bodies, one file each.
const OLD_BODIES: &str = "bodies";

/// What a cache must match to be trusted, each part hashed on its own so a
/// mismatch can say which one changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    binary: u64,
    theme: u64,
    config: u64,
    /// The flags that change the output: `--base-url` (as the base URL in
    /// effect), `--drafts`, `--include-private`.
    flags: u64,
    journal: u64,
}

impl Key {
    /// The key of a build of `config` with `theme` (its hash) and `visibility`.
    fn new(config: &Config, theme: u64, visibility: Visibility, binary: u64) -> Key {
        let book = fs::read(config.root.join(Config::FILE)).unwrap_or_default();
        let root = fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
        Key {
            binary,
            theme,
            config: hash_bytes(&book),
            flags: hash_parts((&config.base_url, visibility.drafts, visibility.private)),
            journal: hash_parts(root),
        }
    }

    /// What differs between a cache's key and this build's, in words.
    fn difference(&self, found: &Key) -> &'static str {
        if self.binary != found.binary {
            "another build of ebb wrote it"
        } else if self.journal != found.journal {
            "another journal wrote it"
        } else if self.theme != found.theme {
            "the theme changed"
        } else if self.config != found.config {
            "book.toml changed"
        } else {
            "the flags that change the output differ (--base-url)"
        }
    }
}

/// The executable's size, modification time and inode, which tell whether
/// the hash of it remembered in the cache still holds.
type ExeStamp = [u64; 3];

/// What a cache file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// The executable this cache's binary id was hashed from.
    pub(super) exe: ExeStamp,
    pub(super) key: Option<Key>,
    /// The id of the build that last wrote the output folder.
    pub output_id: u64,
    /// The fingerprint of the search index, and its files.
    pub search: u64,
    pub search_files: Vec<String>,
    /// Each page's fingerprint, by a hash of its path.
    pub views: Vec<(u64, u64)>,
    /// Where each entry's rendered body lies in the pack.
    pub(super) pack: body_pack::Saved,
    /// The input files the build read, as it found them when it started.
    pub inputs: Inputs,
    /// What the build reported, for a build that finds nothing changed.
    pub report: Report,
}

/// What a build reported: its counts and warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub entries: usize,
    pub tags: usize,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// A build's cache folder: where it is, what this build's key is, and what
/// the last build left there (if it fits).
#[derive(Debug)]
pub struct DiskCache {
    dir: PathBuf,
    exe: ExeStamp,
    key: Key,
    pack: Pack,
    entries: KeptEntries,
    scans: KeptScans,
    search: KeptSearch,
    /// What [`DiskCache::save_readings`] found and did: whether an entry
    /// left (every file is then written whole), and its error.
    readings: Mutex<Option<(bool, std::io::Result<()>)>>,
}

/// A cache folder opened for a build.
#[derive(Debug)]
pub struct Opened {
    pub disk: DiskCache,
    /// What the last build left, if it fits this one.
    pub state: Option<State>,
    /// Why what was there is not used (missing is no problem).
    pub warning: Option<Diagnostic>,
}

/// The folder of a kind of build's cache.
fn folder(config: &Config, visibility: Visibility) -> PathBuf {
    let name = match (visibility.private, visibility.drafts) {
        (false, false) => "public",
        (false, true) => "drafts",
        (true, false) => "private",
        (true, true) => "private-drafts",
    };
    config.cache_dir.join(name)
}

/// Opens the cache of a build of `config` with `visibility` and a theme
/// whose hash is `theme`.
pub fn open(config: &Config, visibility: Visibility, theme: u64) -> Opened {
    let dir = folder(config, visibility);
    let state_path = dir.join(STATE);
    let warn = |why: &str| {
        Some(Diagnostic::warning(
            &display_path(&state_path),
            Pos::START,
            format!("the build cache is not used ({why}); this build renders every page"),
        ))
    };
    let read = fs::read(&state_path);
    let found = read.as_deref().ok().map(decode);
    let exe = exe_stamp();
    // The binary's hash, remembered beside the executable's stamp: hashing
    // tens of megabytes on every build would cost more than a cached build.
    let remembered = match &found {
        Some(Some(s)) if s.exe == exe && exe != [0; 3] => s.key.map(|k| k.binary),
        _ => None,
    };
    let binary = remembered.unwrap_or_else(binary_hash);
    let key = Key::new(config, theme, visibility, binary);
    let (state, warning) = match found {
        None => (None, None),
        Some(None) => (None, warn("it is truncated or damaged")),
        Some(Some(state)) => match state.key {
            Some(k) if k == key => (Some(state), None),
            Some(k) => (None, warn(key.difference(&k))),
            None => (None, warn("it is truncated or damaged")),
        },
    };
    // Bodies rendered under another key are of no use: a new pack starts.
    let pack = Pack::open(&dir, state.as_ref().map(|s| &s.pack));
    let k = (key.binary, key.theme, key.config, key.flags, key.journal);
    let entries = KeptEntries::new(hash_parts(k), visibility);
    let scans = KeptScans::new(hash_parts(k));
    let search = KeptSearch::new(hash_parts(k));
    let disk = DiskCache {
        dir,
        exe,
        key,
        pack,
        entries,
        scans,
        search,
        readings: Mutex::new(None),
    };
    Opened {
        disk,
        state,
        warning,
    }
}

impl DiskCache {
    /// The body rendered under `key`, if the cache has it intact.
    pub fn body(&self, key: u64) -> Option<String> {
        self.pack.get(key)
    }

    /// Keeps the body rendered under `key`.
    pub fn put_body(&self, key: u64, html: &str) {
        self.pack.put(key, html);
    }

    /// The entries earlier builds read, for this build to read only those that changed.
    pub fn entries(&self) -> &KeptEntries {
        &self.entries
    }

    /// The Markdown scans earlier builds made, by body key.
    pub fn scans(&self) -> &KeptScans {
        &self.scans
    }

    /// Tells the cache what the survey of this build's inputs found, for a
    /// build that goes on: it reads the entries and scans kept earlier.
    pub fn surveyed(&mut self, inputs: &Inputs) {
        let dir = &self.dir;
        let (entries, scans, search) = (&mut self.entries, &mut self.scans, &mut self.search);
        rayon::join(
            || entries.read(dir),
            || rayon::join(|| scans.read(dir), || search.read(dir)),
        );
        self.entries.surveyed(inputs);
    }

    /// The documents of the last build's search index, kept to patch it.
    pub fn search(&self) -> &KeptSearch {
        &self.search
    }

    /// The warning when the cache could not be saved: the next build runs in full.
    pub fn unsaved(&self, e: &std::io::Error) -> Diagnostic {
        // What is there no longer describes the output folder.
        let _ = fs::remove_file(self.dir.join(STATE));
        Diagnostic::warning(
            &display_path(&self.dir.join(STATE)),
            Pos::START,
            format!("the build cache could not be saved ({e}); the next build renders every page"),
        )
    }

    /// Saves the entries as read and their scans, those of `live` bodies
    /// (the entries this build shows) and no others, as soon as the journal
    /// is loaded, so they no longer take memory while the pages are made.
    /// Each is used again only when it matches its file and body exactly,
    /// so a build that fails later leaves nothing misleading.
    pub fn save_readings(&self, live: &crate::hash::FastSet<u64>) {
        let done = self.write_readings(live);
        if let Ok(mut readings) = self.readings.lock() {
            *readings = Some(done);
        }
    }

    /// Writes the kept readings and scans; returns whether an entry left
    /// (every file of the cache is then written whole), and how it went.
    fn write_readings(&self, live: &crate::hash::FastSet<u64>) -> (bool, std::io::Result<()>) {
        // An entry gone or hidden since leaves nothing of it behind.
        let whole = self.entries.departed();
        let dir = &self.dir;
        let saved = fs::create_dir_all(dir).and_then(|()| {
            let (entries, scans) = rayon::join(
                || self.entries.save(&dir.join(kept_entries::FILE), whole),
                || self.scans.save(&dir.join(kept_scans::FILE), live, whole),
            );
            entries.and(scans)
        });
        (whole, saved)
    }

    /// Saves `state` as what the next build starts from, with the bodies
    /// of `live` (the entries this build shows) and no others.
    pub fn save(&self, mut state: State, live: &crate::hash::FastSet<u64>) -> std::io::Result<()> {
        state.exe = self.exe;
        state.key = Some(self.key);
        let readings = self.readings.lock().ok().and_then(|mut r| r.take());
        let (whole, saved) = readings.unwrap_or_else(|| self.write_readings(live));
        saved?;
        state.pack = self.pack.finish(live, whole)?;
        fs::create_dir_all(&self.dir)?;
        self.search.save(&self.dir.join(kept_search::FILE))?;
        write_whole(&self.dir.join(STATE), &encode(&state))?;
        Pack::remove_others(&self.dir, state.pack.generation);
        let _ = fs::remove_dir_all(self.dir.join(OLD_BODIES));
        Ok(())
    }
}

/// Writes `bytes` to a temporary file beside `path` and renames it there.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    fs::write(&temp, bytes)?;
    fs::rename(&temp, path)
}

/// The stamp of the running executable (zeros where it cannot be read).
fn exe_stamp() -> ExeStamp {
    let Some(meta) = std::env::current_exe().and_then(fs::metadata).ok() else {
        return [0; 3];
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    [meta.len(), modified, inode]
}

/// A hash of the running executable: two builds of ebb never share a cache.
/// Where it cannot be read, a value no hash takes by chance (the cache is
/// then trusted by the version alone).
fn binary_hash() -> u64 {
    // Streamed: the executable is tens of megabytes, which would stay in the
    // build's peak memory if read whole.
    let streamed = std::env::current_exe()
        .and_then(fs::File::open)
        .and_then(|mut file| {
            let mut hasher = crate::hash::Stream::default();
            std::io::copy(&mut file, &mut hasher)?;
            Ok(std::hash::Hasher::finish(&hasher))
        });
    match streamed {
        Ok(hash) => hash,
        Err(_) => hash_parts(("unreadable executable", env!("CARGO_PKG_VERSION"))),
    }
}

/// The bytes of a state file: the format, the fields, then a checksum of
/// everything before it.
fn encode(state: &State) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    let u64s = |out: &mut Vec<u8>, values: &[u64]| {
        for v in values {
            out.extend_from_slice(&v.to_le_bytes());
        }
    };
    let key = state.key.unwrap_or(Key {
        binary: 0,
        theme: 0,
        config: 0,
        flags: 0,
        journal: 0,
    });
    u64s(&mut out, &state.exe);
    u64s(
        &mut out,
        &[key.binary, key.theme, key.config, key.flags, key.journal],
    );
    u64s(&mut out, &[state.output_id, state.search]);
    u64s(&mut out, &[state.search_files.len() as u64]);
    for f in &state.search_files {
        u64s(&mut out, &[f.len() as u64]);
        out.extend_from_slice(f.as_bytes());
    }
    u64s(&mut out, &[state.views.len() as u64]);
    for (path, view) in &state.views {
        u64s(&mut out, &[*path, *view]);
    }
    u64s(
        &mut out,
        &[state.pack.generation, state.pack.bodies.len() as u64],
    );
    for (key, p) in &state.pack.bodies {
        u64s(&mut out, &[*key, p.offset, p.len, p.sum]);
    }
    let inputs = &state.inputs;
    u64s(&mut out, &[inputs.stamp, inputs.racy.len() as u64]);
    for (path, content) in &inputs.racy {
        u64s(&mut out, &[*path, *content]);
    }
    let report = &state.report;
    let counts = [
        report.entries,
        report.tags,
        report.pages,
        report.warnings.len(),
    ];
    u64s(&mut out, &counts.map(|n| n as u64));
    for d in &report.warnings {
        put_diagnostic(&mut out, d);
    }
    let sum = hash_bytes(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Reads a state file; `None` if it is not one, or truncated, or garbled.
/// Never panics, whatever the bytes.
pub fn decode(bytes: &[u8]) -> Option<State> {
    let (body, sum) = bytes.split_last_chunk::<8>()?;
    if u64::from_le_bytes(*sum) != hash_bytes(body) {
        return None;
    }
    let mut r = Reader(body.strip_prefix(MAGIC)?);
    let exe = [r.u64()?, r.u64()?, r.u64()?];
    let key = Key {
        binary: r.u64()?,
        theme: r.u64()?,
        config: r.u64()?,
        flags: r.u64()?,
        journal: r.u64()?,
    };
    let output_id = r.u64()?;
    let search = r.u64()?;
    let n = r.count(8)?;
    let mut search_files = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.count(1)?;
        search_files.push(String::from_utf8(r.take(len)?.to_vec()).ok()?);
    }
    let n = r.count(16)?;
    let mut views = Vec::with_capacity(n);
    for _ in 0..n {
        views.push((r.u64()?, r.u64()?));
    }
    let generation = r.u64()?;
    let n = r.count(32)?;
    let mut bodies = Vec::with_capacity(n);
    for _ in 0..n {
        let key = r.u64()?;
        let (offset, len, sum) = (r.u64()?, r.u64()?, r.u64()?);
        bodies.push((key, Place { offset, len, sum }));
    }
    let stamp = r.u64()?;
    let n = r.count(16)?;
    let mut racy = Vec::with_capacity(n);
    for _ in 0..n {
        racy.push((r.u64()?, r.u64()?));
    }
    let (entries, tags, pages) = (r.usize()?, r.usize()?, r.usize()?);
    let n = r.count(48)?;
    let mut warnings = Vec::with_capacity(n);
    for _ in 0..n {
        warnings.push(r.diagnostic()?);
    }
    r.0.is_empty().then_some(State {
        exe,
        key: Some(key),
        output_id,
        search,
        search_files,
        views,
        pack: body_pack::Saved { generation, bodies },
        inputs: Inputs::kept(stamp, racy),
        report: Report {
            entries,
            tags,
            pages,
            warnings,
        },
    })
}

/// Appends a diagnostic as [`Reader::diagnostic`] reads it.
pub(super) fn put_diagnostic(out: &mut Vec<u8>, d: &Diagnostic) {
    let severity = match d.severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    };
    for v in [d.line as u64, d.column as u64, severity] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    put_text(out, &d.path);
    put_text(out, &d.message);
    match &d.source_line {
        Some(line) => {
            out.extend_from_slice(&1u64.to_le_bytes());
            put_text(out, line);
        }
        None => out.extend_from_slice(&0u64.to_le_bytes()),
    }
}

/// Appends a string as its length and its bytes.
pub(super) fn put_text(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Reads a cache file's fields in order, every read checked.
pub(super) struct Reader<'a>(pub(super) &'a [u8]);

impl<'a> Reader<'a> {
    /// A diagnostic written by [`put_diagnostic`].
    pub(super) fn diagnostic(&mut self) -> Option<Diagnostic> {
        let (line, column) = (self.usize()?, self.usize()?);
        let severity = match self.u64()? {
            0 => Severity::Error,
            1 => Severity::Warning,
            2 => Severity::Note,
            _ => return None,
        };
        let path = self.text()?;
        let message = self.text()?;
        let source_line = match self.u64()? {
            0 => None,
            1 => Some(self.text()?),
            _ => return None,
        };
        Some(Diagnostic {
            path,
            line,
            column,
            severity,
            message,
            source_line,
        })
    }

    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    pub(super) fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
    }

    pub(super) fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    /// A string written as its length and its bytes.
    pub(super) fn text(&mut self) -> Option<String> {
        let len = self.count(1)?;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }

    /// A count of items of at least `size` bytes each: never more than the
    /// bytes left could hold, so a garbled count allocates nothing big.
    pub(super) fn count(&mut self, size: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= self.0.len() / size).then_some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> State {
        State {
            exe: [1, 2, 3],
            key: Some(Key {
                binary: 4,
                theme: 5,
                config: 6,
                flags: 7,
                journal: 8,
            }),
            output_id: 9,
            search: 10,
            search_files: vec!["search/docs.json".into(), "search/ab.json".into()],
            views: (0..50).map(|i| (i, i * 7)).collect(),
            pack: body_pack::Saved {
                generation: 11,
                bodies: vec![(
                    12,
                    Place {
                        offset: 13,
                        len: 14,
                        sum: 15,
                    },
                )],
            },
            inputs: Inputs::kept(16, vec![(17, 18)]),
            report: Report {
                entries: 19,
                tags: 20,
                pages: 21,
                warnings: vec![
                    Diagnostic::warning("a.md", Pos::new(2, 3), "careful")
                        .with_source_line(Some("line two")),
                    Diagnostic::warning("b.md", Pos::START, "élan"),
                ],
            },
        }
    }

    #[test]
    fn a_state_reads_back_as_written() {
        assert_eq!(decode(&encode(&sample())), Some(sample()));
        assert_eq!(
            decode(&encode(&State::default())).map(|s| s.views),
            Some(vec![])
        );
    }

    #[test]
    fn truncated_or_garbled_states_are_refused_without_panicking() {
        let bytes = encode(&sample());
        for len in 0..bytes.len() {
            assert_eq!(decode(&bytes[..len]), None, "truncated to {len}");
        }
        // Every single byte changed, and runs of pseudo-random garbage.
        for at in 0..bytes.len() {
            let mut garbled = bytes.clone();
            garbled[at] ^= 0x5a;
            assert_eq!(decode(&garbled), None, "byte {at} changed");
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for round in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut garbled = bytes.clone();
            let at = (seed as usize) % garbled.len();
            let len = ((seed >> 32) as usize) % 64;
            for (i, b) in garbled.iter_mut().skip(at).take(len).enumerate() {
                *b = (seed >> (i % 8 * 8)) as u8;
            }
            garbled.truncate(garbled.len() - round % 3);
            let _ = decode(&garbled);
        }
    }

    #[test]
    fn garbled_fields_under_a_valid_checksum_are_refused() {
        // A state whose checksum is right but whose counts lie.
        let mut body = MAGIC.to_vec();
        body.extend_from_slice(&[0; 8 * 10]);
        body.extend_from_slice(&u64::MAX.to_le_bytes());
        let sum = hash_bytes(&body);
        body.extend_from_slice(&sum.to_le_bytes());
        assert_eq!(decode(&body), None);
    }
}
