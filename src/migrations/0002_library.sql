-- planmap schema, version 2: a library of documents.
-- A database holds any number of built graphs ("library documents"), each
-- one `GraphData` exactly as built. Every graph table carries `lib`, the
-- key of its library document (`library.key`; shown as `d<key>`), its keys
-- are unique per document (`UNIQUE (lib, id)`), and every index leads with
-- `lib`, so one document's rows are read (and added) without touching the
-- others'. The ids inside a graph (`goal:…`, the graph's own document id
-- `d1`) are kept as built: two documents may both have `goal:…`.
-- A version-1 database becomes library document 1.

-- One row per library document: what the list shows, and the per-document
-- facts that were in `meta` (format, version, the graph's SHA-256).
CREATE TABLE library (
    key          INTEGER PRIMARY KEY,
    format       TEXT NOT NULL,
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    source       TEXT NOT NULL,
    chars        INTEGER NOT NULL,
    nodes        INTEGER NOT NULL,
    edges        INTEGER NOT NULL,
    diagnostics  INTEGER NOT NULL,
    graph_sha256 TEXT,
    added_at     TEXT NOT NULL
);

INSERT INTO library (key, format, version, title, source, chars, nodes, edges,
                     diagnostics, graph_sha256, added_at)
SELECT 1,
       coalesce((SELECT value FROM meta WHERE key = 'format'), 'planmap-graph'),
       CAST(coalesce((SELECT value FROM meta WHERE key = 'version'), '1') AS INTEGER),
       (SELECT title FROM documents ORDER BY ord LIMIT 1),
       (SELECT source FROM documents ORDER BY ord LIMIT 1),
       (SELECT chars FROM documents ORDER BY ord LIMIT 1),
       (SELECT count(*) FROM nodes),
       (SELECT count(*) FROM edges),
       (SELECT count(*) FROM diagnostics),
       (SELECT value FROM meta WHERE key = 'graph_sha256'),
       coalesce((SELECT value FROM meta WHERE key = 'built_at'), '')
WHERE EXISTS (SELECT 1 FROM documents);

DROP TABLE passages_fts;
DROP TABLE nodes_fts;
DROP INDEX nodes_kind;
DROP INDEX nodes_label;
DROP INDEX edges_source;
DROP INDEX edges_target;
DROP INDEX mentions_span;
DROP INDEX passages_doc;
ALTER TABLE documents RENAME TO documents_v1;
ALTER TABLE nodes RENAME TO nodes_v1;
ALTER TABLE edges RENAME TO edges_v1;
ALTER TABLE mentions RENAME TO mentions_v1;
ALTER TABLE diagnostics RENAME TO diagnostics_v1;
ALTER TABLE curation RENAME TO curation_v1;
ALTER TABLE passages RENAME TO passages_v1;

CREATE TABLE documents (
    lib    INTEGER NOT NULL REFERENCES library(key),
    ord    INTEGER NOT NULL,
    id     TEXT NOT NULL,
    title  TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    chars  INTEGER NOT NULL,
    text   TEXT NOT NULL,
    PRIMARY KEY (lib, ord),
    UNIQUE (lib, id)
) WITHOUT ROWID;

-- `nid` is the rowid the FTS index points at; `(lib, ord)` keeps the order
-- of the graph JSON; `(lib, id)` is the node's key.
CREATE TABLE nodes (
    nid           INTEGER PRIMARY KEY,
    lib           INTEGER NOT NULL,
    ord           INTEGER NOT NULL,
    id            TEXT NOT NULL,
    kind          TEXT NOT NULL,
    label         TEXT NOT NULL,
    doc           TEXT NOT NULL,
    origin        TEXT NOT NULL,
    aliases_json  TEXT NOT NULL,
    regions_json  TEXT NOT NULL,
    attrs_json    TEXT NOT NULL,
    mentions_json TEXT NOT NULL,
    UNIQUE (lib, id),
    UNIQUE (lib, ord)
);

CREATE TABLE edges (
    lib           INTEGER NOT NULL,
    ord           INTEGER NOT NULL,
    source        TEXT NOT NULL,
    target        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    weight        REAL,
    basis         TEXT NOT NULL,
    evidence_json TEXT NOT NULL,
    PRIMARY KEY (lib, ord)
) WITHOUT ROWID;
CREATE INDEX edges_source ON edges(lib, source);
CREATE INDEX edges_target ON edges(lib, target);

-- One row per mention span of a node, for span lookups (derived from nodes.mentions_json).
CREATE TABLE mentions (
    lib     INTEGER NOT NULL,
    node_id TEXT NOT NULL,
    ord     INTEGER NOT NULL,
    doc     TEXT NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (lib, node_id, ord),
    FOREIGN KEY (lib, node_id) REFERENCES nodes(lib, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX mentions_span ON mentions(lib, doc, start, "end");

CREATE TABLE diagnostics (
    lib     INTEGER NOT NULL,
    ord     INTEGER NOT NULL,
    level   TEXT NOT NULL,
    code    TEXT NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (lib, ord)
) WITHOUT ROWID;

-- Record of curation applied to each graph: key -> JSON.
CREATE TABLE curation (
    lib   INTEGER NOT NULL,
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (lib, key)
) WITHOUT ROWID;

-- Each non-empty line of each document's canonical text with its character span.
CREATE TABLE passages (
    id    INTEGER PRIMARY KEY,
    lib   INTEGER NOT NULL,
    doc   TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text  TEXT NOT NULL
);
CREATE INDEX passages_doc ON passages(lib, doc, start);

INSERT INTO documents SELECT 1, ord, id, title, source, sha256, chars, text FROM documents_v1;
INSERT INTO nodes (lib, ord, id, kind, label, doc, origin, aliases_json, regions_json,
                   attrs_json, mentions_json)
SELECT 1, ord, id, kind, label, doc, origin, aliases_json, regions_json, attrs_json,
       mentions_json
FROM nodes_v1 ORDER BY ord;
INSERT INTO edges SELECT 1, ord, source, target, kind, weight, basis, evidence_json FROM edges_v1;
INSERT INTO mentions SELECT 1, node_id, ord, doc, start, "end" FROM mentions_v1;
INSERT INTO diagnostics SELECT 1, ord, level, code, start, "end", message FROM diagnostics_v1;
INSERT INTO curation SELECT 1, key, value FROM curation_v1;
INSERT INTO passages SELECT id, 1, doc, start, "end", text FROM passages_v1;

DROP TABLE mentions_v1;
DROP TABLE nodes_v1;
DROP TABLE edges_v1;
DROP TABLE diagnostics_v1;
DROP TABLE curation_v1;
DROP TABLE passages_v1;
DROP TABLE documents_v1;

-- Search indexes, kept up to date row by row as documents are added
-- (never rebuilt whole) and filled by the code: every letter or digit of a
-- line or label, and every pair of adjacent ones, is a token (no positions).
-- A query of one or two characters is one token; a longer one asks for all
-- its pairs, and the code checks the text itself. Tokens are lowercased by
-- the code (index and query alike), so the index uses the plain `ascii`
-- tokenizer (split at spaces; non-ASCII letters kept whole) instead of
-- unicode61's per-character classification and folding, and keeps no
-- per-row sizes (columnsize=0: nothing ranks by them). Contentless:
--   passages_fts  rowid = passages.id (lines come out in text order);
--   nodes_fts     rowid = length(label) << 40 | nodes.nid: labels come out
--                 shortest first (an exact label is the shortest), so a
--                 search over the library stops at its limit.
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, content='', detail=none, columnsize=0, tokenize='ascii'
);
CREATE VIRTUAL TABLE nodes_fts USING fts5(
    label, content='', detail=none, columnsize=0, tokenize='ascii'
);
