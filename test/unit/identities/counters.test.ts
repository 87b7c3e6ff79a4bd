import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../../electron/services/transfer/import-job';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, PERSON_SCHEMA, person, seedSchema } from '../../fixtures/store/store-fixture';

let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
  seedSchema(f.services, 'other', PERSON_SCHEMA, false);
});
afterEach(() => f.close());

/** The counters the change writer keeps, against a count of the rows themselves. */
const expectCountersExact = () => {
  const db = f.services.store.db;
  const kept = new Map((db.prepare("SELECT name, value FROM counters WHERE name <> 'mutations' AND value <> 0").all() as { name: string; value: number }[]).map((r) => [r.name, r.value]));
  const counted = new Map<string, number>();
  for (const r of db.prepare('SELECT schema_id, state, count(*) AS n FROM identities GROUP BY 1, 2').all() as { schema_id: string; state: string; n: number }[]) {
    for (const name of ['identities', `schema:${r.schema_id}`, `state:${r.state}`, `schema_state:${r.state}:${r.schema_id}`]) counted.set(name, (counted.get(name) ?? 0) + r.n);
  }
  expect(Object.fromEntries(kept)).toEqual(Object.fromEntries(counted));
};
const mutations = () => f.services.store.db.prepare("SELECT value FROM counters WHERE name = 'mutations'").pluck().get() as number;

describe('counters kept by the change writer', () => {
  it('stay exact through creates, state and schema changes, deletes, undo and a batched import with skipped rows', async () => {
    const a = f.services.identities.create(person(1)).id;
    const b = f.services.identities.create(person(2)).id;
    f.services.identities.setState(a, 'inactive');
    f.services.identities.update(b, { schema_id: 'other' });
    expectCountersExact();
    const before = mutations();
    f.services.identities.update(a, { metadata_public: { x: 1 } });
    expect(mutations()).toBeGreaterThan(before);
    f.services.identities.delete(b);
    f.services.audit.revert(f.services.audit.list({ identityId: b, limit: 1 }).items[0]?.changeId ?? -1);
    expectCountersExact();

    const file = join(f.dir, 'in.ndjson');
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ ...person(100 + i), state: i % 3 === 0 ? 'inactive' : 'active' }));
    lines.push(JSON.stringify(person(1)), '{"traits":{"email":"not-an-email"}}');
    writeFileSync(file, lines.join('\n'));
    const report = await runImport({ dataDir: f.dir, request: { file, skipInvalid: true }, actor: 'tester', batchSize: 7 });
    expect(report).toMatchObject({ imported: 30, skipped: 2 });
    expectCountersExact();
    expect(f.services.app.info().identityCount).toBe(32);
  });

  it('an all-or-nothing import that fails counts nothing', async () => {
    f.services.identities.create(person(1));
    const file = join(f.dir, 'in.ndjson');
    writeFileSync(file, [JSON.stringify(person(5)), JSON.stringify(person(6)), JSON.stringify(person(1))].join('\n'));
    await expect(runImport({ dataDir: f.dir, request: { file }, actor: 'tester', batchSize: 2 })).rejects.toThrow(/conflicts/);
    expectCountersExact();
    expect(f.services.app.info().identityCount).toBe(1);
  });
});
