//! The Tauri shell: window, menu, drag-and-drop and IPC commands.
//!
//! Every command is a short adapter: take the shared [`AppState`], call one
//! method of [`planmap::api::Session`] (or [`planmap::api::Views`]) off the UI
//! thread, map the error to [`ApiError`]. All logic lives in the core crate and
//! is tested there (`tests/api.rs`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use planmap::api::{
    ApiError, CountyLens, DataFormat, DocumentInfo, EdgeEvidence, ErrorCode, GapItem, ImageFormat,
    NodeEvidence, OutlineEntry, Overview, PathHop, Progress, SearchResult, Selection, Session,
    ViewGraph, ViewState, Views,
};
use planmap::render::Scene;
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;

mod commands_list;
pub use commands_list::COMMANDS;

type Res<T> = Result<T, ApiError>;

/// What the commands share: the database path, the open session, saved views.
pub struct AppState {
    db: PathBuf,
    session: Arc<Mutex<Option<Session>>>,
    views: Views,
}

impl AppState {
    fn new(db: PathBuf) -> AppState {
        AppState {
            views: Views::for_db(&db),
            db,
            session: Arc::new(Mutex::new(None)),
        }
    }
}

fn internal(msg: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Internal, msg)
}

/// Run `f` on the loaded session, off the UI thread.
async fn with<T: Send + 'static>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&Session) -> planmap::Result<T> + Send + 'static,
) -> Res<T> {
    let session = state.session.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let guard = session
            .lock()
            .map_err(|_| internal("session lock poisoned"))?;
        let s = guard
            .as_ref()
            .ok_or_else(|| ApiError::new(ErrorCode::NoGraph, "the map is still loading"))?;
        f(s).map_err(ApiError::from)
    })
    .await
    .map_err(|e| internal(e.to_string()))?
}

fn progress_emitter(app: &AppHandle) -> impl FnMut(Progress) {
    let app = app.clone();
    move |p: Progress| {
        let _ = app.emit("progress", p);
    }
}

/// Open an existing database while the window and its page start (≈ 0.8 s
/// here), so `open_default` finds the session ready. Silent and best effort:
/// whatever it cannot open (a first start, a damaged file) is left to
/// `open_default`, which reports progress and notices. Whichever takes the
/// session's lock first opens it; the other finds it open.
fn open_ahead(state: &AppState) {
    let (db, slot) = (state.db.clone(), state.session.clone());
    let _ = std::thread::Builder::new()
        .name("open-ahead".into())
        .spawn(move || {
            if let Ok(mut guard) = slot.lock() {
                if guard.is_none() {
                    *guard = Session::open_existing_only(&db).ok();
                }
            }
        });
}

/// Open the database (building it from the shipped plan on first start).
#[tauri::command]
async fn open_default(app: AppHandle, state: State<'_, AppState>) -> Res<Overview> {
    let (db, slot) = (state.db.clone(), state.session.clone());
    let mut emit = progress_emitter(&app);
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = slot.lock().map_err(|_| internal("session lock poisoned"))?;
        if guard.is_none() {
            *guard = Some(Session::open_or_build(&db, &mut emit)?.session);
        }
        Ok(guard.as_ref().map(Session::overview).expect("just set"))
    })
    .await
    .map_err(|e| internal(e.to_string()))?
}

#[tauri::command]
async fn documents(state: State<'_, AppState>) -> Res<Vec<DocumentInfo>> {
    with(&state, |s| s.documents()).await
}

/// Switch the map to another document of the library.
#[tauri::command]
async fn open_document(state: State<'_, AppState>, id: String) -> Res<Overview> {
    let slot = state.session.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = slot.lock().map_err(|_| internal("session lock poisoned"))?;
        let s = guard
            .as_mut()
            .ok_or_else(|| ApiError::new(ErrorCode::NoGraph, "the map is still loading"))?;
        s.open_document(&id)?;
        Ok(s.overview())
    })
    .await
    .map_err(|e| internal(e.to_string()))?
}

#[tauri::command]
async fn overview(state: State<'_, AppState>) -> Res<Overview> {
    with(&state, |s| Ok(s.overview())).await
}

#[tauri::command]
async fn view_graph(state: State<'_, AppState>) -> Res<ViewGraph> {
    with(&state, |s| Ok(s.view_graph())).await
}

#[tauri::command]
async fn trace(state: State<'_, AppState>, goal: String) -> Res<Selection> {
    with(&state, move |s| s.trace(&goal)).await
}

#[tauri::command]
async fn counties(state: State<'_, AppState>, names: Vec<String>) -> Res<Selection> {
    with(&state, move |s| s.counties(&names)).await
}

#[tauri::command]
async fn cell(state: State<'_, AppState>, county: String, part: String) -> Res<Selection> {
    with(&state, move |s| s.cell(&county, &part)).await
}

#[tauri::command]
async fn focus(state: State<'_, AppState>, id: String, depth: u32) -> Res<Selection> {
    with(&state, move |s| s.focus(&id, depth)).await
}

#[tauri::command]
async fn path(state: State<'_, AppState>, from: String, to: String) -> Res<Vec<PathHop>> {
    with(&state, move |s| s.path(&from, &to)).await
}

#[tauri::command]
async fn lens(state: State<'_, AppState>) -> Res<CountyLens> {
    with(&state, |s| s.lens()).await
}

#[tauri::command]
async fn node_evidence(state: State<'_, AppState>, id: String) -> Res<NodeEvidence> {
    with(&state, move |s| s.node_evidence(&id)).await
}

#[tauri::command]
async fn edge_evidence(state: State<'_, AppState>, id: String) -> Res<EdgeEvidence> {
    with(&state, move |s| s.edge_evidence(&id)).await
}

#[tauri::command]
async fn outline(state: State<'_, AppState>) -> Res<Vec<OutlineEntry>> {
    with(&state, |s| Ok(s.outline())).await
}

#[tauri::command]
async fn search(state: State<'_, AppState>, query: String) -> Res<Vec<SearchResult>> {
    with(&state, move |s| s.search(&query, 60)).await
}

#[tauri::command]
async fn gaps(state: State<'_, AppState>) -> Res<Vec<GapItem>> {
    with(&state, |s| Ok(s.gaps())).await
}

/// Ask the user where to save; `None` when they cancel.
async fn ask_save_path(app: &AppHandle, title: &str, name: &str, ext: &str) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(format!("{name}.{ext}"))
        .add_filter(ext.to_uppercase(), &[ext])
        .save_file(move |p| {
            let _ = tx.send(p.and_then(|p| p.into_path().ok()));
        });
    rx.await.ok().flatten()
}

fn safe_stem(title: &str) -> String {
    let s: String = title
        .chars()
        .filter(|c| {
            !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control()
        })
        .take(60)
        .collect();
    if s.trim().is_empty() {
        "planmap".into()
    } else {
        s.trim().to_string()
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Res<()> {
    std::fs::write(path, bytes).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("cannot write {}: {e}", path.display()),
        )
    })
}

/// Export the visible subgraph as data, through the native save dialog.
#[tauri::command]
async fn export_data(
    app: AppHandle,
    state: State<'_, AppState>,
    format: DataFormat,
    nodes: Vec<String>,
    name: String,
) -> Res<Option<String>> {
    let files = with(&state, move |s| s.export_data(format, &nodes)).await?;
    let ext = match format {
        DataFormat::Json => "json",
        DataFormat::Graphml => "graphml",
        DataFormat::Gexf => "gexf",
        DataFormat::Csv => "csv",
    };
    let Some(path) = ask_save_path(&app, "导出数据 Export data", &safe_stem(&name), ext).await
    else {
        return Ok(None);
    };
    for f in &files {
        write_file(&planmap::api::with_suffix(&path, f.suffix), &f.bytes)?;
    }
    Ok(Some(path.display().to_string()))
}

/// Export the scene on screen as PNG/SVG/PDF, through the native save dialog.
///
/// The image is drawn while the user chooses where to save it (a 4× PNG of
/// the whole plan takes over a second), so once the dialog is answered only
/// what is left of the drawing and the write remain; a cancelled dialog
/// discards it.
#[tauri::command]
async fn export_image(
    app: AppHandle,
    scene: Scene,
    format: ImageFormat,
    scale: f64,
) -> Res<Option<String>> {
    planmap::api::check_image_request(&scene, format, scale)?;
    let ext = match format {
        ImageFormat::Png => "png",
        ImageFormat::Svg => "svg",
        ImageFormat::Pdf => "pdf",
    };
    let stem = safe_stem(&scene.title);
    let drawing = yielding(move || planmap::api::export_image(&scene, format, scale))?;
    let Some(path) = ask_save_path(&app, "导出图片 Export image", &stem, ext).await else {
        return Ok(None);
    };
    let bytes = drawing
        .await
        .map_err(|_| internal("the export stopped unexpectedly"))??;
    write_file(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

/// Start `f` on a thread of its own at a lower scheduling priority, which
/// the threads it starts inherit (an image export draws on every core): it
/// gets the cores while the machine is otherwise idle and yields them to the
/// window's threads whenever these need them, so the map stays responsive
/// during a long export. The receiver gets `f`'s result; dropping it lets
/// `f` finish unheard.
fn yielding<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Res<tokio::sync::oneshot::Receiver<T>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("export".into())
        .spawn(move || {
            lower_priority();
            let _ = tx.send(f());
        })
        .map_err(|e| internal(e.to_string()))?;
    Ok(rx)
}

/// Nice 10 for the calling thread (on Linux a thread is a task of its own:
/// `PRIO_PROCESS` with id 0 changes this thread only). A thread cannot take
/// its priority back without privileges, hence a thread of its own for each
/// export; a failure leaves the priority as it was.
#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: a plain system call on the calling thread, with constant
    // arguments; it reads and writes no memory of this process.
    let _ = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) };
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// Replace the map with a plan file; the current map stays on any error.
fn import_path(app: &AppHandle, path: &Path) -> Res<Overview> {
    // bounded: a file over the limit is refused from its size, before reading
    let bytes = planmap::pipeline::read_bounded(path, planmap::decode::MAX_INPUT_BYTES)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "plan.txt".into());
    let state = app.state::<AppState>();
    let mut guard = state
        .session
        .lock()
        .map_err(|_| internal("session lock poisoned"))?;
    let s = guard
        .as_mut()
        .ok_or_else(|| ApiError::new(ErrorCode::NoGraph, "the map is still loading"))?;
    s.add_document(&bytes, &name, &mut progress_emitter(app))?;
    let overview = s.overview();
    drop(guard);
    upkeep_in_background(app);
    Ok(overview)
}

/// The library's search-index upkeep after an import (see
/// `Session::upkeep_step`), step by step off the UI thread. The session is
/// free between steps, so a query waits for one step at most.
fn upkeep_in_background(app: &AppHandle) {
    let slot = app.state::<AppState>().session.clone();
    tauri::async_runtime::spawn_blocking(move || loop {
        let more = match slot.lock() {
            Ok(mut guard) => match guard.as_mut().map(Session::upkeep_step) {
                Some(Ok(more)) => more,
                Some(Err(e)) => {
                    eprintln!("planmap: search-index upkeep stopped: {e}");
                    false
                }
                None => false,
            },
            Err(_) => false,
        };
        if !more {
            break;
        }
        std::thread::yield_now();
    });
}

/// File → Open: pick a plan file and import it.
#[tauri::command]
async fn open_plan(app: AppHandle) -> Res<Option<Overview>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("打开规划文本 Open a plan")
        .add_filter("Text", &["txt", "text", "md"])
        .pick_file(move |p| {
            let _ = tx.send(p.and_then(|p| p.into_path().ok()));
        });
    let Some(path) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let app2 = app.clone();
    tauri::async_runtime::spawn_blocking(move || import_path(&app2, &path).map(Some))
        .await
        .map_err(|e| internal(e.to_string()))?
}

#[tauri::command]
async fn views_list(state: State<'_, AppState>) -> Res<Vec<String>> {
    Ok(state.views.list())
}

#[tauri::command]
async fn view_save(state: State<'_, AppState>, view: ViewState) -> Res<()> {
    state.views.save(view).map_err(ApiError::from)
}

#[tauri::command]
async fn view_get(state: State<'_, AppState>, name: String) -> Res<ViewState> {
    state.views.get(&name).map_err(ApiError::from)
}

#[tauri::command]
async fn view_delete(state: State<'_, AppState>, name: String) -> Res<()> {
    state.views.delete(&name).map_err(ApiError::from)
}

#[tauri::command]
async fn last_view_get(state: State<'_, AppState>) -> Res<Option<ViewState>> {
    Ok(state.views.last())
}

#[tauri::command]
async fn last_view_set(state: State<'_, AppState>, view: ViewState) -> Res<()> {
    state.views.set_last(view).map_err(ApiError::from)
}

/// Import a dropped file and tell the window what happened.
fn on_drop(app: &AppHandle, paths: &[PathBuf]) {
    if let Some(path) = paths.first().cloned() {
        import_and_emit(app, path);
    }
}

/// File → Open from the native menu: pick a file, import it, emit the outcome.
fn on_menu_open(app: &AppHandle) {
    let app2 = app.clone();
    app.dialog()
        .file()
        .set_title("打开规划文本 Open a plan")
        .add_filter("Text", &["txt", "text", "md"])
        .pick_file(move |p| {
            if let Some(path) = p.and_then(|p| p.into_path().ok()) {
                import_and_emit(&app2, path);
            }
        });
}

/// Import off the UI thread; the window hears `import-started`, then
/// `plan-changed` or `import-failed`.
fn import_and_emit(app: &AppHandle, path: PathBuf) {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let _ = app.emit("import-started", path.display().to_string());
        match import_path(&app, &path) {
            Ok(o) => {
                let _ = app.emit("plan-changed", o);
            }
            Err(e) => {
                let _ = app.emit("import-failed", e);
            }
        }
    });
}

/// Start the app.
#[cfg(target_os = "linux")]
/// Whether the machine has a GPU render node WebKit could composite on.
fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri")
        .map(|rd| {
            rd.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

#[cfg(target_os = "linux")]
/// WebKitGTK composites the page with OpenGL. Without a GPU that GL is Mesa's
/// software rasteriser, and drawing the map through it is several times slower
/// than WebKit painting on the CPU itself (measured on the whole plan: a full
/// map redraw 100 ms → 18 ms, a county filter 650 → 330 ms). So with no DRM
/// render node, compositing is turned off, unless the user set the variable.
/// With compositing off nothing in the window draws through GTK's GL either,
/// so GDK's start-up probe of GLX (which loads Mesa's LLVM rasteriser only to
/// pick a visual) is skipped too: about 85 ms of every launch here.
/// Must run before any thread starts (it sets environment variables).
fn choose_webkit_painting() {
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() && !has_render_node() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        if std::env::var_os("GDK_GL").is_none() {
            std::env::set_var("GDK_GL", "disable");
        }
    }
}

pub fn run() {
    #[cfg(target_os = "linux")]
    choose_webkit_painting();
    let db = planmap::store::default_db_path();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(db))
        .setup(|app| {
            use tauri::menu::{MenuBuilder, MenuItemBuilder, SubmenuBuilder};
            let open = MenuItemBuilder::with_id("open", "打开… / Open…")
                .accelerator("CmdOrCtrl+O")
                .build(app)?;
            let file = SubmenuBuilder::new(app, "文件 File")
                .item(&open)
                .separator()
                .quit()
                .build()?;
            app.set_menu(MenuBuilder::new(app).item(&file).build()?)?;
            open_ahead(app.state::<AppState>().inner());
            app.on_menu_event(|app, event| {
                if event.id() == "open" {
                    on_menu_open(app);
                }
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                on_drop(window.app_handle(), paths);
            }
        })
        .invoke_handler(tauri::generate_handler![
            open_default,
            overview,
            view_graph,
            trace,
            counties,
            cell,
            focus,
            path,
            lens,
            node_evidence,
            edge_evidence,
            outline,
            search,
            gaps,
            export_data,
            export_image,
            open_plan,
            views_list,
            view_save,
            view_get,
            view_delete,
            last_view_get,
            last_view_set,
            documents,
            open_document,
        ])
        .run(tauri::generate_context!())
        .expect("error while running planmap");
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    fn nice() -> i32 {
        // SAFETY: a plain system call on the calling thread; no memory involved.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn an_export_runs_on_its_own_thread_at_a_lower_priority_its_workers_inherit() {
        let (here, before) = (std::thread::current().id(), nice());
        let (there, own, worker) = super::yielding(|| {
            let worker = std::thread::spawn(nice).join().expect("worker");
            (std::thread::current().id(), nice(), worker)
        })
        .expect("a thread starts")
        .await
        .expect("the export thread answers");
        assert_ne!(there, here);
        assert!(own >= 10, "export thread at nice {own}");
        assert!(worker >= 10, "its worker at nice {worker}");
        assert_eq!(nice(), before, "the caller's priority is untouched");
    }
}
