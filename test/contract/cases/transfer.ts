import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { DomainCases } from './case';
import { jobEnd, newIdentity, untyped } from './case';

export const transferCases: DomainCases<'transfer'> = {
  'transfer.importFile': async (h) => {
    const file = join(h.dataDir, 'in.ndjson');
    writeFileSync(file, ['{"traits":{"email":"in1@example.com"}}', '{"traits":{"email":"bad"}}', '{"traits":{"email":"in2@example.com"}}'].join('\n'));
    // A grant, as an upload to the web host or the desktop's open dialog would make.
    const { jobId } = await h.client.api.transfer.importFile({ grant: h.services.files.grantRead(file).grant, skipInvalid: true });
    const end = await jobEnd(h, jobId);
    expect(end).toMatchObject({ kind: 'import', state: 'succeeded', report: { imported: 2, skipped: 1, errors: [{ line: 2, pointer: '#/traits/email' }] } });
    expect((await h.client.api.app.info()).identityCount).toBe(2);
    // No path crosses the boundary: a path instead of a grant is refused, a forged grant is NOT_FOUND without a path.
    await expect(untyped(h.client.api).transfer?.importFile?.({ file })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const forged = await h.client.api.transfer.importFile({ grant: 'A'.repeat(32) }).catch((e: unknown) => e);
    expect(forged).toMatchObject({ code: 'NOT_FOUND' });
    expect(String((forged as Error).message)).not.toContain(h.dataDir);
  },
  'transfer.exportFile': async (h) => {
    await newIdentity(h, 'out@example.com');
    await newIdentity(h, 'other@example.org');
    const file = join(h.dataDir, 'out.ndjson');
    const { jobId } = await h.client.api.transfer.exportFile({ grant: h.services.files.grantWrite(file).grant, format: 'ndjson', text: 'example.com' });
    expect(await jobEnd(h, jobId)).toMatchObject({ kind: 'export', state: 'succeeded', report: { exported: 1, file: 'out.ndjson' } });
    const rows = readFileSync(file, 'utf8').trim().split('\n');
    expect(rows.map((r) => (JSON.parse(r) as { traits: unknown }).traits)).toEqual([{ email: 'out@example.com' }]);
  },
  'transfer.inspectFile': async (h) => {
    const file = join(h.dataDir, 'people.csv');
    writeFileSync(file, 'E-Mail,Notes,state\nann@example.com,x,active\n');
    const { grant } = h.services.files.grantRead(file);
    const info = await h.client.api.transfer.inspectFile({ grant, schemaId: 'email-password' });
    expect(info).toMatchObject({ format: 'csv', traitPaths: ['email'], columns: [{ name: 'E-Mail', suggested: 'email' }, { name: 'Notes', suggested: null }, { name: 'state', suggested: 'state' }] });
    // Looking does not use the grant up: the import can follow.
    const { jobId } = await h.client.api.transfer.importFile({ grant, schemaId: 'email-password', mapping: { 'E-Mail': 'email', Notes: '' } });
    expect(await jobEnd(h, jobId)).toMatchObject({ state: 'succeeded', report: { imported: 1 } });
  },
  'transfer.csvTemplate': async (h) => {
    expect(await h.client.api.transfer.csvTemplate('email-password')).toBe('id,state,external_id,email,metadata_public,metadata_admin,password_hash\n');
    await expect(h.client.api.transfer.csvTemplate('no-such-schema')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
};
