/**
 * Warnings for identifiers and addresses that do not look like what they are (issue 17 §10): characters nobody sees
 * (zero-width spaces, soft hyphens, tag characters), bidi controls that reorder what is shown ("Trojan Source"), and
 * labels that mix scripts so a Cyrillic "а" passes for a Latin "a" (homoglyphs). Kratos accepts all of them; two
 * identifiers that look the same can belong to two people, so the schema editor and the identity view say so.
 *
 * Mixed script follows the spirit of Unicode TS #39's "highly restrictive" level: each label (the parts between
 * `@`, `.`, `-`, `_`, `+` and digits) may use one script, or Latin with the CJK combinations Japanese, Chinese and
 * Korean use. Common characters (digits, punctuation) and combining marks belong to every script.
 */

export type IdentifierWarningKind = 'invisible' | 'bidi-control' | 'mixed-script';

export interface IdentifierWarning {
  kind: IdentifierWarningKind;
  /** Stable id, like the linter's rule ids. */
  id: `identifier/${IdentifierWarningKind}`;
  message: string;
  /** The characters concerned, as U+XXXX. */
  codePoints: string[];
}

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Format and control characters, and spaces other than U+0020 (they render as blank or not at all). */
const INVISIBLE = /[\p{Cf}\p{Cc}\u00a0\u115f\u1160\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u3164\uffa0]|[\u034f\u180b-\u180f\ufe00-\ufe0f]|[\u{e0100}-\u{e01ef}]/u;

const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari', 'Bengali', 'Gurmukhi',
  'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar',
  'Georgian', 'Hangul', 'Ethiopic', 'Cherokee', 'Khmer', 'Mongolian', 'Hiragana', 'Katakana', 'Bopomofo', 'Han',
] as const;
const SCRIPT_TESTS = SCRIPTS.map((name) => ({ name, test: new RegExp(`^\\p{Script=${name}}$`, 'u') }));
const LETTER = /^\p{L}$/u;

/** Script sets a single label may have without a warning (UTS #39 highly restrictive). */
const ALLOWED_MIXES: readonly ReadonlySet<string>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

const scriptOf = (ch: string): string | null => {
  if (!LETTER.test(ch)) return null;
  return SCRIPT_TESTS.find((s) => s.test.test(ch))?.name ?? 'Other';
};

const codePoint = (ch: string): string => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

const unique = (items: string[]): string[] => [...new Set(items)];

/** Labels a user reads as units: `pаypal` in `pаypal.com`, `john` in `john.doe@…`. */
const labels = (value: string): string[] => value.split(/[\s@.\-_+0-9:/]+/u).filter((l) => l !== '');

/** The warnings for one identifier or address; [] for an ordinary one. Pure, linear in the length. */
export const identifierWarnings = (value: string): IdentifierWarning[] => {
  const chars = [...value];
  const out: IdentifierWarning[] = [];
  const bidi = unique(chars.filter((c) => BIDI.test(c)).map(codePoint));
  if (bidi.length > 0)
    out.push({ kind: 'bidi-control', id: 'identifier/bidi-control', codePoints: bidi, message: `contains bidirectional control characters (${bidi.join(', ')}) that change the order in which it is displayed` });
  const invisible = unique(chars.filter((c) => !BIDI.test(c) && INVISIBLE.test(c)).map(codePoint));
  if (invisible.length > 0)
    out.push({ kind: 'invisible', id: 'identifier/invisible', codePoints: invisible, message: `contains invisible characters (${invisible.join(', ')}): it looks the same as a different identifier` });
  for (const label of labels(value)) {
    const letters = [...label].map((c) => ({ c, script: scriptOf(c) })).filter((l): l is { c: string; script: string } => l.script !== null);
    const scripts = unique(letters.map((l) => l.script));
    if (scripts.length < 2 || ALLOWED_MIXES.some((allowed) => scripts.every((s) => allowed.has(s)))) continue;
    // The minority script's letters are the suspicious ones (one Cyrillic "а" in a Latin word).
    const counts = scripts.map((s) => ({ s, n: letters.filter((l) => l.script === s).length })).sort((a, b) => b.n - a.n);
    const odd = letters.filter((l) => l.script !== counts[0]?.s);
    out.push({
      kind: 'mixed-script',
      id: 'identifier/mixed-script',
      codePoints: unique(odd.map((l) => codePoint(l.c))),
      message: `mixes ${scripts.join(' and ')} letters in "${label}" (${unique(odd.map((l) => `${l.c} ${codePoint(l.c)} ${l.script}`)).join(', ')}): it can pass for a different identifier`,
    });
    break;
  }
  return out;
};

/** The value with every invisible or bidi character shown as ⟨U+XXXX⟩, so a warning can show what is there. */
export const revealIdentifier = (value: string): string =>
  [...value].map((c) => (BIDI.test(c) || INVISIBLE.test(c) ? `⟨${codePoint(c)}⟩` : c)).join('');
