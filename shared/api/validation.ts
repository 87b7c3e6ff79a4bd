import { VALIDATION_PROFILES, type ValidationProfile } from '../domain/app';
import type { LintFinding } from '../domain/schema';
import type { ValidationResult } from '../domain/validation';
import type { ParamSchemas } from './params';
import { boundedJson, oneOfValues, optional } from './params';
import { schemaBodyParam } from './schemas';

/**
 * Ad-hoc checks for the schema editor and the identity form. Both arguments are untrusted, so the
 * backend runs the engine in its sandbox (worker thread, wall-clock limit → LIMIT_EXCEEDED).
 */
export interface ValidationApi {
  /** Kratos's verdict on `traits` under `schema` plus what Kratos would derive; the workspace profile by default. */
  validateTraits(schema: string | Record<string, unknown>, traits: unknown, profile?: ValidationProfile): Promise<ValidationResult>;
  /**
   * Best-practice findings, errors first. When Kratos refuses the schema, its reasons come first as
   * `schema/invalid` (or `schema/limit-exceeded`) error findings.
   */
  lintSchema(schema: string | Record<string, unknown>): Promise<LintFinding[]>;
}

export const validationParams = {
  validateTraits: [schemaBodyParam, boundedJson, optional(oneOfValues(VALIDATION_PROFILES))],
  lintSchema: [schemaBodyParam],
} satisfies ParamSchemas<ValidationApi>;
