import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import ajvPackage from 'ajv/package.json' with { type: 'json' };
import phonePackage from 'libphonenumber-js/package.json' with { type: 'json' };
import { AppError } from '../../../shared/errors';
import type { ValidationProfile } from '../../../shared/domain/app';
import type { ValidationResult } from '../../../shared/domain/validation';
import { KratosDerivation } from '../../../shared/kratos/derive';
import { createKratosAjv } from './ajv-setup';
import { normalizeDialect, schemaInvalid } from './dialect';
import type { Draft } from './dialect';
import { checkRefGraph } from './graph';
import { toIssues } from './issues';
import { checkJsonShape, limitError, parseJsonText } from './limits';
import { checkMetaRules } from './meta';
import { applyRefPolicy } from './refs';
import { hasSmsTraits, rewritePhoneTraits } from './phone-traits';

/**
 * The Kratos-faithful validation engine (design §5). `compile` runs in-thread and is meant for schemas the
 * registry already vetted; untrusted input goes through the sandbox (sandbox.ts), which calls the same code in a
 * worker with a wall-clock limit. `validate` is the hot path (the store validates 1M identities through it).
 */
export interface CompiledIdentitySchema {
  /** sha256 of the schema's JSON text: the compile-cache key. */
  readonly hash: string;
  /** The draft the schema declared (it is compiled as draft-07, see dialect.ts). */
  readonly draft: Draft;
  validate(identity: { traits?: unknown }, profile?: ValidationProfile): ValidationResult;
  /**
   * What a verdict of `validate` depends on besides the traits: this engine's rules, the schema and the profile.
   * A store keeps it with traits that passed (a vouch), so a write that leaves them as they are need not validate
   * them again (identities/identity-drafts.ts).
   */
  stamp(profile?: ValidationProfile): string;
}

export interface ValidationEngine {
  readonly profile: ValidationProfile;
  /** Throws AppError SCHEMA_INVALID (details.issues point into the schema) or LIMIT_EXCEEDED. */
  compile(schema: unknown): CompiledIdentitySchema;
}

export interface ValidationEngineOptions {
  profile?: ValidationProfile;
  /** Compiled schemas kept per engine (least recently used dropped first). */
  cacheSize?: number;
}

const compileError = (err: unknown): AppError => {
  if (err instanceof AppError) return err;
  if (err instanceof RangeError) return limitError('The schema is too large or too deeply nested to compile.');
  const message = err instanceof Error ? err.message : String(err);
  return schemaInvalid(`Unable to compile the identity schema: ${message}`, [
    { pointer: '#', keyword: null, source: 'jsonschema', message },
  ]);
};

/** Every step Kratos takes before it accepts a schema, then ajv compilation. */
const buildValidator = (schema: unknown): { validate: ValidateFunction; draft: Draft; normalized: unknown } => {
  checkJsonShape(schema, 'schema');
  const { schema: normalized, draft } = normalizeDialect(schema);
  const issues = checkMetaRules(normalized);
  if (issues.length > 0) {
    const first = issues[0];
    throw schemaInvalid(`The identity schema is invalid: ${first ? `${first.pointer}: ${first.message}` : ''}`, issues);
  }
  const resolved = applyRefPolicy(normalized);
  checkRefGraph(resolved);
  const ajv = createKratosAjv({ extension: true });
  return { validate: ajv.compile(resolved as object), draft, normalized: resolved };
};

// Shared by every valid result (most of a million): frozen, so a caller that tried to add to it would throw.
const NO_ERRORS = Object.freeze([]) as unknown as ValidationResult['errors'];

const runValidation = (
  validate: ValidateFunction,
  document: { traits: unknown },
  profile: ValidationProfile,
): ValidationResult => {
  // A fresh derivation per identity, handed to the hooks as ajv's context: a young object takes the derived
  // values without the write barrier that storing them into a long-lived, reused instance would pay.
  const derivation = new KratosDerivation(profile);
  let ok: boolean;
  try {
    ok = validate.call(derivation, document) as boolean;
  } catch (err) {
    // Only a pathological document (recursion deeper than the stack) gets here.
    if (err instanceof RangeError) throw limitError('The traits are nested too deeply to validate.');
    throw err;
  }
  const errors = ok ? NO_ERRORS : toIssues(validate.errors);
  return derivation.validationResult(errors.length === 0, errors, document.traits);
};

const compileIdentitySchema = (schema: unknown, hash: string, defaultProfile: ValidationProfile): CompiledIdentitySchema => {
  let built: ReturnType<typeof buildValidator>;
  try {
    built = buildValidator(schema);
  } catch (err) {
    throw compileError(err);
  }
  const { validate, draft, normalized } = built;
  const rewritesPhones = hasSmsTraits(normalized);
  const stamps: Partial<Record<ValidationProfile, string>> = {};
  return {
    hash,
    draft,
    // Read on every write (finishDraft): one string per profile, not one per identity.
    stamp: (profile = defaultProfile) => (stamps[profile] ??= `${VALIDATION_REVISION}.${hash.slice(0, 24)}.${profile}`),
    validate(identity, profile = defaultProfile) {
      // Kratos: missing traits become {} (reference §2.2); JSON null stays null and fails `type: object`. The
      // caller's `{ traits }` is the document itself (no copy per identity on the hot path).
      const document = identity.traits === undefined ? { traits: {} } : (identity as { traits: unknown });
      const effective = rewritesPhones && profile !== 'kratos-v26' ? rewritePhoneTraits(normalized, document) : document;
      return runValidation(validate, effective, profile);
    },
  };
};

/**
 * The engine's rules' revision, part of every stamp, so identities vouched for under older rules are validated again:
 * raise the number with any change to what this engine's code accepts or derives. The versions of ajv and of
 * libphonenumber-js (whose metadata decides what a valid number is) are in it by themselves.
 */
export const VALIDATION_REVISION = `1-ajv${ajvPackage.version}-lpn${phonePackage.version}`;

export const hashSchema = (text: string): string => createHash('sha256').update(text).digest('hex');

export const createValidationEngine = (options: ValidationEngineOptions = {}): ValidationEngine => {
  const profile = options.profile ?? 'kratos-v26';
  const cacheSize = options.cacheSize ?? 64;
  const cache = new Map<string, CompiledIdentitySchema>();
  return {
    profile,
    compile(input) {
      const schema = typeof input === 'string' ? parseJsonText(input, 'schema') : input;
      const text = typeof input === 'string' ? input : JSON.stringify(schema);
      if (text === undefined) throw schemaInvalid('The schema is not JSON.', [{ pointer: '#', keyword: null, message: 'not JSON' }]);
      const hash = hashSchema(text);
      const hit = cache.get(hash);
      if (hit !== undefined) {
        cache.delete(hash);
        cache.set(hash, hit);
        return hit;
      }
      const compiled = compileIdentitySchema(schema, hash, profile);
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
      cache.set(hash, compiled);
      return compiled;
    },
  };
};
