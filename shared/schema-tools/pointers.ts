/**
 * JSON pointers (RFC 6901) in the two spellings this codebase uses: the engine and linter write
 * `#/properties/traits/...` (URI-fragment form, but never percent-encoded), tools and ajv write
 * `/properties/...`. Both are accepted; output is always the `#/…` form the linter uses, so pointers
 * from different sources compare equal as strings.
 */

import { formatPointer, unescapeToken } from '../json';

const splitTokens = (body: string): string[] => (body === '' ? [] : body.replace(/^\//, '').split('/').map(unescapeToken));

/**
 * The token lists a pointer may mean. A `#` pointer is a URI fragment, so percent-decoding applies;
 * but this codebase's own pointers are not percent-encoded, so a trait literally named `100%` or
 * `a%20b` must still be found — both readings are returned, decoded first, and callers take the one
 * that resolves.
 */
export const pointerReadings = (pointer: string): string[][] => {
  if (!pointer.startsWith('#')) return [splitTokens(pointer)];
  const raw = pointer.slice(1);
  let decoded: string | null;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = null;
  }
  const readings = [splitTokens(decoded ?? raw)];
  if (decoded !== null && decoded !== raw) readings.push(splitTokens(raw));
  return readings;
};

/**
 * Where a schema-document pointer lands in the identity: `#/properties/traits/properties/name/properties/first`
 * → `#/traits/name/first`, array items → `…/*` (a tuple's items keep their index). Anything below a trait
 * (its `ory.sh/kratos`, `format`, …) maps to that trait. Null when the pointer is not under the traits
 * schema, e.g. in `definitions`, where one node can serve many traits.
 */
export const identityPointerForSchemaPointer = (pointer: string): string | null => {
  const tokens = pointerReadings(pointer)[0] ?? [];
  if (tokens[0] !== 'properties' || tokens[1] !== 'traits') return null;
  const out: string[] = ['traits'];
  let i = 2;
  while (i < tokens.length) {
    const keyword = tokens[i];
    const next = tokens[i + 1];
    if (keyword === 'properties' && next !== undefined) {
      out.push(next);
      i += 2;
    } else if (keyword === 'items' && next !== undefined && /^(0|[1-9]\d*)$/.test(next)) {
      out.push(next);
      i += 2;
    } else if (keyword === 'items') {
      out.push('*');
      i += 1;
    } else {
      break;
    }
  }
  return formatPointer(out);
};
