//! Scoring a built graph against a gold-standard annotation.
//!
//! [`evaluate`] reads a gold directory (`outline.json`, `redactions.json`, `regions.json`,
//! `entities.json`, `goals.json`, `links.json`; any of them may be absent) and compares it with a
//! [`GraphData`]. The result is an [`EvalReport`]: rows `(area, metric, value, detail)` printed by
//! [`EvalReport::to_table`], plus the raw numbers of every area (the report serialises to JSON).
//!
//! The gold covers the front matter and parts 一–六 of the plan (the *dev range*, from offset 0 up
//! to the heading of part 七 as found in the graph); only predictions whose first mention lies in
//! that range are scored. The outline is the exception: the gold outline lists the whole document
//! and is scored in full.
//!
//! The gold files are read as loose JSON: missing fields are tolerated, never a panic. A missing
//! file skips its area with a note; a file that is not valid JSON is an [`Error::Gold`].
//!
//! ```no_run
//! use std::path::Path;
//! let graph = planmap::GraphData::new();
//! let report = planmap::eval::evaluate(Path::new("gold/dev"), &graph).unwrap();
//! println!("{}", report.to_table());
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::model::{Edge, EdgeKind, GraphData, Node, NodeKind, Span};
use crate::{Error, Result};

/// Environment variable that makes [`EvalReport::to_table`] print the verbose rows too
/// (missed and extra entities, wrong county attributions…) when set to `1`.
pub const VERBOSE_ENV: &str = "PLANMAP_EVAL_VERBOSE";

/// The lens units of a built graph: the direct subdivisions of its first
/// document's jurisdiction (region nodes with a `within` edge to it), as
/// region nodes label them (a city's county-level units).
pub fn lens_units(g: &GraphData) -> BTreeSet<String> {
    let Some(j) = g.documents.first().and_then(|d| d.jurisdiction.as_ref()) else {
        return BTreeSet::new();
    };
    let level = match j.level.as_str() {
        "national" => "province",
        "province" => "city",
        "city" => "county",
        _ => "town",
    };
    let ids: HashSet<&str> = g
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Within && e.target == j.region)
        .map(|e| e.source.as_str())
        .collect();
    g.nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Region && ids.contains(n.id.as_str()))
        .filter(|n| {
            attr(n, "level") == Some(level)
                || (level == "city" && attr(n, "level") == Some("county"))
        })
        .map(|n| n.label.clone())
        .collect()
}

/// How many missed / extra names a verbose row lists.
const LIST_MAX: usize = 8;
/// Tolerance (in characters) between a `missing-numeral` diagnostic and a gold gap.
const GAP_TOLERANCE: usize = 3;

// ---------------------------------------------------------------------------------------------
// Report types
// ---------------------------------------------------------------------------------------------

/// A count out of a total.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ratio {
    /// Numerator.
    pub num: usize,
    /// Denominator.
    pub den: usize,
    /// `num / den` (0.0 when `den` is 0).
    pub value: f64,
}

impl Ratio {
    /// `num` out of `den`.
    pub fn new(num: usize, den: usize) -> Ratio {
        let value = if den == 0 {
            0.0
        } else {
            num as f64 / den as f64
        };
        Ratio { num, den, value }
    }
    /// `12/15 (80.0%)`.
    pub fn show(&self) -> String {
        if self.den == 0 {
            format!("{}/{} (n/a)", self.num, self.den)
        } else {
            format!("{}/{} ({:.1}%)", self.num, self.den, self.value * 100.0)
        }
    }
}

/// Precision, recall and F1 with the counts behind them.
///
/// `pred_correct` and `gold_found` are equal for one-to-one matching (entities); for links a
/// part-level gold link can be found by several predicted section links, so they may differ.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Number of predictions scored.
    pub pred: usize,
    /// Predictions that match the gold.
    pub pred_correct: usize,
    /// Number of gold items.
    pub gold: usize,
    /// Gold items found.
    pub gold_found: usize,
    /// `pred_correct / pred` (0.0 when nothing was predicted).
    pub precision: f64,
    /// `gold_found / gold` (0.0 when there is no gold).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    /// Scores from counts.
    pub fn new(pred_correct: usize, pred: usize, gold_found: usize, gold: usize) -> Prf {
        let precision = if pred == 0 {
            0.0
        } else {
            pred_correct as f64 / pred as f64
        };
        let recall = if gold == 0 {
            0.0
        } else {
            gold_found as f64 / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            pred,
            pred_correct,
            gold,
            gold_found,
            precision,
            recall,
            f1,
        }
    }
    /// `P 0.812  R 0.755  F1 0.782`.
    pub fn show(&self) -> String {
        format!(
            "P {:.3}  R {:.3}  F1 {:.3}",
            self.precision, self.recall, self.f1
        )
    }
    /// `tp 40, pred 49, gold 53` (or the two true-positive counts when they differ).
    pub fn counts(&self) -> String {
        if self.pred_correct == self.gold_found {
            format!(
                "tp {}, pred {}, gold {}",
                self.pred_correct, self.pred, self.gold
            )
        } else {
            format!(
                "pred {}/{} correct, gold {}/{} found",
                self.pred_correct, self.pred, self.gold_found, self.gold
            )
        }
    }
}

/// One line of the report table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalRow {
    /// Area: `outline`, `restore`, `entities`, `county`, `links`, `indicators`, `goals`.
    pub area: String,
    /// What is measured.
    pub metric: String,
    /// The score as text.
    pub value: String,
    /// Counts and explanations.
    pub detail: String,
    /// Shown only by [`EvalReport::to_table_verbose`] (or with `PLANMAP_EVAL_VERBOSE=1`).
    pub verbose: bool,
}

/// Outline scores (whole document).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutlineScores {
    /// Gold parts found with the right number and title.
    pub parts: Ratio,
    /// Gold sections found with the right (part, number) key and title.
    pub sections: Ratio,
    /// Gold sections found by (part, number) key alone.
    pub sections_keyed: Ratio,
    /// Predicted part nodes whose number is not a gold part.
    pub extra_parts: usize,
    /// Predicted section nodes whose (part, number) is not a gold section.
    pub extra_sections: usize,
    /// `三.二: gold «…» / predicted «…»` for sections found with another title.
    pub title_mismatches: Vec<String>,
}

/// Restoration of masked characters and missing-numeral flags.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestorationScores {
    /// Gold redactions whose canonical character equals the gold restoration.
    pub restored: Ratio,
    /// Gold redactions left as `*`.
    pub flagged: usize,
    /// Gold redactions restored to another character (or outside the text).
    pub wrong: usize,
    /// `restored-char` diagnostics in the dev range at no gold redaction.
    pub extra_restorations: usize,
    /// `offset: gold X / got Y` for wrong restorations.
    pub wrong_list: Vec<String>,
    /// Missing-numeral sites: recall over gold sites, precision over dev-range diagnostics.
    pub missing_numerals: Prf,
}

/// Named-entity scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityScores {
    /// Per kind (`strategy`, `platform`, …), in [`NodeKind::ENTITIES`] order.
    pub per_kind: BTreeMap<String, Prf>,
    /// All kinds together (matching stays within a kind).
    pub all: Prf,
    /// Gold entities whose name matches a predicted entity of any kind.
    pub any_kind_recall: Ratio,
    /// Up to 8 missed gold names per kind.
    pub false_negatives: BTreeMap<String, Vec<String>>,
    /// Up to 8 unmatched predicted labels per kind.
    pub false_positives: BTreeMap<String, Vec<String>>,
}

/// County attribution of matched entities (high-confidence gold only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountyScores {
    /// Items whose gold is a plain set of county-level units.
    pub confident_county: Ratio,
    /// All high-confidence items (county sets, citywide, outside, 中心城区, …).
    pub all_high: Ratio,
    /// Per gold class (`county`, `county+outside`, `citywide`, `outside`, `中心城区`, `multi`).
    pub per_class: BTreeMap<String, Ratio>,
    /// High-confidence items that could not be classified (skipped).
    pub unclassified: usize,
    /// `name: gold … / predicted …` for wrong attributions.
    pub errors: Vec<String>,
}

/// Goal→section and strategy→section links.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkScores {
    /// Goal links.
    pub goals: Prf,
    /// Recall over primary goal links only.
    pub goals_primary_recall: Ratio,
    /// Gold goals mapped to at least one predicted goal node.
    pub goals_mapped: Ratio,
    /// Strategy links.
    pub strategies: Prf,
    /// Recall over primary strategy links only.
    pub strategies_primary_recall: Ratio,
    /// Gold strategies mapped to at least one predicted strategy node.
    pub strategies_mapped: Ratio,
    /// Missed gold links, `X1 → 四.二` (all, for the verbose rows).
    pub missed: Vec<String>,
    /// Predicted links the gold does not have.
    pub extra: Vec<String>,
}

/// Quantified targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorScores {
    /// Gold targets with an overlapping indicator node.
    pub found: Ratio,
    /// Found with the right value (or flagged missing when the gold value is missing).
    pub right: Ratio,
    /// Gold values that are not numbers (counted right when found).
    pub unscorable_values: usize,
    /// Dev-range indicator nodes that overlap a gold target.
    pub precision: Ratio,
    /// `Q05 上市企业数量达到66家: …` for missed or wrong targets.
    pub problems: Vec<String>,
}

/// One group of gold goals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalGroup {
    /// Group name (`2025 positioning`, `new leaps`, `2035 vision`, `end-of-part`, `part headings`).
    pub group: String,
    /// Gold goals of the group with an overlapping goal node.
    pub found: Ratio,
    /// Ids (or texts) of the missed goals.
    pub missed: Vec<String>,
}

/// Goal statements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalScores {
    /// Per group, in report order.
    pub groups: Vec<GoalGroup>,
    /// Dev-range goal nodes that overlap some gold goal text.
    pub precision: Ratio,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// The gold directory, as given.
    pub gold_dir: String,
    /// `[0, end)` of the dev range (end = start of part 七's heading, else the text length).
    pub dev_range: Span,
    /// The table rows, in order.
    pub rows: Vec<EvalRow>,
    /// Skipped areas and other remarks.
    pub notes: Vec<String>,
    /// Outline scores (absent when `outline.json` is missing).
    pub outline: Option<OutlineScores>,
    /// Restoration scores (absent when `redactions.json` is missing).
    pub restoration: Option<RestorationScores>,
    /// Entity scores (absent when `entities.json` is missing).
    pub entities: Option<EntityScores>,
    /// County attribution scores (absent when `entities.json` is missing).
    pub counties: Option<CountyScores>,
    /// Link scores (absent when `links.json` is missing).
    pub links: Option<LinkScores>,
    /// Indicator scores (absent when `goals.json` is missing).
    pub indicators: Option<IndicatorScores>,
    /// Goal scores (absent when `goals.json` is missing).
    pub goals: Option<GoalScores>,
}

impl EvalReport {
    /// The aligned text table; verbose rows only when `PLANMAP_EVAL_VERBOSE=1`.
    pub fn to_table(&self) -> String {
        let verbose = std::env::var(VERBOSE_ENV)
            .map(|v| v.trim() == "1")
            .unwrap_or(false);
        self.render(verbose)
    }

    /// The aligned text table with the verbose rows (missed / extra items).
    pub fn to_table_verbose(&self) -> String {
        self.render(true)
    }

    /// The first row with this area and metric.
    pub fn row(&self, area: &str, metric: &str) -> Option<&EvalRow> {
        self.rows
            .iter()
            .find(|r| r.area == area && r.metric == metric)
    }

    fn render(&self, verbose: bool) -> String {
        let rows: Vec<&EvalRow> = self.rows.iter().filter(|r| verbose || !r.verbose).collect();
        let header = ["area", "metric", "value", "detail"];
        let mut w = [0usize; 3];
        for (i, h) in header.iter().take(3).enumerate() {
            w[i] = display_width(h);
        }
        for r in &rows {
            w[0] = w[0].max(display_width(&r.area));
            w[1] = w[1].max(display_width(&r.metric));
            w[2] = w[2].max(display_width(&r.value));
        }
        let mut out = String::new();
        let end = if self.dev_range[1] == usize::MAX {
            "end of text".to_string()
        } else {
            self.dev_range[1].to_string()
        };
        out.push_str(&format!(
            "planmap eval: gold {}, dev range [0, {})\n",
            self.gold_dir, end
        ));
        let line = |cells: [&str; 4]| -> String {
            let mut s = String::new();
            for (i, c) in cells.iter().take(3).enumerate() {
                s.push_str(c);
                s.push_str(&" ".repeat(w[i] - display_width(c) + 2));
            }
            s.push_str(cells[3]);
            s.trim_end().to_string()
        };
        out.push_str(&line(header));
        out.push('\n');
        out.push_str(&line([
            "-".repeat(w[0]).as_str(),
            &"-".repeat(w[1]),
            &"-".repeat(w[2]),
            "------",
        ]));
        out.push('\n');
        for r in rows {
            out.push_str(&line([&r.area, &r.metric, &r.value, &r.detail]));
            out.push('\n');
        }
        for n in &self.notes {
            out.push_str("note: ");
            out.push_str(n);
            out.push('\n');
        }
        out
    }

    fn push(&mut self, area: &str, metric: &str, value: String, detail: String) {
        self.rows.push(EvalRow {
            area: area.to_string(),
            metric: metric.to_string(),
            value,
            detail,
            verbose: false,
        });
    }

    /// A verbose row listing `count` items; nothing when there are none.
    fn push_verbose(&mut self, area: &str, metric: &str, value: String, detail: String) {
        if value == "0" {
            return;
        }
        self.rows.push(EvalRow {
            area: area.to_string(),
            metric: metric.to_string(),
            value,
            detail,
            verbose: true,
        });
    }
}

/// Terminal width of a string: CJK and full-width characters count two columns.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = matches!(u,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

/// `a, b, c (+4 more)` from a full list.
fn list_text(items: &[String], max: usize) -> String {
    let mut s = items
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        s.push_str(&format!(" (+{} more)", items.len() - max));
    }
    if s.is_empty() {
        s.push('-');
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Loose JSON access
// ---------------------------------------------------------------------------------------------

static NULL: Value = Value::Null;

fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&NULL)
}

fn arr(v: &Value) -> &[Value] {
    v.as_array().map(|a| a.as_slice()).unwrap_or(&[])
}

fn text_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    get(v, key).as_str()
}

fn as_offset(v: &Value) -> Option<usize> {
    v.as_u64().map(|x| x as usize).or_else(|| {
        v.as_f64()
            .filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f < 1e15)
            .map(|f| f as usize)
    })
}

fn offset_of(v: &Value, key: &str) -> Option<usize> {
    as_offset(get(v, key))
}

/// `{"offset": a, "end": b}` or `[a, b]` as a span (non-empty).
fn span_value(v: &Value) -> Option<Span> {
    let (s, e) = if let Some(a) = v.as_array() {
        (as_offset(a.first()?)?, as_offset(a.get(1)?)?)
    } else {
        (offset_of(v, "offset")?, offset_of(v, "end")?)
    };
    (e > s).then_some([s, e])
}

/// `offset`/`end` fields of an object as a span.
fn own_span(v: &Value) -> Option<Span> {
    let s = offset_of(v, "offset")?;
    let e = offset_of(v, "end")?;
    (e > s).then_some([s, e])
}

fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
}

/// Every decimal number written in a string (`"2-3"` → 2, 3).
fn numbers_in(s: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !cur.is_empty() && !cur.contains('.')) {
            cur.push(c);
        } else if !cur.is_empty() {
            if let Ok(x) = cur.trim_end_matches('.').parse::<f64>() {
                out.push(x);
            }
            cur.clear();
        }
    }
    out
}

fn same_number(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn overlaps(a: Span, b: Span) -> bool {
    a[0] < b[1] && b[0] < a[1]
}

/// Entity names are compared without quotes (“”‘’"《》) and whitespace.
pub fn normalize_name(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '“' | '”' | '‘' | '’' | '"' | '\'' | '《' | '》')
        })
        .collect()
}

fn load(dir: &Path, name: &str) -> Result<Option<Value>> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(s) => serde_json::from_str(&s)
            .map(Some)
            .map_err(|e| Error::Gold(format!("{name}: {e}"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::Gold(format!("{name}: {e}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// The graph side
// ---------------------------------------------------------------------------------------------

struct Ctx<'a> {
    g: &'a GraphData,
    text: Vec<char>,
    dev_end: usize,
    by_id: HashMap<&'a str, &'a Node>,
    /// The jurisdiction's subdivisions (for a city: its counties).
    units: BTreeSet<String>,
    /// Region id of the jurisdiction.
    j_region: Option<&'a str>,
}

impl<'a> Ctx<'a> {
    fn new(g: &'a GraphData) -> Ctx<'a> {
        let doc = g
            .documents
            .iter()
            .find(|d| d.id == "d1")
            .or_else(|| g.documents.first());
        let text: Vec<char> = doc.map(|d| d.text.chars().collect()).unwrap_or_default();
        let part7 = g
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Part && attr(n, "number") == Some("七"))
            .filter_map(first_start)
            .min();
        let dev_end = match (part7, doc) {
            (Some(s), _) => s,
            (None, Some(_)) => text.len(),
            (None, None) => usize::MAX,
        };
        let by_id = g.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
        Ctx {
            g,
            text,
            dev_end,
            by_id,
            units: lens_units(g),
            j_region: g
                .documents
                .first()
                .and_then(|d| d.jurisdiction.as_ref())
                .map(|j| j.region.as_str()),
        }
    }

    fn in_dev(&self, n: &Node) -> bool {
        first_start(n).is_some_and(|s| s < self.dev_end)
    }

    fn nodes(&self, kind: NodeKind) -> impl Iterator<Item = &'a Node> + '_ {
        self.g.nodes.iter().filter(move |n| n.kind == kind)
    }

    fn edges(&self, kind: EdgeKind) -> impl Iterator<Item = &'a Edge> + '_ {
        self.g.edges.iter().filter(move |e| e.kind == kind)
    }
}

fn first_start(n: &Node) -> Option<usize> {
    n.mentions.iter().map(|m| m[0]).min()
}

fn attr<'n>(n: &'n Node, key: &str) -> Option<&'n str> {
    n.attrs.get(key).and_then(|v| v.as_str()).map(str::trim)
}

fn node_names(n: &Node) -> BTreeSet<String> {
    std::iter::once(&n.label)
        .chain(n.aliases.iter())
        .map(|s| normalize_name(s))
        .filter(|s| !s.is_empty())
        .collect()
}

fn mentions_overlap(n: &Node, span: Span) -> bool {
    n.mentions.iter().any(|m| overlaps(*m, span))
}

/// (part, section) of a part or section node: `("三", None)`, `("三", Some("一"))`.
fn outline_key(n: &Node) -> Option<(String, Option<String>)> {
    match n.kind {
        NodeKind::Part => attr(n, "number").map(|p| (p.to_string(), None)),
        NodeKind::Section => {
            let path = attr(n, "path").unwrap_or("");
            let mut it = path.splitn(2, '.');
            let path_part = it.next().filter(|s| !s.is_empty());
            let path_sec = it.next().filter(|s| !s.is_empty());
            let part = attr(n, "part").filter(|s| !s.is_empty()).or(path_part)?;
            let sec = attr(n, "number").filter(|s| !s.is_empty()).or(path_sec)?;
            Some((part.to_string(), Some(sec.to_string())))
        }
        _ => None,
    }
}

fn key_text(k: &(String, Option<String>)) -> String {
    match &k.1 {
        Some(s) => format!("{}.{}", k.0, s),
        None => k.0.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// evaluate
// ---------------------------------------------------------------------------------------------

/// Score `g` against the gold annotation in `gold_dir`.
///
/// Missing gold files skip their area (with a note); a gold file that is not valid JSON is an
/// [`Error::Gold`] naming the file, as is a `gold_dir` that is not a directory.
pub fn evaluate(gold_dir: &Path, g: &GraphData) -> Result<EvalReport> {
    if !gold_dir.is_dir() {
        return Err(Error::Gold(format!(
            "{} is not a directory",
            gold_dir.display()
        )));
    }
    let ctx = Ctx::new(g);
    let mut rep = EvalReport {
        gold_dir: gold_dir.display().to_string(),
        dev_range: [0, ctx.dev_end],
        rows: Vec::new(),
        notes: Vec::new(),
        outline: None,
        restoration: None,
        entities: None,
        counties: None,
        links: None,
        indicators: None,
        goals: None,
    };
    if g.documents.is_empty() {
        rep.notes
            .push("the graph has no document: text-based scores are 0".into());
    }
    let outline = load(gold_dir, "outline.json")?;
    let redactions = load(gold_dir, "redactions.json")?;
    let regions = load(gold_dir, "regions.json")?;
    let entities = load(gold_dir, "entities.json")?;
    let goals = load(gold_dir, "goals.json")?;
    let links = load(gold_dir, "links.json")?;

    match &outline {
        Some(v) => eval_outline(&ctx, v, &mut rep),
        None => rep
            .notes
            .push("outline.json missing: outline skipped".into()),
    }
    match &redactions {
        Some(v) => eval_restorations(&ctx, v, &mut rep),
        None => rep
            .notes
            .push("redactions.json missing: restorations skipped".into()),
    }
    match &entities {
        Some(v) => {
            let matched = eval_entities(&ctx, v, &mut rep);
            eval_counties(&ctx, v, regions.as_ref(), &matched, &mut rep);
            if regions.is_none() {
                rep.notes
                    .push("regions.json missing: county facts from entities.json only".into());
            }
        }
        None => rep
            .notes
            .push("entities.json missing: entities and county attribution skipped".into()),
    }
    match &links {
        Some(v) => eval_links(&ctx, v, entities.as_ref(), &mut rep),
        None => rep.notes.push("links.json missing: links skipped".into()),
    }
    match &goals {
        Some(v) => {
            eval_indicators(&ctx, v, &mut rep);
            eval_goals(&ctx, v, &mut rep);
        }
        None => rep
            .notes
            .push("goals.json missing: indicators and goals skipped".into()),
    }
    Ok(rep)
}

/// Scores what a plan the lexicon was not written beside would get: the
/// graph's document is built again with every lexicon name that names a gold
/// entity (name or alias, compared by [`normalize_name`]) left out, then scored.
/// The process extracts without those names from then on.
pub fn evaluate_without_gold_lexicon(gold_dir: &Path, g: &GraphData) -> Result<EvalReport> {
    let gold = load(gold_dir, "entities.json")?
        .ok_or_else(|| Error::Gold("entities.json missing: nothing to leave out".into()))?;
    let names: HashSet<String> = gold_entities(&gold)
        .into_iter()
        .flat_map(|e| e.names)
        .collect();
    let dropped =
        crate::extract::entities::drop_lexicon_names(&|n| names.contains(&normalize_name(n)));
    let doc = g
        .documents
        .first()
        .ok_or_else(|| Error::Gold("the graph has no document to build again".into()))?;
    let built = crate::pipeline::build_bytes(
        doc.text.as_bytes(),
        &doc.source,
        &crate::pipeline::BuildOptions::default(),
    )?;
    let mut rep = evaluate(gold_dir, &built.graph)?;
    rep.notes.push(format!(
        "built again without the {dropped} lexicon names that name gold entities"
    ));
    Ok(rep)
}

// --- 1. outline ------------------------------------------------------------------------------

fn eval_outline(ctx: &Ctx, gold: &Value, rep: &mut EvalReport) {
    let gparts = arr(get(gold, "parts"));
    let pred_parts: Vec<&Node> = ctx.nodes(NodeKind::Part).collect();
    let pred_secs: Vec<(&Node, (String, Option<String>))> = ctx
        .nodes(NodeKind::Section)
        .filter_map(|n| outline_key(n).map(|k| (n, k)))
        .collect();

    let mut gold_part_numbers = HashSet::new();
    let mut gold_sec_keys = HashSet::new();
    let mut parts_ok = 0;
    let (mut secs_total, mut secs_keyed, mut secs_ok) = (0, 0, 0);
    let mut mismatches = Vec::new();
    for gp in gparts {
        let Some(num) = text_of(gp, "number").map(str::trim) else {
            continue;
        };
        gold_part_numbers.insert(num.to_string());
        let title = text_of(gp, "title").unwrap_or("").trim();
        if pred_parts
            .iter()
            .any(|n| attr(n, "number") == Some(num) && attr(n, "title").unwrap_or("") == title)
        {
            parts_ok += 1;
        }
        for gs in arr(get(gp, "sections")) {
            let Some(snum) = text_of(gs, "number").map(str::trim) else {
                continue;
            };
            let key = (num.to_string(), Some(snum.to_string()));
            gold_sec_keys.insert(key.clone());
            secs_total += 1;
            let stitle = text_of(gs, "title").unwrap_or("").trim();
            let same_key: Vec<&Node> = pred_secs
                .iter()
                .filter(|(_, k)| *k == key)
                .map(|(n, _)| *n)
                .collect();
            if same_key.is_empty() {
                continue;
            }
            secs_keyed += 1;
            if same_key
                .iter()
                .any(|n| attr(n, "title").unwrap_or("") == stitle)
            {
                secs_ok += 1;
            } else {
                let got = attr(same_key[0], "title").unwrap_or("");
                mismatches.push(format!(
                    "{}: gold «{}» / predicted «{}»",
                    key_text(&key),
                    stitle,
                    got
                ));
            }
        }
    }
    let parts_total = gold_part_numbers.len();
    let extra_parts = pred_parts
        .iter()
        .filter(|n| !attr(n, "number").is_some_and(|x| gold_part_numbers.contains(x)))
        .count();
    let extra_sections = pred_secs
        .iter()
        .filter(|(_, k)| !gold_sec_keys.contains(k))
        .count()
        + ctx
            .nodes(NodeKind::Section)
            .filter(|n| outline_key(n).is_none())
            .count();
    let sc = OutlineScores {
        parts: Ratio::new(parts_ok, parts_total),
        sections: Ratio::new(secs_ok, secs_total),
        sections_keyed: Ratio::new(secs_keyed, secs_total),
        extra_parts,
        extra_sections,
        title_mismatches: mismatches,
    };
    rep.push(
        "outline",
        "parts",
        sc.parts.show(),
        format!(
            "number and title exact; {} extra predicted parts",
            sc.extra_parts
        ),
    );
    rep.push(
        "outline",
        "sections",
        sc.sections.show(),
        format!(
            "title exact; found by (part, number) {}; {} title mismatches; {} extra predicted sections (whole text)",
            sc.sections_keyed.show(),
            sc.title_mismatches.len(),
            sc.extra_sections
        ),
    );
    if !sc.title_mismatches.is_empty() {
        rep.push_verbose(
            "outline",
            "section title mismatches",
            sc.title_mismatches.len().to_string(),
            list_text(&sc.title_mismatches, LIST_MAX),
        );
    }
    rep.outline = Some(sc);
}

// --- 2. restorations -------------------------------------------------------------------------

fn eval_restorations(ctx: &Ctx, gold: &Value, rep: &mut EvalReport) {
    let mut gold_offsets = HashSet::new();
    let (mut total, mut ok, mut flagged, mut wrong) = (0, 0, 0, 0);
    let mut wrong_list = Vec::new();
    for r in arr(get(gold, "redactions")) {
        let Some(off) = offset_of(r, "offset") else {
            continue;
        };
        let Some(want) = text_of(r, "restored").and_then(|s| s.chars().next()) else {
            continue;
        };
        gold_offsets.insert(off);
        total += 1;
        match ctx.text.get(off) {
            Some(&c) if c == want => ok += 1,
            Some('*') => flagged += 1,
            got => {
                wrong += 1;
                let got = got
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "nothing".into());
                wrong_list.push(format!("{off}: gold {want} / got {got}"));
            }
        }
    }
    let diags_in_dev = |code: &'static str| {
        ctx.g
            .diagnostics
            .iter()
            .filter(move |d| d.code == code && d.span[0] < ctx.dev_end)
    };
    let extra = diags_in_dev("restored-char")
        .filter(|d| !gold_offsets.contains(&d.span[0]))
        .count();
    let masked = diags_in_dev("masked-char").count();

    let sites: Vec<usize> = arr(get(get(gold, "missing_numerals"), "sites"))
        .iter()
        .filter_map(|s| offset_of(s, "gap_offset"))
        .collect();
    let near = |span: Span, gap: usize| {
        span[0] <= gap.saturating_add(GAP_TOLERANCE)
            && span[1].max(span[0]).saturating_add(GAP_TOLERANCE) >= gap
    };
    let numeral_diags: Vec<Span> = diags_in_dev("missing-numeral").map(|d| d.span).collect();
    let all_numeral_diags: Vec<Span> = ctx
        .g
        .diagnostics
        .iter()
        .filter(|d| d.code == "missing-numeral")
        .map(|d| d.span)
        .collect();
    let found = sites
        .iter()
        .filter(|&&gap| all_numeral_diags.iter().any(|&s| near(s, gap)))
        .count();
    let correct = numeral_diags
        .iter()
        .filter(|&&s| sites.iter().any(|&gap| near(s, gap)))
        .count();
    let mn = Prf::new(correct, numeral_diags.len(), found, sites.len());

    let sc = RestorationScores {
        restored: Ratio::new(ok, total),
        flagged,
        wrong,
        extra_restorations: extra,
        wrong_list,
        missing_numerals: mn,
    };
    rep.push(
        "restore",
        "masked chars restored",
        sc.restored.show(),
        format!(
            "{} left as * ({} masked-char warnings in dev), {} wrong; {} restored-char diagnostics at no gold site",
            sc.flagged, masked, sc.wrong, sc.extra_restorations
        ),
    );
    rep.push(
        "restore",
        "missing numerals found",
        Ratio::new(mn.gold_found, mn.gold).show(),
        format!("a missing-numeral diagnostic within ±{GAP_TOLERANCE} chars of the gap"),
    );
    rep.push(
        "restore",
        "missing numerals precision",
        Ratio::new(mn.pred_correct, mn.pred).show(),
        "missing-numeral diagnostics in the dev range at a gold site".into(),
    );
    if !sc.wrong_list.is_empty() {
        rep.push_verbose(
            "restore",
            "wrong restorations",
            sc.wrong_list.len().to_string(),
            list_text(&sc.wrong_list, LIST_MAX),
        );
    }
    rep.restoration = Some(sc);
}

// --- 3. entities -----------------------------------------------------------------------------

struct GoldEntity<'v> {
    id: String,
    kind: String,
    name: String,
    names: BTreeSet<String>,
    raw: &'v Value,
}

fn gold_entities(gold: &Value) -> Vec<GoldEntity<'_>> {
    arr(get(gold, "entities"))
        .iter()
        .filter_map(|e| {
            let kind = text_of(e, "kind")?.trim().to_string();
            let name = text_of(e, "name")?.to_string();
            let names: BTreeSet<String> = std::iter::once(name.as_str())
                .chain(arr(get(e, "aliases")).iter().filter_map(|a| a.as_str()))
                .map(normalize_name)
                .filter(|s| !s.is_empty())
                .collect();
            if names.is_empty() {
                return None;
            }
            let id = text_of(e, "id").unwrap_or("").to_string();
            Some(GoldEntity {
                id,
                kind,
                name,
                names,
                raw: e,
            })
        })
        .collect()
}

/// Maximum bipartite matching (Kuhn): `adj[left]` lists rights; returns right → left.
fn max_matching(adj: &[Vec<usize>], n_right: usize) -> Vec<Option<usize>> {
    fn augment(
        l: usize,
        adj: &[Vec<usize>],
        seen: &mut [bool],
        match_r: &mut [Option<usize>],
    ) -> bool {
        for &r in &adj[l] {
            if seen[r] {
                continue;
            }
            seen[r] = true;
            let free = match match_r[r] {
                None => true,
                Some(l2) => augment(l2, adj, seen, match_r),
            };
            if free {
                match_r[r] = Some(l);
                return true;
            }
        }
        false
    }
    let mut match_r = vec![None; n_right];
    for l in 0..adj.len() {
        let mut seen = vec![false; n_right];
        augment(l, adj, &mut seen, &mut match_r);
    }
    match_r
}

/// Scores entities; returns the matched (predicted node, index into `gold_entities`) pairs.
fn eval_entities<'a>(ctx: &Ctx<'a>, gold: &Value, rep: &mut EvalReport) -> Vec<(&'a Node, usize)> {
    let golds = gold_entities(gold);
    let preds: Vec<(&'a Node, BTreeSet<String>)> = ctx
        .g
        .nodes
        .iter()
        .filter(|n| NodeKind::ENTITIES.contains(&n.kind) && ctx.in_dev(n))
        .map(|n| (n, node_names(n)))
        .collect();

    let mut per_kind = BTreeMap::new();
    let mut fns = BTreeMap::new();
    let mut fps = BTreeMap::new();
    let mut matched: Vec<(&'a Node, usize)> = Vec::new();
    let (mut tp_all, mut pred_all, mut gold_all) = (0, 0, 0);
    let mut fn_rows = Vec::new();
    let mut fp_rows = Vec::new();
    for kind in NodeKind::ENTITIES {
        let k = kind.as_str();
        let gi: Vec<usize> = (0..golds.len()).filter(|&i| golds[i].kind == k).collect();
        let pi: Vec<usize> = (0..preds.len())
            .filter(|&i| preds[i].0.kind == kind)
            .collect();
        let adj: Vec<Vec<usize>> = pi
            .iter()
            .map(|&p| {
                let (node, names) = &preds[p];
                let label = normalize_name(&node.label);
                let mut rs: Vec<usize> = (0..gi.len())
                    .filter(|&r| !golds[gi[r]].names.is_disjoint(names))
                    .collect();
                // Prefer the gold item whose own name is the predicted label.
                rs.sort_by_key(|&r| normalize_name(&golds[gi[r]].name) != label);
                rs
            })
            .collect();
        let match_r = max_matching(&adj, gi.len());
        let mut pred_matched = vec![false; pi.len()];
        let mut missed = Vec::new();
        for (r, m) in match_r.iter().enumerate() {
            match m {
                Some(l) => {
                    pred_matched[*l] = true;
                    matched.push((preds[pi[*l]].0, gi[r]));
                }
                None => {
                    let ge = &golds[gi[r]];
                    let other = preds.iter().find(|(_, ns)| !ns.is_disjoint(&ge.names));
                    missed.push(match other {
                        Some((n, _)) => format!("{} (predicted as {})", ge.name, n.kind.as_str()),
                        None => ge.name.clone(),
                    });
                }
            }
        }
        let mut extra = Vec::new();
        for (l, ok) in pred_matched.iter().enumerate() {
            if !ok {
                let (n, ns) = &preds[pi[l]];
                let other = golds
                    .iter()
                    .find(|ge| ge.kind != k && !ge.names.is_disjoint(ns));
                extra.push(match other {
                    Some(ge) => format!("{} (gold: {})", n.label, ge.kind),
                    None => n.label.clone(),
                });
            }
        }
        let tp = match_r.iter().filter(|m| m.is_some()).count();
        let prf = Prf::new(tp, pi.len(), tp, gi.len());
        tp_all += tp;
        pred_all += pi.len();
        gold_all += gi.len();
        rep.push("entities", k, prf.show(), prf.counts());
        fn_rows.push((
            format!("{k} missed"),
            missed.len().to_string(),
            list_text(&missed, LIST_MAX),
        ));
        fp_rows.push((
            format!("{k} extra"),
            extra.len().to_string(),
            list_text(&extra, LIST_MAX),
        ));
        per_kind.insert(k.to_string(), prf);
        fns.insert(k.to_string(), missed.into_iter().take(LIST_MAX).collect());
        fps.insert(k.to_string(), extra.into_iter().take(LIST_MAX).collect());
    }
    let all = Prf::new(tp_all, pred_all, tp_all, gold_all);
    let any = golds
        .iter()
        .filter(|ge| preds.iter().any(|(_, ns)| !ns.is_disjoint(&ge.names)))
        .count();
    let any_kind_recall = Ratio::new(any, golds.len());
    rep.push("entities", "all kinds", all.show(), all.counts());
    rep.push(
        "entities",
        "name found, any kind",
        any_kind_recall.show(),
        "gold entities whose name matches a dev-range entity of any kind".into(),
    );
    for ((m, v, d), (m2, v2, d2)) in fn_rows.into_iter().zip(fp_rows) {
        rep.push_verbose("entities", &m, v, d);
        rep.push_verbose("entities", &m2, v2, d2);
    }
    rep.entities = Some(EntityScores {
        per_kind,
        all,
        any_kind_recall,
        false_negatives: fns,
        false_positives: fps,
    });
    matched
}

// --- 4. county attribution -------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum GoldCounty {
    Counties(BTreeSet<String>),
    CountiesOutside(BTreeSet<String>),
    Citywide,
    Outside,
    Central,
    Multi,
}

impl GoldCounty {
    fn class(&self) -> &'static str {
        match self {
            GoldCounty::Counties(_) => "county",
            GoldCounty::CountiesOutside(_) => "county+outside",
            GoldCounty::Citywide => "citywide",
            GoldCounty::Outside => "outside",
            GoldCounty::Central => "中心城区",
            GoldCounty::Multi => "multi",
        }
    }
    fn show(&self) -> String {
        match self {
            GoldCounty::Counties(s) => set_text(s),
            GoldCounty::CountiesOutside(s) => format!("{} + outside", set_text(s)),
            other => other.class().to_string(),
        }
    }
}

fn set_text(s: &BTreeSet<String>) -> String {
    if s.is_empty() {
        "{}".into()
    } else {
        s.iter().cloned().collect::<Vec<_>>().join("+")
    }
}

/// Classify a gold `county` list; `None` when it is absent or not classifiable.
fn classify_county(v: &Value, units: &BTreeSet<String>) -> Option<GoldCounty> {
    let entries: Vec<&str> = match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(|x| x.as_str()).map(str::trim).collect(),
        _ => return None,
    };
    if entries.is_empty() {
        return None;
    }
    let is_county = |e: &str| units.contains(e);
    if entries.iter().all(|e| is_county(e)) {
        return Some(GoldCounty::Counties(
            entries.iter().map(|s| s.to_string()).collect(),
        ));
    }
    let starts = |p: &str| entries.iter().all(|e| e.starts_with(p));
    if starts("citywide") {
        return Some(GoldCounty::Citywide);
    }
    if starts("outside") {
        return Some(GoldCounty::Outside);
    }
    if starts("中心城区") {
        return Some(GoldCounty::Central);
    }
    if entries.len() == 1 && entries[0].starts_with("multi") {
        return Some(GoldCounty::Multi);
    }
    if entries
        .iter()
        .all(|e| is_county(e) || e.starts_with("outside"))
    {
        let s: BTreeSet<String> = entries
            .iter()
            .filter(|e| is_county(e))
            .map(|s| s.to_string())
            .collect();
        return Some(GoldCounty::CountiesOutside(s));
    }
    None
}

#[derive(Debug, Default)]
struct PredPlace {
    counties: BTreeSet<String>,
    city: bool,
    outside: bool,
    central: bool,
}

impl PredPlace {
    fn show(&self) -> String {
        let mut parts = Vec::new();
        if !self.counties.is_empty() {
            parts.push(set_text(&self.counties));
        }
        if self.central {
            parts.push("中心城区".into());
        }
        if self.city {
            parts.push("嘉兴市".into());
        }
        if self.outside {
            parts.push("outside".into());
        }
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(", ")
        }
    }
}

fn predicted_place(ctx: &Ctx, n: &Node) -> PredPlace {
    let mut within: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in ctx.edges(EdgeKind::Within) {
        within
            .entry(e.source.as_str())
            .or_default()
            .push(e.target.as_str());
    }
    let mut start: Vec<&str> = n.regions.iter().map(|r| r.region.as_str()).collect();
    start.extend(
        ctx.edges(EdgeKind::LocatedIn)
            .filter(|e| e.source == n.id)
            .map(|e| e.target.as_str()),
    );
    let mut out = PredPlace::default();
    let mut seen = HashSet::new();
    while let Some(id) = start.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(r) = ctx.by_id.get(id).filter(|r| r.kind == NodeKind::Region) else {
            continue;
        };
        let level = attr(r, "level").unwrap_or("");
        let label = r.label.trim();
        if ctx.units.contains(label) {
            out.counties.insert(label.to_string());
            continue;
        }
        if ctx.j_region == Some(id) {
            out.city = true;
            continue;
        }
        // outside the jurisdiction: no `within` path leads into it
        if level == "outside" || !within.contains_key(id) {
            out.outside = true;
            continue;
        }
        if label == "中心城区" {
            out.central = true;
        }
        if let Some(up) = within.get(id) {
            start.extend(up.iter().copied());
        }
    }
    out
}

fn county_correct(ctx: &Ctx, gold: &GoldCounty, p: &PredPlace) -> bool {
    let own: BTreeSet<&str> = p
        .counties
        .iter()
        .map(String::as_str)
        .filter(|c| ctx.units.contains(*c))
        .collect();
    // the central city: the units the region 中心城区 lies within
    let central: HashSet<&str> = ctx
        .g
        .edges
        .iter()
        .filter(|e| {
            e.kind == EdgeKind::Within && e.source == crate::pipeline::region_id("中心城区")
        })
        .filter_map(|e| ctx.by_id.get(e.target.as_str()).map(|n| n.label.as_str()))
        .collect();
    let central_only = p.counties.iter().all(|c| central.contains(c.as_str()));
    match gold {
        GoldCounty::Counties(s) | GoldCounty::CountiesOutside(s) => &p.counties == s,
        GoldCounty::Citywide => p.counties.is_empty() && !p.outside,
        GoldCounty::Outside => own.is_empty(),
        GoldCounty::Central => central_only && (!p.counties.is_empty() || p.central),
        GoldCounty::Multi => p.counties.len() >= 2,
    }
}

fn eval_counties(
    ctx: &Ctx,
    gold: &Value,
    regions: Option<&Value>,
    matched: &[(&Node, usize)],
    rep: &mut EvalReport,
) {
    let golds = gold_entities(gold);
    // (predicted node, gold class, name) for every scored item.
    let mut items: Vec<(&Node, Option<GoldCounty>, String)> = Vec::new();
    for &(node, gi) in matched {
        let ge = &golds[gi];
        let ca = get(ge.raw, "county_attribution");
        if text_of(ca, "confidence").map(str::trim) != Some("high") {
            continue;
        }
        items.push((
            node,
            classify_county(get(ca, "county"), &ctx.units),
            ge.name.clone(),
        ));
    }
    // Extra facts: regions.json county_units[].located_entities for items not in entities.json.
    if let Some(reg) = regions {
        let known: HashSet<&str> = golds
            .iter()
            .map(|g| g.id.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        // id → (name, kind, counties, all high)
        let mut facts: BTreeMap<String, (String, String, BTreeSet<String>, bool)> = BTreeMap::new();
        for cu in arr(get(reg, "county_units")) {
            let Some(county) = text_of(cu, "name").map(str::trim) else {
                continue;
            };
            for le in arr(get(cu, "located_entities")) {
                let (Some(id), Some(name)) = (text_of(le, "id"), text_of(le, "name")) else {
                    continue;
                };
                if known.contains(id) {
                    continue;
                }
                let kind = text_of(le, "kind").unwrap_or("").trim().to_string();
                let high = text_of(le, "confidence").map(str::trim) == Some("high");
                let f = facts
                    .entry(id.to_string())
                    .or_insert_with(|| (name.to_string(), kind, BTreeSet::new(), true));
                f.2.insert(county.to_string());
                f.3 &= high;
            }
        }
        for (name, kind, counties, high) in facts.into_values() {
            if !high {
                continue;
            }
            let norm = normalize_name(&name);
            let hit = ctx.g.nodes.iter().find(|n| {
                NodeKind::ENTITIES.contains(&n.kind)
                    && (kind.is_empty() || n.kind.as_str() == kind)
                    && node_names(n).contains(&norm)
            });
            if let Some(n) = hit {
                items.push((n, Some(GoldCounty::Counties(counties)), name));
            }
        }
    }

    let mut per_class: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut conf_ok, mut conf_n, mut all_ok, mut all_n, mut unclassified) = (0, 0, 0, 0, 0);
    let mut errors = Vec::new();
    for (node, class, name) in &items {
        let Some(class) = class else {
            unclassified += 1;
            continue;
        };
        let p = predicted_place(ctx, node);
        let ok = county_correct(ctx, class, &p);
        let e = per_class.entry(class.class().to_string()).or_default();
        e.1 += 1;
        all_n += 1;
        if ok {
            e.0 += 1;
            all_ok += 1;
        } else {
            errors.push(format!(
                "{name}: gold {} / predicted {}",
                class.show(),
                p.show()
            ));
        }
        if matches!(class, GoldCounty::Counties(_)) {
            conf_n += 1;
            if ok {
                conf_ok += 1;
            }
        }
    }
    let per_class: BTreeMap<String, Ratio> = per_class
        .into_iter()
        .map(|(k, (a, b))| (k, Ratio::new(a, b)))
        .collect();
    let sc = CountyScores {
        confident_county: Ratio::new(conf_ok, conf_n),
        all_high: Ratio::new(all_ok, all_n),
        per_class,
        unclassified,
        errors,
    };
    rep.push(
        "county",
        "confident county items",
        sc.confident_county.show(),
        "matched entities whose high-confidence gold is a set of county-level units (incl. regions.json facts)".into(),
    );
    let classes = sc
        .per_class
        .iter()
        .map(|(k, r)| format!("{k} {}/{}", r.num, r.den))
        .collect::<Vec<_>>()
        .join(", ");
    rep.push(
        "county",
        "all high-confidence items",
        sc.all_high.show(),
        format!(
            "{}{}",
            if classes.is_empty() {
                "-".to_string()
            } else {
                classes
            },
            if sc.unclassified > 0 {
                format!("; {} unclassified gold skipped", sc.unclassified)
            } else {
                String::new()
            }
        ),
    );
    if !sc.errors.is_empty() {
        rep.push_verbose(
            "county",
            "wrong attributions",
            sc.errors.len().to_string(),
            list_text(&sc.errors, LIST_MAX),
        );
    }
    rep.counties = Some(sc);
}

// --- 5. links --------------------------------------------------------------------------------

type LinkKey = (String, Option<String>);

struct GoldLinks {
    id: String,
    /// key → primary?
    links: BTreeMap<LinkKey, bool>,
    /// Predicted node ids standing for this gold item.
    nodes: Vec<String>,
}

fn gold_link_list(v: &Value, key: &str) -> BTreeMap<LinkKey, bool> {
    let mut out: BTreeMap<LinkKey, bool> = BTreeMap::new();
    for l in arr(get(v, key)) {
        let Some(part) = text_of(l, "part").map(str::trim).filter(|s| !s.is_empty()) else {
            continue;
        };
        let sec = text_of(l, "section")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let primary = text_of(l, "strength").map(str::trim) == Some("primary");
        let e = out.entry((part.to_string(), sec)).or_insert(false);
        *e |= primary;
    }
    out
}

/// (correct predictions, predictions, found gold, gold, found primary, primary, missed, extra)
#[derive(Default)]
struct LinkTally {
    pred_ok: usize,
    pred: usize,
    found: usize,
    gold: usize,
    found_primary: usize,
    primary: usize,
    missed: Vec<String>,
    extra: Vec<String>,
}

fn tally_links(items: &[GoldLinks], pred: &HashMap<&str, BTreeSet<LinkKey>>) -> LinkTally {
    let mut t = LinkTally::default();
    for it in items {
        let p: BTreeSet<&LinkKey> = it
            .nodes
            .iter()
            .filter_map(|n| pred.get(n.as_str()))
            .flatten()
            .collect();
        for (k, &primary) in &it.links {
            let found = match &k.1 {
                Some(_) => p.contains(k),
                None => p.iter().any(|q| q.0 == k.0),
            };
            t.gold += 1;
            if primary {
                t.primary += 1;
            }
            if found {
                t.found += 1;
                if primary {
                    t.found_primary += 1;
                }
            } else {
                t.missed.push(format!("{} → {}", it.id, key_text(k)));
            }
        }
        for q in p {
            t.pred += 1;
            let ok = match &q.1 {
                Some(_) => it.links.contains_key(q) || it.links.contains_key(&(q.0.clone(), None)),
                None => it.links.keys().any(|k| k.0 == q.0),
            };
            if ok {
                t.pred_ok += 1;
            } else {
                t.extra.push(format!("{} → {}", it.id, key_text(q)));
            }
        }
    }
    t
}

fn eval_links(ctx: &Ctx, gold: &Value, entities: Option<&Value>, rep: &mut EvalReport) {
    // Predicted links: edges from part/section nodes, by target node.
    let collect = |kind: EdgeKind| {
        let mut m: HashMap<&str, BTreeSet<LinkKey>> = HashMap::new();
        for e in ctx.edges(kind) {
            let Some(src) = ctx.by_id.get(e.source.as_str()) else {
                continue;
            };
            if let Some(k) = outline_key(src) {
                m.entry(e.target.as_str()).or_default().insert(k);
            }
        }
        m
    };
    let supports = collect(EdgeKind::Supports);
    let implements = collect(EdgeKind::Implements);

    let goal_nodes: Vec<&Node> = ctx.nodes(NodeKind::Goal).collect();
    let nodes_over = |span: Option<Span>| -> Vec<String> {
        span.map(|s| {
            goal_nodes
                .iter()
                .filter(|n| mentions_overlap(n, s))
                .map(|n| n.id.clone())
                .collect()
        })
        .unwrap_or_default()
    };
    let mut goals = Vec::new();
    for l in arr(get(gold, "new_leaps")) {
        let id = text_of(l, "goal_id").unwrap_or("?").to_string();
        goals.push(GoldLinks {
            id,
            links: gold_link_list(l, "supported_by"),
            nodes: nodes_over(span_value(get(l, "goal_span"))),
        });
    }
    for l in arr(get(gold, "end_of_part_goals")) {
        let id = text_of(l, "goal_id").unwrap_or("?").to_string();
        let span = offset_of(l, "goal_offset").and_then(|o| {
            let len = text_of(l, "goal_text")
                .map(|t| t.chars().count())
                .unwrap_or(0);
            (len > 0).then_some([o, o.saturating_add(len)])
        });
        goals.push(GoldLinks {
            id,
            links: gold_link_list(l, "supported_by"),
            nodes: nodes_over(span),
        });
    }

    let gold_ents = entities.map(gold_entities).unwrap_or_default();
    let strat_nodes: Vec<(&Node, BTreeSet<String>)> = ctx
        .nodes(NodeKind::Strategy)
        .map(|n| (n, node_names(n)))
        .collect();
    let mut strategies = Vec::new();
    for l in arr(get(gold, "strategies")) {
        let id = text_of(l, "strategy_id").unwrap_or("?").to_string();
        let mut names: BTreeSet<String> =
            text_of(l, "name").map(normalize_name).into_iter().collect();
        if let Some(ge) = gold_ents.iter().find(|g| g.id == id) {
            names.extend(ge.names.iter().cloned());
        }
        names.remove("");
        let nodes = strat_nodes
            .iter()
            .filter(|(_, ns)| !ns.is_disjoint(&names))
            .map(|(n, _)| n.id.clone())
            .collect();
        strategies.push(GoldLinks {
            id,
            links: gold_link_list(l, "implemented_by"),
            nodes,
        });
    }

    let tg = tally_links(&goals, &supports);
    let ts = tally_links(&strategies, &implements);
    let mapped = |items: &[GoldLinks]| {
        Ratio::new(
            items.iter().filter(|i| !i.nodes.is_empty()).count(),
            items.len(),
        )
    };
    let mut missed = tg.missed.clone();
    missed.extend(ts.missed.iter().cloned());
    let mut extra = tg.extra.clone();
    extra.extend(ts.extra.iter().cloned());
    let sc = LinkScores {
        goals: Prf::new(tg.pred_ok, tg.pred, tg.found, tg.gold),
        goals_primary_recall: Ratio::new(tg.found_primary, tg.primary),
        goals_mapped: mapped(&goals),
        strategies: Prf::new(ts.pred_ok, ts.pred, ts.found, ts.gold),
        strategies_primary_recall: Ratio::new(ts.found_primary, ts.primary),
        strategies_mapped: mapped(&strategies),
        missed,
        extra,
    };
    rep.push(
        "links",
        "goal → section",
        sc.goals.show(),
        format!(
            "{}; gold goals mapped to goal nodes {}",
            sc.goals.counts(),
            sc.goals_mapped.show()
        ),
    );
    rep.push(
        "links",
        "goal → section, primary recall",
        sc.goals_primary_recall.show(),
        "gold links of strength primary".into(),
    );
    rep.push(
        "links",
        "strategy → section",
        sc.strategies.show(),
        format!(
            "{}; gold strategies mapped to strategy nodes {}",
            sc.strategies.counts(),
            sc.strategies_mapped.show()
        ),
    );
    rep.push(
        "links",
        "strategy → section, primary recall",
        sc.strategies_primary_recall.show(),
        "gold links of strength primary".into(),
    );
    if !sc.missed.is_empty() {
        rep.push_verbose(
            "links",
            "missed links",
            sc.missed.len().to_string(),
            list_text(&sc.missed, 2 * LIST_MAX),
        );
    }
    if !sc.extra.is_empty() {
        rep.push_verbose(
            "links",
            "extra links",
            sc.extra.len().to_string(),
            list_text(&sc.extra, 2 * LIST_MAX),
        );
    }
    rep.links = Some(sc);
}

// --- 6. indicators ---------------------------------------------------------------------------

fn eval_indicators(ctx: &Ctx, gold: &Value, rep: &mut EvalReport) {
    let inds: Vec<&Node> = ctx.nodes(NodeKind::Indicator).collect();
    let (mut total, mut found, mut right, mut unscorable) = (0, 0, 0, 0);
    let mut problems = Vec::new();
    let mut gold_spans = Vec::new();
    for q in arr(get(gold, "quantified_targets")) {
        let (Some(s), Some(e)) = (offset_of(q, "phrase_offset"), offset_of(q, "phrase_end")) else {
            continue;
        };
        if e <= s {
            continue;
        }
        let span = [s, e];
        gold_spans.push(span);
        total += 1;
        let id = text_of(q, "id").unwrap_or("?");
        let label = format!("{id} {}", text_of(q, "phrase").unwrap_or(""));
        let cands: Vec<&Node> = inds
            .iter()
            .copied()
            .filter(|n| mentions_overlap(n, span))
            .collect();
        if cands.is_empty() {
            problems.push(format!("{label}: not found"));
            continue;
        }
        found += 1;
        let missing = get(q, "missing").as_bool().unwrap_or(false);
        let gv = get(q, "value");
        let ok = if missing {
            cands
                .iter()
                .any(|n| n.attrs.get("missing_value").and_then(Value::as_bool) == Some(true))
        } else {
            let wanted: Vec<f64> = match as_number(gv) {
                Some(x) => vec![x],
                None => gv.as_str().map(numbers_in).unwrap_or_default(),
            };
            if wanted.is_empty() {
                unscorable += 1;
                true
            } else {
                cands.iter().any(|n| {
                    n.attrs
                        .get("value")
                        .and_then(as_number)
                        .is_some_and(|x| wanted.iter().any(|&w| same_number(x, w)))
                })
            }
        };
        if ok {
            right += 1;
        } else {
            let got: Vec<String> = cands
                .iter()
                .map(|n| {
                    let v = n
                        .attrs
                        .get("value")
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| "none".into());
                    let m = n
                        .attrs
                        .get("missing_value")
                        .and_then(Value::as_bool)
                        .unwrap_or(false);
                    if m {
                        format!("{v} (missing)")
                    } else {
                        v
                    }
                })
                .collect();
            let want = if missing {
                "missing".to_string()
            } else {
                gv.to_string()
            };
            problems.push(format!("{label}: gold {want} / got {}", got.join(" | ")));
        }
    }
    for q in arr(get(gold, "implicit_quantity_targets")) {
        if let Some(s) = own_span(q) {
            gold_spans.push(s);
        }
    }
    let dev_inds: Vec<&&Node> = inds.iter().filter(|n| ctx.in_dev(n)).collect();
    let on_gold = dev_inds
        .iter()
        .filter(|n| gold_spans.iter().any(|&s| mentions_overlap(n, s)))
        .count();
    let sc = IndicatorScores {
        found: Ratio::new(found, total),
        right: Ratio::new(right, total),
        unscorable_values: unscorable,
        precision: Ratio::new(on_gold, dev_inds.len()),
        problems,
    };
    rep.push(
        "indicators",
        "targets found",
        sc.found.show(),
        "an indicator node overlapping the gold phrase".into(),
    );
    rep.push(
        "indicators",
        "targets right",
        sc.right.show(),
        format!(
            "found with the gold value (or flagged missing_value); {} non-numeric gold values count as right",
            sc.unscorable_values
        ),
    );
    rep.push(
        "indicators",
        "indicator nodes on a gold target",
        sc.precision.show(),
        "dev-range indicator nodes overlapping a gold quantified or implicit target".into(),
    );
    if !sc.problems.is_empty() {
        rep.push_verbose(
            "indicators",
            "missed or wrong",
            sc.problems.len().to_string(),
            list_text(&sc.problems, 2 * LIST_MAX),
        );
    }
    rep.indicators = Some(sc);
}

// --- 7. goals --------------------------------------------------------------------------------

fn eval_goals(ctx: &Ctx, gold: &Value, rep: &mut EvalReport) {
    let goal_nodes: Vec<&Node> = ctx.nodes(NodeKind::Goal).collect();
    let mut all_spans: Vec<Span> = Vec::new();
    let mut groups = Vec::new();
    let mut group = |name: &str, items: Vec<(String, Option<Span>)>, all_spans: &mut Vec<Span>| {
        let mut found = 0;
        let mut missed = Vec::new();
        let mut n = 0;
        for (id, span) in items {
            let Some(span) = span else { continue };
            n += 1;
            all_spans.push(span);
            if goal_nodes.iter().any(|g| mentions_overlap(g, span)) {
                found += 1;
            } else {
                missed.push(id);
            }
        }
        groups.push(GoalGroup {
            group: name.to_string(),
            found: Ratio::new(found, n),
            missed,
        });
    };
    let pos = get(gold, "overall_2025_positioning");
    let pos_items = if pos.is_object() {
        vec![("positioning".to_string(), span_value(get(pos, "span")))]
    } else {
        Vec::new()
    };
    group("2025 positioning", pos_items, &mut all_spans);
    let id_or = |v: &Value, i: usize| {
        text_of(v, "id")
            .map(str::to_string)
            .unwrap_or_else(|| format!("#{}", i + 1))
    };
    let leaps = arr(get(get(gold, "seven_new_leaps"), "goals"))
        .iter()
        .enumerate()
        .map(|(i, x)| (id_or(x, i), span_value(get(x, "span"))))
        .collect();
    group("new leaps", leaps, &mut all_spans);
    let vision = arr(get(get(gold, "vision_2035"), "items"))
        .iter()
        .enumerate()
        .map(|(i, x)| (id_or(x, i), own_span(x)))
        .collect();
    group("2035 vision", vision, &mut all_spans);
    let eop = arr(get(gold, "end_of_part_goals"))
        .iter()
        .enumerate()
        .map(|(i, x)| (id_or(x, i), own_span(x)))
        .collect();
    group("end-of-part", eop, &mut all_spans);
    let heads = arr(get(gold, "part_heading_goals"))
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let id = text_of(x, "part")
                .map(|p| format!("part {p}"))
                .unwrap_or_else(|| format!("#{}", i + 1));
            (id, own_span(x))
        })
        .collect();
    group("part headings", heads, &mut all_spans);

    // Other gold goal text that a goal node may legitimately cover.
    for x in arr(get(pos, "components"))
        .iter()
        .chain(arr(get(pos, "seven_roles")))
        .chain(arr(get(pos, "overarching_vision")))
    {
        all_spans.extend(own_span(x));
    }
    let vis = get(gold, "vision_2035");
    all_spans.extend(own_span(get(vis, "heading")));
    for x in arr(get(vis, "paragraph_spans")) {
        all_spans.extend(own_span(x));
    }
    all_spans.extend(own_span(get(
        get(gold, "three_cities_one_highland"),
        "formula",
    )));
    all_spans.extend(own_span(get(get(gold, "seven_new_leaps"), "intro")));

    let dev_goals: Vec<&&Node> = goal_nodes.iter().filter(|n| ctx.in_dev(n)).collect();
    let on_gold = dev_goals
        .iter()
        .filter(|n| all_spans.iter().any(|&s| mentions_overlap(n, s)))
        .count();
    let sc = GoalScores {
        groups,
        precision: Ratio::new(on_gold, dev_goals.len()),
    };
    for gg in &sc.groups {
        let detail = if gg.missed.is_empty() {
            "a goal node overlapping each gold goal".to_string()
        } else {
            format!("missed: {}", list_text(&gg.missed, LIST_MAX))
        };
        rep.push("goals", &gg.group, gg.found.show(), detail);
    }
    rep.push(
        "goals",
        "goal nodes on a gold goal",
        sc.precision.show(),
        "dev-range goal nodes overlapping some gold goal text".into(),
    );
    rep.goals = Some(sc);
}
