/**
 * The identity as the emulator stores it, and its admin JSON in Kratos's field order (reference §1).
 * These types are the emulator's own, not shared/domain's: the emulator plays the remote side, so a
 * wrong type in the app must not be mirrored here (its `via`/`status` are open strings, as on the wire).
 */
export type EmulatorKind = 'kratos' | 'ory-network';

export interface StoredCredential {
  type: string;
  identifiers: string[] | null;
  config: Record<string, unknown>;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface VerifiableAddress {
  id: string;
  value: string;
  verified: boolean;
  via: string;
  status: string;
  verified_at?: string;
  created_at: string;
  updated_at: string;
}

export interface RecoveryAddress {
  id: string;
  value: string;
  via: string;
  created_at: string;
  updated_at: string;
}

export interface StoredIdentity {
  id: string;
  schema_id: string;
  state: 'active' | 'inactive';
  state_changed_at?: string;
  traits: unknown;
  credentials: Record<string, StoredCredential>;
  verifiable_addresses: VerifiableAddress[];
  recovery_addresses: RecoveryAddress[];
  metadata_public: unknown;
  metadata_admin: unknown;
  created_at: string;
  updated_at: string;
  organization_id: string | null;
  external_id?: string;
  /** Fields this emulator does not model (e.g. HEAD's `region`): stored and returned verbatim. */
  extra: Record<string, unknown>;
}

export type JsonObject = Record<string, unknown>;

/**
 * Which credential data a response shows (reference §1.4): none (lists), identifiers only (writes,
 * filtered lists), or identifiers plus the config of the types `include_credential` names.
 */
export type CredentialView = { kind: 'none' } | { kind: 'identifiers' } | { kind: 'config'; types: ReadonlySet<string> | 'all' };

const renderCredential = (credential: StoredCredential, withConfig: boolean): JsonObject => {
  const out: JsonObject = { type: credential.type, identifiers: credential.identifiers };
  if (withConfig) out.config = credential.config;
  out.version = credential.version;
  out.created_at = credential.created_at;
  out.updated_at = credential.updated_at;
  return out;
};

/**
 * The admin JSON. It shares nested values with the store (the server serializes it at once); callers
 * that hand it out for editing clone it (`adminJson`).
 */
export const renderIdentity = (identity: StoredIdentity, schemaUrl: string, view: CredentialView): JsonObject => {
  const out: JsonObject = { id: identity.id };
  const types = Object.keys(identity.credentials);
  if (view.kind !== 'none' && types.length > 0) {
    const credentials: JsonObject = {};
    for (const type of types) {
      const credential = identity.credentials[type];
      if (credential === undefined) continue;
      const withConfig = view.kind === 'config' && (view.types === 'all' || view.types.has(type));
      credentials[type] = renderCredential(credential, withConfig);
    }
    out.credentials = credentials;
  }
  out.schema_id = identity.schema_id;
  out.schema_url = schemaUrl;
  out.state = identity.state;
  if (identity.state_changed_at !== undefined) out.state_changed_at = identity.state_changed_at;
  out.traits = identity.traits;
  if (identity.verifiable_addresses.length > 0) out.verifiable_addresses = identity.verifiable_addresses;
  if (identity.recovery_addresses.length > 0) out.recovery_addresses = identity.recovery_addresses;
  out.metadata_public = identity.metadata_public;
  out.metadata_admin = identity.metadata_admin;
  out.created_at = identity.created_at;
  out.updated_at = identity.updated_at;
  out.organization_id = identity.organization_id;
  if (identity.external_id !== undefined) out.external_id = identity.external_id;
  for (const [key, value] of Object.entries(identity.extra)) out[key] = value;
  return out;
};

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Go's name for a JSON value's type, as encoding/json and ory/jsonschema print it. */
export const jsonTypeName = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
};

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
