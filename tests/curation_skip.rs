//! The shipped curation file is applied to the text whose fingerprint (the
//! canonical text's SHA-256) it names, whatever its title or file name;
//! input must never make the build fail because of it.
//! Entries whose entity, region or node is not in the text are skipped with a
//! `curation-skipped` warning; the shipped plan itself skips none.

use planmap::model::Level;
use planmap::pipeline::DEFAULT_PLAN;
use planmap::{build_bytes, build_default, BuildOptions};

fn title() -> String {
    let text = std::str::from_utf8(DEFAULT_PLAN).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    text.lines().next().unwrap().to_string()
}

/// The curation entries a build skipped.
fn skips(g: &planmap::model::GraphData) -> Vec<&planmap::model::Diagnostic> {
    g.diagnostics
        .iter()
        .filter(|d| d.code == "curation-skipped")
        .collect()
}

#[test]
fn curation_follows_the_fingerprint_not_the_title() {
    // the shipped plan's title over another body: not the text the
    // curation file is about, so none of its facts is applied
    let text = format!(
        "{}\n\n一、总体要求\n\n推进农业现代化，提高粮食产量，建设美丽乡村。\n",
        title()
    );
    let built = build_bytes(text.as_bytes(), "other.txt", &BuildOptions::default())
        .expect("a text with the shipped title must build");
    assert!(skips(&built.graph).is_empty());
    assert!(built
        .graph
        .nodes
        .iter()
        .all(|n| n.origin == planmap::model::Origin::Extracted));
    // the shipped plan under another file name is the same text: the facts apply
    let renamed = build_bytes(DEFAULT_PLAN, "renamed.txt", &BuildOptions::default()).unwrap();
    assert!(renamed.graph.nodes.iter().any(|n| n
        .regions
        .iter()
        .any(|r| r.basis == planmap::model::RegionBasis::Curated)));
}

#[test]
fn entries_that_do_not_fit_are_skipped_with_a_warning() {
    // the shipped file applied by hand to a graph of another text
    let text = "一、总体要求\n\n推进农业现代化，提高粮食产量，建设美丽乡村。\n";
    let mut g = build_bytes(text.as_bytes(), "other.txt", &BuildOptions::default())
        .unwrap()
        .graph;
    planmap::curation::Curation::shipped()
        .unwrap()
        .apply(&mut g)
        .unwrap();
    let skips = skips(&g);
    assert!(!skips.is_empty(), "expected curation-skipped diagnostics");
    assert!(skips.iter().all(|d| d.level == Level::Warning));
    assert!(
        skips
            .iter()
            .any(|d| d.message.contains("中心城区") || d.message.contains("region")),
        "a skip names the missing region: {skips:?}"
    );
    assert!(skips.iter().all(|d| d.message.contains("skipped")));
}

#[test]
fn shipped_plan_skips_nothing() {
    let built = build_default(&BuildOptions::default()).unwrap();
    let skips = skips(&built.graph);
    assert!(skips.is_empty(), "{skips:?}");
}
