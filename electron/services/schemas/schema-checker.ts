/**
 * What the schema registry needs from the validation engine's sandbox (electron/services/validation):
 * a yes/no on an untrusted schema, with AppError SCHEMA_INVALID / LIMIT_EXCEEDED on no. Kept as a
 * narrow interface so tests can pass a fake and the registry does not depend on worker details.
 */
import type { ValidationProfile } from '../../../shared/domain/app';
import type { ValidationResult } from '../../../shared/domain/validation';

export interface SchemaChecker {
  checkSchema(schema: string | Record<string, unknown>): Promise<unknown>;
}

export interface TraitsValidator extends SchemaChecker {
  validate(schema: string | Record<string, unknown>, traits: unknown, profile: ValidationProfile): Promise<ValidationResult>;
}

export interface ClosableValidator extends TraitsValidator {
  close(): unknown;
}
