import type { AuditEntry } from '../../../shared/domain/audit';
import type { IdentifierSource } from '../../../shared/domain/identity';
import { primaryIdentifier } from '../../../shared/domain/identity';
import { isRecord } from '../../../shared/json';

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
    .map((op) => ({ path: op.path, before: before.get(op.path), after: op.op === 'remove' ? undefined : op.value }))
    .flatMap(recordFields);
};

/** What a whole-record line (a create, a delete, the undo of one) is read by: the rest is in the identity itself. */
const RECORD_FIELDS = ['schema_id', 'state', 'traits', 'metadata_public', 'metadata_admin'] as const;

/** A line over the whole identity ('') as one line per field people recognise it by, instead of one JSON blob cut short. */
const recordFields = (line: ChangeLine): ChangeLine[] => {
  if (line.path !== '') return [line];
  const field = (record: unknown, key: string): unknown => (isRecord(record) ? record[key] : undefined);
  return RECORD_FIELDS.filter((key) => (field(line.before, key) ?? field(line.after, key) ?? null) !== null).map((key) => ({
    path: `/${key}`,
    before: field(line.before, key),
    after: field(line.after, key),
  }));
};

/** The whole record a create or delete entry holds (the identity before a delete, after a create); null for a field change. */
export const recordOf = (entry: Pick<AuditEntry, 'patch' | 'inverse'>): Record<string, unknown> | null => {
  const whole = [...(entry.patch ?? []), ...(entry.inverse ?? [])].find((op) => op.path === '' && op.op === 'add');
  return whole && isRecord(whole.value) ? whole.value : null;
};

const isIdentifierSource = (record: Record<string, unknown>): record is Record<string, unknown> & IdentifierSource =>
  isRecord(record['credentials']) && Array.isArray(record['verifiable_addresses']) && Array.isArray(record['recovery_addresses']);

/**
 * How a history across identities names the entry's identity: as the store has it now, else (deleted) as the
 * record the entry kept, else its id.
 */
export const entryIdentityLabel = (entry: Pick<AuditEntry, 'identityId' | 'identityLabel' | 'patch' | 'inverse'>): string => {
  if (entry.identityLabel) return entry.identityLabel;
  const record = recordOf(entry);
  return (record && isIdentifierSource(record) ? primaryIdentifier(record) : '') || entry.identityId;
};

/** A value in one line of the history: JSON, cut short. */
export const shownValue = (value: unknown): string => {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};
