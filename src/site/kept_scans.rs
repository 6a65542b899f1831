//! What the first pass over each shown entry's Markdown found (headings,
//! links, plain text), kept in the build cache (`scans` in a kind of
//! build's folder) by the key of the body it was made from, which holds
//! everything a scan depends on ([`super::Site::body_key`]). Only the
//! entries a build shows are scanned, so only theirs are kept.

use std::path::Path;
use std::sync::Mutex;

use super::disk_cache::{Reader, put_text};
use super::kept_entries::{flag, opt_text, pos, put_opt_text, put_pos};
use super::records::{self, Blob, Log, put_u64s};
use crate::hash::FastMap;
use crate::markdown::{Anchor, DeadLink, Heading, HintKind, LinkHint, Rendered};

/// The first bytes of the file: its format.
const MAGIC: &[u8] = b"ebb-scans 2\n";
/// The file in each kind of build's cache folder.
pub const FILE: &str = "scans";

/// The scans kept by the last build, and those of this one.
#[derive(Debug)]
pub struct KeptScans {
    key: u64,
    known: FastMap<u64, Blob>,
    log: Log,
    /// This build's scans, and whether each is new to the file.
    now: Mutex<FastMap<u64, (Blob, bool)>>,
}

impl KeptScans {
    /// No scans yet, for a build keyed by `key` (see [`KeptScans::read`]).
    pub fn new(key: u64) -> KeptScans {
        KeptScans {
            key,
            known: FastMap::default(),
            log: Log::default(),
            now: Mutex::new(FastMap::default()),
        }
    }

    /// Reads the scans kept in `dir` (none if the file is missing, damaged
    /// or written under another key).
    pub fn read(&mut self, dir: &Path) {
        let found = std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|bytes| records::read(bytes.into(), MAGIC, self.key, 1));
        let (log, known) = Log::of(found);
        self.log = log;
        self.known = known.into_iter().map(|(k, (_, blob))| (k, blob)).collect();
    }

    /// The scan kept under `key`, if it reads back whole.
    pub fn get(&self, key: u64) -> Option<Rendered> {
        let blob = self.known.get(&key)?;
        let scan = decode(blob)?;
        if let Ok(mut now) = self.now.lock() {
            now.insert(key, (blob.clone(), false));
        }
        Some(scan)
    }

    /// Keeps the scan made under `key`.
    pub fn put(&self, key: u64, scan: &Rendered) {
        if let Ok(mut now) = self.now.lock() {
            now.insert(key, (Blob::new(encode(scan)), true));
        }
    }

    /// Writes the scans this build used to `path`, and no others (and lets
    /// go of them): only the new ones are added to the file, unless it is
    /// written `whole`.
    pub fn save(
        &self,
        path: &Path,
        live: &crate::hash::FastSet<u64>,
        whole: bool,
    ) -> std::io::Result<()> {
        let now = self
            .now
            .lock()
            .map(|mut m| std::mem::take(&mut *m))
            .unwrap_or_default();
        let records = now
            .into_iter()
            .filter(|(k, _)| live.contains(k))
            .map(|(k, (blob, new))| ((vec![k], blob), new))
            .collect();
        self.log.save(path, (MAGIC, self.key, 1), records, whole)
    }
}

fn encode(scan: &Rendered) -> Vec<u8> {
    let mut out = Vec::with_capacity(scan.text.len() + 256);
    let o = &mut out;
    put_text(o, &scan.html);
    put_text(o, &scan.text);
    put_u64s(o, &[scan.headings.len() as u64]);
    for h in &scan.headings {
        put_u64s(o, &[u64::from(h.level)]);
        put_text(o, &h.id);
        put_text(o, &h.text);
    }
    put_u64s(o, &[scan.dead_links.len() as u64]);
    for d in &scan.dead_links {
        put_pos(o, d.pos);
        put_text(o, &d.target);
        put_u64s(o, &[u64::from(d.unpublished), u64::from(d.broken)]);
    }
    put_u64s(o, &[scan.tag_links.len() as u64]);
    for (p, slug) in &scan.tag_links {
        put_pos(o, *p);
        put_text(o, slug);
    }
    put_u64s(o, &[scan.anchors.len() as u64]);
    for a in &scan.anchors {
        put_pos(o, a.pos);
        put_opt_text(o, a.target.as_deref());
        put_text(o, &a.id);
    }
    put_u64s(o, &[scan.hints.len() as u64]);
    for h in &scan.hints {
        put_pos(o, h.pos);
        put_text(o, &h.written);
        match &h.kind {
            HintKind::NoExtension(meant) => {
                put_u64s(o, &[0]);
                put_text(o, meant);
            }
            HintKind::Wiki(meant) => {
                put_u64s(o, &[1]);
                put_opt_text(o, meant.as_deref());
            }
            HintKind::FromRoot => put_u64s(o, &[2]),
        }
    }
    out
}

/// Reads what [`encode`] wrote; `None` at the first thing amiss.
fn decode(blob: &Blob) -> Option<Rendered> {
    let mut r = Reader(blob.bytes());
    let html = r.text()?;
    // The plain text stays in the buffer read (the bulk of a scan).
    let len = r.count(1)?;
    let text = blob.text(r.take(len)?)?;
    let mut headings = Vec::new();
    for _ in 0..r.count(24)? {
        let level = u8::try_from(r.u64()?).ok()?;
        let (id, text) = (r.text()?, r.text()?);
        headings.push(Heading { level, id, text });
    }
    let mut dead_links = Vec::new();
    for _ in 0..r.count(40)? {
        let pos = pos(&mut r)?;
        let target = r.text()?;
        let (unpublished, broken) = (flag(&mut r)?, flag(&mut r)?);
        dead_links.push(DeadLink {
            pos,
            target,
            unpublished,
            broken,
        });
    }
    let mut tag_links = Vec::new();
    for _ in 0..r.count(24)? {
        tag_links.push((pos(&mut r)?, r.text()?));
    }
    let mut anchors = Vec::new();
    for _ in 0..r.count(32)? {
        let pos = pos(&mut r)?;
        let target = opt_text(&mut r)?;
        let id = r.text()?;
        anchors.push(Anchor { pos, target, id });
    }
    let mut hints = Vec::new();
    for _ in 0..r.count(32)? {
        let pos = pos(&mut r)?;
        let written = r.text()?;
        let kind = match r.u64()? {
            0 => HintKind::NoExtension(r.text()?),
            1 => HintKind::Wiki(opt_text(&mut r)?),
            2 => HintKind::FromRoot,
            _ => return None,
        };
        hints.push(LinkHint { pos, written, kind });
    }
    r.0.is_empty().then_some(Rendered {
        html,
        headings,
        dead_links,
        tag_links,
        anchors,
        text,
        hints,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{LinkMap, LinkTarget, scan};

    #[test]
    fn a_scan_reads_back_as_made_and_damage_is_refused() {
        let mut links = LinkMap::default();
        links.insert("b.md".into(), LinkTarget::Unpublished);
        let body = "# Top\n\nSee [b](b.md), [c](c.md#x), [t](/tags/deep-work/), [[b]], \
                    [here](#top) and [root](/2024/01/01/x/) and [n](b).\n";
        let made = scan(body, 3, "a.md", &links);
        assert!(!made.headings.is_empty() && !made.dead_links.is_empty());
        let bytes = encode(&made);
        let back = decode(&Blob::new(bytes.clone())).expect("reads back");
        assert_eq!(format!("{made:?}"), format!("{back:?}"));
        for len in 0..bytes.len() {
            assert!(decode(&Blob::new(bytes[..len].to_vec())).is_none(), "{len}");
        }
        for at in 0..bytes.len() {
            let mut garbled = bytes.clone();
            garbled[at] ^= 0xa5;
            let _ = decode(&Blob::new(garbled));
        }
    }
}
