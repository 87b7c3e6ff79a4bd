-- Substring search (design §4): an FTS5 trigram index over trait, metadata and identifier text.
-- Contentless (the JSON already lives in `identities`) with contentless_delete so rows can be
-- replaced. Text is gathered by triggers in SQL, so every writer (service, import worker, sync)
-- keeps the index in step without having to remember to.
CREATE VIRTUAL TABLE identity_fts USING fts5 (
  body, tokenize = 'trigram', content = '', contentless_delete = 1
);

CREATE VIEW identity_search_text (seq, body) AS
SELECT seq,
  coalesce((SELECT group_concat(value, ' ') FROM json_tree(traits) WHERE type = 'text'), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_tree(metadata_public) WHERE type = 'text'), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_tree(metadata_admin) WHERE type = 'text'), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_tree(credentials) WHERE type = 'text' AND path GLOB '$.*.identifiers'), '') || ' ' ||
  coalesce(external_id, '')
FROM identities;

CREATE TRIGGER identities_fts_insert AFTER INSERT ON identities BEGIN
  INSERT INTO identity_fts (rowid, body) SELECT seq, body FROM identity_search_text WHERE seq = new.seq;
END;

CREATE TRIGGER identities_fts_update AFTER UPDATE OF traits, metadata_public, metadata_admin, credentials, external_id ON identities BEGIN
  DELETE FROM identity_fts WHERE rowid = old.seq;
  INSERT INTO identity_fts (rowid, body) SELECT seq, body FROM identity_search_text WHERE seq = new.seq;
END;

CREATE TRIGGER identities_fts_delete AFTER DELETE ON identities BEGIN
  DELETE FROM identity_fts WHERE rowid = old.seq;
END;

INSERT INTO identity_fts (rowid, body) SELECT seq, body FROM identity_search_text;

-- Batches of work (import, bulk edit, migration, revert) that an audit entry belongs to.
CREATE TABLE operations (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
  summary TEXT
);

-- One row per change to one identity. `patch` turns before into after; `inverse` turns it back.
-- An imported create keeps no patch: the identity as imported is the row itself.
CREATE TABLE audit_log (
  change_id INTEGER PRIMARY KEY,
  operation_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  identity_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'revert', 'import')),
  patch TEXT,
  inverse TEXT,
  reverts INTEGER REFERENCES audit_log (change_id)
);
CREATE INDEX audit_identity ON audit_log (identity_id, change_id);
CREATE INDEX audit_operation ON audit_log (operation_id);
