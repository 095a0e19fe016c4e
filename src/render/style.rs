//! The one palette of node kinds (the desktop UI uses it too) and colour checks.

use serde::Serialize;
use ts_rs::TS;

use super::Shape;
use crate::model::NodeKind;

/// How nodes of one kind are drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KindStyle {
    /// Shape.
    pub shape: Shape,
    /// Fill colour, `#rrggbb`.
    pub fill: String,
    /// Outline colour, `#rrggbb` (a darker shade of the fill).
    pub stroke: String,
    /// Label colour that reads on the fill, `#rrggbb` (white or near-black).
    pub text: String,
    /// Name of the kind for legends, in Chinese (目标, 平台 …).
    pub label: String,
}

/// (shape, fill, stroke) per kind. Fills are the Okabe–Ito colour-blind-safe
/// palette (vermillion, orange, reddish purple, blue, sky blue, bluish green,
/// yellow) plus light tints and greys; every kind also has its own shape, so
/// kinds stay apart without colour.
fn raw(kind: NodeKind) -> (Shape, &'static str, &'static str) {
    match kind {
        NodeKind::Goal => (Shape::Diamond, "#d55e00", "#8a3d00"),
        NodeKind::Indicator => (Shape::Triangle, "#e69f00", "#956700"),
        NodeKind::Strategy => (Shape::Star, "#cc79a7", "#84396a"),
        NodeKind::Part => (Shape::Rectangle, "#0072b2", "#004a74"),
        NodeKind::Section => (Shape::RoundRectangle, "#56b4e9", "#2a7fb0"),
        NodeKind::Measure => (Shape::Ellipse, "#e3e3e3", "#8c8c8c"),
        NodeKind::Platform => (Shape::Hexagon, "#009e73", "#00664b"),
        NodeKind::Project => (Shape::Tag, "#f0e442", "#9c9400"),
        NodeKind::Program => (Shape::Pentagon, "#b3e2d4", "#3f8f78"),
        NodeKind::Industry => (Shape::ConcaveHexagon, "#f8d49a", "#b07a1e"),
        NodeKind::Organization => (Shape::Rhomboid, "#ebc4da", "#9a5a80"),
        NodeKind::Region => (Shape::Octagon, "#9e9e9e", "#5e5e5e"),
    }
}

/// Chinese display name of a kind (legends).
pub fn kind_label(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Goal => "目标",
        NodeKind::Indicator => "指标",
        NodeKind::Strategy => "战略",
        NodeKind::Part => "篇章",
        NodeKind::Section => "节",
        NodeKind::Measure => "举措",
        NodeKind::Platform => "平台",
        NodeKind::Project => "项目",
        NodeKind::Program => "计划与改革",
        NodeKind::Industry => "产业",
        NodeKind::Organization => "机构",
        NodeKind::Region => "地区",
    }
}

/// How nodes of `kind` are drawn: a distinct shape and colour per kind.
pub fn kind_style(kind: NodeKind) -> KindStyle {
    let (shape, fill, stroke) = raw(kind);
    KindStyle {
        shape,
        fill: fill.to_string(),
        stroke: stroke.to_string(),
        text: text_on(fill).to_string(),
        label: kind_label(kind).to_string(),
    }
}

/// Every kind with its style, in [`NodeKind::ALL`] order.
pub fn kind_styles() -> Vec<(NodeKind, KindStyle)> {
    NodeKind::ALL.iter().map(|&k| (k, kind_style(k))).collect()
}

/// `c` as `#rrggbb` (lowercase) when it is `#rgb` or `#rrggbb`, else `None`.
pub(crate) fn parse_color(c: &str) -> Option<[u8; 3]> {
    let hex = c.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let b = hex.as_bytes();
    match b.len() {
        3 => Some([digit(b[0])? * 17, digit(b[1])? * 17, digit(b[2])? * 17]),
        6 => Some([
            digit(b[0])? * 16 + digit(b[1])?,
            digit(b[2])? * 16 + digit(b[3])?,
            digit(b[4])? * 16 + digit(b[5])?,
        ]),
        _ => None,
    }
}

/// A valid colour as `#rrggbb`, or `default` (itself trusted).
pub(crate) fn color_or(c: &str, default: &str) -> String {
    match parse_color(c) {
        Some([r, g, b]) => format!("#{r:02x}{g:02x}{b:02x}"),
        None => default.to_string(),
    }
}

/// White or near-black, whichever reads better on `fill` (WCAG luminance).
pub(crate) fn text_on(fill: &str) -> &'static str {
    let Some(rgb) = parse_color(fill) else {
        return "#1a1a1a";
    };
    let lin = |v: u8| {
        let c = v as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
    // contrast with white (1.05 / (l + 0.05)) against near-black ((l + 0.05) / 0.06)
    if 1.05 / (l + 0.05) > (l + 0.05) / 0.06 {
        "#ffffff"
    } else {
        "#1a1a1a"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        assert_eq!(color_or("#ABC", "#000000"), "#aabbcc");
        assert_eq!(color_or(" #0072b2 ", "#000000"), "#0072b2");
        for bad in [
            "",
            "#",
            "#12",
            "#1234",
            "#12345g",
            "red",
            "url(#x)",
            "#ab\"c",
            "#ａｂｃ",
        ] {
            assert_eq!(color_or(bad, "#010203"), "#010203", "{bad:?}");
        }
    }

    #[test]
    fn palette_is_distinct() {
        let all = kind_styles();
        assert_eq!(all.len(), 12);
        let shapes: std::collections::HashSet<_> = all.iter().map(|(_, s)| s.shape).collect();
        let fills: std::collections::HashSet<_> = all.iter().map(|(_, s)| &s.fill).collect();
        assert_eq!(shapes.len(), 12);
        assert_eq!(fills.len(), 12);
        for (_, s) in &all {
            assert!(parse_color(&s.fill).is_some() && parse_color(&s.stroke).is_some());
        }
        assert_eq!(text_on("#0072b2"), "#ffffff");
        assert_eq!(text_on("#f0e442"), "#1a1a1a");
    }
}
