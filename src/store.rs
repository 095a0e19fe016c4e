//! The SQLite store: a library of built graphs, one per document.
//!
//! A database holds any number of documents, each one [`GraphData`] exactly
//! as built, its rows keyed by the document (`lib`) so that ids like `goal:…`
//! never collide between documents. [`Store::write`] rebuilds a database
//! holding one document atomically (a complete new file is built
//! next to the target and renamed over it), [`Store::open`] checks and migrates
//! an existing one (opened databases use a rollback journal, never WAL, so a
//! process that keeps one open across another's rebuild reads its old file
//! safely and leaves no side files behind), [`Store::add_document`] appends
//! one more document in one transaction (its search rows added with it),
//! [`Store::documents`] lists them, [`Store::load_graph`] /
//! [`Store::load_document_graph`] give back exactly the [`GraphData`] that was
//! written (reading only that document's rows), and [`Store::search`] (all
//! documents) / [`Store::search_in`] (one) find nodes and text passages by
//! substring (over the library through FTS5 indexes of every character and
//! every pair of adjacent characters, checked against the text, where a
//! measure is found as its passage; within one document by `LIKE` over its
//! rows, labels of measures included).
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
};

/// The embedded migrations, in order: migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_library.sql"),
    include_str!("migrations/0003_lean_add.sql"),
    include_str!("migrations/0004_jurisdiction.sql"),
];

/// Databases up to this size (about three plans) get SQLite's full
/// `PRAGMA integrity_check` at open (≈ 8–30 ms a MB); larger libraries check their small tables at open and
/// each document's graph (its SHA-256) when it is loaded, so that opening a
/// library of a thousand documents does not read all of it.
pub const FULL_CHECK_BYTES: u64 = 4 * 1024 * 1024;

/// Pages of index merging per step of [`Store::upkeep_step`]. At 256 pages
/// a step took up to 70 ms (p95) and 126 ms at most over a 300-document
/// import; half that keeps a read that arrives during the app's background
/// upkeep waiting less.
pub const UPKEEP_PAGES: i64 = 128;

/// One step of merging the full-text indexes' segments, up to
/// [`UPKEEP_PAGES`] pages each; whether it did any work.
fn merge_step(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<bool> {
    let mut worked = false;
    for table in ["passages_fts", "nodes_fts"] {
        let before = tx.total_changes();
        tx.execute(
            &format!("INSERT INTO {table}({table}, rank) VALUES('merge', ?1)"),
            [UPKEEP_PAGES],
        )?;
        // FTS5: a difference of 2 or more means the merge did some work
        worked |= tx.total_changes() - before >= 2;
    }
    Ok(worked)
}

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
    /// Document id within the graph (as in the JSON contract: `d1`).
    pub doc: String,
    /// The library document the hit is in (`d1`, `d2` …; see [`Store::documents`]).
    pub library: String,
    /// Node hits: the node's first mention (`[0, 0]` when it has none).
    /// Passage hits: the first occurrence of the query in the passage.
    pub span: Span,
    /// Up to about 60 characters of text around the span (a node's label
    /// when its first mention is not inside one line).
    pub snippet: String,
}

/// One document of a library: a graph added by [`Store::write`] or
/// [`Store::add_document`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryDoc {
    /// Library id: `d` and the document's number (`d1` is the first).
    pub id: String,
    /// Title of the graph's (first) document.
    pub title: String,
    /// The file it came from.
    pub source: String,
    /// Length of its text in characters.
    pub chars: usize,
    /// Nodes in its graph.
    pub nodes: usize,
    /// Edges in its graph.
    pub edges: usize,
    /// Diagnostics of its build.
    pub diagnostics: usize,
    /// When it was added (UTC, RFC 3339).
    pub added_at: String,
}

/// The library id of document number `key`.
pub fn doc_id(key: i64) -> String {
    format!("d{key}")
}

/// A node row of a search: library key, id, label, kind, document, mentions JSON.
type NodeRow = (i64, String, String, String, String, String);

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
    // An 8 MiB page cache holds one document's add (≈ 1 MB of new pages plus
    // the index pages it touches) so a transaction never spills dirty pages
    // to the file before its commit (a spill costs an extra journal sync);
    // temporary b-trees (sorts) stay in memory. Neither changes durability.
    conn.pragma_update(None, "cache_size", -8192)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
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
            if version == 2 {
                fill_unigrams(&tx)?;
            }
            tx.pragma_update(None, "user_version", version as i64)?;
            tx.commit()
        };
        run(conn).map_err(|e| format!("migration to schema version {version} failed: {e}"))?;
    }
    Ok(())
}

/// The kind of node whose label the library search index leaves out: a
/// measure's label is a sentence of the text (three quarters of all label
/// text), which the passage index already holds, so across the library a
/// measure is found as its passage. A search within one document still
/// finds measures by their labels.
const MEASURE: NodeKind = NodeKind::Measure;

/// Bits of a `nodes_uni` rowid below the label length (the node's `nid`).
const UNI_SHIFT: u32 = 40;

/// The `nodes_uni` rowid of a node: label length, then `nid`.
fn uni_rowid(label: &str, nid: i64) -> i64 {
    let len = i64::try_from(label.chars().count())
        .unwrap_or(0)
        .min(1 << 22);
    (len << UNI_SHIFT) | (nid & ((1 << UNI_SHIFT) - 1))
}

/// A label or line as the `*_uni` indexes take it: each letter or digit,
/// and each pair of adjacent ones, as a token.
fn grams(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    grams_into(text, &mut out);
    out
}

/// [`grams`] into `out` (cleared first), to reuse one buffer for many rows.
/// Letters are lowercased here (the index's `ascii` tokenizer folds only
/// ASCII), exactly as [`gram_query`] lowercases a query.
fn grams_into(text: &str, out: &mut String) {
    out.clear();
    // Each character is classified and lowercased once (a pair repeats the
    // previous character's folded form instead of folding it again).
    let mut prev: Option<Folded> = None;
    for c in text.chars() {
        let Some(f) = fold(c) else {
            prev = None;
            continue;
        };
        if let Some(p) = &prev {
            out.extend(p.chars());
            out.extend(f.chars());
            out.push(' ');
        }
        out.extend(f.chars());
        out.push(' ');
        prev = Some(f);
    }
}

/// A letter or digit as the search indexes take it: `char::to_lowercase`
/// (at most three characters).
#[derive(Clone, Copy)]
struct Folded {
    chars: [char; 3],
    len: usize,
}

impl Folded {
    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.chars[..self.len].iter().copied()
    }
}

/// `c` lowercased if it is a letter or digit (`char::is_alphanumeric`),
/// else `None`. ASCII and the CJK Unified Ideographs (nearly every
/// character of a plan) take a fast path around the general Unicode table
/// lookups, which otherwise cost more than the rest of the tokenising.
fn fold(c: char) -> Option<Folded> {
    let one = |c| Folded {
        chars: [c, '\0', '\0'],
        len: 1,
    };
    if c.is_ascii() {
        return c
            .is_ascii_alphanumeric()
            .then(|| one(c.to_ascii_lowercase()));
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return Some(one(c));
    }
    if !c.is_alphanumeric() {
        return None;
    }
    let mut f = Folded {
        chars: ['\0'; 3],
        len: 0,
    };
    for l in c.to_lowercase() {
        f.chars[f.len] = l;
        f.len += 1;
    }
    Some(f)
}

/// Index the rows of a version-1 database (migrated) in the search indexes
/// (measure labels are not indexed: see [`MEASURE`]).
fn fill_unigrams(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    let mut rows = tx
        .prepare("SELECT nid, label FROM nodes WHERE kind <> 'measure'")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.sort_by_key(|(nid, label)| uni_rowid(label, *nid));
    let mut st = tx.prepare("INSERT INTO nodes_fts (rowid, label) VALUES (?1, ?2)")?;
    for (nid, label) in rows {
        st.execute(params![uni_rowid(&label, nid), grams(&label)])?;
    }
    let rows = tx
        .prepare("SELECT id, text FROM passages ORDER BY id")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = tx.prepare("INSERT INTO passages_fts (rowid, text) VALUES (?1, ?2)")?;
    for (id, text) in rows {
        st.execute(params![id, grams(&text)])?;
    }
    Ok(())
}

/// The search-index query for `qchars`: every letter or digit alone (a run
/// of one) or every adjacent pair, all required; `None` when the query has
/// no letter or digit.
fn gram_query(qchars: &[char]) -> Option<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, tokens: &mut Vec<String>| {
        if run.len() == 1 {
            tokens.push(run[0].to_lowercase().collect());
        }
        for w in run.windows(2) {
            tokens.push(w.iter().flat_map(|c| c.to_lowercase()).collect());
        }
        run.clear();
    };
    for &c in qchars {
        if c.is_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut tokens);
        }
    }
    flush(&mut run, &mut tokens);
    tokens.sort();
    tokens.dedup();
    if tokens.is_empty() {
        return None;
    }
    Some(
        tokens
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(" AND "),
    )
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
        // A large library checks its small tables here and each document
        // when it is loaded (see FULL_CHECK_BYTES).
        let size = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let check = if size <= FULL_CHECK_BYTES {
            "PRAGMA integrity_check(5)"
        } else {
            "PRAGMA quick_check(meta)"
        };
        let problems: Vec<String> = conn
            .prepare(check)
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
        Self::write_aside(path, progress, |tmp, progress| build(tmp, graph, progress))
    }

    /// [`Store::write_with_progress`] of the graph `build` returns, for a
    /// graph of one document whose text is `text` (as every graph of
    /// [`crate::pipeline`] is): `build` runs on another thread while the new
    /// database's schema and the text's passages with their search index are
    /// written, and the rest of the graph follows when it is done, in the
    /// same transaction. A failed `build` leaves nothing behind and the
    /// previous database as it was; its error is returned. A graph that is
    /// not one document `d1` with exactly `text` is written whole as
    /// [`Store::write`] would.
    pub fn write_while<F>(
        path: &Path,
        text: &str,
        progress: &mut dyn FnMut(&str, f32),
        build: F,
    ) -> Result<GraphData>
    where
        F: FnOnce() -> Result<GraphData> + Send,
    {
        Self::write_aside(path, progress, |tmp, progress| {
            build_while(tmp, text, build, progress)
        })
    }

    /// Run `write` on a new private file beside `path` (see
    /// [`Store::write_with_progress`]), then fsync it and rename it over
    /// `path`; on any error remove it and leave `path` as it was.
    fn write_aside<T>(
        path: &Path,
        progress: &mut dyn FnMut(&str, f32),
        write: impl FnOnce(&Path, &mut dyn FnMut(&str, f32)) -> Result<T>,
    ) -> Result<T> {
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
        let result = write(&tmp, progress).and_then(|written| {
            progress("install", 0.97);
            install(&tmp, path, &parent).map(|()| written)
        });
        match result {
            Ok(written) => {
                progress("done", 1.0);
                Ok(written)
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

    /// The first document's graph exactly as it was written (same order,
    /// same values): for a database made by [`Store::write`], its one graph.
    /// A database without documents is [`Error::NoGraph`]; one whose graph
    /// does not match the SHA-256 digest written with it (a changed byte
    /// that SQLite's structural check cannot see) is [`Error::BadDatabase`].
    pub fn load_graph(&self) -> Result<GraphData> {
        let key = self.first_key()?;
        self.load(key).map_err(|e| match e {
            Error::Db(e) => self.db_err(e),
            other => other,
        })
    }

    /// One library document's graph, exactly as it was added (only its rows
    /// are read, through the `lib` indexes, and only its digest is checked).
    /// `doc` is a library id (`d3`, or `3`); an unknown one is
    /// [`Error::NotFound`].
    pub fn load_document_graph(&self, doc: &str) -> Result<GraphData> {
        let key = self.doc_key(doc)?;
        self.load(key).map_err(|e| match e {
            Error::Db(e) => self.db_err(e),
            other => other,
        })
    }

    /// The key of the first library document; [`Error::NoGraph`] when there is none.
    fn first_key(&self) -> Result<i64> {
        let key: Option<i64> = self
            .conn
            .query_row("SELECT min(key) FROM library", [], |r| r.get(0))
            .map_err(|e| self.db_err(e))?;
        key.ok_or_else(|| Error::NoGraph(self.path.clone()))
    }

    /// The library id of the first document (`d1` for a database made by
    /// [`Store::write`]); [`Error::NoGraph`] when there is none.
    pub fn first_document(&self) -> Result<String> {
        Ok(doc_id(self.first_key()?))
    }

    /// The key of library document `doc` (`d3` or `3`), checked to exist.
    fn doc_key(&self, doc: &str) -> Result<i64> {
        let t = doc.trim();
        let key: i64 = t
            .strip_prefix('d')
            .unwrap_or(t)
            .parse()
            .map_err(|_| Error::NotFound(format!("document {doc}")))?;
        let found: Option<i64> = self
            .conn
            .prepare_cached("SELECT key FROM library WHERE key = ?1")
            .and_then(|mut st| st.query_row([key], |r| r.get(0)).optional())
            .map_err(|e| self.db_err(e))?;
        found.ok_or_else(|| Error::NotFound(format!("document {doc}")))
    }

    /// The canonical library id (`d3`) of `doc` (`d3` or `3`), if it exists.
    pub fn documents_id(&self, doc: &str) -> Option<String> {
        self.doc_key(doc).ok().map(doc_id)
    }

    /// The documents of the library, in the order they were added.
    pub fn documents(&self) -> Result<Vec<LibraryDoc>> {
        let run = || -> rusqlite::Result<Vec<LibraryDoc>> {
            let mut st = self.conn.prepare_cached(
                "SELECT key, title, source, chars, nodes, edges, diagnostics, added_at
                 FROM library ORDER BY key",
            )?;
            let rows = st.query_map([], |r| {
                Ok(LibraryDoc {
                    id: doc_id(r.get(0)?),
                    title: r.get(1)?,
                    source: r.get(2)?,
                    chars: to_usize(r.get(3)?),
                    nodes: to_usize(r.get(4)?),
                    edges: to_usize(r.get(5)?),
                    diagnostics: to_usize(r.get(6)?),
                    added_at: r.get(7)?,
                })
            })?;
            rows.collect()
        };
        run().map_err(|e| self.db_err(e))
    }

    /// Append one document's graph to the library, in one transaction: on
    /// any error (a read-only file, a full disk, a graph whose ids repeat)
    /// the database is left as it was. Its search index rows are added with
    /// it (the index is not rebuilt). Returns the new document's entry.
    pub fn add_document(&mut self, graph: &GraphData) -> Result<LibraryDoc> {
        let key = self
            .in_add(|tx, key| insert_graph(tx, key, graph, &mut |_, _| {}))
            .map_err(|e| self.add_err(e))?;
        Ok(self.added(key, graph))
    }

    /// [`Store::add_document`] of a graph still being built, to save the
    /// import's time: the lines of `text` (the canonical text of the graph's
    /// one document, `d1`) are written as passages, with their search index,
    /// while `build` runs on another thread; the rest of the graph follows
    /// when it is done, all in one transaction. A failed `build` writes
    /// nothing and its error is returned. Should the graph's document not be
    /// `d1` with exactly `text` (a graph of [`crate::pipeline`] always is),
    /// those passages are undone and the graph's own are written.
    pub fn add_document_while<F>(&mut self, text: &str, build: F) -> Result<(LibraryDoc, GraphData)>
    where
        F: FnOnce() -> Result<GraphData> + Send,
    {
        let mut built = None;
        let key = self
            .in_add(|tx, key| {
                let graph = std::thread::scope(|s| -> Result<GraphData> {
                    let job = s.spawn(build);
                    tx.execute_batch("SAVEPOINT early_passages")?;
                    // Opening a savepoint makes FTS5 write out the index
                    // rows it holds in memory: the passages' (≈ 4 ms for a
                    // plan-sized document) are written here, while `build`
                    // runs, instead of in the commit after it.
                    let written = insert_passages(tx, key, "d1", text).and_then(|()| {
                        Ok(tx.execute_batch(
                            "SAVEPOINT passages_indexed; RELEASE passages_indexed",
                        )?)
                    });
                    let graph = job
                        .join()
                        .map_err(|_| Error::Invalid("building the graph failed".into()))??;
                    written?;
                    Ok(graph)
                })?;
                let same =
                    matches!(graph.documents.as_slice(), [d] if d.id == "d1" && d.text == text);
                if same {
                    tx.execute_batch("RELEASE early_passages")?;
                    insert_rows(tx, key, &graph, &mut |_, _| {})?;
                } else {
                    tx.execute_batch("ROLLBACK TO early_passages; RELEASE early_passages")?;
                    insert_graph(tx, key, &graph, &mut |_, _| {})?;
                }
                built = Some(graph);
                Ok(())
            })
            .map_err(|e| self.add_err(e))?;
        let graph = built.ok_or_else(|| Error::Invalid("the graph was not built".into()))?;
        Ok((self.added(key, &graph), graph))
    }

    /// Run `write` in an immediate transaction with the next library key,
    /// and commit.
    ///
    /// The full-text indexes of a library merge their segments in
    /// [`Store::upkeep_step`], not inside an add: FTS5's own automatic
    /// merging runs in the committing transaction, in bursts (every third
    /// add or so merges a whole level: 7 ms commits with 50–90 ms ones
    /// between them at 300 documents), so an add sets it off for both
    /// indexes. Without upkeep FTS5 still merges when a level reaches 16
    /// segments (its `crisismerge`), so a library never degrades unbounded.
    fn in_add(
        &mut self,
        write: impl FnOnce(&rusqlite::Transaction<'_>, i64) -> Result<()>,
    ) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let key: i64 = tx.query_row("SELECT coalesce(max(key), 0) + 1 FROM library", [], |r| {
            r.get(0)
        })?;
        tx.execute_batch(
            "INSERT INTO passages_fts(passages_fts, rank) VALUES('automerge', 0);
             INSERT INTO nodes_fts(nodes_fts, rank) VALUES('automerge', 0);",
        )?;
        write(&tx, key)?;
        tx.commit()?;
        Ok(key)
    }

    /// One step of index upkeep after adds: merges up to [`UPKEEP_PAGES`]
    /// pages of the full-text indexes' segments (levels holding four or more
    /// segments), in its own transaction. Returns whether it found work; a
    /// caller repeats it until it returns `false`, between its reads (the app
    /// does, in the background after an import). Searches answer the same
    /// before and after; only their speed depends on it.
    pub fn upkeep_step(&mut self) -> Result<bool> {
        Ok(self.merge_steps(1)? > 0)
    }

    /// Index upkeep to the end in one transaction (one commit, where steps
    /// commit each); `planmap add` runs it before it exits and `planmap
    /// scale` after each import. Returns the steps taken.
    pub fn upkeep(&mut self) -> Result<usize> {
        self.merge_steps(usize::MAX)
    }

    /// Up to `max` merge steps in one transaction; how many found work.
    fn merge_steps(&mut self, max: usize) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut steps = 0;
        while steps < max && merge_step(&tx)? {
            steps += 1;
        }
        tx.commit()?;
        Ok(steps)
    }

    /// An add's error as the caller sees it: a full or read-only disk is a
    /// storage error of the database file.
    fn add_err(&self, e: Error) -> Error {
        match e {
            Error::Db(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::ReadOnly) | Some(ErrorCode::DiskFull)
                ) =>
            {
                Error::Storage {
                    path: self.path.clone(),
                    source: std::io::Error::other(e.to_string()),
                }
            }
            Error::Db(e) => self.db_err(e),
            e => e,
        }
    }

    /// The library entry of the document just added as `key`.
    fn added(&self, key: i64, graph: &GraphData) -> LibraryDoc {
        let first = graph.documents.first();
        LibraryDoc {
            id: doc_id(key),
            title: first.map(|d| d.title.clone()).unwrap_or_default(),
            source: first.map(|d| d.source.clone()).unwrap_or_default(),
            chars: first.map_or(0, |d| d.chars),
            nodes: graph.nodes.len(),
            edges: graph.edges.len(),
            diagnostics: graph.diagnostics.len(),
            added_at: self
                .conn
                .query_row("SELECT added_at FROM library WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .unwrap_or_default(),
        }
    }

    fn load(&self, key: i64) -> Result<GraphData> {
        let conn = &self.conn;
        let mut st = conn.prepare_cached(
            "SELECT id, title, source, sha256, chars, text, jurisdiction_json
             FROM documents WHERE lib = ?1 ORDER BY ord",
        )?;
        let documents = st
            .query_map([key], |r| {
                let jurisdiction: Option<String> = r.get(6)?;
                Ok(Document {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    source: r.get(2)?,
                    sha256: r.get(3)?,
                    chars: to_usize(r.get(4)?),
                    text: r.get(5)?,
                    jurisdiction: jurisdiction.and_then(|j| serde_json::from_str(&j).ok()),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if documents.is_empty() {
            return Err(Error::NoGraph(self.path.clone()));
        }
        let (format, version, digest): (String, i64, Option<String>) = conn
            .prepare_cached("SELECT format, version, graph_sha256 FROM library WHERE key = ?1")?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let mut rows_digest = RowDigest::new(&format, version);
        rows_digest.table("documents", documents.len());
        for d in &documents {
            for v in [&d.id, &d.title, &d.source, &d.sha256] {
                rows_digest.s(v);
            }
            rows_digest.i(to_i64(d.chars));
            rows_digest.s(&d.text);
        }
        let version = u32::try_from(version)
            .map_err(|_| self.bad(format!("bad format version {version} in the library")))?;

        let mut st = conn.prepare_cached(
            "SELECT id, kind, label, doc, origin, aliases_json, regions_json, attrs_json, mentions_json
             FROM nodes WHERE lib = ?1 ORDER BY ord",
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
            .query_map([key], |r| {
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
        rows_digest.table("nodes", rows.len());
        for (id, kind, label, doc, origin, aliases, regions, attrs, mentions) in rows {
            for v in [
                &id, &kind, &label, &doc, &origin, &aliases, &regions, &attrs, &mentions,
            ] {
                rows_digest.s(v);
            }
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

        let mut st = conn.prepare_cached(
            "SELECT source, target, kind, weight, basis, evidence_json FROM edges
             WHERE lib = ?1 ORDER BY ord",
        )?;
        type EdgeRow = (String, String, String, Option<f64>, String, String);
        let rows = st
            .query_map([key], |r| {
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
        rows_digest.table("edges", rows.len());
        for (source, target, kind, weight, basis, evidence) in rows {
            for v in [&source, &target, &kind] {
                rows_digest.s(v);
            }
            rows_digest.w(weight);
            rows_digest.s(&basis);
            rows_digest.s(&evidence);
            // (the message is only made for a damaged row)
            let what = || format!("edge {source:?} -> {target:?}");
            let kind = EdgeKind::parse(&kind)
                .ok_or_else(|| self.bad(format!("{} has an unknown kind {kind:?}", what())))?;
            let basis: Basis = from_name(&basis)
                .map_err(|e| self.bad(format!("{} has a bad basis: {e}", what())))?;
            let evidence = serde_json::from_str(&evidence)
                .map_err(|e| self.bad(format!("{} has bad evidence_json: {e}", what())))?;
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

        let mut st = conn.prepare_cached(
            r#"SELECT level, code, start, "end", message FROM diagnostics
               WHERE lib = ?1 ORDER BY ord"#,
        )?;
        type DiagRow = (String, String, i64, i64, String);
        let rows = st
            .query_map([key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<Vec<DiagRow>>>()?;
        let mut diagnostics = Vec::with_capacity(rows.len());
        rows_digest.table("diagnostics", rows.len());
        for (level, code, start, end, message) in rows {
            rows_digest.s(&level);
            rows_digest.s(&code);
            rows_digest.i(start);
            rows_digest.i(end);
            rows_digest.s(&message);
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
        if let Some(want) = digest {
            let got = if want.starts_with("rows:") {
                rows_digest.finish()
            } else {
                graph_digest(&graph)?
            };
            if got != want {
                return Err(self.bad(
                    "its content does not match the checksum written with it (the file was \
                     changed or damaged)"
                        .into(),
                ));
            }
        }
        Ok(graph)
    }

    /// Every mention span of a node of the first document, in order (its
    /// `mentions_json`). [`Error::NotFound`] for an unknown id.
    pub fn node_spans(&self, node_id: &str) -> Result<Vec<Span>> {
        let json: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT mentions_json FROM nodes
                 WHERE lib = (SELECT min(key) FROM library) AND id = ?1",
            )
            .and_then(|mut st| st.query_row([node_id], |r| r.get(0)).optional())
            .map_err(|e| self.db_err(e))?;
        let json = json.ok_or_else(|| Error::NotFound(node_id.to_string()))?;
        serde_json::from_str(&json)
            .map_err(|e| self.bad(format!("node {node_id:?} has a bad mentions_json: {e}")))
    }

    /// Find nodes whose label contains `query`, then text lines that contain
    /// it, at most `limit` hits in all, over every document of the library.
    ///
    /// Node hits come first (an exact label first, then shorter labels, then
    /// graph order), then passages in text order. Measures are not among the
    /// node hits: a measure's label is a sentence of the text, found here as
    /// its passage ([`Store::search_in`] finds them by label). Matching
    /// ignores case. The query is trimmed; an empty query or one over 200
    /// characters is [`Error::Invalid`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.search_scoped(None, query, limit)
    }

    /// [`Store::search`] within one library document (`d3` or `3`): its
    /// rows only, through the `lib` indexes (a scan of that one document's
    /// labels and lines, ignoring ASCII case). An unknown document is
    /// [`Error::NotFound`].
    pub fn search_in(&self, doc: &str, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let key = self.doc_key(doc)?;
        self.search_scoped(Some(key), query, limit)
    }

    fn search_scoped(&self, lib: Option<i64>, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
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
        self.run_search(lib, q, &qchars, limit)
            .map_err(|e| self.db_err(e))
    }

    fn run_search(
        &self,
        lib: Option<i64>,
        q: &str,
        qchars: &[char],
        limit: usize,
    ) -> rusqlite::Result<Vec<SearchHit>> {
        // The library: its search indexes (a query without any letter or
        // digit scans it with LIKE). One document: LIKE over its own rows,
        // which the `lib` indexes find.
        if lib.is_none() {
            if let Some(m) = gram_query(qchars) {
                return self.run_library_search(q, qchars, &m, limit);
            }
        }
        let mut pattern = String::from("%");
        for c in q.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push('%');
        let lib_param = lib.unwrap_or(-1);
        let mut hits = Vec::new();

        let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<NodeRow> {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        };
        // Exact labels first (same length, graph order) …
        let exact_sql = if lib.is_some() {
            "SELECT n.lib, n.id, n.label, n.kind, n.doc, n.mentions_json
             FROM nodes n WHERE n.lib = ?1 AND n.label = ?2 ORDER BY n.nid LIMIT ?3"
        } else {
            "SELECT n.lib, n.id, n.label, n.kind, n.doc, n.mentions_json
             FROM nodes n WHERE ?1 = -1 AND n.label = ?2 ORDER BY n.nid LIMIT ?3"
        };
        let mut rows = self
            .conn
            .prepare_cached(exact_sql)?
            .query_map(params![lib_param, q, to_i64(limit)], row)?
            .collect::<rusqlite::Result<Vec<NodeRow>>>()?;
        // … then labels containing the query, shortest first.
        let remaining = limit - rows.len().min(limit);
        if remaining > 0 {
            let node_sql = if lib.is_some() {
                "SELECT n.lib, n.id, n.label, n.kind, n.doc, n.mentions_json
                 FROM nodes n WHERE n.lib = ?3 AND n.label LIKE ?1 ESCAPE '\\' AND n.label <> ?2
                 ORDER BY length(n.label), n.nid LIMIT ?4"
            } else {
                "SELECT n.lib, n.id, n.label, n.kind, n.doc, n.mentions_json
                 FROM nodes n
                 WHERE n.label LIKE ?1 ESCAPE '\\' AND n.label <> ?2 AND ?3 = -1
                 ORDER BY length(n.label), n.nid LIMIT ?4"
            };
            let more = self
                .conn
                .prepare_cached(node_sql)?
                .query_map(params![pattern, q, lib_param, to_i64(remaining)], row)?
                .collect::<rusqlite::Result<Vec<NodeRow>>>()?;
            rows.extend(more);
        }
        self.node_hits(rows, &mut hits)?;

        let remaining = limit - hits.len().min(limit);
        if remaining == 0 {
            return Ok(hits);
        }
        let passage_sql = if lib.is_some() {
            r#"SELECT p.lib, p.doc, p.start, p.text
               FROM passages p WHERE p.lib = ?2 AND p.text LIKE ?1 ESCAPE '\'
               ORDER BY p.id LIMIT ?3"#
        } else {
            r#"SELECT p.lib, p.doc, p.start, p.text
               FROM passages p WHERE p.text LIKE ?1 ESCAPE '\' AND ?2 = -1
               ORDER BY p.id LIMIT ?3"#
        };
        let mut st = self.conn.prepare_cached(passage_sql)?;
        let rows = st
            .query_map(params![pattern, lib_param, to_i64(remaining)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    to_usize(r.get(2)?),
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (key, doc, start, text) in rows {
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
                library: doc_id(key),
                span,
                snippet,
            });
        }
        Ok(hits)
    }

    /// [`Store::run_search`] over the whole library through the search
    /// indexes (`match_expr` from [`gram_query`]). Labels come out of the
    /// index shortest first (their rowid starts with the length), so the
    /// search stops at its limit instead of sorting every match; lines come
    /// out in text order and stop there too. Each candidate is checked
    /// against its text (the index knows pairs, not their order).
    fn run_library_search(
        &self,
        q: &str,
        qchars: &[char],
        match_expr: &str,
        limit: usize,
    ) -> rusqlite::Result<Vec<SearchHit>> {
        // (`n.kind <> 'measure'`: a library indexed before measures were
        // left out of the index still has their rows; see MEASURE.)
        let node_sql = "SELECT n.lib, n.id, n.label, n.kind, n.doc, n.mentions_json, x.rowid >> 40
                        FROM nodes_fts x JOIN nodes n ON n.nid = (x.rowid & ?2)
                        WHERE nodes_fts MATCH ?1 AND n.kind <> 'measure' ORDER BY x.rowid";
        let passage_sql = "SELECT p.lib, p.doc, p.start, p.text
                           FROM passages_fts x JOIN passages p ON p.id = x.rowid
                           WHERE passages_fts MATCH ?1 ORDER BY x.rowid";
        let mut rows: Vec<NodeRow> = Vec::new();
        {
            let mut st = self.conn.prepare_cached(node_sql)?;
            let mask: i64 = (1 << UNI_SHIFT) - 1;
            let mut it = st.query(params![match_expr, mask])?;
            let shortest = i64::try_from(qchars.len()).unwrap_or(i64::MAX);
            while let Some(r) = it.next()? {
                let len: i64 = r.get(6)?;
                // Past the limit, only labels as short as the query (an
                // exact label among them comes first below) are still read.
                if rows.len() >= limit && len > shortest {
                    break;
                }
                let label: String = r.get(2)?;
                if find_chars(&label.chars().collect::<Vec<_>>(), qchars).is_none() {
                    continue;
                }
                rows.push((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ));
            }
        }
        // An exact label first, then shorter labels, then graph order.
        rows.sort_by_key(|r| r.2 != q);
        rows.truncate(limit);
        let mut hits = Vec::new();
        self.node_hits(rows, &mut hits)?;
        if hits.len() >= limit {
            return Ok(hits);
        }
        let mut st = self.conn.prepare_cached(passage_sql)?;
        let mut it = st.query(params![match_expr])?;
        while hits.len() < limit {
            let Some(r) = it.next()? else { break };
            let (key, doc, start, text): (i64, String, usize, String) =
                (r.get(0)?, r.get(1)?, to_usize(r.get(2)?), r.get(3)?);
            let chars: Vec<char> = text.chars().collect();
            let Some(pos) = find_chars(&chars, qchars) else {
                continue;
            };
            let (span, snippet) = (
                [start + pos, start + pos + qchars.len()],
                window(&chars, pos, qchars.len()),
            );
            hits.push(SearchHit {
                kind: HitKind::Passage,
                node_id: None,
                label: None,
                node_kind: None,
                doc,
                library: doc_id(key),
                span,
                snippet,
            });
        }
        Ok(hits)
    }

    /// The text around `span` within the line that holds it, if it is inside one line.
    /// Search hits for node rows: the line of the first mention as the
    /// snippet (the label when the node has no mention).
    fn node_hits(&self, rows: Vec<NodeRow>, hits: &mut Vec<SearchHit>) -> rusqlite::Result<()> {
        for (key, id, label, kind, doc, mentions) in rows {
            let first: Option<Span> = serde_json::from_str::<Vec<Span>>(&mentions)
                .ok()
                .and_then(|m| m.first().copied());
            let (span, snippet) = match first {
                Some(span) => {
                    let snippet = self
                        .line_snippet(key, &doc, span)?
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
                library: doc_id(key),
                span,
                snippet,
            });
        }
        Ok(())
    }

    fn line_snippet(&self, lib: i64, doc: &str, span: Span) -> rusqlite::Result<Option<String>> {
        let [s, e] = span;
        let (Ok(s64), Ok(e64)) = (i64::try_from(s), i64::try_from(e)) else {
            return Ok(None);
        };
        let row: Option<(i64, String)> = self
            .conn
            .prepare_cached(
                r#"SELECT start, text FROM passages
                   WHERE lib = ?1 AND doc = ?2 AND start <= ?3 AND "end" >= ?4
                   ORDER BY start DESC LIMIT 1"#,
            )?
            .query_row(params![lib, doc, s64, e64], |r| Ok((r.get(0)?, r.get(1)?)))
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
    /// The JSON goes straight into the hash (no copy of it is made).
    struct HashWriter(Sha256);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, HashWriter(Sha256::new()));
    serde_json::to_writer(&mut w, graph)?;
    let w = w
        .into_inner()
        .map_err(|e| Error::Invalid(format!("hashing the graph failed: {e}")))?;
    Ok(w.0.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// SHA-256 of a graph's stored values, in the order they are stored and
/// read back (`rows:<hex>` in `library.graph_sha256`): computed as rows are
/// added and as they are loaded, with no second serialisation of the graph.
/// (A database migrated from version 1 keeps [`graph_digest`]'s JSON digest.)
struct RowDigest(sha2::Sha256);

impl RowDigest {
    fn new(format: &str, version: i64) -> RowDigest {
        use sha2::Digest;
        let mut d = RowDigest(sha2::Sha256::new());
        d.s(format);
        d.i(version);
        d
    }

    fn s(&mut self, v: &str) {
        use sha2::Digest;
        self.0.update((v.len() as u64).to_le_bytes());
        self.0.update(v.as_bytes());
    }

    fn i(&mut self, v: i64) {
        use sha2::Digest;
        self.0.update(v.to_le_bytes());
    }

    /// A weight as SQLite gives it back: NaN is NULL, -0.0 is 0.
    fn w(&mut self, v: Option<f64>) {
        use sha2::Digest;
        match v.filter(|w| !w.is_nan()) {
            Some(w) => {
                self.0.update([1]);
                self.0.update((w + 0.0).to_bits().to_le_bytes());
            }
            None => self.0.update([0]),
        }
    }

    /// Start of a table's rows.
    fn table(&mut self, name: &str, rows: usize) {
        self.s(name);
        self.i(to_i64(rows));
    }

    fn finish(self) -> String {
        use sha2::Digest;
        let hex: String = self
            .0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("rows:{hex}")
    }
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
    let mut conn = open_aside(tmp)?;
    fill(&mut conn, graph, progress)?;
    progress("close", 0.95);
    conn.close().map_err(|(_, e)| Error::Db(e))?;
    Ok(())
}

/// Open the private file `tmp` being built and give it the schema.
fn open_aside(tmp: &Path) -> Result<Connection> {
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
    Ok(conn)
}

/// [`build`] of the graph `make` returns, for a graph of one document with
/// exactly `text`: the schema and the text's passages are written while
/// `make` runs on another thread (see [`Store::write_while`]).
fn build_while<F>(
    tmp: &Path,
    text: &str,
    make: F,
    progress: &mut dyn FnMut(&str, f32),
) -> Result<GraphData>
where
    F: FnOnce() -> Result<GraphData> + Send,
{
    std::thread::scope(|s| {
        let job = s.spawn(make);
        progress("schema", 0.0);
        // Errors here wait for the build to end (a scope joins its threads).
        let early = open_aside(tmp).and_then(|conn| {
            conn.execute_batch("BEGIN; SAVEPOINT early_passages")?;
            insert_passages(&conn, 1, "d1", text)?;
            // A savepoint makes FTS5 write out the index rows it holds in
            // memory (see `Store::add_document_while`).
            conn.execute_batch("SAVEPOINT passages_indexed; RELEASE passages_indexed")?;
            Ok(conn)
        });
        let graph = job
            .join()
            .map_err(|_| Error::Invalid("building the graph failed".into()))??;
        let conn = early?;
        let same = matches!(graph.documents.as_slice(), [d] if d.id == "d1" && d.text == text);
        if same {
            conn.execute_batch("RELEASE early_passages")?;
        } else {
            conn.execute_batch("ROLLBACK TO early_passages; RELEASE early_passages")?;
        }
        write_meta(&conn, &graph)?;
        if same {
            insert_rows(&conn, 1, &graph, progress)?;
        } else {
            insert_graph(&conn, 1, &graph, progress)?;
        }
        progress("commit", 0.9);
        conn.execute_batch("COMMIT")?;
        progress("close", 0.95);
        conn.close().map_err(|(_, e)| Error::Db(e))?;
        Ok(graph)
    })
}

/// Insert everything in one transaction: the first library document.
fn fill(
    conn: &mut Connection,
    graph: &GraphData,
    progress: &mut dyn FnMut(&str, f32),
) -> Result<()> {
    let tx = conn.transaction()?;
    write_meta(&tx, graph)?;
    insert_graph(&tx, 1, graph, progress)?;
    progress("commit", 0.9);
    tx.commit()?;
    Ok(())
}

/// The `meta` rows of a database built whole.
fn write_meta(conn: &Connection, graph: &GraphData) -> Result<()> {
    let mut meta = conn.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?;
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
    Ok(())
}

/// Insert `graph` as library document `key`, with its search index rows
/// (added row by row: the index is never rebuilt whole). The caller owns the
/// transaction.
fn insert_graph(
    tx: &Connection,
    key: i64,
    graph: &GraphData,
    progress: &mut dyn FnMut(&str, f32),
) -> Result<()> {
    insert_rows(tx, key, graph, progress)?;
    progress("passages", 0.7);
    for d in &graph.documents {
        insert_passages(tx, key, &d.id, &d.text)?;
    }
    Ok(())
}

/// Insert every row of `graph` as library document `key` but its passages
/// (see [`insert_passages`]).
fn insert_rows(
    tx: &Connection,
    key: i64,
    graph: &GraphData,
    progress: &mut dyn FnMut(&str, f32),
) -> Result<()> {
    progress("digest", 0.0);
    let first = graph.documents.first();
    tx.prepare_cached(
        "INSERT INTO library (key, format, version, title, source, chars, nodes, edges,
                              diagnostics, graph_sha256, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        key,
        graph.format,
        i64::from(graph.version),
        first.map(|d| d.title.as_str()).unwrap_or(""),
        first.map(|d| d.source.as_str()).unwrap_or(""),
        to_i64(first.map_or(0, |d| d.chars)),
        to_i64(graph.nodes.len()),
        to_i64(graph.edges.len()),
        to_i64(graph.diagnostics.len()),
        None::<String>,
        now_rfc3339(),
    ])?;
    let mut digest = RowDigest::new(&graph.format, i64::from(graph.version));
    digest.table("documents", graph.documents.len());

    progress("documents", 0.05);
    let mut st = tx.prepare_cached(
        "INSERT INTO documents (lib, ord, id, title, source, sha256, chars, text, jurisdiction_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, d) in graph.documents.iter().enumerate() {
        let jurisdiction = d
            .jurisdiction
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?;
        st.execute(params![
            key,
            to_i64(i),
            d.id,
            d.title,
            d.source,
            d.sha256,
            to_i64(d.chars),
            d.text,
            jurisdiction
        ])?;
        for v in [&d.id, &d.title, &d.source, &d.sha256] {
            digest.s(v);
        }
        digest.i(to_i64(d.chars));
        digest.s(&d.text);
    }
    digest.table("nodes", graph.nodes.len());

    progress("nodes", 0.1);
    let mut st = tx.prepare_cached(
        "INSERT INTO nodes (lib, ord, id, kind, label, doc, origin,
                            aliases_json, regions_json, attrs_json, mentions_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut node_fts = tx.prepare_cached("INSERT INTO nodes_fts (rowid, label) VALUES (?1, ?2)")?;
    let mut curation =
        tx.prepare_cached("INSERT OR REPLACE INTO curation (lib, key, value) VALUES (?1, ?2, ?3)")?;
    let mut label_rows: Vec<(i64, &str)> = Vec::with_capacity(graph.nodes.len());
    // Most nodes have no aliases, regions or attrs: their JSON is the
    // literal serde_json would write, without serialising (or allocating).
    fn json_or<'a, T: Serialize + ?Sized>(
        empty: bool,
        lit: &'static str,
        v: &T,
    ) -> Result<std::borrow::Cow<'a, str>> {
        Ok(if empty {
            std::borrow::Cow::Borrowed(lit)
        } else {
            std::borrow::Cow::Owned(serde_json::to_string(v)?)
        })
    }
    for (i, n) in graph.nodes.iter().enumerate() {
        let aliases = json_or(n.aliases.is_empty(), "[]", &n.aliases)?;
        let regions = json_or(n.regions.is_empty(), "[]", &n.regions)?;
        let attrs = json_or(n.attrs.is_empty(), "{}", &n.attrs)?;
        let mentions = json_or(n.mentions.is_empty(), "[]", &n.mentions)?;
        let (aliases, regions, attrs, mentions) = (&*aliases, &*regions, &*attrs, &*mentions);
        st.execute(params![
            key,
            to_i64(i),
            n.id,
            n.kind.as_str(),
            n.label,
            n.doc,
            origin_name(n.origin),
            aliases,
            regions,
            attrs,
            mentions,
        ])?;
        for v in [
            n.id.as_str(),
            n.kind.as_str(),
            &n.label,
            &n.doc,
            origin_name(n.origin),
            aliases,
            regions,
            attrs,
            mentions,
        ] {
            digest.s(v);
        }
        if n.kind != MEASURE {
            let nid = tx.last_insert_rowid();
            label_rows.push((uni_rowid(&n.label, nid), n.label.as_str()));
        }
        if n.origin == Origin::Curated {
            curation.execute(params![
                key,
                format!("node:{}", n.id),
                serde_json::to_string(n)?
            ])?;
        }
    }

    // FTS5 keeps added rows in memory only while rowids ascend (a smaller
    // one writes them out as a segment of their own): in rowid order.
    label_rows.sort_unstable();
    let mut buf = String::new();
    for (rowid, label) in label_rows {
        grams_into(label, &mut buf);
        node_fts.execute(params![rowid, buf])?;
    }

    progress("edges", 0.5);
    let mut st = tx.prepare_cached(
        "INSERT INTO edges (lib, ord, source, target, kind, weight, basis, evidence_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    digest.table("edges", graph.edges.len());
    for (i, e) in graph.edges.iter().enumerate() {
        let evidence = serde_json::to_string(&e.evidence)?;
        st.execute(params![
            key,
            to_i64(i),
            e.source,
            e.target,
            e.kind.as_str(),
            e.weight,
            e.basis.as_str(),
            evidence,
        ])?;
        for v in [e.source.as_str(), &e.target, e.kind.as_str()] {
            digest.s(v);
        }
        digest.w(Some(e.weight));
        digest.s(e.basis.as_str());
        digest.s(&evidence);
        if e.basis == Basis::Curated {
            curation.execute(params![
                key,
                format!("edge:{}:{}:{}", e.source, e.kind.as_str(), e.target),
                serde_json::to_string(e)?,
            ])?;
        }
    }

    progress("diagnostics", 0.65);
    let mut st = tx.prepare_cached(
        r#"INSERT INTO diagnostics (lib, ord, level, code, start, "end", message)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"#,
    )?;
    digest.table("diagnostics", graph.diagnostics.len());
    for (i, d) in graph.diagnostics.iter().enumerate() {
        st.execute(params![
            key,
            to_i64(i),
            d.level.as_str(),
            d.code,
            to_i64(d.span[0]),
            to_i64(d.span[1]),
            d.message
        ])?;
        digest.s(d.level.as_str());
        digest.s(&d.code);
        digest.i(to_i64(d.span[0]));
        digest.i(to_i64(d.span[1]));
        digest.s(&d.message);
    }
    tx.prepare_cached("UPDATE library SET graph_sha256 = ?2 WHERE key = ?1")?
        .execute(params![key, digest.finish()])?;

    Ok(())
}

/// Insert the text lines of document `doc_id` (its canonical `text`) of
/// library document `key` as passages, with their search index rows.
fn insert_passages(tx: &Connection, key: i64, doc_id: &str, text: &str) -> Result<()> {
    let mut st = tx.prepare_cached(
        r#"INSERT INTO passages (lib, doc, start, "end", text) VALUES (?1, ?2, ?3, ?4, ?5)"#,
    )?;
    let mut passage_fts =
        tx.prepare_cached("INSERT INTO passages_fts (rowid, text) VALUES (?1, ?2)")?;
    let mut buf = String::new();
    let mut start = 0usize;
    for line in text.split('\n') {
        let n = line.chars().count();
        if !line.trim().is_empty() {
            st.execute(params![key, doc_id, to_i64(start), to_i64(start + n), line])?;
            let id = tx.last_insert_rowid();
            grams_into(line, &mut buf);
            passage_fts.execute(params![id, buf])?;
        }
        start += n + 1;
    }
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
    fn fold_agrees_with_the_unicode_tables() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let want: Option<String> = c.is_alphanumeric().then(|| c.to_lowercase().collect());
            let got: Option<String> = fold(c).map(|f| f.chars().collect());
            assert_eq!(got, want, "{c:?}");
        }
    }

    #[test]
    fn grams_are_letters_and_pairs() {
        assert_eq!(grams("Ab 一二。İ"), "a ab b 一 一二 二 i\u{307} ");
        assert_eq!(grams("，。"), "");
    }

    #[test]
    fn timestamp_shape() {
        let t = now_rfc3339();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.starts_with("20") && t.ends_with('Z'));
    }
}
