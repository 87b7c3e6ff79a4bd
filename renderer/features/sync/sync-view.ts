import type { ConflictField, ConflictRecord, ConflictResolution, ConnectionProblem, ConnectionReport, PendingChange, RemoteKeyRef, RemoteReach } from '../../../shared/domain/sync';

/**
 * Pure view logic of the Sync screen (issue 15): how a value, a key, a job's pace and a conflict
 * decision read. Kept out of the components so it is unit-tested directly.
 */

/** A JSON value as one line; `undefined` (absent on that side) reads "(absent)". */
export const showValue = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/** What the form says about a remote's key: never the key, only whether and where one is kept. */
export const keyLabel = (key: RemoteKeyRef): string =>
  key.kind === 'none' ? 'no key' : key.kind === 'env' ? `key read from $${key.variable}` : key.stored ? 'key stored' : 'no key (keystore empty)';

const PROBLEMS: Record<ConnectionProblem, string> = {
  unreachable: 'unreachable',
  timeout: 'no answer in time',
  tls: 'TLS error',
  unauthorized: 'the key was refused',
  'not-found': 'not found (wrong path?)',
  'rate-limited': 'rate limited',
  'no-key': 'no key',
  rejected: 'refused',
};

/** One line for what "Test connection" found: version, first page and schemas, or the precise problem. */
export const connectionText = (r: ConnectionReport): string => {
  if (!r.ok) return `${PROBLEMS[r.problem]}${r.status === null ? '' : ` (HTTP ${r.status})`}: ${r.message}`;
  const version = r.version === null ? 'Kratos (version not reported)' : `Kratos ${r.version}`;
  const page = `${r.firstPage.toLocaleString()}${r.more ? '+' : ''} identities on the first page`;
  const schemas = r.schemas.length === 0 ? 'no schemas' : `schemas: ${r.schemas.join(', ')}`;
  return `connected: ${version}, ${page}, ${schemas}`;
};

/**
 * The status bar's one word for every remote together, and its explanation: online when every remote
 * answered its last check, offline (naming which) when some did not, "checking" before any answer.
 */
export const reachText = (reach: readonly RemoteReach[]): { label: string; offline: boolean; title: string } => {
  const off = reach.filter((r) => r.state === 'offline');
  const known = reach.filter((r) => r.state !== 'unknown');
  const title = reach.map((r) => `${r.remote}: ${r.state === 'offline' ? `offline, ${r.message ?? 'no answer'}` : r.state === 'online' ? 'answers' : 'not checked yet'}`).join('\n');
  if (off.length > 0) return { label: off.length === reach.length ? 'offline' : `offline: ${off.map((r) => r.remote).join(', ')}`, offline: true, title };
  if (known.length === 0) return { label: 'checking…', offline: false, title };
  return { label: 'online', offline: false, title };
};

/** What the next push sends for this entry, as the admin API will receive it. */
export const whatIsSent = (entry: PendingChange): string => {
  if (entry.operation === 'create') return 'POST /admin/identities (create, every field)';
  if (entry.operation === 'delete') return `DELETE /admin/identities/${entry.identityId}`;
  return `PATCH /admin/identities/${entry.identityId} ${JSON.stringify(entry.patch)}`;
};

export interface JobPace {
  /** Items per second since the job started, or null before there is anything to measure. */
  rate: number | null;
  /** Seconds left at that rate, when the total is known. */
  secondsLeft: number | null;
}

/** The pace of a job from what it did so far and how long it has run. */
export const jobPace = (done: number, total: number | null, elapsedMs: number): JobPace => {
  if (done <= 0 || elapsedMs <= 0) return { rate: null, secondsLeft: null };
  const rate = (done * 1000) / elapsedMs;
  return { rate, secondsLeft: total !== null && total >= done ? Math.ceil((total - done) / rate) : null };
};

/** The page number out of a pull's progress message ("pull: page 12"), or null. */
export const pageOf = (message: string | undefined): number | null => {
  const m = /page (\d+)/.exec(message ?? '');
  return m ? Number(m[1]) : null;
};

/** One field's decision in the conflict view: a side, or a value typed by the admin (JSON text). */
export type FieldChoice = { take: 'local' | 'remote' } | { edit: string };

/** The resolution sent for a conflict from the choices per pointer; a field with no choice keeps the local value. */
export const resolutionOf = (conflict: ConflictRecord, choices: Record<string, FieldChoice | undefined>): ConflictResolution => {
  const picked = conflict.fields.map((f) => choices[f.pointer] ?? { take: 'local' as const });
  const first = picked[0];
  if (first && 'take' in first && picked.every((c) => 'take' in c && c.take === first.take)) return { take: first.take };
  return {
    merged: conflict.fields.map((f, i) => {
      const value = valueOf(f, picked[i] as FieldChoice);
      return value === undefined ? { pointer: f.pointer } : { pointer: f.pointer, value };
    }),
  };
};

const valueOf = (field: ConflictField, choice: FieldChoice): unknown => {
  if ('take' in choice) return choice.take === 'local' ? field.local : field.remote;
  return JSON.parse(choice.edit) as unknown;
};

/** Why an edited value cannot be used, or null when it is JSON. */
export const editProblem = (text: string): string | null => {
  try {
    JSON.parse(text);
    return null;
  } catch {
    return 'Not JSON: strings need quotes ("like this").';
  }
};

/** Groups outbox entries by identity, oldest change first within each group. */
export const groupByIdentity = (items: readonly PendingChange[]): { identityId: string; entries: PendingChange[] }[] => {
  const groups = new Map<string, PendingChange[]>();
  for (const item of items) groups.set(item.identityId, [...(groups.get(item.identityId) ?? []), item]);
  return [...groups].map(([identityId, entries]) => ({ identityId, entries }));
};
