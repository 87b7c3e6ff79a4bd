import { updateConflict, type KratosError } from './errors';
import type { StoredIdentity } from './model';

/**
 * Identities in id order (Kratos pages by id ascending) plus the unique indexes of reference §2.5:
 * credential identifiers per type, verifiable and recovery addresses per (via, value), external_id.
 * A page is a binary search and a slice, so a 100k pull stays linear.
 */
const uniqueKeys = (identity: StoredIdentity): string[] => {
  const keys: string[] = [];
  for (const credential of Object.values(identity.credentials)) {
    for (const identifier of credential.identifiers ?? []) keys.push(`c\u0000${credential.type}\u0000${identifier}`);
  }
  for (const a of identity.verifiable_addresses) keys.push(`v\u0000${a.via}\u0000${a.value}`);
  for (const a of identity.recovery_addresses) keys.push(`r\u0000${a.via}\u0000${a.value}`);
  if (identity.external_id !== undefined) keys.push(`e\u0000${identity.external_id}`);
  return keys;
};

/** The first index in `sorted` whose id is greater than `id`. */
const upperBound = (sorted: readonly string[], id: string): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? '') <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

export class IdentityStore {
  private readonly byId = new Map<string, StoredIdentity>();
  private sorted: string[] = [];
  private readonly owners = new Map<string, string>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): StoredIdentity | undefined {
    return this.byId.get(id.toLowerCase());
  }

  ids(): readonly string[] {
    return this.sorted;
  }

  /** Ids after `afterId` in order, at most `limit` of those passing `keep`. */
  page(afterId: string, limit: number, keep?: (identity: StoredIdentity) => boolean): StoredIdentity[] {
    const out: StoredIdentity[] = [];
    for (let i = upperBound(this.sorted, afterId); i < this.sorted.length && out.length < limit; i += 1) {
      const identity = this.byId.get(this.sorted[i] ?? '');
      if (identity !== undefined && (keep === undefined || keep(identity))) out.push(identity);
    }
    return out;
  }

  /** The id owning a unique key, e.g. a credential identifier (`findByIdentifier`). */
  ownerOfIdentifier(type: string, identifier: string): string | undefined {
    return this.owners.get(`c\u0000${type}\u0000${identifier}`);
  }

  ownerOfExternalId(externalId: string): string | undefined {
    return this.owners.get(`e\u0000${externalId}`);
  }

  /** Every (type, identifier) pair; for the prefix filter, which Kratos runs as a LIKE scan too. */
  *identifierEntries(): Generator<{ type: string; identifier: string; id: string }> {
    for (const [key, id] of this.owners) {
      if (!key.startsWith('c\u0000')) continue;
      const [, type = '', identifier = ''] = key.split('\u0000');
      yield { type, identifier, id };
    }
  }

  /** Throws `conflict()` when another identity already holds one of this identity's unique values. */
  assertUnique(identity: StoredIdentity, conflict: () => KratosError = updateConflict): void {
    for (const key of uniqueKeys(identity)) {
      const owner = this.owners.get(key);
      if (owner !== undefined && owner !== identity.id) throw conflict();
    }
  }

  /** Inserts or replaces; the caller has checked uniqueness. */
  put(identity: StoredIdentity): void {
    const previous = this.byId.get(identity.id);
    if (previous !== undefined) this.unindex(previous);
    else this.sorted.splice(upperBound(this.sorted, identity.id), 0, identity.id);
    this.byId.set(identity.id, identity);
    for (const key of uniqueKeys(identity)) this.owners.set(key, identity.id);
  }

  /** Bulk insert for seeding: one sort instead of n splices. */
  putMany(identities: readonly StoredIdentity[]): void {
    for (const identity of identities) {
      const previous = this.byId.get(identity.id);
      if (previous !== undefined) this.unindex(previous);
      else this.sorted.push(identity.id);
      this.byId.set(identity.id, identity);
      for (const key of uniqueKeys(identity)) this.owners.set(key, identity.id);
    }
    this.sorted.sort();
  }

  delete(id: string): boolean {
    const identity = this.byId.get(id);
    if (identity === undefined) return false;
    this.unindex(identity);
    this.byId.delete(id);
    const at = upperBound(this.sorted, id) - 1;
    if (this.sorted[at] === id) this.sorted.splice(at, 1);
    return true;
  }

  private unindex(identity: StoredIdentity): void {
    for (const key of uniqueKeys(identity)) if (this.owners.get(key) === identity.id) this.owners.delete(key);
  }
}
