import { AppError } from '../../../shared/errors';
import type { JsonPatchOperation } from '../../../shared/domain/identity';
import type { ConnectionReport, RemoteKind } from '../../../shared/domain/sync';

/**
 * The only module that talks HTTP to Kratos (design §13; lint forbids `fetch` elsewhere in
 * electron/services). It keeps the rules of reference §4 in one place:
 * - the key goes only to the remote's own origin: page links are resolved against the base URL and
 *   refused when they point anywhere else, and redirects are never followed;
 * - writes are strictly serialized (Ory Network answers 429 to concurrent writes);
 * - 429 waits for `Retry-After` or `x-ratelimit-reset`, else capped exponential backoff with jitter,
 *   and a request is not started inside a known rate-limit window (`x-ratelimit-remaining: 0`);
 * - 5xx, timeouts, dropped connections and the 400 "Unable to serialize access" are retried, up to a cap;
 * - any other answer is returned as it is, with the body's text verbatim (timestamps keep their digits).
 */
export interface AdminClientOptions {
  url: string;
  kind: RemoteKind;
  /** Read at call time, so a key never sits in a long-lived object of ours. */
  key: () => string | undefined;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Longest single wait (backoff cap, reference §4.9: 30 s). */
  maxWaitMs?: number;
  signal?: AbortSignal;
  /** Told about every wait (rate limit or retry), for progress. */
  onWait?: (ms: number, why: string) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface AdminResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface ListPage {
  /** The page's body text verbatim (an array of identities). */
  text: string;
  /** The absolute URL of the next page (from `Link: rel="next"`), or null on the last page. */
  next: string | null;
}

export interface HerodotError {
  status: number;
  reason: string;
}

export interface AdminClient {
  readonly origin: string;
  /** Requests sent so far (every attempt counts). */
  readonly requests: number;
  /** First page when `url` is null; otherwise the `next` URL a previous page gave. */
  listPage(url: string | null, query?: Record<string, string[]>): Promise<ListPage>;
  getIdentity(id: string): Promise<AdminResponse>;
  /** Up to 500 identities by id in one request (`ids=` filter; unknown ids are left out), as a list page's text. */
  listByIds(ids: readonly string[]): Promise<string>;
  /** `credentials_identifier` lookup: the ids of identities with that identifier. */
  findByIdentifier(identifier: string): Promise<string[]>;
  patchIdentity(id: string, ops: readonly JsonPatchOperation[]): Promise<AdminResponse>;
  batchCreate(items: readonly { create: Record<string, unknown>; patch_id: string }[]): Promise<AdminResponse>;
  deleteIdentity(id: string): Promise<AdminResponse>;
  listSchemas(): Promise<{ id: string; schema: unknown }[]>;
}

const RETRYABLE_STATUS = (status: number): boolean => status >= 500 || status === 429;
const SERIALIZE = /unable to serialize access/i;
const DEFAULT_TIMEOUT_MS = 30_000;

export const normalizeAdminUrl = (raw: string): URL => {
  const url = new URL(raw);
  url.hash = '';
  url.search = '';
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/admin$/, '') || '/';
  return url;
};

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError('CANCELLED', 'Cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AppError('CANCELLED', 'Cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Seconds from `Retry-After` (delta or HTTP date) or `x-ratelimit-reset`, as milliseconds. */
export const retryDelayMs = (headers: Headers, now = Date.now()): number | null => {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (headers.has('x-ratelimit-reset') && Number.isFinite(reset) && reset >= 0) return reset * 1000;
  return null;
};

/** `<url>; rel="next"` from a Link header (several comma-separated links, URLs may be relative). */
export const nextLink = (link: string | null): string | null => {
  if (link === null) return null;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2] ?? '')) return m[1] ?? null;
  }
  return null;
};

/** The server's reason from a herodot error body (`error.reason`, else `error.message`), else the status line. */
export const herodotReason = (response: AdminResponse): string => {
  try {
    const body = JSON.parse(response.text) as { error?: { reason?: unknown; message?: unknown } };
    const reason = body.error?.reason;
    const message = body.error?.message;
    if (typeof reason === 'string' && reason !== '') return typeof message === 'string' && message !== '' && message !== reason ? `${message}: ${reason}` : reason;
    if (typeof message === 'string' && message !== '') return message;
  } catch {
    // not JSON: fall through to the status
  }
  return `HTTP ${response.status}`;
};

export const createAdminClient = (options: AdminClientOptions): AdminClient => {
  const base = normalizeAdminUrl(options.url);
  const origin = base.origin;
  const basePath = base.pathname === '/' ? '' : base.pathname;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 8;
  const maxWait = options.maxWaitMs ?? 30_000;
  let requests = 0;
  let blockedUntil = 0;
  let writes: Promise<unknown> = Promise.resolve();

  const resolve = (pathOrUrl: string): URL => {
    const url = new URL(pathOrUrl.startsWith('/') ? basePath + pathOrUrl : pathOrUrl, base);
    // The key is sent only to the remote's own origin, whatever a server's Link header says.
    if (url.origin !== origin) throw new AppError('REMOTE_REJECTED', `The remote pointed to another origin (${url.origin}); nothing was sent there.`);
    return url;
  };

  const backoff = (attempt: number): number => Math.min(maxWait, 500 * 2 ** attempt) * (0.5 + random() / 2);

  const wait = async (ms: number, why: string) => {
    if (ms <= 0) return;
    options.onWait?.(ms, why);
    await sleep(Math.min(ms, maxWait), options.signal);
  };

  const send = async (method: string, url: URL, body?: unknown, contentType = 'application/json'): Promise<AdminResponse> => {
    let lastProblem = '';
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (options.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled.');
      await wait(blockedUntil - Date.now(), 'rate limit window');
      const headers: Record<string, string> = { accept: 'application/json' };
      const key = options.key();
      if (key !== undefined && key !== '') headers['authorization'] = `Bearer ${key}`;
      if (body !== undefined) headers['content-type'] = contentType;
      requests++;
      let response: AdminResponse;
      try {
        const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
        const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual', signal });
        response = { status: res.status, headers: res.headers, text: await res.text() };
      } catch (err) {
        if (options.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled.');
        lastProblem = (err as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed';
        await wait(backoff(attempt), lastProblem);
        continue;
      }
      const limitRemaining = response.headers.get('x-ratelimit-remaining');
      if (limitRemaining !== null && Number(limitRemaining) <= 0) {
        const delay = retryDelayMs(response.headers);
        if (delay !== null) blockedUntil = Math.max(blockedUntil, Date.now() + delay);
      }
      if (response.status === 429) {
        const delay = retryDelayMs(response.headers) ?? backoff(attempt);
        blockedUntil = Math.max(blockedUntil, Date.now() + delay);
        lastProblem = 'rate limited (429)';
        continue;
      }
      const serializeError = response.status === 400 && SERIALIZE.test(response.text);
      if (RETRYABLE_STATUS(response.status) || serializeError) {
        lastProblem = serializeError ? 'Unable to serialize access' : `HTTP ${response.status}`;
        await wait(backoff(attempt), lastProblem);
        continue;
      }
      if (response.status >= 300 && response.status < 400) {
        throw new AppError('REMOTE_REJECTED', `The remote answered with a redirect (HTTP ${response.status}); give the admin API's own URL (Kratos's admin port, usually 4434).`);
      }
      if (response.status === 401 || response.status === 403) {
        throw new AppError('FORBIDDEN', `The remote refused the key (HTTP ${response.status}): ${herodotReason(response)}`);
      }
      return response;
    }
    throw new AppError(lastProblem.startsWith('rate') ? 'RATE_LIMITED' : 'REMOTE_UNAVAILABLE', `The remote did not answer successfully after ${maxAttempts} attempts (${lastProblem}).`);
  };

  /** Writes one at a time, whoever calls. */
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = writes.then(work, work);
    writes = run.catch(() => undefined);
    return run;
  };

  const expectJson = (response: AdminResponse, what: string): unknown => {
    if (response.status !== 200) throw new AppError('REMOTE_REJECTED', `${what} failed: ${herodotReason(response)}`, { status: response.status });
    try {
      return JSON.parse(response.text) as unknown;
    } catch {
      throw new AppError('REMOTE_REJECTED', `${what} answered with something that is not JSON.`);
    }
  };

  const query = (params: Record<string, string[]>): string => {
    const search = new URLSearchParams();
    for (const [name, values] of Object.entries(params)) for (const v of values) search.append(name, v);
    const s = search.toString();
    return s === '' ? '' : `?${s}`;
  };

  return {
    origin,
    get requests() {
      return requests;
    },
    listPage: async (url, params = {}) => {
      const target = url === null ? resolve(`/admin/identities${query({ page_size: ['500'], ...params })}`) : resolve(url);
      const response = await send('GET', target);
      if (response.status !== 200) throw new AppError('REMOTE_REJECTED', `Listing identities failed: ${herodotReason(response)}`, { status: response.status });
      const next = nextLink(response.headers.get('link'));
      return { text: response.text, next: next === null ? null : resolve(next).href };
    },
    getIdentity: (id) => send('GET', resolve(`/admin/identities/${encodeURIComponent(id)}?include_credential=password`)),
    listByIds: async (ids) => {
      if (ids.length > 500) throw new AppError('INTERNAL', 'At most 500 ids per request.');
      const response = await send('GET', resolve(`/admin/identities${query({ ids: [...ids], include_credential: ['password'] })}`));
      if (response.status !== 200) throw new AppError('REMOTE_REJECTED', `Fetching identities by id failed: ${herodotReason(response)}`, { status: response.status });
      return response.text;
    },
    findByIdentifier: async (identifier) => {
      const body = expectJson(await send('GET', resolve(`/admin/identities${query({ credentials_identifier: [identifier] })}`)), 'Looking up an identifier');
      return Array.isArray(body) ? body.flatMap((i: unknown) => (typeof i === 'object' && i !== null && typeof (i as { id?: unknown }).id === 'string' ? [(i as { id: string }).id] : [])) : [];
    },
    patchIdentity: (id, ops) => serialized(() => send('PATCH', resolve(`/admin/identities/${encodeURIComponent(id)}`), ops)),
    batchCreate: (items) => serialized(() => send('PATCH', resolve('/admin/identities'), { identities: items })),
    deleteIdentity: (id) => serialized(() => send('DELETE', resolve(`/admin/identities/${encodeURIComponent(id)}`))),
    listSchemas: async () => {
      const out: { id: string; schema: unknown }[] = [];
      let url: URL | null = resolve('/schemas?page_size=500');
      while (url !== null) {
        const response = await send('GET', url);
        const body = expectJson(response, 'Listing schemas');
        if (Array.isArray(body)) for (const s of body) if (typeof s === 'object' && s !== null && typeof (s as { id?: unknown }).id === 'string') out.push(s as { id: string; schema: unknown });
        const next = nextLink(response.headers.get('link'));
        url = next === null ? null : resolve(next);
      }
      return out;
    },
  };
};

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME|ALTNAME/i;

class ProbeFailure extends Error {
  constructor(readonly report: Extract<ConnectionReport, { ok: false }>) {
    super(report.message);
  }
}

/** The code of a fetch failure's cause (undici puts Node's `ECONNREFUSED`, `CERT_HAS_EXPIRED`… there). */
const causeCode = (err: unknown): string => {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
};

const failureOf = (status: number, what: string, response: AdminResponse): Extract<ConnectionReport, { ok: false }> => {
  const reason = herodotReason(response);
  if (status === 401 || status === 403) return { ok: false, problem: 'unauthorized', status, message: `The remote refused the key (HTTP ${status}): ${reason}` };
  if (status === 404) return { ok: false, problem: 'not-found', status, message: `${what} answered 404: is this the admin API's URL (Kratos's admin port, usually 4434, or https://<project>.projects.oryapis.com)?` };
  if (status === 429) return { ok: false, problem: 'rate-limited', status, message: `The remote is rate limiting (HTTP 429): try again in ${Math.ceil((retryDelayMs(response.headers) ?? 60_000) / 1000)} s.` };
  if (status >= 300 && status < 400) return { ok: false, problem: 'not-found', status, message: `The remote answered with a redirect (HTTP ${status}); give the admin API's own URL.` };
  return { ok: false, problem: 'rejected', status, message: `${what} failed (HTTP ${status}): ${reason}` };
};

/**
 * "Test connection" (issue 15 point 1): one attempt per request, no retries or waits, so the answer is
 * what the remote does now: its version, its first page of identities, its schemas, or a precise problem.
 */
export const probeRemote = async (options: Pick<AdminClientOptions, 'url' | 'key' | 'timeoutMs'>): Promise<ConnectionReport> => {
  const base = normalizeAdminUrl(options.url);
  const basePath = base.pathname === '/' ? '' : base.pathname.replace(/\/$/, '');
  const get = async (path: string): Promise<AdminResponse> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    const key = options.key();
    if (key !== undefined && key !== '') headers['authorization'] = `Bearer ${key}`;
    try {
      const res = await fetch(new URL(basePath + path, base), { headers, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      return { status: res.status, headers: res.headers, text: await res.text() };
    } catch (err) {
      const code = causeCode(err);
      if ((err as Error).name === 'TimeoutError') throw new ProbeFailure({ ok: false, problem: 'timeout', status: null, message: `${base.host} did not answer within ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s.` });
      if (TLS_CODES.test(code)) throw new ProbeFailure({ ok: false, problem: 'tls', status: null, message: `The TLS handshake with ${base.host} failed (${code}): check the certificate, or use the URL the certificate names.` });
      throw new ProbeFailure({ ok: false, problem: 'unreachable', status: null, message: `${base.host} is unreachable${code ? ` (${code})` : ''}: check the URL and that the admin API listens there.` });
    }
  };
  const json = (response: AdminResponse, what: string): unknown => {
    if (response.status !== 200) throw new ProbeFailure(failureOf(response.status, what, response));
    try {
      return JSON.parse(response.text) as unknown;
    } catch {
      throw new ProbeFailure({ ok: false, problem: 'rejected', status: 200, message: `${what} answered with something that is not JSON: is this a Kratos admin API?` });
    }
  };
  try {
    const identitiesResponse = await get('/admin/identities?page_size=250');
    const identities = json(identitiesResponse, 'Listing identities');
    if (!Array.isArray(identities)) throw new ProbeFailure({ ok: false, problem: 'rejected', status: 200, message: 'Listing identities did not answer a list: is this a Kratos admin API?' });
    const schemas = json(await get('/schemas?page_size=500'), 'Listing schemas');
    const versionResponse = await get('/version');
    let version: string | null = null;
    if (versionResponse.status === 200) {
      try {
        const v = (JSON.parse(versionResponse.text) as { version?: unknown }).version;
        version = typeof v === 'string' ? v : null;
      } catch {
        version = null;
      }
    }
    return {
      ok: true,
      version,
      firstPage: identities.length,
      more: nextLink(identitiesResponse.headers.get('link')) !== null,
      schemas: Array.isArray(schemas) ? schemas.flatMap((s: unknown) => (typeof s === 'object' && s !== null && typeof (s as { id?: unknown }).id === 'string' ? [(s as { id: string }).id] : [])) : [],
    };
  } catch (err) {
    if (err instanceof ProbeFailure) return err.report;
    throw err;
  }
};

/**
 * Whether the remote answers at all, for the status bar's online/offline (issue 15 point 2): one
 * unauthenticated `GET /health/alive` (public on Kratos and Ory Network). Any HTTP answer means the
 * host is there; only no answer (refused, DNS, TLS, timeout) is offline.
 */
export const pingRemote = async (url: string, timeoutMs = 5_000): Promise<{ online: true } | { online: false; message: string }> => {
  const base = normalizeAdminUrl(url);
  const basePath = base.pathname === '/' ? '' : base.pathname.replace(/\/$/, '');
  try {
    const res = await fetch(new URL(`${basePath}/health/alive`, base), { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return { online: true };
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') return { online: false, message: `${base.host} did not answer within ${Math.round(timeoutMs / 1000)} s.` };
    const code = causeCode(err);
    if (TLS_CODES.test(code)) return { online: false, message: `The TLS handshake with ${base.host} failed (${code}).` };
    return { online: false, message: `${base.host} is unreachable${code ? ` (${code})` : ''}.` };
  }
};
