import { afterEach, beforeEach, expect, it } from 'vitest';
import type { BulkEdit, DryRunReport, OperationReport } from '../../../shared/domain/operations';
import { planOperation } from '../../../electron/services/operations/bulk-engine';
import { runDryRun } from '../../../electron/services/operations/dry-run';
import { openOperationContext } from '../../../electron/services/operations/operation-context';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, PERSON_SCHEMA, person } from '../../fixtures/store/store-fixture';

/**
 * A large dry run of a metadata or state edit runs on two threads that share the batches out (bulk-engine.ts
 * runParallelDryRun). Its report must be the one the same dry run gives on one thread in target order, and a target
 * that needs the operation's claims (its uniqueness rows would change) must send it back to one thread.
 */
let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

const db = () => f.services.store.db;
let opNumber = 0;

/** The same plan dry-run twice, on one thread and on two, with small batches so both threads take many. */
const bothWays = async (ids: string[], edit: BulkEdit): Promise<[DryRunReport, DryRunReport]> => {
  const reports: DryRunReport[] = [];
  for (const parallel of [false, true]) {
    const ctx = openOperationContext(f.dir, 'tester');
    try {
      const id = `00000000-0000-4000-8000-${String(++opNumber).padStart(12, '0')}`;
      planOperation(ctx, id, { target: { ids }, edit });
      const op = await runDryRun(ctx, id, { batchSize: 4, parallel });
      reports.push((op.report as OperationReport).dryRun as DryRunReport);
    } finally {
      ctx.close();
    }
  }
  const [inOrder, twoThreads] = reports as [DryRunReport, DryRunReport];
  return [inOrder, twoThreads];
};

/** Each run stamps its own time into the diffs (updated_at); the rest must be the same. */
const comparable = (r: DryRunReport) => ({
  ...r,
  finishedAt: '',
  samples: r.samples.map((s) => ({ ...s, changes: s.changes.map((c) => (c.pointer.endsWith('updated_at') ? { pointer: c.pointer } : c)) })),
  failures: r.failures.map((g) => ({ ...g, examples: [...g.examples].sort() })).sort((a, b) => a.pointer.localeCompare(b.pointer)),
});

it('gives the report of the same dry run on one thread: counts, failures grouped with their examples, the first diffs in order', async () => {
  const ids = Array.from({ length: 90 }, (_, i) => f.services.identities.create(person(i)).id);
  // Stored before the schema had its bound (as an import from an older schema leaves them): the edit re-validates them.
  const broken = [3, 41, 42, 77].map((i) => ids[i] as string);
  for (const id of broken) db().prepare("UPDATE identities SET traits = json_set(traits, '$.age', -1) WHERE id = ?").run(id);
  f.services.identities.update(ids[10] as string, { metadata_public: { tier: 'gold' } });
  const [inOrder, twoThreads] = await bothWays(ids, { steps: [{ op: 'set', path: '/metadata_public/tier', value: { literal: 'gold' } }] });
  expect(inOrder).toMatchObject({ targets: 90, wouldChange: 85, unchanged: 1, wouldFail: 4, missing: 0 });
  expect(inOrder.failures).toEqual([{ pointer: '#/traits/age', message: expect.any(String), count: 4, examples: broken }]);
  expect(inOrder.samples).toHaveLength(20);
  expect(comparable(twoThreads)).toEqual(comparable(inOrder));
  expect(twoThreads.samples.map((s) => s.identityId)).toEqual(inOrder.samples.map((s) => s.identityId));
});

it('goes back to one thread in target order when a target would change its identifiers, and finds the clash between two targets', async () => {
  const ids = Array.from({ length: 40 }, (_, i) => f.services.identities.create(person(i)).id);
  // The schema now also makes the username an identifier; the stored identities were derived before that.
  const schema = JSON.parse(PERSON_SCHEMA) as { properties: { traits: { properties: { username: Record<string, unknown> } } } };
  schema.properties.traits.properties.username['ory.sh/kratos'] = { credentials: { password: { identifier: true } } };
  db().prepare("UPDATE schemas SET body = ? WHERE id = 'person'").run(JSON.stringify(schema));
  for (const i of [5, 30]) db().prepare("UPDATE identities SET traits = json_set(traits, '$.username', 'twin') WHERE id = ?").run(ids[i]);
  const [inOrder, twoThreads] = await bothWays(ids, { steps: [{ op: 'set', path: '/state', value: { literal: 'inactive' } }] });
  expect(inOrder).toMatchObject({ targets: 40, wouldChange: 39, wouldFail: 1 });
  expect(inOrder.failures).toEqual([{ pointer: '#/traits/username', message: expect.stringMatching(/belongs to another identity/), count: 1, examples: [ids[30]] }]);
  expect(comparable(twoThreads)).toEqual(comparable(inOrder));
});

it('finds a target deleted and restored after the plan (its row id moved) and counts a deleted one as missing', async () => {
  const ids = Array.from({ length: 6 }, (_, i) => f.services.identities.create(person(i)).id);
  const ctx = openOperationContext(f.dir, 'tester');
  try {
    const id = '00000000-0000-4000-8000-00000000ffff';
    planOperation(ctx, id, { target: { ids }, edit: { steps: [{ op: 'set', path: '/metadata_admin/seen', value: { literal: true } }] } });
    f.services.identities.delete(ids[1] as string);
    const deleted = f.services.audit.list({ identityId: ids[1] as string, limit: 1 }).items[0];
    f.services.audit.undoEntry(deleted?.changeId ?? -1, 'op-restore');
    f.services.identities.delete(ids[4] as string);
    for (const parallel of [false, true]) {
      const report = ((await runDryRun(ctx, id, { batchSize: 2, parallel })).report as OperationReport).dryRun as DryRunReport;
      expect(report).toMatchObject({ targets: 6, wouldChange: 5, missing: 1, wouldFail: 0 });
    }
  } finally {
    ctx.close();
  }
});

it('runs again on one thread when the second thread fails, with the same report', async () => {
  const ids = Array.from({ length: 12 }, (_, i) => f.services.identities.create(person(i)).id);
  const ctx = openOperationContext(f.dir, 'tester');
  try {
    let started = 0;
    // A shard that took a batch and died with it: its half is unknown, so the whole run is done again in order.
    ctx.startDryRunShard = async (task) => {
      started++;
      Atomics.add(task.next, 0, 1);
      throw new Error('the worker could not start');
    };
    const id = '00000000-0000-4000-8000-00000000fffe';
    planOperation(ctx, id, { target: { ids }, edit: { steps: [{ op: 'set', path: '/metadata_public/x', value: { literal: 1 } }] } });
    const report = ((await runDryRun(ctx, id, { batchSize: 2, parallel: true })).report as OperationReport).dryRun as DryRunReport;
    expect(started).toBe(1);
    expect(report).toMatchObject({ targets: 12, wouldChange: 12, wouldFail: 0, missing: 0 });
    expect(report.samples.map((s) => s.identityId)).toEqual(ids);
  } finally {
    ctx.close();
  }
});

it('plans a selection of ids as given: duplicates and case folded, unknown ids counted as missing', () => {
  const ids = Array.from({ length: 12_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const known = Array.from({ length: 7 }, (_, i) => f.services.identities.create(person(i)).id);
  const ctx = openOperationContext(f.dir, 'tester');
  try {
    const selection = [...ids.slice(0, 6000), known[0] as string, ...known.map((id) => id.toUpperCase()), ...ids.slice(6000)];
    const op = planOperation(ctx, '00000000-0000-4000-8000-00000000fffd', { target: { ids: selection }, edit: { steps: [{ op: 'set', path: '/state', value: { literal: 'inactive' } }] } });
    expect(op.counts).toMatchObject({ targets: 7, missing: 12_000 });
  } finally {
    ctx.close();
  }
});

it('a cancel stops both threads and says nothing was written', async () => {
  const ids = Array.from({ length: 40 }, (_, i) => f.services.identities.create(person(i)).id);
  const ctx = openOperationContext(f.dir, 'tester');
  try {
    const id = '00000000-0000-4000-8000-00000000fffc';
    planOperation(ctx, id, { target: { ids }, edit: { steps: [{ op: 'set', path: '/metadata_public/x', value: { literal: 1 } }] } });
    let progressed = 0;
    const error = await runDryRun(ctx, id, { batchSize: 2, parallel: true, onProgress: () => progressed++, isCancelled: () => progressed > 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    // The operation keeps no report from the cancelled run, and a dry run afterwards is whole.
    expect(ctx.operations.get(id)?.report ?? null).toBeNull();
    const report = ((await runDryRun(ctx, id, { batchSize: 2, parallel: true })).report as OperationReport).dryRun as DryRunReport;
    expect(report).toMatchObject({ targets: 40, wouldChange: 40 });
  } finally {
    ctx.close();
  }
});
