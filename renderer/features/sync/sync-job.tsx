import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useJob, type FollowedJob } from '../../api/use-job';

export type SyncDirection = 'pull' | 'push';

export interface SyncJob {
  followed: FollowedJob<SyncDirection>;
  direction: SyncDirection | null;
  /** When the running job started (ms since epoch), for its rate and time left. */
  startedAt: number | null;
  run(direction: SyncDirection, options?: { remote?: string; ids?: string[] }): void;
}

const SyncJobContext = createContext<SyncJob | null>(null);

/**
 * The one pull or push the app follows at a time, shared by the Sync screen and the status bar so
 * both show the same progress and either can cancel it. Escape cancels it wherever focus is.
 */
export const SyncJobProvider = ({ children }: { children: ReactNode }) => {
  const followed = useJob<SyncDirection>();
  const [direction, setDirection] = useState<SyncDirection | null>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const run = useCallback(
    (d: SyncDirection, options: { remote?: string; ids?: string[] } = {}) => {
      setDirection(d);
      setStartedAt(Date.now());
      const request = options.remote ? { remote: options.remote } : {};
      followed.start((api) => (d === 'pull' ? api.sync.pull(request) : api.sync.push({ ...request, ...(options.ids ? { ids: options.ids } : {}) })));
    },
    [followed],
  );
  const { running, cancel } = followed;
  useEffect(() => {
    if (!running) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') cancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [running, cancel]);
  return <SyncJobContext.Provider value={{ followed, direction, startedAt, run }}>{children}</SyncJobContext.Provider>;
};

export const useSyncJob = (): SyncJob => {
  const job = useContext(SyncJobContext);
  if (!job) throw new Error('useSyncJob outside <SyncJobProvider>');
  return job;
};
