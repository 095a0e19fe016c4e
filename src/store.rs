//! The SQLite store: one built graph per database file.
//!
//! [`Store::write`] rebuilds a database atomically (a complete new file is built
//! next to the target and renamed over it), [`Store::open`] checks and migrates
//! an existing one (opened databases use a rollback journal, never WAL, so a
//! process that keeps one open across another's rebuild reads its old file
//! safely and leaves no side files behind), [`Store::load_graph`] gives back exactly the
//! [`GraphData`] that was written, and [`Store::search`] finds nodes and text
//! passages by substring (FTS5 trigram for queries of three or more characters,
//! `LIKE` for shorter ones).
//!
//! The schema lives in numbered migration files (`src/migrations/NNNN_*.sql`)
//! embedded in the binary; the schema version is `PRAGMA user_version`.
//!
//! ```no_run
//! use std::path::Path;
//! use planmap::store::Store;
//! let graph = planmap::GraphData::new();
//! Store::write(Path::new("plan.db"), &graph).unwrap();
//! let store = Store::open(Path::new("plan.db")).unwrap();
//! for hit in store.search("科创走廊", 20).unwrap() {
//!     println!("{:?} {} {:?}", hit.kind, hit.snippet, hit.span);
//! }
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{
    Basis, Diagnostic, Document, Edge, EdgeKind, GraphData, Level, Node, NodeKind, Origin, Span,
    FORMAT,
};

/// The embedded migrations, in order: migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_init.sql")];

/// The schema version this code writes and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Longest accepted search query, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// Width of a search snippet, in characters.
const SNIPPET_CHARS: usize = 60;

/// How long a connection waits for a lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// What a search hit points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    /// A node whose label contains the query.
    Node,
    /// A line of a document's text that contains the query.
    Passage,
}

/// One search result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SearchHit {
    /// Node or passage.
    pub kind: HitKind,
    /// The node's id (node hits only).
    pub node_id: Option<String>,
    /// The node's label (node hits only).
    pub label: Option<String>,
    /// The node's kind, as in the JSON contract (node hits only).
    pub node_kind: Option<String>,
    /// Document id.
    pub doc: String,
    /// Node hits: the node's first mention (`[0, 0]` when it has none).
    /// Passage hits: the first occurrence of the query in the passage.
    pub span: Span,
    /// Up to about 60 characters of text around the span (a node's label
    /// when its first mention is not inside one line).
    pub snippet: String,
}

/// An open planmap database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// How a connection is used: an opened database or a file being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    Open { writable: bool },
    Build,
}

/// Per-connection settings, in one place.
fn configure(conn: &Connection, usage: Use) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    match usage {
        Use::Open { writable: true } => {
            // Opened databases use a rollback journal (journal_mode=DELETE),
            // not WAL: they are only ever read (writes are whole-database
            // rebuilds into a new file renamed over this one), and a reader
            // then needs no side files. With WAL, a connection left open
            // across another process's rebuild deletes `<db>-wal`/`-shm` by
            // name when it closes, and those names may by then belong to the
            // new database. A database left in WAL mode by an older planmap
            // is switched back; the switch needs the database to itself, so
            // it is retried for a while and skipped (not fatal) when another
            // process keeps it open.
            let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("delete") {
                let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
                loop {
                    // journal_mode answers with the new mode, so read it as a query.
                    match conn
                        .query_row("PRAGMA journal_mode=DELETE", [], |r| r.get::<_, String>(0))
                    {
                        Ok(_) => break,
                        Err(rusqlite::Error::SqliteFailure(e, _))
                            if matches!(
                                e.code,
                                rusqlite::ErrorCode::DatabaseBusy
                                    | rusqlite::ErrorCode::DatabaseLocked
                            ) =>
                        {
                            if std::time::Instant::now() >= deadline {
                                break;
                            }
                            std::thread::sleep(std::time::Duration::from_millis(10));
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        Use::Open { writable: false } => {}
        Use::Build => {
            // A file being built is private and fsynced once at the end; a
            // rollback journal keeps it self-contained (no -wal to carry over).
            let _mode: String = conn.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
            conn.pragma_update(None, "synchronous", "OFF")?;
        }
    }
    Ok(())
}

/// The schema version recorded in the database.
fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Apply the migrations the database lacks. `Err(reason)` for a database whose
/// schema is newer than this code or that a migration fails on.
fn migrate(conn: &mut Connection) -> std::result::Result<(), String> {
    let current = user_version(conn).map_err(|e| e.to_string())?;
    if current < 0 || current > i64::from(SCHEMA_VERSION) {
        return Err(format!(
            "its schema version {current} is newer than this planmap understands ({SCHEMA_VERSION}); \
             use a newer planmap or rebuild the database"
        ));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = i + 1;
        let run = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version as i64)?;
            tx.commit()
        };
        run(conn).map_err(|e| format!("migration to schema version {version} failed: {e}"))?;
    }
    Ok(())
}

/// Where the database lives by default: `$PLANMAP_DB` if set, else
/// `<data dir>/planmap/planmap.db`, else `./planmap.db`.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("PLANMAP_DB") {
        if !p.is_empty() {
            return PathBuf::from(p);
        }
    }
    match dirs::data_dir() {
        Some(dir) => dir.join("planmap").join("planmap.db"),
        None => PathBuf::from("planmap.db"),
    }
}

impl Store {
    /// Open an existing database: check its integrity, apply pending migrations.
    ///
    /// A missing file is [`Error::NoGraph`]; a file that is not an SQLite
    /// database, fails `PRAGMA integrity_check` (quick_check plus the
    /// agreement of every index with its table: ≈ 10 ms on the shipped
    /// plan's 1.3 MB), or has a newer schema is
    /// [`Error::BadDatabase`].
    pub fn open(path: &Path) -> Result<Store> {
        let bad = |reason: String| Error::BadDatabase {
            path: path.to_path_buf(),
            reason,
        };
        match fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NoGraph(path.to_path_buf()))
            }
            Err(e) => {
                return Err(Error::Storage {
                    path: path.to_path_buf(),
                    source: e,
                })
            }
            Ok(m) if m.is_dir() => return Err(bad("it is a folder, not a file".into())),
            Ok(_) => {}
        }
        let rw = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let ro = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let (mut conn, writable) = match Connection::open_with_flags(path, rw) {
            Ok(c) => (c, true),
            Err(_) => (
                Connection::open_with_flags(path, ro).map_err(|e| bad(e.to_string()))?,
                false,
            ),
        };
        // Wait for other processes (a concurrent open may be switching the
        // journal mode) instead of mistaking a busy database for a bad one.
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| bad(e.to_string()))?;
        // Integrity first: on a file that is not a database this is the first read.
        let problems: Vec<String> = conn
            .prepare("PRAGMA integrity_check(5)")
            .and_then(|mut st| {
                st.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(|e| match e.sqlite_error_code() {
                Some(ErrorCode::DatabaseCorrupt) => bad(format!("integrity check failed: {e}")),
                _ => bad(e.to_string()),
            })?;
        if problems.len() != 1 || problems[0] != "ok" {
            return Err(bad(format!(
                "integrity check failed: {}",
                problems.join("; ")
            )));
        }
        let current = user_version(&conn).map_err(|e| bad(e.to_string()))?;
        if writable {
            configure(&conn, Use::Open { writable }).map_err(|e| bad(e.to_string()))?;
            migrate(&mut conn).map_err(bad)?;
        } else {
            configure(&conn, Use::Open { writable }).map_err(|e| bad(e.to_string()))?;
            if current != i64::from(SCHEMA_VERSION) {
                return Err(bad(format!(
                    "it is read-only and its schema version {current} is not {SCHEMA_VERSION}"
                )));
            }
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Atomically replace the database at `path` with one holding `graph`.
    pub fn write(path: &Path, graph: &GraphData) -> Result<()> {
        Self::write_with_progress(path, graph, &mut |_, _| {})
    }

    /// [`Store::write`], reporting progress as `(stage, fraction 0.0–1.0)`.
    ///
    /// The new database is built completely in `<name>.building-<pid>-<n>` in
    /// the same folder, in one transaction, fsynced, and renamed over `path`.
    /// On any error the temporary file is removed and the previous database is
    /// left as it was.
    pub fn write_with_progress(
        path: &Path,
        graph: &GraphData,
        progress: &mut dyn FnMut(&str, f32),
    ) -> Result<()> {
        static SERIAL: AtomicU64 = AtomicU64::new(0);
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .ok_or_else(|| Error::Invalid(format!("{} is not a file path", path.display())))?;
        if fs::metadata(&parent).is_ok_and(|m| !m.is_dir()) {
            return Err(Error::Storage {
                path: parent.clone(),
                source: std::io::Error::other(format!(
                    "the data folder {} is a file",
                    parent.display()
                )),
            });
        }
        fs::create_dir_all(&parent).map_err(|source| Error::Storage {
            path: parent.clone(),
            source,
        })?;
        if path.is_dir() {
            return Err(Error::Storage {
                path: path.to_path_buf(),
                source: std::io::Error::other("a folder is in the way of the database file"),
            });
        }
        let tmp = parent.join(format!(
            "{}.building-{}-{}",
            name.to_string_lossy(),
            std::process::id(),
            SERIAL.fetch_add(1, Ordering::Relaxed)
        ));
        remove_stale_builds(&parent, &name.to_string_lossy());
        remove_db_files(&tmp);
        // Can we write here at all? (A read-only or full folder says so now,
        // in the words of the OS, rather than through SQLite.)
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|source| Error::Storage {
                path: parent.clone(),
                source,
            })?;
        let result = build(&tmp, graph, progress).and_then(|()| {
            progress("install", 0.97);
            install(&tmp, path, &parent)
        });
        match result {
            Ok(()) => {
                progress("done", 1.0);
                Ok(())
            }
            Err(e) => {
                remove_db_files(&tmp);
                Err(match e {
                    Error::Db(e) if e.sqlite_error_code() == Some(ErrorCode::DiskFull) => {
                        Error::Storage {
                            path: parent,
                            source: std::io::Error::other(
                                "the disk is full (or a file size limit was reached)",
                            ),
                        }
                    }
                    Error::Db(e)
                        if e.sqlite_error_code() == Some(ErrorCode::SystemIoFailure) =>
                    {
                        Error::Storage {
                            path: parent,
                            source: std::io::Error::other(
                                "a write failed (disk I/O error: a failing disk, or a file size limit)",
                            ),
                        }
                    }
                    e => e,
                })
            }
        }
    }

    /// Map SQLite errors that mean a damaged file to [`Error::BadDatabase`].
    fn db_err(&self, e: rusqlite::Error) -> Error {
        let damaged_value = matches!(
            e,
            rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
                | rusqlite::Error::Utf8Error(..)
        );
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
                Error::BadDatabase {
                    path: self.path.clone(),
                    reason: e.to_string(),
                }
            }
            _ if damaged_value => Error::BadDatabase {
                path: self.path.clone(),
                reason: format!("a stored value is damaged ({e})"),
            },
            _ => Error::Db(e),
        }
    }

    fn bad(&self, reason: String) -> Error {
        Error::BadDatabase {
            path: self.path.clone(),
            reason,
        }
    }

    /// A value from the `meta` table (`built_at`, `format`, `version`,
    /// `schema_version`, `generator`, …).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.db_err(e))
    }

    /// Rebuild the whole graph exactly as it was written (same order, same
    /// values). A database without documents is [`Error::NoGraph`]; one whose
    /// graph does not match the SHA-256 digest written with it (a changed
    /// byte that SQLite's structural check cannot see) is
    /// [`Error::BadDatabase`].
    pub fn load_graph(&self) -> Result<GraphData> {
        self.load().map_err(|e| match e {
            Error::Db(e) => self.db_err(e),
            other => other,
        })
    }

    fn load(&self) -> Result<GraphData> {
        let conn = &self.conn;
        let mut st = conn
            .prepare("SELECT id, title, source, sha256, chars, text FROM documents ORDER BY ord")?;
        let documents = st
            .query_map([], |r| {
                Ok(Document {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    source: r.get(2)?,
                    sha256: r.get(3)?,
                    chars: to_usize(r.get(4)?),
                    text: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if documents.is_empty() {
            return Err(Error::NoGraph(self.path.clone()));
        }
        let format = self.meta("format")?.unwrap_or_else(|| FORMAT.to_string());
        let version = match self.meta("version")? {
            Some(v) => v
                .parse()
                .map_err(|_| self.bad(format!("bad format version {v:?} in meta")))?,
            None => crate::model::VERSION,
        };

        let mut st = conn.prepare(
            "SELECT id, kind, label, doc, origin, aliases_json, regions_json, attrs_json, mentions_json
             FROM nodes ORDER BY ord",
        )?;
        type NodeRow = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        );
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<NodeRow>>>()?;
        let mut nodes = Vec::with_capacity(rows.len());
        for (id, kind, label, doc, origin, aliases, regions, attrs, mentions) in rows {
            let field = |what: &str, e: serde_json::Error| {
                self.bad(format!("node {id:?} has a bad {what}: {e}"))
            };
            let kind = NodeKind::parse(&kind)
                .ok_or_else(|| self.bad(format!("node {id:?} has an unknown kind {kind:?}")))?;
            let origin: Origin = from_name(&origin).map_err(|e| field("origin", e))?;
            let aliases = serde_json::from_str(&aliases).map_err(|e| field("aliases_json", e))?;
            let regions = serde_json::from_str(&regions).map_err(|e| field("regions_json", e))?;
            let attrs = serde_json::from_str(&attrs).map_err(|e| field("attrs_json", e))?;
            let mentions =
                serde_json::from_str(&mentions).map_err(|e| field("mentions_json", e))?;
            nodes.push(Node {
                id,
                kind,
                label,
                aliases,
                doc,
                mentions,
                regions,
                origin,
                attrs,
            });
        }

        let mut st = conn.prepare(
            "SELECT source, target, kind, weight, basis, evidence_json FROM edges ORDER BY ord",
        )?;
        type EdgeRow = (String, String, String, Option<f64>, String, String);
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<EdgeRow>>>()?;
        let mut edges = Vec::with_capacity(rows.len());
        for (source, target, kind, weight, basis, evidence) in rows {
            let what = format!("edge {source:?} -> {target:?}");
            let kind = EdgeKind::parse(&kind)
                .ok_or_else(|| self.bad(format!("{what} has an unknown kind {kind:?}")))?;
            let basis: Basis =
                from_name(&basis).map_err(|e| self.bad(format!("{what} has a bad basis: {e}")))?;
            let evidence = serde_json::from_str(&evidence)
                .map_err(|e| self.bad(format!("{what} has bad evidence_json: {e}")))?;
            edges.push(Edge {
                source,
                target,
                kind,
                // SQLite stores NaN as NULL.
                weight: weight.unwrap_or(f64::NAN),
                basis,
                evidence,
            });
        }

        let mut st = conn.prepare(
            r#"SELECT level, code, start, "end", message FROM diagnostics ORDER BY ord"#,
        )?;
        type DiagRow = (String, String, i64, i64, String);
        let rows = st
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<Vec<DiagRow>>>()?;
        let mut diagnostics = Vec::with_capacity(rows.len());
        for (level, code, start, end, message) in rows {
            let level: Level = from_name(&level)
                .map_err(|e| self.bad(format!("diagnostic {code:?} has a bad level: {e}")))?;
            diagnostics.push(Diagnostic {
                level,
                code,
                span: [to_usize(start), to_usize(end)],
                message,
            });
        }

        let graph = GraphData {
            format,
            version,
            documents,
            nodes,
            edges,
            diagnostics,
        };
        // SQLite's integrity check sees the structure of the file, not the bytes
        // of a record: the digest written with the graph catches those.
        if let Some(want) = self.meta("graph_sha256")? {
            if graph_digest(&graph)? != want {
                return Err(self.bad(
                    "its content does not match the checksum written with it (the file was \
                     changed or damaged)"
                        .into(),
                ));
            }
        }
        Ok(graph)
    }

    /// Every mention span of a node, in order. [`Error::NotFound`] for an unknown id.
    pub fn node_spans(&self, node_id: &str) -> Result<Vec<Span>> {
        let run = || -> rusqlite::Result<Option<Vec<Span>>> {
            let exists: Option<i64> = self
                .conn
                .query_row("SELECT 1 FROM nodes WHERE id = ?1", [node_id], |r| r.get(0))
                .optional()?;
            if exists.is_none() {
                return Ok(None);
            }
            let mut st = self.conn.prepare_cached(
                r#"SELECT start, "end" FROM mentions WHERE node_id = ?1 ORDER BY ord"#,
            )?;
            let spans = st
                .query_map([node_id], |r| {
                    Ok([to_usize(r.get(0)?), to_usize(r.get(1)?)])
                })?
                .collect::<rusqlite::Result<Vec<Span>>>()?;
            Ok(Some(spans))
        };
        run()
            .map_err(|e| self.db_err(e))?
            .ok_or_else(|| Error::NotFound(node_id.to_string()))
    }

    /// Find nodes whose label contains `query`, then text lines that contain
    /// it, at most `limit` hits in all.
    ///
    /// Node hits come first (an exact label first, then shorter labels, then
    /// graph order), then passages in text order. Matching ignores case. The
    /// query is trimmed; an empty query or one over 200 characters is
    /// [`Error::Invalid`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let q = query.trim();
        if q.is_empty() {
            return Err(Error::Invalid("the search query is empty".into()));
        }
        let qchars: Vec<char> = q.chars().collect();
        if qchars.len() > MAX_QUERY_CHARS {
            return Err(Error::Invalid(format!(
                "the search query is {} characters long, over the {MAX_QUERY_CHARS}-character limit",
                qchars.len()
            )));
        }
        if limit == 0 {
            return Ok(Vec::new());
        }
        self.run_search(q, &qchars, limit)
            .map_err(|e| self.db_err(e))
    }

    fn run_search(
        &self,
        q: &str,
        qchars: &[char],
        limit: usize,
    ) -> rusqlite::Result<Vec<SearchHit>> {
        // FTS5 trigram needs three characters; shorter queries use LIKE.
        let fts = qchars.len() >= 3;
        let pattern = if fts {
            format!("\"{}\"", q.replace('"', "\"\""))
        } else {
            let mut p = String::from("%");
            for c in q.chars() {
                if matches!(c, '%' | '_' | '\\') {
                    p.push('\\');
                }
                p.push(c);
            }
            p.push('%');
            p
        };
        let lim = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut hits = Vec::new();

        let node_sql = if fts {
            "SELECT n.id, n.label, n.kind, n.doc, n.mentions_json
             FROM nodes_fts JOIN nodes n ON n.ord = nodes_fts.rowid
             WHERE nodes_fts MATCH ?1
             ORDER BY (n.label = ?2) DESC, length(n.label), n.ord LIMIT ?3"
        } else {
            "SELECT n.id, n.label, n.kind, n.doc, n.mentions_json
             FROM nodes n WHERE n.label LIKE ?1 ESCAPE '\\'
             ORDER BY (n.label = ?2) DESC, length(n.label), n.ord LIMIT ?3"
        };
        let mut st = self.conn.prepare_cached(node_sql)?;
        let rows = st
            .query_map(params![pattern, q, lim], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(st);
        for (id, label, kind, doc, mentions) in rows {
            let first: Option<Span> = serde_json::from_str::<Vec<Span>>(&mentions)
                .ok()
                .and_then(|m| m.first().copied());
            let (span, snippet) = match first {
                Some(span) => {
                    let snippet = self
                        .line_snippet(&doc, span)?
                        .unwrap_or_else(|| label.clone());
                    (span, snippet)
                }
                None => ([0, 0], label.clone()),
            };
            hits.push(SearchHit {
                kind: HitKind::Node,
                node_id: Some(id),
                label: Some(label),
                node_kind: Some(kind),
                doc,
                span,
                snippet,
            });
        }

        let remaining = limit - hits.len().min(limit);
        if remaining == 0 {
            return Ok(hits);
        }
        let passage_sql = if fts {
            r#"SELECT p.doc, p.start, p.text
               FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid
               WHERE passages_fts MATCH ?1 ORDER BY p.id LIMIT ?2"#
        } else {
            r#"SELECT p.doc, p.start, p.text
               FROM passages p WHERE p.text LIKE ?1 ESCAPE '\' ORDER BY p.id LIMIT ?2"#
        };
        let mut st = self.conn.prepare_cached(passage_sql)?;
        let rows = st
            .query_map(
                params![pattern, i64::try_from(remaining).unwrap_or(i64::MAX)],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        to_usize(r.get(1)?),
                        r.get::<_, String>(2)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (doc, start, text) in rows {
            let chars: Vec<char> = text.chars().collect();
            let (span, snippet) = match find_chars(&chars, qchars) {
                Some(pos) => (
                    [start + pos, start + pos + qchars.len()],
                    window(&chars, pos, qchars.len()),
                ),
                // Case folding beyond what find_chars knows: point at the line.
                None => ([start, start + chars.len()], window(&chars, 0, 0)),
            };
            hits.push(SearchHit {
                kind: HitKind::Passage,
                node_id: None,
                label: None,
                node_kind: None,
                doc,
                span,
                snippet,
            });
        }
        Ok(hits)
    }

    /// The text around `span` within the line that holds it, if it is inside one line.
    fn line_snippet(&self, doc: &str, span: Span) -> rusqlite::Result<Option<String>> {
        let [s, e] = span;
        let (Ok(s64), Ok(e64)) = (i64::try_from(s), i64::try_from(e)) else {
            return Ok(None);
        };
        let row: Option<(i64, String)> = self
            .conn
            .prepare_cached(
                r#"SELECT start, text FROM passages
                   WHERE doc = ?1 AND start <= ?2 AND "end" >= ?3 ORDER BY start DESC LIMIT 1"#,
            )?
            .query_row(params![doc, s64, e64], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(row.map(|(start, text)| {
            let chars: Vec<char> = text.chars().collect();
            let pos = s.saturating_sub(to_usize(start));
            window(&chars, pos, e.saturating_sub(s))
        }))
    }
}

/// SHA-256 of the graph's JSON, kept in `meta` as `graph_sha256` and checked
/// by [`Store::load_graph`].
fn graph_digest(graph: &GraphData) -> Result<String> {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_vec(graph)?;
    Ok(Sha256::digest(&json)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Parse a unit enum variant from its contract name.
fn from_name<T: serde::de::DeserializeOwned>(name: &str) -> serde_json::Result<T> {
    serde_json::from_value(serde_json::Value::String(name.to_string()))
}

fn to_usize(v: i64) -> usize {
    usize::try_from(v).unwrap_or(0)
}

fn to_i64(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Character position of the first occurrence of `needle` in `hay`, ignoring case.
fn find_chars(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    (0..=hay.len() - needle.len()).find(|&i| {
        hay[i..i + needle.len()]
            .iter()
            .zip(needle)
            .all(|(&a, &b)| same(a, b))
    })
}

/// About [`SNIPPET_CHARS`] characters of `chars` centred on `[pos, pos + len)`.
fn window(chars: &[char], pos: usize, len: usize) -> String {
    let width = SNIPPET_CHARS.max(len);
    let before = (width - len) / 2;
    let end = (pos.saturating_sub(before) + width).min(chars.len());
    let start = end.saturating_sub(width).min(pos);
    chars[start..end].iter().collect()
}

/// Remove a database file we created and its journal companions, ignoring errors.
fn remove_db_files(path: &Path) {
    let _ = fs::remove_file(path);
    for suffix in ["-journal", "-wal", "-shm"] {
        let _ = fs::remove_file(with_suffix(path, suffix));
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Build a complete database for `graph` in the fresh file `tmp`.
fn build(tmp: &Path, graph: &GraphData, progress: &mut dyn FnMut(&str, f32)) -> Result<()> {
    progress("schema", 0.0);
    let mut conn = Connection::open(tmp).map_err(|e| match e.sqlite_error_code() {
        Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::PermissionDenied) => Error::Storage {
            path: tmp.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        },
        _ => Error::Db(e),
    })?;
    configure(&conn, Use::Build)?;
    migrate(&mut conn).map_err(|reason| Error::BadDatabase {
        path: tmp.to_path_buf(),
        reason,
    })?;
    fill(&mut conn, graph, progress)?;
    progress("close", 0.95);
    conn.close().map_err(|(_, e)| Error::Db(e))?;
    Ok(())
}

/// Insert everything in one transaction and rebuild the search indexes.
fn fill(
    conn: &mut Connection,
    graph: &GraphData,
    progress: &mut dyn FnMut(&str, f32),
) -> Result<()> {
    let tx = conn.transaction()?;
    {
        let mut meta = tx.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?;
        let counts = [
            ("documents", graph.documents.len()),
            ("nodes", graph.nodes.len()),
            ("edges", graph.edges.len()),
            ("diagnostics", graph.diagnostics.len()),
        ];
        meta.execute(["format", graph.format.as_str()])?;
        meta.execute(["version", &graph.version.to_string()])?;
        meta.execute(["schema_version", &SCHEMA_VERSION.to_string()])?;
        meta.execute(["built_at", &now_rfc3339()])?;
        meta.execute(["graph_sha256", &graph_digest(graph)?])?;
        meta.execute(["generator", concat!("planmap ", env!("CARGO_PKG_VERSION"))])?;
        for (what, n) in counts {
            meta.execute([format!("count_{what}"), n.to_string()])?;
        }

        progress("documents", 0.05);
        let mut st = tx.prepare(
            "INSERT INTO documents (ord, id, title, source, sha256, chars, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, d) in graph.documents.iter().enumerate() {
            st.execute(params![
                to_i64(i),
                d.id,
                d.title,
                d.source,
                d.sha256,
                to_i64(d.chars),
                d.text
            ])?;
        }

        progress("nodes", 0.1);
        let mut st = tx.prepare(
            "INSERT INTO nodes (ord, id, kind, label, doc, origin,
                                aliases_json, regions_json, attrs_json, mentions_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut mention = tx.prepare(
            r#"INSERT INTO mentions (node_id, ord, doc, start, "end") VALUES (?1, ?2, ?3, ?4, ?5)"#,
        )?;
        let mut curation =
            tx.prepare("INSERT OR REPLACE INTO curation (key, value) VALUES (?1, ?2)")?;
        for (i, n) in graph.nodes.iter().enumerate() {
            st.execute(params![
                to_i64(i),
                n.id,
                n.kind.as_str(),
                n.label,
                n.doc,
                origin_name(n.origin),
                serde_json::to_string(&n.aliases)?,
                serde_json::to_string(&n.regions)?,
                serde_json::to_string(&n.attrs)?,
                serde_json::to_string(&n.mentions)?,
            ])?;
            for (j, [s, e]) in n.mentions.iter().enumerate() {
                mention.execute(params![n.id, to_i64(j), n.doc, to_i64(*s), to_i64(*e)])?;
            }
            if n.origin == Origin::Curated {
                curation.execute([format!("node:{}", n.id), serde_json::to_string(n)?])?;
            }
        }

        progress("edges", 0.5);
        let mut st = tx.prepare(
            "INSERT INTO edges (ord, source, target, kind, weight, basis, evidence_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, e) in graph.edges.iter().enumerate() {
            st.execute(params![
                to_i64(i),
                e.source,
                e.target,
                e.kind.as_str(),
                e.weight,
                e.basis.as_str(),
                serde_json::to_string(&e.evidence)?,
            ])?;
            if e.basis == Basis::Curated {
                curation.execute([
                    format!("edge:{}:{}:{}", e.source, e.kind.as_str(), e.target),
                    serde_json::to_string(e)?,
                ])?;
            }
        }

        progress("diagnostics", 0.65);
        let mut st = tx.prepare(
            r#"INSERT INTO diagnostics (ord, level, code, start, "end", message)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6)"#,
        )?;
        for (i, d) in graph.diagnostics.iter().enumerate() {
            st.execute(params![
                to_i64(i),
                d.level.as_str(),
                d.code,
                to_i64(d.span[0]),
                to_i64(d.span[1]),
                d.message
            ])?;
        }

        progress("passages", 0.7);
        let mut st = tx
            .prepare(r#"INSERT INTO passages (doc, start, "end", text) VALUES (?1, ?2, ?3, ?4)"#)?;
        for d in &graph.documents {
            let mut start = 0usize;
            for line in d.text.split('\n') {
                let n = line.chars().count();
                if !line.trim().is_empty() {
                    st.execute(params![d.id, to_i64(start), to_i64(start + n), line])?;
                }
                start += n + 1;
            }
        }
    }
    progress("index", 0.8);
    tx.execute_batch(
        "INSERT INTO passages_fts(passages_fts) VALUES('rebuild');
         INSERT INTO nodes_fts(nodes_fts) VALUES('rebuild');",
    )?;
    progress("commit", 0.9);
    tx.commit()?;
    Ok(())
}

fn origin_name(o: Origin) -> &'static str {
    match o {
        Origin::Extracted => "extracted",
        Origin::Curated => "curated",
    }
}

/// fsync the built file, make sure no journal of the old database can be
/// applied to the new one, rename, fsync the folder.
fn install(tmp: &Path, target: &Path, parent: &Path) -> Result<()> {
    let storage = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Storage { path, source }
    };
    fs::File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(storage(tmp))?;
    settle_journals(target)?;
    fs::rename(tmp, target).map_err(storage(target))?;
    // Make the rename durable; not every platform can open a folder.
    if let Ok(dir) = fs::File::open(parent) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Before a new file is renamed over `target`: SQLite finds a database's
/// journal by name (`<db>-journal`, `<db>-wal`), so one left by a crashed
/// writer of the old database would be replayed onto the new one. SQLite
/// itself finishes with them on the old database: the first read rolls a hot
/// journal back, switching to `journal_mode=DELETE` checkpoints and removes a
/// WAL, and `BEGIN IMMEDIATE` waits for a writer to finish. A journal left
/// after that is not hot (a hot journal needs a crashed writer) and is left
/// alone. A WAL left, or a writer that does not finish, belongs to another
/// process that is using the database right now: the rebuild is refused
/// rather than deleting its files. Companions of a missing or unreadable
/// database serve nothing and are removed.
fn settle_journals(target: &Path) -> Result<()> {
    let wal = with_suffix(target, "-wal");
    let journal = with_suffix(target, "-journal");
    if !wal.exists() && !journal.exists() {
        return Ok(());
    }
    let busy = |side: &Path, what: &str| Error::Storage {
        path: side.to_path_buf(),
        source: std::io::Error::other(what.to_string()),
    };
    let settled = if target.is_file() {
        (|| -> rusqlite::Result<()> {
            let conn = Connection::open_with_flags(
                target,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
            conn.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get::<_, String>(0))?;
            conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;")?;
            conn.close().map_err(|(_, e)| e)
        })()
    } else {
        Err(rusqlite::Error::InvalidPath(target.to_path_buf()))
    };
    match settled {
        Ok(()) if wal.exists() => Err(busy(
            &wal,
            "another process has the database open in WAL mode (an older planmap?); \
             close it and try again",
        )),
        Ok(()) => Ok(()),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked)
            ) =>
        {
            Err(if wal.exists() {
                busy(
                    &wal,
                    "another process has the database open in WAL mode (an older planmap?); \
                     close it and try again",
                )
            } else {
                busy(
                    target,
                    "another process is writing the database; try again when it has finished",
                )
            })
        }
        Err(_) => {
            let _ = fs::remove_file(&wal);
            let _ = fs::remove_file(&journal);
            Ok(())
        }
    }
}

/// Remove the temporary files of builds whose process is gone (killed in the
/// middle of a rebuild): `<name>.building-<pid>-<n>` and its journal. Only
/// where `/proc` tells which processes are alive; a live build's files are
/// never touched.
fn remove_stale_builds(parent: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let prefix = format!("{name}.building-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_centres_and_clamps() {
        let chars: Vec<char> = "一二三四五".chars().collect();
        assert_eq!(window(&chars, 2, 1), "一二三四五");
        let long: Vec<char> = (0..100)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let w = window(&long, 50, 2);
        assert_eq!(w.chars().count(), SNIPPET_CHARS);
        assert_eq!(window(&long, 99, 1).chars().count(), SNIPPET_CHARS);
        assert_eq!(window(&long, 0, 1).chars().next(), Some('a'));
    }

    #[test]
    fn find_chars_ignores_case() {
        let hay: Vec<char> = "建设G60科创走廊".chars().collect();
        assert_eq!(
            find_chars(&hay, &"g60".chars().collect::<Vec<_>>()),
            Some(2)
        );
        assert_eq!(
            find_chars(&hay, &"走廊".chars().collect::<Vec<_>>()),
            Some(7)
        );
        assert_eq!(find_chars(&hay, &"没有".chars().collect::<Vec<_>>()), None);
    }

    #[test]
    fn timestamp_shape() {
        let t = now_rfc3339();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.starts_with("20") && t.ends_with('Z'));
    }
}
