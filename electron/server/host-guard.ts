import { timingSafeEqual } from 'node:crypto';

export const TOKEN_HEADER = 'x-identity-desk-token';

/**
 * DNS-rebinding defence: a page on another site that resolves its own name to 127.0.0.1 still
 * sends its own name as Host, so only the two loopback spellings with our port are accepted.
 */
export const isAllowedHost = (host: string | undefined, port: number): boolean =>
  host === `127.0.0.1:${port}` || host === `localhost:${port}`;

/** Constant-time token comparison so the token cannot be guessed byte by byte from timings. */
export const isValidToken = (given: string | string[] | undefined, expected: string): boolean => {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** How many times a header occurs in Node's raw header list (Node folds or drops repeats in `headers`). */
export const headerCount = (rawHeaders: readonly string[], name: string): number => {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]?.toLowerCase() === name) count++;
  return count;
};

/**
 * An API call may come from our own page or from a client that is not a browser (no Origin). A
 * browser always sends Origin on a cross-origin request and on every POST, so a foreign origin, the
 * opaque `null` of a sandboxed frame or a file: page, and repeated Origin headers are refused.
 */
export const isAllowedOrigin = (rawHeaders: readonly string[], port: number): boolean => {
  const origins: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]?.toLowerCase() === 'origin') origins.push(rawHeaders[i + 1] ?? '');
  if (origins.length === 0) return true;
  return origins.length === 1 && (origins[0] === `http://127.0.0.1:${port}` || origins[0] === `http://localhost:${port}`);
};
