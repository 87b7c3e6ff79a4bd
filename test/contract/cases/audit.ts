import { expect } from 'vitest';
import type { DomainCases } from './case';
import { jobEnd, newIdentity, untyped } from './case';

export const auditCases: DomainCases<'audit'> = {
  'audit.list': async (h) => {
    const created = await newIdentity(h, 'audit@example.com');
    await h.client.api.identities.update(created.id, { metadata_public: { n: 1 } });
    const page = await h.client.api.audit.list({ identityId: created.id, limit: 1 });
    expect(page.items).toMatchObject([{ identityId: created.id, action: 'update' }]);
    expect(page.next).not.toBeNull();
    const older = await h.client.api.audit.list({ identityId: created.id, before: page.next ?? 0 });
    expect(older.items.map((e) => e.action)).toEqual(['create']);
    expect(older.next).toBeNull();

    // Across identities, by the operation a bulk edit recorded and by action, each paged newest first.
    const ids = [(await newIdentity(h, 'audit-op-a@example.com')).id, (await newIdentity(h, 'audit-op-b@example.com')).id];
    const edit = { steps: [{ op: 'set' as const, path: '/metadata_public/plan', value: { literal: 'pro' } }] };
    const { operationId, jobId } = await h.client.api.operations.plan({ target: { ids }, edit });
    await jobEnd(h, jobId);
    await jobEnd(h, (await h.client.api.operations.apply(operationId)).jobId);
    const ofOp = await h.client.api.audit.list({ operationId, limit: 1 });
    expect(ofOp.items).toMatchObject([{ operationId, action: 'update' }]);
    const rest = await h.client.api.audit.list({ operationId, before: ofOp.next ?? 0 });
    expect([...ofOp.items, ...rest.items].map((e) => e.identityId).sort()).toEqual([...ids].sort());
    expect(rest.next).toBeNull();
    await h.client.api.identities.delete(ids[0] ?? '');
    const deletes = await h.client.api.audit.list({ action: 'delete' });
    expect(deletes.items[0]).toMatchObject({ identityId: ids[0], action: 'delete' });
    expect(deletes.items.every((e) => e.action === 'delete')).toBe(true);
    const everything = await h.client.api.audit.list({ limit: 500 });
    expect(new Set(everything.items.map((e) => e.identityId))).toEqual(new Set([created.id, ...ids]));
    await expect(untyped(h.client.api).audit?.list?.({ action: 'renamed' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  },
  'audit.revert': async (h) => {
    const created = await newIdentity(h, 'revert@example.com');
    await h.client.api.identities.update(created.id, { metadata_public: { n: 1 } });
    const [change] = (await h.client.api.audit.list({ identityId: created.id, limit: 1 })).items;
    const reverted = await h.client.api.audit.revert(change?.changeId ?? 0);
    expect(reverted).toMatchObject({ action: 'revert', reverts: change?.changeId, identityId: created.id });
    expect((await h.client.api.identities.get(created.id)).metadata_public).toBeNull();
    await expect(h.client.api.audit.revert(999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
};
