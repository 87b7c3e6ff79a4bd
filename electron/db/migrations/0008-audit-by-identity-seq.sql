-- The audit's per-identity index follows the store's order instead of the identity's random id (issue 13 §9).
-- Keyed by `identity_id`, every entry of a bulk edit, an import or a pull lands on a random page of the index, and
-- each commit writes one index page per identity: in a 100k store that index alone took a read-modify-write of
-- metadata from 99 to 140 µs per identity (a throwaway better-sqlite3 script on a copy of the bench's store,
-- 2026-12-06). Operations and imports run in seq order, so keyed by the identity's seq the entries of one batch
-- share a few pages.
--
-- `identity_seq` is the seq the identity had when the change was written. An identity keeps its seq for life
-- except across a removal and a restore; the removal's entry (a delete, or a revert of a create) keeps the old one,
-- and `audit_removals` finds those, so an identity's history is its entries under its current seq and under the
-- seqs of its removals, with the id checked as well (a removed identity's seq can be given to a new one). Entries of identities already gone when
-- this runs get a key of their own, the negative of their first change id.
ALTER TABLE audit_log ADD COLUMN identity_seq INTEGER;
UPDATE audit_log SET identity_seq = i.seq FROM identities i WHERE i.id = audit_log.identity_id;
UPDATE audit_log SET identity_seq = -(SELECT min(change_id) FROM audit_log b WHERE b.identity_id = audit_log.identity_id)
WHERE identity_seq IS NULL;
DROP INDEX audit_identity;
CREATE INDEX audit_identity_seq ON audit_log (identity_seq, change_id);
CREATE INDEX audit_removals ON audit_log (identity_id) WHERE action IN ('delete', 'revert');
