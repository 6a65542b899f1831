use super::*;

#[test]
fn refuses_foreign_folders_and_the_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let content = root.join("content");
    fs::create_dir_all(&content).unwrap();
    let foreign = root.join("mine");
    fs::create_dir_all(&foreign).unwrap();
    fs::write(foreign.join("notes.txt"), "keep me").unwrap();

    let protected = [root, content.as_path()];
    assert!(matches!(
        Staging::begin(&foreign, &protected),
        Err(OutputError::NotOurs(_))
    ));
    assert!(matches!(
        Staging::begin(root, &protected),
        Err(OutputError::Protected(..))
    ));
    assert!(matches!(
        Staging::begin(&content, &protected),
        Err(OutputError::Protected(..))
    ));
    assert!(matches!(
        Staging::begin(&content.join("out"), &protected),
        Err(OutputError::Protected(..))
    ));
    assert_eq!(
        fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn commit_swaps_and_drop_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let s = Staging::begin(&out, &[]).unwrap();
    s.write("index.html", b"one").unwrap();
    s.commit().unwrap();
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");

    let s = Staging::begin(&out, &[]).unwrap();
    s.write("index.html", b"two").unwrap();
    s.commit().unwrap();
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"two");

    let s = Staging::begin(&out, &[]).unwrap();
    s.write("index.html", b"three").unwrap();
    let staged = s.dir().to_path_buf();
    drop(s);
    assert!(!staged.exists());
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"two");
    let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only public/ remains");
}

#[test]
fn the_manifest_keeps_xxh3_hashes_under_its_header() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let s = Staging::begin(&out, &[]).unwrap();
    s.write("a.txt", b"abc").unwrap();
    s.commit().unwrap();
    let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
    let lines: Vec<&str> = manifest.lines().collect();
    // xxh3-64 of "abc" (seed 0), as the reference implementation gives it.
    assert_eq!(lines[0], MANIFEST_HEADER);
    assert!(lines.contains(&"78af5f94892f3950 a.txt"), "{manifest}");
}

#[cfg(unix)]
#[test]
fn unchanged_files_are_carried_over_and_an_old_manifest_is_not_trusted() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let inode = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
    let s = Staging::begin(&out, &[]).unwrap();
    s.write("same.txt", b"same").unwrap();
    s.write("index.html", b"one").unwrap();
    s.commit().unwrap();
    let before = inode("same.txt");

    let s = Staging::begin(&out, &[]).unwrap();
    s.write("same.txt", b"same").unwrap();
    s.write("index.html", b"one").unwrap();
    s.commit().unwrap();
    assert_eq!(inode("same.txt"), before, "the same file, by hard link");

    // A manifest of the format before the header, whose hash of
    // index.html happens to be the new bytes' (same length, too): it is
    // not read, so the new bytes are written rather than the old file kept.
    let h = crate::hash::hash_bytes;
    let old = format!(
        "{:016x} index.html\n{:016x} same.txt\n",
        h(b"two"),
        h(b"same")
    );
    fs::write(out.join(MANIFEST), old).unwrap();
    let s = Staging::begin(&out, &[]).unwrap();
    s.write("same.txt", b"same").unwrap();
    s.write("index.html", b"two").unwrap();
    s.commit().unwrap();
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"two");
    assert_ne!(inode("same.txt"), before, "nothing is carried over on it");
}

#[cfg(unix)]
#[test]
fn folders_left_by_killed_builds_are_cleared_or_put_back() {
    // A process id that is no longer running.
    let mut done = std::process::Command::new("true").spawn().unwrap();
    done.wait().unwrap();
    let dead = done.id();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let stale = tmp.path().join(format!(".public.ebb-new-{dead}"));
    let aside = tmp.path().join(format!(".public.ebb-old-{dead}"));
    let other = tmp.path().join(format!(".public-private.ebb-new-{dead}"));
    let live = tmp.path().join(format!(
        ".public.ebb-new-{}",
        std::os::unix::process::parent_id()
    ));
    for dir in [&stale, &aside, &other] {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(dir.join("index.html"), "old").unwrap();
    }

    // Killed between the two renames: the site moved aside comes back.
    let s = Staging::begin(&out, &[]).unwrap();
    drop(s);
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
    assert!(!stale.exists() && !aside.exists());
    assert!(
        other.exists(),
        "another output folder's leftovers are not ours"
    );

    // A staging folder of a build still running is left alone.
    fs::create_dir_all(&live).unwrap();
    Staging::begin(&out, &[]).unwrap();
    assert!(live.exists());
}

#[test]
fn the_two_rename_swap_exchanges_folders_and_leaves_nothing_aside() {
    // The swap Windows always takes, and others on file systems without an exchange.
    let tmp = tempfile::tempdir().unwrap();
    let (new, current) = (tmp.path().join("new"), tmp.path().join("public"));
    fs::create_dir_all(&new).unwrap();
    fs::create_dir_all(&current).unwrap();
    fs::write(new.join("index.html"), "new").unwrap();
    fs::write(current.join("index.html"), "old").unwrap();
    two_renames(&new, &current).unwrap();
    assert_eq!(fs::read(current.join("index.html")).unwrap(), b"new");
    assert_eq!(fs::read(new.join("index.html")).unwrap(), b"old");
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        2,
        "nothing aside"
    );
}

#[cfg(unix)]
#[test]
fn a_finished_process_is_not_running() {
    let mut done = std::process::Command::new("true").spawn().unwrap();
    done.wait().unwrap();
    assert!(!running(done.id()));
    assert!(running(std::process::id()));
    assert!(running(std::os::unix::process::parent_id()));
    assert!(
        running(u32::MAX),
        "a pid that cannot be asked about counts as running"
    );
}
