-- Issue 18: the first page of a search with a state or schema filter walks the sort order of that state's (or
-- schema's) identities only. With the plain (sort key, seq) indexes the walk read every row in sort order to test
-- its state, and in the identifier sort the rows of one state or schema can sit far from where the order starts
-- (identifiers group by first name, and a first name may have no inactive identity for thousands of rows): the
-- walk ran out of its budget and the page fell back to the whole match set. Keyed by (state | schema_id, sort
-- key, seq), a walk reads only the rows the filter keeps, in order, and tests the text on those.
CREATE INDEX identities_state_created ON identities (state, created_key, seq);
CREATE INDEX identities_state_updated ON identities (state, updated_key, seq);
CREATE INDEX identities_state_primary ON identities (state, primary_identifier, seq);
CREATE INDEX identities_schema_created ON identities (schema_id, created_key, seq);
CREATE INDEX identities_schema_updated ON identities (schema_id, updated_key, seq);
CREATE INDEX identities_schema_primary ON identities (schema_id, primary_identifier, seq);
