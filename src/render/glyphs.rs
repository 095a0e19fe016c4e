//! Node labels in a PNG, drawn from cached glyph images.
//!
//! The labels are most of a whole-plan image's cost when resvg draws them:
//! it fills (and, for the white halo, strokes) every glyph's outline anew,
//! ≈ 10,000 glyphs at 4× for the shipped plan. The same few hundred
//! characters recur at the same few sizes, so here each (glyph, size,
//! quarter-pixel offset) is drawn once, as coverage masks for its fill and
//! its halo, with tiny-skia from the embedded font's outline, and then
//! composited wherever it occurs. Lines are laid out from the font's
//! advances, as the SVG lays them out for this font (no kerning in CJK
//! text); the SVG itself, the PDF and the on-screen map are unaffected.

use std::collections::HashMap;

use resvg::tiny_skia;

use super::style::parse_color;
use super::svg::{LabelRun, HALO_OPACITY, HALO_WIDTH};

/// Sub-pixel positions per pixel along a line, for glyphs smaller than
/// [`WHOLE_PIXELS_FROM`] pixels per em; larger ones go to whole pixels (an
/// error of at most half a pixel in a glyph that big does not show, and
/// each sub-pixel position is one more mask to draw).
const SUBPIXELS: f32 = 4.0;
const WHOLE_PIXELS_FROM: f32 = 20.0;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    glyph: u16,
    /// Size in pixels per em, in 1/64.
    size: u32,
    /// Sub-pixel offset along x, in 1/[`SUBPIXELS`].
    frac: u8,
    halo: bool,
}

/// A glyph's coverage, placed relative to its pen position on the baseline.
struct Mask {
    left: i32,
    top: i32,
    w: usize,
    h: usize,
    fill: Vec<u8>,
    /// Empty when the key has no halo.
    halo: Vec<u8>,
}

/// One glyph to composite: pen position (whole pixels), colour, opacity.
struct Placed {
    key: Key,
    x: i32,
    y: i32,
    rgb: [u8; 3],
    opacity: f32,
}

/// The labels of an image laid out as glyphs, with their masks.
pub(crate) struct Labels {
    placed: Vec<Placed>,
    masks: HashMap<Key, Mask>,
}

struct Outline(tiny_skia::PathBuilder, f32, f32);

impl Outline {
    fn p(&self, x: f32, y: f32) -> (f32, f32) {
        // font units, y up → pixels, y down, from the pen (plus its offset)
        (self.2 + x * self.1, -y * self.1)
    }
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let ((x1, y1), (x, y)) = (self.p(x1, y1), self.p(x, y));
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let ((x1, y1), (x2, y2), (x, y)) = (self.p(x1, y1), self.p(x2, y2), self.p(x, y));
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

fn coverage(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
    pixmap.data().chunks_exact(4).map(|p| p[3]).collect()
}

/// Draws one glyph's masks; `None` for a glyph with no outline (a space).
fn mask(face: &ttf_parser::Face<'_>, key: Key, halo_px: f32) -> Option<Mask> {
    let upem = f32::from(face.units_per_em().max(1));
    let k = key.size as f32 / 64.0 / upem;
    let mut o = Outline(
        tiny_skia::PathBuilder::new(),
        k,
        f32::from(key.frac) / SUBPIXELS,
    );
    face.outline_glyph(ttf_parser::GlyphId(key.glyph), &mut o)?;
    let path = o.0.finish()?;
    let b = path.bounds();
    let pad = if key.halo { halo_px / 2.0 + 1.0 } else { 1.0 };
    let (left, top) = ((b.left() - pad).floor(), (b.top() - pad).floor());
    let (w, h) = (
        ((b.right() + pad).ceil() - left).max(1.0) as u32,
        ((b.bottom() + pad).ceil() - top).max(1.0) as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h)?;
    let at = tiny_skia::Transform::from_translate(-left, -top);
    let mut paint = tiny_skia::Paint::default();
    paint.set_color(tiny_skia::Color::BLACK);
    paint.anti_alias = true;
    let halo = if key.halo {
        let stroke = tiny_skia::Stroke {
            width: halo_px,
            ..tiny_skia::Stroke::default()
        };
        pixmap.stroke_path(&path, &paint, &stroke, at, None);
        let m = coverage(&pixmap);
        pixmap.fill(tiny_skia::Color::TRANSPARENT);
        m
    } else {
        Vec::new()
    };
    pixmap.fill_path(&path, &paint, tiny_skia::FillRule::Winding, at, None);
    Some(Mask {
        left: left as i32,
        top: top as i32,
        w: w as usize,
        h: h as usize,
        fill: coverage(&pixmap),
        halo,
    })
}

impl Labels {
    /// Lays `runs` out for an image scaled by `sx`, `sy` from user units and
    /// draws the masks of their glyphs (on up to `threads` threads).
    pub(crate) fn new(font: &[u8], runs: &[LabelRun], sx: f32, sy: f32, threads: usize) -> Labels {
        let Ok(face) = ttf_parser::Face::parse(font, 0) else {
            return Labels {
                placed: Vec::new(),
                masks: HashMap::new(),
            };
        };
        let upem = f32::from(face.units_per_em().max(1));
        let scale = (sx + sy) / 2.0;
        let mut placed = Vec::new();
        for run in runs {
            let px = run.size as f32 * scale;
            if !(px.is_finite() && px > 0.0) {
                continue;
            }
            let size = (px * 64.0).round() as u32;
            let k = size as f32 / 64.0 / upem;
            let glyphs: Vec<(u16, f32)> = run
                .text
                .chars()
                .map(|c| {
                    let g = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                    (g.0, f32::from(face.glyph_hor_advance(g).unwrap_or(0)) * k)
                })
                .collect();
            let width: f32 = glyphs.iter().map(|g| g.1).sum();
            let mut pen = run.x as f32 * sx - if run.middle { width / 2.0 } else { 0.0 };
            let y = (run.y as f32 * sy).round() as i32;
            let rgb = parse_color(&run.fill).unwrap_or([0, 0, 0]);
            let steps = if px < WHOLE_PIXELS_FROM {
                SUBPIXELS
            } else {
                1.0
            };
            for (glyph, advance) in glyphs {
                // the pen to the nearest step: a whole pixel and a fraction in
                // quarters of a pixel
                let at = (pen * steps).round() as i32;
                let (x, frac) = (
                    at.div_euclid(steps as i32),
                    at.rem_euclid(steps as i32) * (SUBPIXELS / steps) as i32,
                );
                placed.push(Placed {
                    key: Key {
                        glyph,
                        size,
                        frac: frac as u8,
                        halo: run.halo,
                    },
                    x,
                    y,
                    rgb,
                    opacity: run.opacity as f32,
                });
                pen += advance;
            }
        }
        let mut keys: Vec<Key> = placed.iter().map(|p| p.key).collect();
        keys.sort_unstable_by_key(|k| (k.glyph, k.size, k.frac, k.halo));
        keys.dedup();
        let halo_px = HALO_WIDTH as f32 * scale;
        let chunk = keys.len().div_ceil(threads.max(1)).max(1);
        let face = &face;
        let masks = std::thread::scope(|s| {
            let jobs: Vec<_> = keys
                .chunks(chunk)
                .map(|ks| {
                    s.spawn(move || {
                        ks.iter()
                            .filter_map(|&k| Some((k, mask(face, k, halo_px)?)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            jobs.into_iter()
                .flat_map(|j| j.join().unwrap_or_default())
                .collect::<HashMap<_, _>>()
        });
        Labels { placed, masks }
    }

    /// Composites the glyphs over `band` (premultiplied RGBA), whose first
    /// row is row `top` of the image: every halo of a run under its glyphs,
    /// as `paint-order="stroke"` draws it.
    pub(crate) fn draw(&self, band: &mut tiny_skia::Pixmap, top: i32) {
        let (bw, bh) = (band.width() as i32, band.height() as i32);
        let data = band.data_mut();
        for halo in [true, false] {
            for p in &self.placed {
                let Some(m) = self.masks.get(&p.key) else {
                    continue;
                };
                let cov = if halo { &m.halo } else { &m.fill };
                if cov.is_empty() {
                    continue;
                }
                let (x0, y0) = (p.x + m.left, p.y + m.top - top);
                let (rgb, alpha) = if halo {
                    ([255, 255, 255], HALO_OPACITY as f32 * p.opacity)
                } else {
                    (p.rgb, p.opacity)
                };
                let a = (alpha.clamp(0.0, 1.0) * 255.0).round() as u32;
                // the mask's rows and columns inside the band (none: not here)
                let (ys, xs) = (
                    (-y0).max(0)..(bh - y0).min(m.h as i32),
                    (-x0).max(0)..(bw - x0).min(m.w as i32),
                );
                for my in ys {
                    let row = &cov[my as usize * m.w..][..m.w];
                    for mx in xs.clone() {
                        let i = (((y0 + my) * bw + x0 + mx) * 4) as usize;
                        over(
                            &mut data[i..i + 4],
                            rgb,
                            (u32::from(row[mx as usize]) * a + 127) / 255,
                        );
                    }
                }
            }
        }
    }
}

/// `rgb` at alpha `sa` (0–255) over one premultiplied RGBA pixel.
fn over(px: &mut [u8], rgb: [u8; 3], sa: u32) {
    if sa == 0 {
        return;
    }
    let inv = 255 - sa;
    for (d, c) in px.iter_mut().zip(rgb) {
        *d = ((u32::from(c) * sa + u32::from(*d) * inv + 127) / 255) as u8;
    }
    px[3] = (sa + (u32::from(px[3]) * inv + 127) / 255).min(255) as u8;
}
