import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lossyNumberRefusal } from '../../shared/json-numbers';
import { fail } from '../../shared/result';
import type { Router } from '../ipc/router';
import type { EventBus } from '../services/events/event-bus';
import type { FileGrants } from '../services/files/file-grants';
import { receiveUpload, sendDownload, UPLOAD_PATH, DOWNLOAD_PATH } from './file-transfer';
import { headerCount, isAllowedHost, isAllowedOrigin, isValidToken, TOKEN_HEADER } from './host-guard';
import { serveStatic } from './static-files';

export interface HttpHostOptions {
  router: Router;
  events: EventBus;
  /** The built renderer to serve from the same origin (so no CORS is ever needed). */
  rendererDir: string;
  /** 0 picks a random free port. */
  port?: number;
  token?: string;
  /** Largest API request body; bigger answers 413 (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** Request body bytes held at once over all requests; beyond it new requests answer 503 (default MAX_IN_FLIGHT_BYTES). */
  maxInFlightBytes?: number;
  /** Uploads become read grants and exports are downloaded once (the renderer never names a server path). */
  files?: FileGrants;
  /** Largest upload, streamed to disk (default MAX_IMPORT_FILE_BYTES). */
  maxUploadBytes?: number;
}

export interface HttpHost {
  url: string;
  port: number;
  token: string;
  /** The URL to open in a browser: the token travels in the fragment, which is never sent to a server. */
  launchUrl: string;
  close(): Promise<void>;
}

/** A schema is at most 1 MiB and an identity far less; 16 MiB leaves room for a validate call's traits. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/**
 * Bodies are held in memory until the call answers, and parsing one costs several times its size, so the
 * sum over concurrent requests is capped: eight concurrent 63 MB bodies once took the host to 786 MB RSS.
 */
export const MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024;
const API_PREFIX = '/api/';

/** A percent-decoded path, or null when the encoding is malformed (answered 400, never an empty 500). */
const decodePath = (raw: string): string | null => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
};

/**
 * The loopback web host: the same router as the desktop IPC, over `POST /api/<method>` with
 * `{ "args": [...] }`, and events as server-sent events on `GET /api/events`. Binds 127.0.0.1
 * only, checks Host on every request and a per-launch token on every API request.
 */
export const serveHttp = async (options: HttpHostOptions): Promise<HttpHost> => {
  const token = options.token ?? randomBytes(32).toString('base64url');
  // The form frame's assets are served CORS-readable under this per-launch prefix only (static-files.ts).
  const frameKey = randomBytes(16).toString('base64url');
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const maxInFlight = options.maxInFlightBytes ?? MAX_IN_FLIGHT_BYTES;
  let inFlight = 0;
  const streams = new Set<ServerResponse>();
  let port = 0;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Node keeps the first of several Host headers; a proxy may route by another one, so several are refused.
    if (headerCount(req.rawHeaders, 'host') > 1) return plain(res, 400, 'More than one Host header');
    if (!isAllowedHost(req.headers.host, port)) return plain(res, 403, 'Forbidden host');
    let rawPath: string;
    try {
      rawPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return plain(res, 400, 'Bad request target');
    }
    if (!rawPath.startsWith(API_PREFIX)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed');
      const path = decodePath(rawPath);
      if (path === null) return plain(res, 400, 'Malformed percent-encoding in the path');
      return serveStatic(options.rendererDir, path, res, { frameKey });
    }
    // A page of another site (or a sandboxed, opaque-origin frame: Origin "null") may not call, even with the token.
    if (!isAllowedOrigin(req.rawHeaders, port)) return plain(res, 403, 'Forbidden origin');
    if (!isValidToken(req.headers[TOKEN_HEADER], token)) return plain(res, 401, 'Missing or wrong token');
    const path = decodePath(rawPath);
    if (path === null) return plain(res, 400, 'Malformed percent-encoding in the path');
    if (path === '/api/events' && req.method === 'GET') return openEventStream(res);
    if (options.files && path === UPLOAD_PATH && req.method === 'POST') return receiveUpload(req, res, options.files, options.maxUploadBytes);
    if (options.files && path === DOWNLOAD_PATH && req.method === 'GET') return sendDownload(req, res, options.files);
    if (req.method !== 'POST') return plain(res, 405, 'Method not allowed');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return plain(res, 415, 'Expected application/json');
    }
    const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
    if (declared !== null && declared > maxBody) return refuseBody(req, res, 413, 'Request too large');
    let held = 0;
    const hold = (bytes: number): boolean => {
      if (inFlight + bytes > maxInFlight) return false;
      inFlight += bytes;
      held += bytes;
      return true;
    };
    try {
      if (declared !== null && !hold(declared)) return refuseBody(req, res, 503, 'Too many large requests at once; try again', { 'retry-after': '1' });
      const body = await readBody(req, maxBody, (bytes) => declared !== null || hold(bytes));
      if (body === 'too-large') return refuseBody(req, res, 413, 'Request too large');
      if (body === 'busy') return refuseBody(req, res, 503, 'Too many large requests at once; try again', { 'retry-after': '1' });
      const args = parseArgs(body);
      // Numbers JSON.parse would change are refused, never stored changed (issue 17 §6).
      const refused = lossyNumberRefusal(body, { source: 'the request body' });
      const result = refused !== null ? fail(refused) : await options.router.call(path.slice(API_PREFIX.length), args);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...API_HEADERS });
      res.end(JSON.stringify(result));
    } finally {
      inFlight -= held;
    }
  };

  const openEventStream = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', ...API_HEADERS });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  };
  const unsubscribe = options.events.subscribe((name, payload) => {
    const frame = `data: ${JSON.stringify({ name, payload })}\n\n`;
    for (const stream of streams) stream.write(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    port,
    token,
    launchUrl: `${url}#token=${token}`,
    close: async () => {
      unsubscribe();
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** On every answer the host writes itself: nothing may be sniffed into a script or a page. */
const API_HEADERS = { 'x-content-type-options': 'nosniff' } as const;

const plain = (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...API_HEADERS, ...headers });
  res.end(text);
};

/** Answers without reading the rest of a body, and closes the connection so the client stops sending. */
const refuseBody = (req: IncomingMessage, res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void => {
  plain(res, status, text, { connection: 'close', ...headers });
  res.on('finish', () => req.destroy());
};

/** The body as text, or why it was not read: over `max`, or `hold` refused more bytes (the in-flight cap). */
const readBody = async (req: IncomingMessage, max: number, hold: (bytes: number) => boolean): Promise<string | 'too-large' | 'busy'> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > max) return 'too-large';
    if (!hold(buffer.length)) return 'busy';
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/** Malformed JSON reaches the router as a non-array, which it answers with VALIDATION_FAILED. */
const parseArgs = (body: string): unknown => {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && 'args' in parsed ? parsed.args : undefined;
  } catch {
    return undefined;
  }
};
