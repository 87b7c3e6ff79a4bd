import { isRecord } from '../../../shared/json';
import { randomUUID } from 'node:crypto';
import type { ValidationProfile } from '../../../shared/domain/app';
import type { CreateIdentityInput, IdentityState, RecoveryAddress, UpdateIdentityInput, VerifiableAddress } from '../../../shared/domain/identity';
import { IDENTITY_STATES } from '../../../shared/domain/identity';
import { AppError } from '../../../shared/errors';
import { normalizeAddress } from '../../../shared/kratos/normalize';
import { applyDerived } from './derive';
import type { SchemaValidators } from './schema-validators';
import type { StoredCredential, StoredIdentity } from './stored-identity';
import { fromRecordDocument } from './stored-identity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DraftContext {
  validators: SchemaValidators;
  profile: ValidationProfile;
  now: string;
}

/** Validates and derives: the one path every write goes through (service, patch, import, revert). */
export const finishDraft = (ctx: DraftContext, draft: StoredIdentity): StoredIdentity => {
  const result = ctx.validators.forSchema(draft.schema_id).validate({ traits: draft.traits }, ctx.profile);
  return applyDerived(draft, result, ctx.now);
};

export const assertState = (state: unknown): IdentityState => {
  const found = IDENTITY_STATES.find((s) => s === state);
  if (found) return found;
  throw new AppError('VALIDATION_FAILED', `The supplied state ('${String(state).slice(0, 50)}') was not valid. Valid states are ('active', 'inactive').`, {
    issues: [{ pointer: '#/state', keyword: 'enum', source: 'request', message: 'state must be active or inactive' }],
  });
};

export const createDraft = (ctx: DraftContext, input: CreateIdentityInput): StoredIdentity => {
  const id = input.id ?? randomUUID();
  if (!UUID.test(id)) {
    throw new AppError('VALIDATION_FAILED', 'The identity id must be a UUID.', { issues: [{ pointer: '#/id', keyword: 'format', source: 'request', message: 'must be a UUID' }] });
  }
  const created = input.created_at ?? ctx.now;
  const draft: StoredIdentity = {
    seq: null,
    id: id.toLowerCase(),
    schema_id: input.schema_id || ctx.validators.defaultSchemaId(),
    state: assertState(input.state ?? 'active'),
    traits: input.traits ?? {},
    metadata_public: input.metadata_public ?? null,
    metadata_admin: input.metadata_admin ?? null,
    credentials: importedCredentials(input, ctx.now),
    verifiable_addresses: importedVerifiable(input, ctx),
    recovery_addresses: importedRecovery(input, ctx),
    external_id: input.external_id ?? null,
    organization_id: input.organization_id ?? null,
    created_at: created,
    updated_at: input.updated_at ?? created,
    state_changed_at: created,
    primary_identifier: '',
    revision: 1,
    // The change writer decides: a local create is queued for sync, an imported one is not.
    dirty: false,
    extra: null,
  };
  return finishDraft(ctx, draft);
};

/** Only the password hash can be imported here (reference §4.5); identifiers come from the schema. */
const importedCredentials = (input: CreateIdentityInput, now: string): Record<string, StoredCredential> => {
  const hash = input.credentials?.password?.config.hashed_password;
  if (hash === undefined) return {};
  return { password: { type: 'password', identifiers: [], version: 0, created_at: now, updated_at: now, config: { hashed_password: hash } } };
};

/** Imported addresses survive only where the schema derives the same (via, value) (reference §2.3). */
const importedVerifiable = (input: CreateIdentityInput, ctx: DraftContext): VerifiableAddress[] =>
  (input.verifiable_addresses ?? []).map((a) => {
    const verified = a.verified === true;
    return {
      id: randomUUID(),
      value: normalizeAddress(a.value, ctx.profile),
      verified,
      via: a.via ?? 'email',
      status: verified ? 'completed' : (a.status ?? 'pending'),
      ...(verified ? { verified_at: a.verified_at ?? ctx.now } : {}),
      created_at: ctx.now,
      updated_at: ctx.now,
    };
  });

const importedRecovery = (input: CreateIdentityInput, ctx: DraftContext): RecoveryAddress[] =>
  (input.recovery_addresses ?? []).map((a) => ({
    id: randomUUID(),
    value: normalizeAddress(a.value, ctx.profile),
    via: a.via ?? 'email',
    created_at: ctx.now,
    updated_at: ctx.now,
  }));

/** A partial update: omitted fields keep their value; state changes bump `state_changed_at`. */
export const updateDraft = (ctx: DraftContext, before: StoredIdentity, input: UpdateIdentityInput): StoredIdentity => {
  const state = input.state === undefined ? before.state : assertState(input.state);
  const draft: StoredIdentity = {
    ...before,
    schema_id: input.schema_id || before.schema_id,
    state,
    traits: 'traits' in input ? (input.traits ?? {}) : before.traits,
    metadata_public: 'metadata_public' in input ? (input.metadata_public ?? null) : before.metadata_public,
    metadata_admin: 'metadata_admin' in input ? (input.metadata_admin ?? null) : before.metadata_admin,
    updated_at: ctx.now,
    state_changed_at: state === before.state ? before.state_changed_at : ctx.now,
    revision: before.revision + 1,
  };
  return finishDraft(ctx, draft);
};

/**
 * An audit entry's inverse applied to the whole stored record, validated and derived again.
 * Addresses keep what the record says (ids, `verified`, `verified_at`), so an undone email change
 * gets its verified address back. `keepTimestamps` restores the record's own timestamps too: the
 * identity has not changed since, so the undo puts it back as it was.
 */
export const revertedDraft = (ctx: DraftContext, before: StoredIdentity, patched: unknown, keepTimestamps: boolean): StoredIdentity => {
  const record = fromRecordDocument(patched);
  if (record === null) throw new AppError('CONFLICT', 'The change cannot be reverted: the identity no longer has the shape the change left.');
  const draft: StoredIdentity = {
    ...record,
    seq: before.seq,
    revision: before.revision + 1,
    dirty: before.dirty,
    updated_at: keepTimestamps ? record.updated_at : ctx.now,
    state_changed_at: keepTimestamps || record.state === before.state ? record.state_changed_at : ctx.now,
  };
  return finishDraft(ctx, draft);
};

/** The admin JSON a patch applies to, including credentials with their config (reference §4.4). */
export const patchableDocument = (s: StoredIdentity): Record<string, unknown> => ({
  id: s.id,
  schema_id: s.schema_id,
  state: s.state,
  traits: s.traits,
  metadata_public: s.metadata_public,
  metadata_admin: s.metadata_admin,
  credentials: s.credentials,
  verifiable_addresses: s.verifiable_addresses,
  recovery_addresses: s.recovery_addresses,
  external_id: s.external_id,
  organization_id: s.organization_id,
});


/** Reads the patched document back; derived data is recomputed, verified flags are kept. */
export const fromPatchedDocument = (ctx: DraftContext, before: StoredIdentity, doc: unknown): StoredIdentity => {
  if (!isRecord(doc)) throw new AppError('VALIDATION_FAILED', 'The patch must leave an identity object.');
  const input: UpdateIdentityInput = {
    traits: doc['traits'],
    metadata_public: doc['metadata_public'],
    metadata_admin: doc['metadata_admin'],
    state: assertState(doc['state']),
  };
  if (typeof doc['schema_id'] === 'string') input.schema_id = doc['schema_id'];
  const patched: StoredIdentity = {
    ...before,
    credentials: isRecord(doc['credentials']) ? (doc['credentials'] as Record<string, StoredCredential>) : before.credentials,
    verifiable_addresses: patchedVerifiable(doc['verifiable_addresses'], before.verifiable_addresses, ctx.now),
    external_id: typeof doc['external_id'] === 'string' && doc['external_id'] !== '' ? doc['external_id'] : null,
    organization_id: typeof doc['organization_id'] === 'string' ? doc['organization_id'] : null,
  };
  return updateDraft(ctx, patched, input);
};

/** `verified: true` without `verified_at` gets now; `verified: false` clears it (reference §4.4). */
const patchedVerifiable = (value: unknown, previous: VerifiableAddress[], now: string): VerifiableAddress[] => {
  if (!Array.isArray(value)) return previous;
  return value.filter(isRecord).map((a) => {
    const address = a as unknown as VerifiableAddress;
    if (address.verified !== true) {
      const { verified_at: _dropped, ...rest } = address;
      return { ...rest, verified: false };
    }
    return { ...address, verified_at: address.verified_at ?? now };
  });
};
