import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/server/web-host';

let host: WebHost;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'identity-desk-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Identity Desk</title>');
  host = await startWebHost({ dataDir: mkdtempSync(join(tmpdir(), 'identity-desk-web-')), port: 0, rendererDir });
});
afterAll(async () => host.close());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw node:http so that the Host header and methods are exactly what a hostile page could send. */
const send = (options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });

const call = (headers: Record<string, string>, path = '/api/app.info') =>
  send({ method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body: '{"args":[]}' });

const flipLast = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

const corsHeaders = (a: Answer) => Object.keys(a.headers).filter((h) => h.startsWith('access-control-'));

describe('the loopback web host', () => {
  it('listens on 127.0.0.1 with a random port and prints a URL carrying the token in the fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.port).toBeGreaterThan(0);
    expect(host.launchUrl).toBe(`${host.url}#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers an API call with the token', async () => {
    const a = await call({ 'x-identity-desk-token': host.token });
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toMatchObject({ ok: true, value: { name: 'Identity Desk' } });
  });

  it.each<[string, () => Record<string, string>, string?]>([
    ['no token', () => ({})],
    ['a wrong token', () => ({ 'x-identity-desk-token': 'guess' })],
    ['the token with one character changed', () => ({ 'x-identity-desk-token': flipLast(host.token) })],
    ['the token in the query string instead of the header', () => ({}), 'TOKEN_IN_QUERY'],
  ])('answers 401 to %s', async (_name, headers, path) => {
    const a = await call(headers(), path === 'TOKEN_IN_QUERY' ? `/api/app.info?token=${host.token}` : undefined);
    expect(a.status).toBe(401);
  });

  it('answers 401 to the event stream without the token', async () => {
    expect((await send({ path: '/api/events' })).status).toBe(401);
  });

  it.each([
    ['a foreign name (DNS rebinding)', 'evil.example'],
    ['a foreign name with our port', 'evil.example:PORT'],
    ['loopback with another port', '127.0.0.1:1'],
    ['a look-alike', '127.0.0.1.evil.example:PORT'],
  ])('answers 403 to a Host of %s, even with the token', async (_name, hostHeader) => {
    const a = await call({ host: hostHeader.replace('PORT', String(host.port)), 'x-identity-desk-token': host.token });
    expect(a.status).toBe(403);
  });

  it('accepts localhost:<port> as Host', async () => {
    const a = await call({ host: `localhost:${host.port}`, 'x-identity-desk-token': host.token });
    expect(a.status).toBe(200);
  });

  it('gives a preflight from another origin no Access-Control-Allow-* header', async () => {
    const a = await send({
      method: 'OPTIONS',
      path: '/api/app.info',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-identity-desk-token,content-type',
      },
    });
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(corsHeaders(a)).toEqual([]);
  });

  it('sends no CORS headers on any answer', async () => {
    const answers = await Promise.all([
      call({ 'x-identity-desk-token': host.token, origin: 'https://evil.example' }),
      send({ path: '/', headers: { origin: 'https://evil.example' } }),
    ]);
    for (const a of answers) expect(corsHeaders(a)).toEqual([]);
  });

  it('serves the renderer with the strict CSP and refuses path traversal', async () => {
    const page = await send({ path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const traversal = await send({ path: '/..%2F..%2Fetc%2Fpasswd' });
    expect(traversal.body).not.toContain('root:');
  });

  it('refuses non-JSON bodies and oversize requests', async () => {
    const text = await send({
      method: 'POST',
      path: '/api/app.info',
      headers: { 'x-identity-desk-token': host.token, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(text.status).toBe(415);
    const broken = await send({
      method: 'POST',
      path: '/api/app.info',
      headers: { 'x-identity-desk-token': host.token, 'content-type': 'application/json' },
      body: '{',
    });
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
