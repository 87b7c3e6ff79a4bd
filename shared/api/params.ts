/**
 * JSON Schemas for every method's positional arguments. The router validates calls against them
 * before a service sees the input, because the renderer (or a web page) is the attack surface.
 * A plain JSON Schema object keeps `shared/` free of any validator dependency.
 */
import { BOUNDED_JSON_KEYWORD } from '../json-limits';

export type JsonSchema = { readonly [key: string]: unknown };

/** One schema per positional argument, for each method of a domain API. */
export type ParamSchemas<DomainApi> = {
  [M in keyof DomainApi]: readonly JsonSchema[];
};

export const idParam: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
export const anyJson: JsonSchema = {};
/** Any JSON within DOCUMENT_LIMITS (size, depth, array length): the router answers LIMIT_EXCEEDED beyond them. */
export const boundedJson: JsonSchema = { [BOUNDED_JSON_KEYWORD]: true };

/** Marks a trailing argument as optional; ajv ignores the unknown keyword, the router counts it. */
export const OPTIONAL = 'x-optional';
export const optional = (schema: JsonSchema): JsonSchema => ({ ...schema, [OPTIONAL]: true });
