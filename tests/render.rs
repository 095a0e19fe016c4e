//! Image export (`planmap::render`) on the shipped plan: PNG size and
//! validity, the 8000 px cap, scale checks, SVG text and escaping, PDF,
//! glyphs actually drawn from the embedded font, headless layout of empty and
//! single-node graphs, hostile scenes, and the CLI's `export --format
//! png|svg|pdf`.

mod common;
use common::well_formed_xml;
use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

use planmap::graph::PlanGraph;
use planmap::model::{GraphData, NodeKind};
use planmap::render::{self, LegendItem, Scene, SceneEdge, SceneNode, Shape};
use planmap::Error;

const BIN: &str = env!("CARGO_BIN_EXE_planmap");

fn plan() -> &'static PlanGraph {
    static G: OnceLock<PlanGraph> = OnceLock::new();
    G.get_or_init(|| {
        let built = planmap::build_default(&Default::default()).expect("the shipped plan builds");
        PlanGraph::new(built.graph)
    })
}

/// The neighbourhood of a node, as the CLI selects it.
fn around(q: &str, depth: usize) -> GraphData {
    let g = plan();
    let id = g.resolve(q).unwrap().id.clone();
    let keep: HashSet<String> = g
        .neighbourhood(&id, depth)
        .unwrap()
        .nodes
        .into_iter()
        .collect();
    planmap::export::subgraph(&g.data, &keep)
}

fn whole_scene() -> &'static Scene {
    static S: OnceLock<Scene> = OnceLock::new();
    S.get_or_init(|| render::scene_for(&plan().data, "嘉兴市“十四五”规划建议", &[]))
}

struct Png {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

/// Decode a PNG (checking the signature and IHDR on the way) to RGB.
fn decode(bytes: &[u8]) -> Png {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let ihdr_w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let ihdr_h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND);
    let mut r = dec.read_info().expect("a readable PNG");
    let mut buf = vec![0; r.output_buffer_size().expect("a PNG that fits in memory")];
    let info = r.next_frame(&mut buf).expect("one frame");
    assert_eq!((info.width, info.height), (ihdr_w, ihdr_h));
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    Png {
        width: info.width,
        height: info.height,
        rgb: buf,
    }
}

/// Pixels darker than mid-grey in a rectangle.
fn dark_pixels(p: &Png, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let mut n = 0;
    for y in y0..y1.min(p.height) {
        for x in x0..x1.min(p.width) {
            let i = ((y * p.width + x) * 3) as usize;
            let lum = p.rgb[i] as u32 + p.rgb[i + 1] as u32 + p.rgb[i + 2] as u32;
            if lum < 3 * 128 {
                n += 1;
            }
        }
    }
    n
}

/// Texts of all `<text>` elements.
fn texts(svg: &str) -> Vec<String> {
    let mut r = quick_xml::Reader::from_str(svg);
    let mut out = Vec::new();
    let mut inside = false;
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == "text" => {
                inside = true;
                out.push(String::new());
            }
            Ok(quick_xml::events::Event::End(e)) if e.name().as_ref() == "text" => inside = false,
            Ok(quick_xml::events::Event::Text(t)) if inside => {
                let s = t.into_inner().into_owned();
                if let Some(last) = out.last_mut() {
                    last.push_str(&s);
                }
            }
            Ok(quick_xml::events::Event::GeneralRef(g)) if inside => {
                let name = g.into_inner().into_owned();
                let c = match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                if let Some(last) = out.last_mut() {
                    last.push_str(c);
                }
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML: {e}"),
        }
    }
    out
}

fn node(id: &str, x: f64, y: f64, label: &str) -> SceneNode {
    SceneNode {
        id: id.into(),
        x,
        y,
        w: 120.0,
        h: 48.0,
        shape: Shape::RoundRectangle,
        fill: "#56b4e9".into(),
        stroke: "#2a7fb0".into(),
        label: label.into(),
        font_size: 12.0,
        faded: false,
        label_pos: planmap::render::LabelPos::Inside,
        label_width: 0.0,
    }
}

// ───────────────────────────── PNG ─────────────────────────────

#[test]
fn png_is_valid_and_has_the_announced_size() {
    let data = around("祥符荡科创绿谷", 1);
    let scene = render::scene_for(&data, "祥符荡科创绿谷", &["1 步以内".into()]);
    for scale in [1.0, 2.0, 1.5] {
        let bytes = render::to_png(&scene, scale).unwrap();
        let p = decode(&bytes);
        assert_eq!((p.width, p.height), render::png_size(&scene, scale));
        let (w1, _) = render::png_size(&scene, 1.0);
        assert_eq!(p.width, (w1 as f64 * scale).ceil() as u32, "scale {scale}");
        // white background, and something drawn
        assert_eq!(&p.rgb[..3], &[255, 255, 255]);
        assert!(dark_pixels(&p, 0, 0, p.width, p.height) > 1000);
    }
}

#[test]
fn png_is_capped_at_8000_pixels() {
    // the whole plan at scale 4 is over 8000 px: the scale is reduced
    let (w, h) = render::png_size(whole_scene(), 4.0);
    assert!(w <= 8000 && h <= 8000, "{w}×{h}");
    assert!(w == 8000 || h == 8000, "{w}×{h}");
    let (w1, h1) = render::png_size(whole_scene(), 1.0);
    assert!(w1 < 8000 && h1 < 8000);
    // a wide, flat scene renders at exactly 8000 px wide
    let scene = Scene {
        title: "宽图".into(),
        nodes: vec![node("a", -1600.0, 0.0, "甲"), node("b", 1600.0, 0.0, "乙")],
        edges: vec![SceneEdge {
            source: "a".into(),
            target: "b".into(),
            color: "#333".into(),
            width: 2.0,
            dashed: false,
            faded: false,
        }],
        ..Default::default()
    };
    let bytes = render::to_png(&scene, 4.0).unwrap();
    let p = decode(&bytes);
    assert_eq!(p.width, 8000);
    assert_eq!((p.width, p.height), render::png_size(&scene, 4.0));
    assert!(p.height < 2000);
}

#[test]
fn png_scale_out_of_range_is_rejected() {
    let scene = Scene::default();
    for s in [0.0, 5.0, 0.99, 4.01, -1.0, f64::NAN, f64::INFINITY] {
        match render::to_png(&scene, s) {
            Err(Error::Invalid(m)) => assert!(m.contains("scale"), "{m}"),
            other => panic!("scale {s}: {:?}", other.map(|b| b.len())),
        }
    }
    assert!(render::to_png(&scene, 1.0).is_ok());
    assert!(render::to_png(&scene, 4.0).is_ok());
}

#[test]
fn png_draws_chinese_glyphs_from_the_embedded_font() {
    let title = |t: &str| Scene {
        title: t.into(),
        ..Default::default()
    };
    // the title is drawn at 28 px from (32, 32)
    let drawn = decode(&render::to_png(&title("祥符荡科创绿谷"), 1.0).unwrap());
    let blank = decode(&render::to_png(&title(""), 1.0).unwrap());
    let area = |p: &Png| dark_pixels(p, 30, 30, 30 + 7 * 28 + 10, 30 + 40);
    assert_eq!(area(&blank), 0);
    let ink = area(&drawn);
    // seven dense characters: hundreds of dark pixels, not seven tofu boxes
    assert!(ink > 800, "{ink} dark pixels");
    // and each character is drawn (ink in every 28 px cell)
    for i in 0..7 {
        let x = 32 + i * 28;
        assert!(dark_pixels(&drawn, x, 32, x + 28, 68) > 40, "character {i}");
    }
}

// ───────────────────────────── SVG ─────────────────────────────

#[test]
fn svg_keeps_chinese_labels_as_text() {
    let data = around("祥符荡科创绿谷", 2);
    let scene = render::scene_for(&data, "祥符荡科创绿谷", &["2 步以内".into()]);
    let svg = render::to_svg(&scene);
    assert!(svg.starts_with("<?xml"));
    assert!(well_formed_xml(&svg) > data.nodes.len());
    assert!(svg.contains(r#"font-family="Noto Sans SC, Noto Sans CJK SC, sans-serif""#));
    let t = texts(&svg);
    assert!(t.iter().any(|x| x == "祥符荡科创绿谷"), "{t:?}");
    assert!(t.iter().any(|x| x.starts_with("来源：")), "source line");
    assert!(t.iter().any(|x| x == "图例"), "legend");
    // one text element per label line, no line over ~10 characters (plus …)
    let lines: Vec<&String> = t
        .iter()
        .filter(|x| x.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
        .collect();
    assert!(lines.len() > data.nodes.len());
}

#[test]
fn svg_escapes_hostile_text_and_colours() {
    let evil = "<script>alert(1)</script>&\"'";
    let scene = Scene {
        title: format!("{evil}\u{0}\u{1b}\u{fffe}"),
        filters: vec![evil.into(), "]]><!--".into()],
        source: evil.into(),
        legend: vec![LegendItem {
            label: evil.into(),
            shape: Shape::Star,
            fill: "red\" onload=\"alert(1)".into(),
        }],
        nodes: vec![
            SceneNode {
                fill: "#fff\"/><script>x</script>".into(),
                stroke: "url(#a)".into(),
                ..node("a", 0.0, 0.0, &format!("{evil}\u{7}\u{85}"))
            },
            node("b<", 200.0, 100.0, "中文<b>&amp;"),
        ],
        edges: vec![SceneEdge {
            source: "a".into(),
            target: "b<".into(),
            color: "javascript:alert(1)".into(),
            width: 1.0,
            dashed: true,
            faded: true,
        }],
    };
    let svg = render::to_svg(&scene);
    well_formed_xml(&svg);
    assert!(!svg.contains("<script"), "{svg}");
    assert!(!svg.contains("onload"), "{svg}");
    assert!(!svg.contains("javascript"), "{svg}");
    assert!(!svg.contains("url("), "{svg}");
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos;"));
    assert!(!svg.chars().any(|c| (c as u32) < 0x20 && c != '\n'));
    assert!(!svg.contains('\u{fffe}') && !svg.contains('\u{85}'));
    let t = texts(&svg);
    assert!(t.iter().any(|x| x.contains(evil)), "{t:?}");
    assert!(t.iter().any(|x| x == "中文<b>&amp;"), "{t:?}");
    // the same scene renders
    decode(&render::to_png(&scene, 1.0).unwrap());
    assert!(render::to_pdf(&scene).unwrap().starts_with(b"%PDF"));
}

// ───────────────────────────── PDF ─────────────────────────────

#[test]
fn pdf_is_a_pdf_with_an_embedded_font() {
    let data = around("祥符荡科创绿谷", 1);
    let scene = render::scene_for(&data, "祥符荡科创绿谷", &[]);
    let pdf = render::to_pdf(&scene).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() > 10_000, "{} bytes", pdf.len());
    let tail = String::from_utf8_lossy(&pdf[pdf.len() - 32..]);
    assert!(tail.contains("%%EOF"), "{tail}");
    let s = String::from_utf8_lossy(&pdf);
    assert!(s.contains("/FontFile"), "a font file is embedded");
    assert!(s.contains("/ToUnicode"), "text can be copied");
}

// ───────────────────────────── layout ─────────────────────────────

#[test]
fn scene_for_an_empty_graph() {
    let scene = render::scene_for(&GraphData::new(), "空", &[]);
    assert!(scene.nodes.is_empty() && scene.edges.is_empty() && scene.legend.is_empty());
    assert_eq!(scene.source, "planmap");
    assert!(texts(&render::to_svg(&scene)).contains(&"空".to_string()));
    decode(&render::to_png(&scene, 2.0).unwrap());
    assert!(render::to_pdf(&scene).unwrap().starts_with(b"%PDF"));
}

#[test]
fn scene_for_a_single_node() {
    let g = plan();
    let id = g.resolve("祥符荡科创绿谷").unwrap().id.clone();
    let data = planmap::export::subgraph(&g.data, &HashSet::from([id.clone()]));
    let scene = render::scene_for(&data, "祥符荡科创绿谷", &[]);
    assert_eq!(scene.nodes.len(), 1);
    assert_eq!(scene.nodes[0].id, id);
    assert!(scene.nodes[0].x.is_finite() && scene.nodes[0].y.is_finite());
    assert_eq!(scene.legend.len(), 1);
    assert_eq!(scene.legend[0].label, "平台");
    assert!(scene.source.starts_with("来源：") && scene.source.ends_with(" · planmap"));
    decode(&render::to_png(&scene, 1.0).unwrap());
}

#[test]
fn scene_for_styles_by_kind_and_is_deterministic() {
    let data = around("祥符荡科创绿谷", 2);
    let a = render::scene_for(&data, "t", &[]);
    let b = render::scene_for(&data, "t", &[]);
    assert_eq!(a, b, "same graph, same picture");
    assert_eq!(a.nodes.len(), data.nodes.len());
    // legend: exactly the kinds present, in palette order
    let present: Vec<NodeKind> = NodeKind::ALL
        .into_iter()
        .filter(|k| data.nodes.iter().any(|n| n.kind == *k))
        .collect();
    let legend: Vec<&str> = a.legend.iter().map(|l| l.label.as_str()).collect();
    let want: Vec<String> = present
        .iter()
        .map(|&k| render::kind_style(k).label)
        .collect();
    assert_eq!(legend, want);
    for (n, sn) in data.nodes.iter().zip(&a.nodes) {
        let st = render::kind_style(n.kind);
        assert_eq!((sn.shape, &sn.fill), (st.shape, &st.fill));
        assert!(sn.x.is_finite() && sn.y.is_finite());
        // labels are pre-broken into lines of about nine characters
        for line in sn.label.lines() {
            assert!(line.chars().count() <= 12, "{line}");
        }
    }
    // nodes are spread out, not piled up
    let xs: Vec<f64> = a.nodes.iter().map(|n| n.x).collect();
    let spread =
        xs.iter().cloned().fold(f64::MIN, f64::max) - xs.iter().cloned().fold(f64::MAX, f64::min);
    assert!(spread > 300.0, "{spread}");
}

#[test]
fn whole_plan_scene() {
    let s = whole_scene();
    assert_eq!(s.nodes.len(), plan().data.nodes.len());
    assert!(s.nodes.len() > 500);
    assert_eq!(s.legend.len(), 12);
    let svg = render::to_svg(s);
    assert!(texts(&svg).iter().any(|t| t == "祥符荡科创绿谷"));
}

#[test]
fn kind_palette() {
    let all = render::kind_styles();
    assert_eq!(all.len(), NodeKind::ALL.len());
    let shapes: HashSet<Shape> = all.iter().map(|(_, s)| s.shape).collect();
    assert_eq!(shapes.len(), all.len(), "one shape per kind");
    let v = serde_json::to_value(&all[0].1).unwrap();
    assert!(v["fill"].as_str().unwrap().starts_with('#'));
    assert!(v.get("shape").is_some() && v.get("stroke").is_some());
}

// ───────────────────────────── hostile scenes ─────────────────────────────

#[test]
fn absurd_numbers_do_not_panic_or_allocate_huge_images() {
    let mut nodes = Vec::new();
    for (i, v) in [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e300,
        -1e300,
        0.0,
        -0.0,
        f64::MIN_POSITIVE,
    ]
    .into_iter()
    .enumerate()
    {
        nodes.push(SceneNode {
            x: v,
            y: -v,
            w: v,
            h: v,
            font_size: v,
            ..node(&i.to_string(), 0.0, 0.0, "节点")
        });
    }
    let edges = (0..8)
        .flat_map(|a| (0..8).map(move |b| (a, b)))
        .map(|(a, b)| SceneEdge {
            source: a.to_string(),
            target: b.to_string(),
            color: "#abc".into(),
            width: if a % 2 == 0 { f64::NAN } else { 1e9 },
            dashed: b % 2 == 0,
            faded: a % 3 == 0,
        })
        .chain(std::iter::once(SceneEdge {
            source: "missing".into(),
            target: "0".into(),
            color: String::new(),
            width: 1.0,
            dashed: false,
            faded: false,
        }))
        .collect();
    let scene = Scene {
        title: "x".repeat(10_000),
        filters: vec!["长".repeat(5000); 100],
        nodes,
        edges,
        ..Default::default()
    };
    let svg = render::to_svg(&scene);
    well_formed_xml(&svg);
    assert!(
        !svg.contains("NaN") && !svg.contains("inf"),
        "numbers are finite"
    );
    let (w, h) = render::png_size(&scene, 4.0);
    assert!(w <= 8000 && h <= 8000);
    let p = decode(&render::to_png(&scene, 1.0).unwrap());
    assert_eq!((p.width, p.height), render::png_size(&scene, 1.0));
    assert!(render::to_pdf(&scene).unwrap().starts_with(b"%PDF"));
}

#[test]
fn scene_json_is_camel_case_with_cytoscape_shapes() {
    let scene = Scene {
        nodes: vec![node("a", 1.0, 2.0, "甲")],
        ..Default::default()
    };
    let v = serde_json::to_value(&scene).unwrap();
    assert_eq!(v["nodes"][0]["fontSize"], 12.0);
    assert_eq!(v["nodes"][0]["shape"], "round-rectangle");
    let back: Scene = serde_json::from_value(v).unwrap();
    assert_eq!(back, scene);
    let s: Shape = serde_json::from_str("\"concave-hexagon\"").unwrap();
    assert_eq!(s, Shape::ConcaveHexagon);
    for s in Shape::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
}

// ───────────────────────────── CLI ─────────────────────────────

fn run(args: &[&str], db: &Path) -> Output {
    let mut c = Command::new(BIN);
    c.args(args).arg("--db").arg(db);
    c.env("PLANMAP_DB", "/nonexistent-planmap-test-dir/planmap.db");
    c.output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A database with the shipped plan, built once for the CLI tests.
fn db() -> &'static Path {
    static D: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    let (_, p) = D.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("planmap-render-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap();
        let db = dir.path().join("plan.db");
        let o = run(&["build"], &db);
        assert!(o.status.success(), "build: {}", stderr(&o));
        (dir, db)
    });
    p
}

fn one_error_line(o: &Output, what: &str) -> String {
    assert!(!o.status.success(), "{what} should fail");
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{what}: {err:?}");
    assert!(lines[0].starts_with("planmap: error:"), "{what}: {err:?}");
    lines[0].to_string()
}

#[test]
fn cli_exports_a_focus_png() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let f = dir.path().join("x.png");
    let o = run(
        &[
            "export",
            "--format",
            "png",
            "--focus",
            "祥符荡科创绿谷",
            "--depth",
            "2",
            "-o",
            f.to_str().unwrap(),
        ],
        db(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let p = decode(&std::fs::read(&f).unwrap());
    // the same scene as the library makes, at the default scale 2
    let scene = render::scene_for(
        &around("祥符荡科创绿谷", 2),
        "祥符荡科创绿谷",
        &["x".into()],
    );
    let (w1, _) = render::png_size(&scene, 1.0);
    assert!(
        p.width >= w1 * 2 - 2 && p.width <= 8000,
        "{} vs {w1}",
        p.width
    );

    // scale 1 is half the size
    let f1 = dir.path().join("x1.png");
    let o = run(
        &[
            "export",
            "--format",
            "png",
            "--focus",
            "祥符荡科创绿谷",
            "--scale",
            "1",
            "-o",
            f1.to_str().unwrap(),
        ],
        db(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let p1 = decode(&std::fs::read(&f1).unwrap());
    assert_eq!(p.width, (p1.width * 2).min(8000));
}

#[test]
fn cli_exports_a_county_svg_to_stdout_and_pdf_to_a_file() {
    let o = run(&["export", "--format", "svg", "--county", "嘉善县"], db());
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = String::from_utf8(o.stdout).unwrap();
    well_formed_xml(&svg);
    let t = texts(&svg);
    assert_eq!(t.first().map(String::as_str), Some("嘉善县"), "title");
    assert!(t.iter().any(|x| x == "祥符荡科创绿谷"));

    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let f = dir.path().join("c.pdf");
    let o = run(
        &[
            "export",
            "--format",
            "pdf",
            "--county",
            "嘉善县",
            "-o",
            f.to_str().unwrap(),
        ],
        db(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&f).unwrap().starts_with(b"%PDF"));
}

#[test]
fn cli_refuses_binary_stdout_and_bad_scales() {
    for fmt in ["png", "pdf"] {
        let o = run(&["export", "--format", fmt], db());
        let line = one_error_line(&o, fmt);
        assert!(line.contains("-o"), "{line}");
        assert!(o.stdout.is_empty());
    }
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let f = dir.path().join("s.png");
    for s in ["0", "5", "NaN"] {
        let o = run(
            &[
                "export",
                "--format",
                "png",
                "--scale",
                s,
                "-o",
                f.to_str().unwrap(),
            ],
            db(),
        );
        let line = one_error_line(&o, s);
        assert!(line.contains("scale"), "{line}");
        assert!(!f.exists());
    }
    let o = run(&["export", "--format", "svg", "--scale", "2"], db());
    assert!(one_error_line(&o, "svg --scale").contains("--scale"));
}

#[test]
fn characters_outside_the_font_do_not_fail() {
    let scene = Scene {
        title: "😀 𠀀 مرحبا ᚠ 龘".into(),
        nodes: vec![node("a", 0.0, 0.0, "😀𠀀مرحبا\u{200b}\u{202e}ᚠ龘")],
        ..Default::default()
    };
    decode(&render::to_png(&scene, 1.0).unwrap());
    assert!(render::to_pdf(&scene).unwrap().starts_with(b"%PDF"));
    assert!(texts(&render::to_svg(&scene))
        .iter()
        .any(|t| t.contains("😀")));
}

// ───────────────────────────── labels as on screen ─────────────────────────────

#[test]
fn labels_outside_small_nodes_are_placed_as_on_screen_and_titled_in_full() {
    use planmap::render::LabelPos;
    let long = "嘉兴科技城高质量发展先行示范区核心平台";
    let small = |pos: LabelPos| SceneNode {
        w: 12.0,
        h: 12.0,
        label_pos: pos,
        label_width: 110.0,
        ..node("a", 0.0, 0.0, long)
    };
    let scene = |pos: LabelPos| Scene {
        title: "t".into(),
        nodes: vec![small(pos), node("b", 400.0, 0.0, "对照")],
        ..Default::default()
    };
    let below = render::to_svg(&scene(LabelPos::Below));
    // the full label is a <title>, whatever the wrapping
    assert!(below.contains(&format!("<title>{long}</title>")));
    // wrapped into lines no wider than the wrap width (110 / 12 ≈ 9 characters)
    let lines: Vec<&str> = below
        .split("<text ")
        .filter(|t| t.contains("#1f2933"))
        .filter_map(|t| t.split('>').nth(1))
        .map(|t| t.trim_end_matches("</text"))
        .collect();
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(lines.iter().all(|l| l.chars().count() <= 10), "{lines:?}");
    assert_eq!(lines.concat(), long);
    // a label under a node makes the picture taller than one inside it
    let (_, h_below) = render::png_size(&scene(LabelPos::Below), 1.0);
    let (w_right, _) = render::png_size(&scene(LabelPos::Right), 1.0);
    let (w_in, h_in) = render::png_size(&scene(LabelPos::Inside), 1.0);
    assert!(h_below > h_in, "{h_below} vs {h_in}");
    assert!(w_right >= w_in);
    let right = render::to_svg(&scene(LabelPos::Right));
    assert!(right.contains(r#"text-anchor="start""#));
}
