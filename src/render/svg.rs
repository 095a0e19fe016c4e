//! A [`Scene`] as a standalone SVG document.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::style::{color_or, text_on};
use super::text::{clean, em_len, esc, wrap};
use super::{
    LabelPos, Scene, Shape, FONT_FAMILY, MAX_COORD, MAX_EDGES, MAX_LABEL_CHARS, MAX_NODES,
};

const MARGIN: f64 = 32.0;
const TITLE_SIZE: f64 = 28.0;
const FILTER_SIZE: f64 = 15.0;
const SOURCE_SIZE: f64 = 12.0;
const LEGEND_SIZE: f64 = 13.0;
const MIN_CONTENT_WIDTH: f64 = 480.0;
/// Titles and filters wrap at this width unless the graph is wider.
const MAX_TEXT_WIDTH: f64 = 1200.0;
const MAX_TITLE_CHARS: usize = 200;
const MAX_FILTERS: usize = 20;
const MAX_FILTER_CHARS: usize = 300;
const MAX_LEGEND: usize = 40;
const MAX_LEGEND_CHARS: usize = 40;
const MAX_SOURCE_CHARS: usize = 300;
const INK: &str = "#1a1a1a";
const GREY: &str = "#666666";
/// Ascent of Noto Sans CJK in em: baseline = top of line box + this.
const ASCENT: f64 = 0.88;
const LINE: f64 = 1.25;

/// A drawn SVG and its size in user units (= CSS px).
pub(crate) struct SvgDoc {
    pub text: String,
    pub width: f64,
    pub height: f64,
    /// Byte range of the white background `<rect>` in `text` (a rasteriser
    /// may fill the image white instead of drawing it).
    pub background: std::ops::Range<usize>,
    /// The node labels' lines (the bulk of the text), each with the byte
    /// range of its `<text>` in `text`: a rasteriser may draw them itself.
    pub labels: Vec<LabelRun>,
}

/// One line of a node's label as the SVG draws it.
pub(crate) struct LabelRun {
    /// Byte range of its `<text>` element in [`SvgDoc::text`].
    pub range: std::ops::Range<usize>,
    /// The line (unescaped).
    pub text: String,
    /// Anchor point (start or middle, see `middle`) on the baseline, user units.
    pub x: f64,
    pub y: f64,
    pub size: f64,
    /// `text-anchor="middle"` (else start).
    pub middle: bool,
    /// Fill, `#rrggbb` or `#rgb`.
    pub fill: String,
    /// The white halo ([`HALO`]) under the glyphs.
    pub halo: bool,
    /// Opacity of the node's group (faded nodes).
    pub opacity: f64,
}

/// A number clamped to `lo..=hi`, `default` when not finite.
fn num(v: f64, lo: f64, hi: f64, default: f64) -> f64 {
    if v.is_finite() {
        v.clamp(lo, hi)
    } else {
        default
    }
}

/// `v` to a tenth, as [`F`] writes it.
fn tenths(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Short decimal form for coordinates.
struct F(f64);

impl std::fmt::Display for F {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = tenths(self.0);
        if v == v.trunc() {
            write!(f, "{}", v as i64)
        } else {
            write!(f, "{v:.1}")
        }
    }
}

struct Node {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    shape: Shape,
    fill: String,
    stroke: String,
    text: &'static str,
    lines: Vec<String>,
    font_size: f64,
    faded: bool,
    label: String,
    pos: LabelPos,
    /// Width of the label block (outside labels), model units.
    label_w: f64,
}

impl Node {
    /// The box the node and its outside label cover: (x0, y0, x1, y1).
    fn extent(&self) -> (f64, f64, f64, f64) {
        let (mut x0, mut y0) = (self.x - self.w / 2.0, self.y - self.h / 2.0);
        let (mut x1, mut y1) = (self.x + self.w / 2.0, self.y + self.h / 2.0);
        let text_h = self.lines.len() as f64 * self.font_size * LINE;
        match self.pos {
            LabelPos::Inside => {}
            LabelPos::Below => {
                x0 = x0.min(self.x - self.label_w / 2.0);
                x1 = x1.max(self.x + self.label_w / 2.0);
                y1 += LABEL_GAP + text_h;
            }
            LabelPos::Right => {
                x1 += LABEL_GAP + self.label_w;
                y0 = y0.min(self.y - text_h / 2.0);
                y1 = y1.max(self.y + text_h / 2.0);
            }
        }
        (x0, y0, x1, y1)
    }
}

/// Opacity of what is outside the current filter (faded).
const FADED: f64 = 0.2;
/// Width (user units) and opacity of [`HALO`], for a rasteriser that draws
/// the labels itself.
pub(crate) const HALO_WIDTH: f64 = 2.0;
pub(crate) const HALO_OPACITY: f64 = 0.85;
/// A white halo behind labels outside nodes, so edges do not cross the text.
const HALO: &str =
    r##" stroke="#ffffff" stroke-width="2" stroke-opacity="0.85" paint-order="stroke""##;
/// Space between a node and a label outside it, model units.
const LABEL_GAP: f64 = 3.0;
/// Ink of labels outside nodes (as on screen).
const LABEL_INK: &str = "#1f2933";

/// Scene nodes cleaned and clamped (untrusted input), at most [`MAX_NODES`].
fn nodes(scene: &Scene) -> (Vec<Node>, HashMap<&str, usize>) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for n in scene.nodes.iter().take(MAX_NODES) {
        let w = num(n.w, 2.0, 5000.0, 60.0);
        let h = num(n.h, 2.0, 5000.0, 30.0);
        let font_size = num(n.font_size, 2.0, 200.0, 12.0);
        let fill = color_or(&n.fill, "#dddddd");
        let label = clean(&n.label, MAX_LABEL_CHARS, true);
        // wrap to 90% of the width; as many lines as fit, at least 2, at most 12
        let line_h = font_size * LINE;
        let max_lines = ((h / line_h).floor() as usize).clamp(2, 12);
        let pos = n.label_pos;
        let outside_w = match pos {
            LabelPos::Inside => w * 0.9,
            LabelPos::Below => num(n.label_width, 0.0, 5000.0, 0.0)
                .max(w)
                .max(6.0 * font_size),
            LabelPos::Right => num(n.label_width, 0.0, 5000.0, 0.0).max(6.0 * font_size),
        };
        let lines = if label.trim().is_empty() {
            Vec::new()
        } else if pos == LabelPos::Inside {
            wrap(&label, outside_w / font_size, max_lines)
        } else {
            wrap(&label, outside_w / font_size, 6)
        };
        let label_w = lines
            .iter()
            .map(|l| em_len(l) * font_size)
            .fold(0.0, f64::max);
        ids.entry(n.id.as_str()).or_insert(out.len());
        out.push(Node {
            x: num(n.x, -MAX_COORD, MAX_COORD, 0.0),
            y: num(n.y, -MAX_COORD, MAX_COORD, 0.0),
            w,
            h,
            shape: n.shape,
            text: text_on(&fill),
            fill,
            stroke: color_or(&n.stroke, "#666666"),
            lines,
            font_size,
            faded: n.faded,
            label,
            pos,
            label_w,
        });
    }
    (out, ids)
}

/// Polygon corners of a shape in a unit box (`-1..=1` on both axes), or
/// `None` for the shapes drawn with their own elements.
fn unit_polygon(shape: Shape) -> Option<Vec<(f64, f64)>> {
    let ngon = |n: usize, inner: Option<f64>| {
        let k = if inner.is_some() { 2 * n } else { n };
        let pts: Vec<(f64, f64)> = (0..k)
            .map(|i| {
                let a = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / k as f64;
                let r = match inner {
                    Some(ir) if i % 2 == 1 => ir,
                    _ => 1.0,
                };
                (r * a.cos(), r * a.sin())
            })
            .collect();
        // fit to the unit box, as cytoscape.js does
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(x, y) in &pts {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        pts.into_iter()
            .map(|(x, y)| {
                (
                    (x - x0) / (x1 - x0) * 2.0 - 1.0,
                    (y - y0) / (y1 - y0) * 2.0 - 1.0,
                )
            })
            .collect::<Vec<_>>()
    };
    Some(match shape {
        Shape::Ellipse | Shape::RoundRectangle | Shape::Rectangle => return None,
        Shape::Diamond => vec![(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)],
        Shape::Hexagon => vec![
            (-1.0, 0.0),
            (-0.5, -1.0),
            (0.5, -1.0),
            (1.0, 0.0),
            (0.5, 1.0),
            (-0.5, 1.0),
        ],
        Shape::Triangle => vec![(0.0, -1.0), (1.0, 1.0), (-1.0, 1.0)],
        Shape::Octagon => {
            let s = 0.4142;
            vec![
                (-s, -1.0),
                (s, -1.0),
                (1.0, -s),
                (1.0, s),
                (s, 1.0),
                (-s, 1.0),
                (-1.0, s),
                (-1.0, -s),
            ]
        }
        Shape::Pentagon => ngon(5, None),
        Shape::Star => ngon(5, Some(0.5)),
        Shape::Tag => vec![
            (-1.0, -1.0),
            (0.5, -1.0),
            (1.0, 0.0),
            (0.5, 1.0),
            (-1.0, 1.0),
        ],
        Shape::Rhomboid => vec![(-1.0, -1.0), (0.333, -1.0), (1.0, 1.0), (-0.333, 1.0)],
        Shape::ConcaveHexagon => vec![
            (-1.0, -0.95),
            (1.0, -0.95),
            (0.85, 0.0),
            (1.0, 0.95),
            (-1.0, 0.95),
            (-0.85, 0.0),
        ],
    })
}

/// The shape element (no closing of the group), centred at `(x, y)`.
fn shape_elem(out: &mut String, shape: Shape, (x, y, w, h): (f64, f64, f64, f64), paint: &str) {
    let (a, b) = (w / 2.0, h / 2.0);
    let _ = match unit_polygon(shape) {
        None => match shape {
            Shape::Ellipse => writeln!(
                out,
                r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}" {paint}/>"#,
                F(x),
                F(y),
                F(a),
                F(b)
            ),
            _ => {
                let r = if shape == Shape::RoundRectangle {
                    (w.min(h) * 0.25).min(10.0)
                } else {
                    0.0
                };
                writeln!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" {paint}/>"#,
                    F(x - a),
                    F(y - b),
                    F(w),
                    F(h),
                    F(r)
                )
            }
        },
        Some(pts) => {
            let mut p = String::new();
            for (i, (px, py)) in pts.iter().enumerate() {
                if i > 0 {
                    p.push(' ');
                }
                let _ = write!(p, "{},{}", F(x + px * a), F(y + py * b));
            }
            writeln!(out, r#"<polygon points="{p}" {paint}/>"#)
        }
    };
}

/// Distance from a node's centre to its outline in unit direction `(dx, dy)`.
fn boundary(n: &Node, dx: f64, dy: f64) -> f64 {
    let (a, b) = (n.w / 2.0, n.h / 2.0);
    let t = match n.shape {
        Shape::Ellipse | Shape::Star | Shape::Triangle | Shape::Pentagon => {
            1.0 / ((dx / a).powi(2) + (dy / b).powi(2)).sqrt()
        }
        Shape::Diamond => 1.0 / (dx.abs() / a + dy.abs() / b),
        _ => {
            let tx = if dx.abs() > 1e-12 {
                a / dx.abs()
            } else {
                f64::INFINITY
            };
            let ty = if dy.abs() > 1e-12 {
                b / dy.abs()
            } else {
                f64::INFINITY
            };
            tx.min(ty)
        }
    };
    if t.is_finite() {
        t
    } else {
        0.0
    }
}

/// Draw `scene` as a standalone SVG; see [`to_svg`].
pub(crate) fn render(scene: &Scene) -> SvgDoc {
    let (nodes, ids) = nodes(scene);

    // graph bounding box, padded for outlines and arrowheads
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for n in &nodes {
        let (a, b, c, d) = n.extent();
        x0 = x0.min(a);
        y0 = y0.min(b);
        x1 = x1.max(c);
        y1 = y1.max(d);
    }
    let empty = nodes.is_empty();
    let (gw, gh) = if empty {
        (MIN_CONTENT_WIDTH, 80.0)
    } else {
        (x1 - x0 + 16.0, y1 - y0 + 16.0)
    };

    // header, legend and margins grow with large graphs so that they stay
    // legible next to them (×1 up to 1400 wide, ×3 at most)
    let k = ((gw / 1400.0).clamp(1.0, 3.0) * 4.0).round() / 4.0;
    let margin = MARGIN * k;
    let title_size = TITLE_SIZE * k;
    let filter_size = FILTER_SIZE * k;
    let source_size = SOURCE_SIZE * k;
    let legend_size = LEGEND_SIZE * k;
    let max_text_w = MAX_TEXT_WIDTH * k;

    // header and footer text
    let title = clean(&scene.title, MAX_TITLE_CHARS, false);
    let filters: Vec<String> = scene
        .filters
        .iter()
        .take(MAX_FILTERS)
        .map(|f| clean(f, MAX_FILTER_CHARS, false))
        .filter(|f| !f.trim().is_empty())
        .collect();
    let source = clean(&scene.source, MAX_SOURCE_CHARS, false);
    let text_w = em_len(&title) * title_size;
    let filters_w = filters
        .iter()
        .map(|f| em_len(f) * filter_size)
        .fold(0.0, f64::max);
    // legend: swatch + label items flowing in rows
    struct Item {
        label: String,
        shape: Shape,
        fill: String,
        w: f64,
    }
    let sw_w = 26.0 * k;
    let items: Vec<Item> = scene
        .legend
        .iter()
        .take(MAX_LEGEND)
        .map(|l| {
            let label = clean(&l.label, MAX_LEGEND_CHARS, false);
            Item {
                w: sw_w + 6.0 * k + em_len(&label) * legend_size + 18.0 * k,
                label,
                shape: l.shape,
                fill: color_or(&l.fill, "#dddddd"),
            }
        })
        .collect();
    let legend_pad = 12.0 * k;
    let legend_head = em_len("图例") * legend_size + 16.0 * k;
    let row_h = 24.0 * k;
    let widest_item = items.iter().map(|it| it.w).fold(0.0, f64::max);
    let content_w = gw
        .max(MIN_CONTENT_WIDTH)
        .max(widest_item + 2.0 * legend_pad + legend_head)
        .max(text_w.max(filters_w).min(max_text_w))
        .ceil();
    let title_lines = if title.trim().is_empty() {
        Vec::new()
    } else {
        wrap(&title, content_w / title_size, 4)
    };
    let filter_lines: Vec<String> = filters
        .iter()
        .flat_map(|f| wrap(f, content_w / filter_size, 3))
        .collect();

    let mut rows: Vec<Vec<(f64, usize)>> = Vec::new(); // (x offset, item)
    {
        let avail = content_w - 2.0 * legend_pad - legend_head;
        let mut x = 0.0;
        for (i, it) in items.iter().enumerate() {
            if rows.is_empty() || (x + it.w > avail && x > 0.0) {
                rows.push(Vec::new());
                x = 0.0;
            }
            if let Some(r) = rows.last_mut() {
                r.push((x, i));
            }
            x += it.w;
        }
    }
    let legend_h = if rows.is_empty() {
        0.0
    } else {
        rows.len() as f64 * row_h + 2.0 * legend_pad - 4.0 * k
    };

    // vertical layout
    let mut y = margin;
    let title_top = y;
    y += title_lines.len() as f64 * title_size * LINE;
    let filters_top = y + if title_lines.is_empty() { 0.0 } else { 4.0 * k };
    y = filters_top + filter_lines.len() as f64 * filter_size * 1.45;
    y += 16.0 * k;
    let graph_top = y;
    y += gh + 16.0 * k;
    let legend_top = y;
    if legend_h > 0.0 {
        y += legend_h + 12.0 * k;
    }
    let source_top = y;
    let source_lines = if source.trim().is_empty() {
        Vec::new()
    } else {
        wrap(&source, content_w / source_size, 3)
    };
    y += source_lines.len() as f64 * source_size * LINE;
    let width = (content_w + 2.0 * margin).ceil();
    let height = (y + margin - 12.0 * k).ceil();

    // model → SVG coordinates
    let ox = margin + (content_w - gw) / 2.0 + 8.0 - if empty { 0.0 } else { x0 };
    let oy = graph_top + 8.0 - if empty { 0.0 } else { y0 };

    let mut s = String::with_capacity(256 + nodes.len() * 400 + scene.edges.len() * 200);
    let _ = writeln!(
        s,
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}" text-rendering="geometricPrecision">"##,
        w = F(width),
        h = F(height)
    );
    let bg_start = s.len();
    let _ = writeln!(
        s,
        r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##,
        w = F(width),
        h = F(height)
    );
    let background = bg_start..s.len();

    // title and filters
    if !title_lines.is_empty() || !filter_lines.is_empty() {
        let _ = writeln!(s, r#"<g fill="{INK}">"#);
        for (i, l) in title_lines.iter().enumerate() {
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" font-size="{title_size}">{}</text>"#,
                F(margin),
                F(title_top + i as f64 * title_size * LINE + title_size * ASCENT),
                esc(l)
            );
        }
        for (i, l) in filter_lines.iter().enumerate() {
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" font-size="{filter_size}" fill="{GREY}">{}</text>"#,
                F(margin),
                F(filters_top + i as f64 * filter_size * 1.45 + filter_size * ASCENT),
                esc(l)
            );
        }
        s.push_str("</g>\n");
    }

    if empty {
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" font-size="16" fill="{GREY}" text-anchor="middle">（没有节点）</text>"#,
            F(margin + content_w / 2.0),
            F(graph_top + gh / 2.0 + 6.0)
        );
    }

    // edges: faded first, then the others, all under the nodes
    let mut edge_s = String::new();
    for pass in [true, false] {
        for e in scene.edges.iter().take(MAX_EDGES) {
            if e.faded != pass {
                continue;
            }
            let (Some(&a), Some(&b)) = (ids.get(e.source.as_str()), ids.get(e.target.as_str()))
            else {
                continue;
            };
            if a == b {
                continue;
            }
            let (na, nb) = (&nodes[a], &nodes[b]);
            let (dx, dy) = (nb.x - na.x, nb.y - na.y);
            let len = (dx * dx + dy * dy).sqrt();
            if !(len.is_finite() && len > 1e-6) {
                continue;
            }
            let (ux, uy) = (dx / len, dy / len);
            let width = num(e.width, 0.2, 20.0, 1.0);
            let color = color_or(&e.color, "#999999");
            let start = boundary(na, ux, uy);
            let end = len - boundary(nb, -ux, -uy);
            let arrow_l = 5.0 + 2.5 * width;
            let arrow_hw = 2.5 + 1.5 * width;
            if end - start < arrow_l {
                continue; // overlapping nodes: no room for an edge
            }
            let (sx, sy) = (na.x + ux * start + ox, na.y + uy * start + oy);
            let (tx, ty) = (na.x + ux * end + ox, na.y + uy * end + oy);
            let (bx, by) = (tx - ux * arrow_l, ty - uy * arrow_l);
            let (lx, ly) = (tx - ux * arrow_l * 0.8, ty - uy * arrow_l * 0.8);
            let op = if e.faded {
                format!(r#" opacity="{FADED}""#)
            } else {
                String::new()
            };
            let dash = if e.dashed {
                format!(
                    r#" stroke-dasharray="{} {}""#,
                    F(3.0 * width + 2.0),
                    F(2.0 * width + 2.0)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                edge_s,
                r#"<g{op}><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{color}" stroke-width="{}"{dash}/><polygon points="{},{} {},{} {},{}" fill="{color}"/></g>"#,
                F(sx),
                F(sy),
                F(lx),
                F(ly),
                F(width),
                F(tx),
                F(ty),
                F(bx - uy * arrow_hw),
                F(by + ux * arrow_hw),
                F(bx + uy * arrow_hw),
                F(by - ux * arrow_hw),
            );
        }
    }
    if !edge_s.is_empty() {
        s.push_str("<g stroke-linecap=\"butt\">\n");
        s.push_str(&edge_s);
        s.push_str("</g>\n");
    }

    // nodes: faded first, then the others
    let mut labels = Vec::new();
    if !nodes.is_empty() {
        s.push_str("<g text-anchor=\"middle\">\n");
        for pass in [true, false] {
            for n in nodes.iter().filter(|n| n.faded == pass) {
                let (x, y) = (n.x + ox, n.y + oy);
                if n.faded {
                    let _ = write!(s, r#"<g opacity="{FADED}">"#);
                } else {
                    s.push_str("<g>");
                }
                let paint = format!(
                    r#"fill="{}" stroke="{}" stroke-width="1.2""#,
                    n.fill, n.stroke
                );
                // the whole label, unwrapped: tooltips, search, screen readers
                let _ = write!(s, "<title>{}</title>", esc(&n.label));
                shape_elem(&mut s, n.shape, (x, y, n.w, n.h), &paint);
                let line_h = n.font_size * LINE;
                let block = line_h * n.lines.len() as f64;
                let (tx, top, anchor, ink, halo) = match n.pos {
                    LabelPos::Inside => (x, y - block / 2.0, "", n.text, ""),
                    LabelPos::Below => (x, y + n.h / 2.0 + LABEL_GAP, "", LABEL_INK, HALO),
                    LabelPos::Right => (
                        x + n.w / 2.0 + LABEL_GAP,
                        y - block / 2.0,
                        r#" text-anchor="start""#,
                        LABEL_INK,
                        HALO,
                    ),
                };
                for (i, l) in n.lines.iter().enumerate() {
                    let y = top
                        + i as f64 * line_h
                        + (line_h - n.font_size) / 2.0
                        + n.font_size * ASCENT;
                    let at = s.len();
                    let _ = write!(
                        s,
                        r#"<text x="{}" y="{}" font-size="{}" fill="{}"{anchor}{halo}>{}</text>"#,
                        F(tx),
                        F(y),
                        F(n.font_size),
                        ink,
                        esc(l)
                    );
                    // as written: the numbers as rounded in the SVG
                    labels.push(LabelRun {
                        range: at..s.len(),
                        text: l.clone(),
                        x: tenths(tx),
                        y: tenths(y),
                        size: tenths(n.font_size),
                        middle: anchor.is_empty(),
                        fill: ink.to_string(),
                        halo: !halo.is_empty(),
                        opacity: if n.faded { FADED } else { 1.0 },
                    });
                }
                s.push_str("</g>\n");
            }
        }
        s.push_str("</g>\n");
    }

    // legend box
    if !rows.is_empty() {
        let (lx, ly) = (margin, legend_top);
        let _ = writeln!(
            s,
            r##"<g><rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="#fafafa" stroke="#cccccc" stroke-width="{}"/>"##,
            F(lx),
            F(ly),
            F(content_w),
            F(legend_h),
            F(6.0 * k),
            F(k),
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" font-size="{legend_size}" fill="{GREY}">图例</text>"#,
            F(lx + legend_pad),
            F(ly + legend_pad + (row_h - 4.0 * k) / 2.0 + legend_size * 0.35)
        );
        for (r, row) in rows.iter().enumerate() {
            let cy = ly + legend_pad + r as f64 * row_h + (row_h - 4.0 * k) / 2.0;
            for &(dx, i) in row {
                let it = &items[i];
                let x = lx + legend_pad + legend_head + dx;
                let paint = format!(r##"fill="{}" stroke="#555555" stroke-width="1""##, it.fill);
                shape_elem(
                    &mut s,
                    it.shape,
                    (x + sw_w / 2.0, cy, sw_w, 16.0 * k),
                    &paint,
                );
                let _ = writeln!(
                    s,
                    r#"<text x="{}" y="{}" font-size="{legend_size}" fill="{INK}">{}</text>"#,
                    F(x + sw_w + 6.0 * k),
                    F(cy + legend_size * 0.35),
                    esc(&it.label)
                );
            }
        }
        s.push_str("</g>\n");
    }

    for (i, l) in source_lines.iter().enumerate() {
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" font-size="{source_size}" fill="{GREY}">{}</text>"#,
            F(margin),
            F(source_top + i as f64 * source_size * LINE + source_size * ASCENT),
            esc(l)
        );
    }
    s.push_str("</svg>\n");
    SvgDoc {
        text: s,
        width,
        height,
        background,
        labels,
    }
}

/// Draw `scene` as a standalone SVG document: white background, the title
/// (large) and filter lines at the top, the graph (edges with arrowheads
/// under the nodes; dashed and faded drawn as such; labels wrapped to the
/// node width and centred), a legend box and the source line at the bottom.
///
/// Text stays text (`<text>` in [`FONT_FAMILY`]), so Chinese labels can be
/// searched and copied. The scene is untrusted: colours that are not
/// `#rgb`/`#rrggbb` become defaults, text is escaped and cleaned of
/// characters XML forbids, numbers are clamped ([`MAX_COORD`] …), and at most
/// [`MAX_NODES`] nodes and [`MAX_EDGES`] edges are drawn. Edges whose ends
/// are missing, equal or overlapping are left out.
pub fn to_svg(scene: &Scene) -> String {
    render(scene).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halo_is_drawn_as_its_constants_say() {
        assert!(HALO.contains(&format!(r#"stroke-width="{HALO_WIDTH}""#)));
        assert!(HALO.contains(&format!(r#"stroke-opacity="{HALO_OPACITY}""#)));
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(F(1.0).to_string(), "1");
        assert_eq!(F(-2.25).to_string(), "-2.3");
        assert_eq!(F(0.04).to_string(), "0");
    }

    #[test]
    fn polygons_fit_the_unit_box() {
        for s in super::super::Shape::ALL {
            if let Some(p) = unit_polygon(s) {
                assert!(p.len() >= 3);
                for (x, y) in p {
                    assert!((-1.0001..=1.0001).contains(&x) && (-1.0001..=1.0001).contains(&y));
                }
            }
        }
    }
}
