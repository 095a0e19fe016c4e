//! Measures the release app in a real window (not a test: numbers, no
//! thresholds). Run by `scripts/perf`, which builds the release binary first:
//!
//! ```sh
//! PLANMAP_APP_BIN=target/release/planmap-app xvfb-run -a -s "-screen 0 1600x1000x24" \
//!   cargo run --release -p planmap-app --features e2e --example perf
//! ```
//!
//! Reports: launch → interactive map on a warm database (wall clock from
//! session start, and the page's own `performance.now()` at ready), response of
//! the county filter, goal trace and search (from the UI's own timing of
//! action → rendered), pan/zoom frame times on the whole graph (requestAnimationFrame
//! intervals during a scripted pan/zoom), and resident memory after load.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{json, Value};
use support::{connect, App, R};

fn stats(mut v: Vec<f64>) -> String {
    if v.is_empty() {
        return "n/a".into();
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    format!(
        "median {:.1} ms, p95 {:.1} ms, min {:.1}, max {:.1} (n={})",
        q(0.5),
        q(0.95),
        v[0],
        v[v.len() - 1],
        v.len()
    )
}

fn rss_kib(name: &str) -> u64 {
    let mut total = 0;
    if let Ok(rd) = std::fs::read_dir("/proc") {
        for e in rd.flatten() {
            let p = e.path();
            let Ok(comm) = std::fs::read_to_string(p.join("comm")) else {
                continue;
            };
            if comm.trim().starts_with(name) {
                if let Ok(st) = std::fs::read_to_string(p.join("status")) {
                    for l in st.lines() {
                        if let Some(kb) = l.strip_prefix("VmRSS:") {
                            total += kb
                                .trim()
                                .trim_end_matches("kB")
                                .trim()
                                .parse::<u64>()
                                .unwrap_or(0);
                        }
                    }
                }
            }
        }
    }
    total
}

async fn last_op(app: &App) -> R<f64> {
    let v = app
        .js("return document.querySelector('#map').dataset.lastOpMs || ''")
        .await?;
    Ok(v.as_str().unwrap_or("").parse().unwrap_or(f64::NAN))
}

async fn op(app: &App, script: &str, args: Vec<Value>) -> R<f64> {
    app.js("document.querySelector('#map').dataset.lastOpMs=''")
        .await?;
    app.c.execute(script, args).await?;
    let t = Instant::now();
    loop {
        let v = last_op(app).await?;
        if v.is_finite() {
            return Ok(v);
        }
        if t.elapsed() > Duration::from_secs(10) {
            return Err("the UI did not report an operation time".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn measure() -> R<()> {
    let bin = std::env::var_os("PLANMAP_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| support::root().join("target/release/planmap-app"));
    let data = tempfile::tempdir()?;
    // warm the database first (a first start builds it)
    {
        let db = data.path().join("planmap.db");
        drop(planmap::api::Session::open_or_build(&db, &mut |_| {})?);
    }
    let mut launches = Vec::new();
    let mut page_ready = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let (driver, app) = connect(&bin, data.path()).await?;
        app.wait_js("ready", "return document.body.dataset.ready === '1'", 60)
            .await?;
        launches.push(t.elapsed().as_secs_f64() * 1000.0);
        let r = app
            .js("return Number(document.body.dataset.readyMs || 'NaN')")
            .await?;
        page_ready.push(r.as_f64().unwrap_or(f64::NAN));
        let _ = app.c.close().await;
        drop(driver);
    }
    println!(
        "launch → interactive map (warm database, WebDriver session start to ready): {}",
        stats(launches)
    );
    println!(
        "page load → ready (performance.now at ready): {}",
        stats(page_ready)
    );

    let (driver, app) = connect(&bin, data.path()).await?;
    app.wait_js("ready", "return document.body.dataset.ready === '1'", 60)
        .await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mem_app = rss_kib("planmap-app");
    let mem_web = rss_kib("WebKitWebProces");
    println!(
        "memory after load: app process {:.0} MiB, WebKit web process {:.0} MiB",
        mem_app as f64 / 1024.0,
        mem_web as f64 / 1024.0
    );

    let mut filter = Vec::new();
    let mut trace = Vec::new();
    let mut search = Vec::new();
    let counties = [
        "嘉善县",
        "海宁市",
        "桐乡市",
        "平湖市",
        "南湖区",
        "秀洲区",
        "海盐县",
    ];
    for round in 0..3 {
        for c in counties {
            filter.push(
                op(
                    &app,
                    "document.querySelector('[data-county=\"'+arguments[0]+'\"]').dispatchEvent(new MouseEvent('click',{bubbles:true}))",
                    vec![json!(c)],
                )
                .await?,
            );
            op(
                &app,
                "document.querySelector('#county-reset').click()",
                vec![],
            )
            .await?;
        }
        let goals = app
            .js("return [...document.querySelector('#goal-picker').options].map(o=>o.value).filter(v=>v)")
            .await?;
        for g in goals
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .take(10)
        {
            trace.push(
                op(
                    &app,
                    "const s=document.querySelector('#goal-picker'); s.value=arguments[0]; s.dispatchEvent(new Event('change')); const b=document.querySelector('#trace-btn'); if(b) b.click();",
                    vec![g.clone()],
                )
                .await?,
            );
        }
        for q in ["湖", "科创", "科创走廊", "高质量发展", "嘉善"] {
            let s = app.c.find(Locator::Css("#search")).await?;
            s.clear().await?;
            search.push(
                op(
                    &app,
                    "const i=document.querySelector('#search'); i.value=arguments[0]; i.dispatchEvent(new Event('input'))",
                    vec![json!(q)],
                )
                .await?,
            );
        }
        let _ = round;
    }
    println!("county filter (click → map updated): {}", stats(filter));
    println!("goal trace (pick → map updated): {}", stats(trace));
    println!(
        "search (input → results shown, excluding the 150 ms debounce): {}",
        stats(search)
    );

    // whole graph, pan/zoom
    op(
        &app,
        "document.querySelector('#county-reset').click()",
        vec![],
    )
    .await?;
    app.js("document.querySelector('#perf-out').textContent=''; document.querySelector('#perf-panzoom').click()")
        .await?;
    let out = app
        .wait_js(
            "pan/zoom frames",
            "return document.querySelector('#perf-out').textContent",
            60,
        )
        .await?;
    let v: Value = serde_json::from_str(out.as_str().unwrap_or("{}"))?;
    println!(
        "pan/zoom on the whole graph ({} elements visible): frame median {:.1} ms, p95 {:.1} ms, max {:.1} ms over {} frames",
        v["elements"], v["p50"].as_f64().unwrap_or(f64::NAN), v["p95"].as_f64().unwrap_or(f64::NAN),
        v["max"].as_f64().unwrap_or(f64::NAN), v["frames"]
    );
    let _ = app.c.close().await;
    drop(driver);
    Ok(())
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if let Err(e) = rt.block_on(measure()) {
        eprintln!("perf: {e}");
        std::process::exit(1);
    }
}
