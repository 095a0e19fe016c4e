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
use std::sync::LazyLock;

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

/// A character bigram as one number: the two characters' scalar values.
type Bigram = u64;

fn bigram_key(a: char, b: char) -> Bigram {
    (u64::from(a as u32) << 32) | u64::from(b as u32)
}

/// Does a character take part in bigrams?
fn keep_char(c: char) -> bool {
    crate::restore::is_cjk(c) || c.is_alphanumeric()
}

/// Append the bigrams of a run of characters (filtered to CJK and
/// alphanumerics) to `out`. Calling this on consecutive pieces of one text
/// gives the bigrams of their concatenation: `last` carries the previous
/// kept character across pieces.
fn push_bigrams(cs: impl Iterator<Item = char>, last: &mut Option<char>, out: &mut Vec<Bigram>) {
    for c in cs.filter(|c| keep_char(*c)) {
        if let Some(p) = *last {
            out.push(bigram_key(p, c));
        }
        *last = Some(c);
    }
}

/// Bigrams too common in plans to carry meaning.
const STOP: &[&str] = &[
    "建设", "发展", "推进", "加快", "全面", "实施", "提升", "推动", "加强", "完善", "体系", "水平",
    "打造", "高水", "质量", "高质", "深化", "机制", "积极", "大力", "持续", "进一", "一步", "强化",
    "构建", "支持", "优化", "健全", "现代", "代化", "坚持", "新时", "时代", "嘉兴", "全市", "我市",
    "长三", "三角",
];

/// [`STOP`] as sorted bigram keys.
fn stop_keys() -> &'static [Bigram] {
    static KEYS: LazyLock<Vec<Bigram>> = LazyLock::new(|| {
        let mut v: Vec<Bigram> = STOP
            .iter()
            .map(|w| {
                let mut cs = w.chars();
                let (a, b) = (cs.next().unwrap_or(' '), cs.next().unwrap_or(' '));
                bigram_key(a, b)
            })
            .collect();
        v.sort_unstable();
        v
    });
    &KEYS
}

/// Sort the bigrams of one text, drop stop bigrams, count: (bigram, tf), sorted.
fn counts(mut keys: Vec<Bigram>) -> Vec<(Bigram, f64)> {
    let stop = stop_keys();
    keys.sort_unstable();
    let mut out: Vec<(Bigram, f64)> = Vec::new();
    for k in keys {
        match out.last_mut() {
            Some((last, tf)) if *last == k => *tf += 1.0,
            _ => {
                if stop.binary_search(&k).is_err() {
                    out.push((k, 1.0));
                }
            }
        }
    }
    out
}

/// TF-IDF over the section texts: a sorted vocabulary of bigrams, their idf,
/// each section as a sparse vector of (vocabulary id, weight) sorted by id,
/// and the inverted index (id → sections holding it, with their weight).
struct Tfidf {
    vocab: Vec<Bigram>,
    idf: Vec<f64>,
    starts: Vec<usize>,
    postings: Vec<(u32, f64)>,
}

impl Tfidf {
    fn new(texts: Vec<Vec<Bigram>>) -> Tfidf {
        let n = texts.len().max(1) as f64;
        let raw: Vec<Vec<(Bigram, f64)>> = texts.into_iter().map(counts).collect();
        let mut all: Vec<Bigram> = raw.iter().flat_map(|d| d.iter().map(|(k, _)| *k)).collect();
        all.sort_unstable();
        let mut vocab: Vec<Bigram> = Vec::new();
        let mut df: Vec<usize> = Vec::new();
        for k in all {
            if vocab.last() == Some(&k) {
                *df.last_mut().expect("df follows vocab") += 1;
            } else {
                vocab.push(k);
                df.push(1);
            }
        }
        let idf: Vec<f64> = df.iter().map(|&d| (n / d as f64).ln() + 0.5).collect();
        let docs: Vec<Vec<(u32, f64)>> = raw
            .into_iter()
            .map(|d| {
                let ids: Vec<(u32, f64)> = d
                    .into_iter()
                    .map(|(k, tf)| {
                        let id = vocab.binary_search(&k).expect("in vocabulary");
                        (id as u32, tf)
                    })
                    .collect();
                weigh(ids, &idf)
            })
            .collect();
        // the inverted index, flat: the postings of id i are
        // postings[starts[i]..starts[i + 1]]
        let mut starts = vec![0usize; vocab.len() + 1];
        for d in &docs {
            for &(id, _) in d {
                starts[id as usize + 1] += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut postings = vec![(0u32, 0.0f64); starts[vocab.len()]];
        for (di, d) in docs.into_iter().enumerate() {
            for (id, w) in d {
                postings[next[id as usize]] = (di as u32, w);
                next[id as usize] += 1;
            }
        }
        Tfidf {
            vocab,
            idf,
            starts,
            postings,
        }
    }

    /// The query vector of a statement: its bigrams that occur in the sections.
    fn vector(&self, t: &str) -> Vec<(u32, f64)> {
        let mut keys = Vec::new();
        push_bigrams(t.chars(), &mut None, &mut keys);
        let ids: Vec<(u32, f64)> = counts(keys)
            .into_iter()
            .filter_map(|(k, tf)| self.vocab.binary_search(&k).ok().map(|id| (id as u32, tf)))
            .collect();
        weigh(ids, &self.idf)
    }

    /// Cosine of the query `q` with every section sharing a bigram with it
    /// (the others score 0): (section, score), by section. Each score sums its
    /// products in ascending order, so scores are identical from run to run.
    fn scores(&self, q: &[(u32, f64)]) -> Vec<(usize, f64)> {
        let mut terms: Vec<(u32, f64)> = Vec::new();
        for &(id, qw) in q {
            let id = id as usize;
            for &(doc, dw) in &self.postings[self.starts[id]..self.starts[id + 1]] {
                terms.push((doc, qw * dw));
            }
        }
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut out: Vec<(usize, f64)> = Vec::new();
        for (doc, x) in terms {
            match out.last_mut() {
                Some((d, s)) if *d == doc as usize => *s += x,
                _ => out.push((doc as usize, x)),
            }
        }
        out
    }
}

/// Term weights (1 + ln tf) · idf, normalised to unit length; the norm sums
/// the squares in ascending order.
fn weigh(m: Vec<(u32, f64)>, idf: &[f64]) -> Vec<(u32, f64)> {
    let mut v: Vec<(u32, f64)> = m
        .into_iter()
        .map(|(k, tf)| (k, (1.0 + tf.ln()) * idf[k as usize]))
        .collect();
    let mut sq: Vec<f64> = v.iter().map(|(_, x)| x * x).collect();
    sq.sort_by(f64::total_cmp);
    let norm = sq.iter().sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, x)| *x /= norm);
    }
    v
}

/// Section texts as bigrams: title three times (titles say what a section is
/// for), the part's title, then the body.
fn section_texts(chars: &[char], outline: &Outline) -> (Vec<(usize, usize)>, Vec<Vec<Bigram>>) {
    let mut ids = vec![];
    let mut texts = vec![];
    for (pi, p) in outline.parts.iter().enumerate() {
        for (si, s) in p.sections.iter().enumerate() {
            let mut keys = Vec::new();
            let mut last = None;
            for _ in 0..3 {
                push_bigrams(s.title.chars(), &mut last, &mut keys);
            }
            push_bigrams(p.title.chars(), &mut last, &mut keys);
            for sp in &s.paras {
                let e = sp[1].min(chars.len());
                let b = sp[0].min(e);
                push_bigrams(chars[b..e].iter().copied(), &mut last, &mut keys);
            }
            ids.push((pi, si));
            texts.push(keys);
        }
    }
    (ids, texts)
}

/// The sections of a plan as TF-IDF vectors, built once per build and shared
/// by [`goal_links_in`] and [`strategy_links_in`].
pub struct Corpus {
    ids: Vec<(usize, usize)>,
    model: Tfidf,
}

impl Corpus {
    /// The sections of `outline` (title, part title, paragraphs of `chars`).
    pub fn new(chars: &[char], outline: &Outline) -> Corpus {
        let (ids, texts) = section_texts(chars, outline);
        Corpus {
            ids,
            model: Tfidf::new(texts),
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
    // sections sharing no bigram score 0 and are never linked (best > 0.02,
    // and a link needs a quarter of it)
    let mut scored: Vec<(f64, usize)> = model
        .scores(&q)
        .into_iter()
        .filter(|(i, _)| Some(ids[*i].0) != skip_part && Some(ids[*i].0) != own_part)
        .map(|(i, s)| (s, i))
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
    goal_links_in(&Corpus::new(chars, outline), chars, outline, goals)
}

/// [`goal_links`] over a [`Corpus`] already built for `outline`.
pub fn goal_links_in(
    corpus: &Corpus,
    chars: &[char],
    outline: &Outline,
    goals: &[Goal],
) -> Vec<Link> {
    let mut out = Vec::new();
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
                out.extend(similar(corpus, outline, &statement, None, gi, Some(g.part)));
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
    strategy_links_in(&Corpus::new(chars, outline), chars, outline, strategies)
}

/// [`strategy_links`] over a [`Corpus`] already built for `outline`.
pub fn strategy_links_in(
    corpus: &Corpus,
    chars: &[char],
    outline: &Outline,
    strategies: &[(String, Vec<Span>)],
) -> Vec<Link> {
    let mut out = Vec::new();
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
            corpus,
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
