import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullReport, PushReport } from '../../../shared/domain/sync';
import { createApi } from '../../../electron/ipc/create-api';
import { createServices, type Services } from '../../../electron/services/create-services';
import { startKratosEmulator, type KratosEmulator } from '../../kratos-emulator/index';

const KEY = 'ory_pat_LEAKCHECK_5f1c0e9a7b3d4c2e8f6a1b0c9d8e7f60';

/** Every file under the data directory (the store, its -wal and -shm, logs), byte for byte. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/**
 * Ory Network mode (issue 12, "how it will be checked"): a bearer key from an environment variable,
 * the Developer tier's rate limits (windows shortened), injected 503s, dropped connections and
 * latency, and the emulator's request log checked for what Kratos forbids.
 */
describe('sync with Ory Network under rate limits and faults', () => {
  let emu: KratosEmulator;
  let services: Services;
  let dataDir: string;
  const seen: unknown[] = [];
  const pull = async () => (await services.jobs.wait(await services.sync.pull({}))) as PullReport;
  const push = async () => (await services.jobs.wait(await services.sync.push({}))) as PushReport;

  beforeAll(async () => {
    emu = await startKratosEmulator({
      kind: 'ory-network',
      key: KEY,
      seed: 1600,
      rngSeed: 7,
      rateLimit: { tier: 'developer', burstWindowMs: 1000, sustainedWindowMs: 4000 },
    });
    dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-ory-'));
    services = createServices({ dataDir, host: 'web', actor: 'tester', env: { ORY_TEST_KEY: KEY } });
    services.events.subscribe((name, payload) => seen.push({ name, payload }));
    services.sync.addRemote({ name: 'ory', url: emu.url, kind: 'ory-network', key: { kind: 'env', variable: 'ORY_TEST_KEY' } });
  });
  afterAll(async () => {
    services.close();
    await emu.close();
  });

  it('pulls every identity byte-exact through faults and rate limits, keeping unknown fields', async () => {
    const [first] = emu.state.ids() as [string];
    emu.state.update(first, (doc) => void (doc['region'] = 'eu-central'));
    // The second page answers 503, the third drops its connection once, then both are retried.
    emu.faults.next({ kind: 'status', status: 503, path: /page_token/ });
    emu.faults.next({ kind: 'drop', path: /page_token/ });
    emu.faults.random({ kind: 'status', status: 503, probability: 0.05 });
    emu.faults.random({ kind: 'drop', probability: 0.05 });
    emu.faults.random({ kind: 'latency', ms: 30, probability: 0.2 });
    const report = await pull();
    expect(report).toMatchObject({ seen: 1600, created: 1600, pages: 4, skipped: [] });
    const remote = emu.state.get(first) as Record<string, unknown>;
    const local = services.identities.findStored(first);
    expect(local?.updated_at).toBe(remote['updated_at']);
    expect(String(remote['updated_at'])).toMatch(/\.\d{7,9}Z$/);
    expect(local?.extra).toEqual({ region: 'eu-central' });
    expect(emu.log.entries.filter((e) => e.fault === 'status' || e.fault === 'drop').length).toBeGreaterThanOrEqual(2);
  });

  it('pushes edits and creates: disjoint edits merge, the same field becomes a conflict, nothing forbidden is sent', async () => {
    const ids = emu.state.ids().slice(0, 30);
    for (const id of ids.slice(0, 20)) services.identities.patch(id, [{ op: 'add', path: '/metadata_public', value: { synced: true } }]);
    for (const id of ids.slice(0, 10)) emu.state.update(id, (doc) => void (doc['metadata_admin'] = { remote: 'note' }));
    for (const id of ids.slice(20, 25)) {
      services.identities.patch(id, [{ op: 'add', path: '/metadata_admin', value: { who: 'local' } }]);
      emu.state.update(id, (doc) => void (doc['metadata_admin'] = { who: 'remote' }));
    }
    for (let i = 0; i < 12; i++) services.identities.create({ schema_id: 'default', traits: { email: `ory-new-${i}@example.com` } });
    emu.faults.next({ kind: 'drop-after', method: 'PATCH', path: /PATCH \/admin\/identities$/ });
    const report = await push();
    expect(report).toMatchObject({ created: 12, updated: 20, conflicts: 5, rejected: [] });
    for (const id of ids.slice(0, 10)) expect(emu.state.get(id)).toMatchObject({ metadata_public: { synced: true }, metadata_admin: { remote: 'note' } });
    expect(services.sync.conflicts().map((c) => c.identityId).sort()).toEqual(ids.slice(20, 25).sort());
    // A lost answer of the batch create was retried: every new identity exists once, under the id the server gave.
    const emails = emu.state.ids().map((id) => (emu.state.get(id) as { traits: { email: string } }).traits.email).filter((e) => e.startsWith('ory-new-'));
    expect(emails.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `ory-new-${i}@example.com`).sort());
    expect(emu.log.concurrentWrites()).toEqual([]);
    expect(emu.log.insideRateLimitWindow()).toEqual([]);
    expect(emu.log.forbiddenPatchOps()).toEqual([]);
    expect(emu.log.constructedPageTokens()).toEqual([]);
    // The unknown field went back untouched: no patch named it, and the server still has it.
    expect(emu.log.entries.filter((e) => e.method === 'PATCH').flatMap((e) => (Array.isArray(e.body) ? (e.body as { path: string }[]).map((o) => o.path) : []))).not.toContain('/region');
  });

  it('never lets the key reach the store, its logs, events or anything the renderer receives', async () => {
    const api = createApi(services);
    const payloads = [
      await api.sync.listRemotes(),
      await api.sync.pending({ limit: 1000 }),
      await api.sync.conflicts(),
      await api.sync.status(),
      await api.jobs.list(),
      await api.app.info(),
    ];
    expect(JSON.stringify(payloads)).not.toContain(KEY);
    expect(JSON.stringify(seen)).not.toContain(KEY);
    // An error about the key names the variable, never a value.
    services.sync.addRemote({ name: 'unset', url: emu.url, kind: 'ory-network', key: { kind: 'env', variable: 'NOT_SET_HERE' } });
    await expect(services.sync.pull({ remote: 'unset' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('NOT_SET_HERE') });
    services.store.db.pragma('wal_checkpoint(PASSIVE)');
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
    const needle = Buffer.from(KEY);
    for (const file of files) expect(readFileSync(file).includes(needle), file).toBe(false);
    // Every request that carried the key went to the remote's own origin.
    expect(emu.log.entries.filter((e) => e.auth === 'ok').length).toBeGreaterThan(10);
  });
});
