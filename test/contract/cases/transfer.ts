import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { DomainCases } from './case';
import { jobEnd, newIdentity } from './case';

export const transferCases: DomainCases<'transfer'> = {
  'transfer.importFile': async (h) => {
    const file = join(h.dataDir, 'in.ndjson');
    writeFileSync(file, ['{"traits":{"email":"in1@example.com"}}', '{"traits":{"email":"bad"}}', '{"traits":{"email":"in2@example.com"}}'].join('\n'));
    const { jobId } = await h.client.api.transfer.importFile({ file, skipInvalid: true });
    const end = await jobEnd(h, jobId);
    expect(end).toMatchObject({ kind: 'import', state: 'succeeded', report: { imported: 2, skipped: 1, errors: [{ line: 2, pointer: '#/traits/email' }] } });
    expect((await h.client.api.app.info()).identityCount).toBe(2);
    // Paths cross the boundary: relative ones are refused, a missing input is NOT_FOUND without the path.
    await expect(h.client.api.transfer.importFile({ file: 'in.ndjson' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const missing = await h.client.api.transfer.importFile({ file: join(h.dataDir, 'nope.ndjson') }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'NOT_FOUND' });
    expect(String((missing as Error).message)).not.toContain(h.dataDir);
  },
  'transfer.exportFile': async (h) => {
    await newIdentity(h, 'out@example.com');
    await newIdentity(h, 'other@example.org');
    const file = join(h.dataDir, 'out.ndjson');
    const { jobId } = await h.client.api.transfer.exportFile({ file, format: 'ndjson', text: 'example.com' });
    expect(await jobEnd(h, jobId)).toMatchObject({ kind: 'export', state: 'succeeded', report: { exported: 1, file } });
    const rows = readFileSync(file, 'utf8').trim().split('\n');
    expect(rows.map((r) => (JSON.parse(r) as { traits: unknown }).traits)).toEqual([{ email: 'out@example.com' }]);
  },
  'transfer.csvTemplate': async (h) => {
    expect(await h.client.api.transfer.csvTemplate('email-password')).toBe('id,state,email,metadata_public,metadata_admin\n');
    await expect(h.client.api.transfer.csvTemplate('no-such-schema')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
};
