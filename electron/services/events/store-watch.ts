import type { Db } from '../../db/open-database';
import type { EventBus } from './event-bus';

/** How often the host looks for commits made by another process or connection. */
export const STORE_WATCH_MS = 1000;

/**
 * Another process (the CLI, a second window's host, an import worker) changed the store: SQLite's
 * `PRAGMA data_version` moves when another connection commits, and never for this connection's own writes, which
 * send their own events. The list and the detail then refresh like after a write of their own (issue 16 §7).
 */
export const watchStore = (db: Db, events: EventBus, everyMs = STORE_WATCH_MS): (() => void) => {
  const version = () => db.pragma('data_version', { simple: true }) as number;
  let last = version();
  const timer = setInterval(() => {
    if (!db.open) return;
    const now = version();
    if (now === last) return;
    last = now;
    events.emit('identities.changed', { ids: 'all' });
    events.emit('schemas.changed', { ids: [] });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
};
