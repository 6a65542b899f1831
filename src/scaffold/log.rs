//! `ebb log`: one check-in written into the day's entry, which is made
//! when there is none.

mod edit;
mod lines;

pub use edit::{Changes, Edited, Refusal, edit};

#[cfg(test)]
mod tests;
