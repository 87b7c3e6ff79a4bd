import { createHash } from 'node:crypto';
import type { ConflictField, ConflictRecord, MergedField } from '../../../shared/domain/sync';
import type { Db } from '../../db/open-database';

/**
 * The sync tables of migration 0004 besides the outbox (which only the change writer writes): the remote
 * base of each identity, the conflicts waiting for a person, and each remote's pull and push state.
 */
export interface BaseRow {
  identity_id: string;
  remote: string;
  remote_id: string;
  updated_at: string;
  hash: string;
  body: string;
  pulled_at: string;
}

export interface OutboxRow {
  identity_id: string;
  remote: string | null;
  operation: 'create' | 'update' | 'delete';
  first_change_id: number;
  last_change_id: number;
  status: 'pending' | 'in_flight' | 'rejected';
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** The hash of a remote identity's JSON text as the server sent it. */
export const bodyHash = (text: string): string => createHash('sha256').update(text).digest('base64url');

const encode = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const decode = (text: string | null): unknown => (text === null ? undefined : (JSON.parse(text) as unknown));
const defined = <K extends string>(key: K, value: unknown) => (value === undefined ? {} : ({ [key]: value } as Record<K, unknown>));

export const createSyncStore = (db: Db) => {
  const getBase = db.prepare('SELECT * FROM sync_base WHERE identity_id = ?');
  const putBase = db.prepare(
    `INSERT INTO sync_base (identity_id, remote, remote_id, updated_at, hash, body, pulled_at) VALUES (@identity_id, @remote, @remote_id, @updated_at, @hash, @body, @pulled_at)
     ON CONFLICT (identity_id) DO UPDATE SET remote = excluded.remote, remote_id = excluded.remote_id, updated_at = excluded.updated_at,
       hash = excluded.hash, body = excluded.body, pulled_at = excluded.pulled_at`,
  );
  const deleteBase = db.prepare('DELETE FROM sync_base WHERE identity_id = ?');
  const basesOf = db.prepare('SELECT identity_id FROM sync_base WHERE remote = ? ORDER BY identity_id').pluck();
  const outboxOf = db.prepare('SELECT * FROM outbox WHERE identity_id = ?');
  const conflictRows = db.prepare('SELECT * FROM sync_conflicts WHERE identity_id = ? ORDER BY pointer');
  const allConflicts = db.prepare('SELECT * FROM sync_conflicts ORDER BY detected_at, identity_id, pointer');
  const hasConflict = db.prepare('SELECT 1 FROM sync_conflicts WHERE identity_id = ? AND merged IS NULL LIMIT 1').pluck();
  const putConflict = db.prepare(
    `INSERT INTO sync_conflicts (identity_id, pointer, remote, base, local, remote_value, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (identity_id, pointer) DO UPDATE SET local = excluded.local, remote_value = excluded.remote_value, merged = NULL`,
  );
  // A field that conflicts is never downgraded to merged by a later fold.
  const putMerged = db.prepare(
    `INSERT INTO sync_conflicts (identity_id, pointer, remote, base, local, remote_value, detected_at, merged) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (identity_id, pointer) DO UPDATE SET base = excluded.base, local = excluded.local, remote_value = excluded.remote_value WHERE sync_conflicts.merged IS NOT NULL`,
  );
  const clearConflicts = db.prepare('DELETE FROM sync_conflicts WHERE identity_id = ?');
  const ensureState = db.prepare('INSERT INTO sync_state (remote) VALUES (?) ON CONFLICT (remote) DO NOTHING');
  const setPulled = db.prepare('UPDATE sync_state SET last_pull_at = ?, scan_next_url = NULL, scan_started_at = NULL, scan_seen = 0 WHERE remote = ?');
  const setPushed = db.prepare('UPDATE sync_state SET last_push_at = ? WHERE remote = ?');
  const setScan = db.prepare('UPDATE sync_state SET scan_next_url = ?, scan_started_at = coalesce(scan_started_at, ?), scan_seen = ? WHERE remote = ?');

  interface ConflictRow {
    identity_id: string;
    pointer: string;
    remote: string;
    base: string | null;
    local: string | null;
    remote_value: string | null;
    detected_at: string;
    merged: 'local' | 'remote' | null;
  }
  const toRecord = (all: ConflictRow[]): ConflictRecord => {
    const rows = all.filter((r) => r.merged === null);
    const first = (rows[0] ?? all[0]) as ConflictRow;
    const whole = rows.find((r) => r.pointer === '');
    const kind: ConflictRecord['kind'] = whole === undefined ? 'edited' : whole.remote_value === null ? 'deleted-remotely' : 'deleted-locally';
    return {
      identityId: first.identity_id,
      remote: first.remote,
      kind,
      detectedAt: first.detected_at,
      fields: rows.map((r): ConflictField => ({ pointer: r.pointer, ...defined('base', decode(r.base)), ...defined('local', decode(r.local)), ...defined('remote', decode(r.remote_value)) })),
      merged: all.flatMap((r): MergedField[] =>
        r.merged === null ? [] : [{ side: r.merged, pointer: r.pointer, ...defined('before', decode(r.base)), ...defined('after', decode(r.merged === 'local' ? r.local : r.remote_value)) }],
      ),
    };
  };

  return {
    base: (id: string) => getBase.get(id) as BaseRow | undefined,
    putBase: (row: BaseRow) => void putBase.run(row),
    deleteBase: (id: string) => void deleteBase.run(id),
    baseIds: (remote: string) => basesOf.all(remote) as string[],
    outbox: (id: string) => outboxOf.get(id) as OutboxRow | undefined,
    hasConflict: (id: string) => hasConflict.get(id) !== undefined,
    conflict: (id: string): ConflictRecord | null => {
      const rows = conflictRows.all(id) as ConflictRow[];
      return rows.length === 0 ? null : toRecord(rows);
    },
    conflicts: (): ConflictRecord[] => {
      const byId = new Map<string, ConflictRow[]>();
      for (const row of allConflicts.all() as ConflictRow[]) byId.set(row.identity_id, [...(byId.get(row.identity_id) ?? []), row]);
      return [...byId.values()].map(toRecord);
    },
    /** Records (or refreshes) the conflicting fields of one identity; the detection time of a field is its first. */
    putConflicts: (id: string, remote: string, fields: readonly ConflictField[], at: string) => {
      for (const f of fields) putConflict.run(id, f.pointer, remote, encode(f.base), encode(f.local), encode(f.remote), at);
    },
    /** Records the fields of a conflicted identity that merged on their own (after its conflicts). */
    putMerged: (id: string, remote: string, fields: readonly MergedField[], at: string) => {
      for (const f of fields) putMerged.run(id, f.pointer, remote, encode(f.before), f.side === 'local' ? encode(f.after) : null, f.side === 'remote' ? encode(f.after) : null, at, f.side);
    },
    clearConflicts: (id: string) => void clearConflicts.run(id),
    ensureState: (remote: string) => void ensureState.run(remote),
    markPulled: (remote: string, at: string) => void setPulled.run(at, remote),
    markPushed: (remote: string, at: string) => void setPushed.run(at, remote),
    markScan: (remote: string, next: string | null, seen: number, at: string) => void setScan.run(next, at, seen, remote),
  };
};

export type SyncStore = ReturnType<typeof createSyncStore>;
