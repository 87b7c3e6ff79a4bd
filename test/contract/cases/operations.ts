import { expect } from 'vitest';
import type { OperationRecord, OperationReport } from '../../../shared/domain/operations';
import type { ContractHarness } from '../harness';
import type { DomainCases } from './case';
import { jobEnd, newIdentity, untyped } from './case';

const setPlan = { steps: [{ op: 'set' as const, path: '/metadata_public/plan', value: { literal: 'pro' } }] };

/** Plans a bulk edit of two new identities and waits for the plan job; the job's report is the operation. */
const planned = async (h: ContractHarness, dryRun = false): Promise<{ op: OperationRecord; ids: string[] }> => {
  const ids = [(await newIdentity(h, 'ops-a@example.com')).id, (await newIdentity(h, 'ops-b@example.com')).id];
  const { operationId, jobId } = await h.client.api.operations.plan({ target: { ids }, edit: setPlan, dryRun });
  const end = await jobEnd(h, jobId);
  expect(end).toMatchObject({ kind: 'operation', state: 'succeeded', report: { id: operationId } });
  return { op: await h.client.api.operations.get(operationId), ids };
};

const applied = async (h: ContractHarness) => {
  const p = await planned(h);
  await jobEnd(h, (await h.client.api.operations.apply(p.op.id)).jobId);
  return p;
};

export const operationsCases: DomainCases<'operations'> = {
  'operations.plan': async (h) => {
    const { op } = await planned(h, true);
    expect(op).toMatchObject({ kind: 'bulk', state: 'dry-run', policy: 'skip', counts: { targets: 2, missing: 0 }, edit: setPlan });
    expect((op.report as OperationReport).dryRun).toMatchObject({ targets: 2, wouldChange: 2, wouldFail: 0 });
    await expect(h.client.api.operations.plan({ target: { ids: [] }, edit: { steps: [{ op: 'patch', operations: [{ op: 'add', path: '/id', value: 'x' }] }] } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(untyped(h.client.api).operations?.plan?.({ target: { ids: [] }, edit: { steps: [{ op: 'rename' }] } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  },
  'operations.dryRun': async (h) => {
    const { op } = await planned(h);
    const end = await jobEnd(h, (await h.client.api.operations.dryRun(op.id)).jobId);
    expect(end.state).toBe('succeeded');
    const report = ((await h.client.api.operations.get(op.id)).report as OperationReport).dryRun;
    expect(report?.samples[0]?.changes).toEqual([{ pointer: '#/metadata_public', before: null, after: { plan: 'pro' } }]);
    await expect(h.client.api.operations.dryRun('no-such-operation')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
  'operations.apply': async (h) => {
    const { op, ids } = await applied(h);
    expect(await h.client.api.operations.get(op.id)).toMatchObject({ state: 'applied', counts: { applied: 2 } });
    expect((await h.client.api.identities.get(ids[0] as string)).metadata_public).toEqual({ plan: 'pro' });
    await expect(h.client.api.operations.apply(op.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  },
  'operations.undo': async (h) => {
    const { op, ids } = await applied(h);
    const undo = await h.client.api.operations.undo(op.id);
    await jobEnd(h, undo.jobId);
    expect(await h.client.api.operations.get(undo.operationId)).toMatchObject({ kind: 'undo', state: 'applied', counts: { reverted: 2 } });
    expect((await h.client.api.operations.get(op.id)).state).toBe('undone');
    expect((await h.client.api.identities.get(ids[1] as string)).metadata_public).toBeNull();
  },
  'operations.list': async (h) => {
    const { op } = await applied(h);
    const list = await h.client.api.operations.list();
    expect(list.map((o) => o.id)).toContain(op.id);
    expect(list[0]).toMatchObject({ actor: expect.any(String), startedAt: expect.any(String) });
    expect(await h.client.api.operations.list({ kind: 'undo' })).toEqual([]);
  },
  'operations.get': async (h) => {
    const { op } = await planned(h);
    expect(await h.client.api.operations.get(op.id)).toEqual(op);
    await expect(h.client.api.operations.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
};
