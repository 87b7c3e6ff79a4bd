import { RE2JS } from 're2js';
import { isGoHostname, isKratosEmail } from './email';
import { isKratosTel } from './phone';

/**
 * The `format` registry of ory/jsonschema as Kratos runs it (reference §3.1). Every check fails on a non-string,
 * unlike JSON Schema and ajv; `no-validate` always passes; a name not in this table is ignored, never fatal.
 */
export type FormatCheck = (value: unknown) => boolean;

const str =
  (check: (s: string) => boolean): FormatCheck =>
  (v) =>
    typeof v === 'string' && check(v);

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Go `time.Parse("2006-01-02")`: calendar-checked, so `2024-02-30` fails. */
export const isGoDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  if (mo === 2 && d === 29) return isLeap(y);
  return d <= (DAYS[mo - 1] ?? 0);
};

// Go accepts a fractional second after the seconds even when the layout has none, with `.` or `,`.
const CLOCK = '(\\d{2}):(\\d{2}):(\\d{2})(?:[.,]\\d+)?(Z|[+-](\\d{2}):(\\d{2}))';
const TIME_RE = new RegExp(`^${CLOCK}$`);
const DATE_TIME_RE = new RegExp(`^(\\d{4}-\\d{2}-\\d{2})T${CLOCK}$`);

const clockOk = (h?: string, mi?: string, s?: string, zh?: string, zm?: string): boolean =>
  Number(h) < 24 && Number(mi) < 60 && Number(s) < 60 && (zh === undefined || (Number(zh) < 24 && Number(zm) < 60));

/** Go `time.Parse(time.RFC3339)` (and RFC3339Nano). */
export const isGoDateTime = (s: string): boolean => {
  const m = DATE_TIME_RE.exec(s);
  return m !== null && isGoDate(m[1] ?? '') && clockOk(m[2], m[3], m[4], m[6], m[7]);
};

/** Go `time.Parse("15:04:05Z07:00")` with an optional fraction. */
export const isGoTime = (s: string): boolean => {
  const m = TIME_RE.exec(s);
  return m !== null && clockOk(m[1], m[2], m[3], m[5], m[6]);
};

/** Go `strconv.Atoi` on each of four dot-separated groups (so `+1` and `001` pass, as in Go). */
export const isGoIPv4 = (s: string): boolean => {
  const groups = s.split('.');
  return groups.length === 4 && groups.every((g) => /^[+-]?\d{1,18}$/.test(g) && Number(g) >= 0 && Number(g) <= 255);
};

const HEX16 = /^[0-9A-Fa-f]{1,4}$/;

/** Go `net.ParseIP` on a string containing `:` (IPv6, optionally with an embedded IPv4 tail; no zone). */
export const isGoIPv6 = (s: string): boolean => {
  if (!s.includes(':')) return false;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(tail) || tail.split('.').some((p) => Number(p) > 255)) return false;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const parts = (h: string): string[] | null => (h === '' ? [] : h.split(':'));
  const left = parts(halves[0] ?? '');
  const right = halves.length === 2 ? parts(halves[1] ?? '') : [];
  if (left === null || right === null) return false;
  if (![...left, ...right].every((g) => HEX16.test(g))) return false;
  const count = left.length + right.length;
  return halves.length === 2 ? count < 8 : count === 8;
};

// An approximation of Go `url.Parse`: it fails on ASCII control characters, bad `%` escapes, a missing
// scheme before `:` and a non-numeric port. Good enough for the rare identity schema that uses `uri`.
const hasAsciiControl = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
};
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export const isGoUriReference = (s: string): boolean => {
  if (hasAsciiControl(s) || BAD_ESCAPE.test(s) || s.startsWith(':')) return false;
  const authority = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/([^/?#]*)/.exec(s);
  if (authority) {
    const host = (authority[1] ?? '').replace(/^[^@]*@/, '');
    const port = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host)?.[1];
    if (port !== undefined && !/^\d*$/.test(port)) return false;
  }
  return true;
};

export const isGoUri = (s: string): boolean => SCHEME.test(s) && isGoUriReference(s);

export const isJsonPointer = (s: string): boolean => s === '' || (s.startsWith('/') && !/~(?![01])/.test(s));

export const isRelativeJsonPointer = (s: string): boolean => {
  const m = /^(0|[1-9]\d*)(.*)$/s.exec(s);
  return m !== null && (m[2] === '#' || isJsonPointer(m[2] ?? ''));
};

/** Go `regexp.Compile`, via the RE2 port, so look-around and back-references are invalid. */
export const isGoRegex = (s: string): boolean => {
  try {
    RE2JS.compile(s);
    return true;
  } catch {
    return false;
  }
};

export const KRATOS_FORMATS: Readonly<Record<string, FormatCheck>> = {
  'date-time': str(isGoDateTime),
  date: str(isGoDate),
  time: str(isGoTime),
  hostname: str(isGoHostname),
  email: str(isKratosEmail),
  tel: isKratosTel,
  'ip-address': str(isGoIPv4),
  ipv4: str(isGoIPv4),
  ipv6: str(isGoIPv6),
  uri: str(isGoUri),
  iri: str(isGoUri),
  'uri-reference': str(isGoUriReference),
  uriref: str(isGoUriReference),
  'iri-reference': str(isGoUriReference),
  'uri-template': str(isGoUriReference),
  regex: str(isGoRegex),
  'json-pointer': str(isJsonPointer),
  'relative-json-pointer': str(isRelativeJsonPointer),
  'no-validate': () => true,
};

/** The check for a format name, or null when Kratos would ignore the name. */
export const kratosFormat = (name: string): FormatCheck | null =>
  Object.prototype.hasOwnProperty.call(KRATOS_FORMATS, name) ? (KRATOS_FORMATS[name] ?? null) : null;
