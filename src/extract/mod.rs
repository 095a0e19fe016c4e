//! Extraction: from canonical text and outline to graph nodes and edges.
//!
//! Each submodule is a pure function of the canonical (restored) text:
//! [`entities`] finds named entities, [`regions`] finds places and attributes
//! entities to counties.

pub mod entities;
pub mod links;
pub mod plan;
pub mod regions;

use crate::model::{NodeKind, RegionBasis, Span};

/// Start building the lexicons (parsed from their TOML, with their automata)
/// on a thread of their own, so that the first extraction of a process does
/// not wait for all of it: ≈ 5 ms, once per process, started while the text
/// is decoded and restored. Built once whoever asks first; an extraction
/// that needs a lexicon before it is ready waits for it.
pub fn warm_up() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        // Without a thread (the OS refused one) extraction builds them itself.
        let _ = std::thread::Builder::new()
            .name("planmap-lexicons".into())
            .spawn(|| {
                entities::warm_up();
                regions::warm_up();
            });
    });
}

/// A named entity found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityHit {
    /// strategy | platform | project | program | industry | organization.
    pub kind: NodeKind,
    /// Canonical name as written in the text (quotes kept when the text always quotes it).
    pub label: String,
    /// Other names used in the text for the same entity.
    pub aliases: Vec<String>,
    /// Every standalone mention (char spans into the canonical text), sorted.
    pub mentions: Vec<Span>,
}

/// Administrative level of a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionLevel {
    /// The prefecture-level city (嘉兴市).
    City,
    /// A county-level unit (区/县/县级市).
    County,
    /// A town, township or street (镇/乡/街道).
    Town,
    /// Another place inside the city (lake, landmark, area).
    Place,
    /// A place outside the city (上海, 杭州, 长三角 …).
    Outside,
}

impl RegionLevel {
    /// The contract's `attrs.level` value.
    pub fn as_str(self) -> &'static str {
        match self {
            RegionLevel::City => "city",
            RegionLevel::County => "county",
            RegionLevel::Town => "town",
            RegionLevel::Place => "place",
            RegionLevel::Outside => "outside",
        }
    }
}

/// A place found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionHit {
    /// Canonical name (county-level units: exactly 南湖区, 秀洲区, 嘉善县, 海盐县, 海宁市, 平湖市, 桐乡市).
    pub label: String,
    /// Level.
    pub level: RegionLevel,
    /// Label of the region that contains it (town → county, county → city), if known.
    pub parent: Option<String>,
    /// Other names used in the text.
    pub aliases: Vec<String>,
    /// Every mention (char spans), sorted. May be empty for parents added for completeness.
    pub mentions: Vec<Span>,
}

/// An entity's attribution to a region.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// Index into the entity list.
    pub entity: usize,
    /// Label of a region (one of the [`RegionHit`]s).
    pub region: String,
    /// Where the attribution comes from (text or lexicon; curation is applied later).
    pub basis: RegionBasis,
    /// 0.0–1.0.
    pub confidence: f64,
    /// Text spans that justify it.
    pub evidence: Vec<Span>,
}
