import { describe, expect, it } from 'vitest';
import { startedJob, withProgress, withRecord } from '../../../renderer/api/job-follower';
import type { JobRecord } from '../../../shared/domain/jobs';

const progress = (jobId: string, done: number, total: number | null = 100) => ({ jobId, kind: 'store-check' as const, done, total });
const record = (jobId: string, state: JobRecord['state'], done = 100): JobRecord => ({
  jobId,
  kind: 'store-check',
  state,
  progress: { done, total: 100 },
  startedAt: '2026-12-03T12:00:00.000Z',
  finishedAt: state === 'running' ? null : '2026-12-03T12:00:01.000Z',
  report: state === 'succeeded' ? { checked: 100, invalid: 0, groups: [], truncated: false, durationMs: 5 } : null,
  error: state === 'cancelled' ? { code: 'CANCELLED', message: 'The check was cancelled.' } : null,
});

describe('following a job from its events and jobs.get', () => {
  it('catches up from jobs.get on what happened before the start call answered', () => {
    const view = withRecord(startedJob('j1'), record('j1', 'succeeded'));
    expect(view).toMatchObject({ jobId: 'j1', state: 'succeeded', progress: { done: 100 }, report: { checked: 100 } });
  });

  it('ignores other jobs, progress that goes backwards, and anything after the end', () => {
    let view = startedJob<'store-check'>('j1');
    expect(withProgress(view, progress('other', 90))).toBe(view);
    view = withProgress(view, progress('j1', 40));
    expect(view.progress.done).toBe(40);
    expect(withProgress(view, progress('j1', 30))).toBe(view);
    // A jobs.get answer older than the last event does not move it back either.
    expect(withRecord(view, record('j1', 'running', 20))).toBe(view);
    view = withRecord(view, record('j1', 'cancelled', 45));
    expect(view.state).toBe('cancelled');
    expect(withProgress(view, progress('j1', 99))).toBe(view);
    expect(withRecord(view, record('j1', 'running', 99))).toBe(view);
    expect(withRecord(view, record('j1', 'succeeded'))).toBe(view);
  });
});
