/**
 * The schema editor's URLs, so every screen survives a reload: `/schemas`, `/schemas/<id>`,
 * `/schemas/new?from=<preset>`, `/schemas/compare?from=<old>&to=<new>`
 * (and `/schemas/edit?id=<id>` for the ids `new`, `compare` and `edit`). Pure.
 */

export type SchemaRoute =
  | { kind: 'list' }
  /** `base`: the old schema the compare panel starts with (set after "save as new version"). */
  | { kind: 'edit'; id: string; base: string | null }
  | { kind: 'new'; from: string | null; base: string | null }
  | { kind: 'compare'; from: string | null; to: string | null };

export const SCHEMAS_PATH = '/schemas';

const RESERVED = new Set(['new', 'compare', 'edit']);

export const parseSchemaRoute = (path: string, search: URLSearchParams): SchemaRoute => {
  const match = /^\/schemas\/([^/]+)\/?$/.exec(path);
  if (!match?.[1]) return { kind: 'list' };
  let segment: string;
  try {
    segment = decodeURIComponent(match[1]);
  } catch {
    return { kind: 'list' };
  }
  if (segment === 'new') return { kind: 'new', from: search.get('from'), base: search.get('base') };
  if (segment === 'compare') return { kind: 'compare', from: search.get('from'), to: search.get('to') };
  if (segment === 'edit') {
    const id = search.get('id');
    return id ? { kind: 'edit', id, base: search.get('base') } : { kind: 'list' };
  }
  return { kind: 'edit', id: segment, base: search.get('base') };
};

const withQuery = (path: string, params: Record<string, string | null | undefined>): string => {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
};

/** Schema ids may contain `:`, `@`, `+`…: encoded as one path segment; ids that name a screen go in the query. */
export const editUrl = (id: string, base: string | null = null): string =>
  RESERVED.has(id) ? withQuery(`${SCHEMAS_PATH}/edit`, { id, base }) : withQuery(`${SCHEMAS_PATH}/${encodeURIComponent(id)}`, { base });

export const newUrl = (from: string | null, base: string | null = null): string => withQuery(`${SCHEMAS_PATH}/new`, { from, base });

export const compareUrl = (from: string | null, to: string | null): string => withQuery(`${SCHEMAS_PATH}/compare`, { from, to });

/** The identity browser's detail route (renderer/features/identity-browser/IdentityBrowserPage). */
export const identityUrl = (id: string): string => `/identities/${encodeURIComponent(id)}`;
