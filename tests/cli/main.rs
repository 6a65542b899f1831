//! Integration tests: the real `ebb` binary on fixture journals in temp folders.

mod attack;
mod build;
mod cached;
mod crash;
mod errors;
mod figures;
mod generator;
mod import;
mod incremental;
mod log;
mod malformed;
mod metrics;
mod notes;
mod privacy;
mod publish;
mod safety;
mod search;
mod serve;
mod served;
mod site_text;
mod snapshots;
mod stress;
mod support;
mod trust;
mod writing;
mod years;
