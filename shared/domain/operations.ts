/** An operation on many identities (design §12): what ran, on what, how far it got. */
export const OPERATION_KINDS = ['import', 'bulk', 'migration', 'undo', 'sync'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const OPERATION_STATES = ['planned', 'running', 'applied', 'partial', 'cancelled', 'failed', 'undone'] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

/** Counts by name (imported, skipped, changed, failed…), kept as the operation runs. */
export type OperationCounts = Record<string, number>;

export interface OperationRecord {
  id: string;
  kind: OperationKind;
  actor: string;
  state: OperationState;
  target: unknown;
  edit: unknown;
  policy: string | null;
  counts: OperationCounts;
  report: unknown;
  /** Why it ended as it did, when that is not obvious (interrupted, cancelled, the first error). */
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
}
