import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lossyNumberRefusal } from '../../shared/json-numbers';
import { fail } from '../../shared/result';
import type { Router } from '../ipc/router';
import type { EventBus } from '../services/events/event-bus';
import { isAllowedHost, isValidToken, TOKEN_HEADER } from './host-guard';
import { serveStatic } from './static-files';

export interface HttpHostOptions {
  router: Router;
  events: EventBus;
  /** The built renderer to serve from the same origin (so no CORS is ever needed). */
  rendererDir: string;
  /** 0 picks a random free port. */
  port?: number;
  token?: string;
}

export interface HttpHost {
  url: string;
  port: number;
  token: string;
  /** The URL to open in a browser: the token travels in the fragment, which is never sent to a server. */
  launchUrl: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const API_PREFIX = '/api/';

/**
 * The loopback web host: the same router as the desktop IPC, over `POST /api/<method>` with
 * `{ "args": [...] }`, and events as server-sent events on `GET /api/events`. Binds 127.0.0.1
 * only, checks Host on every request and a per-launch token on every API request.
 */
export const serveHttp = async (options: HttpHostOptions): Promise<HttpHost> => {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const streams = new Set<ServerResponse>();
  let port = 0;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isAllowedHost(req.headers.host, port)) return plain(res, 403, 'Forbidden host');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith(API_PREFIX)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed');
      return serveStatic(options.rendererDir, path, res);
    }
    if (!isValidToken(req.headers[TOKEN_HEADER], token)) return plain(res, 401, 'Missing or wrong token');
    if (path === '/api/events' && req.method === 'GET') return openEventStream(res);
    if (req.method !== 'POST') return plain(res, 405, 'Method not allowed');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return plain(res, 415, 'Expected application/json');
    }
    const body = await readBody(req);
    if (body === null) return plain(res, 413, 'Request too large');
    const args = parseArgs(body);
    // Numbers JSON.parse would change are refused, never stored changed (issue 17 §6).
    const refused = lossyNumberRefusal(body, { source: 'the request body' });
    const result = refused !== null ? fail(refused) : await options.router.call(decodeURIComponent(path.slice(API_PREFIX.length)), args);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(result));
  };

  const openEventStream = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
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

const plain = (res: ServerResponse, status: number, text: string): void => {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
};

const readBody = async (req: IncomingMessage): Promise<string | null> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
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
