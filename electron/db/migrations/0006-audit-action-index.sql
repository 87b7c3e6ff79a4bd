-- The global history (issue 16 §7) pages newest first filtered by action ("every delete"). Without this index a
-- page of a rare action walks the whole log backwards: 118 ms on 1M entries with 5 deletes, 0.2 ms with it
-- (a throwaway better-sqlite3 script, 2026-12-04). Operation and identity filters already have theirs.
CREATE INDEX audit_action ON audit_log (action, change_id);
