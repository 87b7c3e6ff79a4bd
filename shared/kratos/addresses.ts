import type { ValidationProfile } from '../domain/app';
import type { DerivedRecoveryAddress, DerivedVerifiableAddress } from '../domain/validation';
import { addressMatchKey } from './normalize';

/**
 * Update semantics of reference §2.3: addresses still derived from the traits keep their stored record (id,
 * `verified`, `status`, `verified_at`, and at HEAD `break_glass_for_organization`); addresses no longer derived
 * are dropped; new ones start `pending`/unverified; duplicates collapse. The store calls these on every update.
 */
export interface StoredAddress {
  value: string;
  via: string;
}

const mergeBy = <P extends StoredAddress, D extends StoredAddress>(
  previous: readonly P[],
  derived: readonly D[],
  profile: ValidationProfile,
): (P | D)[] => {
  const byKey = new Map<string, P>();
  for (const p of previous) {
    const key = addressMatchKey(p.via, p.value, profile);
    if (!byKey.has(key)) byKey.set(key, p);
  }
  const seen = new Set<string>();
  const out: (P | D)[] = [];
  for (const d of derived) {
    const key = addressMatchKey(d.via, d.value, profile);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(byKey.get(key) ?? d);
  }
  return out;
};

/** Merge stored verifiable addresses (any extra fields are kept) with freshly derived ones. */
export const mergeVerifiableAddresses = <P extends StoredAddress>(
  previous: readonly P[],
  derived: readonly DerivedVerifiableAddress[],
  profile: ValidationProfile,
): (P | DerivedVerifiableAddress)[] => mergeBy(previous, derived, profile);

/** Same rule for recovery addresses. */
export const mergeRecoveryAddresses = <P extends StoredAddress>(
  previous: readonly P[],
  derived: readonly DerivedRecoveryAddress[],
  profile: ValidationProfile,
): (P | DerivedRecoveryAddress)[] => mergeBy(previous, derived, profile);
