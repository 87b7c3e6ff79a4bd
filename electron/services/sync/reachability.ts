import type { RemoteReach } from '../../../shared/domain/sync';
import { pingRemote } from './admin-client';

export interface ReachabilityDeps {
  /** The remotes as saved now (name and URL). */
  remotes: () => { name: string; url: string }[];
  /** Called when a remote's state flips, so views refresh. */
  onChange: () => void;
  ping?: (url: string) => ReturnType<typeof pingRemote>;
  now?: () => number;
  /** A state older than this is checked again when someone asks. */
  staleMs?: number;
}

interface Entry {
  state: RemoteReach['state'];
  checkedAt: number | null;
  message: string | null;
  checking: boolean;
}

/**
 * Online/offline per remote (issue 15 point 2), from real contact with it rather than from the last
 * job's failure. Asking never waits on the network: a stale entry starts one background ping and the
 * answer arrives as a change event.
 */
export const createReachability = (deps: ReachabilityDeps) => {
  const ping = deps.ping ?? ((url: string) => pingRemote(url));
  const now = deps.now ?? Date.now;
  const staleMs = deps.staleMs ?? 30_000;
  const entries = new Map<string, Entry>();

  const entry = (name: string): Entry => {
    let e = entries.get(name);
    if (!e) {
      e = { state: 'unknown', checkedAt: null, message: null, checking: false };
      entries.set(name, e);
    }
    return e;
  };

  const record = (name: string, state: 'online' | 'offline', message: string | null): void => {
    const e = entry(name);
    const flipped = e.state !== state || e.message !== message;
    e.state = state;
    e.message = state === 'offline' ? message : null;
    e.checkedAt = now();
    if (flipped) deps.onChange();
  };

  const check = (name: string, url: string): void => {
    const e = entry(name);
    if (e.checking) return;
    e.checking = true;
    void ping(url)
      .then((r) => record(name, r.online ? 'online' : 'offline', r.online ? null : r.message))
      .finally(() => {
        e.checking = false;
      });
  };

  return {
    /** The last known state of every saved remote; stale ones are checked in the background. */
    snapshot: (): RemoteReach[] => {
      const saved = deps.remotes();
      for (const name of [...entries.keys()]) if (!saved.some((r) => r.name === name)) entries.delete(name);
      return saved.map((r) => {
        const e = entry(r.name);
        if (e.checkedAt === null || now() - e.checkedAt >= staleMs) check(r.name, r.url);
        return { remote: r.name, state: e.state, checkedAt: e.checkedAt === null ? null : new Date(e.checkedAt).toISOString(), message: e.message };
      });
    },
    /** What a pull, push or "Test connection" learnt by talking to the remote. */
    record,
  };
};
