#[test]
fn dump() {
    let b = planmap::build_default(&planmap::BuildOptions::default()).unwrap();
    let g = &b.graph;
    for n in &g.nodes {
        if matches!(
            n.kind,
            planmap::model::NodeKind::Part
                | planmap::model::NodeKind::Section
                | planmap::model::NodeKind::Region
                | planmap::model::NodeKind::Goal
        ) || n.label.contains("祥符荡")
        {
            println!(
                "{} {:?} {} regions={:?} mentions={:?} attrs={}",
                n.id,
                n.kind,
                n.label,
                n.regions.iter().map(|r| &r.region).collect::<Vec<_>>(),
                n.mentions.len(),
                serde_json::Value::Object(n.attrs.clone())
                    .to_string()
                    .chars()
                    .take(100)
                    .collect::<String>()
            );
        }
    }
    for d in g.diagnostics.iter().take(30) {
        println!("{:?} {} {:?} {}", d.level, d.code, d.span, d.message);
    }
    for e in &g.edges {
        if e.kind == planmap::model::EdgeKind::Within
            || e.target.contains("祥符荡")
            || e.source.contains("祥符荡")
        {
            println!("{} -{:?}-> {}", e.source, e.kind, e.target);
        }
    }
    let mut ents: Vec<_> = g
        .nodes
        .iter()
        .filter(|n| n.regions.len() == 1)
        .map(|n| format!("{} {:?}", n.id, n.regions[0].region))
        .collect();
    ents.sort();
    for e in ents {
        println!("ONE {e}");
    }
    println!(
        "enc {} nodes {} edges {}",
        b.encoding,
        g.nodes.len(),
        g.edges.len()
    );
}
