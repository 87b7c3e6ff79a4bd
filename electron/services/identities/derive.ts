import { randomUUID } from 'node:crypto';
import type { ValidationProfile } from '../../../shared/domain/app';
import type { RecoveryAddress, VerifiableAddress } from '../../../shared/domain/identity';
import { primaryIdentifier } from '../../../shared/domain/identity';
import type { DerivedCredential, ValidationResult } from '../../../shared/domain/validation';
import { AppError } from '../../../shared/errors';
import { escapeToken } from '../../../shared/json';
import { mergeRecoveryAddresses, mergeVerifiableAddresses } from '../../../shared/kratos/addresses';
import { gracefulNormalization, lowerTrim } from '../../../shared/kratos/normalize';
import type { StoredCredential, StoredIdentity } from './stored-identity';

/** One row of the `identifiers` or `addresses` index tables. */
export interface IndexEntry {
  table: 'identifiers' | 'addresses';
  /** Credential type, or `verifiable`/`recovery`. */
  kind: string;
  via: string;
  value: string;
}

/**
 * Applies the engine's verdict to a draft identity: traits as Kratos stores them, credentials
 * with the derived identifiers (keeping imported config such as password hashes), and addresses
 * that keep their stored record while still derived (reference §2.3).
 */
export const applyDerived = (draft: StoredIdentity, result: ValidationResult, now: string): StoredIdentity => {
  if (!result.valid) {
    throw new AppError('VALIDATION_FAILED', 'The identity does not match its schema.', { issues: result.errors });
  }
  const profile = result.profile;
  const credentials = deriveCredentials(draft.credentials, result.credentials, profile, now);
  const verifiable = mergeVerifiableAddresses(draft.verifiable_addresses, result.verifiable_addresses, profile).map((a) =>
    'id' in a ? a : newVerifiable(a.value, a.via, now),
  );
  const recovery = mergeRecoveryAddresses(draft.recovery_addresses, result.recovery_addresses, profile).map((a) =>
    'id' in a ? a : newRecovery(a.value, a.via, now),
  );
  const next = { ...draft, traits: result.traits, credentials, verifiable_addresses: verifiable, recovery_addresses: recovery };
  return { ...next, primary_identifier: primaryIdentifier(next) };
};

const newVerifiable = (value: string, via: VerifiableAddress['via'], now: string): VerifiableAddress => ({
  id: randomUUID(),
  value,
  verified: false,
  via,
  status: 'pending',
  created_at: now,
  updated_at: now,
});

const newRecovery = (value: string, via: RecoveryAddress['via'], now: string): RecoveryAddress => ({
  id: randomUUID(),
  value,
  via,
  created_at: now,
  updated_at: now,
});

const credentialVersion = (type: string, profile: ValidationProfile): number =>
  type === 'password' ? (profile === 'kratos-v26' ? 0 : 1) : type === 'code' || type === 'webauthn' ? 1 : 0;

const deriveCredentials = (
  previous: Record<string, StoredCredential>,
  derived: Record<string, DerivedCredential>,
  profile: ValidationProfile,
  now: string,
): Record<string, StoredCredential> => {
  const out: Record<string, StoredCredential> = {};
  // Imported credentials the schema no longer derives keep their config (a hash is not thrown away).
  for (const [type, c] of Object.entries(previous)) {
    if (!(type in derived) && c.config !== undefined) out[type] = { ...c, identifiers: type === 'password' || type === 'code' || type === 'webauthn' ? [] : c.identifiers };
  }
  for (const [type, d] of Object.entries(derived)) {
    const before = previous[type];
    const config = type === 'code' && d.addresses ? { ...(before?.config ?? {}), addresses: d.addresses } : before?.config;
    out[type] = {
      type,
      identifiers: [...new Set(d.identifiers)],
      version: before?.version ?? credentialVersion(type, profile),
      created_at: before?.created_at ?? now,
      updated_at: before && sameList(before.identifiers, d.identifiers) ? before.updated_at : now,
      ...(config === undefined ? {} : { config }),
    };
  }
  return out;
};

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** What the list sorts by: the first password identifier, else any identifier, else an address. */

/** Every row the uniqueness tables get for this identity. */
export const indexEntries = (s: StoredIdentity): IndexEntry[] => {
  const entries: IndexEntry[] = [];
  for (const [type, c] of Object.entries(s.credentials)) {
    for (const value of new Set(c.identifiers)) entries.push({ table: 'identifiers', kind: type, via: '', value });
  }
  for (const a of s.verifiable_addresses) entries.push({ table: 'addresses', kind: 'verifiable', via: a.via, value: a.value });
  for (const a of s.recovery_addresses) entries.push({ table: 'addresses', kind: 'recovery', via: a.via, value: a.value });
  return entries;
};

/**
 * The trait that produced a derived value, for error messages: Kratos only says "conflict", we
 * name the field. Falls back to `#/traits` when no trait normalizes to the value.
 */
export const pointerForValue = (traits: unknown, value: string, profile: ValidationProfile): string => {
  const target = value.trim().toLowerCase();
  const found = findLeaf(traits, '#/traits', (leaf) => {
    if (lowerTrim(leaf) === target) return true;
    return gracefulNormalization(leaf, profile).toLowerCase() === target;
  });
  return found ?? '#/traits';
};

const findLeaf = (node: unknown, pointer: string, test: (leaf: string) => boolean): string | null => {
  if (typeof node === 'string') return test(node) ? pointer : null;
  if (typeof node !== 'object' || node === null) return null;
  const entries: [string, unknown][] = Array.isArray(node) ? node.map((v, i) => [String(i), v]) : Object.entries(node);
  for (const [key, child] of entries) {
    const hit = findLeaf(child, `${pointer}/${escapeToken(key)}`, test);
    if (hit !== null) return hit;
  }
  return null;
};

/** Kratos answers 500 for an empty identifier (reference §2.5); refuse it as the user's input instead. */
export const assertNoEmptyIdentifier = (s: StoredIdentity): void => {
  for (const entry of indexEntries(s)) {
    if (entry.value.trim() !== '') continue;
    const pointer = findLeaf(s.traits, '#/traits', (leaf) => leaf.trim() === '') ?? '#/traits';
    const what = entry.table === 'identifiers' ? `${entry.kind} identifier` : `${entry.kind} address`;
    throw new AppError('VALIDATION_FAILED', `The ${what} at ${pointer} is empty; Kratos cannot store an empty identifier.`, {
      issues: [{ pointer, keyword: 'minLength', source: 'extension', message: `an empty ${what} cannot be stored (give the trait minLength: 1)` }],
    });
  }
};
