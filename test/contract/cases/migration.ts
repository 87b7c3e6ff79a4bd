import { expect } from 'vitest';
import type { DomainCases } from './case';
import { jobEnd, newIdentity } from './case';

export const migrationCases: DomainCases<'migration'> = {
  'migration.checkStore': async (h) => {
    await newIdentity(h, 'a@example.com');
    await newIdentity(h, 'b@example.com');
    const all = await h.client.api.migration.checkStore({});
    expect(await jobEnd(h, all.jobId)).toMatchObject({ kind: 'store-check', state: 'succeeded', report: { checked: 2, invalid: 0, groups: [] } });
    // The impact of a stricter body: every identity fails at the same pointer.
    const stricter = JSON.stringify({
      type: 'object',
      properties: { traits: { type: 'object', properties: { email: { type: 'string', maxLength: 5 } } } },
    });
    const impact = await h.client.api.migration.checkStore({ schemaId: 'email-password', targetSchema: stricter });
    expect(await jobEnd(h, impact.jobId)).toMatchObject({ state: 'succeeded', report: { checked: 2, invalid: 2, groups: [{ pointer: '#/traits/email', count: 2 }] } });
  },
};
