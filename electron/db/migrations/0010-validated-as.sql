-- Issue 13: a write that leaves an identity's traits as they are (a metadata or state edit, a dry run of one)
-- need not validate them again when the store knows they passed under the same engine rules, schema body and
-- profile. `validated_as` is that stamp, then a hash of the exact traits text it vouches for; a row whose traits
-- do not match the hash is validated as if it had none. Rows stored before this migration have none: the next
-- write of each validates it, as before.
ALTER TABLE identities ADD COLUMN validated_as TEXT;
