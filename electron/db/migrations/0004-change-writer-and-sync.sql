-- The change writer and the sync data model (design §12, §13), before any sync code.
--
-- 1. Identities keep the top-level fields a remote Kratos sends that this app does not know
--    (`extra`, a JSON object), so they go back unchanged. The remote base moves to its own table:
--    the two columns of 0001 were never written.
ALTER TABLE identities ADD COLUMN extra TEXT;
ALTER TABLE identities DROP COLUMN remote_updated_at;
ALTER TABLE identities DROP COLUMN remote_hash;

-- 2. Remotes and, per identity, the remote version last pulled (the base of the three-way merge).
--    `body` is the remote JSON verbatim (timestamps as the server's strings, unknown fields kept);
--    `hash` is over that text, so a re-pull of an unchanged identity costs no write. Keyed by the
--    identity's id: the base outlives a local delete, which push must still send.
CREATE TABLE remotes (
  name TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('kratos', 'ory-network')),
  -- How the key is found (a keystore entry or an environment variable's name), never the key.
  key_ref TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE sync_base (
  identity_id TEXT PRIMARY KEY,
  remote TEXT NOT NULL REFERENCES remotes (name) ON DELETE CASCADE,
  remote_id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  hash TEXT NOT NULL,
  body TEXT NOT NULL,
  pulled_at TEXT NOT NULL
);
CREATE INDEX sync_base_remote ON sync_base (remote, remote_id);

-- 3. The outbox, coalesced: one entry per identity, whatever number of local changes it carries
--    (first and last audit change). `operation` is the net effect against the base: create (no
--    base), update, delete (base, no local row). A local create followed by a delete leaves none.
DROP TABLE outbox;
CREATE TABLE outbox (
  identity_id TEXT PRIMARY KEY,
  remote TEXT REFERENCES remotes (name) ON DELETE SET NULL,
  operation TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
  first_change_id INTEGER NOT NULL,
  last_change_id INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_flight', 'rejected')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX outbox_status ON outbox (status, next_attempt_at);

-- Same-pointer edits on both sides wait here for a person (base, local and remote values as JSON).
CREATE TABLE sync_conflicts (
  identity_id TEXT NOT NULL,
  pointer TEXT NOT NULL,
  remote TEXT NOT NULL REFERENCES remotes (name) ON DELETE CASCADE,
  base TEXT,
  local TEXT,
  remote_value TEXT,
  detected_at TEXT NOT NULL,
  PRIMARY KEY (identity_id, pointer)
);

-- Per remote: the last pull and push, and where a pull scan stands (the server's next-page URL).
DROP TABLE sync_state;
CREATE TABLE sync_state (
  remote TEXT PRIMARY KEY REFERENCES remotes (name) ON DELETE CASCADE,
  last_pull_at TEXT,
  last_push_at TEXT,
  scan_next_url TEXT,
  scan_started_at TEXT,
  scan_seen INTEGER NOT NULL DEFAULT 0,
  details TEXT
);

-- 4. Operations (design §12): what ran, on what, with which edit, how far it got. `owner_pid`
--    lets a store opened after a crash tell an interrupted operation from one still running in
--    another process.
CREATE TABLE operations_v4 (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('import', 'bulk', 'migration', 'undo', 'sync')),
  actor TEXT NOT NULL,
  target TEXT,
  edit TEXT,
  policy TEXT,
  state TEXT NOT NULL CHECK (state IN ('planned', 'running', 'applied', 'partial', 'cancelled', 'failed', 'undone')),
  counts TEXT NOT NULL DEFAULT '{}',
  report TEXT,
  reason TEXT,
  owner_pid INTEGER,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
INSERT INTO operations_v4 (id, kind, actor, state, counts, started_at, finished_at)
SELECT id, CASE WHEN kind IN ('import', 'bulk', 'migration', 'undo', 'sync') THEN kind ELSE 'import' END, actor,
  CASE status WHEN 'succeeded' THEN 'applied' ELSE status END, coalesce(summary, '{}'), started_at, finished_at
FROM operations;
DROP TABLE operations;
ALTER TABLE operations_v4 RENAME TO operations;
CREATE INDEX operations_started ON operations (started_at);

-- The identities an operation's target was frozen to at plan time (dry run, apply and undo see the same).
CREATE TABLE operation_targets (
  operation_id TEXT NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  identity_id TEXT NOT NULL,
  PRIMARY KEY (operation_id, seq)
) WITHOUT ROWID;

-- 5. Every audit entry says where the change came from. Imports no longer keep a copy of the
--    identity (the row is the imported version); deletes keep the whole stored record.
ALTER TABLE audit_log ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'import', 'pull', 'undo', 'resolve'));
UPDATE audit_log SET origin = 'import' WHERE action = 'import';
UPDATE audit_log SET origin = 'undo' WHERE action = 'revert';
-- An import's identities were queued as dirty before; an import is not a local change (design §12).
UPDATE identities SET dirty = 0 WHERE dirty = 1 AND NOT EXISTS (
  SELECT 1 FROM audit_log a WHERE a.identity_id = identities.id AND a.origin <> 'import'
);

-- Identities still dirty are local changes made before the outbox existed: queue them (no base
-- yet, so each is a create for the first remote it is pushed to).
INSERT INTO outbox (identity_id, operation, first_change_id, last_change_id, created_at, updated_at)
SELECT i.id, 'create', min(a.change_id), max(a.change_id), min(a.at), max(a.at)
FROM identities i JOIN audit_log a ON a.identity_id = i.id
WHERE i.dirty = 1
GROUP BY i.id;

-- 6. The change writer writes the search index itself (design §12), from the same parts the
--    `identity_search_text` view joins, gathered in JavaScript: the triggers walked every row's JSON
--    with json_tree in SQL, which cost the import more than any other part of a row.
DROP TRIGGER identities_fts_insert;
DROP TRIGGER identities_fts_update;
DROP TRIGGER identities_fts_delete;

-- 7. The counters too: the triggers ran five statements per row, more than half of what inserting a row
--    cost; the change writer adds up a batch's changes and writes each counter once per batch, in the
--    batch's transaction.
DROP TRIGGER identities_count_insert;
DROP TRIGGER identities_count_delete;
DROP TRIGGER identities_count_update;
