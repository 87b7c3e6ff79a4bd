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

/**
 * Validates and derives: the one path every write goes through (service, patch, import, revert). `stored` is the
 * identity as the store holds it, for an edit of it: when the draft keeps its traits, credentials and addresses (the
 * same objects) under the same schema, and the store vouches that those traits passed under this stamp, the verdict
 * and the derivation are the stored ones, and validating again would only repeat them. A metadata or state edit of
 * a million identities then costs no million validations.
 */
export const finishDraft = (ctx: DraftContext, draft: StoredIdentity, stored?: StoredIdentity): StoredIdentity => {
  const compiled = ctx.validators.forSchema(draft.schema_id);
  const stamp = compiled.stamp(ctx.profile);
  if (stored !== undefined && keepsVerdict(stored, draft, stamp)) return draft.vouch === stored.vouch ? draft : { ...draft, vouch: stored.vouch };
  const derived = applyDerived(draft, compiled.validate({ traits: draft.traits }, ctx.profile), ctx.now);
  return { ...derived, vouch: { stamp, traits: derived.traits } };
};

const keepsVerdict = (stored: StoredIdentity, draft: StoredIdentity, stamp: string): boolean =>
  stored.vouch !== undefined &&
  stored.vouch.stamp === stamp &&
  stored.vouch.traits === stored.traits &&
  draft.traits === stored.traits &&
  draft.schema_id === stored.schema_id &&
  draft.credentials === stored.credentials &&
  draft.verifiable_addresses === stored.verifiable_addresses &&
  draft.recovery_addresses === stored.recovery_addresses;

export const assertState = (state: unknown): IdentityState => {
  const found = IDENTITY_STATES.find((s) => s === state);
  if (found) return found;
  throw new AppError('VALIDATION_FAILED', `The supplied state ('${String(state).slice(0, 50)}') was not valid. Valid states are ('active', 'inactive').`, {
    issues: [{ pointer: '#/state', keyword: 'enum', source: 'request', message: 'state must be active or inactive' }],
  });
};

/**
 * What an import keeps of a record beyond the create body, so that an export imported again is the same
 * record (issue 16 §2): address ids and timestamps, whole credentials (type, identifiers, version,
 * timestamps and, when exported with credentials, config with the hash), and `state_changed_at`.
 * Arrays line up with the create body's address lists.
 */
export interface ImportKept {
  state_changed_at?: string;
  credentials?: Record<string, StoredCredential>;
  verifiable?: ({ id?: string; created_at?: string; updated_at?: string } | undefined)[];
  recovery?: ({ id?: string; created_at?: string; updated_at?: string } | undefined)[];
}

export const createDraft = (ctx: DraftContext, input: CreateIdentityInput): StoredIdentity => finishDraft(ctx, unvalidatedDraft(ctx, input));

/** An imported record: the create body, with what the file says of ids and timestamps kept. */
export const importDraft = (ctx: DraftContext, input: CreateIdentityInput, kept: ImportKept): StoredIdentity => {
  const draft = unvalidatedDraft(ctx, input);
  const withKept = <T extends { id: string; created_at: string; updated_at: string }>(list: T[], keep: ImportKept['verifiable']): T[] =>
    list.map((a, i) => {
      const k = keep?.[i];
      return k === undefined ? a : { ...a, ...(k.id ? { id: k.id } : {}), ...(k.created_at ? { created_at: k.created_at } : {}), ...(k.updated_at ? { updated_at: k.updated_at } : {}) };
    });
  const credentials = kept.credentials === undefined ? draft.credentials : { ...kept.credentials };
  // A hash in the create body (Kratos's import shape) wins over a credential listed without config.
  const hashed = draft.credentials['password'];
  if (hashed !== undefined) credentials['password'] = { ...hashed, ...credentials['password'], config: { ...credentials['password']?.config, ...hashed.config } };
  return finishDraft(ctx, {
    ...draft,
    credentials,
    verifiable_addresses: withKept(draft.verifiable_addresses, kept.verifiable),
    recovery_addresses: withKept(draft.recovery_addresses, kept.recovery),
    state_changed_at: kept.state_changed_at ?? draft.state_changed_at,
  });
};

/**
 * An import that overwrites a stored identity: the file's record, but what the file does not say is kept from the
 * stored one, so a file without hashes never wipes a password and re-importing the same data writes nothing.
 * Addresses with the same (via, value) keep their id and creation time (and their whole record when the file lists
 * no addresses); credentials keep their config when the file has none, and their timestamps when nothing changed.
 */
export const overwriteDraft = (ctx: DraftContext, before: StoredIdentity, imported: StoredIdentity, input: CreateIdentityInput, kept: ImportKept): StoredIdentity => {
  const sameAddress = (a: { via: string; value: string }, b: { via: string; value: string }) => a.via === b.via && a.value === b.value;
  const mergeList = <T extends { id: string; via: string; value: string; created_at: string; updated_at: string }>(list: T[], stored: T[], listed: boolean): T[] =>
    list.map((a) => {
      const old = stored.find((b) => sameAddress(a, b));
      if (old === undefined) return a;
      if (!listed) return old;
      const merged = { ...a, id: old.id, created_at: old.created_at, updated_at: old.updated_at };
      return JSON.stringify(merged) === JSON.stringify(old) ? old : { ...merged, updated_at: a.updated_at };
    });
  const credentials: Record<string, StoredCredential> = {};
  for (const [type, c] of Object.entries(imported.credentials)) {
    const old = before.credentials[type];
    if (old === undefined) {
      credentials[type] = c;
      continue;
    }
    const config = c.config ?? old.config;
    const same = sameList(old.identifiers, c.identifiers) && JSON.stringify(config) === JSON.stringify(old.config);
    credentials[type] = { ...c, created_at: kept.credentials?.[type] ? c.created_at : old.created_at, updated_at: same ? old.updated_at : c.updated_at, ...(config === undefined ? {} : { config }) };
  }
  // Stored credentials the file does not list keep their config (a hash is never thrown away by an import).
  for (const [type, c] of Object.entries(before.credentials)) if (!(type in credentials) && c.config !== undefined) credentials[type] = c;
  const state_changed_at = kept.state_changed_at ?? (imported.state === before.state ? before.state_changed_at : ctx.now);
  return finishDraft(ctx, {
    ...imported,
    seq: before.seq,
    revision: before.revision + 1,
    dirty: before.dirty,
    extra: before.extra,
    created_at: input.created_at ?? before.created_at,
    updated_at: input.updated_at ?? ctx.now,
    state_changed_at,
    credentials,
    verifiable_addresses: mergeList(imported.verifiable_addresses, before.verifiable_addresses, input.verifiable_addresses !== undefined),
    recovery_addresses: mergeList(imported.recovery_addresses, before.recovery_addresses, input.recovery_addresses !== undefined),
  });
};

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

const unvalidatedDraft = (ctx: DraftContext, input: CreateIdentityInput): StoredIdentity => {
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
  return draft;
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
export const updateDraft = (ctx: DraftContext, before: StoredIdentity, input: UpdateIdentityInput, stored: StoredIdentity = before): StoredIdentity => {
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
  return finishDraft(ctx, draft, stored);
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
  // The inverse is applied copy on write to the stored record: an undone metadata or state edit keeps its verdict.
  return finishDraft(ctx, draft, before);
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
  return updateDraft(ctx, patched, input, before);
};

/** `verified: true` without `verified_at` gets now; `verified: false` clears it (reference §4.4). */
const patchedVerifiable = (value: unknown, previous: VerifiableAddress[], now: string): VerifiableAddress[] => {
  // The patch left the list alone (copy on write shares it): the stored list is normalized already.
  if (!Array.isArray(value) || value === previous) return previous;
  return value.filter(isRecord).map((a) => {
    const address = a as unknown as VerifiableAddress;
    if (address.verified !== true) {
      const { verified_at: _dropped, ...rest } = address;
      return { ...rest, verified: false };
    }
    return { ...address, verified_at: address.verified_at ?? now };
  });
};
