//! Whose plan a text is, its places, and where the things it names lie.
//!
//! [`detect_jurisdiction`] reads the division a plan belongs to from its
//! title and issuing body. [`Places::new`] gathers what a plan of that
//! division can name: the divisions of the [`Gazetteer`] (every province and
//! city, the counties of its province and near it, its own towns) and the
//! general geography of `assets/lexicon/places.toml` (lakes, landmarks,
//! zones, macro-regions). [`extract_regions`] finds them in the canonical
//! text; [`attribute`] then locates named entities in the jurisdiction's
//! subdivisions (a city's counties, a province's cities …; "county" below),
//! from the text alone:
//!
//! * **(a) the entity's own name** names a place (嘉善未来新城 → 嘉善县,
//!   乌镇大道科创集聚区 → 乌镇): confidence 0.9 (county or town), 0.85 (other
//!   place, outside place). When a name ends with a Jiaxing place followed by
//!   a location tail (…平湖园, …海宁分区, …嘉善片区), that place alone
//!   locates it (张江长三角科技城平湖园 → 平湖市 only). Names made entirely of
//!   single-character short names (沪平盐, 沪乍杭铁路, 杭海新区) are read
//!   with the abbreviation table: 0.8.
//! * **(b) the entity's sentence** names a county, town or in-city place
//!   (统筹秀洲区王江泾镇、油车港镇规划建设秀水新区): the nearest such mention in
//!   the same clause (0.7; places written before the entity first; all the
//!   members of an enumeration 王江泾镇、油车港镇; not a place before 等, as in
//!   "A、B等一批X"), or, failing that, in the preceding clause when
//!   the sentence names only one county-level unit and that clause is not
//!   about another entity (0.6). Not for strategies, industries and
//!   organisations, and not when the sentence names three or more
//!   county-level units (a list). A place named inside *another* entity's
//!   name stands for its county (祥符荡科创绿谷 next to X → 嘉善县, not the
//!   lake). When mentions disagree, the best-supported regions are kept.
//! * **(a')** an entity still unlocated whose name contains another entity's
//!   name or alias (示范区轨道交通线 ⊃ 示范区) takes that entity's in-city
//!   regions, confidence × 0.85.
//! * **(c)** otherwise nothing: citywide items stay unattributed — except in
//!   a county's own plan, where they lie in that county (0.5, basis
//!   `jurisdiction`). The jurisdiction itself and its ancestors (嘉兴, 禾城,
//!   浙江 in a city's plan), macro-regions (长三角, 浙北, 杭州湾 …) and
//!   directions (杭州方向) never locate an entity.
//!
//! Ambiguity: matches are chosen longest first (嘉善县 over 嘉善, 南湖区 over
//! 南湖, 西塘桥街道 over 西塘). The bare 南湖 is the lake (a place in 南湖区),
//! never the district. A lake name followed by an institution word
//! (南湖研究院, 南湖实验室, 嘉兴南湖学院) is a brand, not a mention of the
//! lake; 南湖革命纪念馆, 南湖红船 and 南湖文化中心 do mention it. Divisions
//! whose short name is a common word (长安, 大桥, 资源, 合作 …) are matched
//! only by their full names; a far place's short name only where a word can
//! start (not 大理 in 远大理想); a short name before 路/河/山 … names a street,
//! river or mountain (苏州河); a stop-list removes idioms and words that
//! contain a place name (金山银山, 临港产业 …).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Deserialize;

use super::{Attribution, EntityHit, RegionHit, RegionLevel};
use crate::gazetteer::{AdminLevel, Gazetteer, UnitId};
use crate::model::{NodeKind, RegionBasis, Span};

/// The general geography and the reading rules (`assets/lexicon/places.toml`).
const LEXICON_TOML: &str = include_str!("../../assets/lexicon/places.toml");

/// Confidence of a county or town named in the entity's own name.
const CONF_NAME: f64 = 0.9;
/// Confidence of another place (lake, zone, outside place) named in the entity's own name.
const CONF_NAME_PLACE: f64 = 0.85;
/// Confidence of a name read through single-character short names.
const CONF_ABBREV: f64 = 0.8;
/// Factor applied to the attribution of an entity whose name contains another's.
const CONF_INHERIT: f64 = 0.85;
/// Confidence of a region named in the same clause.
const CONF_CLAUSE: f64 = 0.7;
/// Confidence of the only county named in the same sentence.
const CONF_SENTENCE: f64 = 0.6;
/// Confidence of "lies in the county whose plan this is" (nothing in the text says otherwise).
const CONF_JURISDICTION: f64 = 0.5;
/// Counties whose seats lie this close to a seat of the jurisdiction are its
/// neighbours: their short names (青浦, 吴江 beside 嘉兴) are read as places.
const NEIGHBOUR_KM: f32 = 60.0;

// ───────────────────────────── lexicon ─────────────────────────────

#[derive(Debug, Deserialize)]
struct RawLexicon {
    rules: RawRules,
    #[serde(default)]
    literary: BTreeMap<String, String>,
    #[serde(default)]
    abbreviations: BTreeMap<String, String>,
    compound: RawCompound,
    place: Vec<RawPlace>,
}

#[derive(Debug, Deserialize)]
struct RawRules {
    #[serde(default)]
    institution_words: Vec<String>,
    #[serde(default)]
    stop_phrases: Vec<String>,
    #[serde(default)]
    direction_words: Vec<String>,
    #[serde(default)]
    location_tails: Vec<String>,
    #[serde(default)]
    common_stems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawCompound {
    #[serde(default)]
    tails: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawPlace {
    name: String,
    #[serde(default)]
    within: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    covers: Vec<String>,
    #[serde(default)]
    r#macro: bool,
    #[serde(default)]
    brand: bool,
    /// A generic name (中心城区): read only in plans of its `within` unit or of a unit inside it.
    #[serde(default)]
    local: bool,
    /// Generic other names (经开区), read only as `local` names are.
    #[serde(default)]
    local_aliases: Vec<String>,
}

/// The rules and the general geography, parsed once per process.
struct Geography {
    raw: RawLexicon,
    stop: Option<AhoCorasick>,
    common_stems: HashSet<String>,
    institution_words: Vec<Vec<char>>,
    direction_words: Vec<Vec<char>>,
    location_tails: Vec<String>,
    compound_tails: Vec<String>,
    /// [`AFTER_SHORT_NAME_STOP`] as characters.
    after_short_name: Vec<Vec<char>>,
}

fn geography() -> &'static Geography {
    static GEO: OnceLock<Geography> = OnceLock::new();
    GEO.get_or_init(|| {
        let raw: RawLexicon =
            toml::from_str(LEXICON_TOML).expect("assets/lexicon/places.toml is valid");
        let stop = (!raw.rules.stop_phrases.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&raw.rules.stop_phrases)
                .expect("stop phrases build")
        });
        let chars = |v: &[String]| v.iter().map(|w| w.chars().collect()).collect();
        let mut compound_tails = raw.compound.tails.clone();
        compound_tails.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        let mut location_tails = raw.rules.location_tails.clone();
        location_tails.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        Geography {
            stop,
            common_stems: raw.rules.common_stems.iter().cloned().collect(),
            institution_words: chars(&raw.rules.institution_words),
            direction_words: chars(&raw.rules.direction_words),
            location_tails,
            compound_tails,
            after_short_name: AFTER_SHORT_NAME_STOP
                .iter()
                .map(|w| w.chars().collect())
                .collect(),
            raw,
        }
    })
}

/// Whose plan a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jurisdiction {
    /// The whole country (中共中央, 国务院 …).
    National,
    /// An administrative unit of the [`Gazetteer`].
    Unit(UnitId),
}

impl Jurisdiction {
    /// The contract's `documents[].jurisdiction` (its `region` id is the
    /// region node's, empty for the national level).
    pub fn to_model(self) -> crate::model::Jurisdiction {
        let g = Gazetteer::get();
        match self {
            Jurisdiction::National => crate::model::Jurisdiction {
                region: String::new(),
                name: "中华人民共和国".into(),
                code: "000000".into(),
                level: "national".into(),
            },
            Jurisdiction::Unit(u) => {
                let unit = g.unit(u);
                crate::model::Jurisdiction {
                    region: crate::pipeline::region_id(unit.name),
                    name: unit.name.into(),
                    code: unit.code_str(),
                    level: unit.level.as_str().into(),
                }
            }
        }
    }

    /// The jurisdiction of a stored document (`documents[].jurisdiction`).
    pub fn from_model(j: &crate::model::Jurisdiction) -> Option<Jurisdiction> {
        if j.level == "national" {
            return Some(Jurisdiction::National);
        }
        Gazetteer::get().by_code(&j.code).map(Jurisdiction::Unit)
    }
}

/// Whose plan `text` is, from its title and issuing body: the most specific
/// division named in the title lines (中共嘉兴市委 … 嘉兴市 → 嘉兴市;
/// 2026年吉林省政府工作报告 → 吉林省), failing that in the opening lines; the
/// national level when the issuer is central (中共中央, 国务院, 全国人民代表大会)
/// and no division is named; `None` when the text does not say.
pub fn detect_jurisdiction(text: &str) -> Option<Jurisdiction> {
    let g = Gazetteer::get();
    let head: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(40)
        .scan(0usize, |n, l| {
            *n += l.chars().count();
            (*n <= 1_500).then_some(l)
        })
        .collect();
    const TITLE_WORDS: &[&str] = &[
        "规划",
        "建议",
        "纲要",
        "报告",
        "方案",
        "计划",
        "意见",
        "决定",
        "通知",
        "纪要",
        "政府工作",
    ];
    let titles: Vec<&str> = head
        .iter()
        .copied()
        .filter(|l| l.chars().count() <= 120 && TITLE_WORDS.iter().any(|w| l.contains(w)))
        .take(3)
        .collect();
    let pick = |lines: &[&str]| -> Option<UnitId> {
        let mut found: Vec<UnitId> = Vec::new();
        for l in lines {
            found.extend(units_named_in(g, l));
        }
        // the deepest unit whose ancestors named beside it agree
        found.iter().copied().max_by_key(|&u| {
            (
                g.unit(u).level as u8,
                found.iter().filter(|&&a| g.is_within(u, a)).count(),
            )
        })
    };
    if let Some(u) = pick(&titles) {
        return Some(Jurisdiction::Unit(u));
    }
    const CENTRAL: &[&str] = &[
        "中共中央",
        "国务院",
        "全国人民代表大会",
        "中华人民共和国国民经济",
    ];
    if titles
        .iter()
        .chain(head.iter().take(3))
        .any(|l| CENTRAL.iter().any(|c| l.contains(c)))
    {
        return Some(Jurisdiction::National);
    }
    // a title without a place (政府工作报告): the body it was given to or
    // issued by (在青海省第十四届人民代表大会…上, 中共X市委)
    // (the occasion line —— …在广东省第十四届 / 人民代表大会… may be broken
    // over two lines; the speaker's title names the place too: 广东省省长)
    const BODIES: &[&str] = &[
        "人民代表大会",
        "人民政府",
        "委员会",
        "党委",
        "市委",
        "省委",
        "县委",
        "区委",
        "州委",
        "省长",
        "市长",
        "县长",
        "区长",
        "州长",
        "主席",
    ];
    let bodies: Vec<&str> = head
        .iter()
        .copied()
        .filter(|l| {
            l.chars().count() <= 120 && (l.starts_with('—') || BODIES.iter().any(|w| l.contains(w)))
        })
        .take(3)
        .collect();
    pick(&bodies).map(Jurisdiction::Unit)
}

/// Units above town level named by their full name in `line`, or by their
/// short name right before an issuing body (嘉兴市委, 浙江省政府 are full names
/// already; 嘉兴市委 → 嘉兴市). Names of several units (朝阳区) give the one
/// whose province is also named, else the first.
fn units_named_in(g: &Gazetteer, line: &str) -> Vec<UnitId> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    for start in 0..chars.len() {
        for len in (2..=12).rev() {
            if start + len > chars.len() {
                continue;
            }
            let s: String = chars[start..start + len].iter().collect();
            let ids = g.by_name(&s);
            if ids.is_empty() || g.unit(ids[0]).level == AdminLevel::Zone {
                continue;
            }
            out.push(ids[0]);
            break;
        }
    }
    // several units of one name: keep the one inside another named unit
    let mut resolved: Vec<UnitId> = Vec::new();
    for &u in &out {
        let name = g.unit(u).name;
        let all = g.by_name(name);
        let best = all
            .iter()
            .copied()
            .find(|&c| out.iter().any(|&a| a != u && g.is_within(c, a)))
            .unwrap_or(u);
        resolved.push(best);
    }
    resolved
}

/// One place known to a document's [`Places`].
#[derive(Debug, Clone)]
struct Place {
    name: String,
    level: RegionLevel,
    parent: Option<usize>,
    covers: Vec<usize>,
    is_macro: bool,
    brand: bool,
    /// Division code, where the place is a division.
    code: Option<String>,
    /// The jurisdiction or one of its ancestors: never locates an entity.
    top: bool,
    /// Strictly inside the jurisdiction.
    inside: bool,
    /// A direct subdivision of the jurisdiction (a unit of the county lens).
    lens: bool,
}

/// The surface forms of a document's places, each read one way, each
/// naming one place.
#[derive(Default)]
struct Surfaces {
    list: Vec<(String, usize)>,
    reading: Vec<Reading>,
    /// Surface → its index in `list`.
    seen: HashMap<String, usize>,
}

impl Surfaces {
    /// Add a form of place `p`. A form of two places names the one the
    /// plan is most likely about: its own place and ancestors, then places
    /// inside it, then the higher level, then the first.
    fn add(&mut self, places: &[Place], s: &str, p: usize, how: Reading) {
        if s.chars().count() < 2 {
            return;
        }
        match self.seen.get(s) {
            Some(&k) => {
                let q = self.list[k].1;
                let rank = |x: usize| (!places[x].top, !places[x].inside, places[x].level);
                if q != p && rank(p) < rank(q) {
                    self.list[k].1 = p;
                    self.reading[k] = how;
                }
            }
            None => {
                self.seen.insert(s.to_string(), self.list.len());
                self.list.push((s.to_string(), p));
                self.reading.push(how);
            }
        }
    }
}

/// The places one document can name: every province, city and county of
/// the [`Gazetteer`], the towns and local geography in reach of its
/// jurisdiction, with the matcher that finds them in its text. Built per
/// document ([`Places::new`]), since what a short name means depends on
/// whose plan it is: 金山 is a district beside 嘉兴 and nothing in 吉林.
pub struct Places {
    places: Vec<Place>,
    by_name: HashMap<String, usize>,
    /// Surface form of each automaton pattern and the place it names.
    surfaces: Vec<(String, usize)>,
    /// How each surface is read (see [`Reading`]).
    strict: Vec<Reading>,
    /// Surface forms of each place (name first).
    forms: Vec<Vec<Vec<char>>>,
    matcher: AhoCorasick,
    abbreviations: HashMap<char, usize>,
    jurisdiction: Option<Jurisdiction>,
    /// The jurisdiction's place, if it is a unit.
    j_place: Option<usize>,
}

impl Places {
    /// The places of a plan of `jurisdiction` (`None`: unknown; only full
    /// names of provinces, cities and counties are read).
    pub fn new(jurisdiction: Option<Jurisdiction>) -> Places {
        let g = Gazetteer::get();
        let geo = geography();
        let j_unit = match jurisdiction {
            Some(Jurisdiction::Unit(u)) => Some(u),
            _ => None,
        };
        let national = jurisdiction == Some(Jurisdiction::National);
        // the province the plan belongs to
        let province = j_unit.map(|u| {
            std::iter::once(u)
                .chain(g.ancestors(u))
                .find(|&a| g.unit(a).level == AdminLevel::Province)
                .unwrap_or(u)
        });
        let j_seats: Vec<[f32; 2]> = match j_unit {
            Some(u) if matches!(g.unit(u).level, AdminLevel::City | AdminLevel::County) => {
                std::iter::once(u)
                    .chain(g.children(u))
                    .filter_map(|c| g.unit(c).seat)
                    .collect()
            }
            _ => Vec::new(),
        };
        let near = |u: UnitId| -> bool {
            let Some(s) = g.unit(u).seat else {
                return false;
            };
            j_seats.iter().any(|t| km(*t, s) <= NEIGHBOUR_KM)
        };
        // local geography and cities are known a little further out
        let near_wide = |u: UnitId| -> bool {
            let Some(s) = g.unit(u).seat else {
                return false;
            };
            j_seats.iter().any(|t| km(*t, s) <= 1.6 * NEIGHBOUR_KM)
        };
        let in_province = |u: UnitId| province.is_some_and(|p| u == p || g.is_within(u, p));
        let inside_j = |u: UnitId| match jurisdiction {
            Some(Jurisdiction::National) => true,
            Some(Jurisdiction::Unit(j)) => g.is_within(u, j),
            None => false,
        };

        // Which units take part: every province and city; the counties and
        // zones of the plan's province and near its place (all of them in a
        // national plan, or when whose plan it is is unknown); the towns of
        // the jurisdiction (a province's, a city's or a county's own). A far
        // county is left out: plans name it seldom, and every name in the
        // matcher costs its build time.
        let all_counties = j_unit.is_none();
        let mut unit_ids: Vec<UnitId> = Vec::with_capacity(1_500);
        let mut town_holders: Vec<UnitId> = Vec::new();
        for (id, u) in g.units() {
            match u.level {
                AdminLevel::Town => continue,
                AdminLevel::County | AdminLevel::Zone => {
                    if all_counties || in_province(id) || near_wide(id) {
                        unit_ids.push(id);
                    }
                }
                AdminLevel::Province | AdminLevel::City | AdminLevel::National => unit_ids.push(id),
            }
            if j_unit.is_some_and(|j| id == j || g.is_within(id, j)) {
                town_holders.push(id);
            }
        }
        for h in town_holders {
            unit_ids.extend(
                g.children(h)
                    .filter(|&t| g.unit(t).level == AdminLevel::Town),
            );
        }
        let mut places: Vec<Place> = Vec::with_capacity(unit_ids.len() + geo.raw.place.len());
        let mut index_of_unit: HashMap<UnitId, usize> = HashMap::with_capacity(unit_ids.len());
        for &id in &unit_ids {
            index_of_unit.insert(id, places.len());
            let u = g.unit(id);
            places.push(Place {
                name: u.name.to_string(),
                level: match u.level {
                    AdminLevel::National | AdminLevel::Province => RegionLevel::Province,
                    AdminLevel::City => RegionLevel::City,
                    AdminLevel::County => RegionLevel::County,
                    AdminLevel::Zone => RegionLevel::Place,
                    AdminLevel::Town => RegionLevel::Town,
                },
                parent: None,
                covers: Vec::new(),
                is_macro: false,
                brand: false,
                code: Some(u.code_str()),
                top: j_unit.is_some_and(|j| id == j || g.is_within(j, id)),
                inside: inside_j(id),
                lens: match jurisdiction {
                    Some(Jurisdiction::National) => u.level == AdminLevel::Province,
                    Some(Jurisdiction::Unit(j)) => {
                        u.parent == Some(j) && u.level != AdminLevel::Zone
                    }
                    None => false,
                },
            });
        }
        for (k, &id) in unit_ids.iter().enumerate() {
            places[k].parent = g
                .unit(id)
                .parent
                .and_then(|p| index_of_unit.get(&p).copied());
        }

        // The general geography: local places in reach, macro-regions always.
        let mut by_name: HashMap<String, usize> = places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.level != RegionLevel::Town)
            .map(|(i, p)| (p.name.clone(), i))
            .collect();
        // a name shared by several units: the one inside (or nearest to) the jurisdiction
        for (i, p) in places.iter().enumerate() {
            if p.level == RegionLevel::Town {
                continue;
            }
            let cur = by_name[&p.name];
            if cur != i && p.inside && !places[cur].inside {
                by_name.insert(p.name.clone(), i);
            }
        }
        for p in places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.level == RegionLevel::Town)
        {
            by_name.entry(p.1.name.clone()).or_insert(p.0);
        }
        let unit_place = |code: &str| g.by_code(code).and_then(|u| index_of_unit.get(&u).copied());
        let reach = |code: &str| -> bool {
            match g.by_code(code) {
                Some(u) => {
                    national && g.unit(u).level == AdminLevel::Province
                        || in_province(u)
                        || std::iter::once(u).chain(g.ancestors(u)).any(&near_wide)
                        || j_unit.is_some_and(|j| g.is_within(j, u))
                }
                None => false,
            }
        };
        // a plan of this unit, or of a unit inside it
        let own = |code: &str| -> bool {
            match (g.by_code(code), j_unit) {
                (Some(u), Some(j)) => u == j || g.is_within(j, u),
                _ => false,
            }
        };
        let mut geo_index: Vec<Option<usize>> = vec![None; geo.raw.place.len()];
        for (k, rp) in geo.raw.place.iter().enumerate() {
            let taken = match (&rp.within, &rp.parent) {
                (Some(code), _) if rp.local => own(code),
                (Some(code), _) => reach(code),
                (None, Some(_)) => true, // decided by its parent below
                (None, None) => rp.r#macro,
            };
            if !taken || by_name.contains_key(&rp.name) {
                continue;
            }
            let parent = match (&rp.within, &rp.parent) {
                (Some(code), _) => unit_place(code),
                (None, Some(n)) => by_name.get(n).copied(),
                _ => None,
            };
            if rp.parent.is_some() && parent.is_none() {
                continue;
            }
            let inside = match parent {
                Some(p) => {
                    places[p].inside
                        || places[p].top
                            && !national
                            && j_unit.is_some_and(|j| index_of_unit.get(&j) == Some(&p))
                }
                None => false,
            };
            geo_index[k] = Some(places.len());
            by_name.insert(rp.name.clone(), places.len());
            places.push(Place {
                name: rp.name.clone(),
                level: if inside {
                    RegionLevel::Place
                } else {
                    RegionLevel::Outside
                },
                parent,
                covers: rp.covers.iter().filter_map(|c| unit_place(c)).collect(),
                is_macro: rp.r#macro,
                brand: rp.brand,
                code: None,
                top: false,
                inside,
                lens: false,
            });
        }

        // Surface forms. Full names of provinces, cities and counties are
        // read everywhere (but for names that are ordinary words); short
        // names of provinces and cities everywhere, of counties near the
        // plan's place, of towns in it; geography by its names and aliases.
        let mut sf = Surfaces::default();
        // geography first: its names win over a division's short name (南湖 the lake)
        for (k, rp) in geo.raw.place.iter().enumerate() {
            let Some(p) = geo_index[k] else { continue };
            let local = rp.within.as_deref().is_some_and(own);
            let local_aliases = rp.local_aliases.iter().filter(|_| local);
            for s in std::iter::once(&rp.name)
                .chain(rp.aliases.iter())
                .chain(local_aliases)
            {
                sf.add(&places, s, p, Reading::Loose);
            }
        }
        let geo_taken: HashSet<String> = sf.list.iter().map(|(s, _)| s.clone()).collect();
        for (lit, code) in &geo.raw.literary {
            if let Some(p) = unit_place(code) {
                sf.add(&places, lit, p, Reading::Loose);
            }
        }
        for (k, &id) in unit_ids.iter().enumerate() {
            let u = g.unit(id);
            let pl = &places[k];
            let stem = u.short_name();
            let common_stem = stem.is_some_and(|s| geo.common_stems.contains(s));
            let short = stem.filter(|s| !common_stem && !geo_taken.contains(*s));
            let name_len = u.name.chars().count();
            let common_full = common_stem && name_len <= 3 || name_len < 3;
            // A short name is read loosely (anywhere) for the plan's own
            // place, its ancestors and subdivisions, provinces and places
            // near it; other short names only where a word can start
            // (after punctuation, a function word or another place name):
            // 大理 in 远大理想, 新嘉 in 创新嘉兴 are not places.
            let loose = pl.top || pl.lens;
            match u.level {
                AdminLevel::Province | AdminLevel::National => {
                    sf.add(&places, u.name, k, Reading::Loose);
                    if let Some(s) = short {
                        let near_j = national || loose || in_province(id) || near_wide(id);
                        sf.add(&places, s, k, Reading::strict_if(!near_j));
                    }
                }
                AdminLevel::City => {
                    if !common_full || pl.inside || pl.top {
                        sf.add(&places, u.name, k, Reading::Loose);
                    }
                    if let Some(s) = short {
                        let near_j = loose || in_province(id) || near_wide(id);
                        sf.add(&places, s, k, Reading::strict_if(!near_j));
                    }
                }
                AdminLevel::County => {
                    // a far county's three-character name is read strictly
                    // (兴城市 in 嘉兴城市地位)
                    let far = !pl.inside && !in_province(id) && !near(id);
                    if !common_full || pl.inside {
                        let short_full = u.name.chars().count() <= 3;
                        sf.add(&places, u.name, k, Reading::strict_if(far && short_full));
                    }
                    let near_j = !national && (in_province(id) || near_wide(id) || pl.inside);
                    if let (Some(s), true) = (short, near_j) {
                        let how = if loose || pl.inside {
                            Reading::Loose
                        } else {
                            Reading::Strict
                        };
                        sf.add(&places, s, k, how);
                    }
                }
                AdminLevel::Zone => {
                    if in_province(id) {
                        sf.add(&places, u.name, k, Reading::Loose);
                    }
                }
                AdminLevel::Town => {
                    if u.name.chars().count() >= 3 {
                        sf.add(&places, u.name, k, Reading::Loose);
                    }
                    // short names of towns only in a city's or county's own plan
                    let local = j_unit.is_some_and(|j| {
                        matches!(g.unit(j).level, AdminLevel::City | AdminLevel::County)
                    });
                    if let (Some(s), true) = (short, local) {
                        sf.add(&places, s, k, Reading::Weak);
                    }
                }
            }
        }
        let Surfaces {
            list: surfaces,
            reading: strict,
            ..
        } = sf;
        let mut forms: Vec<Vec<Vec<char>>> = vec![Vec::new(); places.len()];
        for (s, p) in &surfaces {
            forms[*p].push(s.chars().collect());
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            // built for one text: the cheapest automaton to build
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(surfaces.iter().map(|(s, _)| s.as_str()))
            .expect("place names build an automaton");
        let mut abbreviations = HashMap::new();
        for (k, code) in &geo.raw.abbreviations {
            let mut cs = k.chars();
            let (Some(c), None) = (cs.next(), cs.next()) else {
                continue;
            };
            let Some(p) = unit_place(code) else { continue };
            // a county's or town's one-character name only in its own city's plans
            let local = matches!(places[p].level, RegionLevel::County | RegionLevel::Town);
            if !local || places[p].inside {
                abbreviations.insert(c, p);
            }
        }
        let j_place = j_unit.and_then(|j| index_of_unit.get(&j).copied());
        Places {
            places,
            by_name,
            surfaces,
            strict,
            forms,
            matcher,
            abbreviations,
            jurisdiction,
            j_place,
        }
    }

    /// The jurisdiction these places were read for.
    pub fn jurisdiction(&self) -> Option<Jurisdiction> {
        self.jurisdiction
    }

    /// Whether `anc` is a strict ancestor of `p`.
    fn is_ancestor(&self, anc: usize, p: usize) -> bool {
        let mut cur = self.places[p].parent;
        while let Some(c) = cur {
            if c == anc {
                return true;
            }
            cur = self.places[c].parent;
        }
        false
    }

    /// The jurisdiction and its ancestors never locate an entity (嘉兴 in a
    /// name of a city's plan says nothing of where in the city), except a
    /// county's (or town's) own plan, where its name does (海宁至杭州快速路).
    fn never_locates(&self, p: usize) -> bool {
        self.places[p].top
            && !(Some(p) == self.j_place
                && matches!(
                    self.places[p].level,
                    RegionLevel::County | RegionLevel::Town
                ))
    }

    /// Whether the place lies in the jurisdiction (itself excluded).
    fn in_city(&self, p: usize) -> bool {
        self.places[p].inside
    }

    /// The lens units (direct subdivisions of the jurisdiction) that contain
    /// (or are covered by) the place.
    fn counties(&self, p: usize) -> Vec<usize> {
        let mut cur = Some(p);
        while let Some(c) = cur {
            let pl = &self.places[c];
            if pl.lens {
                return vec![c];
            }
            if !pl.covers.is_empty() {
                let mut v: Vec<usize> = pl.covers.iter().flat_map(|&x| self.counties(x)).collect();
                v.sort_unstable();
                v.dedup();
                return v;
            }
            if pl.top || !pl.inside {
                return Vec::new();
            }
            cur = pl.parent;
        }
        Vec::new()
    }

    /// The lens units (the jurisdiction's direct subdivisions) a region label
    /// lies in (a town's or lake's county in a city's plan; both districts
    /// for 中心城区). Empty for the jurisdiction itself, for places outside it
    /// and for labels these places do not know.
    pub fn units_of(&self, label: &str) -> Vec<String> {
        match self.by_name.get(label) {
            Some(&p) => self
                .counties(p)
                .into_iter()
                .map(|c| self.places[c].name.clone())
                .collect(),
            None => Vec::new(),
        }
    }
}

/// Distance in km between two `[lat, lon]` points, by the equirectangular
/// approximation: within a few hundred km (all this is asked about) it is
/// within a percent of the great-circle distance, at a multiply's cost.
fn km(a: [f32; 2], b: [f32; 2]) -> f32 {
    const KM_PER_DEGREE: f32 = 111.19;
    let mean_lat = ((a[0] + b[0]) / 2.0).to_radians();
    let dx = (b[1] - a[1]) * mean_lat.cos();
    let dy = b[0] - a[0];
    KM_PER_DEGREE * (dx * dx + dy * dy).sqrt()
}

/// Parse the rules and geography now (see [`super::warm_up`]).
pub(crate) fn warm_up() {
    geography();
    Gazetteer::get();
}

// ───────────────────────────── matching ─────────────────────────────

/// A place found in a string (char offsets).
#[derive(Debug, Clone, Copy)]
struct PlaceMatch {
    start: usize,
    end: usize,
    place: usize,
    /// Followed by a direction word (杭州方向): a mention, never a location.
    direction: bool,
    /// How its surface is read.
    strict: Reading,
}

/// How a surface form is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reading {
    /// Anywhere (full names, the plan's own places, geography).
    Loose,
    /// Anywhere, but yielding to any other name it overlaps (a town's short
    /// name in its own city's plan: 新嘉 in 创新嘉兴 yields to 嘉兴).
    Weak,
    /// Only where a word can start: after punctuation, a function word or
    /// another place name (far places' short names: 大理 in 远大理想 is not one).
    Strict,
}

impl Reading {
    fn strict_if(strict: bool) -> Reading {
        if strict {
            Reading::Strict
        } else {
            Reading::Loose
        }
    }
}

/// Characters after which a place name may start: function words and
/// connectives (与上海, 赴杭州, 在大理, 和嘉善).
const WORD_BEFORE_PLACE: &[char] = &[
    '、', '与', '和', '及', '同', '在', '赴', '至', '到', '对', '向', '从', '由', '经', '往', '于',
    '自', '沿', '跨', '临', '连', '以', '为', '的', '是', '或', '暨', '等', '省', '市', '县', '区',
    '州',
];

/// Words after which a division's short name is part of another name: a
/// street, river, lake or mountain named after it.
const AFTER_SHORT_NAME_STOP: &[&str] = &[
    "路", "街", "河", "江", "湖", "山", "巷", "西路", "东路", "南路", "北路", "中路",
];

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

fn starts_with_at(chars: &[char], at: usize, word: &[char]) -> bool {
    !word.is_empty() && chars.len() >= at + word.len() && chars[at..at + word.len()] == *word
}

/// All places mentioned in `s`, longest first, non-overlapping, sorted by start.
fn find_places(lex: &Places, s: &str) -> Vec<PlaceMatch> {
    let chars: Vec<char> = s.chars().collect();
    // byte offset → char offset
    let mut b2c = vec![0usize; s.len() + 1];
    let mut ci = 0;
    for (bi, ch) in s.char_indices() {
        for k in 0..ch.len_utf8() {
            b2c[bi + k] = ci;
        }
        ci += 1;
    }
    b2c[s.len()] = ci;

    let geo = geography();
    let stops: Vec<(usize, usize)> = match &geo.stop {
        Some(ac) => ac
            .find_overlapping_iter(s)
            .map(|m| (b2c[m.start()], b2c[m.end()]))
            .collect(),
        None => Vec::new(),
    };

    // covered[p]: the furthest end of a stop phrase starting at or before p,
    // so "some stop phrase contains [start, end)" is covered[start] >= end
    // (linear in the text, however many matches a long line holds).
    let mut covered = vec![0usize; chars.len() + 1];
    for &(a, b) in &stops {
        covered[a] = covered[a].max(b);
    }
    for p in 1..covered.len() {
        covered[p] = covered[p].max(covered[p - 1]);
    }

    let mut cands: Vec<PlaceMatch> = Vec::new();
    for m in lex.matcher.find_overlapping_iter(s) {
        let (start, end) = (b2c[m.start()], b2c[m.end()]);
        let place = lex.surfaces[m.pattern().as_usize()].1;
        let strict = lex.strict[m.pattern().as_usize()];
        if !stops.is_empty() && covered[start] >= end {
            continue;
        }
        let pl = &lex.places[place];
        if pl.brand
            && geo
                .institution_words
                .iter()
                .any(|w| starts_with_at(&chars, end, w))
        {
            continue;
        }
        // a short name before 路/街/河/山 names a street, river or mountain
        // (南京西路 aside, 苏州河, 长白山, 松江河), not the division
        let surface_len = end - start;
        let is_short = lex.places[place].code.is_some()
            && surface_len < lex.places[place].name.chars().count();
        if is_short
            && geo
                .after_short_name
                .iter()
                .any(|w| starts_with_at(&chars, end, w))
        {
            continue;
        }
        let direction = geo
            .direction_words
            .iter()
            .any(|w| starts_with_at(&chars, end, w));
        cands.push(PlaceMatch {
            start,
            end,
            place,
            direction,
            strict,
        });
    }
    // A strictly read name must start where a word can: at the start, after
    // a character that is not a Chinese one, a function word, or right after
    // another place name (上海青浦).
    let mut ends_here = vec![false; chars.len() + 1];
    for c in cands.iter().filter(|c| c.strict != Reading::Strict) {
        ends_here[c.end] = true;
    }
    cands.retain(|c| {
        c.strict != Reading::Strict
            || c.start == 0
            || ends_here[c.start]
            || !is_han(chars[c.start - 1])
            || WORD_BEFORE_PLACE.contains(&chars[c.start - 1])
    });
    // Longest first, then the loosely read, then leftmost.
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.strict.cmp(&b.strict))
            .then(a.start.cmp(&b.start))
    });
    // Greedy: a candidate is kept when none of its characters is taken yet.
    let mut used = vec![false; chars.len()];
    let mut taken: Vec<PlaceMatch> = Vec::new();
    for c in cands {
        if used[c.start..c.end].iter().all(|u| !u) {
            used[c.start..c.end].iter_mut().for_each(|u| *u = true);
            taken.push(c);
        }
    }
    taken.sort_by_key(|m| m.start);
    taken
}

// ───────────────────────────── regions ─────────────────────────────

/// Every place of `lex` mentioned in `text`, with its mentions (char spans)
/// and the nearest ancestor among the places returned. Matches do not
/// overlap (longest first), except that a place name starting with the name
/// of a place containing it also counts as a mention of that one (the 嘉兴
/// of 嘉兴港 mentions 嘉兴市). Besides the places the text names, the
/// jurisdiction, its ancestors and its direct subdivisions are always
/// present (their mentions may be empty), so the county lens can show a unit
/// the plan never names; nothing else is. Order: the jurisdiction's chain
/// from the top, its subdivisions, then the others in gazetteer order.
pub fn extract_regions(lex: &Places, text: &str) -> Vec<RegionHit> {
    let matches = find_places(lex, text);
    let chars: Vec<char> = text.chars().collect();
    let n = lex.places.len();
    let mut mentions: Vec<Vec<Span>> = vec![Vec::new(); n];
    let mut aliases: Vec<Vec<String>> = vec![Vec::new(); n];
    let mut note = |p: usize, span: Span| {
        mentions[p].push(span);
        let surface: String = chars[span[0]..span[1]].iter().collect();
        if surface != lex.places[p].name && !aliases[p].contains(&surface) {
            aliases[p].push(surface);
        }
    };
    for m in &matches {
        note(m.place, [m.start, m.end]);
        // A name that starts with the name of a place containing it also
        // mentions that place (嘉兴港, 嘉兴科技城 → 嘉兴).
        let surface = &chars[m.start..m.end];
        let mut cur = lex.places[m.place].parent;
        while let Some(a) = cur {
            if let Some(f) = lex.forms[a]
                .iter()
                .filter(|f| f.len() < surface.len() && surface.starts_with(f))
                .max_by_key(|f| f.len())
            {
                note(a, [m.start, m.start + f.len()]);
                break;
            }
            cur = lex.places[a].parent;
        }
    }
    for ms in &mut mentions {
        ms.sort_unstable();
        ms.dedup();
    }
    let include: Vec<bool> = (0..n)
        .map(|i| {
            let p = &lex.places[i];
            p.top || p.lens || !mentions[i].is_empty()
        })
        .collect();
    let rank = |i: usize| {
        let p = &lex.places[i];
        if p.top {
            (0, p.level as u8)
        } else if p.lens {
            (1, 0)
        } else {
            (2, 0)
        }
    };
    let mut order: Vec<usize> = (0..n).filter(|&i| include[i]).collect();
    order.sort_by_key(|&i| (rank(i), i));
    let mut labels: HashSet<String> = HashSet::new();
    order.retain(|&i| labels.insert(lex.places[i].name.clone()));
    order
        .into_iter()
        .map(|i| {
            let p = &lex.places[i];
            // the nearest ancestor that is itself a region of the document
            let parent = std::iter::successors(p.parent, |&q| lex.places[q].parent)
                .find(|&q| include[q])
                .map(|q| lex.places[q].name.clone());
            RegionHit {
                label: p.name.clone(),
                level: p.level,
                code: p.code.clone(),
                parent,
                aliases: std::mem::take(&mut aliases[i]),
                mentions: std::mem::take(&mut mentions[i]),
            }
        })
        .collect()
}

// ───────────────────────────── attribution ─────────────────────────────

/// Attribute entities to regions, from their names and their sentences
/// (see the module documentation for the rules). `regions` is the output of
/// [`extract_regions`] on the same text; every attribution names one of them.
/// Sorted by entity, then by region order.
pub fn attribute(
    lex: &Places,
    text: &str,
    entities: &[EntityHit],
    regions: &[RegionHit],
) -> Vec<Attribution> {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let present: HashMap<&str, usize> = regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.label.as_str(), i))
        .collect();

    // Region mentions in the text, by start.
    let mut rmentions: Vec<(Span, usize)> = Vec::new(); // (span, lexicon place)
    for r in regions {
        let Some(&p) = lex.by_name.get(r.label.as_str()) else {
            continue;
        };
        for &m in &r.mentions {
            if m[0] < m[1] && m[1] <= len {
                rmentions.push((m, p));
            }
        }
    }
    rmentions.sort_by_key(|(s, _)| (s[0], s[1]));

    // Sentence and clause ids.
    let mut sent = vec![0usize; len];
    let mut clause = vec![0usize; len];
    let (mut s_id, mut c_id) = (0usize, 0usize);
    for (i, &c) in chars.iter().enumerate() {
        sent[i] = s_id;
        clause[i] = c_id;
        if matches!(c, '。' | '；' | ';' | '！' | '!' | '？' | '?' | '\n' | '\r') {
            s_id += 1;
            c_id += 1;
        } else if matches!(c, '，' | ',' | '：' | ':') {
            c_id += 1;
        }
    }

    // Entity mention spans, for nesting tests.
    let all_mentions: Vec<(usize, Span)> = entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            e.mentions
                .iter()
                .filter(|m| m[0] < m[1] && m[1] <= len)
                .map(move |&m| (i, m))
        })
        .collect();

    // Region and entity mentions by sentence: context_region looks only
    // inside the mention's sentence, so it gets that sentence's mentions
    // (in their original order) and the whole stays linear in the text.
    let mut rm_by_sent: HashMap<usize, Vec<(Span, usize)>> = HashMap::new();
    for &(span, p) in &rmentions {
        if let Some(&s) = sent.get(span[0]) {
            rm_by_sent.entry(s).or_default().push((span, p));
        }
    }
    let mut am_by_sent: HashMap<usize, Vec<(usize, Span)>> = HashMap::new();
    for &(j, em) in &all_mentions {
        for s in sent[em[0]]..=sent[em[1] - 1] {
            am_by_sent.entry(s).or_default().push((j, em));
        }
    }

    // Resolve a lexicon place to a present region (itself or nearest present ancestor, never the city).
    let resolve = |p: usize| -> Option<usize> {
        let mut cur = Some(p);
        while let Some(c) = cur {
            if lex.never_locates(c) {
                return None;
            }
            if present.contains_key(lex.places[c].name.as_str()) {
                return Some(c);
            }
            cur = lex.places[c].parent;
        }
        None
    };

    let mut per_entity: Vec<Vec<(usize, f64, Vec<Span>)>> = Vec::with_capacity(entities.len());
    for (ei, e) in entities.iter().enumerate() {
        let mut found: Vec<(usize, f64, Vec<Span>)> = Vec::new(); // (place, conf, evidence)
        let add = |found: &mut Vec<(usize, f64, Vec<Span>)>, p: usize, conf: f64, ev: Vec<Span>| {
            if let Some(f) = found.iter_mut().find(|f| f.0 == p) {
                if conf > f.1 {
                    f.1 = conf;
                }
                for s in ev {
                    if !f.2.contains(&s) {
                        f.2.push(s);
                    }
                }
            } else {
                found.push((p, conf, ev));
            }
        };

        // (a) the entity's own names.
        let mut located_by_name = false;
        let names: Vec<&str> = std::iter::once(e.label.as_str())
            .chain(e.aliases.iter().map(|s| s.as_str()))
            .filter(|s| !s.is_empty())
            .collect();
        for name in &names {
            let name_chars: Vec<char> = name.chars().collect();
            let spans_of_name: Vec<Span> = e
                .mentions
                .iter()
                .copied()
                .filter(|m| m[0] < m[1] && m[1] <= len && chars[m[0]..m[1]] == name_chars[..])
                .collect();
            let picks = places_in_name(lex, name, e.kind);
            for (p, (a, b), conf) in picks {
                let Some(r) = resolve(p) else { continue };
                if lex.places[r].level == RegionLevel::Outside && lex.places[r].is_macro {
                    continue;
                }
                let mut ev: Vec<Span> = Vec::new();
                for m in &spans_of_name {
                    ev.push([m[0] + a, m[0] + b]);
                    ev.push(*m);
                }
                add(&mut found, r, conf, ev);
                located_by_name = true;
            }
        }

        // (b) the entity's sentences.
        let contextual = !matches!(
            e.kind,
            NodeKind::Strategy | NodeKind::Industry | NodeKind::Organization
        );
        if !located_by_name && contextual {
            let mut ctx: Vec<(usize, f64, Vec<Span>)> = Vec::new();
            for &m in e.mentions.iter().filter(|m| m[0] < m[1] && m[1] <= len) {
                let s_id = sent[m[0]];
                for (p, conf, ev) in context_region(
                    lex,
                    &chars,
                    rm_by_sent.get(&s_id).map_or(&[][..], Vec::as_slice),
                    am_by_sent.get(&s_id).map_or(&[][..], Vec::as_slice),
                    ei,
                    m,
                    &sent,
                    &clause,
                ) {
                    if let Some(r) = resolve(p) {
                        add(&mut ctx, r, conf, ev);
                    }
                }
            }
            // Different mentions may disagree: keep the best-supported regions.
            let top = ctx.iter().map(|c| c.1).fold(0.0_f64, f64::max);
            ctx.retain(|c| c.1 >= top);
            let sets: HashSet<Vec<usize>> = ctx.iter().map(|c| lex.counties(c.0)).collect();
            if sets.len() <= 2 {
                for (p, c, ev) in ctx {
                    add(&mut found, p, c, ev);
                }
            }
        }
        per_entity.push(found);
    }

    // (a') an entity named after another one (示范区轨道交通线 ⊃ 示范区) lies
    // where that one lies, when nothing else locates it.
    let names: Vec<Vec<Vec<char>>> = entities
        .iter()
        .map(|e| {
            std::iter::once(&e.label)
                .chain(e.aliases.iter())
                .map(|n| {
                    n.chars()
                        .filter(|c| !matches!(c, '“' | '”' | '"'))
                        .collect::<Vec<char>>()
                })
                .filter(|n| n.len() >= 2)
                .collect()
        })
        .collect();
    let snapshot = per_entity.clone();
    // every name of a located entity, once (the first entity that has it),
    // in one automaton: each unlocated name is scanned once, so a text of
    // many unlocated names stays linear
    let mut patterns: Vec<(String, usize)> = Vec::new();
    let mut seen_names: HashSet<String> = HashSet::new();
    for (j, ns) in names.iter().enumerate() {
        if snapshot[j].is_empty() {
            continue;
        }
        for n in ns {
            let n: String = n.iter().collect();
            if seen_names.insert(n.clone()) {
                patterns.push((n, j));
            }
        }
    }
    let located_names = (!patterns.is_empty())
        .then(|| AhoCorasick::new(patterns.iter().map(|(n, _)| n.as_str())).ok())
        .flatten();
    for (ei, e) in entities.iter().enumerate() {
        if !per_entity[ei].is_empty() {
            continue;
        }
        let Some(ac) = &located_names else { break };
        let own: String = e
            .label
            .chars()
            .filter(|c| !matches!(c, '“' | '”' | '"'))
            .collect();
        let own_len = own.chars().count();
        // The longest other entity name contained in this one (the first
        // entity's, among names of one length).
        let mut best: Option<(usize, usize)> = None; // (len, entity)
        for m in ac.find_overlapping_iter(&own) {
            let (n, j) = &patterns[m.pattern().as_usize()];
            let n_len = n.chars().count();
            if n_len >= own_len || *j == ei {
                continue;
            }
            if best.map_or(true, |b| n_len > b.0 || (n_len == b.0 && *j < b.1)) {
                best = Some((n_len, *j));
            }
        }
        let Some((_, j)) = best else { continue };
        let mine: Vec<Span> = e
            .mentions
            .iter()
            .copied()
            .filter(|m| m[0] < m[1] && m[1] <= len)
            .collect();
        per_entity[ei] = snapshot[j]
            .iter()
            .filter(|f| lex.in_city(f.0))
            .map(|(p, c, ev)| {
                let mut ev = ev.clone();
                ev.extend(mine.iter().copied());
                (*p, c * CONF_INHERIT, ev)
            })
            .collect();
    }

    // In a county's (or district's) own plan, what the text does not place
    // elsewhere lies in that county.
    if let Some(j) = lex
        .j_place
        .filter(|&j| lex.places[j].level == RegionLevel::County)
    {
        for (ei, e) in entities.iter().enumerate() {
            if per_entity[ei].is_empty() && !e.mentions.is_empty() {
                per_entity[ei].push((j, CONF_JURISDICTION, Vec::new()));
            }
        }
    }
    let mut out: Vec<Attribution> = Vec::new();
    for (ei, mut found) in per_entity.into_iter().enumerate() {
        found.sort_by_key(|f| {
            present
                .get(lex.places[f.0].name.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        });
        for (p, conf, mut ev) in found {
            ev.sort();
            ev.dedup();
            out.push(Attribution {
                entity: ei,
                region: lex.places[p].name.clone(),
                // the fallback alone has no evidence in the text
                basis: if Some(p) == lex.j_place && ev.is_empty() {
                    RegionBasis::Jurisdiction
                } else {
                    RegionBasis::Text
                },
                confidence: conf,
                evidence: ev,
            });
        }
    }
    out
}

/// Places that locate an entity by its own name: (place, char range in the
/// name, confidence).
fn places_in_name(lex: &Places, name: &str, kind: NodeKind) -> Vec<(usize, (usize, usize), f64)> {
    let chars: Vec<char> = name.chars().collect();
    let ms: Vec<PlaceMatch> = find_places(lex, name)
        .into_iter()
        .filter(|m| {
            let p = &lex.places[m.place];
            !m.direction && !p.is_macro && !lex.never_locates(m.place)
        })
        .collect();
    if ms.is_empty() {
        return abbreviation_compound(lex, &chars, kind);
    }
    let mut keep: Vec<PlaceMatch> = ms.clone();
    // Tail rule: …<Jiaxing place><location tail> → that place alone.
    if let Some(last) = ms
        .iter()
        .filter(|m| lex.in_city(m.place))
        .max_by_key(|m| m.end)
    {
        let rest: String = chars[last.end..]
            .iter()
            .filter(|c| !matches!(c, '”' | '"' | '’' | '\'' | '》' | ')' | '）'))
            .collect();
        if geography().location_tails.contains(&rest) {
            keep = vec![*last];
        }
    }
    // Drop a place whose descendant is also named (杭州萧山 → 萧山).
    let places: Vec<usize> = keep.iter().map(|m| m.place).collect();
    keep.retain(|m| {
        !places
            .iter()
            .any(|&q| q != m.place && lex.is_ancestor(m.place, q))
    });
    keep.into_iter()
        .map(|m| {
            let p = &lex.places[m.place];
            let conf = if p.lens || p.level == RegionLevel::Town {
                CONF_NAME
            } else {
                CONF_NAME_PLACE
            };
            (m.place, (m.start, m.end), conf)
        })
        .collect()
}

/// Names made only of single-character short names plus a compound tail
/// (沪平盐, 沪乍杭铁路, 杭海新区). Bare (tail-less) compounds are read only
/// for projects (沪嘉, 嘉湖 written as line names).
fn abbreviation_compound(
    lex: &Places,
    chars: &[char],
    kind: NodeKind,
) -> Vec<(usize, (usize, usize), f64)> {
    // Strip quotes and a trailing parenthetical: 苏台高速(嘉兴段) → 苏台高速.
    let mut end = chars.len();
    if let Some(open) = chars.iter().position(|c| matches!(c, '(' | '（')) {
        end = open;
    }
    let mut start = 0;
    while start < end && matches!(chars[start], '“' | '"' | '《') {
        start += 1;
    }
    while end > start && matches!(chars[end - 1], '”' | '"' | '》') {
        end -= 1;
    }
    let body: String = chars[start..end].iter().collect();
    let mut head_len = None;
    let mut area = false;
    for t in &geography().compound_tails {
        if let Some(h) = body.strip_suffix(t.as_str()) {
            head_len = Some(h.chars().count());
            area = matches!(t.as_str(), "新区" | "合作区");
            break;
        }
    }
    let head_len = match head_len {
        Some(h) => h,
        None if kind == NodeKind::Project => body.chars().count(),
        None => return Vec::new(),
    };
    if !(2..=4).contains(&head_len) {
        return Vec::new();
    }
    let head = &chars[start..start + head_len];
    let Some(places) = head
        .iter()
        .map(|c| lex.abbreviations.get(c).copied())
        .collect::<Option<Vec<usize>>>()
    else {
        return Vec::new();
    };
    let mut out: Vec<(usize, (usize, usize), f64)> = Vec::new();
    for (k, &p) in places.iter().enumerate() {
        let pl = &lex.places[p];
        if lex.never_locates(p) || pl.is_macro || out.iter().any(|o| o.0 == p) {
            continue;
        }
        out.push((p, (start + k, start + k + 1), CONF_ABBREV));
    }
    // An area named after places (杭海新区) lies in its Jiaxing part.
    if area && out.iter().any(|o| lex.in_city(o.0)) {
        out.retain(|o| lex.in_city(o.0));
    }
    out
}

/// The regions that the sentence around entity mention `m` locates it in
/// (usually one; an enumeration 王江泾镇、油车港镇 gives all its members).
#[allow(clippy::too_many_arguments)]
/// `rmentions` and `all_mentions` are those of the sentence of `m` (the
/// caller indexes them by sentence).
fn context_region(
    lex: &Places,
    chars: &[char],
    rmentions: &[(Span, usize)],
    all_mentions: &[(usize, Span)],
    ei: usize,
    m: Span,
    sent: &[usize],
    clause: &[usize],
) -> Vec<(usize, f64, Vec<Span>)> {
    let s_id = sent[m[0]];
    let c_id = clause[m[0]];
    // Candidate mentions: in the sentence, inside the city (not the city itself),
    // not macro, outside the entity's own mention.
    struct Cand {
        span: Span,
        place: usize,
        nested: bool,
        same_clause: bool,
        before: bool,
        dist: usize,
    }
    let mut cands: Vec<Cand> = Vec::new();
    let mut counted: HashSet<Vec<usize>> = HashSet::new();
    for &(span, p) in rmentions {
        if sent.get(span[0]) != Some(&s_id) {
            continue;
        }
        if !lex.in_city(p) || lex.places[p].is_macro {
            continue;
        }
        if span[0] < m[1] && m[0] < span[1] {
            continue; // overlaps the entity itself
        }
        let nested = all_mentions
            .iter()
            .any(|&(j, em)| j != ei && em[0] <= span[0] && span[1] <= em[1]);
        let before = span[1] <= m[0];
        let (gap_from, gap_to) = if before {
            (span[1], m[0])
        } else {
            (m[1], span[0])
        };
        counted.insert(lex.counties(p));
        // "A、B等一批X": the place belongs to an instance, X is a category.
        if before && chars[gap_from..gap_to].contains(&'等') {
            continue;
        }
        let dist = gap_to - gap_from;
        cands.push(Cand {
            span,
            place: p,
            nested,
            same_clause: clause[span[0]] == c_id,
            before,
            dist,
        });
    }
    // A sentence naming three or more different county-level units is a list.
    let counties = counted;
    if cands.is_empty() || counties.len() >= 3 {
        return Vec::new();
    }
    // A place named inside another entity's name stands for its county.
    let region_of = |c: &Cand| -> Option<usize> {
        if c.nested {
            let cs = lex.counties(c.place);
            if cs.len() == 1 {
                return Some(cs[0]);
            }
            None
        } else {
            Some(c.place)
        }
    };
    // Nearest, preferring places written before the entity.
    let best = |pred: &dyn Fn(&Cand) -> bool| -> Option<usize> {
        (0..cands.len())
            .filter(|&i| pred(&cands[i]) && region_of(&cands[i]).is_some())
            .min_by_key(|&i| (!cands[i].before, cands[i].dist, cands[i].span[0]))
    };
    let chosen = best(&|c: &Cand| c.same_clause && !c.nested)
        .map(|i| (i, CONF_CLAUSE))
        .or_else(|| best(&|c: &Cand| c.same_clause).map(|i| (i, CONF_CLAUSE)))
        .or_else(|| {
            // The preceding clause, when the sentence names one county only
            // and that clause is not about another entity.
            if counties.len() != 1 {
                return None;
            }
            let adjacent = |c: &Cand| {
                let cc = clause[c.span[0]];
                !c.nested
                    && cc + 1 == c_id
                    && !all_mentions
                        .iter()
                        .any(|&(j, em)| j != ei && clause[em[0]] == cc)
            };
            best(&adjacent).map(|i| (i, CONF_SENTENCE))
        });
    let Some((ci, conf)) = chosen else {
        return Vec::new();
    };
    // Extend over an enumeration of places (王江泾镇、油车港镇).
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| cands[i].span[0]);
    let pos = order.iter().position(|&i| i == ci).unwrap_or(0);
    let joined = |a: &Cand, b: &Cand| {
        a.nested == b.nested
            && a.span[1] <= b.span[0]
            && matches!(
                &chars[a.span[1]..b.span[0]],
                [] | ['、'] | ['和'] | ['及'] | ['与'] | ['或']
            )
    };
    let (mut lo, mut hi) = (pos, pos);
    while lo > 0 && joined(&cands[order[lo - 1]], &cands[order[lo]]) {
        lo -= 1;
    }
    while hi + 1 < order.len() && joined(&cands[order[hi]], &cands[order[hi + 1]]) {
        hi += 1;
    }
    let members: Vec<usize> = order[lo..=hi]
        .iter()
        .copied()
        .filter(|&i| region_of(&cands[i]).is_some())
        .collect();
    let regions: Vec<usize> = members
        .iter()
        .filter_map(|&i| region_of(&cands[i]))
        .collect();
    let mut out: Vec<(usize, f64, Vec<Span>)> = Vec::new();
    for &i in &members {
        let Some(r) = region_of(&cands[i]) else {
            continue;
        };
        // 秀洲区王江泾镇: keep the most specific place.
        if regions.iter().any(|&q| q != r && lex.is_ancestor(r, q)) {
            continue;
        }
        if let Some(o) = out.iter_mut().find(|o| o.0 == r) {
            o.2.push(cands[i].span);
        } else {
            out.push((r, conf, vec![cands[i].span, m]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places_of(code: &str) -> Places {
        Places::new(Gazetteer::get().by_code(code).map(Jurisdiction::Unit))
    }

    #[test]
    fn units_of_a_city_plan() {
        let lex = places_of("330400");
        assert_eq!(lex.units_of("乌镇镇"), vec!["桐乡市".to_string()]);
        assert_eq!(lex.units_of("中心城区").len(), 2);
        assert!(lex.units_of("上海市").is_empty());
        assert!(lex.units_of("嘉兴市").is_empty());
    }

    #[test]
    fn jurisdiction_from_title() {
        let g = Gazetteer::get();
        let name = |j: Option<Jurisdiction>| match j {
            Some(Jurisdiction::Unit(u)) => g.unit(u).name.to_string(),
            Some(Jurisdiction::National) => "national".into(),
            None => "none".into(),
        };
        assert_eq!(
            name(detect_jurisdiction(
                "中共嘉兴市委关于制定嘉兴市国民经济和社会发展第十四个五年规划的建议\n正文"
            )),
            "嘉兴市"
        );
        assert_eq!(
            name(detect_jurisdiction(
                "下载\n打印\n2026年吉林省政府工作报告\n——在吉林省第十四届人民代表大会上\n"
            )),
            "吉林省"
        );
        assert_eq!(
            name(detect_jurisdiction(
                "中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议\n"
            )),
            "national"
        );
        assert_eq!(
            name(detect_jurisdiction(
                "浙江省海宁市国民经济和社会发展第十四个五年规划纲要\n"
            )),
            "海宁市"
        );
        assert_eq!(
            name(detect_jurisdiction(
                "关于加快发展的若干意见\n一、总体要求\n"
            )),
            "none"
        );
        // the occasion line broken before 人民代表大会
        assert_eq!(
            name(detect_jurisdiction(
                "政府工作报告\n——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上\n"
            )),
            "广东省"
        );
    }
}
