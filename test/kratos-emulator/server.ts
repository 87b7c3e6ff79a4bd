import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { herodot, KratosError, serializeAccess } from './errors';
import type { FaultEngine } from './faults';
import { handle, type Answer, type HandlerContext } from './handlers';
import { refusal, type PatchOperation } from './json-patch';
import { isObject, type EmulatorKind } from './model';
import type { RateLimiter } from './rate-limit';
import type { LogEntry, RequestLog } from './request-log';
import { adminPath, knownPath, matchRoute } from './routes';

/** The HTTP layer: auth, rate limits, the concurrent-write rule, faults and the request log around the handlers. */
export interface ServerContext extends HandlerContext {
  kind: EmulatorKind;
  /** Ory Network's project key; undefined for self-hosted (no auth). */
  key: string | undefined;
  limiter: RateLimiter | undefined;
  /** Ory Network answers 429 to a write while another write is in flight (design §8). */
  rejectConcurrentWrites: boolean;
  /** Service time of a write, so overlapping clients are seen overlapping. */
  writeDelayMs: number;
  faults: FaultEngine;
  log: RequestLog & { add(entry: Omit<LogEntry, 'seq'>): LogEntry };
}

const MAX_BODY = 64 * 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const parsedForLog = (raw: string): unknown => {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
};

const queryRecord = (query: URLSearchParams): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const [key, value] of query) out[key] = [...(out[key] ?? []), value];
  return out;
};

const send = (res: ServerResponse, answer: Answer, extra: Record<string, string>): void => {
  const headers: Record<string, string> = { ...extra, ...answer.headers };
  if (answer.body === undefined) {
    res.writeHead(answer.status, headers).end();
    return;
  }
  const text = JSON.stringify(answer.body);
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(answer.status, headers).end(text);
};

const errorAnswer = (error: KratosError): Answer => {
  const headers: Record<string, string> = {};
  if (error.body.id !== undefined) headers['ory-error-id'] = error.body.id;
  return { status: error.status, body: { error: error.body }, headers };
};

const forbiddenOps = (raw: string): { op: string; path: string; reason: string }[] => {
  const parsed = parsedForLog(raw);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((op: unknown) => {
    if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') return [];
    // The log holds a client to the strictest list (HEAD's, a superset of v26.2.0's), whatever the kind.
    const reason = refusal('ory-network', op as unknown as PatchOperation);
    return reason === undefined ? [] : [{ op: op.op, path: op.path, reason }];
  });
};

export const createEmulatorServer = (ctx: ServerContext): Server => {
  let writesInFlight = 0;

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const start = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = adminPath(ctx.kind === 'kratos', url.pathname);
    const route = matchRoute(method, path);
    const isWrite = route?.isWrite ?? false;
    if (isWrite) writesInFlight += 1;
    const authHeader = req.headers.authorization;
    const auth: LogEntry['auth'] =
      ctx.key === undefined ? 'none' : authHeader === undefined ? 'missing' : authHeader === `Bearer ${ctx.key}` ? 'ok' : 'wrong';
    const entry = ctx.log.add({ method, path: url.pathname, query: queryRecord(url.searchParams), auth, start, isWrite });
    if (route !== undefined) {
      entry.operation = route.operation;
      if (route.bucket !== undefined) entry.bucket = route.bucket;
    }
    res.on('close', () => {
      entry.end ??= performance.now();
      if (isWrite) writesInFlight -= 1;
    });
    const respond = (answer: Answer, extra: Record<string, string> = {}): void => {
      entry.status = answer.status;
      send(res, answer, extra);
    };

    const raw = await readBody(req).catch(() => '');
    entry.body = parsedForLog(raw);
    if (route?.operation === 'patchIdentity') entry.forbiddenOps = forbiddenOps(raw);
    const token = url.searchParams.get('page_token');
    if (route?.operation === 'listIdentities' && token !== null && token !== '') entry.pageTokenIssued = ctx.tokens.wasIssued(token);

    if (route === undefined) {
      respond(errorAnswer(knownPath(path) ? herodot(405) : herodot(404)));
      return;
    }
    if (route.needsKey && ctx.key !== undefined && auth !== 'ok') {
      respond(
        errorAnswer(herodot(401, { reason: auth === 'missing' ? 'Access credentials are missing.' : 'Access credentials are invalid.' })),
      );
      return;
    }
    let rateHeaders: Record<string, string> = {};
    if (ctx.limiter !== undefined && route.bucket !== undefined) {
      const decision = ctx.limiter.take(route.bucket);
      rateHeaders = decision.headers;
      if (!decision.allowed) {
        entry.retryAfter = decision.retryAfter;
        entry.limitedBy = 'rate-limit';
        respond(errorAnswer(herodot(429, { reason: `Rate limit exceeded for ${route.bucket}.` })), {
          ...rateHeaders,
          'retry-after': String(decision.retryAfter),
        });
        return;
      }
    }
    if (isWrite && ctx.rejectConcurrentWrites && writesInFlight > 1) {
      entry.retryAfter = 1;
      entry.limitedBy = 'concurrent-write';
      respond(errorAnswer(herodot(429, { reason: 'Concurrent writes are not allowed; retry after the running write finished.' })), {
        ...rateHeaders,
        'retry-after': '1',
      });
      return;
    }

    const fault = ctx.faults.pick(method, `${url.pathname}${url.search}`);
    if (fault !== undefined) entry.fault = fault.kind;
    switch (fault?.kind) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'timeout':
        return; // never answered; close() tears the socket down
      case 'status':
        respond(errorAnswer(herodot(fault.status ?? 503)), rateHeaders);
        return;
      case 'serialize':
        respond(errorAnswer(serializeAccess()), rateHeaders);
        return;
      case 'latency':
        await sleep(fault.ms ?? 100);
        break;
      default:
        break;
    }
    if (isWrite && ctx.writeDelayMs > 0) await sleep(ctx.writeDelayMs);

    let answer: Answer;
    try {
      answer = handle(ctx, {
        operation: route.operation,
        params: route.params,
        path,
        query: url.searchParams,
        rawBody: raw,
        contentType: req.headers['content-type'] ?? '',
      });
    } catch (error) {
      if (!(error instanceof KratosError)) throw error;
      answer = errorAnswer(error);
    }
    if (fault?.kind === 'drop-after') {
      req.socket.destroy();
      return;
    }
    respond(answer, rateHeaders);
  };

  // Go's http.Server reads up to 1 MiB of headers; Node's default (16 KiB) would refuse 500 `ids`.
  return createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      const body = {
        error: {
          code: 500,
          status: 'Internal Server Error',
          message: 'An internal server error occurred, please contact the system administrator',
          reason: String(error),
        },
      };
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    });
  });
};
