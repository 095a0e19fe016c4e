-- planmap schema, version 1.
-- A database holds one built graph; `Store::write` rebuilds it whole.
-- `ord` columns keep the order of the graph JSON so that a load gives back
-- exactly what was written. Offsets are character offsets (see model.rs).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE documents (
    ord    INTEGER NOT NULL UNIQUE,
    id     TEXT PRIMARY KEY,
    title  TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    chars  INTEGER NOT NULL,
    text   TEXT NOT NULL
);

-- `ord` is the rowid (the FTS index points at it); `id` is the node's key.
CREATE TABLE nodes (
    ord           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    label         TEXT NOT NULL,
    doc           TEXT NOT NULL,
    origin        TEXT NOT NULL,
    aliases_json  TEXT NOT NULL,
    regions_json  TEXT NOT NULL,
    attrs_json    TEXT NOT NULL,
    mentions_json TEXT NOT NULL
);
CREATE INDEX nodes_kind ON nodes(kind);
CREATE INDEX nodes_label ON nodes(label);

CREATE TABLE edges (
    ord           INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    target        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    weight        REAL,
    basis         TEXT NOT NULL,
    evidence_json TEXT NOT NULL
);
CREATE INDEX edges_source ON edges(source);
CREATE INDEX edges_target ON edges(target);

-- One row per mention span of a node, for span lookups (derived from nodes.mentions_json).
CREATE TABLE mentions (
    node_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    ord     INTEGER NOT NULL,
    doc     TEXT NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (node_id, ord)
) WITHOUT ROWID;
CREATE INDEX mentions_span ON mentions(doc, start, "end");

CREATE TABLE diagnostics (
    ord     INTEGER PRIMARY KEY,
    level   TEXT NOT NULL,
    code    TEXT NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    message TEXT NOT NULL
);

-- Record of curation applied to the graph: key -> JSON.
CREATE TABLE curation (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Each non-empty line of each document's canonical text with its character span.
CREATE TABLE passages (
    id    INTEGER PRIMARY KEY,
    doc   TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text  TEXT NOT NULL
);
CREATE INDEX passages_doc ON passages(doc, start);

-- External-content trigram indexes (rebuilt after each write).
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, content='passages', content_rowid='id', tokenize='trigram'
);
CREATE VIRTUAL TABLE nodes_fts USING fts5(
    label, content='nodes', content_rowid='ord', tokenize='trigram'
);
