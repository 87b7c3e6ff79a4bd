export type { AuditService } from './audit-service';
export { createAuditService } from './audit-service';
export type { AuditWriter, ChangeRecord } from './audit-writer';
export { createAuditWriter } from './audit-writer';
export { jsonDiff, jsonEqual, pathsOverlap } from './json-diff';
