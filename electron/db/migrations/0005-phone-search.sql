-- Phone search (issue 16 §5): every trait string that is a valid international phone number, as its E.164
-- digits reversed, so that "ends with these digits" is a prefix range of the key. A number typed as
-- `+16566918536`, `656-691-8536` or `(656) 691-8536` then finds the one stored as `+1 656 691 8536`.
-- Written by the change writer (identity-writer.ts) with the search text. Rows stored before this migration
-- are indexed once in JS when a store opens (phone parsing is not SQL): the flag below says it is due.
CREATE TABLE phone_numbers (
  digits TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (digits, seq)
) WITHOUT ROWID;

CREATE INDEX phone_numbers_seq ON phone_numbers (seq);

INSERT INTO settings (key, value) VALUES ('phone_index_pending', '1')
  ON CONFLICT (key) DO UPDATE SET value = '1';
