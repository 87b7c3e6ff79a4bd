import { hash } from 'node:crypto';
import type { ValidationProfile } from '../../../shared/domain/app';
import { VALIDATION_PROFILES } from '../../../shared/domain/app';
import type { CredentialView, Identity, IdentityState, RecoveryAddress, VerifiableAddress, WhoamiIdentity } from '../../../shared/domain/identity';
import { primaryIdentifier } from '../../../shared/domain/identity';
import type { Statement } from 'better-sqlite3';
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
  /** Top-level fields a remote Kratos sent that this app does not know; sent back unchanged. */
  extra: Record<string, unknown> | null;
  /**
   * The validation these very traits passed (the traits object itself, and the engine's stamp for its schema and
   * profile), or absent. Only finishDraft gives one; it is stored with a hash of the traits' text, and a row whose
   * traits do not match that hash (or a copy whose traits were replaced) has none.
   */
  vouch?: Vouch;
}

export interface Vouch {
  stamp: string;
  traits: unknown;
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
  extra: string | null;
  validated_as: string | null;
}

/** The stored columns of `identities`, once: every SELECT, INSERT and UPDATE is built from this list. */
export const IDENTITY_FIELDS = [
  'id',
  'schema_id',
  'state',
  'traits',
  'metadata_public',
  'metadata_admin',
  'credentials',
  'verifiable_addresses',
  'recovery_addresses',
  'external_id',
  'organization_id',
  'created_at',
  'updated_at',
  'state_changed_at',
  'primary_identifier',
  'revision',
  'dirty',
  'extra',
  'validated_as',
] as const satisfies readonly (keyof IdentityRow)[];

export const IDENTITY_COLUMNS = ['seq', ...IDENTITY_FIELDS].join(', ');

type IdentityColumn = 'seq' | (typeof IDENTITY_FIELDS)[number];
const AT = Object.fromEntries(['seq', ...IDENTITY_FIELDS].map((c, i) => [c, i])) as Record<IdentityColumn, number>;

/** How many values rowFromValues reads: a statement's own columns after IDENTITY_COLUMNS start here. */
export const IDENTITY_COLUMN_COUNT = IDENTITY_FIELDS.length + 1;

/**
 * A row of `SELECT ${IDENTITY_COLUMNS}` read as an array (better-sqlite3's `Statement.raw()`): for a row object
 * better-sqlite3 sets twenty named keys one by one from C++, which took longer than the query itself (5.6 against
 * 3.2 µs a row for a batch of 1,000 rows by seq on a 98,000-identity store, session 10); a literal built here has one
 * fixed shape.
 */
export const rowFromValues = (v: readonly unknown[]): IdentityRow => ({
  seq: v[AT.seq] as number,
  id: v[AT.id] as string,
  schema_id: v[AT.schema_id] as string,
  state: v[AT.state] as string,
  traits: v[AT.traits] as string,
  metadata_public: v[AT.metadata_public] as string | null,
  metadata_admin: v[AT.metadata_admin] as string | null,
  credentials: v[AT.credentials] as string | null,
  verifiable_addresses: v[AT.verifiable_addresses] as string | null,
  recovery_addresses: v[AT.recovery_addresses] as string | null,
  external_id: v[AT.external_id] as string | null,
  organization_id: v[AT.organization_id] as string | null,
  created_at: v[AT.created_at] as string,
  updated_at: v[AT.updated_at] as string,
  state_changed_at: v[AT.state_changed_at] as string | null,
  primary_identifier: v[AT.primary_identifier] as string,
  revision: v[AT.revision] as number,
  dirty: v[AT.dirty] as number,
  extra: v[AT.extra] as string | null,
  validated_as: v[AT.validated_as] as string | null,
});

const parse = <T>(text: string | null, fallback: T): T => (text === null ? fallback : (JSON.parse(text) as T));

/** The stored form of a vouch: the stamp, then a hash of the exact traits text it was given with. */
const vouchText = (stamp: string, traitsText: string): string => `${stamp}:${hash('sha1', traitsText, 'base64')}`;

const vouchOf = (row: IdentityRow, traits: unknown): Vouch | undefined => {
  const text = row.validated_as;
  if (text === null) return undefined;
  const cut = text.lastIndexOf(':');
  if (cut < 0) return undefined;
  const stamp = text.slice(0, cut);
  return vouchText(stamp, row.traits) === text ? { stamp, traits } : undefined;
};

/** `withVouch` for a read that a write may follow (the writer's): checking the vouch hashes the traits' text. */
export const fromRow = (row: IdentityRow, withVouch = false): StoredIdentity => {
  const traits = JSON.parse(row.traits) as unknown;
  const s = fromRowFields(row, traits);
  const vouch = withVouch ? vouchOf(row, traits) : undefined;
  if (vouch !== undefined) s.vouch = vouch;
  return s;
};

const fromRowFields = (row: IdentityRow, traits: unknown): StoredIdentity => ({
  seq: row.seq,
  id: row.id,
  schema_id: row.schema_id,
  state: row.state === 'inactive' ? 'inactive' : 'active',
  traits,
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
  extra: parse<Record<string, unknown> | null>(row.extra, null),
});

const jsonOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** Named parameters for the INSERT/UPDATE statements. */
export const toParams = (s: StoredIdentity) => {
  const traits = JSON.stringify(s.traits ?? {});
  return {
    id: s.id,
    schema_id: s.schema_id,
    state: s.state,
    traits,
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
    extra: s.extra === null || Object.keys(s.extra).length === 0 ? null : JSON.stringify(s.extra),
    // A vouch given for other traits than these (a copy whose traits were replaced) is not stored.
    validated_as: s.vouch !== undefined && s.vouch.traits === s.traits ? vouchText(s.vouch.stamp, traits) : null,
  };
};

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

/**
 * The whole stored record as the audit log keeps it: credentials with their config (hashes),
 * addresses with ids, `verified` and timestamps, the server's timestamp strings and unknown remote
 * fields. Undo of a delete restores exactly this; only local bookkeeping (seq, revision, dirty) and
 * what is recomputed from it (primary_identifier) are left out.
 */
export type RecordDocument = Omit<StoredIdentity, 'seq' | 'revision' | 'dirty' | 'primary_identifier'>;

export const recordDocument = (s: StoredIdentity): RecordDocument => ({
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
  created_at: s.created_at,
  updated_at: s.updated_at,
  state_changed_at: s.state_changed_at,
  extra: s.extra,
});

/** The record back from an audit document; null when the document is not a whole record (entries before store version 4). */
export const fromRecordDocument = (doc: unknown): StoredIdentity | null => {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null;
  const d = doc as Partial<RecordDocument>;
  if (typeof d.id !== 'string' || typeof d.schema_id !== 'string' || typeof d.created_at !== 'string' || typeof d.updated_at !== 'string') return null;
  if (typeof d.credentials !== 'object' || d.credentials === null || !Array.isArray(d.verifiable_addresses) || !Array.isArray(d.recovery_addresses)) return null;
  const s: StoredIdentity = {
    seq: null,
    id: d.id,
    schema_id: d.schema_id,
    state: d.state === 'inactive' ? 'inactive' : 'active',
    traits: d.traits ?? {},
    metadata_public: d.metadata_public ?? null,
    metadata_admin: d.metadata_admin ?? null,
    credentials: d.credentials,
    verifiable_addresses: d.verifiable_addresses,
    recovery_addresses: d.recovery_addresses,
    external_id: d.external_id ?? null,
    organization_id: d.organization_id ?? null,
    created_at: d.created_at,
    updated_at: d.updated_at,
    state_changed_at: d.state_changed_at ?? null,
    primary_identifier: '',
    revision: 1,
    dirty: false,
    extra: d.extra ?? null,
  };
  return { ...s, primary_identifier: primaryIdentifier(s) };
};

/** One prepared statement per connection: the profile is read at every write. */
const profileStatements = new WeakMap<Db, Statement>();

export const readProfile = (db: Db): ValidationProfile => {
  let statement = profileStatements.get(db);
  if (!statement) {
    statement = db.prepare("SELECT value FROM settings WHERE key = 'profile'");
    profileStatements.set(db, statement);
  }
  const row = statement.get() as { value: string } | undefined;
  return VALIDATION_PROFILES.find((p) => p === row?.value) ?? 'kratos-v26';
};
