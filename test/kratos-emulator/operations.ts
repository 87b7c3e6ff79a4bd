import type { Clock } from './clock';
import { hasPlaintextPassword, importCredentials, passwordVersion } from './credentials';
import type { AddressImport, BatchItem, CreateBody, UpdateBody } from './decode';
import { badRequestReason, createConflict, KratosError, notFound, updateConflict, type HerodotError } from './errors';
import { applyPatch, type PatchOperation } from './json-patch';
import {
  isObject,
  renderIdentity,
  UUID_RE,
  type CredentialView,
  type EmulatorKind,
  type JsonObject,
  type RecoveryAddress,
  type StoredCredential,
  type StoredIdentity,
  type VerifiableAddress,
} from './model';
import type { Rng } from './rng';
import type { SchemaRegistry } from './schema-registry';
import type { IdentityStore } from './store';
import { deriveData, type TraitsValidator } from './traits';

/** The write semantics of reference §4.4–4.5, shared by the HTTP handlers and the test-side helpers. */
export interface OperationsContext {
  kind: EmulatorKind;
  clock: Clock;
  rng: Rng;
  store: IdentityStore;
  schemas: SchemaRegistry;
  validator: TraitsValidator;
}

export type BatchResult =
  { action: 'create'; identity: string; patch_id?: string } | { action: 'error'; patch_id?: string; error: HerodotError };

const STATES = ['active', 'inactive'] as const;
const isState = (value: unknown): value is StoredIdentity['state'] => STATES.includes(value as StoredIdentity['state']);

const checkOrganization = (value: unknown): string | null => {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' || !UUID_RE.test(value))
    throw badRequestReason(`Invalid UUID value \`${String(value)}\` for organization_id.`);
  return value.toLowerCase();
};

/** Addresses still derived keep their stored record; others go; new ones start pending (§2.3). */
const mergeVerifiable = (
  rng: Rng,
  derived: readonly { via: string; value: string }[],
  stored: readonly VerifiableAddress[],
  now: string,
): VerifiableAddress[] =>
  derived.map(({ via, value }) => {
    const kept = stored.find((a) => a.via === via && a.value === value);
    if (kept !== undefined) return kept;
    return { id: rng.uuid(), value, verified: false, via, status: 'pending', created_at: now, updated_at: now };
  });

const mergeRecovery = (
  rng: Rng,
  derived: readonly { via: string; value: string }[],
  stored: readonly RecoveryAddress[],
  now: string,
): RecoveryAddress[] =>
  derived.map(
    ({ via, value }) =>
      stored.find((a) => a.via === via && a.value === value) ?? { id: rng.uuid(), value, via, created_at: now, updated_at: now },
  );

/** The persister's defaults for verifiable addresses (`normalizeVerifiableAddresses`). */
const normalizeVerifiable = (address: VerifiableAddress, now: string): VerifiableAddress => {
  const out = { ...address };
  if (out.via === '') out.via = 'email';
  if (out.status === '') out.status = out.verified ? 'completed' : 'pending';
  if (out.verified && out.verified_at === undefined) out.verified_at = now;
  if (!out.verified) delete out.verified_at;
  return out;
};

const importedVerifiable = (rng: Rng, input: readonly AddressImport[] | undefined, now: string): VerifiableAddress[] =>
  (input ?? []).map((a) => {
    const out: VerifiableAddress = {
      id: rng.uuid(),
      value: a.value.trim().toLowerCase(),
      verified: a.verified ?? false,
      via: a.via ?? 'email',
      status: a.status ?? '',
      created_at: now,
      updated_at: now,
    };
    if (typeof a.verified_at === 'string') out.verified_at = a.verified_at;
    return out;
  });

const importedRecovery = (rng: Rng, input: readonly AddressImport[] | undefined, now: string): RecoveryAddress[] =>
  (input ?? []).map((a) => ({
    id: rng.uuid(),
    value: a.value.trim().toLowerCase(),
    via: a.via ?? 'email',
    created_at: now,
    updated_at: now,
  }));

export const createOperations = (ctx: OperationsContext) => {
  const { kind, clock, rng, store, schemas, validator } = ctx;

  /** Validates traits and recomputes every derived field, as every Kratos write does. */
  const finalize = (draft: StoredIdentity, now: string): StoredIdentity => {
    const schema = schemas.get(draft.schema_id);
    if (schema === undefined) throw badRequestReason(`Unable to find JSON Schema ID: ${draft.schema_id}`);
    validator.validate(schema, draft.traits);
    const derived = deriveData(kind, schema, draft.traits);
    const credentials: Record<string, StoredCredential> = { ...draft.credentials };
    for (const [type, identifiers] of derived.identifiers) {
      const previous = credentials[type];
      credentials[type] = {
        type,
        identifiers,
        config: type === 'code' ? { addresses: derived.codeAddresses } : (previous?.config ?? {}),
        version: previous?.version ?? (type === 'password' ? passwordVersion(kind) : 1),
        created_at: previous?.created_at ?? now,
        updated_at:
          previous === undefined || JSON.stringify(previous.identifiers) !== JSON.stringify(identifiers) ? now : previous.updated_at,
      };
    }
    return {
      ...draft,
      credentials,
      verifiable_addresses: mergeVerifiable(rng, derived.verifiable, draft.verifiable_addresses, now).map((a) =>
        normalizeVerifiable(a, now),
      ),
      recovery_addresses: mergeRecovery(rng, derived.recovery, draft.recovery_addresses, now),
    };
  };

  const existing = (id: string): StoredIdentity => {
    const identity = store.get(id);
    if (identity === undefined) throw notFound();
    return identity;
  };

  const create = (body: CreateBody): StoredIdentity => {
    const now = clock.now();
    if (body.state !== undefined && body.state !== '' && !isState(body.state)) throw badRequestReason('identity state is not valid');
    const id = rng.uuid();
    const draft: StoredIdentity = {
      id,
      schema_id: body.schema_id !== undefined && body.schema_id !== '' ? body.schema_id : schemas.defaultId,
      state: isState(body.state) ? body.state : 'active',
      state_changed_at: now,
      traits: body.traits === undefined ? {} : body.traits,
      credentials: importCredentials(kind, {}, body.credentials, now, id),
      verifiable_addresses: importedVerifiable(rng, body.verifiable_addresses, now),
      recovery_addresses: importedRecovery(rng, body.recovery_addresses, now),
      metadata_public: body.metadata_public ?? null,
      metadata_admin: body.metadata_admin ?? null,
      created_at: now,
      updated_at: now,
      organization_id: checkOrganization(body.organization_id),
      extra: body.region !== undefined && body.region !== '' ? { region: body.region } : {},
    };
    if (body.external_id !== undefined && body.external_id !== '') draft.external_id = body.external_id;
    const identity = finalize(draft, now);
    store.assertUnique(identity, createConflict);
    store.put(identity);
    return identity;
  };

  const update = (id: string, body: UpdateBody): StoredIdentity => {
    const current = existing(id);
    const now = clock.now();
    if (body.state !== undefined && body.state !== '' && !isState(body.state)) throw badRequestReason('identity state is not valid');
    const draft: StoredIdentity = structuredClone(current);
    if (body.schema_id !== undefined && body.schema_id !== '') draft.schema_id = body.schema_id;
    if (isState(body.state) && body.state !== current.state) {
      draft.state = body.state;
      draft.state_changed_at = now;
    }
    draft.traits = body.traits === undefined ? {} : body.traits;
    draft.metadata_public = body.metadata_public ?? null;
    draft.metadata_admin = body.metadata_admin ?? null;
    if (body.external_id !== undefined && body.external_id !== '') draft.external_id = body.external_id;
    else delete draft.external_id;
    if (body.region !== undefined) draft.extra.region = body.region;
    draft.credentials = importCredentials(kind, current.credentials, body.credentials, now, `${id}:${now}`);
    draft.updated_at = now;
    const identity = finalize(draft, now);
    store.assertUnique(identity, updateConflict);
    store.put(identity);
    return identity;
  };

  /** Reads an admin JSON document (after a patch or a test-side edit) back into a stored identity. */
  const fromAdminJson = (doc: JsonObject, current: StoredIdentity, now: string): StoredIdentity => {
    const {
      id: _id,
      schema_url: _url,
      created_at: _created,
      updated_at: _updated,
      state_changed_at: stateChangedAt,
      schema_id: schemaId,
      state,
      traits,
      credentials,
      verifiable_addresses: verifiable,
      recovery_addresses: recovery,
      metadata_public: metadataPublic,
      metadata_admin: metadataAdmin,
      organization_id: organizationId,
      external_id: externalId,
      ...extra
    } = doc;
    if (typeof schemaId !== 'string') throw badRequestReason('schema_id must be a string');
    if (!isState(state)) {
      throw badRequestReason(`The supplied state ('${String(state)}') was not valid. Valid states are ('active', 'inactive').`);
    }
    const draft: StoredIdentity = {
      id: current.id,
      schema_id: schemaId,
      state,
      traits: traits === undefined ? {} : traits,
      credentials: {},
      verifiable_addresses: [],
      recovery_addresses: [],
      metadata_public: metadataPublic ?? null,
      metadata_admin: metadataAdmin ?? null,
      created_at: current.created_at,
      updated_at: now,
      organization_id: checkOrganization(organizationId),
      extra,
    };
    const changedAt = typeof stateChangedAt === 'string' ? stateChangedAt : current.state_changed_at;
    if (state !== current.state) draft.state_changed_at = now;
    else if (changedAt !== undefined) draft.state_changed_at = changedAt;
    if (typeof externalId === 'string' && externalId !== '') draft.external_id = externalId;
    if (isObject(credentials)) {
      for (const [type, value] of Object.entries(credentials)) {
        if (!isObject(value)) continue;
        const previous = current.credentials[type];
        draft.credentials[type] = {
          type,
          identifiers: Array.isArray(value.identifiers) ? value.identifiers.map(String) : (previous?.identifiers ?? null),
          config: isObject(value.config) ? value.config : (previous?.config ?? {}),
          version: typeof value.version === 'number' ? value.version : (previous?.version ?? 0),
          created_at: previous?.created_at ?? now,
          updated_at: JSON.stringify(value.config) !== JSON.stringify(previous?.config) ? now : (previous?.updated_at ?? now),
        };
      }
    }
    if (Array.isArray(verifiable)) {
      draft.verifiable_addresses = verifiable.filter(isObject).map((a) => {
        const before = current.verifiable_addresses.find((b) => b.id === a.id);
        const out: VerifiableAddress = {
          id: typeof a.id === 'string' ? a.id : rng.uuid(),
          value: String(a.value ?? ''),
          verified: a.verified === true,
          via: String(a.via ?? 'email'),
          status: String(a.status ?? ''),
          created_at: before?.created_at ?? now,
          updated_at: JSON.stringify(before) === JSON.stringify(a) ? (before?.updated_at ?? now) : now,
        };
        if (typeof a.verified_at === 'string') out.verified_at = a.verified_at;
        // `verified: true` sets verified_at to now; false clears it (reference §4.4).
        if (out.verified && before?.verified !== true && a.verified_at === before?.verified_at) out.verified_at = now;
        return out;
      });
    }
    if (Array.isArray(recovery)) {
      draft.recovery_addresses = recovery.filter(isObject).map((a) => ({
        id: typeof a.id === 'string' ? a.id : rng.uuid(),
        value: String(a.value ?? ''),
        via: String(a.via ?? 'email'),
        created_at: typeof a.created_at === 'string' ? a.created_at : now,
        updated_at: typeof a.updated_at === 'string' ? a.updated_at : now,
      }));
    }
    return draft;
  };

  /** The admin JSON a patch applies to: everything, credential configs included (reference §4.4). */
  const adminJson = (identity: StoredIdentity): JsonObject =>
    structuredClone(renderIdentity(identity, schemas.urlOf(identity.schema_id), { kind: 'config', types: 'all' }));

  const replaceFromDocument = (id: string, edit: (doc: JsonObject) => JsonObject): StoredIdentity => {
    const current = existing(id);
    const now = clock.now();
    const identity = finalize(fromAdminJson(edit(adminJson(current)), current, now), now);
    store.assertUnique(identity, updateConflict);
    store.put(identity);
    return identity;
  };

  const patch = (id: string, ops: readonly PatchOperation[]): StoredIdentity =>
    replaceFromDocument(id, (doc) => applyPatch(kind, doc, ops));

  const remove = (id: string): void => {
    if (!store.delete(existing(id).id)) throw notFound();
  };

  const batch = (items: readonly BatchItem[]): BatchResult[] => {
    if (items.length > 1000) {
      throw badRequestReason('The maximum number of identities per request that can be created or deleted at once is 1000.');
    }
    if (items.filter((item) => hasPlaintextPassword(item.create?.credentials)).length > 200) {
      throw badRequestReason('The maximum number of identities per request that can be created with a plaintext password is 200.');
    }
    return items.map((item): BatchResult => {
      const patchId = item.patch_id === undefined ? {} : { patch_id: item.patch_id };
      try {
        if (item.create === undefined) throw badRequestReason('The patch does not contain a create action.');
        return { action: 'create', identity: create(item.create).id, ...patchId };
      } catch (error) {
        if (error instanceof KratosError) return { action: 'error', ...patchId, error: error.body };
        throw error;
      }
    });
  };

  const render = (identity: StoredIdentity, view: CredentialView): JsonObject =>
    renderIdentity(identity, schemas.urlOf(identity.schema_id), view);

  return { create, update, patch, remove, batch, adminJson, render, replaceFromDocument, existing };
};

export type Operations = ReturnType<typeof createOperations>;
