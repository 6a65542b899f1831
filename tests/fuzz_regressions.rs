//! Inputs kept from fuzzing (`fuzz/`), each fed through the same checks the
//! fuzz target runs: no panic, every error inside the input, a valid entry
//! without errors, the Markdown scan agreeing with the render.
//!
//! The inputs live in `tests/fixtures/fuzz/<target>/`. A file's name says
//! what it must lead to: `ok-*` is accepted, `err-*` is refused with an
//! error at a position, anything else only has to pass the checks.

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

use checks::Outcome;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    paths.sort();
    let inputs: Vec<(String, Vec<u8>)> = paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (name, bytes)
        })
        .collect();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    inputs
}

/// Runs every input of `target` through `check` and compares the outcome with
/// what the file's name promises.
fn run(target: &str, check: fn(&[u8]) -> Outcome) {
    for (name, bytes) in inputs(target) {
        let outcome = check(&bytes);
        if name.starts_with("ok-") {
            assert!(
                matches!(outcome, Outcome::Accepted { .. }),
                "{target}/{name}: expected it to be accepted, got {outcome:?}"
            );
        } else if name.starts_with("err-") {
            assert!(
                matches!(outcome, Outcome::Refused { line, col } if line >= 1 && col >= 1),
                "{target}/{name}: expected an error with a position, got {outcome:?}"
            );
        }
        if std::str::from_utf8(&bytes).is_ok() {
            assert_ne!(outcome, Outcome::Skipped, "{target}/{name} was skipped");
        }
    }
}

#[test]
fn frontmatter_inputs() {
    run("frontmatter", checks::frontmatter);
}

#[test]
fn entry_inputs() {
    run("entry", checks::entry);
}

#[test]
fn markdown_inputs() {
    run("markdown", checks::markdown);
}

#[test]
fn config_inputs() {
    run("config", checks::config);
}
