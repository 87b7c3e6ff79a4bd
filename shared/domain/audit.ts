import type { JsonPatchOperation } from './identity';

/** What a change was; the store's CHECK constraint on audit_log.action allows exactly these. */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'revert', 'import'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Where a change came from (design §12). `local` edits, `undo` and `resolve` are queued for sync;
 * an `import` is not a local change and a `pull` is the remote's own version.
 */
export const WRITE_ORIGINS = ['local', 'import', 'pull', 'undo', 'resolve'] as const;
export type WriteOrigin = (typeof WRITE_ORIGINS)[number];

export interface AuditEntry {
  changeId: number;
  operationId: string;
  actor: string;
  at: string;
  identityId: string;
  action: AuditAction;
  origin: WriteOrigin;
  /**
   * Before → after over the whole stored record (password hashes shown as "[redacted]"). null for an
   * import: the imported version is where the identity's history starts.
   */
  patch: JsonPatchOperation[] | null;
  /** After → before (redacted the same way): the values the change replaced, for a history that shows both. */
  inverse: JsonPatchOperation[] | null;
  /** The change id this entry reverted, if it is a revert. */
  reverts: number | null;
  /**
   * The identity as the store holds it now: its primary identifier ('' when it has none), or null when it no
   * longer exists (deleted since, or by this change), so a history across identities can name them and offer
   * "Undo delete" only where there is something to bring back.
   */
  identityLabel: string | null;
}

export interface AuditListQuery {
  identityId?: string;
  /** Only the changes of one operation (a bulk edit, import, undo…, or the id a single edit was recorded under). */
  operationId?: string;
  /** Only changes of this kind. */
  action?: AuditAction;
  /** Keyset cursor: entries older than this change id. */
  before?: number;
  limit?: number;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: number | null;
}
