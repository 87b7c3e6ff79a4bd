/**
 * The two JSON helpers every layer needs: "is this a JSON object" and RFC 6901 pointer tokens.
 * One copy, so a fix (or a stricter rule) reaches every reader and writer of pointers at once.
 */

export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export const isRecord = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

// `~1` first: `~01` is the escaped form of the literal `~1`, not of `/`.
export const unescapeToken = (token: string): string => (token.includes('~') ? token.replace(/~1/g, '/').replace(/~0/g, '~') : token);

/** `#/traits/a~1b/0` from its tokens; `prefix` '' gives the plain `/traits/…` form. */
export const formatPointer = (tokens: readonly (string | number)[], prefix: '#' | '' = '#'): string =>
  tokens.reduce<string>((p, t) => `${p}/${escapeToken(String(t))}`, prefix);

/** The unescaped tokens of `#/a/b` or `/a/b` (no percent-decoding: see schema-tools/pointers for that). */
export const pointerTokens = (pointer: string): string[] => {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  return body === '' ? [] : body.replace(/^\//, '').split('/').map(unescapeToken);
};

/**
 * A deep copy of a JSON value (shared/ has no structuredClone). Through JSON text: JSON.parse defines keys as data
 * properties, so an own `__proto__` key stays data and never reaches a prototype, and a double survives the
 * round trip exactly.
 */
export const cloneJson = <T>(value: T): T => (value === undefined || value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as T));
