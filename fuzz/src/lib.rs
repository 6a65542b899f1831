//! The properties each fuzz target checks. The same file is compiled into
//! the journal's test suite (`tests/fuzz_regressions.rs`), so a saved input
//! goes through exactly the code that found it.

pub mod checks;
