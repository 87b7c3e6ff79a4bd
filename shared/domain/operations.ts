import type { JsonPatchOperation } from './identity';
import type { SearchQuery } from './search';

/** An operation on many identities (design §12): what ran, on what, how far it got. */
export const OPERATION_KINDS = ['import', 'bulk', 'migration', 'undo', 'sync'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** `dry-run`: planned, with a dry run's report (the store keeps it `planned`; the report says it ran). */
export const OPERATION_STATES = ['planned', 'dry-run', 'running', 'applied', 'partial', 'cancelled', 'failed', 'undone'] as const;
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

// ---- Bulk edits (issue 13): what an operation on many identities targets, does and reports. ----


/** The identity browser's query without its paging: what "all N matches" means. */
export type TargetQuery = Pick<SearchQuery, 'text' | 'schemaId' | 'state' | 'createdFrom' | 'createdTo' | 'updatedFrom' | 'updatedTo'>;

/** An explicit selection, or every match of a query; either is frozen into `operation_targets` when planned. */
/** `except`: identities taken out of "all matches" by hand. */
export type OperationTarget = { ids: string[] } | { query: TargetQuery; except?: string[] };

export const VALUE_TRANSFORMS = ['lower', 'upper', 'trim'] as const;
export type ValueTransform = (typeof VALUE_TRANSFORMS)[number];

/** A literal, or a value read from the identity (after the steps before) at a pointer, optionally transformed. */
export type ValueSource = { literal: unknown } | { from: string; transforms?: ValueTransform[] };

/**
 * One step over JSON pointers into the identity's admin document (`/state`, `/traits/…`, `/metadata_public/…`,
 * `/metadata_admin/…`). The migration wizard adds its steps (rename, copy, default, convert…) to this union.
 */
export type EditStep =
  | { op: 'set'; path: string; value: ValueSource }
  | { op: 'remove'; path: string }
  | { op: 'patch'; operations: JsonPatchOperation[] }
  | { op: 'delete' };

export interface BulkEdit {
  steps: EditStep[];
}

/** `skip`: identities that fail are reported and the rest applied; `all`: one failure changes nothing. */
export const BULK_POLICIES = ['skip', 'all'] as const;
export type BulkPolicy = (typeof BULK_POLICIES)[number];

export interface BulkPlanRequest {
  target: OperationTarget;
  edit: BulkEdit;
  policy?: BulkPolicy;
  /** Run the dry run right after planning, in the same job. */
  dryRun?: boolean;
}

/** Failures with the same pointer and message, with a few of the identities that hit it. */
export interface FailureGroup {
  pointer: string;
  message: string;
  count: number;
  examples: string[];
}

/** One changed field of a sample identity: before → after (credential secrets redacted). */
export interface FieldChange {
  pointer: string;
  before?: unknown;
  after?: unknown;
}

export interface SampleDiff {
  identityId: string;
  /** What support recognises the identity by (its primary identifier). */
  label: string;
  deleted: boolean;
  changes: FieldChange[];
}

export interface DryRunReport {
  targets: number;
  wouldChange: number;
  unchanged: number;
  wouldFail: number;
  /** Targets deleted since the plan. */
  missing: number;
  failures: FailureGroup[];
  samples: SampleDiff[];
  finishedAt: string;
}

/** An identity the undo left alone because something changed it after the operation, with what changed. */
export interface ChangedSince {
  identityId: string;
  /** The later changes, oldest first: origin, who, when and their patch (secrets redacted). */
  later: { changeId: number; origin: string; actor: string; at: string; patch: JsonPatchOperation[] | null }[];
}

/** What `report` holds for bulk and undo operations; each part appears once that phase ran. */
export interface OperationReport {
  dryRun?: DryRunReport;
  failures?: FailureGroup[];
  changedSince?: ChangedSince[];
  /** The undo operation of this one, or the operation an undo undid. */
  undoneBy?: string;
  undoes?: string;
}

export interface OperationListQuery {
  kind?: OperationKind;
  /** Keyset cursor: operations started before this ISO time. */
  before?: string;
  limit?: number;
}
