//! Integration tests: the real `ebb` binary on fixture journals in temp folders.

mod build;
mod errors;
mod figures;
mod generator;
mod privacy;
mod publish;
mod safety;
mod serve;
mod snapshots;
mod support;
mod writing;
