import { expect } from 'vitest';
import type { PullReport, PushReport } from '../../../shared/domain/sync';
import { loadDefaultSchema } from '../../kratos-emulator/default-schema';
import { startKratosEmulator, type KratosEmulator } from '../../kratos-emulator/index';
import type { ContractHarness } from '../harness';
import type { DomainCases } from './case';
import { jobEnd } from './case';

/**
 * Each case runs against its own emulator on loopback, reached the way the renderer reaches the backend.
 * The remote serves the `customer` preset under its own id, as a store and its Kratos share schemas.
 */
const withRemote = async (h: ContractHarness, seed: number, work: (emu: KratosEmulator) => Promise<void>) => {
  const emu = await startKratosEmulator({ seed, schemas: [{ id: 'customer', schema: loadDefaultSchema() }] });
  try {
    await h.client.api.sync.addRemote({ name: 'prod', url: emu.url, kind: 'kratos', key: { kind: 'none' } });
    await work(emu);
  } finally {
    await emu.close();
  }
};

const pulled = async (h: ContractHarness): Promise<PullReport> => {
  const end = await jobEnd(h, (await h.client.api.sync.pull({})).jobId);
  expect(end).toMatchObject({ kind: 'pull', state: 'succeeded' });
  return end.report as PullReport;
};

const pushed = async (h: ContractHarness): Promise<PushReport> => {
  const end = await jobEnd(h, (await h.client.api.sync.push({})).jobId);
  expect(end).toMatchObject({ kind: 'push', state: 'succeeded' });
  return end.report as PushReport;
};

/** A same-field edit on both sides, detected by a push. */
const conflicted = async (h: ContractHarness, emu: KratosEmulator): Promise<string> => {
  await pulled(h);
  const id = emu.state.ids()[0] as string;
  await h.client.api.identities.patch(id, [{ op: 'add', path: '/metadata_admin', value: { note: 'here' } }]);
  emu.state.update(id, (doc) => void (doc['metadata_admin'] = { note: 'there' }));
  expect(await pushed(h)).toMatchObject({ conflicts: 1, updated: 0 });
  return id;
};

export const syncCases: DomainCases<'sync'> = {
  'sync.addRemote': async (h) => {
    const added = await h.client.api.sync.addRemote({ name: 'net', url: 'https://demo.projects.oryapis.com/admin/', kind: 'ory-network', key: { kind: 'env', variable: 'ORY_KEY' } });
    expect(added).toMatchObject({ name: 'net', url: 'https://demo.projects.oryapis.com', kind: 'ory-network', key: { kind: 'env', variable: 'ORY_KEY' }, identities: 0 });
    await expect(h.client.api.sync.addRemote({ name: 'net', url: 'https://x.example', kind: 'kratos', key: { kind: 'none' } })).rejects.toMatchObject({ code: 'CONFLICT' });
    // A key over plain http to another machine, and a key for a host without a keystore, are refused.
    await expect(h.client.api.sync.addRemote({ name: 'lan', url: 'http://10.0.0.5:4434', kind: 'kratos', key: { kind: 'env', variable: 'K' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ pointer: '#/url' }] },
    });
    await expect(h.client.api.sync.addRemote({ name: 'ks', url: 'https://a.example', kind: 'ory-network', key: { kind: 'secret', value: 'ory_pat_x' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(h.client.api.sync.addRemote({ name: 'bad', url: 'https://a.example', kind: 'ory-network', key: { kind: 'none' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  },
  'sync.listRemotes': async (h) => {
    expect(await h.client.api.sync.listRemotes()).toEqual([]);
    await withRemote(h, 3, async (emu) => {
      await pulled(h);
      expect(await h.client.api.sync.listRemotes()).toMatchObject([{ name: 'prod', url: emu.url, kind: 'kratos', key: { kind: 'none' }, identities: 3 }]);
      expect((await h.client.api.sync.listRemotes())[0]?.lastPullAt).not.toBeNull();
    });
  },
  'sync.removeRemote': async (h) => {
    await withRemote(h, 2, async (emu) => {
      await pulled(h);
      const id = emu.state.ids()[0] as string;
      await h.client.api.identities.patch(id, [{ op: 'add', path: '/metadata_public', value: { x: 1 } }]);
      await expect(h.client.api.sync.removeRemote('prod')).rejects.toMatchObject({ code: 'CONFLICT' });
      await h.client.api.sync.discard(id);
      await h.client.api.sync.removeRemote('prod');
      expect(await h.client.api.sync.listRemotes()).toEqual([]);
      // Its identities stay, as local identities.
      expect((await h.client.api.app.info()).identityCount).toBe(2);
      await expect(h.client.api.sync.removeRemote('prod')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  },
  'sync.pull': async (h) => {
    await expect(h.client.api.sync.pull({})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await withRemote(h, 7, async () => {
      expect(await pulled(h)).toMatchObject({ remote: 'prod', seen: 7, created: 7, conflicts: 0 });
      expect((await h.client.api.app.info()).identityCount).toBe(7);
      await expect(h.client.api.sync.pull({ remote: 'other' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  },
  'sync.push': async (h) => {
    await withRemote(h, 0, async (emu) => {
      const local = await h.client.api.identities.create({ schema_id: 'customer', traits: { email: 'pushed@example.com' } });
      const report = await pushed(h);
      expect(report).toMatchObject({ created: 1, rejected: [] });
      const [serverId] = emu.state.ids();
      expect(serverId).not.toBe(local.id);
      expect((await h.client.api.identities.get(serverId as string)).traits).toEqual({ email: 'pushed@example.com' });
      await expect(h.client.api.identities.get(local.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // A push of a selection sends only the selected identities' entries; the rest keeps waiting.
      await h.client.api.identities.patch(serverId as string, [{ op: 'add', path: '/metadata_public', value: { picked: true } }]);
      const other = await h.client.api.identities.create({ schema_id: 'customer', traits: { email: 'waits@example.com' } });
      const end = await jobEnd(h, (await h.client.api.sync.push({ remote: 'prod', ids: [serverId as string] })).jobId);
      expect(end).toMatchObject({ kind: 'push', state: 'succeeded', report: { updated: 1, created: 0 } });
      expect(emu.state.get(serverId as string)?.['metadata_public']).toEqual({ picked: true });
      expect(emu.state.size).toBe(1);
      expect((await h.client.api.sync.pending({})).items.map((i) => i.identityId)).toEqual([other.id]);
    });
  },
  'sync.sync': async (h) => {
    await withRemote(h, 4, async (emu) => {
      await h.client.api.identities.create({ schema_id: 'customer', traits: { email: 'both@example.com' } });
      const end = await jobEnd(h, (await h.client.api.sync.sync({ remote: 'prod' })).jobId);
      expect(end).toMatchObject({ kind: 'sync', state: 'succeeded', report: { pull: { created: 4 }, push: { created: 1 } } });
      expect(emu.state.size).toBe(5);
      expect((await h.client.api.app.info()).identityCount).toBe(5);
    });
  },
  'sync.pending': async (h) => {
    await withRemote(h, 1, async (emu) => {
      await pulled(h);
      const id = emu.state.ids()[0] as string;
      await h.client.api.identities.patch(id, [{ op: 'add', path: '/metadata_public', value: { tier: 2 } }]);
      const page = await h.client.api.sync.pending({ limit: 10 });
      expect(page).toMatchObject({ total: 1, items: [{ identityId: id, remote: 'prod', operation: 'update', status: 'pending', changes: [{ pointer: '/metadata_public', after: { tier: 2 } }] }] });
      expect(page.items[0]?.patch).toEqual([{ op: 'replace', path: '/metadata_public', value: { tier: 2 } }]);
    });
  },
  'sync.discard': async (h) => {
    await withRemote(h, 1, async (emu) => {
      await pulled(h);
      const id = emu.state.ids()[0] as string;
      const before = await h.client.api.identities.get(id);
      await h.client.api.identities.patch(id, [{ op: 'add', path: '/metadata_public', value: { tier: 2 } }]);
      await h.client.api.sync.discard(id);
      expect(await h.client.api.identities.get(id)).toMatchObject({ metadata_public: before.metadata_public, dirty: false });
      await expect(h.client.api.sync.discard(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  },
  'sync.conflicts': async (h) => {
    expect(await h.client.api.sync.conflicts()).toEqual([]);
    await withRemote(h, 2, async (emu) => {
      const id = await conflicted(h, emu);
      expect(await h.client.api.sync.conflicts()).toMatchObject([{ identityId: id, remote: 'prod', kind: 'edited', fields: [{ pointer: '/metadata_admin', local: { note: 'here' }, remote: { note: 'there' } }], merged: [] }]);
      // Disjoint fields changed on each side merge on their own, and the conflict lists them by side.
      await h.client.api.identities.patch(id, [{ op: 'add', path: '/metadata_public', value: { tier: 'gold' } }]);
      emu.state.update(id, (doc) => void (doc['state'] = 'inactive'));
      await pulled(h);
      const [record] = await h.client.api.sync.conflicts();
      expect(record?.fields.map((f) => f.pointer)).toEqual(['/metadata_admin']);
      expect(record?.merged).toEqual([
        { side: 'local', pointer: '/metadata_public', before: null, after: { tier: 'gold' } },
        { side: 'remote', pointer: '/state', before: 'active', after: 'inactive' },
      ]);
      expect((await h.client.api.identities.get(id)).state).toBe('inactive');
      expect((await h.client.api.sync.status()).conflicts).toBe(1);
      // Found by a push: the remote's other change is listed as merged too.
      const other = emu.state.ids()[1] as string;
      await h.client.api.identities.patch(other, [{ op: 'add', path: '/metadata_admin', value: { note: 'here' } }]);
      emu.state.update(other, (doc) => {
        doc['metadata_admin'] = { note: 'there' };
        doc['metadata_public'] = { ...(doc['metadata_public'] as object), contract_note: 'from the remote' };
      });
      expect(await pushed(h)).toMatchObject({ conflicts: 2 });
      expect((await h.client.api.sync.conflicts()).find((c) => c.identityId === other)?.merged).toEqual([{ side: 'remote', pointer: '/metadata_public/contract_note', after: 'from the remote' }]);
    });
  },
  'sync.resolveConflict': async (h) => {
    await withRemote(h, 1, async (emu) => {
      const id = await conflicted(h, emu);
      await h.client.api.sync.resolveConflict(id, { take: 'remote' });
      expect((await h.client.api.identities.get(id)).metadata_admin).toEqual({ note: 'there' });
      expect(await pushed(h)).toMatchObject({ conflicts: 0, rejected: [] });
      expect(await h.client.api.sync.conflicts()).toEqual([]);
      await expect(h.client.api.sync.resolveConflict(id, { take: 'local' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  },
  'sync.status': async (h) => {
    expect(await h.client.api.sync.status()).toEqual({ remotes: 0, pending: 0, rejected: 0, conflicts: 0, lastPullAt: null, lastPushAt: null, reach: [] });
    await withRemote(h, 1, async (emu) => {
      await conflicted(h, emu);
      expect(await h.client.api.sync.status()).toMatchObject({ remotes: 1, pending: 1, conflicts: 1, reach: [{ remote: 'prod', state: 'online', message: null }] });
      // Online and offline come from asking the remote, not from the last job: a host that stopped
      // answering is offline once checked, with why, and no call fails because of it.
      emu.faults.next({ kind: 'drop', times: 20 });
      expect(await h.client.api.sync.testConnection({ remote: 'prod' })).toMatchObject({ ok: false, problem: 'unreachable' });
      expect((await h.client.api.sync.status()).reach).toEqual([{ remote: 'prod', state: 'offline', checkedAt: expect.any(String), message: expect.stringContaining('unreachable') }]);
      emu.faults.clear();
      await h.client.api.sync.testConnection({ remote: 'prod' });
      expect((await h.client.api.sync.status()).reach).toMatchObject([{ remote: 'prod', state: 'online', message: null }]);
    });
    // A remote nobody pulled from yet is checked in the background when the status is asked for.
    await h.client.api.sync.addRemote({ name: 'gone', url: 'http://127.0.0.1:1', kind: 'kratos', key: { kind: 'none' } });
    const gone = async () => (await h.client.api.sync.status()).reach.find((r) => r.remote === 'gone');
    expect(await gone()).toEqual({ remote: 'gone', state: 'unknown', checkedAt: null, message: null });
    await expect.poll(async () => (await gone())?.state, { timeout: 15_000 }).toBe('offline');
  },
  'sync.identityState': async (h) => {
    const local = await h.client.api.identities.create({ schema_id: 'customer', traits: { email: 'local@example.com' } });
    // Made here and never pushed: a create waits for the first remote.
    expect(await h.client.api.sync.identityState(local.id)).toMatchObject({ state: 'pending', remote: null, pulledAt: null, pending: { operation: 'create' }, conflict: null });
    await h.client.api.identities.delete(local.id);
    await withRemote(h, 2, async (emu) => {
      await pulled(h);
      const [a, b] = emu.state.ids() as [string, string];
      expect(await h.client.api.sync.identityState(a)).toMatchObject({ state: 'synced', remote: 'prod', pending: null });
      await h.client.api.identities.patch(a, [{ op: 'add', path: '/metadata_public', value: { tier: 3 } }]);
      expect(await h.client.api.sync.identityState(a)).toMatchObject({
        state: 'pending',
        remote: 'prod',
        pending: { operation: 'update', changes: [{ pointer: '/metadata_public', after: { tier: 3 } }] },
      });
      await h.client.api.identities.patch(b, [{ op: 'add', path: '/metadata_admin', value: { note: 'here' } }]);
      emu.state.update(b, (doc) => void (doc['metadata_admin'] = { note: 'there' }));
      await pushed(h);
      expect(await h.client.api.sync.identityState(b)).toMatchObject({ state: 'conflict', remote: 'prod', conflict: { kind: 'edited', fields: [{ pointer: '/metadata_admin' }] } });
      expect(await h.client.api.sync.identityState(a)).toMatchObject({ state: 'synced' });
    });
  },
  'sync.testConnection': async (h) => {
    await withRemote(h, 3, async (emu) => {
      expect(await h.client.api.sync.testConnection({ remote: 'prod' })).toEqual({ ok: true, version: expect.any(String), firstPage: 3, more: false, schemas: expect.arrayContaining(['customer']) });
      // A wrong path is a 404, named as such; nothing was stored by any of these tests.
      expect(await h.client.api.sync.testConnection({ name: 'x', url: `${emu.url}/kratos`, kind: 'kratos', key: { kind: 'none' } })).toMatchObject({ ok: false, problem: 'not-found', status: 404 });
      // A 429 is named with the wait; TLS spoken to a plain-HTTP port is a TLS problem, not "unreachable".
      emu.faults.next({ kind: 'status', status: 429, path: /\/admin\/identities/ });
      expect(await h.client.api.sync.testConnection({ remote: 'prod' })).toMatchObject({ ok: false, problem: 'rate-limited', status: 429, message: expect.stringMatching(/try again in \d+ s/) });
      expect(await h.client.api.sync.testConnection({ name: 'tls', url: emu.url.replace('http://', 'https://'), kind: 'kratos', key: { kind: 'none' } })).toMatchObject({ ok: false, problem: 'tls', status: null });
    });
    const net = await startKratosEmulator({ kind: 'ory-network', key: 'ory_pat_right', seed: 1, rateLimit: false });
    try {
      const draft = { name: 'net', url: net.url, kind: 'ory-network' as const };
      expect(await h.client.api.sync.testConnection({ ...draft, key: { kind: 'secret', value: 'ory_pat_right' } })).toMatchObject({ ok: true, firstPage: 1 });
      expect(await h.client.api.sync.testConnection({ ...draft, key: { kind: 'secret', value: 'ory_pat_wrong' } })).toMatchObject({ ok: false, problem: 'unauthorized', status: 401 });
      expect(await h.client.api.sync.testConnection({ ...draft, key: { kind: 'env', variable: 'IDENTITY_DESK_UNSET_VARIABLE' } })).toMatchObject({ ok: false, problem: 'no-key' });
    } finally {
      await net.close();
    }
    expect(await h.client.api.sync.testConnection({ name: 'off', url: 'http://127.0.0.1:1', kind: 'kratos', key: { kind: 'none' } })).toMatchObject({ ok: false, problem: 'unreachable', status: null });
    // Only the remote added with addRemote exists: a tested draft is never kept.
    expect((await h.client.api.sync.listRemotes()).map((r) => r.name)).toEqual(['prod']);
    await expect(h.client.api.sync.testConnection({ remote: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
  'sync.updateRemote': async (h) => {
    await withRemote(h, 2, async (emu) => {
      await pulled(h);
      // A new URL and an env key; the identities and bases stay with the remote.
      const moved = await h.client.api.sync.updateRemote({ name: 'prod', url: `${emu.url}/`, kind: 'kratos', key: { kind: 'env', variable: 'PROD_KEY' } });
      expect(moved).toMatchObject({ name: 'prod', url: emu.url, key: { kind: 'env', variable: 'PROD_KEY' }, identities: 2 });
      // Without a key the key stays where it is.
      expect(await h.client.api.sync.updateRemote({ name: 'prod', url: emu.url, kind: 'kratos' })).toMatchObject({ key: { kind: 'env', variable: 'PROD_KEY' } });
      expect(await h.client.api.sync.updateRemote({ name: 'prod', url: emu.url, kind: 'kratos', key: { kind: 'none' } })).toMatchObject({ key: { kind: 'none' } });
      await expect(h.client.api.sync.updateRemote({ name: 'prod', url: emu.url, kind: 'ory-network' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ pointer: '#/key' }] } });
      await expect(h.client.api.sync.updateRemote({ name: 'prod', url: 'http://10.0.0.5:4434', kind: 'kratos', key: { kind: 'env', variable: 'K' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(h.client.api.sync.updateRemote({ name: 'other', url: emu.url, kind: 'kratos' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await pulled(h)).toMatchObject({ seen: 2, created: 0 });
    });
  },
};
