import { randomUUID } from 'node:crypto';
import type { ValidationProfile } from '../../../shared/domain/app';
import type { CreateIdentityInput, Identity, IdentityState, JsonPatchOperation, UpdateIdentityInput, WhoamiIdentity } from '../../../shared/domain/identity';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';
import type { WriteOrigin } from '../../../shared/domain/audit';
import type { EventBus } from '../events/event-bus';
import type { ChangeContext, ChangeWriter, CheckResult } from './change-writer';
import { createChangeWriter } from './change-writer';
import type { DraftContext } from './identity-drafts';
import { createDraft, fromPatchedDocument, patchableDocument, revertedDraft, updateDraft } from './identity-drafts';
import { applyJsonPatch, assertPatchAllowed } from './json-patch';
import type { SchemaValidators } from './schema-validators';
import { pinnedValidators } from './schema-validators';
import type { IndexEntry } from './derive';
import type { StoreKey } from './identity-writer';
import type { StoredIdentity } from './stored-identity';
import { readProfile, recordDocument, toIdentity, toWhoami } from './stored-identity';

export interface IdentityServiceDeps {
  db: Db;
  events: EventBus;
  validators: SchemaValidators;
  /** Who the audit log names (settings `actor`, else the OS user). */
  actor: () => string;
}

/** Options for writes that belong to a larger operation (revert, bulk edit, conflict resolution). */
export interface WriteOptions {
  operationId?: string;
  /** `local` unless the write undoes a change (`undo`) or resolves a sync conflict (`resolve`). */
  origin?: Extract<WriteOrigin, 'local' | 'undo' | 'resolve'>;
  /** The audit entry this write undoes. */
  reverts?: number;
}

export interface IdentityService {
  create(input: CreateIdentityInput, options?: WriteOptions): Identity;
  get(id: string): Identity;
  update(id: string, input: UpdateIdentityInput, options?: WriteOptions): Identity;
  patch(id: string, operations: readonly JsonPatchOperation[], options?: WriteOptions): Identity;
  setState(id: string, state: IdentityState): Identity;
  delete(id: string, options?: WriteOptions): void;
  /** Puts a deleted identity's stored record back exactly as it was (undo of a delete). */
  restore(record: StoredIdentity, options?: WriteOptions): Identity;
  /**
   * Applies an audit entry's inverse to the whole stored record (undo of an update). With
   * `keepTimestamps` the record's own timestamps come back too (nothing changed it since).
   */
  applyInverse(id: string, inverse: readonly JsonPatchOperation[], keepTimestamps: boolean, options?: WriteOptions): Identity;
  /**
   * Operations on many identities write inside the caller's batch transaction, with no event per identity (the job
   * announces its end): the admin document an edit produced (shared/operations/edit-applier) over `before`,
   * validated and derived exactly as a JSON Patch of it would be. `changed` false: the edit changed nothing.
   */
  writeEdited(before: StoredIdentity, doc: unknown, opts: WriteOptions): { identity: StoredIdentity; changed: boolean };
  /**
   * writeEdited's dry run: the same validation, derivation and refusals (ChangeWriter.check), nothing written.
   * `isFree` excuses a value the operation has already taken away from its store owner.
   */
  checkEdited(before: StoredIdentity, doc: unknown, opts: WriteOptions, isFree?: (e: IndexEntry) => boolean): { identity: StoredIdentity } & CheckResult;
  /** A delete inside the caller's batch transaction (no event). */
  removeStored(before: StoredIdentity, opts: WriteOptions): void;
  /**
   * Counters written once for all the writes of `work` (ChangeWriter.batch), inside the caller's transaction. The
   * batch reads the profile and each schema once and stamps every write with the same time: nothing else can change
   * a schema or a setting inside the caller's transaction.
   *
   * `savepoints: false`: the single-identity writes inside (update, delete, revert…) run without a savepoint each,
   * so a failure leaves its partial writes in the caller's transaction, which must then be rolled back (an undo runs
   * a batch so, and again with savepoints when one of its identities fails: FTS5 flushes at every savepoint).
   */
  batch<T>(work: () => T, options?: { savepoints?: boolean }): T;
  /** The stored records of an operation's targets (credentials config included), by id (IdentityWriter.findMany). */
  findStoredMany(targets: readonly StoreKey[]): Map<string, StoredIdentity>;
  whoamiView(id: string): WhoamiIdentity;
  /** The stored record, credentials config included: for the audit and transfer services only. */
  findStored(id: string): StoredIdentity | null;
  profile(): ValidationProfile;
}

export const createIdentityService = (deps: IdentityServiceDeps): IdentityService => {
  const { db, events } = deps;
  const writer: ChangeWriter = createChangeWriter(db);
  const profile = () => readProfile(db);
  let pinned: DraftContext | null = null;
  const context = (): DraftContext => pinned ?? { validators: deps.validators, profile: profile(), now: new Date().toISOString() };
  const change = (ctx: DraftContext, opts: WriteOptions = {}): ChangeContext => ({
    origin: opts.origin ?? 'local',
    operationId: opts.operationId ?? randomUUID(),
    actor: deps.actor(),
    at: ctx.now,
    profile: ctx.profile,
    reverts: opts.reverts ?? null,
  });

  const load = (id: string): StoredIdentity => {
    const found = writer.findById(id);
    if (!found) throw new AppError('NOT_FOUND', `No identity with id ${id.slice(0, 100)}.`, { identityId: id.slice(0, 100) });
    return found;
  };

  /** False inside a batch run without savepoints (see `batch`): a change then writes straight into the batch. */
  let savepoints = true;
  /** One transaction per change; the event goes out only after the commit, and only when something changed. */
  const commit = <T>(ids: string[], work: () => { value: T; changed: boolean }): T => {
    const { value, changed } = savepoints || !db.inTransaction ? db.transaction(work).immediate() : work();
    if (changed) events.emit('identities.changed', { ids });
    return value;
  };

  const write = (id: string, build: (ctx: DraftContext, before: StoredIdentity) => StoredIdentity, opts?: WriteOptions): Identity =>
    commit([id], () => {
      const ctx = context();
      const before = load(id);
      const { identity, changeId } = writer.update(before, build(ctx, before), change(ctx, opts));
      return { value: toIdentity(identity), changed: changeId !== null };
    });

  const insert = (ctx: DraftContext, draft: StoredIdentity, idGiven: boolean, opts?: WriteOptions): Identity =>
    commit([draft.id], () => ({ value: toIdentity(writer.create(draft, change(ctx, opts), { idGiven }).identity), changed: true }));

  return {
    profile,
    findStored: (id) => writer.findById(id),
    get: (id) => toIdentity(load(id)),
    whoamiView: (id) => toWhoami(load(id)),
    create: (input, opts) => {
      const ctx = context();
      return insert(ctx, createDraft(ctx, input), input.id !== undefined, opts);
    },
    restore: (record, opts) => {
      const ctx = context();
      // Kept byte for byte: the record passed validation when it was stored, and schemas in use are immutable.
      if (deps.validators.body(record.schema_id) === undefined) {
        throw new AppError('CONFLICT', `Identity ${record.id} used schema "${record.schema_id}", which no longer exists; add that schema again to restore it.`, {
          pointer: '#/schema_id',
          value: record.schema_id,
        });
      }
      return insert(ctx, { ...record, seq: null }, true, opts);
    },
    update: (id, input, opts) => write(id, (ctx, before) => updateDraft(ctx, before, input), opts),
    setState: (id, state) => write(id, (ctx, before) => updateDraft(ctx, before, { state })),
    patch: (id, operations, opts) => {
      if (operations.length === 0) throw new AppError('VALIDATION_FAILED', 'The patch is empty.');
      assertPatchAllowed(operations, profile() === 'ory-network');
      return write(id, (ctx, before) => fromPatchedDocument(ctx, before, applyJsonPatch(patchableDocument(before), operations)), opts);
    },
    applyInverse: (id, inverse, keepTimestamps, opts) =>
      write(id, (ctx, before) => revertedDraft(ctx, before, applyInverseTo(recordDocument(before), inverse), keepTimestamps), opts),
    writeEdited: (before, doc, opts) => {
      const ctx = context();
      const { identity, changeId } = writer.update(before, fromPatchedDocument(ctx, before, doc), change(ctx, opts));
      return { identity, changed: changeId !== null };
    },
    checkEdited: (before, doc, opts, isFree) => {
      const ctx = context();
      const after = fromPatchedDocument(ctx, before, doc);
      return { identity: after, ...writer.check(before, after, change(ctx, opts), isFree) };
    },
    removeStored: (before, opts) => {
      writer.remove(before, change(context(), opts));
    },
    batch: (work, options = {}) => {
      if (pinned !== null) return writer.batch(work);
      pinned = { validators: pinnedValidators(deps.validators), profile: profile(), now: new Date().toISOString() };
      savepoints = options.savepoints ?? true;
      try {
        return writer.batch(work);
      } finally {
        pinned = null;
        savepoints = true;
      }
    },
    findStoredMany: (targets) => writer.findMany(targets),
    delete: (id, opts) =>
      commit([id], () => {
        const ctx = context();
        writer.remove(load(id), change(ctx, opts));
        return { value: undefined, changed: true };
      }),
  };
};

/** A path the inverse cannot apply to means the record moved on in a way the overlap check did not see. */
const applyInverseTo = (doc: unknown, inverse: readonly JsonPatchOperation[]): unknown => {
  try {
    return applyJsonPatch(doc, inverse);
  } catch (err) {
    if (err instanceof AppError) throw new AppError('CONFLICT', `The change cannot be reverted: ${err.message}`, err.details);
    throw err;
  }
};
