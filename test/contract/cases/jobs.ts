import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { DomainCases } from './case';
import { jobEnd } from './case';

export const jobsCases: DomainCases<'jobs'> = {
  'jobs.list': async (h) => {
    expect(await h.client.api.jobs.list()).toEqual([]);
    const first = await h.client.api.migration.checkStore({});
    await jobEnd(h, first.jobId);
    const second = await h.client.api.migration.checkStore({});
    await jobEnd(h, second.jobId);
    const listed = await h.client.api.jobs.list();
    expect(listed.map((j) => j.jobId)).toEqual([second.jobId, first.jobId]);
    expect(listed[0]).toMatchObject({ kind: 'store-check', state: 'succeeded', progress: { done: 0 } });
  },
  'jobs.get': async (h) => {
    const { jobId } = await h.client.api.migration.checkStore({});
    const end = await jobEnd(h, jobId);
    expect(end).toMatchObject({ jobId, kind: 'store-check', state: 'succeeded', error: null, report: { checked: 0 } });
    expect(Date.parse(end.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(end.startedAt));
    await expect(h.client.api.jobs.get('no-such-job')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
  'jobs.cancel': async (h) => {
    // An all-or-nothing import large enough to be cancelled before it commits.
    const file = join(h.dataDir, 'big.ndjson');
    writeFileSync(file, Array.from({ length: 20_000 }, (_, i) => `{"traits":{"email":"c${i}@example.com"}}`).join('\n'));
    const { jobId } = await h.client.api.transfer.importFile({ grant: h.services.files.grantRead(file).grant });
    expect(await h.client.api.jobs.cancel(jobId)).toMatchObject({ jobId, kind: 'import' });
    const end = await jobEnd(h, jobId);
    expect(end).toMatchObject({ state: 'cancelled', report: null, error: { code: 'CANCELLED' } });
    expect((await h.client.api.app.info()).identityCount).toBe(0);
    // Cancelling an ended job changes nothing; an unknown id is NOT_FOUND.
    expect(await h.client.api.jobs.cancel(jobId)).toMatchObject({ state: 'cancelled' });
    await expect(h.client.api.jobs.cancel('no-such-job')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
};
