import type { JsonPatchOperation } from './identity';

export type AuditAction = 'create' | 'update' | 'delete' | 'revert' | 'import';

export interface AuditEntry {
  changeId: number;
  operationId: string;
  actor: string;
  at: string;
  identityId: string;
  action: AuditAction;
  /** Before → after. null only for rows imported by Identity Desk 0.1 before imports were logged in full. */
  patch: JsonPatchOperation[] | null;
  /** The change id this entry reverted, if it is a revert. */
  reverts: number | null;
}

export interface AuditListQuery {
  identityId?: string;
  /** Keyset cursor: entries older than this change id. */
  before?: number;
  limit?: number;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: number | null;
}
