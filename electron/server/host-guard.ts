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
