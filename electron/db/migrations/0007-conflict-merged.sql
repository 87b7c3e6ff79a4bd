-- Issue 15 §4: beside the fields of a conflicted identity that wait for a person, the fields that merged
-- on their own are kept too, so the conflict view can list what happened. `merged` names the side the
-- change came from ('local' or 'remote'; its before is in `base`, its after in `local` or
-- `remote_value`); NULL marks a field that conflicts.
ALTER TABLE sync_conflicts ADD COLUMN merged TEXT CHECK (merged IN ('local', 'remote'));
