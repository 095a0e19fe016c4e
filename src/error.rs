//! The library's one error type.

use std::path::PathBuf;

/// Everything that can go wrong in the core library. Parsing never fails: only
/// input that cannot be read as text, and storage problems, are errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The input is empty (or only whitespace).
    #[error("the input is empty: there is no text to read")]
    Empty,
    /// The input looks like binary data, not text.
    #[error("the input is not text ({0}); give a plain-text plan (UTF-8, UTF-16 or GB18030/GBK), an HTML page or a Word .docx file")]
    Binary(String),
    /// The input could not be decoded in any supported encoding.
    #[error("the input could not be decoded as UTF-8, UTF-16 or GB18030/GBK text")]
    Undecodable,
    /// The input is larger than the size limit.
    #[error("{}", too_large(*size, *limit))]
    TooLarge {
        /// Size of the input; `limit + 1` when the size was not known in
        /// advance and reading stopped one byte past the limit.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A database error.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// A database file that exists but is not usable.
    #[error("the database {path} is unusable: {reason}")]
    BadDatabase {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// No graph has been built into the database yet.
    #[error("the database {0} holds no graph yet: run `planmap build` first")]
    NoGraph(PathBuf),
    /// A node id or name that matches nothing.
    #[error("no node matches {0:?}")]
    NotFound(String),
    /// Bad arguments to a query.
    #[error("invalid argument: {0}")]
    Invalid(String),
    /// A storage-level I/O error (data folder).
    #[error("storage error at {path}: {source}")]
    Storage {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// JSON (de)serialisation failed.
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
    /// The curation file is malformed.
    #[error("curation file error: {0}")]
    Curation(String),
    /// A gold-standard directory could not be read.
    #[error("gold data error: {0}")]
    Gold(String),
    /// An image (PNG, PDF) could not be drawn.
    #[error("image export failed: {0}")]
    Render(String),
}

fn too_large(size: u64, limit: u64) -> String {
    let mib = limit / (1024 * 1024);
    if size == limit.saturating_add(1) {
        format!("the input is over the {limit}-byte ({mib} MiB) limit for one plan (reading stopped there)")
    } else {
        format!("the input is {size} bytes, over the {limit}-byte ({mib} MiB) limit for one plan")
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
