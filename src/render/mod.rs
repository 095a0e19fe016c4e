//! Image export drawn in Rust: SVG, PNG and PDF of a graph view.
//!
//! A [`Scene`] is what is on screen: node positions, sizes, shapes, colours and
//! labels, the edges between them, a title, the active filters, a legend and a
//! source line. The desktop app sends the scene it shows; the CLI makes one
//! with [`scene_for`], which lays a (sub)graph out headlessly with a force
//! simulation and styles it with the one kind palette ([`kind_style`]).
//!
//! [`to_svg`] draws the scene as a standalone SVG (text stays text);
//! [`to_png`] and [`to_pdf`] render that same SVG with resvg and svg2pdf (a
//! PNG's node labels composited from cached glyphs of the same font, which
//! is much faster for thousands of them), using only the embedded Noto Sans
//! SC subset (GB2312 and more, see
//! `assets/fonts/README.md`): no system font is ever read, so every machine
//! draws the same image.
//!
//! A scene is untrusted input. Colours other than `#rgb`/`#rrggbb` fall back to
//! defaults, labels are escaped and stripped of characters XML forbids,
//! non-finite numbers become defaults and everything is clamped to the limits
//! below, so no scene panics or allocates a huge image.
//!
//! ```no_run
//! # fn main() -> planmap::Result<()> {
//! let built = planmap::build_default(&Default::default())?;
//! let scene = planmap::render::scene_for(&built.graph, "嘉兴", &[]);
//! let png = planmap::render::to_png(&scene, 2.0)?;
//! std::fs::write("plan.png", png).unwrap();
//! # Ok(()) }
//! ```

mod glyphs;
mod layout;
mod raster;
mod style;
mod svg;
mod text;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use layout::scene_for;
pub use raster::{png_size, to_pdf, to_png};
pub use style::{kind_label, kind_style, kind_styles, KindStyle};
pub use svg::to_svg;

/// The font families every text element asks for; all of them resolve to the
/// embedded font when rendering PNG and PDF.
pub const FONT_FAMILY: &str = "Noto Sans SC, Noto Sans CJK SC, sans-serif";
/// The embedded font: Noto Sans CJK SC subset to GB2312, ASCII, punctuation
/// and the characters of the shipped plan (SIL Open Font License 1.1).
pub const FONT_DATA: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-subset.otf");

/// Smallest PNG scale factor.
pub const MIN_SCALE: f64 = 1.0;
/// Largest PNG scale factor.
pub const MAX_SCALE: f64 = 4.0;
/// Largest PNG width and height in pixels: a larger image is drawn at a
/// smaller scale so that both sides fit (the aspect ratio is kept).
pub const MAX_PNG_SIDE: u32 = 8000;
/// Most nodes drawn; further nodes (and their edges) are left out.
pub const MAX_NODES: usize = 20_000;
/// Most edges drawn; further edges are left out.
pub const MAX_EDGES: usize = 100_000;
/// Longest node label drawn, in characters (longer ones end in `…`).
pub const MAX_LABEL_CHARS: usize = 300;
/// Largest absolute node coordinate; coordinates beyond are clamped.
pub const MAX_COORD: f64 = 50_000.0;

/// A graph view to draw: what the desktop UI sends, or what [`scene_for`] makes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Scene {
    /// Title, drawn large at the top.
    pub title: String,
    /// Active filters, one line each under the title.
    pub filters: Vec<String>,
    /// Source line at the bottom (e.g. `来源：… · planmap`).
    pub source: String,
    /// Legend entries, drawn in a box under the graph.
    pub legend: Vec<LegendItem>,
    /// Nodes.
    pub nodes: Vec<SceneNode>,
    /// Edges (drawn under the nodes).
    pub edges: Vec<SceneEdge>,
}

/// One legend entry: a shape swatch and its label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LegendItem {
    /// Text.
    pub label: String,
    /// Swatch shape.
    pub shape: Shape,
    /// Swatch colour, `#rrggbb` or `#rgb`.
    pub fill: String,
}

/// A node as drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SceneNode {
    /// Node id (edges refer to it).
    pub id: String,
    /// Centre, model coordinates.
    pub x: f64,
    /// Centre, model coordinates (y grows downwards).
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Shape.
    pub shape: Shape,
    /// Fill colour, `#rrggbb` or `#rgb`.
    pub fill: String,
    /// Outline colour, `#rrggbb` or `#rgb`.
    pub stroke: String,
    /// Label, wrapped to the node's width (Chinese wraps at any character).
    pub label: String,
    /// Label font size, model units.
    pub font_size: f64,
    /// Drawn translucent (outside the current filter).
    pub faded: bool,
    /// Where the label sits (as on screen); inside when absent.
    #[serde(default)]
    pub label_pos: LabelPos,
    /// Wrap width of a label outside the node, model units (0: a default).
    #[serde(default)]
    pub label_width: f64,
}

/// Where a node's label is drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum LabelPos {
    /// Centred inside the node, in the node's text colour.
    #[default]
    Inside,
    /// Centred under the node, dark ink with a white halo.
    Below,
    /// Left-aligned to the right of the node, vertically centred.
    Right,
}

/// An edge as drawn: a straight line with an arrowhead at the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SceneEdge {
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// Colour, `#rrggbb` or `#rgb`.
    pub color: String,
    /// Line width, model units.
    pub width: f64,
    /// Dashed line.
    pub dashed: bool,
    /// Drawn translucent (outside the current filter).
    pub faded: bool,
}

/// Node shapes, named as in cytoscape.js.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// Ellipse.
    Ellipse,
    /// Rectangle with rounded corners.
    RoundRectangle,
    /// Rectangle.
    Rectangle,
    /// Diamond (rhombus).
    Diamond,
    /// Hexagon with flat top and bottom.
    Hexagon,
    /// Triangle pointing up.
    Triangle,
    /// Octagon.
    Octagon,
    /// Pentagon.
    Pentagon,
    /// Five-pointed star.
    Star,
    /// Rectangle pointed on the right.
    Tag,
    /// Parallelogram leaning right.
    Rhomboid,
    /// Rectangle notched on the left and right.
    ConcaveHexagon,
}

impl Shape {
    /// All shapes.
    pub const ALL: [Shape; 12] = [
        Shape::Ellipse,
        Shape::RoundRectangle,
        Shape::Rectangle,
        Shape::Diamond,
        Shape::Hexagon,
        Shape::Triangle,
        Shape::Octagon,
        Shape::Pentagon,
        Shape::Star,
        Shape::Tag,
        Shape::Rhomboid,
        Shape::ConcaveHexagon,
    ];
    /// The cytoscape.js name (`round-rectangle` …), as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Ellipse => "ellipse",
            Shape::RoundRectangle => "round-rectangle",
            Shape::Rectangle => "rectangle",
            Shape::Diamond => "diamond",
            Shape::Hexagon => "hexagon",
            Shape::Triangle => "triangle",
            Shape::Octagon => "octagon",
            Shape::Pentagon => "pentagon",
            Shape::Star => "star",
            Shape::Tag => "tag",
            Shape::Rhomboid => "rhomboid",
            Shape::ConcaveHexagon => "concave-hexagon",
        }
    }
}
