//! Places and county attribution.
//!
//! [`extract_regions`] finds every place of the general place lexicon
//! (`assets/lexicon/places.toml`: 嘉兴市, its seven county-level units, their
//! towns and streets, lakes and landmarks, functional zones, and the
//! neighbouring regions) in the canonical text. [`attribute`] then locates
//! named entities in those places, from the text alone:
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
//! * **(c)** otherwise nothing: citywide items stay unattributed. The city
//!   itself (嘉兴, 禾城), macro-regions (长三角, 浙北, 浙江, 杭州湾 …) and
//!   directions (杭州方向) never locate an entity.
//!
//! Ambiguity: matches are chosen longest first (嘉善县 over 嘉善, 南湖区 over
//! 南湖, 西塘桥街道 over 西塘). The bare 南湖 is the lake (a place in 南湖区),
//! never the district. A lake name followed by an institution word
//! (南湖研究院, 南湖实验室, 嘉兴南湖学院) is a brand, not a mention of the
//! lake; 南湖革命纪念馆, 南湖红船 and 南湖文化中心 do mention it. Towns whose
//! short name is a common word (长安, 大桥, 新丰, 七星, 于城 …) are matched
//! only with their 镇/街道 suffix, and a stop-list removes idioms and words
//! that contain a place name (金山银山, 临港产业 …).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Deserialize;

use super::{Attribution, EntityHit, RegionHit, RegionLevel};
use crate::model::{NodeKind, RegionBasis, Span};

/// The shipped general place lexicon.
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

// ───────────────────────────── lexicon ─────────────────────────────

#[derive(Debug, Deserialize)]
struct RawLexicon {
    rules: RawRules,
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
}

#[derive(Debug, Deserialize)]
struct RawCompound {
    #[serde(default)]
    tails: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawPlace {
    name: String,
    level: String,
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
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    seat: Option<[f64; 2]>,
}

/// A county-level unit of the lexicon, with its division code and seat.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyUnit {
    /// Official name (南湖区).
    pub name: String,
    /// Administrative division code (330402).
    pub code: String,
    /// Approximate latitude and longitude of the seat.
    pub seat: [f64; 2],
}

/// The county-level units of the lexicon that have a code and a seat, in
/// lexicon order.
pub fn county_units() -> Vec<CountyUnit> {
    static UNITS: OnceLock<Vec<CountyUnit>> = OnceLock::new();
    UNITS
        .get_or_init(|| {
            let raw: RawLexicon = match toml::from_str(LEXICON_TOML) {
                Ok(r) => r,
                Err(_) => return Vec::new(),
            };
            raw.place
                .into_iter()
                .filter(|p| p.level == "county")
                .filter_map(|p| {
                    Some(CountyUnit {
                        name: p.name,
                        code: p.code?,
                        seat: p.seat?,
                    })
                })
                .collect()
        })
        .clone()
}

/// One place of the lexicon.
#[derive(Debug, Clone)]
struct Place {
    name: String,
    level: RegionLevel,
    parent: Option<usize>,
    covers: Vec<usize>,
    is_macro: bool,
    brand: bool,
}

/// The parsed lexicon with its matcher.
struct Lexicon {
    places: Vec<Place>,
    by_name: HashMap<String, usize>,
    /// Surface form of each automaton pattern and the place it names.
    surfaces: Vec<(String, usize)>,
    /// Surface forms of each place (name first).
    forms: Vec<Vec<Vec<char>>>,
    matcher: AhoCorasick,
    stop: Option<AhoCorasick>,
    institution_words: Vec<Vec<char>>,
    direction_words: Vec<Vec<char>>,
    location_tails: Vec<String>,
    abbreviations: HashMap<char, usize>,
    compound_tails: Vec<String>,
}

fn parse_level(s: &str) -> Option<RegionLevel> {
    Some(match s {
        "city" => RegionLevel::City,
        "county" => RegionLevel::County,
        "town" => RegionLevel::Town,
        "place" => RegionLevel::Place,
        "outside" => RegionLevel::Outside,
        _ => return None,
    })
}

impl Lexicon {
    fn parse(src: &str) -> Result<Lexicon, String> {
        let raw: RawLexicon = toml::from_str(src).map_err(|e| e.to_string())?;
        let mut by_name = HashMap::new();
        for (i, p) in raw.place.iter().enumerate() {
            if by_name.insert(p.name.clone(), i).is_some() {
                return Err(format!("duplicate place {}", p.name));
            }
        }
        let lookup = |n: &str| -> Result<usize, String> {
            by_name
                .get(n)
                .copied()
                .ok_or_else(|| format!("unknown place {n}"))
        };
        let mut places = Vec::with_capacity(raw.place.len());
        let mut surfaces: Vec<(String, usize)> = Vec::new();
        let mut seen_surface: HashMap<String, usize> = HashMap::new();
        for (i, p) in raw.place.iter().enumerate() {
            let level = parse_level(&p.level).ok_or_else(|| format!("bad level {}", p.level))?;
            let parent = match &p.parent {
                Some(n) => Some(lookup(n)?),
                None => None,
            };
            let covers = p
                .covers
                .iter()
                .map(|n| lookup(n))
                .collect::<Result<Vec<_>, _>>()?;
            places.push(Place {
                name: p.name.clone(),
                level,
                parent,
                covers,
                is_macro: p.r#macro,
                brand: p.brand,
            });
            for s in std::iter::once(&p.name).chain(p.aliases.iter()) {
                if s.is_empty() {
                    continue;
                }
                if let Some(&other) = seen_surface.get(s) {
                    if other != i {
                        return Err(format!("surface {s} names two places"));
                    }
                    continue;
                }
                seen_surface.insert(s.clone(), i);
                surfaces.push((s.clone(), i));
            }
        }
        // Parent chains must end (no cycles).
        for i in 0..places.len() {
            let mut cur = places[i].parent;
            let mut steps = 0;
            while let Some(p) = cur {
                steps += 1;
                if steps > places.len() {
                    return Err(format!("parent cycle at {}", places[i].name));
                }
                cur = places[p].parent;
            }
        }
        let mut forms: Vec<Vec<Vec<char>>> = vec![Vec::new(); places.len()];
        for (s, p) in &surfaces {
            forms[*p].push(s.chars().collect());
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(surfaces.iter().map(|(s, _)| s.as_str()))
            .map_err(|e| e.to_string())?;
        let stop = if raw.rules.stop_phrases.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&raw.rules.stop_phrases)
                    .map_err(|e| e.to_string())?,
            )
        };
        let mut abbreviations = HashMap::new();
        for (k, v) in &raw.abbreviations {
            let mut cs = k.chars();
            let (Some(c), None) = (cs.next(), cs.next()) else {
                return Err(format!("abbreviation {k} is not one character"));
            };
            abbreviations.insert(c, lookup(v)?);
        }
        let mut compound_tails = raw.compound.tails.clone();
        compound_tails.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        let mut location_tails = raw.rules.location_tails.clone();
        location_tails.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        Ok(Lexicon {
            places,
            by_name,
            surfaces,
            forms,
            matcher,
            stop,
            institution_words: raw
                .rules
                .institution_words
                .iter()
                .map(|w| w.chars().collect())
                .collect(),
            direction_words: raw
                .rules
                .direction_words
                .iter()
                .map(|w| w.chars().collect())
                .collect(),
            location_tails,
            abbreviations,
            compound_tails,
        })
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

    /// Whether the place lies in the city (city itself excluded).
    fn in_city(&self, p: usize) -> bool {
        let mut cur = Some(p);
        while let Some(c) = cur {
            match self.places[c].level {
                RegionLevel::County => return true,
                RegionLevel::Outside => return false,
                RegionLevel::City => return c != p,
                _ => {}
            }
            cur = self.places[c].parent;
        }
        false
    }

    /// County-level units that contain (or are covered by) the place.
    fn counties(&self, p: usize) -> Vec<usize> {
        let mut cur = Some(p);
        while let Some(c) = cur {
            let pl = &self.places[c];
            if pl.level == RegionLevel::County {
                return vec![c];
            }
            if !pl.covers.is_empty() {
                let mut v: Vec<usize> = pl.covers.iter().flat_map(|&x| self.counties(x)).collect();
                v.sort_unstable();
                v.dedup();
                return v;
            }
            if matches!(pl.level, RegionLevel::City | RegionLevel::Outside) {
                return Vec::new();
            }
            cur = pl.parent;
        }
        Vec::new()
    }
}

/// Parse the place lexicon and build its automata now (see [`super::warm_up`]).
pub(crate) fn warm_up() {
    lexicon();
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::parse(LEXICON_TOML).expect("assets/lexicon/places.toml is valid"))
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
}

fn starts_with_at(chars: &[char], at: usize, word: &[char]) -> bool {
    !word.is_empty() && chars.len() >= at + word.len() && chars[at..at + word.len()] == *word
}

/// All places mentioned in `s`, longest first, non-overlapping, sorted by start.
fn find_places(lex: &Lexicon, s: &str) -> Vec<PlaceMatch> {
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

    let stops: Vec<(usize, usize)> = match &lex.stop {
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
        if !stops.is_empty() && covered[start] >= end {
            continue;
        }
        let pl = &lex.places[place];
        if pl.brand
            && lex
                .institution_words
                .iter()
                .any(|w| starts_with_at(&chars, end, w))
        {
            continue;
        }
        let direction = lex
            .direction_words
            .iter()
            .any(|w| starts_with_at(&chars, end, w));
        cands.push(PlaceMatch {
            start,
            end,
            place,
            direction,
        });
    }
    // Longest first, then leftmost.
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
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

/// Every place of the lexicon mentioned in `text`, with its mentions (char
/// spans) and parent label. Matches do not overlap (longest first), except
/// that a place name starting with the name of a place containing it also
/// counts as a mention of that one (the 嘉兴 of 嘉兴港 mentions 嘉兴市). The city and the seven county-level units are
/// always present (mentions may be empty), as is every ancestor of a place
/// found, so that parent chains close. Order: city, counties, then the other
/// places in lexicon order.
pub fn extract_regions(text: &str) -> Vec<RegionHit> {
    let lex = lexicon();
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
    let mut include = vec![false; n];
    for (i, p) in lex.places.iter().enumerate() {
        if matches!(p.level, RegionLevel::City | RegionLevel::County) || !mentions[i].is_empty() {
            include[i] = true;
            let mut cur = p.parent;
            while let Some(c) = cur {
                include[c] = true;
                cur = lex.places[c].parent;
            }
        }
    }
    let rank = |l: RegionLevel| match l {
        RegionLevel::City => 0,
        RegionLevel::County => 1,
        _ => 2,
    };
    let mut order: Vec<usize> = (0..n).filter(|&i| include[i]).collect();
    order.sort_by_key(|&i| (rank(lex.places[i].level), i));
    order
        .into_iter()
        .map(|i| {
            let p = &lex.places[i];
            RegionHit {
                label: p.name.clone(),
                level: p.level,
                parent: p.parent.map(|q| lex.places[q].name.clone()),
                aliases: std::mem::take(&mut aliases[i]),
                mentions: std::mem::take(&mut mentions[i]),
            }
        })
        .collect()
}

/// The county-level units a region label of the lexicon lies in (a town's or
/// lake's county; both districts for 中心城区). Empty for the city, for
/// places outside it and for labels the lexicon does not know.
pub fn counties_of(label: &str) -> Vec<String> {
    let lex = lexicon();
    match lex.by_name.get(label) {
        Some(&p) => lex
            .counties(p)
            .into_iter()
            .map(|c| lex.places[c].name.clone())
            .collect(),
        None => Vec::new(),
    }
}

// ───────────────────────────── attribution ─────────────────────────────

/// Attribute entities to regions, from their names and their sentences
/// (see the module documentation for the rules). `regions` is the output of
/// [`extract_regions`] on the same text; every attribution names one of them.
/// Sorted by entity, then by region order.
pub fn attribute(text: &str, entities: &[EntityHit], regions: &[RegionHit]) -> Vec<Attribution> {
    let lex = lexicon();
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
            if lex.places[c].level == RegionLevel::City {
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
    for (ei, e) in entities.iter().enumerate() {
        if !per_entity[ei].is_empty() {
            continue;
        }
        let own: Vec<char> = e
            .label
            .chars()
            .filter(|c| !matches!(c, '“' | '”' | '"'))
            .collect();
        // The longest other entity name contained in this one.
        let mut best: Option<(usize, usize, usize)> = None; // (len, entity, offset in own)
        for (j, ns) in names.iter().enumerate() {
            if j == ei || snapshot[j].is_empty() {
                continue;
            }
            for n in ns {
                if n.len() >= own.len() {
                    continue;
                }
                if let Some(off) = own.windows(n.len()).position(|w| w == &n[..]) {
                    if best.map_or(true, |b| n.len() > b.0) {
                        best = Some((n.len(), j, off));
                    }
                }
            }
        }
        let Some((_, j, _)) = best else { continue };
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
                basis: RegionBasis::Text,
                confidence: conf,
                evidence: ev,
            });
        }
    }
    out
}

/// Places that locate an entity by its own name: (place, char range in the
/// name, confidence).
fn places_in_name(lex: &Lexicon, name: &str, kind: NodeKind) -> Vec<(usize, (usize, usize), f64)> {
    let chars: Vec<char> = name.chars().collect();
    let ms: Vec<PlaceMatch> = find_places(lex, name)
        .into_iter()
        .filter(|m| {
            let p = &lex.places[m.place];
            !m.direction && !p.is_macro && p.level != RegionLevel::City
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
        if lex.location_tails.contains(&rest) {
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
            let conf = match lex.places[m.place].level {
                RegionLevel::County | RegionLevel::Town => CONF_NAME,
                _ => CONF_NAME_PLACE,
            };
            (m.place, (m.start, m.end), conf)
        })
        .collect()
}

/// Names made only of single-character short names plus a compound tail
/// (沪平盐, 沪乍杭铁路, 杭海新区). Bare (tail-less) compounds are read only
/// for projects (沪嘉, 嘉湖 written as line names).
fn abbreviation_compound(
    lex: &Lexicon,
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
    for t in &lex.compound_tails {
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
        if pl.level == RegionLevel::City || pl.is_macro || out.iter().any(|o| o.0 == p) {
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
    lex: &Lexicon,
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

    #[test]
    fn lexicon_parses() {
        let lex = lexicon();
        assert!(lex.places.len() > 100);
        assert_eq!(counties_of("乌镇"), vec!["桐乡市".to_string()]);
        assert_eq!(counties_of("中心城区").len(), 2);
        assert!(counties_of("上海").is_empty());
    }
}
