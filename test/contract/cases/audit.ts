import { expect } from 'vitest';
import type { DomainCases } from './case';
import { newIdentity } from './case';

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
