/**
 * Kratos's `email` format (reference §3.1, ory/jsonschema `isEmail`): byte lengths as Go counts them, the domain
 * an RFC 1123 hostname (so IDN domains fail and `admin@localhost` passes), and Go `net/mail.ParseAddress` on
 * the whole string (UTF-8 and quoted local parts pass; leading, trailing or double dots in an atom fail).
 * Deliberately not ajv-formats' email, which disagrees in both directions (reference §7.1).
 */

/** UTF-8 length in bytes, because Go's `len(s)` counts bytes, not UTF-16 units. */
export const utf8Length = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
};

const isHostnameChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;

/** ory/jsonschema `isHostname`: note it checks the first character of the whole name, as Go does. */
export const isGoHostname = (input: string): boolean => {
  const s = input.endsWith('.') ? input.slice(0, -1) : input;
  if (utf8Length(s) > 253) return false;
  for (const label of s.split('.')) {
    if (label.length < 1 || label.length > 63) return false;
    if (s.charCodeAt(0) === 0x2d) return false;
    if (label.charCodeAt(label.length - 1) === 0x2d) return false;
    for (let i = 0; i < label.length; i++) if (!isHostnameChar(label.charCodeAt(i))) return false;
  }
  return true;
};

// RFC 5322 specials that end an atom in Go's net/mail (`isAtext`).
const SPECIALS = new Set(['(', ')', '<', '>', '[', ']', ':', ';', '@', '\\', ',', '"']);

/** Go `isVchar`: printable ASCII or any non-ASCII rune. */
const isVchar = (ch: string): boolean => {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x21 && c <= 0x7e) || c >= 0x80;
};

const isAtext = (ch: string, dot: boolean): boolean => (ch === '.' ? dot : !SPECIALS.has(ch) && isVchar(ch));

/** Go `consumeAtom(dot=true, permissive=false)`; returns the atom's end index or -1. */
const atomEnd = (chars: string[], start: number): number => {
  let i = start;
  while (i < chars.length && isAtext(chars[i] as string, true)) i++;
  if (i === start) return -1;
  const atom = chars.slice(start, i).join('');
  if (atom.startsWith('.') || atom.endsWith('.') || atom.includes('..')) return -1;
  return i;
};

/** Go `consumeQuotedString`; returns the index after the closing quote or -1. */
const quotedEnd = (chars: string[], start: number): number => {
  let escaped = false;
  let content = 0;
  for (let i = start + 1; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (escaped) {
      if (!isVchar(ch) && ch !== ' ' && ch !== '\t') return -1;
      escaped = false;
      content++;
    } else if (ch === '"') return content === 0 ? -1 : i + 1;
    else if (ch === '\\') escaped = true;
    else if (isVchar(ch) || ch === ' ' || ch === '\t') content++;
    else return -1;
  }
  return -1;
};

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const ASCII_DOT_ATOM = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*@${ATEXT}(?:\\.${ATEXT})*$`);

/**
 * `net/mail.ParseAddress` restricted to inputs whose domain is already a plain hostname: then only the
 * addr-spec form can succeed (a name-addr needs `>` and a group needs `;` at the end, neither a hostname char).
 */
export const isGoMailAddrSpec = (s: string): boolean => {
  // Fast path for the common all-ASCII dot-atom address; the general path below decides everything else.
  if (ASCII_DOT_ATOM.test(s)) return true;
  const chars = Array.from(s.replace(/^[ \t]+/, ''));
  if (chars.length === 0) return false;
  const localEnd = chars[0] === '"' ? quotedEnd(chars, 0) : atomEnd(chars, 0);
  if (localEnd < 0 || chars[localEnd] !== '@') return false;
  const domainEnd = atomEnd(chars, localEnd + 1);
  return domainEnd === chars.length;
};

// One-entry memo: the recovery and verification hooks re-check the value the `format` keyword just checked.
let lastInput: string | null = null;
let lastResult = false;

/** The full Kratos `email` format rule. */
export const isKratosEmail = (s: string): boolean => {
  if (s === lastInput) return lastResult;
  lastResult = checkEmail(s);
  lastInput = s;
  return lastResult;
};

const checkEmail = (s: string): boolean => {
  if (utf8Length(s) > 254) return false;
  const at = s.lastIndexOf('@');
  if (at < 0) return false;
  if (utf8Length(s.slice(0, at)) > 64) return false;
  if (!isGoHostname(s.slice(at + 1))) return false;
  return isGoMailAddrSpec(s);
};
