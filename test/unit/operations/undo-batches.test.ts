import { afterEach, beforeEach, expect, it } from 'vitest';
import type { OperationRecord } from '../../../shared/domain/operations';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, person } from '../../fixtures/store/store-fixture';

/**
 * An undo writes each batch without a savepoint per identity, and when one identity of the batch fails, rolls the batch
 * back and writes it again with them (operation-undo.ts): the failure then undoes only that identity's writes.
 */
let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

const wait = async (started: { jobId: string }) => (await f.services.jobs.wait(started.jobId)) as OperationRecord;

it('reverts the rest of a batch when one identity cannot be reverted, and counts that one as failed', async () => {
  const ids = Array.from({ length: 6 }, (_, i) => f.services.identities.create(person(i)).id);
  const planned = await wait(f.services.operations.plan({ target: { ids }, edit: { steps: [{ op: 'set', path: '/metadata_public/tier', value: { literal: 'gold' } }] } }));
  expect(await wait(f.services.operations.apply(planned.id))).toMatchObject({ state: 'applied', counts: { applied: 6 } });
  // Broken behind the store's back (no audit entry, so not "changed since"): reverting it fails validation.
  f.services.store.db.prepare("UPDATE identities SET traits = json_set(traits, '$.age', -1) WHERE id = ?").run(ids[2]);
  const undone = await wait(f.services.operations.undo(planned.id));
  expect(undone.counts).toMatchObject({ targets: 6, done: 6, reverted: 5, failed: 1, changedSince: 0 });
  expect((undone.report as { failures: { pointer: string; examples: string[] }[] }).failures).toEqual([expect.objectContaining({ pointer: '#/traits/age', examples: [ids[2]] })]);
  const tiers = ids.map((id) => f.services.identities.get(id).metadata_public);
  expect(tiers).toEqual([null, null, { tier: 'gold' }, null, null, null]);
  // Each reverted identity has exactly one revert entry: the first, savepoint-free attempt left nothing behind.
  const reverts = f.services.store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'revert'").pluck().get();
  expect(reverts).toBe(5);
});
