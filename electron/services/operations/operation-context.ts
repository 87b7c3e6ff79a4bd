import type { Db } from '../../db/open-database';
import { openStore } from '../../db/open-database';
import type { AuditService } from '../audit/audit-service';
import { createAuditService } from '../audit/audit-service';
import { createEventBus } from '../events/event-bus';
import type { IdentityService } from '../identities/identity-service';
import { createIdentityService } from '../identities/identity-service';
import { createSchemaValidators } from '../identities/schema-validators';
import type { SearchService } from '../search/search-service';
import { createSearchService } from '../search/search-service';
import { createValidationEngine } from '../validation/index';
import type { OperationsStore } from './operations-store';
import { createOperationsStore } from './operations-store';

/** What an operation's worker (or a crash-test child) works with: its own connection and the same services as the host. */
export interface OperationContext {
  db: Db;
  identities: IdentityService;
  audit: AuditService;
  search: SearchService;
  operations: OperationsStore;
  actor: string;
  close(): void;
}

export const openOperationContext = (dataDir: string, actor: string): OperationContext => {
  const { db } = openStore(dataDir);
  const engine = createValidationEngine();
  const validators = createSchemaValidators(db, (schema) => engine.compile(schema));
  // Per-identity events have no listener here: the host announces the job's end once.
  const identities = createIdentityService({ db, events: createEventBus(), validators, actor: () => actor });
  return {
    db,
    identities,
    audit: createAuditService({ db, identities }),
    search: createSearchService({ db }),
    operations: createOperationsStore(db),
    actor,
    close: () => db.close(),
  };
};
