import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullReport, PushReport } from '../../../shared/domain/sync';
import { createServices, type Services } from '../../../electron/services/create-services';
import { startKratosEmulator, type KratosEmulator } from '../../kratos-emulator/index';

/** The sync engine against the emulator on loopback: real HTTP, a real SQLite file, the worker thread. */
describe('sync engine', () => {
  let emu: KratosEmulator;
  let services: Services;
  let dataDir: string;

  const start = async (seed: number) => {
    emu = await startKratosEmulator({ seed });
    dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-sync-'));
    services = createServices({ dataDir, host: 'cli', actor: 'tester' });
    services.sync.addRemote({ name: 'prod', url: emu.url, kind: 'kratos', key: { kind: 'none' } });
  };
  const pull = async () => (await services.jobs.wait(await services.sync.pull({}))) as PullReport;
  const push = async () => (await services.jobs.wait(await services.sync.push({}))) as PushReport;
  const stored = (id: string) => services.identities.findStored(id);

  beforeEach(() => undefined);
  afterEach(async () => {
    services.close();
    await emu.close();
  });

  it('pulls every page losslessly, and a second pull writes nothing', async () => {
    await start(1203);
    const first = emu.state.ids()[0] as string;
    const report = await pull();
    expect(report).toMatchObject({ pages: 3, seen: 1203, created: 1203, updated: 0, unchanged: 0, deleted: 0, conflicts: 0, skipped: [] });
    expect(report.schemas.added).toEqual(['default']);
    const remote = emu.state.get(first) as Record<string, unknown>;
    const local = stored(first);
    expect(local?.updated_at).toBe(remote['updated_at']);
    expect(local?.created_at).toBe(remote['created_at']);
    expect(local?.credentials['password']?.config?.['hashed_password']).toBe((remote['credentials'] as Record<string, { config: Record<string, unknown> }>)['password']?.config['hashed_password']);
    const audits = services.audit.list({ limit: 1 }).items[0]?.changeId;
    const again = await pull();
    expect(again).toMatchObject({ seen: 1203, created: 0, updated: 0, unchanged: 1203 });
    expect(services.audit.list({ limit: 1 }).items[0]?.changeId).toBe(audits);
  });

  it('merges disjoint edits, and turns same-field edits into a conflict that a resolution settles', async () => {
    await start(5);
    await pull();
    const [a, b] = emu.state.ids() as [string, string];
    // a: name here, metadata there (disjoint); b: name on both sides (conflict).
    services.identities.patch(a, [{ op: 'replace', path: '/traits/name', value: { first: 'Local', last: 'Edit' } }]);
    emu.state.update(a, (doc) => void (doc['metadata_public'] = { plan: 'gold' }));
    services.identities.patch(b, [{ op: 'replace', path: '/traits/name', value: { first: 'Here', last: 'Local' } }]);
    emu.state.update(b, (doc) => void ((doc['traits'] as Record<string, unknown>)['name'] = { first: 'There', last: 'Remote' }));
    const report = await push();
    expect(report).toMatchObject({ updated: 1, conflicts: 1, rejected: [] });
    expect((emu.state.get(a) as Record<string, unknown>)['metadata_public']).toEqual({ plan: 'gold' });
    expect(((emu.state.get(a) as Record<string, unknown>)['traits'] as Record<string, unknown>)['name']).toEqual({ first: 'Local', last: 'Edit' });
    expect(stored(a)?.metadata_public).toEqual({ plan: 'gold' });
    expect(services.sync.pending({}).items.map((p) => p.identityId)).toEqual([b]);
    const [conflict] = services.sync.conflicts();
    expect(conflict).toMatchObject({ identityId: b, kind: 'edited' });
    // Field by field: both leaves of the name changed on both sides.
    expect(conflict?.fields.map((f) => f.pointer)).toEqual(['/traits/name/first', '/traits/name/last']);
    expect(conflict?.fields[0]).toMatchObject({ local: 'Here', remote: 'There' });
    services.sync.resolveConflict(b, { take: 'local' });
    expect(await push()).toMatchObject({ updated: 1, conflicts: 0 });
    expect(((emu.state.get(b) as Record<string, unknown>)['traits'] as Record<string, unknown>)['name']).toEqual({ first: 'Here', last: 'Local' });
    expect(services.sync.status()).toMatchObject({ pending: 0, conflicts: 0 });
  });

  it('creates here are re-keyed to the id Kratos assigns; deletes go both ways, a remote one only after a 404', async () => {
    await start(3);
    await pull();
    const created = services.identities.create({ schema_id: 'default', traits: { email: 'new.person@example.com' } });
    const [gone, edited, deletedHere] = emu.state.ids() as [string, string, string];
    services.identities.delete(deletedHere);
    const report = await push();
    expect(report).toMatchObject({ created: 1, deleted: 1, rejected: [] });
    expect(stored(created.id)).toBeNull();
    const serverId = emu.state.ids().find((id) => (emu.state.get(id) as { traits: { email: string } }).traits.email === 'new.person@example.com') as string;
    expect(stored(serverId)?.traits).toEqual({ email: 'new.person@example.com' });
    expect(services.audit.list({ identityId: serverId }).items.length).toBeGreaterThan(0);
    expect(emu.state.get(deletedHere)).toBeUndefined();
    // Remote deletions: one identity untouched here (deleted), one edited here (a conflict, never a silent loss).
    services.identities.patch(edited, [{ op: 'add', path: '/metadata_admin', value: { note: 'keep me' } }]);
    emu.state.delete(gone);
    emu.state.delete(edited);
    const pulled = await pull();
    expect(pulled).toMatchObject({ deleted: 1, conflicts: 1 });
    expect(stored(gone)).toBeNull();
    expect(services.sync.conflicts()).toMatchObject([{ identityId: edited, kind: 'deleted-remotely' }]);
    services.sync.resolveConflict(edited, { take: 'local' });
    expect(await push()).toMatchObject({ created: 1 });
    expect(emu.state.ids().some((id) => (emu.state.get(id) as { metadata_admin: unknown }).metadata_admin !== null)).toBe(true);
  });

  it('a pull can be cancelled: its job ends cancelled, the pages it wrote are whole, and the next pull finishes', async () => {
    await start(6000);
    const jobId = await services.sync.pull({});
    // Cancel once the first page is in (progress is what a user would see before pressing Cancel).
    while (services.jobs.get(jobId).progress.done === 0 && services.jobs.get(jobId).state === 'running') await new Promise((r) => setTimeout(r, 10));
    services.jobs.cancel(jobId);
    await services.jobs.wait(jobId).catch(() => undefined);
    const record = services.jobs.get(jobId);
    expect(['cancelled', 'succeeded']).toContain(record.state);
    const count = services.app.info().identityCount;
    expect(count % 500 === 0 || count === 6000).toBe(true);
    expect(await pull()).toMatchObject({ seen: 6000, created: 6000 - count });
  });

  it('lists pending changes with their patch, and a discard returns the identity to its pulled version', async () => {
    await start(2);
    await pull();
    const [id] = emu.state.ids() as [string];
    const before = stored(id);
    services.identities.patch(id, [{ op: 'add', path: '/metadata_public', value: { tier: 2 } }]);
    const { total, items } = services.sync.pending({});
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ identityId: id, operation: 'update', status: 'pending', patch: [{ op: 'replace', path: '/metadata_public', value: { tier: 2 } }] });
    services.sync.discard(id);
    expect(services.sync.pending({}).total).toBe(0);
    expect(stored(id)?.metadata_public).toEqual(before?.metadata_public);
    expect(stored(id)?.dirty).toBe(false);
  });
});
