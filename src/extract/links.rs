//! Goal and strategy links: which parts and sections support a goal or
//! implement a strategy.
//!
//! Two sources, each link carrying its score:
//! - structure: a part's own goals (heading and lead) are supported by its
//!   sections; the first part's heading goal (the plan's overarching goal) by
//!   every other part; a strategy named in a part's lead is implemented by
//!   that part's sections; a section that names a strategy implements it;
//! - similarity: TF-IDF cosine over character bigrams between the goal or
//!   strategy statement and each section's title and text; the best sections
//!   above a threshold relative to the best score are linked.

use std::collections::HashMap;

use crate::model::{Basis, Span};
use crate::outline::Outline;

use super::plan::{text_of, Goal, GoalType};

/// Where a link comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum From {
    /// A whole part (index).
    Part(usize),
    /// A section (part index, section index).
    Section(usize, usize),
}

/// A supports/implements link.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Source.
    pub from: From,
    /// Index of the goal or strategy.
    pub to: usize,
    /// 0.0–1.0.
    pub weight: f64,
    /// Structure, text or similarity.
    pub basis: Basis,
    /// Evidence spans.
    pub evidence: Vec<Span>,
}

fn bigrams(t: &str) -> Vec<String> {
    let cs: Vec<char> = t
        .chars()
        .filter(|c| crate::restore::is_cjk(*c) || c.is_alphanumeric())
        .collect();
    cs.windows(2).map(|w| w.iter().collect()).collect()
}

/// Bigrams too common in plans to carry meaning.
const STOP: &[&str] = &[
    "建设", "发展", "推进", "加快", "全面", "实施", "提升", "推动", "加强", "完善", "体系", "水平",
    "打造", "高水", "质量", "高质", "深化", "机制", "积极", "大力", "持续", "进一", "一步", "强化",
    "构建", "支持", "优化", "健全", "现代", "代化", "坚持", "新时", "时代", "嘉兴", "全市", "我市",
    "长三", "三角",
];

struct Tfidf {
    idf: HashMap<String, f64>,
    docs: Vec<HashMap<String, f64>>,
}

impl Tfidf {
    fn new(texts: &[String]) -> Tfidf {
        let mut df: HashMap<String, usize> = HashMap::new();
        let raw: Vec<HashMap<String, f64>> = texts
            .iter()
            .map(|t| {
                let mut m = HashMap::new();
                for b in bigrams(t) {
                    if !STOP.contains(&b.as_str()) {
                        *m.entry(b).or_insert(0.0) += 1.0;
                    }
                }
                m
            })
            .collect();
        for m in &raw {
            for k in m.keys() {
                *df.entry(k.clone()).or_insert(0) += 1;
            }
        }
        let n = texts.len().max(1) as f64;
        let idf: HashMap<String, f64> = df
            .into_iter()
            .map(|(k, d)| (k, (n / d as f64).ln() + 0.5))
            .collect();
        let docs = raw.into_iter().map(|m| weigh(m, &idf)).collect();
        Tfidf { idf, docs }
    }
    fn vector(&self, t: &str) -> HashMap<String, f64> {
        let mut m = HashMap::new();
        for b in bigrams(t) {
            if !STOP.contains(&b.as_str()) && self.idf.contains_key(&b) {
                *m.entry(b).or_insert(0.0) += 1.0;
            }
        }
        weigh(m, &self.idf)
    }
}

fn weigh(m: HashMap<String, f64>, idf: &HashMap<String, f64>) -> HashMap<String, f64> {
    let mut v: HashMap<String, f64> = m
        .into_iter()
        .map(|(k, tf)| {
            let w = (1.0 + tf.ln()) * idf.get(&k).copied().unwrap_or(0.0);
            (k, w)
        })
        .collect();
    let mut sq: Vec<f64> = v.values().map(|x| x * x).collect();
    sq.sort_by(f64::total_cmp);
    let norm = sq.iter().sum::<f64>().sqrt();
    if norm > 0.0 {
        v.values_mut().for_each(|x| *x /= norm);
    }
    v
}

fn cosine(a: &HashMap<String, f64>, b: &HashMap<String, f64>) -> f64 {
    let (s, l) = if a.len() < b.len() { (a, b) } else { (b, a) };
    // sum in a fixed order so scores are identical from run to run
    let mut terms: Vec<f64> = s
        .iter()
        .map(|(k, v)| v * l.get(k).copied().unwrap_or(0.0))
        .collect();
    terms.sort_by(f64::total_cmp);
    terms.iter().sum()
}

/// Section texts: title three times (titles say what a section is for) plus body.
fn section_texts(chars: &[char], outline: &Outline) -> (Vec<(usize, usize)>, Vec<String>) {
    let mut ids = vec![];
    let mut texts = vec![];
    for (pi, p) in outline.parts.iter().enumerate() {
        for (si, s) in p.sections.iter().enumerate() {
            let body: String = s
                .paras
                .iter()
                .map(|sp| text_of(chars, *sp))
                .collect::<Vec<_>>()
                .join("\n");
            ids.push((pi, si));
            texts.push(format!("{t}\n{t}\n{t}\n{}\n{body}", p.title, t = s.title));
        }
    }
    (ids, texts)
}

/// The sections of a plan as TF-IDF vectors, built once per linking pass.
struct Corpus {
    ids: Vec<(usize, usize)>,
    model: Tfidf,
}

impl Corpus {
    fn new(chars: &[char], outline: &Outline) -> Corpus {
        let (ids, texts) = section_texts(chars, outline);
        Corpus {
            ids,
            model: Tfidf::new(&texts),
        }
    }
}

/// Similarity links from a statement to the best-matching sections.
fn similar(
    corpus: &Corpus,
    outline: &Outline,
    statement: &str,
    own_part: Option<usize>,
    to: usize,
    skip_part: Option<usize>,
) -> Vec<Link> {
    let Corpus { ids, model } = corpus;
    if ids.is_empty() {
        return vec![];
    }
    let q = model.vector(statement);
    let mut scored: Vec<(f64, usize)> = model
        .docs
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(ids[*i].0) != skip_part && Some(ids[*i].0) != own_part)
        .map(|(i, d)| (cosine(&q, d), i))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best = scored.first().map(|s| s.0).unwrap_or(0.0);
    if best <= 0.02 {
        return vec![];
    }
    scored
        .into_iter()
        .take(MAX_SIMILAR)
        .filter(|(s, _)| *s >= best * REL_THRESHOLD)
        .map(|(s, i)| {
            let (pi, si) = ids[i];
            let sec = &outline.parts[pi].sections[si];
            Link {
                from: From::Section(pi, si),
                to,
                weight: (s / best * 0.7).clamp(0.05, 0.7),
                basis: Basis::Similarity,
                evidence: vec![sec.title_span],
            }
        })
        .collect()
}

/// At most this many similarity links per statement.
const MAX_SIMILAR: usize = 6;
/// A section is linked when its score is at least this share of the best.
const REL_THRESHOLD: f64 = 0.25;

/// Links from parts and sections to goals.
pub fn goal_links(chars: &[char], outline: &Outline, goals: &[Goal]) -> Vec<Link> {
    let mut out = Vec::new();
    let corpus = Corpus::new(chars, outline);
    for (gi, g) in goals.iter().enumerate() {
        match g.kind {
            GoalType::Heading | GoalType::Part => {
                let first_part_heading =
                    g.kind == GoalType::Heading && g.part == 0 && outline.parts.len() > 1;
                if first_part_heading {
                    for pi in 1..outline.parts.len() {
                        out.push(Link {
                            from: From::Part(pi),
                            to: gi,
                            weight: 0.6,
                            basis: Basis::Structure,
                            evidence: vec![g.span],
                        });
                    }
                    continue;
                }
                for si in 0..outline.parts[g.part].sections.len() {
                    out.push(Link {
                        from: From::Section(g.part, si),
                        to: gi,
                        weight: 0.8,
                        basis: Basis::Structure,
                        evidence: vec![g.span],
                    });
                }
            }
            GoalType::Leap | GoalType::Vision | GoalType::Positioning => {
                let statement = text_of(chars, g.span);
                out.extend(similar(
                    &corpus,
                    outline,
                    &statement,
                    None,
                    gi,
                    Some(g.part),
                ));
            }
        }
    }
    out
}

/// Links from parts and sections to strategies. `strategies` are (label,
/// mentions, definition span if the plan defines it).
pub fn strategy_links(
    chars: &[char],
    outline: &Outline,
    strategies: &[(String, Vec<Span>)],
) -> Vec<Link> {
    let mut out = Vec::new();
    let corpus = Corpus::new(chars, outline);
    for (k, (label, mentions)) in strategies.iter().enumerate() {
        // named in a part's lead → the part's sections implement it
        for (pi, p) in outline.parts.iter().enumerate() {
            let in_lead: Vec<Span> = mentions
                .iter()
                .copied()
                .filter(|m| {
                    p.lead
                        .iter()
                        .chain(std::iter::once(&p.title_span))
                        .any(|l| l[0] <= m[0] && m[1] <= l[1])
                })
                .collect();
            if !in_lead.is_empty() && pi > 0 {
                for si in 0..p.sections.len() {
                    out.push(Link {
                        from: From::Section(pi, si),
                        to: k,
                        weight: 0.8,
                        basis: Basis::Structure,
                        evidence: in_lead.clone(),
                    });
                }
            }
            for (si, s) in p.sections.iter().enumerate() {
                if pi == 0 {
                    continue;
                }
                let named: Vec<Span> = mentions
                    .iter()
                    .copied()
                    .filter(|m| s.span[0] <= m[0] && m[1] <= s.span[1])
                    .collect();
                if !named.is_empty() {
                    out.push(Link {
                        from: From::Section(pi, si),
                        to: k,
                        weight: 0.7,
                        basis: Basis::Text,
                        evidence: named,
                    });
                }
            }
        }
        // the definition paragraph (where the plan explains the strategy) → similar sections
        let definition = mentions.iter().find_map(|m| {
            outline
                .sections()
                .flat_map(|(_, s)| s.paras.iter())
                .find(|p| p[0] == m[0])
                .copied()
        });
        let statement = match definition {
            Some(d) => text_of(chars, d),
            None => label.clone(),
        };
        let def_part = definition.and_then(|d| {
            outline
                .parts
                .iter()
                .position(|p| p.span[0] <= d[0] && d[1] <= p.span[1])
        });
        out.extend(similar(
            &corpus,
            outline,
            &statement,
            None,
            k,
            def_part.or(Some(0)),
        ));
    }
    // one link per (from, to): keep the strongest, merge evidence
    let mut best: HashMap<(From, usize), Link> = HashMap::new();
    for l in out {
        best.entry((l.from, l.to))
            .and_modify(|e| {
                if l.weight > e.weight {
                    let mut ev = l.evidence.clone();
                    ev.extend(e.evidence.iter().copied());
                    *e = Link {
                        evidence: ev,
                        ..l.clone()
                    };
                }
            })
            .or_insert(l);
    }
    let mut v: Vec<Link> = best.into_values().collect();
    v.sort_by_key(|l| {
        (
            l.to,
            match l.from {
                From::Part(p) => (p, 0),
                From::Section(p, s) => (p, s + 1),
            },
        )
    });
    v
}
