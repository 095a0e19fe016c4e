-- planmap schema, version 3: less to write per added document.
-- Adding a document writes every row of its graph, and each secondary index
-- or derived table costs more b-tree inserts per row. These were never
-- needed by any query, so they go (an add of a plan-sized document then
-- writes ≈ 5,000 fewer b-tree entries):
--   `mentions`, one row per mention span (with its index `mentions_span`),
--   only repeated `nodes.mentions_json`, where a node's spans are read;
--   `edges_source` and `edges_target`: a document's edges are loaded whole,
--   in `ord` order, through the primary key.
DROP TABLE mentions;
DROP INDEX edges_source;
DROP INDEX edges_target;

-- From this version on, `nodes_fts` holds no labels of `measure` nodes: a
-- measure's label is a sentence of the document's text, already indexed
-- line by line in `passages_fts`, so across the library a measure is found
-- as its passage (a search within one document still matches measure
-- labels). Rows of measures indexed before stay in `nodes_fts` (removing a
-- row from a contentless index needs its tokens again) and are skipped by
-- the search.
