import { Ajv } from 'ajv';
import { BOUNDED_JSON_KEYWORD, documentLimitProblem } from '../../../shared/json-limits';

/**
 * The ajv that checks requests against the contract's parameter schemas (shared/api/*): the router's, and the
 * import's, which checks each record with `createIdentityInputSchema` so a row obeys exactly the API's rules.
 * Not the Kratos engine: these are our API's shapes, not identity schemas.
 */
export const createRequestAjv = (): Ajv => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  addBoundedJsonKeyword(ajv);
  return ajv;
};

type KeywordError = { keyword: string; instancePath: string; schemaPath: string; params: { pointer: string }; message: string };

/** `x-bounded-json` (shared/json-limits.ts): size, depth and array length of any JSON value, iteratively. */
const addBoundedJsonKeyword = (ajv: Ajv): void => {
  const check = (_schema: unknown, data: unknown, _parent?: unknown, where?: { instancePath: string }): boolean => {
    const problem = documentLimitProblem(data, '');
    if (problem === null) return true;
    const instancePath = where?.instancePath ?? '';
    check.errors = [{ keyword: BOUNDED_JSON_KEYWORD, instancePath, schemaPath: '', params: { pointer: problem.pointer }, message: problem.message }];
    return false;
  };
  check.errors = [] as KeywordError[];
  ajv.addKeyword({ keyword: BOUNDED_JSON_KEYWORD, errors: true, validate: check });
};

/** The pointer of an ajv error, including the part inside a too-big document that `x-bounded-json` names. */
export const errorPointer = (e: { keyword: string; instancePath: string; params: unknown }, prefix = '#'): string =>
  `${prefix}${e.instancePath}${e.keyword === BOUNDED_JSON_KEYWORD ? String((e.params as { pointer?: string }).pointer ?? '') : ''}`;
