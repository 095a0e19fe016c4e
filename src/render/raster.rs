//! PNG (resvg) and PDF (svg2pdf) from the SVG of a scene, with the embedded
//! font only.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use super::glyphs::Labels;
use super::svg::{render, SvgDoc};
use super::{Scene, FONT_DATA, MAX_PNG_SIDE, MAX_SCALE, MIN_SCALE};
use crate::error::{Error, Result};

/// The family name inside the embedded font.
const EMBEDDED_FAMILY: &str = "Noto Sans CJK SC";
/// Other names SVG text may ask for, all mapped to the embedded font.
const ALIASES: [&str; 2] = ["Noto Sans SC", "Source Han Sans SC"];
/// Largest PDF page side in points (Acrobat's limit is 14 400).
const MAX_PDF_SIDE: f64 = 14_400.0;

/// A font database holding only the embedded font, under its own family
/// name, the aliases above and every generic family.
fn fontdb() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        let ids = db.load_font_source(fontdb::Source::Binary(Arc::new(FONT_DATA)));
        for id in ids {
            if let Some(mut info) = db.face(id).cloned() {
                db.remove_face(id);
                for alias in ALIASES {
                    info.families
                        .push((alias.to_string(), fontdb::Language::English_UnitedStates));
                }
                db.push_face_info(info);
            }
        }
        db.set_sans_serif_family(EMBEDDED_FAMILY);
        db.set_serif_family(EMBEDDED_FAMILY);
        db.set_monospace_family(EMBEDDED_FAMILY);
        db.set_cursive_family(EMBEDDED_FAMILY);
        db.set_fantasy_family(EMBEDDED_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Parse our own SVG with the embedded fonts (no file or network access: the
/// document holds no images or external references).
fn tree(doc: &SvgDoc) -> Result<usvg::Tree> {
    let opt = usvg::Options {
        fontdb: fontdb(),
        font_family: EMBEDDED_FAMILY.to_string(),
        languages: vec!["zh-CN".to_string(), "en".to_string()],
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(&doc.text, &opt).map_err(|e| Error::Render(format!("SVG: {e}")))
}

/// Pixel size of a `width`×`height` SVG at `scale`, both sides capped at
/// [`MAX_PNG_SIDE`].
fn fit(width: f64, height: f64, scale: f64) -> (u32, u32) {
    let scale = if scale.is_finite() {
        scale.clamp(MIN_SCALE, MAX_SCALE)
    } else {
        MIN_SCALE
    };
    let cap = MAX_PNG_SIDE as f64;
    let s = scale.min(cap / width.max(1.0)).min(cap / height.max(1.0));
    let side = |v: f64| ((v * s).ceil().clamp(1.0, cap)) as u32;
    (side(width), side(height))
}

/// Size in pixels of the PNG that [`to_png`] makes of `scene` at `scale`:
/// `ceil(svg_width × scale)` by `ceil(svg_height × scale)`, except that when
/// either side would pass [`MAX_PNG_SIDE`] (8000 px) the scale is reduced so
/// that it fits, keeping the aspect ratio. A `scale` outside 1–4 is clamped
/// here ([`to_png`] rejects it).
pub fn png_size(scene: &Scene, scale: f64) -> (u32, u32) {
    let doc = render(scene);
    fit(doc.width, doc.height, scale)
}

/// `scene` as a PNG (RGB, white background), drawn by resvg from the SVG of
/// [`to_svg`](super::to_svg) with the embedded font only.
///
/// `scale` (1–4, else [`Error::Invalid`]) multiplies the SVG size; the image
/// is at most [`MAX_PNG_SIDE`] pixels wide and high, the scale being reduced
/// to fit (see [`png_size`]).
pub fn to_png(scene: &Scene, scale: f64) -> Result<Vec<u8>> {
    if !(scale.is_finite() && (MIN_SCALE..=MAX_SCALE).contains(&scale)) {
        return Err(Error::Invalid(format!(
            "PNG scale {scale} is outside {MIN_SCALE}–{MAX_SCALE}"
        )));
    }
    let mut doc = render(scene);
    let (w, h) = fit(doc.width, doc.height, scale);
    // Each band is filled white instead of drawing the background (much
    // cheaper than a rect), and the node labels are composited from cached
    // glyphs (see `glyphs`) instead of being drawn by resvg.
    let mut cut: Vec<std::ops::Range<usize>> = doc.labels.iter().map(|l| l.range.clone()).collect();
    cut.push(doc.background.clone());
    cut.sort_unstable_by_key(|r| std::cmp::Reverse(r.start));
    for r in cut {
        doc.text.replace_range(r, "");
    }
    let tree = tree(&doc)?;
    let size = tree.size();
    let (sx, sy) = (
        w as f32 / size.width().max(1.0),
        h as f32 / size.height().max(1.0),
    );
    // Large images are drawn in horizontal bands by worker threads (one per
    // core, at most four) while this thread encodes the finished bands in
    // order, so drawing and compression overlap. The app keeps its window
    // responsive by running the export at a lower scheduling priority, which
    // these workers inherit (`yielding` in src-tauri/src/lib.rs).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
    let bands: u32 = if (w as u64) * (h as u64) >= 4_000_000 {
        (threads as u32 * 4).min(h)
    } else {
        1
    };
    let labels = Labels::new(FONT_DATA, &doc.labels, sx, sy, threads);
    let band_h = h.div_ceil(bands);
    let bands = h.div_ceil(band_h);
    let draw = |i: u32| -> Result<tiny_skia::Pixmap> {
        let top = i * band_h;
        let bh = band_h.min(h - top);
        let mut pixmap = tiny_skia::Pixmap::new(w, bh)
            .ok_or_else(|| Error::Render(format!("cannot allocate a {w}×{bh} image")))?;
        pixmap.fill(tiny_skia::Color::WHITE);
        let transform = tiny_skia::Transform::from_row(sx, 0.0, 0.0, sy, 0.0, -(top as f32));
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        labels.draw(&mut pixmap, top as i32);
        Ok(pixmap)
    };
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Fast);
    let mut writer = enc.write_header().map_err(png_err)?;
    let mut stream = writer.stream_writer().map_err(png_err)?;
    let mut row = Vec::with_capacity(w as usize * 3);
    if bands == 1 {
        push_rows(&mut stream, &mut row, &draw(0)?)?;
    } else {
        draw_bands(bands, threads, &draw, |band| {
            push_rows(&mut stream, &mut row, &band)
        })?;
    }
    stream.finish().map_err(png_err)?;
    writer.finish().map_err(png_err)?;
    Ok(out)
}

/// Draws bands `0..bands` on up to `threads` worker threads and hands each to
/// `take`, in order, on this thread as soon as it and those before it are done.
fn draw_bands(
    bands: u32,
    threads: usize,
    draw: &(impl Fn(u32) -> Result<tiny_skia::Pixmap> + Sync),
    mut take: impl FnMut(tiny_skia::Pixmap) -> Result<()>,
) -> Result<()> {
    use std::sync::atomic::{AtomicU32, Ordering};
    let next = AtomicU32::new(0);
    std::thread::scope(|s| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::channel::<(u32, Result<tiny_skia::Pixmap>)>();
        for _ in 0..threads.min(bands as usize) {
            let tx = tx.clone();
            let (next, draw) = (&next, &draw);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= bands || tx.send((i, draw(i))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // on an error, workers stop after their current band (and their next
        // send fails once `rx` is dropped)
        let result = (|| {
            let mut waiting = std::collections::BTreeMap::new();
            let mut want = 0;
            for (i, band) in rx.iter() {
                waiting.insert(i, band);
                while let Some(band) = waiting.remove(&want) {
                    take(band?)?;
                    want += 1;
                }
            }
            if want == bands {
                Ok(())
            } else {
                Err(Error::Render("drawing failed".into()))
            }
        })();
        if result.is_err() {
            next.store(bands, Ordering::Relaxed);
        }
        result
    })
}

fn png_err(e: impl std::fmt::Display) -> Error {
    Error::Render(format!("PNG: {e}"))
}

/// Appends the rows of a (premultiplied) pixmap to a PNG (RGB) stream,
/// composited over white: over white, a premultiplied channel `c` with alpha
/// `a` becomes `c + 255 - a`.
fn push_rows(
    stream: &mut impl std::io::Write,
    row: &mut Vec<u8>,
    band: &tiny_skia::Pixmap,
) -> Result<()> {
    let w = band.width() as usize;
    row.resize(w * 3, 0);
    for px in band.data().chunks_exact(w * 4) {
        for (o, p) in row.chunks_exact_mut(3).zip(px.chunks_exact(4)) {
            let under = 255 - p[3];
            o[0] = p[0].saturating_add(under);
            o[1] = p[1].saturating_add(under);
            o[2] = p[2].saturating_add(under);
        }
        stream.write_all(row).map_err(png_err)?;
    }
    Ok(())
}

/// `scene` as a one-page PDF, converted by svg2pdf from the SVG of
/// [`to_svg`](super::to_svg) with the embedded font (text is embedded as a
/// font subset, so it stays selectable). The page is the SVG's size in points
/// (1 px = 1 pt), scaled down to fit 14 400 pt on its longer side.
pub fn to_pdf(scene: &Scene) -> Result<Vec<u8>> {
    let doc = render(scene);
    let tree = tree(&doc)?;
    let longest = doc.width.max(doc.height);
    let dpi = if longest > MAX_PDF_SIDE {
        (72.0 * longest / MAX_PDF_SIDE) as f32
    } else {
        72.0
    };
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi },
    )
    .map_err(|e| Error::Render(format!("PDF: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_caps_both_sides() {
        assert_eq!(fit(100.0, 50.0, 2.0), (200, 100));
        assert_eq!(fit(3000.0, 1000.0, 4.0), (8000, 2667));
        assert_eq!(fit(1000.0, 3000.0, 4.0), (2667, 8000));
        assert_eq!(fit(100.5, 10.0, 1.0), (101, 10));
        assert_eq!(fit(1e9, 1e9, 1.0), (8000, 8000));
        assert_eq!(fit(10.0, 10.0, f64::NAN), (10, 10));
    }

    fn rgb_pixels(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut dec = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut buf = vec![0; dec.output_buffer_size().unwrap()];
        let info = dec.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    /// Labels composited from cached glyphs land where resvg draws the
    /// SVG's `<text>`: same ink, same places (inside, below with a halo, to
    /// the right, faded), at a scale with sub-pixel glyph positions and at
    /// one with whole pixels.
    #[test]
    fn glyph_labels_match_resvg_text() {
        let node = |id: &str, x: f64, y: f64, pos: &str, faded: bool, label: &str| {
            serde_json::json!({"id": id, "x": x, "y": y, "w": 30.0, "h": 30.0, "shape": "ellipse",
                "fill": "#56b4e9", "stroke": "#1f2933", "label": label, "fontSize": 10.0,
                "faded": faded, "labelPos": pos, "labelWidth": 120.0})
        };
        let scene: Scene = serde_json::from_value(serde_json::json!({
            "title": "对照", "filters": [], "source": "来源", "legend": [],
            "nodes": [
                node("a", 0.0, 0.0, "right", false, "建设长三角核心区现代化网络型城市"),
                node("b", 0.0, 80.0, "below", false, "祥符荡科创绿谷 G60 科创走廊"),
                node("c", 200.0, 0.0, "inside", false, "嘉善"),
                node("d", 200.0, 80.0, "right", true, "海宁市（淡出）"),
            ],
            "edges": [{"source": "a", "target": "c", "color": "#9aa5b1", "width": 1.4,
                       "dashed": false, "faded": false}],
        }))
        .unwrap();
        for scale in [1.0, 4.0] {
            let (w, h, ours) = rgb_pixels(&to_png(&scene, scale).unwrap());
            // resvg drawing the whole SVG, text included
            let doc = render(&scene);
            let tree = tree(&doc).unwrap();
            let mut pm = tiny_skia::Pixmap::new(w, h).unwrap();
            pm.fill(tiny_skia::Color::WHITE);
            let (sx, sy) = (
                w as f32 / tree.size().width(),
                h as f32 / tree.size().height(),
            );
            resvg::render(
                &tree,
                tiny_skia::Transform::from_scale(sx, sy),
                &mut pm.as_mut(),
            );
            let theirs: Vec<u8> = pm
                .data()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            assert_eq!(ours.len(), theirs.len());
            let diff: u64 = ours
                .iter()
                .zip(&theirs)
                .map(|(a, b)| u64::from(a.abs_diff(*b)))
                .sum();
            let mean = diff as f64 / ours.len() as f64;
            assert!(
                mean < 1.5,
                "scale {scale}: mean difference {mean:.2} per channel"
            );
            // ink: dark pixels, ours shifted by (dx, dy) against theirs; the
            // labels are where resvg puts them when no shift matches better
            let dark = |v: &[u8]| {
                v.chunks_exact(3)
                    .map(|p| p.iter().all(|&c| c < 110))
                    .collect::<Vec<_>>()
            };
            let (a, b) = (dark(&ours), dark(&theirs));
            let (w, h) = (w as i64, h as i64);
            let apart = |dx: i64, dy: i64| {
                let mut n = 0;
                for y in 1..h - 1 {
                    for x in 1..w - 1 {
                        n += usize::from(
                            a[((y - dy) * w + x - dx) as usize] != b[(y * w + x) as usize],
                        );
                    }
                }
                n
            };
            let (na, nb) = (
                a.iter().filter(|&&d| d).count(),
                b.iter().filter(|&&d| d).count(),
            );
            assert!(
                nb > 200,
                "scale {scale}: the labels have ink ({nb} dark pixels)"
            );
            assert!(
                na.abs_diff(nb) * 5 < nb,
                "scale {scale}: {na} dark pixels against {nb}"
            );
            let here = apart(0, 0);
            for (dx, dy) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                let there = apart(dx, dy);
                assert!(
                    here * 2 < there,
                    "scale {scale}: {here} pixels apart, {there} shifted by ({dx}, {dy})"
                );
            }
        }
    }

    #[test]
    fn font_database_has_the_embedded_font() {
        let db = fontdb();
        assert_eq!(db.len(), 1);
        for fam in ["Noto Sans SC", "Noto Sans CJK SC"] {
            let q = fontdb::Query {
                families: &[fontdb::Family::Name(fam)],
                ..Default::default()
            };
            assert!(db.query(&q).is_some(), "{fam}");
        }
        let q = fontdb::Query {
            families: &[fontdb::Family::SansSerif],
            ..Default::default()
        };
        assert!(db.query(&q).is_some());
    }
}
