//! Extraction: from canonical text and outline to graph nodes and edges.
pub mod entities;
pub mod regions;
