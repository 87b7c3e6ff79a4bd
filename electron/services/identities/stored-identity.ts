import type { ValidationProfile } from '../../../shared/domain/app';
import { VALIDATION_PROFILES } from '../../../shared/domain/app';
import type { CredentialView, Identity, IdentityState, RecoveryAddress, VerifiableAddress, WhoamiIdentity } from '../../../shared/domain/identity';
import type { Db } from '../../db/open-database';

/** A credential as stored: the admin view plus `config`, which holds imported password hashes. */
export interface StoredCredential extends CredentialView {
  config?: Record<string, unknown>;
}

/** One identity as the store holds it (the columns of `identities`, JSON parsed). */
export interface StoredIdentity {
  seq: number | null;
  id: string;
  schema_id: string;
  state: IdentityState;
  traits: unknown;
  metadata_public: unknown;
  metadata_admin: unknown;
  credentials: Record<string, StoredCredential>;
  verifiable_addresses: VerifiableAddress[];
  recovery_addresses: RecoveryAddress[];
  external_id: string | null;
  organization_id: string | null;
  created_at: string;
  updated_at: string;
  state_changed_at: string | null;
  primary_identifier: string;
  revision: number;
  dirty: boolean;
}

export interface IdentityRow {
  seq: number;
  id: string;
  schema_id: string;
  state: string;
  traits: string;
  metadata_public: string | null;
  metadata_admin: string | null;
  credentials: string | null;
  verifiable_addresses: string | null;
  recovery_addresses: string | null;
  external_id: string | null;
  organization_id: string | null;
  created_at: string;
  updated_at: string;
  state_changed_at: string | null;
  primary_identifier: string;
  revision: number;
  dirty: number;
}

export const IDENTITY_COLUMNS =
  'seq, id, schema_id, state, traits, metadata_public, metadata_admin, credentials, verifiable_addresses, recovery_addresses, external_id, organization_id, created_at, updated_at, state_changed_at, primary_identifier, revision, dirty';

const parse = <T>(text: string | null, fallback: T): T => (text === null ? fallback : (JSON.parse(text) as T));

export const fromRow = (row: IdentityRow): StoredIdentity => ({
  seq: row.seq,
  id: row.id,
  schema_id: row.schema_id,
  state: row.state === 'inactive' ? 'inactive' : 'active',
  traits: JSON.parse(row.traits) as unknown,
  metadata_public: parse<unknown>(row.metadata_public, null),
  metadata_admin: parse<unknown>(row.metadata_admin, null),
  credentials: parse<Record<string, StoredCredential>>(row.credentials, {}),
  verifiable_addresses: parse<VerifiableAddress[]>(row.verifiable_addresses, []),
  recovery_addresses: parse<RecoveryAddress[]>(row.recovery_addresses, []),
  external_id: row.external_id,
  organization_id: row.organization_id,
  created_at: row.created_at,
  updated_at: row.updated_at,
  state_changed_at: row.state_changed_at,
  primary_identifier: row.primary_identifier,
  revision: row.revision,
  dirty: row.dirty === 1,
});

const jsonOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** Named parameters for the INSERT/UPDATE statements. */
export const toParams = (s: StoredIdentity) => ({
  id: s.id,
  schema_id: s.schema_id,
  state: s.state,
  traits: JSON.stringify(s.traits ?? {}),
  metadata_public: jsonOrNull(s.metadata_public),
  metadata_admin: jsonOrNull(s.metadata_admin),
  credentials: Object.keys(s.credentials).length === 0 ? null : JSON.stringify(s.credentials),
  verifiable_addresses: s.verifiable_addresses.length === 0 ? null : JSON.stringify(s.verifiable_addresses),
  recovery_addresses: s.recovery_addresses.length === 0 ? null : JSON.stringify(s.recovery_addresses),
  external_id: s.external_id,
  organization_id: s.organization_id,
  created_at: s.created_at,
  updated_at: s.updated_at,
  state_changed_at: s.state_changed_at,
  primary_identifier: s.primary_identifier,
  revision: s.revision,
  dirty: s.dirty ? 1 : 0,
});

/** The admin view: credentials without `config`, so a stored password hash is never displayed. */
export const toIdentity = (s: StoredIdentity): Identity => {
  const credentials: Record<string, CredentialView> = {};
  for (const [type, c] of Object.entries(s.credentials)) {
    credentials[type] = { type: c.type, identifiers: c.identifiers, version: c.version, created_at: c.created_at, updated_at: c.updated_at };
  }
  return {
    id: s.id,
    schema_id: s.schema_id,
    state: s.state,
    ...(s.state_changed_at === null ? {} : { state_changed_at: s.state_changed_at }),
    traits: s.traits,
    metadata_public: s.metadata_public,
    metadata_admin: s.metadata_admin,
    credentials,
    verifiable_addresses: s.verifiable_addresses,
    recovery_addresses: s.recovery_addresses,
    ...(s.external_id === null ? {} : { external_id: s.external_id }),
    organization_id: s.organization_id,
    created_at: s.created_at,
    updated_at: s.updated_at,
    revision: s.revision,
    dirty: s.dirty,
  };
};

/** `Identity.MarshalJSON` in a session: credentials and metadata_admin removed (reference §1.4). */
export const toWhoami = (s: StoredIdentity): WhoamiIdentity => ({
  id: s.id,
  schema_id: s.schema_id,
  state: s.state,
  ...(s.state_changed_at === null ? {} : { state_changed_at: s.state_changed_at }),
  traits: s.traits,
  metadata_public: s.metadata_public,
  verifiable_addresses: s.verifiable_addresses,
  recovery_addresses: s.recovery_addresses,
  organization_id: s.organization_id,
  created_at: s.created_at,
  updated_at: s.updated_at,
});

/** The fields the audit log diffs: what a person edits. Derived data is recomputed on revert. */
export const auditDocument = (s: StoredIdentity): Record<string, unknown> => ({
  schema_id: s.schema_id,
  state: s.state,
  traits: s.traits,
  metadata_public: s.metadata_public,
  metadata_admin: s.metadata_admin,
  external_id: s.external_id,
  organization_id: s.organization_id,
});

export const readProfile = (db: Db): ValidationProfile => {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'profile'").get() as { value: string } | undefined;
  return VALIDATION_PROFILES.find((p) => p === row?.value) ?? 'kratos-v26';
};
