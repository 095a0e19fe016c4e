//! Query benchmarks on the shipped plan, through [`planmap::api::Session`]
//! (what the CLI and every app command call), on a database built once in a
//! temporary folder:
//!
//! | bench | call |
//! |---|---|
//! | `queries/county 嘉善县` | `counties(&["嘉善县"])`: the county filter |
//! | `queries/trace goal` | `trace(goal)`: a goal and what supports it |
//! | `queries/focus k=1..3` | `focus(id, k)`: the k-hop neighbourhood |
//! | `queries/path far` | `path(a, b)`: shortest path between two far-apart nodes (9 hops) |
//! | `search/…` | `search(q, 60)` (the app's limit) with 1, 2, 4 and 5 characters |
//! | `ui/…` | what the app waits on at start and on a click: `view_graph`, `lens`, `node_evidence`, `overview`, `outline`, `gaps` |
//!
//! Nodes are named by label and resolved to their ids once at setup, so the
//! bench does not depend on how ids are spelt.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use planmap::api::Session;

/// Limit of results the app asks `search` for (`src-tauri/src/lib.rs`).
const APP_SEARCH_LIMIT: usize = 60;

fn queries(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("queries.db");
    let opened = Session::open_or_build(&db, &mut |_| {}).unwrap();
    assert!(opened.built);
    let s = opened.session;
    let id = |label: &str| -> String {
        let n = s
            .graph()
            .resolve(label)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        n.id.clone()
    };
    // a goal of the plan (科技创新水平实现新跨越): 770+ nodes reachable
    let goal = id("科技创新水平实现新跨越");
    // a mid-degree entity for the neighbourhoods
    let focus = id("数字经济");
    // two far-apart nodes: a place outside the city and a reform of part 十
    let (far_a, far_b) = (id("张江"), id("“亩均论英雄”"));
    // the node with the most evidence (the city itself)
    let city = id("嘉兴市");
    let county = vec!["嘉善县".to_string()];
    eprintln!("queries on: goal {goal}, focus {focus}, path {far_a} → {far_b}, evidence {city}");

    let mut g = c.benchmark_group("queries");
    g.bench_function("county 嘉善县", |b| {
        b.iter(|| s.counties(black_box(&county)).unwrap())
    });
    g.bench_function("trace goal", |b| {
        b.iter(|| s.trace(black_box(&goal)).unwrap())
    });
    for k in 1..=3u32 {
        g.bench_function(format!("focus k={k}"), |b| {
            b.iter(|| s.focus(black_box(&focus), k).unwrap())
        });
    }
    let hops = s.path(&far_a, &far_b).unwrap().len();
    assert!(
        hops >= 6,
        "the path bench wants far-apart nodes, got {hops}"
    );
    g.bench_function("path far", |b| {
        b.iter(|| s.path(black_box(&far_a), black_box(&far_b)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("search");
    for q in ["湖", "科创", "科创走廊", "高质量发展"] {
        let n = s.search(q, APP_SEARCH_LIMIT).unwrap().len();
        assert!(n > 0, "search {q}: no hits");
        g.bench_function(format!("{}ch {q}", q.chars().count()), |b| {
            b.iter(|| s.search(black_box(q), APP_SEARCH_LIMIT).unwrap())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("ui");
    g.bench_function("view_graph", |b| b.iter(|| s.view_graph()));
    g.bench_function("lens", |b| b.iter(|| s.lens().unwrap()));
    g.bench_function("node_evidence 嘉兴市", |b| {
        b.iter(|| s.node_evidence(black_box(&city)).unwrap())
    });
    g.bench_function("node_evidence goal", |b| {
        b.iter(|| s.node_evidence(black_box(&goal)).unwrap())
    });
    g.bench_function("overview", |b| b.iter(|| s.overview()));
    g.bench_function("outline", |b| b.iter(|| s.outline()));
    g.bench_function("gaps", |b| b.iter(|| s.gaps()));
    g.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
