import { badRequestReason } from './errors';
import { UUID_RE, type CredentialView, type EmulatorKind, type JsonObject, type StoredIdentity } from './model';
import type { Operations } from './operations';
import type { IdentityStore } from './store';
import { normalizeIdentifier } from './traits';

/**
 * `GET /admin/identities` (reference §4.3): keyset pagination by id, `page_size` default 250 capped at
 * 500, relative `Link` headers that keep the other query parameters (Go's url.Values.Encode: keys
 * sorted), one filter at most, legacy `page`/`per_page` with its 1000-item ceiling.
 */
export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const DEFAULT_PAGE_SIZE = 250;
const MAX_PAGE_SIZE = 500;

export const CREDENTIAL_TYPES: Record<EmulatorKind, ReadonlySet<string>> = {
  kratos: new Set(['password', 'oidc', 'saml', 'totp', 'lookup_secret', 'webauthn', 'code', 'passkey', 'link_recovery', 'code_recovery']),
  'ory-network': new Set([
    'password',
    'oidc',
    'saml',
    'totp',
    'lookup_secret',
    'webauthn',
    'code',
    'passkey',
    'link_recovery',
    'code_recovery',
    'deviceauthn',
  ]),
};

/**
 * Page tokens. Self-hosted Kratos uses the last id of the page (first page: the zero UUID); Ory
 * Network's are opaque, so a client that builds a UUID token gets a 400 there. Every issued token is
 * remembered, so the request log can tell followed links from constructed tokens.
 */
export class PageTokens {
  private readonly issued = new Set<string>();
  constructor(private readonly kind: EmulatorKind) {}

  issue(lastId: string): string {
    const token = this.kind === 'kratos' ? lastId : Buffer.from(JSON.stringify({ k: lastId, v: 1 }), 'utf8').toString('base64url');
    this.issued.add(token);
    return token;
  }

  wasIssued(token: string): boolean {
    return this.issued.has(token);
  }

  /** The id after which the page starts. */
  decode(token: string): string {
    if (this.kind === 'kratos') {
      if (!UUID_RE.test(token)) throw badRequestReason('The page token is invalid, do not craft your own page tokens');
      return token.toLowerCase();
    }
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown };
      if (typeof parsed.k === 'string' && UUID_RE.test(parsed.k)) return parsed.k;
    } catch {
      // fall through to the 400
    }
    throw badRequestReason('The page token is invalid, do not craft your own page tokens');
  }
}

/** Go's url.QueryEscape: everything but unreserved characters is percent-encoded, space is '+'. */
const goQueryEscape = (value: string): string =>
  encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');

/** Go's url.Values.Encode: keys sorted, values in their order. */
export const goEncode = (values: ReadonlyMap<string, readonly string[]>): string =>
  [...values.keys()]
    .sort()
    .flatMap((key) => (values.get(key) ?? []).map((v) => `${goQueryEscape(key)}=${goQueryEscape(v)}`))
    .join('&');

const queryMap = (query: URLSearchParams, drop: readonly string[]): Map<string, string[]> => {
  const out = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (drop.includes(key)) continue;
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
};

const parseSize = (raw: string | null, name: string): number | undefined => {
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw.trim()))
    throw badRequestReason(`Unable to parse ${name}: strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return Number(raw);
};

export interface ListResponse {
  body: JsonObject[];
  headers: Record<string, string>;
}

export const listIdentities = (
  kind: EmulatorKind,
  store: IdentityStore,
  ops: Operations,
  tokens: PageTokens,
  path: string,
  query: URLSearchParams,
): ListResponse => {
  const filters = ['ids', 'credentials_identifier', 'preview_credentials_identifier_similar', 'organization_id'].filter((name) =>
    query.getAll(name).some((v) => v !== ''),
  );
  if (filters.length > 1) throw badRequestReason('You cannot combine multiple filters in this API');
  const include = query.getAll('include_credential').filter((v) => v !== '');
  for (const type of include) {
    if (!CREDENTIAL_TYPES[kind].has(type))
      throw badRequestReason(`Invalid value ${JSON.stringify(type)} for parameter include_credential.`);
  }
  const consistency = query.get('consistency');
  if (kind === 'ory-network' && consistency !== null && !['', 'strong', 'eventual'].includes(consistency)) {
    throw badRequestReason(`Invalid read consistency parameter value: ${JSON.stringify(consistency)}.`);
  }
  const filter = filters[0];
  const view: CredentialView =
    include.length > 0
      ? { kind: 'config', types: new Set(include) }
      : filter === 'credentials_identifier' || filter === 'preview_credentials_identifier_similar'
        ? { kind: 'identifiers' }
        : { kind: 'none' };
  const render = (identities: readonly StoredIdentity[]): JsonObject[] => identities.map((i) => ops.render(i, view));

  if (filter === 'ids') {
    const ids = query.getAll('ids').filter((v) => v !== '');
    if (ids.length > 500) throw badRequestReason('The number of ids to filter must not exceed 500.');
    for (const id of ids) if (!UUID_RE.test(id)) throw badRequestReason(`Invalid UUID value \`${id}\` for parameter \`ids\`.`);
    const found = [...new Set(ids.map((id) => id.toLowerCase()))].map((id) => store.get(id)).filter((i) => i !== undefined);
    return { body: render(found), headers: {} };
  }

  let keep: ((identity: StoredIdentity) => boolean) | undefined;
  if (filter === 'credentials_identifier') {
    const raw = query.get('credentials_identifier') ?? '';
    const normalized = normalizeIdentifier(kind, raw);
    const owners = new Set(
      [
        store.ownerOfIdentifier('password', normalized),
        store.ownerOfIdentifier('webauthn', normalized),
        store.ownerOfIdentifier('code', normalized),
        store.ownerOfIdentifier('oidc', raw),
        store.ownerOfIdentifier('saml', raw),
      ].filter((id) => id !== undefined),
    );
    keep = (identity) => owners.has(identity.id);
  } else if (filter === 'preview_credentials_identifier_similar') {
    const prefix = normalizeIdentifier(kind, query.get('preview_credentials_identifier_similar') ?? '');
    const owners = new Set<string>();
    for (const entry of store.identifierEntries()) if (entry.identifier.startsWith(prefix)) owners.add(entry.id);
    keep = (identity) => owners.has(identity.id);
  } else if (filter === 'organization_id') {
    const org = query.get('organization_id') ?? '';
    if (!UUID_RE.test(org)) throw badRequestReason(`Invalid UUID value \`${org}\` for parameter \`organization_id\`.`);
    keep = (identity) => identity.organization_id === org.toLowerCase();
  }

  const page = parseSize(query.get('page'), 'page');
  const perPage = parseSize(query.get('per_page'), 'per_page');
  if (page !== undefined) return legacyPage(store, path, query, page, perPage, keep, render);

  const requested = parseSize(query.get('page_size'), 'page_size') ?? perPage;
  const size = requested === undefined || requested < 1 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
  const token = query.get('page_token');
  const after = token === null || token === '' ? ZERO_UUID : tokens.decode(token);
  const rows = store.page(after, size + 1, keep);
  const hasNext = rows.length > size;
  const pageRows = hasNext ? rows.slice(0, size) : rows;
  const base = queryMap(query, ['page_token', 'page_size', 'per_page', 'page']);
  const link = (pageToken: string): string => {
    const values = new Map(base);
    values.set('page_size', [String(size)]);
    values.set('page_token', [pageToken]);
    return `<${path}?${goEncode(values)}>`;
  };
  const first = kind === 'kratos' ? ZERO_UUID : tokens.issue(ZERO_UUID);
  if (kind === 'kratos') tokens.issue(ZERO_UUID);
  const parts = [`${link(first)}; rel="first"`];
  const last = pageRows.at(-1);
  if (hasNext && last !== undefined) parts.push(`${link(tokens.issue(last.id))}; rel="next"`);
  return { body: render(pageRows), headers: { link: parts.join(',') } };
};

const legacyPage = (
  store: IdentityStore,
  path: string,
  query: URLSearchParams,
  page: number,
  perPageRaw: number | undefined,
  keep: ((identity: StoredIdentity) => boolean) | undefined,
  render: (identities: readonly StoredIdentity[]) => JsonObject[],
): ListResponse => {
  const perPage = perPageRaw === undefined || perPageRaw < 1 ? DEFAULT_PAGE_SIZE : Math.min(perPageRaw, MAX_PAGE_SIZE);
  const pageNumber = Math.max(page, 1);
  if (pageNumber * perPage > 1000) {
    throw badRequestReason(
      'Legacy pagination is not supported for enumerating over 1000 items. Please switch to using page_token and page_size.',
    );
  }
  const all = store.page(ZERO_UUID, 1000 + perPage, keep);
  const rows = all.slice((pageNumber - 1) * perPage, pageNumber * perPage);
  const total = keep === undefined ? store.size : store.page(ZERO_UUID, Number.MAX_SAFE_INTEGER, keep).length;
  const base = queryMap(query, ['page', 'per_page', 'page_size', 'page_token']);
  const link = (p: number): string => {
    const values = new Map(base);
    values.set('page', [String(p)]);
    values.set('per_page', [String(perPage)]);
    return `<${path}?${goEncode(values)}>`;
  };
  const parts = [`${link(1)}; rel="first"`];
  if (pageNumber * perPage < total) parts.push(`${link(pageNumber + 1)}; rel="next"`);
  if (pageNumber > 1) parts.push(`${link(pageNumber - 1)}; rel="prev"`);
  return { body: render(rows), headers: { link: parts.join(','), 'x-total-count': String(total) } };
};
