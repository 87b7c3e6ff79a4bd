/**
 * The validation feature's public surface (design §5): import only from here.
 * - `createValidationEngine` — in-thread, for schemas the registry already vetted; the store's hot path.
 * - `createSandboxedValidator` — worker thread with a wall-clock limit, for untrusted schemas and traits.
 */
export { createValidationEngine, hashSchema } from './engine';
export type { CompiledIdentitySchema, ValidationEngine, ValidationEngineOptions } from './engine';
export { createSandboxedValidator } from './sandbox';
export type { SandboxedValidator, SandboxOptions } from './sandbox';
export { VALIDATION_LIMITS, checkJsonShape, parseJsonText } from './limits';
export { normalizeDialect, detectDraft } from './dialect';
export type { Draft } from './dialect';
export { checkMetaRules } from './meta';
export { mergeRecoveryAddresses, mergeVerifiableAddresses } from '../../../shared/kratos/addresses';

import { AppError } from '../../../shared/errors';
import { createValidationEngine } from './engine';

/**
 * Runs every compile-time check (size, depth, enum and property limits, dialect, meta-rules, `$ref` policy,
 * cycles and fan-out) in-thread. Synchronous, so use it only where a hang is impossible or acceptable; prefer
 * `createSandboxedValidator().checkSchema` for input from users.
 */
export const checkSchemaSafety = (schema: unknown): { ok: true } => {
  try {
    createValidationEngine({ cacheSize: 1 }).compile(schema);
    return { ok: true };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('INTERNAL', 'The schema check failed unexpectedly.');
  }
};
