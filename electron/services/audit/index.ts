export type { AuditService } from './audit-service';
export { createAuditService } from './audit-service';
export { jsonDiff, jsonEqual, pathsOverlap } from '../../../shared/json-diff';
export { REDACTED, redactPatch } from './redact';
