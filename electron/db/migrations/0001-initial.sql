-- The store's first shape (design §4, §8): schemas, settings, identities with their derived
-- identifiers and addresses, incremental counters, and the sync tables (empty until sync exists).
-- Timestamps are the raw RFC 3339 strings, never reformatted; sort keys are derived columns.
CREATE TABLE schemas (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('preset', 'config', 'remote', 'user')),
  title TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- `seq` is the rowid: FTS, identifiers and addresses point at it (8 bytes instead of a 36-byte uuid).
CREATE TABLE identities (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  schema_id TEXT NOT NULL REFERENCES schemas (id),
  state TEXT NOT NULL CHECK (state IN ('active', 'inactive')),
  traits TEXT NOT NULL,
  metadata_public TEXT,
  metadata_admin TEXT,
  credentials TEXT,
  verifiable_addresses TEXT,
  recovery_addresses TEXT,
  external_id TEXT UNIQUE,
  organization_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  state_changed_at TEXT,
  -- What the list sorts by; '' when the schema derives no identifier.
  primary_identifier TEXT NOT NULL DEFAULT '',
  revision INTEGER NOT NULL DEFAULT 1,
  dirty INTEGER NOT NULL DEFAULT 0,
  -- The remote version last seen (design §8): the base of the three-way merge.
  remote_updated_at TEXT,
  remote_hash TEXT,
  -- RFC 3339 strings with mixed precision and offsets do not sort as text, so sort on epoch seconds.
  created_key REAL GENERATED ALWAYS AS (coalesce(unixepoch(created_at, 'subsec'), 0)) VIRTUAL,
  updated_key REAL GENERATED ALWAYS AS (coalesce(unixepoch(updated_at, 'subsec'), 0)) VIRTUAL
);

CREATE INDEX identities_created ON identities (created_key, seq);
CREATE INDEX identities_updated ON identities (updated_key, seq);
CREATE INDEX identities_primary ON identities (primary_identifier, seq);
CREATE INDEX identities_schema ON identities (schema_id, state);
CREATE INDEX identities_dirty ON identities (dirty) WHERE dirty = 1;

-- Login identifiers, unique per credential type like Kratos's identity_credential_identifiers.
CREATE TABLE identifiers (
  type TEXT NOT NULL,
  identifier TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES identities (seq) ON DELETE CASCADE,
  PRIMARY KEY (type, identifier)
) WITHOUT ROWID;
CREATE INDEX identifiers_seq ON identifiers (seq);

-- Verifiable and recovery addresses, unique per (kind, via, value) like Kratos's address tables.
CREATE TABLE addresses (
  kind TEXT NOT NULL CHECK (kind IN ('verifiable', 'recovery')),
  via TEXT NOT NULL,
  value TEXT NOT NULL,
  seq INTEGER NOT NULL REFERENCES identities (seq) ON DELETE CASCADE,
  PRIMARY KEY (kind, via, value)
) WITHOUT ROWID;
CREATE INDEX addresses_seq ON addresses (seq);

-- Counts are kept incrementally so that the status bar and the list never recount a million rows.
-- `mutations` only grows: readers use it as a cheap "has anything changed" generation number.
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('identities', 0), ('mutations', 0);

CREATE TRIGGER identities_count_insert AFTER INSERT ON identities BEGIN
  UPDATE counters SET value = value + 1 WHERE name IN ('identities', 'mutations');
  INSERT INTO counters (name, value) VALUES ('schema:' || new.schema_id, 1), ('state:' || new.state, 1),
    ('schema_state:' || new.state || ':' || new.schema_id, 1)
    ON CONFLICT (name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER identities_count_delete AFTER DELETE ON identities BEGIN
  UPDATE counters SET value = value - 1 WHERE name IN ('identities', 'schema:' || old.schema_id,
    'state:' || old.state, 'schema_state:' || old.state || ':' || old.schema_id);
  UPDATE counters SET value = value + 1 WHERE name = 'mutations';
END;

CREATE TRIGGER identities_count_update AFTER UPDATE ON identities BEGIN
  UPDATE counters SET value = value + 1 WHERE name = 'mutations';
  UPDATE counters SET value = value - 1 WHERE (old.schema_id != new.schema_id OR old.state != new.state)
    AND name IN ('schema:' || old.schema_id, 'state:' || old.state, 'schema_state:' || old.state || ':' || old.schema_id);
  INSERT INTO counters (name, value)
    SELECT column1, 1 FROM (VALUES ('schema:' || new.schema_id), ('state:' || new.state),
      ('schema_state:' || new.state || ':' || new.schema_id))
    WHERE old.schema_id != new.schema_id OR old.state != new.state
    ON CONFLICT (name) DO UPDATE SET value = value + 1;
END;

-- Sync (design §8): written by the sync service once it exists; created now so that sync needs
-- no rebuild of a million-row store.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  identity_id TEXT NOT NULL,
  operation TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
  patch TEXT,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX outbox_identity ON outbox (identity_id);

CREATE TABLE sync_state (
  remote TEXT PRIMARY KEY,
  cursor TEXT,
  last_pull_at TEXT,
  last_push_at TEXT,
  details TEXT
);
