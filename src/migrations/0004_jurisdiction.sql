-- planmap schema, version 4: a document's jurisdiction (graph contract v2),
-- the administrative unit whose plan it is, as the contract's JSON object
-- (`{"region", "name", "code", "level"}`), NULL when the text does not say
-- or the document was stored before this version.
ALTER TABLE documents ADD COLUMN jurisdiction_json TEXT;
