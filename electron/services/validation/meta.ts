import type { AnySchemaObject, ValidateFunction } from 'ajv';
import type { ValidationIssue } from '../../../shared/errors';
import {
  IDENTITY_META_SCHEMA,
  KRATOS_EXTENSION_META_SCHEMA,
} from '../../../shared/kratos/extension-meta-schema';
import { createKratosAjv } from './ajv-setup';
import { toIssues } from './issues';

/**
 * The compile-time checks Kratos runs on an identity schema (reference §2.1, §3.1, §3.2): the draft-07
 * meta-schema (with `format: regex` on RE2, so a look-around `pattern` fails here with its pointer), the
 * `ory.sh/kratos` meta-schema on every object of the document, and the identity meta-rules. Issues point into
 * the schema (`#/properties/traits/…`).
 */
interface MetaValidators {
  draft7: ValidateFunction;
  extension: ValidateFunction;
  identity: ValidateFunction;
}

let validators: MetaValidators | null = null;

const DRAFT_07_ID = 'http://json-schema.org/draft-07/schema';

const metaValidators = (): MetaValidators => {
  if (validators !== null) return validators;
  const ajv = createKratosAjv({ extension: false });
  const draft7 = ajv.getSchema(DRAFT_07_ID);
  if (draft7 === undefined) throw new Error('ajv has no draft-07 meta-schema');
  validators = {
    draft7,
    extension: ajv.compile(KRATOS_EXTENSION_META_SCHEMA as unknown as AnySchemaObject),
    identity: ajv.compile(IDENTITY_META_SCHEMA as unknown as AnySchemaObject),
  };
  return validators;
};

const run = (validate: ValidateFunction, schema: unknown): ValidationIssue[] =>
  validate(schema) ? [] : toIssues(validate.errors);

/** All meta-level issues of a (draft-07 normalized) identity schema; empty when Kratos would load it. */
export const checkMetaRules = (schema: unknown): ValidationIssue[] => {
  const v = metaValidators();
  const draftIssues = run(v.draft7, schema);
  if (draftIssues.length > 0) return draftIssues;
  return [...run(v.extension, schema), ...run(v.identity, schema)];
};
