//! Every stage stays linear in the input, whatever its shape (TRUST.md): a
//! sentence that enumerates many names, a run of quoted names, many
//! headings, a section of many short sentences. Each shape is built at two
//! sizes, four times apart; a quadratic stage would take sixteen times as
//! long at the larger, a linear one about four (two to three here, since a
//! build has fixed costs). The test allows six: the quadratic alias merge a
//! long list once set off took 7.6 times as long at four times the items,
//! a section of short sentences naming works twelve times.
//! Each size is timed as the fastest of three builds, one shape at a time,
//! so that a busy machine does not decide.

use std::time::{Duration, Instant};

use planmap::{build_bytes, BuildOptions};

const HEAD: &str = "某市关于加快发展的意见\n一、总体要求\n";

fn list(n: usize) -> String {
    let items: Vec<String> = (0..n).map(|i| format!("第{i}号产业园")).collect();
    format!("{HEAD}（一）加快发展。建设{}等平台。\n", items.join("、"))
}

fn quotes(n: usize) -> String {
    let q: String = (0..n).map(|i| format!("“第{i}号品牌”")).collect();
    format!("{HEAD}（一）加快发展。推进{q}建设。\n")
}

fn headings(n: usize) -> String {
    let h: String = (1..=n)
        .map(|i| format!("（{i}）标题{i}\n推进建设第{i}项工作。\n"))
        .collect();
    format!("{HEAD}{h}")
}

fn short_sentences(n: usize) -> String {
    let s: String = (0..n)
        .map(|i| format!("加快推进第{i}号重点工程建设，完善配套设施。"))
        .collect();
    format!("{HEAD}（一）加快发展。{s}\n")
}

fn fastest_build(text: &str) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            build_bytes(text.as_bytes(), "t.txt", &BuildOptions::default()).unwrap();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn check(shape: &str, make: fn(usize) -> String, n: usize) {
    // one shape at a time: the tests of this file would otherwise share
    // the cores and time each other
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // a first build pays for the lexicons, once per process
    build_bytes(make(10).as_bytes(), "t.txt", &BuildOptions::default()).unwrap();
    let small = fastest_build(&make(n));
    let large = fastest_build(&make(4 * n));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    println!(
        "{shape}: {n} → {small:?}, {} → {large:?}, ×{ratio:.1}",
        4 * n
    );
    assert!(
        ratio < 6.0,
        "{shape}: four times the input took {ratio:.1} times as long"
    );
}

#[test]
fn a_long_list_of_names() {
    check("list", list, 3_000);
}

#[test]
fn a_long_run_of_quoted_names() {
    check("quotes", quotes, 1_500);
}

#[test]
fn many_headings() {
    check("headings", headings, 800);
}

#[test]
fn a_section_of_many_short_sentences() {
    check("short sentences", short_sentences, 1_500);
}
