/**
 * Kratos's error texts and message ids (reference §3.4, `text/id.go`). Values are rendered the way Go's `fmt`
 * renders them in ory/jsonschema (`%q`, `%s`), so messages read exactly like the server's.
 */
import { escapeToken } from '../json';

export const MESSAGE_IDS = {
  generic: 4000001,
  required: 4000002,
  minLength: 4000003,
  pattern: 4000004,
  maxLength: 4000017,
  minimum: 4000018,
  exclusiveMinimum: 4000019,
  maximum: 4000020,
  exclusiveMaximum: 4000021,
  multipleOf: 4000022,
  maxItems: 4000023,
  minItems: 4000024,
  uniqueItems: 4000025,
  type: 4000026,
  constValue: 4000029,
  constGeneric: 4000030,
  email: 4000040,
  tel: 4000041,
} as const;

const isPrintable = (c: number): boolean => !/[\p{C}\p{Zl}\p{Zp}]/u.test(String.fromCodePoint(c)) || c === 0x20;

const ESCAPES: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u000b': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

const hex = (c: number, width: number): string => c.toString(16).padStart(width, '0');

/** Printable ASCII without `"` and `\\`: what `strconv.Quote` leaves as it is. */
const isPlainAscii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) return false;
  }
  return true;
};

// One-entry memo: a value that fails its format fails the extension hook with the same quoted text.
let quoteIn: string | null = null;
let quoteOut = '';

/** Go `strconv.Quote`. */
export const goQuoteString = (s: string): string => {
  if (s !== quoteIn) {
    quoteOut = quote(s);
    quoteIn = s;
  }
  return quoteOut;
};

const quote = (s: string): string => {
  if (isPlainAscii(s)) return `"${s}"`; // nothing to escape: the common case
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const esc = ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (c >= 0x20 && c < 0x7f) out += ch; // printable ASCII: the common case, no regex
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else if (isPrintable(c)) out += ch;
    else if (c < 0x80) out += `\\x${hex(c, 2)}`;
    else if (c <= 0xffff) out += `\\u${hex(c, 4)}`;
    else out += `\\U${hex(c, 8)}`;
  }
  return `${out}"`;
};

const goTypeName = (v: unknown): string => {
  if (v === null) return '<nil>';
  if (typeof v === 'boolean') return `bool=${String(v)}`;
  if (Array.isArray(v)) return '[]interface {}=[...]';
  return 'map[string]interface {}=map[...]';
};

/** Go `%q` of a decoded JSON value (numbers are `json.Number`, a string type, so they are quoted too). */
export const goQuote = (v: unknown): string => {
  if (typeof v === 'string') return goQuoteString(v);
  if (typeof v === 'number') return goQuoteString(String(v));
  return `%!q(${goTypeName(v)})`;
};

/** Go `fmt.Sprintf("%s", v)`: how Kratos turns a trait value into an identifier (reference §2.2). */
export const goSprintS = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return `%!s(${goTypeName(v)})`;
};

/** JSON type name as ory/jsonschema reports it (`integer` is never a value's type). */
export const goJsonType = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'object' ? 'object' : t === 'boolean' ? 'boolean' : t === 'number' ? 'number' : 'string';
};

const EMAIL_TAIL = '" is not valid "email"';
const TEL_TAIL = '" is not valid "tel"';

/**
 * 4000040/4000041 for messages matching `^".*" is not valid "(email|tel)"` (the value quoted, then the format;
 * anything may follow), including extension errors (§3.4). Written as two searches rather than that regex: the
 * store builds this for every invalid identity, and the greedy `.*` backtracks over the whole message.
 */
export const formatMessageId = (message: string): number | undefined => {
  if (message.charCodeAt(0) !== 0x22) return undefined;
  if (message.indexOf(EMAIL_TAIL, 1) >= 1) return MESSAGE_IDS.email;
  if (message.indexOf(TEL_TAIL, 1) >= 1) return MESSAGE_IDS.tel;
  return undefined;
};

const PATH_SAFE = /^[A-Za-z0-9\-._~$&+,/:;=@]*$/;

/** Go `url.PathEscape` of one JSON-pointer token, as ory/jsonschema escapes instance pointers (§3.4). */
export const goPathEscape = (token: string): string => {
  if (PATH_SAFE.test(token)) return token; // nothing to escape: the common case
  let out = '';
  for (const byte of new TextEncoderLite(token).bytes()) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~$&+,/:;=@]/.test(ch) && byte < 0x80 ? ch : `%${hex(byte, 2).toUpperCase()}`;
  }
  return out;
};

/** UTF-8 encoding without `TextEncoder`, which `shared/` cannot assume (no DOM or Node types). */
class TextEncoderLite {
  constructor(private readonly s: string) {}
  *bytes(): Generator<number> {
    for (const ch of this.s) {
      const c = ch.codePointAt(0) ?? 0;
      if (c < 0x80) yield c;
      else if (c < 0x800) yield* [0xc0 | (c >> 6), 0x80 | (c & 63)];
      else if (c < 0x10000) yield* [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
      else yield* [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    }
  }
}

/** `#/traits/a~1b` style pointer from JSON-pointer tokens. */
export const kratosPointer = (tokens: readonly string[]): string =>
  `#${tokens.map((t) => `/${goPathEscape(escapeToken(t))}`).join('')}`;

const UNESCAPES: Record<string, string> = Object.fromEntries(Object.entries(ESCAPES).map(([ch, esc]) => [esc[1] ?? '', ch]));

/** Reads one `strconv.Quote` literal at `start` (the opening quote): the string and the index after it, or null. */
const readQuoted = (text: string, start: number): { value: string; end: number } | null => {
  if (text[start] !== '"') return null;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '"') return { value, end: i + 1 };
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const kind = text[i + 1] ?? '';
    const width = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
    if (width > 0) {
      const digits = text.slice(i + 2, i + 2 + width);
      if (!/^[0-9a-f]+$/i.test(digits) || digits.length !== width) return null;
      value += String.fromCodePoint(parseInt(digits, 16));
      i += 2 + width;
      continue;
    }
    const plain = UNESCAPES[kind];
    if (plain === undefined) return null;
    value += plain;
    i += 2;
  }
  return null;
};

const REQUIRED_PREFIX = 'missing properties: ';

/**
 * The property names a Kratos `required` message lists (`missing properties: "email", "name"`, each quoted as
 * `strconv.Quote` does), so a form can show it under each missing field instead of on their parent; null when
 * the text is not that message.
 */
export const requiredNames = (message: string): string[] | null => {
  if (!message.startsWith(REQUIRED_PREFIX)) return null;
  const names: string[] = [];
  let i = REQUIRED_PREFIX.length;
  for (;;) {
    const read = readQuoted(message, i);
    if (!read) return null;
    names.push(read.value);
    if (read.end === message.length) return names;
    if (!message.startsWith(', ', read.end)) return null;
    i = read.end + 2;
  }
};
