/**
 * Following one backend job from its events. The job id comes back from the call that starts the
 * job, but a short job's events can arrive before that answer does, so events for ids not yet
 * known are kept (a few) and replayed once the id is. Pure, so it is unit-tested directly.
 */
import type { JobFinished, JobProgress } from '../../../shared/domain/jobs';

export type JobEvent = { type: 'progress'; event: JobProgress } | { type: 'finished'; event: JobFinished };

export interface JobView {
  jobId: string | null;
  done: number;
  total: number | null;
  finished: JobFinished | null;
}

export const idleJob: JobView = { jobId: null, done: 0, total: null, finished: null };

const EARLY_LIMIT = 64;

export class JobFollower {
  private early: JobEvent[] = [];
  private view: JobView = idleJob;
  private following = false;

  /** A job is being started: events from now on may belong to it. */
  starting(): void {
    this.early = [];
    this.view = idleJob;
    this.following = true;
  }

  /** The start call answered: replay what arrived early for this id. */
  started(jobId: string): JobView {
    this.view = { ...idleJob, jobId };
    for (const e of this.early) this.apply(e);
    this.early = [];
    return this.view;
  }

  /** Stop following (the start call failed, or the component is done). */
  reset(): JobView {
    this.early = [];
    this.following = false;
    this.view = idleJob;
    return this.view;
  }

  /** Returns the new view when the event changed it, else null. */
  receive(e: JobEvent): JobView | null {
    if (!this.following) return null;
    if (this.view.jobId === null) {
      this.early.push(e);
      if (this.early.length > EARLY_LIMIT) this.early.shift();
      return null;
    }
    return this.apply(e) ? this.view : null;
  }

  private apply(e: JobEvent): boolean {
    if (e.event.jobId !== this.view.jobId || this.view.finished) return false;
    if (e.type === 'progress') {
      // Progress may be delivered after a later one (separate messages); never move backwards.
      if (e.event.done < this.view.done) return false;
      this.view = { ...this.view, done: e.event.done, total: e.event.total };
    } else {
      this.view = { ...this.view, finished: e.event };
      this.following = false;
    }
    return true;
  }
}
