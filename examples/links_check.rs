fn main() {
    let b = planmap::build_default(&Default::default()).unwrap();
    let text = &b.graph.documents[0].text;
    let chars: Vec<char> = text.chars().collect();
    let strategies: Vec<(String, Vec<[usize; 2]>)> = b
        .graph
        .nodes
        .iter()
        .filter(|n| n.kind == planmap::model::NodeKind::Strategy)
        .map(|n| (n.label.clone(), n.mentions.clone()))
        .collect();
    let links = planmap::extract::links::strategy_links(&chars, &b.outline, &strategies);
    for l in links {
        println!(
            "{:?} -> {} {:?} {:.2}",
            l.from, strategies[l.to].0, l.basis, l.weight
        );
    }
}
