import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './call';
import { startKratosEmulator, type KratosEmulator } from './index';

describe('Kratos emulator: injected faults', () => {
  let emu: KratosEmulator;
  beforeAll(async () => {
    emu = await startKratosEmulator({ seed: 5 });
  });
  afterAll(() => emu.close());

  const patchBody = [{ op: 'replace', path: '/metadata_admin', value: { touched: true } }];

  it('drop: the socket is destroyed before anything happens', async () => {
    const id = emu.state.ids()[0] ?? '';
    const before = emu.state.get(id);
    emu.faults.next({ kind: 'drop', method: 'PATCH', path: /\/admin\/identities\// });
    await expect(call(emu, 'PATCH', `/admin/identities/${id}`, { body: patchBody })).rejects.toThrow();
    expect(emu.state.get(id)).toEqual(before);
    expect(emu.log.entries.at(-1)?.fault).toBe('drop');
    expect(emu.log.entries.at(-1)?.status).toBeUndefined();
    expect((await call(emu, 'PATCH', `/admin/identities/${id}`, { body: patchBody })).status).toBe(200);
  });

  it('drop-after: the write is committed, the answer is lost', async () => {
    emu.faults.next({ kind: 'drop-after', method: 'POST' });
    await expect(call(emu, 'POST', '/admin/identities', { body: { traits: { email: 'lost.answer@example.com' } } })).rejects.toThrow();
    const found = await call(emu, 'GET', '/admin/identities?credentials_identifier=lost.answer@example.com');
    expect(found.json).toHaveLength(1);
  });

  it('timeout: no answer ever comes (the client gives up)', async () => {
    emu.faults.next({ kind: 'timeout', path: /GET \/admin\/identities$/ });
    await expect(call(emu, 'GET', '/admin/identities', { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(emu.log.entries.at(-1)?.status).toBeUndefined();
  });

  it('status and serialize: a herodot 5xx, and the retryable 400, with nothing applied', async () => {
    const id = emu.state.ids()[1] ?? '';
    const before = emu.state.get(id);
    emu.faults.next({ kind: 'status', status: 502, method: 'PATCH' });
    const bad = await call(emu, 'PATCH', `/admin/identities/${id}`, { body: patchBody });
    expect(bad.json).toMatchObject({ error: { code: 502, status: 'Bad Gateway' } });
    emu.faults.next({ kind: 'serialize', method: 'PATCH' });
    const serialize = await call(emu, 'PATCH', `/admin/identities/${id}`, { body: patchBody });
    expect(serialize.status).toBe(400);
    expect((serialize.json as { error: { message: string } }).error.message).toMatch(/^Unable to serialize access/);
    expect(emu.state.get(id)).toEqual(before);
  });

  it('latency delays, then answers normally; `times` hits several requests', async () => {
    emu.faults.next({ kind: 'latency', ms: 120, times: 2, path: /health/ });
    const started = performance.now();
    await call(emu, 'GET', '/health/ready');
    await call(emu, 'GET', '/health/ready');
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(emu.faults.pending()).toEqual([]);
  });

  it('random faults follow the seeded RNG: the same seed hits the same requests', async () => {
    const pattern = async (): Promise<number[]> => {
      const e = await startKratosEmulator({ seed: 1, rngSeed: 42 });
      e.faults.random({ kind: 'status', status: 503, probability: 0.5, path: /version/ });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) statuses.push((await call(e, 'GET', '/version')).status);
      await e.close();
      return statuses;
    };
    const first = await pattern();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await pattern()).toEqual(first);
  });
});
