import type { AuditEntry } from '../../../shared/domain/audit';

/** Stamped by every write; naming them would say nothing about what the change was. */
export const BOOKKEEPING = new Set(['/updated_at', '/state_changed_at']);

export interface ChangeLine {
  path: string;
  /** undefined: the field did not exist before (or no longer exists after). */
  before: unknown;
  after: unknown;
}

/**
 * A change as before → after per field (issue 16 §7): the entry's patch gives the new values, its inverse the old
 * ones at the same paths. Bookkeeping timestamps are left out.
 */
export const changeLines = (entry: Pick<AuditEntry, 'patch' | 'inverse'>): ChangeLine[] => {
  const before = new Map<string, unknown>();
  for (const op of entry.inverse ?? []) if (op.op !== 'remove') before.set(op.path, op.value);
  return (entry.patch ?? [])
    .filter((op) => !BOOKKEEPING.has(op.path))
    .map((op) => ({ path: op.path, before: before.get(op.path), after: op.op === 'remove' ? undefined : op.value }));
};

/** A value in one line of the history: JSON, cut short. */
export const shownValue = (value: unknown): string => {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};
