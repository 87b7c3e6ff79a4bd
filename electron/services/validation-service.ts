/**
 * The `validation` domain of the API: ad-hoc checks of a schema and traits the user is editing.
 * Both inputs are untrusted, so the engine runs in the sandbox (worker + wall-clock limit); the
 * linter is pure and bounded and runs here, next to the engine's verdict on the same schema.
 */
import type { ValidationProfile } from '../../shared/domain/app';
import type { LintFinding } from '../../shared/domain/schema';
import type { ValidationResult } from '../../shared/domain/validation';
import { AppError, issuesOf } from '../../shared/errors';
import { lintSchema } from './schemas/lint/index';
import { toSchemaBody } from './schemas/schema-body';
import type { TraitsValidator } from './schemas/schema-checker';

export interface ValidationServiceDeps {
  validator: TraitsValidator;
  /** The workspace's profile (settings), used when a call names none. */
  profile: () => ValidationProfile;
}

export interface ValidationService {
  validateTraits(schema: string | Record<string, unknown>, traits: unknown, profile?: ValidationProfile): Promise<ValidationResult>;
  lintSchema(schema: string | Record<string, unknown>): Promise<LintFinding[]>;
}

/** Kratos's refusal of a schema, as findings: the linter's report then says everything in one list. */
export const engineFindings = (err: AppError): LintFinding[] => {
  const ruleId = err.code === 'LIMIT_EXCEEDED' ? 'schema/limit-exceeded' : 'schema/invalid';
  const issues = issuesOf(err);
  if (issues.length === 0) return [{ ruleId, severity: 'error', pointer: '#', message: err.message }];
  return issues.map((issue) => ({
    ruleId,
    severity: 'error' as const,
    pointer: issue.pointer,
    message: issue.message,
  }));
};

/**
 * Engine verdict + best practices. A schema Kratos refuses still gets linted (the findings help fix
 * it), except when it hit a resource limit: then only that is reported.
 */
export const lintWithEngine = async (checker: Pick<TraitsValidator, 'checkSchema'>, schema: unknown): Promise<LintFinding[]> => {
  let body: ReturnType<typeof toSchemaBody>;
  try {
    body = toSchemaBody(schema);
  } catch (err) {
    if (err instanceof AppError && err.code === 'SCHEMA_INVALID') return engineFindings(err);
    throw err;
  }
  try {
    await checker.checkSchema(body.text);
  } catch (err) {
    if (!(err instanceof AppError) || (err.code !== 'SCHEMA_INVALID' && err.code !== 'LIMIT_EXCEEDED')) throw err;
    if (err.code === 'LIMIT_EXCEEDED') return engineFindings(err);
    // The linter's own schema/* findings repeat what the engine already said; keep the engine's words.
    return [...engineFindings(err), ...lintSchema(body.body).filter((f) => !f.ruleId.startsWith('schema/'))];
  }
  return lintSchema(body.body);
};

export const createValidationService = ({ validator, profile }: ValidationServiceDeps): ValidationService => ({
  validateTraits: (schema, traits, chosen) => validator.validate(schema, traits, chosen ?? profile()),
  lintSchema: (schema) => lintWithEngine(validator, schema),
});
