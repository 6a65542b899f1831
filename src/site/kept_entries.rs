//! Entries as an earlier build read and validated them, kept in the build
//! cache (`entries` in a kind of build's folder), so a cached build reads
//! and validates only the files that changed.
//!
//! A reading is kept by the hash of the file's path, with the size,
//! modification time and inode the input survey saw before the file was
//! read, and the hash of its content. It is used again when the file has
//! the same stamp now; a file that changed shortly before either look
//! ("racy", see [`super::inputs`]), or whose time or inode changed with
//! its size the same (a fresh checkout, a copy), is compared by its
//! content.
//!
//! Only entries the build shows are kept, so a public build's cache holds
//! nothing of a private entry or a draft; an `index.md` entry (whose
//! assets are the files beside it) is read every time. The file is keyed
//! like the state file, checksummed whole, and every field read back is
//! checked: a garbled file is ignored, never trusted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike};

use super::disk_cache::{Reader, put_diagnostic, put_text};
use super::inputs::Inputs;
use super::records::{self, Blob, Log, put_u64s};
use crate::content::validate::Parsed;
use crate::content::{Activity, CheckIns, Energy, Entry, EntryTime, Level, Mode, Visibility};
use crate::diagnostics::Pos;
use crate::hash::{FastMap, hash_bytes};

/// The first bytes of the file: its format.
const MAGIC: &[u8] = b"ebb-entries 2\n";
/// The file in each kind of build's cache folder.
pub const FILE: &str = "entries";
/// The numbers of a record: the hash of the path, the file's size,
/// modification time and inode, whether it was racy, and its content's hash.
const FIELDS: usize = 6;
/// How deep a frontmatter value of a template's own may nest when read back.
const MAX_DEPTH: usize = 64;

/// What a kept reading was read from: the file's size, modification time
/// and inode, whether it had changed shortly before it was surveyed, and
/// the hash of its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    nanos: u64,
    inode: u64,
    racy: bool,
    content: u64,
}

/// One kept reading, as read from the file: its stamp and its bytes.
#[derive(Debug, Clone)]
struct Kept {
    stamp: Stamp,
    bytes: Blob,
}

/// The readings kept by the last build, and those of this one.
#[derive(Debug)]
pub struct KeptEntries {
    /// What must match: the cache's key, the current folder (messages name
    /// files relative to it) and the visibility.
    key: u64,
    visibility: Visibility,
    /// Taken out as the loader asks for them; the rest is dropped once the
    /// journal is loaded (see [`KeptEntries::loaded`]).
    known: Mutex<FastMap<u64, Kept>>,
    log: Log,
    /// The survey of this build's inputs; nothing is used or kept without it.
    inputs: Option<Inputs>,
    /// The readings this build used or made, by the hash of their path.
    now: Mutex<FastMap<u64, Now>>,
}

/// A reading this build used or made, and its stamp now.
#[derive(Debug, Clone)]
struct Now {
    stamp: Stamp,
    reading: Reading,
    /// Whether the file lacks it as it is (made, or its stamp changed).
    new: bool,
}

#[derive(Debug, Clone)]
enum Reading {
    /// The bytes the file holds.
    Kept(Blob),
    /// Made by this build, shared with the journal and encoded when saved.
    Made(Parsed),
}

impl KeptEntries {
    /// No readings yet, for a build keyed by `key` (see [`KeptEntries::read`]).
    pub fn new(key: u64, visibility: Visibility) -> KeptEntries {
        KeptEntries {
            key: crate::hash::hash_parts((key, std::env::current_dir().ok())),
            visibility,
            known: Mutex::default(),
            log: Log::default(),
            inputs: None,
            now: Mutex::new(FastMap::default()),
        }
    }

    /// Reads the readings kept in `dir` (none if the file is missing,
    /// damaged or written under another key). A build that finds nothing
    /// changed never needs them, so they are read only when it goes on.
    pub fn read(&mut self, dir: &Path) {
        let found = std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|bytes| records::read(bytes.into(), MAGIC, self.key, FIELDS));
        let (log, records) = Log::of(found);
        match decode_records(records) {
            Some(known) => {
                self.log = log;
                self.known = Mutex::new(known);
            }
            None => {
                self.log = Log::default();
                self.known = Mutex::default();
            }
        }
    }

    /// Forgets the readings no file asked for (gone, or not entries any
    /// more), so the bytes read stay in memory no longer than the loading.
    pub fn loaded(&self) {
        if let Ok(mut known) = self.known.lock() {
            *known = FastMap::default();
        }
    }

    /// The survey of this build's inputs, which tells which files changed.
    pub fn surveyed(&mut self, inputs: &Inputs) {
        self.inputs = Some(inputs.clone());
    }

    /// Whether an entry the file holds is not among this build's (gone,
    /// or no longer shown): then every file of the cache is written whole,
    /// so nothing of it stays behind.
    pub fn departed(&self) -> bool {
        let Ok(now) = self.now.lock() else {
            return true;
        };
        self.log.has_other_than(|k| now.contains_key(&k))
    }

    /// Writes this build's readings to `path` (and lets go of them): only
    /// the new ones are added to the file, unless it is written `whole`.
    pub fn save(&self, path: &Path, whole: bool) -> std::io::Result<()> {
        let now = self
            .now
            .lock()
            .map(|mut m| std::mem::take(&mut *m))
            .unwrap_or_default();
        let now: Vec<(u64, Now)> = now.into_iter().collect();
        let records = now
            .into_par_iter()
            .filter_map(|(path, n)| {
                let bytes = match n.reading {
                    Reading::Kept(blob) => blob,
                    Reading::Made(parsed) => {
                        Blob::new(encode_parsed(parsed.entry.as_deref()?, &parsed))
                    }
                };
                let k = n.stamp;
                let racy = u64::from(k.racy);
                let numbers = vec![path, k.len, k.nanos, k.inode, racy, k.content];
                Some(((numbers, bytes), n.new))
            })
            .collect();
        self.log
            .save(path, (MAGIC, self.key, FIELDS), records, whole)
    }
}

impl crate::content::Kept for KeptEntries {
    fn get(&self, path: &Path) -> Option<Parsed> {
        let stamp = self.inputs.as_ref()?.file(path)?;
        let key = hash_bytes(path.as_os_str().as_encoded_bytes());
        let kept = self.known.lock().ok()?.remove(&key)?;
        let was = kept.stamp;
        let same = (was.len, was.nanos, was.inode) == (stamp.len, stamp.nanos, stamp.inode);
        // A file with another time or inode (a fresh checkout in CI, a copy)
        // is compared by its content, as a racy one is.
        if !same || was.racy || stamp.racy.is_some() {
            if was.len != stamp.len {
                return None;
            }
            let content = match stamp.racy {
                Some(c) => c,
                None => hash_bytes(&std::fs::read(path).ok()?),
            };
            if content != was.content {
                return None;
            }
        }
        let parsed = decode_parsed(&kept.bytes, path)?;
        // Kept under the stamp seen now (a file that is no longer racy is
        // kept as such from now on).
        let stamp = Stamp {
            len: stamp.len,
            nanos: stamp.nanos,
            inode: stamp.inode,
            racy: stamp.racy.is_some(),
            content: was.content,
        };
        if let Ok(mut now) = self.now.lock() {
            let reading = Reading::Kept(kept.bytes);
            let new = stamp != was;
            now.insert(
                key,
                Now {
                    stamp,
                    reading,
                    new,
                },
            );
        }
        Some(parsed)
    }

    fn put(&self, path: &Path, content: u64, parsed: &Parsed) {
        let Some(entry) = &parsed.entry else { return };
        let shown = entry.is_visible(self.visibility);
        if !shown || !entry.assets.is_empty() || path.file_name().is_some_and(|n| n == "index.md") {
            return;
        }
        let Some(stamp) = self.inputs.as_ref().and_then(|i| i.file(path)) else {
            return;
        };
        let stamp = Stamp {
            len: stamp.len,
            nanos: stamp.nanos,
            inode: stamp.inode,
            racy: stamp.racy.is_some(),
            content,
        };
        if let Ok(mut now) = self.now.lock() {
            let key = hash_bytes(path.as_os_str().as_encoded_bytes());
            let reading = Reading::Made(parsed.clone());
            now.insert(
                key,
                Now {
                    stamp,
                    reading,
                    new: true,
                },
            );
        }
    }
}

/// The kept readings among `records`; `None` if one is garbled.
fn decode_records(records: FastMap<u64, records::Record>) -> Option<FastMap<u64, Kept>> {
    let mut known = FastMap::default();
    for (numbers, bytes) in records.into_values() {
        let [path, len, nanos, inode, racy, content] = numbers[..] else {
            return None;
        };
        let racy = match racy {
            0 => false,
            1 => true,
            _ => return None,
        };
        let stamp = Stamp {
            len,
            nanos,
            inode,
            racy,
            content,
        };
        known.insert(path, Kept { stamp, bytes });
    }
    Some(known)
}

/// The bytes of a valid entry's reading (its source path is the key).
fn encode_parsed(e: &Entry, parsed: &Parsed) -> Vec<u8> {
    let mut out = Vec::with_capacity(e.body.len() + 512);
    let o = &mut out;
    for s in [&e.display_path, &e.content_path, &e.title, &e.slug, &e.dir] {
        put_text(o, s);
    }
    put_u64s(o, &[i64::from(e.date.num_days_from_ce()) as u64]);
    put_pos(o, e.date_pos);
    match e.time {
        None => put_u64s(o, &[0]),
        Some(t) => {
            let secs = u64::from(t.time.num_seconds_from_midnight());
            put_u64s(o, &[1, secs, u64::from(t.time.nanosecond())]);
            match t.offset {
                None => put_u64s(o, &[0]),
                Some(off) => put_u64s(o, &[1, off.local_minus_utc() as i64 as u64]),
            }
        }
    }
    put_u64s(
        o,
        &[match e.mode {
            None => 0,
            Some(Mode::Ic) => 1,
            Some(Mode::Em) => 2,
        }],
    );
    let level = |l: Option<Level>| l.map_or(0, |l| u64::from(l.get()));
    match e.energy {
        None => put_u64s(o, &[0]),
        Some(Energy::Score(l)) => put_u64s(o, &[1, level(Some(l))]),
        Some(Energy::CheckIns(c)) => {
            put_u64s(o, &[2, level(c.morning), level(c.midday), level(c.evening)])
        }
    }
    for a in &e.activities {
        put_texts(o, &a.tags);
        put_opt_text(o, a.note.as_deref());
    }
    put_opt_f64(o, e.focus_hours);
    put_opt_f64(o, e.meeting_hours);
    put_texts(o, &e.tags);
    put_texts(o, &e.tag_slugs);
    put_opt_text(o, e.summary.as_deref());
    put_u64s(o, &[u64::from(e.draft), u64::from(e.private)]);
    put_u64s(o, &[e.metrics.len() as u64]);
    for (k, v) in &e.metrics {
        put_text(o, k);
        put_u64s(o, &[v.to_bits()]);
    }
    put_u64s(o, &[e.extra.len() as u64]);
    for (k, v) in &e.extra {
        put_text(o, k);
        put_value(o, v);
    }
    put_text(o, &e.body);
    put_u64s(o, &[e.body_hash, e.body_line as u64]);
    put_u64s(o, &[parsed.tag_positions.len() as u64]);
    for p in &parsed.tag_positions {
        put_pos(o, *p);
    }
    put_u64s(o, &[parsed.diagnostics.len() as u64]);
    for d in &parsed.diagnostics {
        put_diagnostic(o, d);
    }
    out
}

/// Reads what [`encode_parsed`] wrote; `None` at the first thing amiss.
fn decode_parsed(blob: &Blob, source: &Path) -> Option<Parsed> {
    let bytes = blob.bytes();
    let mut r = Reader(bytes);
    let (display_path, content_path) = (r.text()?, r.text()?);
    let (title, slug, dir) = (r.text()?, r.text()?, r.text()?);
    let date = NaiveDate::from_num_days_from_ce_opt(i32::try_from(r.u64()? as i64).ok()?)?;
    let date_pos = pos(&mut r)?;
    let time = match r.u64()? {
        0 => None,
        1 => {
            let (secs, nanos) = (r.u64()?, r.u64()?);
            let time = NaiveTime::from_num_seconds_from_midnight_opt(
                u32::try_from(secs).ok()?,
                u32::try_from(nanos).ok()?,
            )?;
            let offset = match r.u64()? {
                0 => None,
                1 => Some(FixedOffset::east_opt(i32::try_from(r.u64()? as i64).ok()?)?),
                _ => return None,
            };
            Some(EntryTime { time, offset })
        }
        _ => return None,
    };
    let mode = match r.u64()? {
        0 => None,
        1 => Some(Mode::Ic),
        2 => Some(Mode::Em),
        _ => return None,
    };
    let energy = match r.u64()? {
        0 => None,
        1 => Some(Energy::Score(level(&mut r)??)),
        2 => {
            let (morning, midday, evening) = (level(&mut r)?, level(&mut r)?, level(&mut r)?);
            Some(Energy::CheckIns(CheckIns {
                morning,
                midday,
                evening,
            }))
        }
        _ => return None,
    };
    let mut activities: [Activity; 3] = Default::default();
    for a in &mut activities {
        a.tags = texts(&mut r)?;
        a.note = opt_text(&mut r)?;
    }
    let focus_hours = opt_f64(&mut r)?;
    let meeting_hours = opt_f64(&mut r)?;
    let tags = texts(&mut r)?;
    let tag_slugs = texts(&mut r)?;
    let summary = opt_text(&mut r)?;
    let draft = flag(&mut r)?;
    let private = flag(&mut r)?;
    let mut metrics = BTreeMap::new();
    for _ in 0..r.count(16)? {
        let k = r.text()?;
        metrics.insert(k, f64::from_bits(r.u64()?));
    }
    let mut extra = BTreeMap::new();
    for _ in 0..r.count(16)? {
        let k = r.text()?;
        extra.insert(k, value(&mut r, 0)?);
    }
    // The body stays in the buffer read (the bulk of a reading).
    let len = r.count(1)?;
    let raw = r.take(len)?;
    let body = blob.text(raw)?;
    let (body_hash, body_line) = (r.u64()?, r.usize()?);
    let mut tag_positions = Vec::new();
    for _ in 0..r.count(16)? {
        tag_positions.push(pos(&mut r)?);
    }
    let mut diagnostics = Vec::new();
    for _ in 0..r.count(48)? {
        diagnostics.push(r.diagnostic()?);
    }
    if !r.0.is_empty() || tag_slugs.len() != tags.len() || hash_bytes(raw) != body_hash {
        return None;
    }
    let entry = Entry {
        source: PathBuf::from(source),
        display_path,
        content_path,
        title,
        slug,
        date,
        date_pos,
        time,
        mode,
        energy,
        activities,
        focus_hours,
        meeting_hours,
        tags,
        tag_slugs,
        dir,
        summary,
        draft,
        private,
        metrics,
        extra,
        body,
        body_hash,
        body_line,
        assets: Vec::new(),
    };
    Some(Parsed {
        entry: Some(Arc::new(entry)),
        tag_positions,
        diagnostics,
    })
}

pub(super) fn put_pos(out: &mut Vec<u8>, p: Pos) {
    put_u64s(out, &[p.line as u64, p.col as u64]);
}

pub(super) fn pos(r: &mut Reader<'_>) -> Option<Pos> {
    Some(Pos::new(r.usize()?, r.usize()?))
}

/// A check-in's score, 0 for none.
fn level(r: &mut Reader<'_>) -> Option<Option<Level>> {
    match r.u64()? {
        0 => Some(None),
        n => Some(Some(Level::new(i64::try_from(n).ok()?)?)),
    }
}

pub(super) fn flag(r: &mut Reader<'_>) -> Option<bool> {
    match r.u64()? {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    }
}

fn put_texts(out: &mut Vec<u8>, items: &[String]) {
    put_u64s(out, &[items.len() as u64]);
    for s in items {
        put_text(out, s);
    }
}

fn texts(r: &mut Reader<'_>) -> Option<Vec<String>> {
    (0..r.count(8)?).map(|_| r.text()).collect()
}

pub(super) fn put_opt_text(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => put_u64s(out, &[0]),
        Some(s) => {
            put_u64s(out, &[1]);
            put_text(out, s);
        }
    }
}

pub(super) fn opt_text(r: &mut Reader<'_>) -> Option<Option<String>> {
    match r.u64()? {
        0 => Some(None),
        1 => Some(Some(r.text()?)),
        _ => None,
    }
}

fn put_opt_f64(out: &mut Vec<u8>, v: Option<f64>) {
    match v {
        None => put_u64s(out, &[0]),
        Some(v) => put_u64s(out, &[1, v.to_bits()]),
    }
}

fn opt_f64(r: &mut Reader<'_>) -> Option<Option<f64>> {
    match r.u64()? {
        0 => Some(None),
        1 => Some(Some(f64::from_bits(r.u64()?))),
        _ => None,
    }
}

/// A frontmatter value kept for templates, exactly (numbers by their bits).
fn put_value(out: &mut Vec<u8>, v: &serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Null => put_u64s(out, &[0]),
        Value::Bool(b) => put_u64s(out, &[1, u64::from(*b)]),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => put_u64s(out, &[2, u]),
            (_, Some(i), _) => put_u64s(out, &[3, i as u64]),
            (_, _, f) => put_u64s(out, &[4, f.unwrap_or(0.0).to_bits()]),
        },
        Value::String(s) => {
            put_u64s(out, &[5]);
            put_text(out, s);
        }
        Value::Array(items) => {
            put_u64s(out, &[6, items.len() as u64]);
            for item in items {
                put_value(out, item);
            }
        }
        Value::Object(map) => {
            put_u64s(out, &[7, map.len() as u64]);
            for (k, item) in map {
                put_text(out, k);
                put_value(out, item);
            }
        }
    }
}

fn value(r: &mut Reader<'_>, depth: usize) -> Option<serde_json::Value> {
    use serde_json::Value;
    if depth > MAX_DEPTH {
        return None;
    }
    Some(match r.u64()? {
        0 => Value::Null,
        1 => Value::Bool(flag(r)?),
        2 => Value::from(r.u64()?),
        3 => Value::from(r.u64()? as i64),
        4 => Value::Number(serde_json::Number::from_f64(f64::from_bits(r.u64()?))?),
        5 => Value::String(r.text()?),
        6 => {
            let n = r.count(8)?;
            Value::Array((0..n).map(|_| value(r, depth + 1)).collect::<Option<_>>()?)
        }
        7 => {
            let mut map = serde_json::Map::new();
            for _ in 0..r.count(16)? {
                let k = r.text()?;
                map.insert(k, value(r, depth + 1)?);
            }
            Value::Object(map)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::validate::{SourceFile, parse_entry};

    const TEXT: &str = "---\ndate: 2024-03-05T09:30:00+01:00\ntitle: A day\nmode: EM\n\
        energy: { morning: 7, midday: { score: 4, tags: [incident], note: paged }, evening: 3 }\n\
        focus_hours: 2.5\ntags: [Deep Work, people]\nsummary: Short.\n\
        mood_board: { a: [1, -2, 3.25, true, null, \"x\"], b: 18446744073709551615 }\n\
        ---\n\nA body with [a link](other.md).\n";

    fn parsed() -> Parsed {
        parse_entry(SourceFile {
            path: Path::new("/j/content/2024-03-05-a-day.md"),
            display: "content/2024-03-05-a-day.md",
            content_path: "2024-03-05-a-day.md",
            bytes: TEXT.as_bytes(),
            metrics: &[],
        })
    }

    #[test]
    fn a_reading_reads_back_as_made() {
        let p = parsed();
        let e = p.entry.as_deref().expect("valid");
        assert!(!e.extra.is_empty() && e.time.is_some() && e.energy.is_some());
        let bytes = encode_parsed(e, &p);
        let back = decode_parsed(&Blob::new(bytes.clone()), &e.source).expect("reads back");
        let b = back.entry.as_deref().expect("an entry");
        assert_eq!(format!("{e:?}"), format!("{b:?}"));
        assert_eq!(back.tag_positions, p.tag_positions);
        assert_eq!(back.diagnostics, p.diagnostics);
    }

    #[test]
    fn damaged_readings_and_files_are_refused_without_panicking() {
        let p = parsed();
        let e = p.entry.as_deref().expect("valid");
        let bytes = encode_parsed(e, &p);
        for len in 0..bytes.len() {
            let cut = Blob::new(bytes[..len].to_vec());
            assert!(decode_parsed(&cut, &e.source).is_none(), "{len}");
        }
        for at in 0..bytes.len() {
            let mut garbled = bytes.clone();
            garbled[at] ^= 0xa5;
            let _ = decode_parsed(&Blob::new(garbled), &e.source);
        }
        // The file: checksummed, keyed, every byte counts.
        let tmp = tempfile::tempdir().expect("temp dir");
        let kept = KeptEntries::new(1, Visibility::default());
        if let Ok(mut now) = kept.now.lock() {
            let stamp = Stamp {
                len: 1,
                nanos: 2,
                inode: 3,
                racy: false,
                content: 4,
            };
            let reading = Reading::Made(p.clone());
            now.insert(
                5,
                Now {
                    stamp,
                    reading,
                    new: true,
                },
            );
        }
        kept.save(&tmp.path().join(FILE), false).expect("saved");
        let file = std::fs::read(tmp.path().join(FILE)).expect("written");
        let read = |bytes: &[u8], key| {
            let found = records::read(bytes.into(), MAGIC, key, FIELDS)?;
            decode_records(Log::of(Some(found)).1)
        };
        let known = read(&file, kept.key).expect("reads back");
        assert_eq!(known.get(&5).map(|k| k.bytes.bytes()), Some(&bytes[..]));
        assert!(read(&file, kept.key ^ 1).is_none(), "another key");
        for len in 0..file.len() {
            assert!(read(&file[..len], kept.key).is_none(), "{len}");
        }
        for at in 0..file.len() {
            let mut garbled = file.clone();
            garbled[at] ^= 0x5a;
            assert!(read(&garbled, kept.key).is_none(), "byte {at}");
        }
    }

    /// A journal checked out again (CI restoring the cache into a fresh
    /// clone): every file has a new time and inode, and the same bytes.
    #[test]
    fn a_file_with_a_new_time_and_the_same_bytes_is_taken_from_the_cache() {
        use crate::content::Kept as _;
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path();
        std::fs::write(root.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
        let path = root.join("content").join("2024-03-05-a-day.md");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let config = crate::config::Config::load(root).expect("config");
        // Written long enough ago not to be "racy", as a checkout is by the
        // time a build runs.
        let write = |text: &str, ago: u64| {
            let fresh = path.with_extension("new");
            std::fs::write(&fresh, text).unwrap();
            let then = std::time::SystemTime::now() - std::time::Duration::from_secs(ago);
            std::fs::File::options()
                .write(true)
                .open(&fresh)
                .and_then(|f| f.set_modified(then))
                .unwrap();
            std::fs::rename(&fresh, &path).unwrap();
        };
        write(TEXT, 60);
        let first = Inputs::survey(&config);
        let mut kept = KeptEntries::new(1, Visibility::default());
        kept.surveyed(&first);
        let p = crate::content::validate::parse_entry(SourceFile {
            path: &path,
            display: "content/2024-03-05-a-day.md",
            content_path: "2024-03-05-a-day.md",
            bytes: TEXT.as_bytes(),
            metrics: &[],
        });
        kept.put(&path, hash_bytes(TEXT.as_bytes()), &p);
        kept.save(&root.join(FILE), false).expect("saved");

        let again = |text: &str| {
            write(text, 30);
            let inputs = Inputs::survey(&config);
            assert_ne!(inputs.file(&path), first.file(&path), "a new stamp");
            let mut kept = KeptEntries::new(1, Visibility::default());
            kept.read(root);
            kept.surveyed(&inputs);
            kept.get(&path)
        };
        let same = again(TEXT).expect("the same bytes: the kept reading");
        assert_eq!(
            format!("{:?}", same.entry.as_deref().map(|e| &e.title)),
            format!("{:?}", p.entry.as_deref().map(|e| &e.title))
        );
        let edited = TEXT.replace("A day", "A dax");
        assert_eq!(edited.len(), TEXT.len());
        assert!(again(&edited).is_none(), "other bytes of the same length");
    }
}
