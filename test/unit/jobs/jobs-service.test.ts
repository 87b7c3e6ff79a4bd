import { describe, expect, it } from 'vitest';
import type { ApiEvents, EventName } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import { createEventBus } from '../../../electron/services/events/event-bus';
import { createJobsService, KEEP_FINISHED } from '../../../electron/services/jobs/jobs-service';

const report = { exported: 3, file: '/tmp/x.ndjson' };

const setup = () => {
  const events = createEventBus();
  const seen: { name: EventName; payload: ApiEvents[EventName] }[] = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  return { jobs: createJobsService({ events, log: () => undefined }), seen };
};

describe('the jobs service', () => {
  it('records a job from start to its report, and announces its progress and end', async () => {
    const { jobs, seen } = setup();
    let step!: () => void;
    const gate = new Promise<void>((resolve) => (step = resolve));
    const jobId = jobs.start('export', async (ctx) => {
      ctx.progress(1, 3, 'writing');
      await gate;
      return report;
    });
    expect(jobs.get(jobId)).toMatchObject({ jobId, kind: 'export', state: 'running', progress: { done: 1, total: 3, message: 'writing' }, finishedAt: null, report: null });
    step();
    await jobs.wait(jobId);
    const record = jobs.get(jobId);
    expect(record).toMatchObject({ state: 'succeeded', report, error: null });
    expect(Date.parse(record.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(record.startedAt));
    expect(seen.map((e) => e.name)).toEqual(['jobs.progressed', 'jobs.finished']);
    expect(seen[1]?.payload).toEqual(record);
  });

  it('cancels a running job through its signal; cancelling it again, or an ended job, changes nothing', async () => {
    const { jobs } = setup();
    const jobId = jobs.start('store-check', (ctx) => new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new AppError('CANCELLED', 'The check was cancelled.')))));
    expect(jobs.cancel(jobId).state).toBe('running');
    await expect(jobs.wait(jobId)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(jobs.get(jobId)).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' }, report: null });
    expect(jobs.cancel(jobId).state).toBe('cancelled');
    expect(() => jobs.cancel('no-such-job')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('records a failure as data, without leaking the internal error', async () => {
    const { jobs } = setup();
    const jobId = jobs.start('import', async () => {
      throw new Error('SQLITE_CORRUPT at /home/someone/store');
    });
    await expect(jobs.wait(jobId)).rejects.toThrow();
    const record = jobs.get(jobId);
    expect(record).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' } });
    expect(JSON.stringify(record)).not.toContain('/home/someone');
  });

  it('lists running jobs and the recent finished ones, newest first, and forgets the oldest', async () => {
    const { jobs } = setup();
    const running = jobs.start('store-check', () => new Promise(() => undefined));
    const ids: string[] = [];
    for (let i = 0; i < KEEP_FINISHED + 2; i++) {
      const id = jobs.start('export', async () => report);
      ids.push(id);
      await jobs.wait(id);
    }
    const listed = jobs.list().map((j) => j.jobId);
    expect(listed).toHaveLength(KEEP_FINISHED + 1);
    expect(listed[0]).toBe(ids.at(-1));
    expect(listed.at(-1)).toBe(running);
    expect(() => jobs.get(ids[0] ?? '')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
