import { randomUUID } from 'node:crypto';
import type { ValidationProfile } from '../../../shared/domain/app';
import type { CreateIdentityInput, Identity, IdentityState, JsonPatchOperation, UpdateIdentityInput, WhoamiIdentity } from '../../../shared/domain/identity';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';
import type { AuditWriter } from '../audit/audit-writer';
import { createAuditWriter } from '../audit/audit-writer';
import type { EventBus } from '../events/event-bus';
import type { DraftContext } from './identity-drafts';
import { createDraft, fromPatchedDocument, patchableDocument, updateDraft } from './identity-drafts';
import type { IdentityWriter } from './identity-writer';
import { createIdentityWriter } from './identity-writer';
import { applyJsonPatch, assertPatchAllowed } from './json-patch';
import type { SchemaValidators } from './schema-validators';
import type { StoredIdentity } from './stored-identity';
import { auditDocument, readProfile, toIdentity, toWhoami } from './stored-identity';

export interface IdentityServiceDeps {
  db: Db;
  events: EventBus;
  validators: SchemaValidators;
  /** Who the audit log names (settings `actor`, else the OS user). */
  actor: () => string;
}

/** Options for writes that belong to a larger operation (revert, bulk edit). */
export interface WriteOptions {
  operationId?: string;
  action?: 'revert';
  reverts?: number;
}

export interface IdentityService {
  create(input: CreateIdentityInput, options?: WriteOptions): Identity;
  get(id: string): Identity;
  update(id: string, input: UpdateIdentityInput, options?: WriteOptions): Identity;
  patch(id: string, operations: readonly JsonPatchOperation[], options?: WriteOptions): Identity;
  setState(id: string, state: IdentityState): Identity;
  delete(id: string, options?: WriteOptions): void;
  whoamiView(id: string): WhoamiIdentity;
  /** The stored record, credentials config included: for the audit and transfer services only. */
  findStored(id: string): StoredIdentity | null;
  profile(): ValidationProfile;
}

export const createIdentityService = (deps: IdentityServiceDeps): IdentityService => {
  const { db, events } = deps;
  const writer: IdentityWriter = createIdentityWriter(db);
  const audit: AuditWriter = createAuditWriter(db);
  const profile = () => readProfile(db);
  const context = (): DraftContext => ({ validators: deps.validators, profile: profile(), now: new Date().toISOString() });

  const load = (id: string): StoredIdentity => {
    const found = writer.findById(id);
    if (!found) throw new AppError('NOT_FOUND', `No identity with id ${id.slice(0, 100)}.`, { identityId: id.slice(0, 100) });
    return found;
  };

  /** One transaction per change; the event goes out only after the commit. */
  const commit = <T>(ids: string[], work: () => T): T => {
    const result = db.transaction(work).immediate();
    events.emit('identities.changed', { ids });
    return result;
  };

  const record = (ctx: DraftContext, before: StoredIdentity | null, after: StoredIdentity | null, opts: WriteOptions = {}) =>
    audit.record({
      operationId: opts.operationId ?? randomUUID(),
      actor: deps.actor(),
      at: ctx.now,
      identityId: (after ?? before)?.id ?? '',
      action: opts.action ?? (before === null ? 'create' : after === null ? 'delete' : 'update'),
      before: before && auditDocument(before),
      after: after && auditDocument(after),
      reverts: opts.reverts ?? null,
    });

  const write = (id: string, build: (ctx: DraftContext, before: StoredIdentity) => StoredIdentity, opts?: WriteOptions): Identity =>
    commit([id], () => {
      const ctx = context();
      const before = load(id);
      const after = build(ctx, before);
      writer.update(after, ctx.profile);
      record(ctx, before, after, opts);
      return toIdentity(after);
    });

  return {
    profile,
    findStored: (id) => writer.findById(id),
    get: (id) => toIdentity(load(id)),
    whoamiView: (id) => toWhoami(load(id)),
    create: (input, opts) => {
      const ctx = context();
      const draft = createDraft(ctx, input);
      return commit([draft.id], () => {
        const seq = writer.insert(draft, ctx.profile, input.id !== undefined);
        record(ctx, null, draft, opts);
        return toIdentity({ ...draft, seq });
      });
    },
    update: (id, input, opts) => write(id, (ctx, before) => updateDraft(ctx, before, input), opts),
    setState: (id, state) => write(id, (ctx, before) => updateDraft(ctx, before, { state })),
    patch: (id, operations, opts) => {
      if (operations.length === 0) throw new AppError('VALIDATION_FAILED', 'The patch is empty.');
      assertPatchAllowed(operations, profile() === 'ory-network');
      return write(id, (ctx, before) => fromPatchedDocument(ctx, before, applyJsonPatch(patchableDocument(before), operations)), opts);
    },
    delete: (id, opts) =>
      commit([id], () => {
        const ctx = context();
        const before = load(id);
        writer.remove(before);
        record(ctx, before, null, opts);
      }),
  };
};
