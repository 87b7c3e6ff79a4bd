import type { AuditEntry, AuditListQuery, AuditPage } from '../domain/audit';
import { AUDIT_ACTIONS } from '../domain/audit';
import type { ParamSchemas } from './params';
import { idParam, integer, object, oneOfValues } from './params';

export interface AuditApi {
  /** Newest first, keyset paged; across the store or narrowed by identity, operation and action (all given must hold). */
  list(query: AuditListQuery): Promise<AuditPage>;
  /** Applies the inverse of a change as a new, audited change; CONFLICT if a later change touched the same fields. */
  revert(changeId: number): Promise<AuditEntry>;
}

export const auditParams = {
  list: [
    object({
      identityId: idParam,
      operationId: idParam,
      action: oneOfValues(AUDIT_ACTIONS),
      before: integer({ minimum: 1 }), limit: integer({ minimum: 1, maximum: 500 }),
    }),
  ],
  revert: [integer({ minimum: 1 })],
} satisfies ParamSchemas<AuditApi>;
