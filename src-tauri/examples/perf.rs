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
//! `PLANMAP_PERF_ONLY=ops` skips the launch loop and the library scenario
//! (filter, trace, search and pan/zoom only: a quick loop while tuning);
//! `PLANMAP_PERF_ONLY=launch` runs the launch loop alone.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::actions::{
    InputSource, MouseActions, PointerAction, WheelAction, WheelActions, MOUSE_BUTTON_LEFT,
};
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

/// The newest process whose command name starts with `name`: its `/proc`
/// folder and its start time (clock ticks since boot, field 22 of `stat`).
fn newest_process(name: &str) -> Option<(PathBuf, u64)> {
    let mut newest: Option<(PathBuf, u64)> = None;
    for e in std::fs::read_dir("/proc").ok()?.flatten() {
        let p = e.path();
        let Ok(comm) = std::fs::read_to_string(p.join("comm")) else {
            continue;
        };
        if !comm.trim().starts_with(name) {
            continue;
        }
        let Ok(stat) = std::fs::read_to_string(p.join("stat")) else {
            continue;
        };
        // fields after the ")" of the command name; starttime is field 22
        let ticks = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(19)?.parse::<u64>().ok());
        let Some(ticks) = ticks else {
            continue;
        };
        if newest.as_ref().map_or(true, |(_, t)| ticks >= *t) {
            newest = Some((p, ticks));
        }
    }
    newest
}

/// Resident memory (kB) of the newest process of that name: instances of the
/// launch loop that have not exited yet are not this session's.
fn rss_kib(name: &str) -> u64 {
    newest_process(name)
        .and_then(|(p, _)| std::fs::read_to_string(p.join("status")).ok())
        .and_then(|st| {
            st.lines().find_map(|l| {
                l.strip_prefix("VmRSS:")?
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
        })
        .unwrap_or(0)
}

/// Unix time (ms) at which the newest process named `name` started, from
/// `/proc/<pid>/stat` (clock ticks since boot) and the boot time derived from
/// `/proc/uptime` (10 ms resolution either way).
fn newest_start_ms(name: &str) -> Option<f64> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs_f64()
        * 1000.0;
    let up: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let boot = now - up * 1000.0;
    let (_, ticks) = newest_process(name)?;
    Some(boot + ticks as f64 * 10.0)
}

/// Medians of each phase over the recorded operations.
fn phase_medians(all: &[Value]) -> String {
    let mut keys: Vec<String> = Vec::new();
    for v in all {
        if let Some(o) = v.as_object() {
            for k in o.keys() {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
    }
    let mut out = Vec::new();
    for k in keys {
        let mut xs: Vec<f64> = all.iter().filter_map(|v| v[&k].as_f64()).collect();
        if xs.is_empty() {
            continue;
        }
        xs.sort_by(f64::total_cmp);
        out.push((xs[xs.len() / 2], format!("{k} {:.1}", xs[xs.len() / 2])));
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter()
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The JSON text a page script returns, parsed (`null` when it is not JSON).
async fn js_json(app: &App, script: &str) -> R<Value> {
    let v = app.js(script).await?;
    Ok(serde_json::from_str(v.as_str().unwrap_or("{}")).unwrap_or(Value::Null))
}

async fn last_phases(app: &App) -> R<Value> {
    js_json(
        app,
        "return document.querySelector('#map').dataset.lastOpPhases || '{}'",
    )
    .await
}

/// The page's start as it happened: its `boot:*` marks, paint entries and
/// the document's own events, in ms from the page's time origin.
async fn boot_timeline(app: &App) -> R<Value> {
    js_json(app, "const o={}; for (const e of performance.getEntriesByType('mark')) \
               if (e.name.startsWith('boot:') && !(e.name.slice(5) in o)) o[e.name.slice(5)]=Math.round(e.startTime); \
             for (const e of performance.getEntriesByType('paint')) o[e.name]=Math.round(e.startTime); \
             const n=performance.getEntriesByType('navigation')[0]; \
             if (n) { o.responseEnd=Math.round(n.responseEnd); o.domContentLoaded=Math.round(n.domContentLoadedEventEnd); } \
             return JSON.stringify(o)").await
}

async fn frames(app: &App, mode: &str) -> R<Value> {
    app.js(&format!(
        "const b=document.querySelector('#perf-panzoom'); b.dataset.mode='{mode}'; b.dataset.ms='4500'; \
         document.querySelector('#perf-out').textContent=''; b.click()"
    ))
    .await?;
    if mode == "record" {
        // a drag across the map's empty margin (fit leaves 30 px), then wheel zooms
        let map = app.c.find(Locator::Css("#map")).await?;
        let (_, _, w, h) = map.rectangle().await?;
        let mut m = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: map.clone(),
                duration: None,
                x: -w / 2.0 + 10.0,
                y: -h / 2.0 + 10.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            });
        for i in 0..40 {
            let dx = if (i / 10) % 2 == 0 { 14.0 } else { -14.0 };
            m = m.then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(35)),
                x: dx,
                y: if i < 20 { 6.0 } else { -6.0 },
            });
        }
        m = m.then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
        app.c.perform_actions(m).await?;
        let mut wheel = WheelActions::new("wheel".into());
        for i in 0..24 {
            wheel = wheel.then(WheelAction::Scroll {
                duration: Some(Duration::from_millis(40)),
                x: (w / 2.0) as i64,
                y: (h / 2.0) as i64,
                delta_x: 0,
                delta_y: if i < 12 { -40 } else { 40 },
            });
        }
        if let Err(e) = app.c.perform_actions(wheel).await {
            println!("  (the driver refused wheel input: {e}; drag only)");
        }
    }
    let out = app
        .wait_js(
            "frames",
            "return document.querySelector('#perf-out').textContent",
            60,
        )
        .await?;
    Ok(serde_json::from_str(out.as_str().unwrap_or("{}"))?)
}

fn frame_line(what: &str, v: &Value) -> String {
    let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    format!(
        "{what} ({} elements drawn): frame interval median {:.1} ms, p95 {:.1}, max {:.1} over {} frames; \
         draw per drawn frame median {:.1} ms, p95 {:.1}, max {:.1} over {} draws",
        v["elements"], f("p50"), f("p95"), f("max"), v["frames"], f("drawP50"), f("drawP95"), f("drawMax"), v["draws"]
    )
}

async fn last_op(app: &App) -> R<f64> {
    let v = app
        .js("return document.querySelector('#map').dataset.lastOpMs || ''")
        .await?;
    Ok(v.as_str().unwrap_or("").parse().unwrap_or(f64::NAN))
}

/// The goal ids of the goal list, in its order.
async fn goal_ids(app: &App) -> R<Vec<Value>> {
    let v = app
        .js("return [...document.querySelector('#goal-picker').options].map(o=>o.value).filter(v=>v)")
        .await?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

/// Trace goal `g` as a pick in the goal list does; the operation's time.
async fn pick_goal(app: &App, g: &Value) -> R<f64> {
    op(
        app,
        "const s=document.querySelector('#goal-picker'); s.value=arguments[0]; s.dispatchEvent(new Event('change')); ",
        vec![g.clone()],
    )
    .await
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
    let mut from_process = Vec::new();
    let mut page_ready = Vec::new();
    let mut start_ph = Vec::new();
    let mut timeline = Vec::new();
    let only = std::env::var("PLANMAP_PERF_ONLY").unwrap_or_default();
    let ops_only = only == "ops";
    for _ in 0..if ops_only { 0 } else { 7 } {
        let t = Instant::now();
        let (driver, app) = connect(&bin, data.path()).await?;
        app.wait_js("ready", "return document.body.dataset.ready === '1'", 60)
            .await?;
        launches.push(t.elapsed().as_secs_f64() * 1000.0);
        let r = app
            .js("return Number(document.body.dataset.readyMs || 'NaN')")
            .await?;
        page_ready.push(r.as_f64().unwrap_or(f64::NAN));
        app.wait_js(
            "start phases",
            "return document.querySelector('#map').dataset.lastOpPhases || ''",
            30,
        )
        .await?;
        start_ph.push(last_phases(&app).await?);
        timeline.push(boot_timeline(&app).await?);
        if std::env::var_os("PLANMAP_PERF_TIMELINES").is_some() {
            let mut v: Vec<(String, f64)> = timeline
                .last()
                .and_then(|t| t.as_object())
                .map(|o| {
                    o.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_f64()?)))
                        .collect()
                })
                .unwrap_or_default();
            v.sort_by(|a, b| a.1.total_cmp(&b.1));
            println!(
                "  timeline: {}",
                v.iter()
                    .map(|(k, t)| format!("{k} {t}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let ready_at = app
            .js("return performance.timeOrigin + Number(document.body.dataset.readyMs || 'NaN')")
            .await?
            .as_f64()
            .unwrap_or(f64::NAN);
        if let Some(start) = newest_start_ms("planmap-app") {
            from_process.push(ready_at - start);
        }
        let _ = app.c.close().await;
        drop(driver);
    }
    println!(
        "launch → interactive map (warm database, app process start to ready): {}",
        stats(from_process)
    );
    println!(
        "launch → interactive map (warm database, WebDriver session request to ready, includes the driver): {}",
        stats(launches)
    );
    println!(
        "page load → ready (performance.now at ready): {}",
        stats(page_ready)
    );
    println!(
        "  phases of the last start (ms from the first IPC request): {}",
        phase_medians(&start_ph)
    );
    println!(
        "  page timeline (ms from the page's time origin, medians): {}",
        phase_medians(&timeline)
    );
    if only == "launch" {
        return Ok(());
    }

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
    let (mut filter_ph, mut trace_ph, mut search_ph) = (Vec::new(), Vec::new(), Vec::new());
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
            filter_ph.push(last_phases(&app).await?);
            op(
                &app,
                "document.querySelector('#county-reset').click()",
                vec![],
            )
            .await?;
        }
        for g in goal_ids(&app).await?.iter().take(10) {
            trace.push(pick_goal(&app, g).await?);
            trace_ph.push(last_phases(&app).await?);
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
            search_ph.push(last_phases(&app).await?);
        }
        let _ = round;
    }
    println!("county filter (click → map updated): {}", stats(filter));
    println!(
        "  phases (median ms from the click): {}",
        phase_medians(&filter_ph)
    );
    println!(
        "goal trace, back to back (pick → map updated, the next pick as soon as it is painted): {}",
        stats(trace)
    );
    println!(
        "  phases (median ms from the pick): {}",
        phase_medians(&trace_ph)
    );
    // the same traces one at a time, as a reader picks goals: each starts
    // once the last one's camera flight (300 ms after its paint) is over and
    // the labels it brought into view are placed
    let mut idle = Vec::new();
    let mut idle_ph = Vec::new();
    for g in goal_ids(&app).await?.iter().take(20) {
        tokio::time::sleep(Duration::from_millis(800)).await;
        idle.push(pick_goal(&app, g).await?);
        idle_ph.push(last_phases(&app).await?);
    }
    println!(
        "goal trace, one at a time (pick → map updated, 800 ms after the last): {}",
        stats(idle)
    );
    println!(
        "  phases (median ms from the pick): {}",
        phase_medians(&idle_ph)
    );
    println!(
        "search (input → results shown, excluding the 150 ms debounce): {}",
        stats(search)
    );
    println!(
        "  phases (median ms from the query): {}",
        phase_medians(&search_ph)
    );

    // whole graph, pan/zoom
    op(
        &app,
        "document.querySelector('#county-reset').click()",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let v = frames(&app, "record").await?;
    println!(
        "{}",
        frame_line("pan/zoom by mouse drag and wheel, whole graph", &v)
    );
    let v = frames(&app, "scripted").await?;
    println!(
        "{}",
        frame_line(
            "pan/zoom set from script every frame (full redraws, no texture), whole graph",
            &v
        )
    );
    export(&app).await?;
    let _ = app.c.close().await;
    drop(driver);
    if ops_only {
        return Ok(());
    }
    library().await
}

/// 4× PNG exports of the whole plan through the app, timed from the save
/// dialog answered until the file is written (the app starts drawing at the
/// click, while the dialog is open), three alone and one while the map is
/// panned and zoomed from script (full redraws), to show whether the window
/// keeps its frame rate while an export draws on every core.
async fn export(app: &App) -> R<()> {
    let dir = tempfile::tempdir()?;
    let start = |n: usize| -> R<(PathBuf, Instant)> {
        let path = dir.path().join(format!("whole-4x-{n}.png"));
        support::answer_save_dialog(&path)?;
        Ok((path, Instant::now()))
    };
    let written = |path: &std::path::Path| path.metadata().map(|m| m.len() > 0).unwrap_or(false);
    app.js(
        "document.querySelector('#export-format').value='png';\
         document.querySelector('#export-format').dispatchEvent(new Event('change'));\
         const s=document.querySelector('#export-scale'); s.value='4'; s.dispatchEvent(new Event('change'));",
    )
    .await?;
    let mut alone = Vec::new();
    let mut size = (0, 0);
    for n in 0..4 {
        app.c
            .find(Locator::Css("#export-btn"))
            .await?
            .click()
            .await?;
        let clicked = Instant::now();
        if n < 3 {
            let (path, t) = start(n)?;
            while !written(&path) {
                if t.elapsed() > Duration::from_secs(60) {
                    return Err("the export was not written".into());
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            alone.push(t.elapsed().as_secs_f64() * 1000.0);
            size = support::png_size(&std::fs::read(&path)?)?;
        } else {
            // the map is driven from the click on, while the dialog is
            // answered and the file watched on a thread of their own
            let path = dir.path().join(format!("whole-4x-{n}.png"));
            let watch = std::thread::spawn(move || -> Option<f64> {
                support::answer_save_dialog(&path).ok()?;
                while !written(&path) && clicked.elapsed() < Duration::from_secs(60) {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Some(clicked.elapsed().as_secs_f64() * 1000.0)
            });
            let v = frames(app, "scripted").await?;
            let ms = watch
                .join()
                .map_err(|_| "the watcher failed")?
                .ok_or("the save dialog was not answered")?;
            println!(
                "{}",
                frame_line(
                    &format!(
                        "pan/zoom from script from the click on a 4× PNG export until {ms:.0} ms after (the export written, the dialog answered meanwhile), whole graph"
                    ),
                    &v
                )
            );
        }
        // the toast of this export goes before the next one starts
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    println!(
        "4× PNG export of the whole plan in the app ({}×{} px; the wait from the save dialog answered to the file written, the drawing having started at the click, while the scripted dialog was open ≈ 1.5 s): {}",
        size.0,
        size.1,
        stats(alone)
    );
    Ok(())
}

/// The app at scale: the shipped plan plus every report of the corpus in one
/// library; switch to each document, filter by county, search, and pan/zoom
/// the biggest one. Skipped when the corpus is absent.
async fn library() -> R<()> {
    let dir = std::env::var_os("PLANMAP_PERF_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| support::root().join("../shared/corpus/provincial-work-reports-2026"));
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        Err(_) => {
            println!("library: no corpus at {} — skipped", dir.display());
            return Ok(());
        }
    };
    files.sort();
    let bin = std::env::var_os("PLANMAP_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| support::root().join("target/release/planmap-app"));
    let data = tempfile::tempdir()?;
    {
        let db = data.path().join("planmap.db");
        let mut s = planmap::api::Session::open_or_build(&db, &mut |_| {})?.session;
        for f in &files {
            let bytes = std::fs::read(f)?;
            let name = f
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            if let Err(e) = s.add_document(&bytes, &name, &mut |_| {}) {
                println!("library: {name} not added: {e}");
            }
        }
        println!(
            "library: {} documents in one database",
            s.documents()?.len()
        );
    }
    let (driver, app) = connect(&bin, data.path()).await?;
    app.wait_js("ready", "return document.body.dataset.ready === '1'", 60)
        .await?;
    let docs = app
        .js("return [...document.querySelector('#doc-picker').options].map(o=>o.value)")
        .await?;
    let docs: Vec<String> = docs
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    let (mut switch, mut filter, mut search, mut sizes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut switch_ph = Vec::new();
    let mut biggest = (0usize, String::new());
    for d in docs.iter().skip(1).chain(docs.first()) {
        switch.push(
            op(
                &app,
                "const s=document.querySelector('#doc-picker'); s.value=arguments[0]; s.dispatchEvent(new Event('change'))",
                vec![json!(d)],
            )
            .await?,
        );
        switch_ph.push(last_phases(&app).await?);
        app.wait_js("ready", "return document.body.dataset.ready === '1'", 60)
            .await?;
        let n = app
            .js("const m=document.querySelector('#map').dataset; return Number(m.nodeCount)+Number(m.edgeCount)")
            .await?
            .as_f64()
            .unwrap_or(0.0) as usize;
        sizes.push(n as f64);
        if n > biggest.0 {
            biggest = (n, d.clone());
        }
        filter.push(
            op(
                &app,
                "document.querySelector('[data-county]').dispatchEvent(new MouseEvent('click',{bubbles:true}))",
                vec![],
            )
            .await?,
        );
        op(
            &app,
            "document.querySelector('#county-reset').click()",
            vec![],
        )
        .await?;
        search.push(
            op(
                &app,
                "const i=document.querySelector('#search'); i.value=arguments[0]; i.dispatchEvent(new Event('input'))",
                vec![json!("发展")],
            )
            .await?,
        );
    }
    println!(
        "library: elements drawn per document: {}",
        stats(sizes).replace(" ms", "")
    );
    println!(
        "library: switch document (pick → map drawn): {}",
        stats(switch)
    );
    println!(
        "  phases (median ms from the pick): {}",
        phase_medians(&switch_ph)
    );
    println!("library: county filter on a report: {}", stats(filter));
    println!("library: search 发展 in a report: {}", stats(search));
    // the biggest document, expanded (measures shown) for the frame test
    let current = app
        .js("return document.querySelector('#doc-picker').value")
        .await?;
    if current.as_str() != Some(biggest.1.as_str()) {
        op(
            &app,
            "const s=document.querySelector('#doc-picker'); s.value=arguments[0]; s.dispatchEvent(new Event('change'))",
            vec![json!(biggest.1)],
        )
        .await?;
    }
    app.wait_js("ready", "return document.body.dataset.ready === '1'", 60)
        .await?;
    app.js("const c=document.querySelector('#collapse'); if (c.checked) { c.checked=false; c.dispatchEvent(new Event('change')); }")
        .await?;
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let v = frames(&app, "record").await?;
    println!(
        "{}",
        frame_line("library: pan/zoom by mouse on the biggest document", &v)
    );
    let v = frames(&app, "scripted").await?;
    println!(
        "{}",
        frame_line("library: pan/zoom set from script, biggest document", &v)
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
