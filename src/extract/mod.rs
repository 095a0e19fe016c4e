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
        // Two threads: the entity lexicon and the gazetteer with the place
        // rules take about as long as each other, and the extraction needs
        // both. Without a thread (the OS refused one) extraction builds
        // them itself.
        let _ = std::thread::Builder::new()
            .name("planmap-lexicons".into())
            .spawn(entities::warm_up);
        let _ = std::thread::Builder::new()
            .name("planmap-gazetteer".into())
            .spawn(regions::warm_up);
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegionLevel {
    /// A province-level unit (浙江省, 上海市, 广西壮族自治区).
    Province,
    /// A prefecture-level city (嘉兴市).
    City,
    /// A county-level unit (区/县/县级市).
    County,
    /// A town, township or street (镇/乡/街道).
    Town,
    /// Another place inside the jurisdiction (lake, landmark, zone, area).
    Place,
    /// A place that is not a division, outside the jurisdiction (虹桥, 长三角 …).
    Outside,
}

impl RegionLevel {
    /// The contract's `attrs.level` value.
    pub fn as_str(self) -> &'static str {
        match self {
            RegionLevel::Province => "province",
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
    /// Canonical name: a division's official full name (海宁市, 乌镇镇).
    pub label: String,
    /// Level.
    pub level: RegionLevel,
    /// Division code (6 digits, 9 for towns), where the place is a division.
    pub code: Option<String>,
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
