import type { Db } from '../../db/open-database';
import type { StoredIdentity } from '../identities/stored-identity';

/**
 * The adjacent character pairs of an identity's search text (migration 0003), gathered from the same parts the
 * `identity_search_text` view joins with spaces: trait, metadata and identifier strings and the external id.
 * Pairs across a join are a character next to a space, so each string adds its edge characters with ' '.
 * Characters are code points, as SQLite and the trigram tokenizer count them.
 */
export const searchPairs = (s: StoredIdentity, into: Set<string>): void => {
  into.add('  ');
  const add = (text: string) => {
    let previous = ' ';
    for (const ch of text) {
      into.add(previous + ch);
      previous = ch;
    }
    into.add(`${previous} `);
  };
  const walk = (value: unknown, depth: number) => {
    if (typeof value === 'string') add(value);
    else if (depth < 256 && typeof value === 'object' && value !== null) for (const child of Object.values(value)) walk(child, depth + 1);
  };
  walk(s.traits, 0);
  walk(s.metadata_public, 0);
  walk(s.metadata_admin, 0);
  for (const credential of Object.values(s.credentials)) for (const id of credential.identifiers ?? []) if (typeof id === 'string') add(id);
  if (s.external_id !== null) add(s.external_id);
};

export interface SearchPairsWriter {
  /** Records the pairs of a written identity that the store has not seen yet (inside the caller's transaction). */
  note(s: StoredIdentity): void;
}

export const createSearchPairsWriter = (db: Db): SearchPairsWriter => {
  const insert = db.prepare('INSERT OR IGNORE INTO search_pairs (pair) VALUES (?)');
  // Loaded on first write: thousands of short strings, so nearly every write finds all its pairs here.
  let known: Set<string> | null = null;
  const scratch = new Set<string>();
  return {
    note: (s) => {
      known ??= new Set(db.prepare('SELECT pair FROM search_pairs').pluck().all() as string[]);
      scratch.clear();
      searchPairs(s, scratch);
      for (const pair of scratch) {
        if (known.has(pair)) continue;
        insert.run(pair);
        known.add(pair);
      }
    },
  };
};

/**
 * The trigrams that can contain a 2-character query `q` (lower case), given the stored pairs: "xq" for every
 * pair "x·q[0]" and "q·y" for every pair "q[1]·y". Pairs are compared case-insensitively, as the index folds case.
 */
export const trigramsFor = (q: string, pairs: readonly string[]): string[] => {
  const [a, b] = Array.from(q) as [string, string];
  const out = new Set<string>();
  for (const pair of pairs) {
    const [x, y] = Array.from(pair) as [string, string];
    if (y.toLowerCase() === a) out.add(`${x.toLowerCase()}${q}`);
    if (x.toLowerCase() === b) out.add(`${q}${y.toLowerCase()}`);
  }
  return [...out];
};
