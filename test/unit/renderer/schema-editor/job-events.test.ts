import { describe, expect, it } from 'vitest';
import { JobFollower } from '../../../../renderer/features/schema-editor/job-events';

const progress = (jobId: string, done: number, total: number | null = 100) => ({
  type: 'progress' as const,
  event: { jobId, kind: 'store-check', done, total },
});
const finished = (jobId: string, outcome: 'succeeded' | 'failed' | 'cancelled' = 'succeeded') => ({
  type: 'finished' as const,
  event: { jobId, kind: 'store-check', outcome, report: { checked: 100 } },
});

describe('following a job from its events', () => {
  it('replays events that arrived before the start call answered', () => {
    const f = new JobFollower();
    f.starting();
    expect(f.receive(progress('j1', 50))).toBeNull();
    expect(f.receive(finished('j1'))).toBeNull();
    const view = f.started('j1');
    expect(view).toMatchObject({ jobId: 'j1', done: 50, total: 100 });
    expect(view.finished?.outcome).toBe('succeeded');
  });

  it('ignores other jobs, progress that goes backwards, and anything after the end', () => {
    const f = new JobFollower();
    f.starting();
    f.started('j1');
    expect(f.receive(progress('other', 90))).toBeNull();
    expect(f.receive(progress('j1', 40))?.done).toBe(40);
    expect(f.receive(progress('j1', 30))).toBeNull();
    expect(f.receive(finished('j1', 'cancelled'))?.finished?.outcome).toBe('cancelled');
    expect(f.receive(progress('j1', 99))).toBeNull();
  });

  it('follows nothing before a start, or after a reset', () => {
    const f = new JobFollower();
    expect(f.receive(progress('j1', 10))).toBeNull();
    f.starting();
    f.receive(progress('j1', 10));
    expect(f.reset()).toMatchObject({ jobId: null, done: 0, finished: null });
    expect(f.receive(progress('j1', 20))).toBeNull();
  });
});
