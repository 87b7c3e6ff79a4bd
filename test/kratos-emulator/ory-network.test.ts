import { afterEach, describe, expect, it } from 'vitest';
import { call } from './call';
import { startKratosEmulator, type KratosEmulator, type KratosEmulatorOptions } from './index';
import { specErrors } from './spec-check';

let emu: KratosEmulator | undefined;
const start = async (options: KratosEmulatorOptions): Promise<KratosEmulator> => {
  emu = await startKratosEmulator({ kind: 'ory-network', key: 'ory_pat_test_key', ...options });
  return emu;
};
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('Kratos emulator: Ory Network kind (reference §4.1, §4.9)', () => {
  it('wants the bearer key on /admin (401 without or with a wrong one); schemas, health and version are public', async () => {
    const e = await start({ seed: 3, rateLimit: false });
    const missing = await call(e, 'GET', '/admin/identities', { auth: false });
    expect(missing.status).toBe(401);
    expect(specErrors('errorGeneric', missing.json)).toEqual([]);
    const wrong = await call(e, 'GET', '/admin/identities', { auth: false, headers: { authorization: 'Bearer ory_pat_other' } });
    expect(wrong.status).toBe(401);
    const raw = await call(e, 'GET', '/admin/identities', { auth: false, headers: { authorization: 'ory_pat_test_key' } });
    expect(raw.status).toBe(401);
    expect((await call(e, 'GET', '/admin/identities')).status).toBe(200);
    expect((await call(e, 'GET', '/schemas', { auth: false })).status).toBe(200);
    expect((await call(e, 'GET', '/health/ready', { auth: false })).json).toEqual({ status: 'ok' });
    expect(e.log.entries.map((x) => x.auth)).toEqual(['missing', 'wrong', 'wrong', 'ok', 'missing', 'missing']);
  });

  it('self-hosted takes no auth at all', async () => {
    emu = await startKratosEmulator({ seed: 1 });
    expect(emu.key).toBeUndefined();
    expect((await call(emu, 'GET', '/admin/identities')).status).toBe(200);
    expect((await call(emu, 'GET', '/admin/identities')).headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('accepts HEAD-only region on create and keeps unknown stored fields verbatim', async () => {
    const e = await start({ rateLimit: false });
    const created = await call(e, 'POST', '/admin/identities', { body: { traits: { email: 'r@example.com' }, region: 'eu-central' } });
    expect(created.status).toBe(201);
    expect((created.json as { region: string }).region).toBe('eu-central');
    expect(created.headers.get('location')).toBe(`${e.url}/admin/identities/${(created.json as { id: string }).id}`);
  });

  it('sends x-ratelimit-* headers and, past the burst, 429 with Retry-After; the log flags a request inside the window', async () => {
    const e = await start({ seed: 2, rateLimit: { buckets: { 'kratos-admin-medium': { burst: 3, sustained: 100 } } } });
    const replies = [];
    for (let i = 0; i < 4; i += 1) replies.push(await call(e, 'GET', '/admin/identities'));
    expect(replies[0]?.headers.get('x-ratelimit-limit')).toBe('3, 3;w=1, 100;w=60');
    expect(replies.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(replies[0]?.headers.get('x-ratelimit-reset')).toBe('1');
    const limited = replies[3];
    expect(limited?.status).toBe(429);
    expect(limited?.headers.get('retry-after')).toBe('1');
    expect(specErrors('errorGeneric', limited?.json)).toEqual([]);
    // another bucket is not limited
    expect((await call(e, 'GET', `/admin/identities/${e.state.ids()[0]}`)).status).toBe(200);
    expect(e.log.insideRateLimitWindow()).toEqual([]);
    await call(e, 'GET', '/admin/identities');
    expect(e.log.insideRateLimitWindow()).toHaveLength(1);
  });

  it('answers 429 to a write while another write is in flight; the log sees the overlap', async () => {
    const e = await start({ seed: 2, rateLimit: false, writeDelayMs: 50 });
    const [a = '', b = ''] = e.state.ids();
    const replies = await Promise.all([
      call(e, 'PATCH', `/admin/identities/${a}`, { body: [{ op: 'replace', path: '/metadata_admin', value: { n: 1 } }] }),
      call(e, 'PATCH', `/admin/identities/${b}`, { body: [{ op: 'replace', path: '/metadata_admin', value: { n: 2 } }] }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 429]);
    expect(replies.find((r) => r.status === 429)?.headers.get('retry-after')).toBe('1');
    expect(e.log.concurrentWrites()).toHaveLength(1);
    const serial = await call(e, 'PATCH', `/admin/identities/${b}`, {
      body: [{ op: 'replace', path: '/metadata_admin', value: { n: 3 } }],
    });
    expect(serial.status).toBe(200);
  });

  it('HEAD denies /credentials/oidc and /credentials/saml themselves', async () => {
    const e = await start({ seed: 1, rateLimit: false });
    const id = e.state.ids()[0] ?? '';
    for (const path of ['/credentials/oidc', '/credentials/saml', '/credentials/saml/config']) {
      const reply = await call(e, 'PATCH', `/admin/identities/${id}`, { body: [{ op: 'add', path, value: {} }] });
      expect((reply.json as { error: { message: string } }).error.message).toBe(`patch includes denied path: ${path}`);
    }
  });
});
