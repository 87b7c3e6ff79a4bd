-- Two-character substring search (design §4). A trigram index cannot answer "ab" by itself, but
-- every occurrence of "ab" in a search text sits inside a trigram "xab" or "aby" (the text always
-- has 4+ characters: its parts are joined by spaces). This table is the set of adjacent character
-- pairs that occur in any search text: a few thousand rows however many identities, never shrunk,
-- so a 2-character query expands to exactly the trigrams that can exist. Writers add new pairs
-- (identity-writer.ts); this fills it for the identities already stored.
CREATE TABLE search_pairs (pair TEXT PRIMARY KEY) WITHOUT ROWID;

INSERT OR IGNORE INTO search_pairs (pair)
WITH RECURSIVE at (body, i) AS (
  SELECT body, 1 FROM identity_search_text WHERE length(body) >= 2
  UNION ALL
  SELECT body, i + 1 FROM at WHERE i + 1 < length(body)
)
SELECT substr(body, i, 2) FROM at;
