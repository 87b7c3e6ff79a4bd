import type { JobId } from '../domain/jobs';
import { IDENTITY_STATES, JSON_PATCH_OPS } from '../domain/identity';
import type { BulkPlanRequest, BulkPolicy, OperationListQuery, OperationRecord } from '../domain/operations';
import { BULK_POLICIES, OPERATION_KINDS, VALUE_TRANSFORMS } from '../domain/operations';
import type { Param, ParamSchemas } from './params';
import { anyJson, array, boolean, either, idParam, integer, object, oneOfValues, optional, string } from './params';

/**
 * Operations on many identities (design §12): plan (freeze the target), dry run, apply, undo, and the history.
 * Each phase is a job (follow and cancel it through `jobs`); the job's report is the operation's record.
 */
export interface OperationsApi {
  /** Freezes the target (a selection, or every match of the browser's query) and records the edit; `dryRun` runs it too. */
  plan(request: BulkPlanRequest): Promise<{ operationId: string; jobId: JobId }>;
  /** Runs the edit over every target through validation and the writer, rolls it back, and reports. */
  dryRun(operationId: string): Promise<{ jobId: JobId }>;
  /** Applies a planned operation in batches; resumes a partial, cancelled or failed one. */
  apply(operationId: string, options?: { policy?: BulkPolicy }): Promise<{ jobId: JobId }>;
  /** Reverts what the operation applied, as a new `undo` operation; identities changed since are listed, not overwritten. */
  undo(operationId: string): Promise<{ operationId: string; jobId: JobId }>;
  /** Newest first: who, when, target, edit, counts, state and report. */
  list(query?: OperationListQuery): Promise<OperationRecord[]>;
  get(operationId: string): Promise<OperationRecord>;
}

const pointer = string({ maxLength: 1024 });
const time = string({ minLength: 1, maxLength: 64 });

const valueSource = either(
  object({ literal: anyJson }, { required: ['literal'] }),
  object({ from: pointer, transforms: array(oneOfValues(VALUE_TRANSFORMS), { maxItems: 10 }) }, { required: ['from'] }),
);

const patchOperation = object({ op: oneOfValues(JSON_PATCH_OPS), path: pointer, value: anyJson }, { required: ['op', 'path'] });

const step = {
  oneOf: [
    object({ op: oneOfValues(['set'] as const), path: pointer, value: valueSource }, { required: ['op', 'path', 'value'] }),
    object({ op: oneOfValues(['remove'] as const), path: pointer }, { required: ['op', 'path'] }),
    object({ op: oneOfValues(['patch'] as const), operations: array(patchOperation, { minItems: 1, maxItems: 1000 }) }, { required: ['op', 'operations'] }),
    object({ op: oneOfValues(['delete'] as const) }, { required: ['op'] }),
  ],
} as unknown as Param<BulkPlanRequest['edit']['steps'][number]>;

const targetQuery = object({
  text: string({ maxLength: 256 }),
  schemaId: idParam,
  state: oneOfValues(IDENTITY_STATES),
  createdFrom: time,
  createdTo: time,
  updatedFrom: time,
  updatedTo: time,
});

const target = either(
  object({ ids: array(idParam, { maxItems: 1_000_000 }) }, { required: ['ids'] }),
  object({ query: targetQuery, except: array(idParam, { maxItems: 100_000 }) }, { required: ['query'] }),
);

export const operationsParams = {
  plan: [
    object(
      { target, edit: object({ steps: array(step, { minItems: 1, maxItems: 100 }) }, { required: ['steps'] }), policy: oneOfValues(BULK_POLICIES), dryRun: boolean() },
      { required: ['target', 'edit'] },
    ),
  ],
  dryRun: [idParam],
  apply: [idParam, optional(object({ policy: oneOfValues(BULK_POLICIES) }))],
  undo: [idParam],
  list: [optional(object({ kind: oneOfValues(OPERATION_KINDS), before: time, limit: integer({ minimum: 1, maximum: 500 }) }))],
  get: [idParam],
} satisfies ParamSchemas<OperationsApi>;
