//! ebb: a static-site generator for a leadership journal.
//!
//! The pipeline, in order: [`config`] → [`content`] (walk, frontmatter,
//! validation) → [`markdown`] and [`highlight`] → [`index`] (days, tags,
//! modes, figures) → [`render`] (views and templates) → [`output`]. [`site`]
//! runs it; [`cmd`] holds the command-line commands, which only configure it.

pub mod charts;
pub mod clock;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod export;
pub mod feed;
pub mod hash;
pub mod highlight;
pub mod html;
pub mod import;
pub mod index;
pub mod markdown;
pub mod numbers;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod text;
pub mod timings;
pub mod urls;
pub mod watch;
