//! planmap: Chinese development plans as evidence-linked knowledge graphs.
//!
//! The pipeline is `decode → restore → outline → extract → graph → store`:
//! bytes become canonical text ([`decode`]), masked characters are restored and
//! missing numerals flagged ([`restore`]), the outline is parsed ([`outline`]),
//! measures, goals, indicators, entities, regions and links are extracted
//! ([`extract`]) into a [`model::GraphData`], which [`graph::PlanGraph`] holds in
//! petgraph for queries and [`store::Store`] keeps in SQLite.
//!
//! ```no_run
//! let built = planmap::build_default(&planmap::BuildOptions::default()).unwrap();
//! println!("{} nodes", built.graph.nodes.len());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod cli;
pub mod curation;
pub mod decode;
pub mod docx;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod html;
pub mod model;
pub mod outline;
pub mod pipeline;
pub mod render;
pub mod restore;
pub mod scale;
pub mod store;

pub use error::{Error, Result};
pub use model::GraphData;
pub use pipeline::{build_bytes, build_default, build_file, BuildOptions, Built};
