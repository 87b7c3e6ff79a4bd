import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../../electron/services/transfer/import-job';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture } from '../../fixtures/store/store-fixture';

let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

const ID = '5d1f0c52-6f8a-4c1e-9a43-1b2c3d4e5f60';
const HASH = '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';

/** Everything the store keeps of an identity, as stored: the row's columns minus the row number. */
const storedRow = (id: string) => {
  const row = f.services.store.db.prepare('SELECT * FROM identities WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  if (!row) return undefined;
  // validated_as is the store's note that the traits passed (a cache): a restored record is validated again at its next write.
  const { seq: _seq, revision: _revision, dirty: _dirty, validated_as: _validatedAs, ...rest } = row;
  return rest;
};
const indexRows = (id: string) => {
  const db = f.services.store.db;
  const seq = db.prepare('SELECT seq FROM identities WHERE id = ?').pluck().get(id);
  return {
    identifiers: db.prepare('SELECT type, identifier FROM identifiers WHERE seq = ? ORDER BY 1, 2').all(seq),
    addresses: db.prepare('SELECT kind, via, value FROM addresses WHERE seq = ? ORDER BY 1, 2, 3').all(seq),
  };
};
const lastChange = (id: string) => f.services.audit.list({ identityId: id, limit: 1 }).items[0]?.changeId ?? -1;

/** The identity a new user imports from a Kratos export: a bcrypt hash, a verified address, created in 2020. */
const importLegacyUser = async () => {
  const file = join(f.dir, 'export.json');
  writeFileSync(
    file,
    JSON.stringify([
      {
        id: ID,
        schema_id: 'person',
        state: 'active',
        traits: { email: 'grace@example.com', name: { first: 'Grace', last: 'Hopper' } },
        credentials: { password: { type: 'password', identifiers: ['grace@example.com'], config: { hashed_password: HASH } } },
        verifiable_addresses: [{ value: 'grace@example.com', via: 'email', verified: true, status: 'completed', verified_at: '2020-02-03T04:05:06.123456789Z' }],
        metadata_admin: { crm: 42 },
        created_at: '2020-01-02T03:04:05.123456789Z',
        updated_at: '2020-06-07T08:09:10.987654321Z',
      },
    ]),
  );
  await runImport({ dataDir: f.dir, request: { file }, actor: 'tester' });
};

describe('undo restores the whole stored record', () => {
  it('a deleted identity comes back byte for byte: hash, verified address and its id, timestamps', async () => {
    await importLegacyUser();
    const before = storedRow(ID);
    const indexBefore = indexRows(ID);
    expect(before?.['credentials']).toContain(HASH);
    expect(before?.['created_at']).toBe('2020-01-02T03:04:05.123456789Z');

    f.services.identities.delete(ID);
    expect(storedRow(ID)).toBeUndefined();
    f.services.audit.revert(lastChange(ID));

    expect(storedRow(ID)).toEqual(before);
    expect(indexRows(ID)).toEqual(indexBefore);
    const stored = f.services.identities.findStored(ID);
    expect(stored?.credentials['password']?.config).toEqual({ hashed_password: HASH });
    expect(stored?.verifiable_addresses[0]).toMatchObject({ verified: true, status: 'completed', verified_at: '2020-02-03T04:05:06.123456789Z' });
    // Searchable again, and the revert is audited without ever showing the hash.
    expect(f.services.search.query({ text: 'grace@exa' }).items.map((i) => i.id)).toEqual([ID]);
    const history = f.services.audit.list({ identityId: ID });
    expect(history.items.map((e) => [e.action, e.origin])).toEqual([
      ['revert', 'undo'],
      ['delete', 'local'],
      ['import', 'import'],
    ]);
    expect(JSON.stringify(history)).not.toContain(HASH);
  });

  it('undoing an email change brings back the verified address it replaced, with its id', async () => {
    await importLegacyUser();
    const before = storedRow(ID);
    f.services.identities.update(ID, { traits: { email: 'grace@navy.mil', name: { first: 'Grace', last: 'Hopper' } } });
    expect(f.services.identities.get(ID).verifiable_addresses).toMatchObject([{ value: 'grace@navy.mil', verified: false }]);
    f.services.audit.revert(lastChange(ID));
    // Nothing changed it since, so the timestamps come back too: the record is as it was.
    expect(storedRow(ID)).toEqual(before);
    expect(f.services.identities.findStored(ID)?.credentials['password']?.config).toEqual({ hashed_password: HASH });
  });

  it('undoing a state change restores state and state_changed_at; a later edit elsewhere is kept', async () => {
    await importLegacyUser();
    const before = f.services.identities.findStored(ID);
    f.services.identities.setState(ID, 'inactive');
    const stateChange = lastChange(ID);
    f.services.identities.update(ID, { metadata_public: { plan: 'team' } });
    f.services.audit.revert(stateChange);
    const after = f.services.identities.findStored(ID);
    expect(after?.state).toBe('active');
    expect(after?.metadata_public).toEqual({ plan: 'team' });
    expect(after?.verifiable_addresses).toEqual(before?.verifiable_addresses);
    expect(after?.credentials).toEqual(before?.credentials);
    expect(after?.created_at).toBe(before?.created_at);
  });

  it('undoing a delete of an identity whose schema was removed since says so and writes nothing', async () => {
    await importLegacyUser();
    f.services.identities.delete(ID);
    const db = f.services.store.db;
    db.prepare("INSERT INTO schemas (id, body, source, title, created_at) SELECT 'other', body, 'user', 'other', created_at FROM schemas WHERE id = 'person'").run();
    db.prepare("UPDATE settings SET value = 'other' WHERE key = 'default_schema_id'").run();
    db.prepare("DELETE FROM schemas WHERE id = 'person'").run();
    expect(() => f.services.audit.revert(lastChange(ID))).toThrow(/schema "person", which no longer exists/);
    expect(storedRow(ID)).toBeUndefined();
  });
});
