/**
 * Issue 17, point 7 and the web-host probe matrix of point 11: what a hostile page or local process
 * could send the loopback host — bad tokens, hosts, origins, methods, encodings, oversized bodies and
 * traversal — each answered with the right status, and the host still serving afterwards.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../electron/ipc/create-api';
import { createRouter } from '../../electron/ipc/router';
import { serveHttp, type HttpHost } from '../../electron/server/serve-http';
import { createServices, type Services } from '../../electron/services/create-services';

let host: HttpHost;
let services: Services;
const MAX_BODY = 1024 * 1024;
const MAX_IN_FLIGHT = 2 * 1024 * 1024;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'identity-desk-hostile-renderer-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Identity Desk</title><script type="module" src="/assets/main.js"></script>');
  writeFileSync(join(rendererDir, 'form-frame.html'), '<!doctype html><script type="module" crossorigin src="/assets/frame.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'main.js'), 'export const main = 1;');
  writeFileSync(join(rendererDir, 'assets', 'frame.js'), 'export const frame = 1;');
  services = createServices({ dataDir: mkdtempSync(join(tmpdir(), 'identity-desk-hostile-web-')), host: 'web' });
  host = await serveHttp({
    router: createRouter(createApi(services), () => undefined),
    events: services.events,
    rendererDir,
    maxBodyBytes: MAX_BODY,
    maxInFlightBytes: MAX_IN_FLIGHT,
  });
});
afterAll(async () => {
  await host.close();
  services.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const send = (options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });

/** Bytes exactly as written (several Host headers, none, odd targets): node:http would tidy them. */
const raw = (text: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(host.port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (c: Buffer) => {
      answer += c.toString();
      if (answer.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });

const own = () => `127.0.0.1:${host.port}`;
const api = (headers: Record<string, string> = {}, path = '/api/app.info', body = '{"args":[]}') =>
  send({ method: 'POST', path, headers: { 'content-type': 'application/json', 'x-identity-desk-token': host.token, ...headers }, body });

describe('tokens', () => {
  it.each<[string, () => Record<string, string>]>([
    ['no token', () => ({ 'x-identity-desk-token': '' })],
    ['a wrong token', () => ({ 'x-identity-desk-token': 'guess' })],
    ['the token with one character changed', () => ({ 'x-identity-desk-token': host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A') })],
    ['the token with a suffix', () => ({ 'x-identity-desk-token': `${host.token}x` })],
    ['the token in another header', () => ({ 'x-identity-desk-token': '', authorization: `Bearer ${host.token}` })],
  ])('401 for %s', async (_name, headers) => {
    expect((await api(headers())).status).toBe(401);
  });

  it('401 for the token twice (Node joins repeats), and for the token in the query string', async () => {
    expect(await raw(`POST /api/app.info HTTP/1.1\r\nHost: ${own()}\r\nx-identity-desk-token: ${host.token}\r\nx-identity-desk-token: ${host.token}\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"args":[]}`)).toMatch(/ 401 /);
    expect((await api({ 'x-identity-desk-token': '' }, `/api/app.info?token=${host.token}`)).status).toBe(401);
  });
});

describe('hosts', () => {
  it.each([
    ['a foreign name', 'evil.example'],
    ['a foreign name with our port', 'evil.example:PORT'],
    ['loopback with another port', '127.0.0.1:1'],
    ['a look-alike', '127.0.0.1.evil.example:PORT'],
    ['IPv6 loopback', '[::1]:PORT'],
    ['no port', '127.0.0.1'],
    ['userinfo', 'x@127.0.0.1:PORT'],
  ])('403 for a Host of %s, token or not', async (_name, value) => {
    expect((await api({ host: value.replace('PORT', String(host.port)) })).status).toBe(403);
    expect((await send({ path: '/', headers: { host: value.replace('PORT', String(host.port)) } })).status).toBe(403);
  });

  it('400 for two Host headers, even when both are ours or the first is', async () => {
    expect(await raw(`GET / HTTP/1.1\r\nHost: ${own()}\r\nHost: evil.example\r\n\r\n`)).toMatch(/ 400 /);
    expect(await raw(`GET / HTTP/1.1\r\nHost: ${own()}\r\nHost: ${own()}\r\n\r\n`)).toMatch(/ 400 /);
  });

  it('refuses a request without Host or with an empty one', async () => {
    expect(await raw('GET / HTTP/1.0\r\n\r\n')).toMatch(/ (400|403) /);
    expect(await raw('GET / HTTP/1.1\r\nHost: \r\n\r\n')).toMatch(/ (400|403) /);
  });
});

describe('origins', () => {
  it.each([
    ['a foreign site', 'https://evil.example'],
    ['a sandboxed frame or file: page (null)', 'null'],
    ['our host over https', 'https://PORTHOST'],
    ['our host with a suffix', 'http://PORTHOST.evil.example'],
    ['another loopback port', 'http://127.0.0.1:1'],
  ])('403 for an API call from %s, even with the token', async (_name, origin) => {
    const a = await api({ origin: origin.replace('PORTHOST', own()) });
    expect(a.status).toBe(403);
    expect(Object.keys(a.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('accepts our own origin in both loopback spellings, and no Origin (a non-browser client)', async () => {
    expect((await api({ origin: `http://${own()}` })).status).toBe(200);
    expect((await api({ origin: `http://localhost:${host.port}`, host: `localhost:${host.port}` })).status).toBe(200);
    expect((await api()).status).toBe(200);
  });

  it('403 for two Origin headers', async () => {
    const origin = `http://${own()}`;
    expect(await raw(`POST /api/app.info HTTP/1.1\r\nHost: ${own()}\r\nOrigin: ${origin}\r\nOrigin: ${origin}\r\nx-identity-desk-token: ${host.token}\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"args":[]}`)).toMatch(/ 403 /);
  });

  it('403 for the event stream from a foreign origin', async () => {
    expect((await send({ path: '/api/events', headers: { origin: 'https://evil.example', 'x-identity-desk-token': host.token } })).status).toBe(403);
  });
});

describe('methods', () => {
  it.each(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('405 for %s on an API method', async (method) => {
    const a = await send({ method, path: '/api/app.info', headers: { 'x-identity-desk-token': host.token } });
    expect(a.status).toBe(405);
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE'])('405 for %s on the app', async (method) => {
    expect((await send({ method, path: '/' })).status).toBe(405);
  });

  it('NOT_FOUND as data for an unknown or prototype-named method', async () => {
    for (const name of ['app.nope', 'constructor', '__proto__.x', 'app.__proto__', 'app.constructor', 'toString']) {
      const a = await api({}, `/api/${name}`);
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });
});

describe('encodings', () => {
  it.each(['/%E0%A4%A', '/%', '/assets/%ZZ.js', '/%C0%AF', '/frame-assets/%FF/x.js'])('400 for the malformed path %s', async (path) => {
    const a = await send({ path });
    expect(a.status).toBe(400);
  });

  it('400 for a malformed API method name, not an empty 500', async () => {
    const a = await api({}, '/api/app.%E0%A4%A');
    expect(a.status).toBe(400);
    expect(a.body).toMatch(/percent-encoding/);
  });

  it('415 for bodies that are not JSON, VALIDATION_FAILED for broken or odd JSON', async () => {
    expect((await api({ 'content-type': 'text/plain' })).status).toBe(415);
    expect((await api({ 'content-type': '' })).status).toBe(415);
    for (const body of ['{', '', 'null', '[]', '{"args":{}}', '{"args":"x"}', '\u0000', '{"args":[1,2,3,4,5,6,7,8,9]}']) {
      const a = await api({}, '/api/app.info', body);
      expect(a.status, body).toBe(200);
      expect(JSON.parse(a.body), body).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('answers bytes that are not UTF-8 as data', async () => {
    const a = await send({ method: 'POST', path: '/api/app.info', headers: { 'content-type': 'application/json', 'x-identity-desk-token': host.token }, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) });
    expect(JSON.parse(a.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('sends x-content-type-options: nosniff on every API answer', async () => {
    const answers = [await api(), await api({ 'x-identity-desk-token': 'x' }), await api({ origin: 'null' }), await send({ method: 'GET', path: '/api/app.info', headers: { 'x-identity-desk-token': host.token } }), await api({ 'content-type': 'text/plain' })];
    for (const a of answers) expect(a.headers['x-content-type-options'], String(a.status)).toBe('nosniff');
  });
});

describe('bodies', () => {
  it('413 for a body declared larger than the limit, before reading it', async () => {
    const a = await api({}, '/api/app.info', `{"args":["${'x'.repeat(MAX_BODY)}"]}`);
    expect(a.status).toBe(413);
  });

  it('413 for a chunked body that grows past the limit', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/app.info', headers: { 'content-type': 'application/json', 'x-identity-desk-token': host.token, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent <= MAX_BODY + chunk.length && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(answer).toBe(413);
  });

  it('503 when concurrent bodies would hold more than the in-flight cap, and 200 again once they are done', async () => {
    // Three requests each declaring 0.9 MiB: the first two fit the 2 MiB cap while their bodies trickle in.
    const size = Math.floor(MAX_BODY * 0.9);
    const open = () => {
      const req = request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/app.info', headers: { 'content-type': 'application/json', 'x-identity-desk-token': host.token, 'content-length': String(size) } });
      const status = new Promise<number>((resolve) => req.on('response', (res) => { res.resume(); resolve(res.statusCode ?? 0); }));
      req.on('error', () => undefined);
      req.write('{"args":[]}');
      return { req, status };
    };
    const first = open();
    const second = open();
    // Wait until the host holds both (each answered nothing yet), then a third must be refused.
    await new Promise((r) => setImmediate(r));
    await api();
    const third = open();
    expect(await third.status).toBe(503);
    for (const r of [first, second]) r.req.end(' '.repeat(size - '{"args":[]}'.length));
    expect(await first.status).toBe(200);
    expect(await second.status).toBe(200);
    expect((await api()).status).toBe(200);
  });
});

describe('traversal and the form frame assets', () => {
  it.each([
    '/..%2F..%2F..%2Fetc%2Fpasswd',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    '/..%5C..%5C..%5Cetc%5Cpasswd',
    '/%2Fetc%2Fpasswd',
    '/etc/passwd%00.js',
  ])('never serves a file outside the renderer for %s', async (path) => {
    const a = await send({ path });
    expect(a.body).not.toContain('root:');
    expect([200, 400, 404]).toContain(a.status);
  });

  it('keeps /assets/* off other origins: no CORS header, and same-origin resource policy', async () => {
    const a = await send({ path: '/assets/main.js', headers: { origin: 'null' } });
    expect(a.status).toBe(200);
    expect(a.headers['access-control-allow-origin']).toBeUndefined();
    expect(a.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('lets the form frame load its assets only under the per-launch key its document carries', async () => {
    const frame = await send({ path: '/form-frame.html' });
    const src = /src="([^"]+)"/.exec(frame.body)?.[1] ?? '';
    expect(src).toMatch(/^\/frame-assets\/[\w-]{16,}\/frame\.js$/);
    const asset = await send({ path: src, headers: { origin: 'null' } });
    expect(asset.status).toBe(200);
    expect(asset.body).toContain('frame = 1');
    expect(asset.headers['access-control-allow-origin']).toBe('*');
    for (const guess of ['/frame-assets/x/frame.js', src.replace(/\/frame-assets\/[^/]+/, '/frame-assets/AAAAAAAAAAAAAAAAAAAAAA'), '/frame-assets/frame.js']) {
      const a = await send({ path: guess, headers: { origin: 'null' } });
      expect(a.status, guess).toBe(404);
      expect(a.headers['access-control-allow-origin']).toBeUndefined();
    }
    const escape = await send({ path: src.replace('frame.js', '..%2F..%2Findex.html'), headers: { origin: 'null' } });
    expect(escape.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('still answers after the whole matrix', async () => {
    expect(JSON.parse((await api()).body)).toMatchObject({ ok: true, value: { name: 'Identity Desk' } });
  });
});
