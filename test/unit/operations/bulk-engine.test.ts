import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkPlanRequest, DryRunReport, OperationRecord, OperationReport } from '../../../shared/domain/operations';
import { planOperation, runApply } from '../../../electron/services/operations/bulk-engine';
import { runDryRun } from '../../../electron/services/operations/dry-run';
import { openOperationContext } from '../../../electron/services/operations/operation-context';
import { createChangeWriter } from '../../../electron/services/identities/change-writer';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, person } from '../../fixtures/store/store-fixture';

let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

const db = () => f.services.store.db;
const seed = (n: number, from = 0) => Array.from({ length: n }, (_, i) => f.services.identities.create(person(from + i)).id);
/** The stored rows as the store holds them, minus local bookkeeping an undo moves on (seq, revision, dirty). */
const rows = () =>
  db()
    .prepare('SELECT id, schema_id, state, traits, metadata_public, metadata_admin, credentials, verifiable_addresses, recovery_addresses, external_id, created_at, updated_at, state_changed_at, primary_identifier FROM identities ORDER BY id')
    .all();
const auditCount = () => db().prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

const run = async (request: BulkPlanRequest): Promise<OperationRecord> => {
  const { jobId } = f.services.operations.plan(request);
  return (await f.services.jobs.wait(jobId)) as OperationRecord;
};
const apply = async (id: string, policy?: 'skip' | 'all') => (await f.services.jobs.wait(f.services.operations.apply(id, policy ? { policy } : {}).jobId)) as OperationRecord;
const undo = async (id: string) => (await f.services.jobs.wait(f.services.operations.undo(id).jobId)) as OperationRecord;
const dry = (op: OperationRecord) => (op.report as OperationReport).dryRun as DryRunReport;

describe('bulk edits: plan, dry run, apply, undo', () => {
  it('freezes exactly the matches at plan time; the dry run writes nothing; apply changes exactly those; undo restores them byte for byte', async () => {
    seed(30);
    const before = rows();
    const audit = auditCount();
    const planned = await run({ target: { query: { text: 'user1' } }, edit: { steps: [{ op: 'set', path: '/metadata_public/plan', value: { literal: 'pro' } }] }, dryRun: true });
    // user1, user10..user19: 11 matches, the same as a brute-force scan.
    const brute = (before as { traits: string }[]).filter((r) => r.traits.toLowerCase().includes('user1')).length;
    expect(brute).toBe(11);
    expect(planned.counts['targets']).toBe(11);
    expect(planned.state).toBe('dry-run');
    expect(dry(planned)).toMatchObject({ targets: 11, wouldChange: 11, unchanged: 0, wouldFail: 0 });
    expect(dry(planned).samples[0]?.changes).toEqual([{ pointer: '#/metadata_public', before: null, after: { plan: 'pro' } }]);
    expect(rows()).toEqual(before);
    expect(auditCount()).toBe(audit);
    // Created after the plan and matching the query: not a target.
    const late = f.services.identities.create(person(100, { email: 'user1late@example.com' })).id;
    const applied = await apply(planned.id);
    expect(applied).toMatchObject({ state: 'applied', counts: { targets: 11, applied: 11, failed: 0 } });
    expect(f.services.identities.get(late).metadata_public).toBeNull();
    const changed = db().prepare("SELECT count(*) FROM identities WHERE json_extract(metadata_public, '$.plan') = 'pro'").pluck().get();
    expect(changed).toBe(11);
    expect(db().prepare('SELECT count(*) FROM audit_log WHERE operation_id = ?').pluck().get(planned.id)).toBe(11);
    const undone = await undo(planned.id);
    expect(undone).toMatchObject({ kind: 'undo', state: 'applied', counts: { reverted: 11, changedSince: 0 } });
    expect(f.services.operations.get(planned.id).state).toBe('undone');
    f.services.identities.delete(late);
    expect(rows()).toEqual(before);
  });

  it('an identity changed after the operation is not overwritten by the undo: it is listed with its diff', async () => {
    const ids = seed(3);
    const op = await run({ target: { ids }, edit: { steps: [{ op: 'set', path: '/state', value: { literal: 'inactive' } }] } });
    await apply(op.id);
    f.services.identities.update(ids[1] as string, { metadata_admin: { note: 'edited later' } });
    // A remote edit pulled by sync after the operation (origin `pull`, written by the one change writer).
    const writer = createChangeWriter(db());
    const pulled = writer.findById(ids[2] as string);
    if (!pulled) throw new Error('missing');
    db().transaction(() => writer.update(pulled, { ...pulled, traits: { ...(pulled.traits as object), name: { first: 'Remote' } } }, { origin: 'pull', operationId: 'sync-1', actor: 'sync', at: new Date().toISOString(), profile: 'kratos-v26' }))();
    const undone = await undo(op.id);
    expect(undone.counts).toMatchObject({ reverted: 1, changedSince: 2 });
    expect(f.services.identities.get(ids[2] as string)).toMatchObject({ state: 'inactive', traits: { name: { first: 'Remote' } } });
    const listed = (undone.report as OperationReport).changedSince ?? [];
    expect(listed.find((c) => c.identityId === ids[2])?.later[0]).toMatchObject({ origin: 'pull', actor: 'sync' });
    expect(listed.find((c) => c.identityId === ids[1])?.later[0]?.patch).toEqual(expect.arrayContaining([{ op: 'replace', path: '/metadata_admin', value: { note: 'edited later' } }]));
    expect(f.services.identities.get(ids[1] as string)).toMatchObject({ state: 'inactive', metadata_admin: { note: 'edited later' } });
    expect(f.services.identities.get(ids[0] as string).state).toBe('active');
  });

  it('templates: lower-cases a trait, copies a trait into metadata; a missing source leaves the identity unchanged', async () => {
    const a = f.services.identities.create({ schema_id: 'person', traits: { email: 'Mixed.Case@Example.com', name: { first: 'Ann' } } }).id;
    const b = f.services.identities.create({ schema_id: 'person', traits: { email: 'b@example.com' } }).id;
    const op = await run({
      target: { ids: [a, b] },
      edit: {
        steps: [
          { op: 'set', path: '/traits/email', value: { from: '/traits/email', transforms: ['lower'] } },
          { op: 'set', path: '/metadata_public/first_name', value: { from: '/traits/name/first' } },
        ],
      },
      dryRun: true,
    });
    expect(dry(op)).toMatchObject({ wouldChange: 1, unchanged: 1 });
    await apply(op.id);
    expect(f.services.identities.get(a)).toMatchObject({ traits: { email: 'mixed.case@example.com' }, metadata_public: { first_name: 'Ann' } });
  });

  it('the dry run groups failures by pointer and message, also clashes between targets of the same operation across batches', async () => {
    const ids = seed(6);
    const request: BulkPlanRequest = { target: { ids }, edit: { steps: [{ op: 'set', path: '/traits/email', value: { literal: 'same@example.com' } }] } };
    for (const batchSize of [1000, 2]) {
      const ctx = openOperationContext(f.dir, 'tester');
      try {
        const id = `00000000-0000-4000-8000-00000000000${batchSize === 2 ? 2 : 1}`;
        planOperation(ctx, id, request);
        const report = dry(await runDryRun(ctx, id, { batchSize }));
        expect(report).toMatchObject({ targets: 6, wouldChange: 1, wouldFail: 5 });
        expect(report.failures).toHaveLength(1);
        expect(report.failures[0]).toMatchObject({ count: 5, message: expect.stringMatching(/belongs to another identity/) });
        expect(report.failures[0]?.examples).toHaveLength(5);
      } finally {
        ctx.close();
      }
    }
    const bad = await run({ target: { ids }, edit: { steps: [{ op: 'set', path: '/traits/age', value: { literal: -1 } }] }, dryRun: true });
    expect(dry(bad).failures).toEqual([{ pointer: '#/traits/age', message: expect.stringMatching(/0/), count: 6, examples: expect.any(Array) }]);
  });

  it('the dry run sees an identifier move from one target to a later one as the apply does, in any batch size', async () => {
    // The first gives up its email and the second takes it: applied in this order, both succeed.
    const first = f.services.identities.create({ ...person(0), metadata_admin: { next: 'moved@example.com' } }).id;
    const second = f.services.identities.create({ ...person(1), metadata_admin: { next: 'user0@example.com' } }).id;
    const third = f.services.identities.create({ ...person(2), metadata_admin: { next: 'user1@example.com' } }).id;
    const edit = { steps: [{ op: 'set' as const, path: '/traits/email', value: { from: '/metadata_admin/next' } }] };
    for (const batchSize of [1000, 1]) {
      const ctx = openOperationContext(f.dir, 'tester');
      try {
        const id = `00000000-0000-4000-8000-00000000010${batchSize === 1 ? 1 : 0}`;
        planOperation(ctx, id, { target: { ids: [first, second, third] }, edit });
        expect(dry(await runDryRun(ctx, id, { batchSize }))).toMatchObject({ targets: 3, wouldChange: 3, wouldFail: 0 });
      } finally {
        ctx.close();
      }
    }
    // The reverse order clashes, in the dry run as in the apply: the third takes an email its owner still holds.
    const reverse = await run({ target: { ids: [first, second, third] }, edit: { steps: [{ op: 'set', path: '/traits/email', value: { literal: 'user2@example.com' } }] }, dryRun: true });
    expect(dry(reverse)).toMatchObject({ wouldChange: 0, unchanged: 1, wouldFail: 2 });
    const op = await run({ target: { ids: [first, second, third] }, edit, dryRun: true });
    expect(await apply(op.id)).toMatchObject({ state: 'applied', counts: { applied: 3, failed: 0 } });
    expect([first, second, third].map((id) => (f.services.identities.get(id).traits as { email: string }).email)).toEqual(['moved@example.com', 'user0@example.com', 'user1@example.com']);
  });

  it('policy skip applies the rest and reports the failures; policy all changes nothing', async () => {
    const ids = seed(4);
    const clash = f.services.identities.get(ids[0] as string).traits as { email: string };
    // Every target takes the first one's email: the first is unchanged, the rest clash.
    const request: BulkPlanRequest = { target: { ids }, edit: { steps: [{ op: 'set', path: '/traits/email', value: { literal: clash.email } }, { op: 'set', path: '/metadata_admin/x', value: { literal: 1 } }] } };
    const all = await run({ ...request, policy: 'all' });
    const before = rows();
    await expect(apply(all.id)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(rows()).toEqual(before);
    expect(f.services.operations.get(all.id)).toMatchObject({ state: 'failed', counts: { applied: 0 } });
    const skip = await run(request);
    const done = await apply(skip.id);
    expect(done).toMatchObject({ state: 'applied', counts: { applied: 1, failed: 3 } });
    expect((done.report as OperationReport).failures?.[0]).toMatchObject({ pointer: '#/traits/email', count: 3 });
  });

  it('deletes, and undo brings the deleted identities back byte for byte', async () => {
    seed(5);
    const before = rows();
    const op = await run({ target: { query: { schemaId: 'person' } }, edit: { steps: [{ op: 'delete' }] }, dryRun: true });
    expect(dry(op)).toMatchObject({ wouldChange: 5 });
    expect(dry(op).samples[0]).toMatchObject({ deleted: true });
    await apply(op.id);
    expect(f.services.app.info().identityCount).toBe(0);
    await undo(op.id);
    expect(rows()).toEqual(before);
  });

  it('refuses Kratos denied patch paths, a delete with other steps and pointers outside what a step may touch', () => {
    const target = { ids: [] };
    expect(() => f.services.operations.plan({ target, edit: { steps: [{ op: 'patch', operations: [{ op: 'replace', path: '/credentials', value: {} }] }] } })).toThrow(/denied path/);
    expect(() => f.services.operations.plan({ target, edit: { steps: [{ op: 'delete' }, { op: 'remove', path: '/metadata_admin' }] } })).toThrow(/only step/);
    expect(() => f.services.operations.plan({ target, edit: { steps: [{ op: 'set', path: '/id', value: { literal: 'x' } }] } })).toThrow(/can set/);
    expect(() => f.services.operations.plan({ target, edit: { steps: [{ op: 'set', path: '/traits/__proto__/x', value: { literal: 1 } }] } })).toThrow(/prototype/);
  });

  it('a JSON Patch step applies add/remove/replace; cancel stops after the batch and the operation resumes', async () => {
    const ids = seed(6);
    const op = await run({ target: { ids }, edit: { steps: [{ op: 'patch', operations: [{ op: 'add', path: '/metadata_admin', value: { tier: 2 } }, { op: 'replace', path: '/traits/name/first', value: 'Z' }] }] } });
    const ctx = openOperationContext(f.dir, 'tester');
    try {
      let batches = 0;
      const cancelled = await runApply(ctx, op.id, undefined, { batchSize: 2, isCancelled: () => ++batches >= 1 });
      expect(cancelled).toMatchObject({ state: 'partial', counts: { applied: 2, done: 2 } });
      expect(cancelled.reason).toMatch(/Cancelled after 2 of 6/);
      const resumed = await runApply(ctx, op.id, undefined, { batchSize: 2 });
      expect(resumed).toMatchObject({ state: 'applied', counts: { applied: 6, done: 6 } });
    } finally {
      ctx.close();
    }
    expect(f.services.identities.get(ids[5] as string)).toMatchObject({ metadata_admin: { tier: 2 }, traits: { name: { first: 'Z' } } });
  });
});
