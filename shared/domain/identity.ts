import type { AddressVia } from './validation';

export const IDENTITY_STATES = ['active', 'inactive'] as const;
export type IdentityState = (typeof IDENTITY_STATES)[number];

export const VERIFIABLE_ADDRESS_STATUSES = ['pending', 'sent', 'completed'] as const;

/** Kratos's `verifiable_addresses[]` item (reference §1.1); timestamps are raw RFC 3339 strings. */
export interface VerifiableAddress {
  id: string;
  value: string;
  verified: boolean;
  via: AddressVia;
  status: (typeof VERIFIABLE_ADDRESS_STATUSES)[number];
  verified_at?: string;
  created_at: string;
  updated_at: string;
}

export interface RecoveryAddress {
  id: string;
  value: string;
  via: AddressVia;
  created_at: string;
  updated_at: string;
}

/** A credential as the admin API shows it without `include_credential`: never its `config`. */
export interface CredentialView {
  type: string;
  identifiers: string[];
  version: number;
  created_at: string;
  updated_at: string;
}

/** The admin JSON of one identity (reference §1.1), as Identity Desk shows it. */
export interface Identity {
  id: string;
  schema_id: string;
  state: IdentityState;
  state_changed_at?: string;
  traits: unknown;
  metadata_public: unknown;
  metadata_admin: unknown;
  credentials: Record<string, CredentialView>;
  verifiable_addresses: VerifiableAddress[];
  recovery_addresses: RecoveryAddress[];
  external_id?: string;
  organization_id: string | null;
  created_at: string;
  updated_at: string;
  /** Local bookkeeping: bumped on every local write; `dirty` until sync pushed it. */
  revision: number;
  dirty: boolean;
}

/** What `/sessions/whoami` shows of an identity (reference §1.4): no credentials, no admin metadata. */
export interface WhoamiIdentity {
  id: string;
  schema_id: string;
  state: IdentityState;
  state_changed_at?: string;
  traits: unknown;
  metadata_public: unknown;
  verifiable_addresses: VerifiableAddress[];
  recovery_addresses: RecoveryAddress[];
  organization_id: string | null;
  created_at: string;
  updated_at: string;
}

/** Imported credentials (reference §4.5): a password hash is stored and never shown again. */
export interface CredentialsImport {
  password?: { config: { hashed_password: string } };
}

/** The create body; import may also carry addresses with their verified status and raw timestamps. */
export interface CreateIdentityInput {
  id?: string;
  schema_id?: string;
  traits?: unknown;
  metadata_public?: unknown;
  metadata_admin?: unknown;
  state?: IdentityState;
  external_id?: string;
  organization_id?: string | null;
  credentials?: CredentialsImport;
  verifiable_addresses?: { value: string; via?: AddressVia; verified?: boolean; verified_at?: string; status?: VerifiableAddress['status'] }[];
  recovery_addresses?: { value: string; via?: AddressVia }[];
  created_at?: string;
  updated_at?: string;
}

/** A partial update: a field left out keeps its value; `null` clears metadata. */
export interface UpdateIdentityInput {
  schema_id?: string;
  traits?: unknown;
  metadata_public?: unknown;
  metadata_admin?: unknown;
  state?: IdentityState;
}

/** RFC 6902 restricted to what Kratos accepts (reference §4.4). */
export const JSON_PATCH_OPS = ['add', 'remove', 'replace'] as const;

export interface JsonPatchOperation {
  op: (typeof JSON_PATCH_OPS)[number];
  path: string;
  value?: unknown;
}

/** What `primaryIdentifier` reads: the stored identity and the one the API shows both have it. */
export interface IdentifierSource {
  credentials: Readonly<Record<string, { identifiers: readonly string[] } | undefined>>;
  verifiable_addresses: readonly { value: string }[];
  recovery_addresses: readonly { value: string }[];
}

/**
 * What support recognises someone by, and what the list sorts by ("identifier"): the first login
 * identifier (password first, then the other credential types by name), else the first verifiable
 * address, else the first recovery address; '' when the identity has none. The store keeps it in a
 * column at every write and the renderer shows the same, so the list's order matches what it shows.
 */
export const primaryIdentifier = (identity: IdentifierSource): string => {
  const types = Object.keys(identity.credentials).sort((a, b) => (a === 'password' ? -1 : b === 'password' ? 1 : a.localeCompare(b)));
  for (const type of types) {
    const first = identity.credentials[type]?.identifiers[0];
    if (first) return first;
  }
  return identity.verifiable_addresses[0]?.value ?? identity.recovery_addresses[0]?.value ?? '';
};
