import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../../electron/services/transfer/import-job';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, person } from '../../fixtures/store/store-fixture';

let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

interface OutboxRow {
  identity_id: string;
  remote: string | null;
  operation: string;
  first_change_id: number;
  last_change_id: number;
  status: string;
}
const outbox = () => f.services.store.db.prepare('SELECT identity_id, remote, operation, first_change_id, last_change_id, status FROM outbox ORDER BY identity_id').all() as OutboxRow[];
const changeIds = (id: string) => f.services.store.db.prepare('SELECT change_id FROM audit_log WHERE identity_id = ? ORDER BY change_id').pluck().all(id) as number[];
const dirty = (id: string) => f.services.identities.get(id).dirty;

/** A pulled identity: what the sync engine will write (a base from a remote). */
const pretendPulled = (id: string) => {
  const db = f.services.store.db;
  db.prepare("INSERT OR IGNORE INTO remotes (name, url, kind, created_at) VALUES ('prod', 'https://kratos.example', 'kratos', 'now')").run();
  db.prepare("INSERT INTO sync_base (identity_id, remote, remote_id, updated_at, hash, body, pulled_at) VALUES (?, 'prod', ?, 't', 'h', '{}', 'now')").run(id, id);
  db.prepare('DELETE FROM outbox WHERE identity_id = ?').run(id);
  db.prepare('UPDATE identities SET dirty = 0 WHERE id = ?').run(id);
};

describe('write origins and the coalesced outbox', () => {
  it('local edits write exactly one outbox entry per identity, in the same transaction, spanning every change', () => {
    const id = f.services.identities.create(person(1)).id;
    f.services.identities.update(id, { metadata_public: { plan: 'pro' } });
    f.services.identities.setState(id, 'inactive');
    const ids = changeIds(id);
    expect(outbox()).toEqual([{ identity_id: id, remote: null, operation: 'create', first_change_id: ids[0], last_change_id: ids[2], status: 'pending' }]);
    expect(dirty(id)).toBe(true);
  });

  it('a write that fails leaves no outbox entry: both are one transaction', () => {
    f.services.identities.create(person(1));
    expect(() => f.services.identities.create(person(1))).toThrow(/conflicts/);
    expect(outbox()).toHaveLength(1);
  });

  it('a create followed by a delete leaves nothing to send', () => {
    const id = f.services.identities.create(person(1)).id;
    f.services.identities.delete(id);
    expect(outbox()).toEqual([]);
  });

  it('a pulled identity edited here is an update for its remote, and deleted here a delete', () => {
    const id = f.services.identities.create(person(1)).id;
    pretendPulled(id);
    f.services.identities.update(id, { metadata_admin: { note: 'x' } });
    expect(outbox()).toMatchObject([{ identity_id: id, remote: 'prod', operation: 'update' }]);
    f.services.identities.delete(id);
    expect(outbox()).toMatchObject([{ identity_id: id, remote: 'prod', operation: 'delete' }]);
  });

  it('a rejected entry becomes pending again on the next local edit', () => {
    const id = f.services.identities.create(person(1)).id;
    f.services.store.db.prepare("UPDATE outbox SET status = 'rejected', attempts = 3, last_error = 'bad' WHERE identity_id = ?").run(id);
    f.services.identities.update(id, { metadata_public: { fixed: true } });
    expect(f.services.store.db.prepare('SELECT status, attempts, last_error FROM outbox').get()).toEqual({ status: 'pending', attempts: 0, last_error: null });
  });

  it('saving without a change writes nothing: no audit entry, no outbox entry, no event', () => {
    const created = f.services.identities.create(person(1));
    pretendPulled(created.id);
    const audits = changeIds(created.id).length;
    const events = f.events.length;
    const same = f.services.identities.update(created.id, { traits: created.traits, metadata_public: null });
    expect(same.updated_at).toBe(created.updated_at);
    expect(changeIds(created.id)).toHaveLength(audits);
    expect(outbox()).toEqual([]);
    expect(f.events).toHaveLength(events);
  });

  it('an import is not a local change: nothing is dirty or queued, unless the request asks for it', async () => {
    const file = join(f.dir, 'in.ndjson');
    writeFileSync(file, `${JSON.stringify(person(1))}\n${JSON.stringify(person(2))}\n`);
    await runImport({ dataDir: f.dir, request: { file }, actor: 'tester' });
    expect(outbox()).toEqual([]);
    expect(f.services.store.db.prepare('SELECT count(*) FROM identities WHERE dirty = 1').pluck().get()).toBe(0);

    const queued = join(f.dir, 'queued.ndjson');
    writeFileSync(queued, `${JSON.stringify(person(3))}\n`);
    await runImport({ dataDir: f.dir, request: { file: queued, queueForSync: true }, actor: 'tester' });
    expect(outbox()).toMatchObject([{ operation: 'create', status: 'pending' }]);
  });

  it('an undo is a local change: reverting a pulled identity’s edit queues it', () => {
    const id = f.services.identities.create(person(1)).id;
    pretendPulled(id);
    f.services.identities.update(id, { metadata_admin: { note: 'x' } });
    f.services.store.db.prepare('DELETE FROM outbox').run();
    const change = f.services.audit.list({ identityId: id, limit: 1 }).items[0]?.changeId ?? -1;
    f.services.audit.revert(change);
    expect(outbox()).toMatchObject([{ identity_id: id, operation: 'update', last_change_id: change + 1 }]);
  });
});
