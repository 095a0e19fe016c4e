//! Plan-specific knowledge, kept apart from the general rules.
//!
//! `assets/curation.toml` holds reviewable facts about the shipped plan that
//! no general rule can know (where a platform is, an entity the rules miss, a
//! link an expert would draw), each with a `source` note. They are applied on
//! top of the extracted graph and marked `origin: curated` / `basis: curated`;
//! `planmap build --no-curation` leaves them out.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::extract::EntityHit;
use crate::model::*;

/// The shipped curation file.
pub const CURATION_TOML: &str = include_str!("../assets/curation.toml");

/// A parsed curation file.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Curation {
    /// SHA-256 (hex) of the canonical text the facts are about: the file
    /// applies to that text alone, whatever its title or file name.
    #[serde(default)]
    pub fingerprint: String,
    /// Entities the rules miss.
    #[serde(default)]
    pub entity: Vec<CuratedEntity>,
    /// Where entities are.
    #[serde(default)]
    pub located: Vec<Located>,
    /// Goal/strategy links.
    #[serde(default)]
    pub link: Vec<CuratedLink>,
}

/// An entity to add.
#[derive(Debug, Clone, Deserialize)]
pub struct CuratedEntity {
    /// Name as written in the text.
    pub label: String,
    /// Kind (`platform`, …).
    pub kind: String,
    /// Why.
    pub source: String,
}

/// An entity's location.
#[derive(Debug, Clone, Deserialize)]
pub struct Located {
    /// Entity label.
    pub entity: String,
    /// Region label (a county-level unit or a place of the lexicon).
    pub region: String,
    /// Why.
    pub source: String,
}

/// A link to add.
#[derive(Debug, Clone, Deserialize)]
pub struct CuratedLink {
    /// Source node id (`section:三.一`).
    pub from: String,
    /// Target node id.
    pub to: String,
    /// `supports` or `implements`.
    pub kind: String,
    /// Why.
    pub source: String,
}

impl Curation {
    /// Parse a curation file.
    pub fn parse(s: &str) -> Result<Curation> {
        toml::from_str(s).map_err(|e| Error::Curation(e.to_string()))
    }

    /// The shipped curation file.
    pub fn shipped() -> Result<Curation> {
        Curation::parse(CURATION_TOML)
    }

    /// Add curated entities (found in the text by exact match) before linking.
    pub fn add_entities(&self, text: &str, ents: &mut Vec<EntityHit>) {
        for c in &self.entity {
            let Some(kind) = NodeKind::parse(&c.kind) else {
                continue;
            };
            if ents.iter().any(|e| e.label == c.label) {
                continue;
            }
            let mentions: Vec<Span> = text
                .match_indices(&c.label)
                .map(|(b, _)| {
                    let s = text[..b].chars().count();
                    [s, s + c.label.chars().count()]
                })
                .collect();
            if !mentions.is_empty() {
                ents.push(EntityHit {
                    kind,
                    label: c.label.clone(),
                    aliases: vec![],
                    mentions,
                });
            }
        }
    }

    /// Apply locations and links to the built graph; curated entities are marked.
    ///
    /// Input never makes this fail: an entry whose entity, region or node is
    /// not in this text is skipped with a `curation-skipped` warning saying
    /// which entry and why, and the rest are applied. Only a malformed
    /// curation file (an unknown link kind) is an error.
    pub fn apply(&self, g: &mut GraphData) -> Result<()> {
        let mut skipped: Vec<String> = Vec::new();
        for c in &self.entity {
            if let Some(n) = g
                .nodes
                .iter_mut()
                .find(|n| n.label == c.label && n.kind.as_str() == c.kind)
            {
                n.origin = Origin::Curated;
                n.attrs
                    .insert("curation_source".into(), c.source.clone().into());
            } else {
                skipped.push(format!(
                    "curated entity {:?} ({}) skipped: not found in this text",
                    c.label, c.kind
                ));
            }
        }
        for l in &self.located {
            let rid = format!("region:{}", l.region);
            if g.node(&rid).is_none() {
                skipped.push(format!(
                    "curated location {:?} in {:?} skipped: region {:?} is not in this text",
                    l.entity, l.region, l.region
                ));
                continue;
            }
            let Some(n) = g.nodes.iter_mut().find(|n| {
                NodeKind::ENTITIES.contains(&n.kind)
                    && (n.label == l.entity || n.aliases.contains(&l.entity))
            }) else {
                skipped.push(format!(
                    "curated location {:?} in {:?} skipped: entity {:?} is not in this text",
                    l.entity, l.region, l.entity
                ));
                continue;
            };
            if n.regions.iter().any(|r| r.region == rid) {
                continue;
            }
            n.regions.push(RegionRef {
                region: rid.clone(),
                basis: RegionBasis::Curated,
                confidence: 0.9,
            });
            n.attrs
                .insert("curation_source".into(), l.source.clone().into());
            let id = n.id.clone();
            g.edges.push(Edge {
                source: id,
                target: rid,
                kind: EdgeKind::LocatedIn,
                weight: 0.9,
                basis: Basis::Curated,
                evidence: vec![],
            });
        }
        for l in &self.link {
            let Some(kind) = EdgeKind::parse(&l.kind) else {
                return Err(Error::Curation(format!("unknown link kind {:?}", l.kind)));
            };
            let missing: Vec<&str> = [l.from.as_str(), l.to.as_str()]
                .into_iter()
                .filter(|id| g.node(id).is_none())
                .collect();
            if !missing.is_empty() {
                skipped.push(format!(
                    "curated link {} -[{}]-> {} skipped: {} not in this text",
                    l.from,
                    l.kind,
                    l.to,
                    missing.join(", ")
                ));
                continue;
            }
            if !g
                .edges
                .iter()
                .any(|e| e.source == l.from && e.target == l.to && e.kind == kind)
            {
                g.edges.push(Edge {
                    source: l.from.clone(),
                    target: l.to.clone(),
                    kind,
                    weight: 0.9,
                    basis: Basis::Curated,
                    evidence: vec![],
                });
            }
        }
        g.diagnostics
            .extend(skipped.into_iter().map(|message| Diagnostic {
                level: Level::Warning,
                code: "curation-skipped".into(),
                span: [0, 0],
                message,
            }));
        Ok(())
    }
}
