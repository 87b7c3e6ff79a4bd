-- The global history (issue 16 §7) pages newest first filtered by action ("every delete"). Without an index a
-- page of a rare action walks the whole log backwards: 118 ms on 1M entries with 5 deletes, 0.2 ms with one
-- (a throwaway better-sqlite3 script, 2026-12-04). Partial: imports and updates are nearly every entry, and
-- indexing them would slow the import and bulk-edit write paths the benchmarks hold to ratios; being common,
-- their pages fill quickly from the primary key anyway. The audit service repeats this WHERE in its query, as
-- SQLite needs to use a partial index.
CREATE INDEX audit_rare_action ON audit_log (action, change_id) WHERE action IN ('create', 'delete', 'revert');
