import type { ValidationProfile } from '../../../shared/domain/app';
import type { ValidationResult } from '../../../shared/domain/validation';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';

/** What the identity store needs from the validation engine (electron/services/validation). */
export interface CompiledSchemaPort {
  validate(input: { traits: unknown }, profile?: ValidationProfile): ValidationResult;
  /** What the verdict depends on besides the traits (engine rules, schema, profile); see StoredIdentity.vouch. */
  stamp(profile?: ValidationProfile): string;
}
export type CompileSchema = (schemaJson: unknown) => CompiledSchemaPort;

export interface SchemaValidators {
  /** The compiled schema for an id; VALIDATION_FAILED when the store has no such schema. */
  forSchema(schemaId: string): CompiledSchemaPort;
  /** `settings.default_schema_id`, else the only schema, else an error. */
  defaultSchemaId(): string;
  /** The stored schema body (JSON text), or undefined when there is no such schema. */
  body(schemaId: string): string | undefined;
}

/**
 * A compile cache per schema id. Schema bodies are immutable once identities use them (design §6),
 * but a draft can change, so the cached entry is reused only while the stored body is the same.
 */
export const createSchemaValidators = (db: Db, compile: CompileSchema): SchemaValidators => {
  const bodyStatement = db.prepare('SELECT body FROM schemas WHERE id = ?').pluck();
  const defaultStatement = db.prepare("SELECT value FROM settings WHERE key = 'default_schema_id'").pluck();
  const firstStatement = db.prepare('SELECT id FROM schemas ORDER BY id LIMIT 2').pluck();
  const cache = new Map<string, { body: string; compiled: CompiledSchemaPort }>();
  return {
    body: (schemaId) => bodyStatement.get(schemaId) as string | undefined,
    forSchema: (schemaId) => {
      const body = bodyStatement.get(schemaId) as string | undefined;
      if (body === undefined) throw unknownSchema(schemaId);
      const hit = cache.get(schemaId);
      if (hit && hit.body === body) return hit.compiled;
      const compiled = compile(JSON.parse(body) as unknown);
      cache.set(schemaId, { body, compiled });
      return compiled;
    },
    defaultSchemaId: () => {
      const configured = defaultStatement.get() as string | undefined;
      if (configured !== undefined) return configured;
      const ids = firstStatement.all() as string[];
      if (ids.length === 1 && ids[0] !== undefined) return ids[0];
      throw new AppError('VALIDATION_FAILED', 'No default identity schema is set: choose a schema_id.', {
        issues: [{ pointer: '#/schema_id', keyword: 'required', source: 'request', message: 'no default schema is set' }],
      });
    },
  };
};

/**
 * The same validators with each schema read from the store once. Only for a caller inside one transaction or one
 * read (a batch of an import, a scan of the store), where no other connection can change a schema meanwhile:
 * fetching and comparing the schema's body for every row cost more than validating it.
 */
export const pinnedValidators = (validators: SchemaValidators): SchemaValidators => {
  const compiled = new Map<string, CompiledSchemaPort>();
  const bodies = new Map<string, string | undefined>();
  let defaultId: string | undefined;
  return {
    forSchema: (schemaId) => {
      let hit = compiled.get(schemaId);
      if (hit === undefined) {
        hit = validators.forSchema(schemaId);
        compiled.set(schemaId, hit);
      }
      return hit;
    },
    body: (schemaId) => {
      if (!bodies.has(schemaId)) bodies.set(schemaId, validators.body(schemaId));
      return bodies.get(schemaId);
    },
    defaultSchemaId: () => (defaultId ??= validators.defaultSchemaId()),
  };
};

const unknownSchema = (schemaId: string) =>
  new AppError('VALIDATION_FAILED', `Unable to find JSON Schema ID: ${schemaId.slice(0, 200)}`, {
    issues: [{ pointer: '#/schema_id', keyword: null, source: 'request', message: `unknown schema "${schemaId.slice(0, 200)}"` }],
  });
