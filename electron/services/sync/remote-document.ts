import type { IdentityState, RecoveryAddress, VerifiableAddress } from '../../../shared/domain/identity';
import { primaryIdentifier } from '../../../shared/domain/identity';
import { isRecord } from '../../../shared/json';
import type { JsonObject } from '../../../shared/sync/identity-view';
import { HASH_POINTER, valueAt } from '../../../shared/sync/identity-view';
import type { StoredCredential, StoredIdentity } from '../identities/stored-identity';

/**
 * The admin JSON of Kratos (reference §1) and our stored record, both ways, losing nothing: timestamps
 * stay the server's strings, unknown top-level fields go to `extra` and back, credential configs a list
 * does not show (OIDC tokens) are kept from the local record.
 */
const KNOWN = new Set([
  'id',
  'schema_id',
  'schema_url',
  'state',
  'state_changed_at',
  'traits',
  'verifiable_addresses',
  'recovery_addresses',
  'metadata_public',
  'metadata_admin',
  'credentials',
  'created_at',
  'updated_at',
  'organization_id',
  'external_id',
]);

export const toAdminDocument = (s: StoredIdentity): JsonObject => {
  const doc: JsonObject = { id: s.id };
  if (Object.keys(s.credentials).length > 0) doc['credentials'] = s.credentials;
  doc['schema_id'] = s.schema_id;
  doc['state'] = s.state;
  if (s.state_changed_at !== null) doc['state_changed_at'] = s.state_changed_at;
  doc['traits'] = s.traits;
  if (s.verifiable_addresses.length > 0) doc['verifiable_addresses'] = s.verifiable_addresses;
  if (s.recovery_addresses.length > 0) doc['recovery_addresses'] = s.recovery_addresses;
  doc['metadata_public'] = s.metadata_public;
  doc['metadata_admin'] = s.metadata_admin;
  doc['created_at'] = s.created_at;
  doc['updated_at'] = s.updated_at;
  doc['organization_id'] = s.organization_id;
  if (s.external_id !== null) doc['external_id'] = s.external_id;
  for (const [key, value] of Object.entries(s.extra ?? {})) if (!KNOWN.has(key)) doc[key] = value;
  return doc;
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

const credentialsOf = (doc: JsonObject, previous: StoredIdentity | null): Record<string, StoredCredential> => {
  const out: Record<string, StoredCredential> = {};
  const remote = isRecord(doc['credentials']) ? doc['credentials'] : {};
  for (const [type, value] of Object.entries(remote)) {
    if (!isRecord(value)) continue;
    const credential = { ...value } as unknown as StoredCredential;
    const kept = previous?.credentials[type]?.config;
    // A list shows only the configs it was asked for (password); a config it did not show is not deleted by it.
    if (!isRecord(value['config']) && kept !== undefined) credential.config = kept;
    out[type] = credential;
  }
  return out;
};

/** The stored record of a remote identity (a pull writes it as it is: the remote validated it). */
export const fromAdminDocument = (doc: JsonObject, previous: StoredIdentity | null): StoredIdentity => {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!KNOWN.has(key)) extra[key] = value;
  const s: StoredIdentity = {
    seq: previous?.seq ?? null,
    id: String(doc['id']),
    schema_id: String(doc['schema_id'] ?? ''),
    state: (doc['state'] === 'inactive' ? 'inactive' : 'active') as IdentityState,
    traits: doc['traits'] ?? {},
    metadata_public: doc['metadata_public'] ?? null,
    metadata_admin: doc['metadata_admin'] ?? null,
    credentials: credentialsOf(doc, previous),
    verifiable_addresses: Array.isArray(doc['verifiable_addresses']) ? (doc['verifiable_addresses'] as VerifiableAddress[]) : [],
    recovery_addresses: Array.isArray(doc['recovery_addresses']) ? (doc['recovery_addresses'] as RecoveryAddress[]) : [],
    external_id: str(doc['external_id']),
    organization_id: str(doc['organization_id']),
    created_at: String(doc['created_at'] ?? ''),
    updated_at: String(doc['updated_at'] ?? ''),
    state_changed_at: str(doc['state_changed_at']),
    primary_identifier: '',
    revision: (previous?.revision ?? 0) + 1,
    dirty: previous?.dirty ?? false,
    extra: Object.keys(extra).length === 0 ? null : extra,
  };
  return { ...s, primary_identifier: primaryIdentifier(s) };
};

/** The local record with the editable fields of `view` (the caller validates and derives it again). */
export const withView = (s: StoredIdentity, view: JsonObject): StoredIdentity => {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(view)) if (!KNOWN.has(key)) extra[key] = value;
  const credentials = { ...s.credentials };
  const hash = valueAt(view, HASH_POINTER);
  const password = credentials['password'];
  if (typeof hash === 'string' && password !== undefined) credentials['password'] = { ...password, config: { ...password.config, hashed_password: hash } };
  const verified = isRecord(view['verifiable_addresses']) ? view['verifiable_addresses'] : {};
  return {
    ...s,
    schema_id: typeof view['schema_id'] === 'string' ? view['schema_id'] : s.schema_id,
    state: view['state'] === 'inactive' ? 'inactive' : 'active',
    traits: view['traits'] ?? {},
    metadata_public: view['metadata_public'] ?? null,
    metadata_admin: view['metadata_admin'] ?? null,
    external_id: str(view['external_id']),
    organization_id: str(view['organization_id']),
    credentials,
    verifiable_addresses: s.verifiable_addresses.map((a) => {
      const wanted = valueAt(verified, `/${a.value.replace(/~/g, '~0').replace(/\//g, '~1')}/verified`);
      return typeof wanted === 'boolean' && wanted !== a.verified ? { ...a, verified: wanted } : a;
    }),
    extra: Object.keys(extra).length === 0 ? null : extra,
  };
};

/**
 * The body of a create (batch `PATCH /admin/identities`, strict decoder): the editable fields, the
 * addresses with their verified flags, and the credentials Kratos can import (password hash, OIDC/SAML
 * providers). `id` is never sent: Kratos assigns it.
 */
export const createBody = (s: StoredIdentity): JsonObject => {
  const body: JsonObject = { schema_id: s.schema_id, traits: s.traits, state: s.state };
  if (s.metadata_public !== null) body['metadata_public'] = s.metadata_public;
  if (s.metadata_admin !== null) body['metadata_admin'] = s.metadata_admin;
  if (s.external_id !== null) body['external_id'] = s.external_id;
  if (s.organization_id !== null) body['organization_id'] = s.organization_id;
  const credentials: JsonObject = {};
  const hash = s.credentials['password']?.config?.['hashed_password'];
  if (typeof hash === 'string' && hash !== '') credentials['password'] = { config: { hashed_password: hash } };
  for (const type of ['oidc', 'saml']) {
    const providers = s.credentials[type]?.config?.['providers'];
    if (Array.isArray(providers) && providers.length > 0) credentials[type] = { config: { providers } };
  }
  if (Object.keys(credentials).length > 0) body['credentials'] = credentials;
  if (s.verifiable_addresses.length > 0) {
    body['verifiable_addresses'] = s.verifiable_addresses.map((a) => ({
      value: a.value,
      via: a.via,
      verified: a.verified,
      status: a.status,
      ...(a.verified && a.verified_at ? { verified_at: a.verified_at } : {}),
    }));
  }
  if (s.recovery_addresses.length > 0) body['recovery_addresses'] = s.recovery_addresses.map((a) => ({ value: a.value, via: a.via }));
  for (const [key, value] of Object.entries(s.extra ?? {})) if (!KNOWN.has(key)) body[key] = value;
  return body;
};

/** Identifiers a create can be found by afterwards (`credentials_identifier`), most specific first. */
export const lookupIdentifiers = (s: StoredIdentity): string[] => {
  const out: string[] = [];
  for (const type of ['password', 'code', 'webauthn']) for (const i of s.credentials[type]?.identifiers ?? []) if (i !== '' && !out.includes(i)) out.push(i);
  return out;
};
