import type { Db } from '../../db/open-database';
import type { StoredIdentity } from '../identities/stored-identity';

/**
 * The adjacent character pairs of an identity's search text (migration 0003), gathered from the same parts the
 * `identity_search_text` view joins with spaces: trait, metadata and identifier strings and the external id.
 * Pairs across a join are a character next to a space, so each string adds its edge characters with ' '.
 * Characters are code points, as SQLite and the trigram tokenizer count them; `visit` gets both as numbers so
 * that the import, which calls this for every row, builds no string per character.
 */
export const forEachSearchPair = (s: StoredIdentity, visit: (a: number, b: number) => void): void => {
  visit(SPACE, SPACE);
  forEachSearchString(s, (text) => {
    let previous = SPACE;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
          i++;
        }
      }
      visit(previous, c);
      previous = c;
    }
    visit(previous, SPACE);
  });
};

/**
 * The strings an identity's search text joins with spaces (the `identity_search_text` view of migration 0002):
 * every string in traits and metadata at any depth, the identifiers of each credential, and the external id.
 */
export const forEachSearchString = (s: StoredIdentity, add: (text: string) => void): void => {
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

const SPACE = 0x20;

/**
 * The text the trigram index holds for an identity: the parts of the `identity_search_text` view (migration
 * 0002), each string once, joined by spaces. The change writer stores it; a search never reads it back.
 */
export const searchText = (s: StoredIdentity): string => {
  const parts: string[] = [];
  forEachSearchString(s, (text) => parts.push(text));
  return parts.join(' ');
};

export interface SearchPairsWriter {
  /** Records the pairs of a written identity that the store has not seen yet (inside the caller's transaction). */
  note(s: StoredIdentity): void;
}

export const createSearchPairsWriter = (db: Db): SearchPairsWriter => {
  const insert = db.prepare('INSERT OR IGNORE INTO search_pairs (pair) VALUES (?)');
  // Loaded on first write: thousands of short strings, so nearly every write finds all its pairs known. Pairs of
  // two Latin-1 characters (most of them) sit in a 64 Ki-entry table indexed by the two codes; the rest in a Set.
  const latin1 = new Uint8Array(65536);
  const other = new Set<string>();
  let loaded = false;
  /** Marks a pair known; its text when it was not known before, else null. */
  const remember = (a: number, b: number): string | null => {
    if (a < 256 && b < 256) {
      if (latin1[(a << 8) | b] === 1) return null;
      latin1[(a << 8) | b] = 1;
      return String.fromCharCode(a, b);
    }
    const pair = String.fromCodePoint(a, b);
    if (other.has(pair)) return null;
    other.add(pair);
    return pair;
  };
  const visit = (a: number, b: number): void => {
    const fresh = remember(a, b);
    if (fresh !== null) insert.run(fresh);
  };
  return {
    note: (s) => {
      if (!loaded) {
        for (const pair of db.prepare('SELECT pair FROM search_pairs').pluck().iterate() as IterableIterator<string>) {
          const [a = 0, b = 0] = Array.from(pair, (ch) => ch.codePointAt(0) ?? 0);
          remember(a, b);
        }
        loaded = true;
      }
      forEachSearchPair(s, visit);
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
    if (foldChar(y) === a) out.add(`${x.toLowerCase()}${q}`);
    if (foldChar(x) === b) out.add(`${q}${y.toLowerCase()}`);
  }
  return [...out];
};

/** One character as the index folds it: lower case, and the two characters outside ASCII it folds into ASCII. */
const foldChar = (c: string): string => (c === '\u212a' ? 'k' : c === '\u017f' ? 's' : c.toLowerCase());
