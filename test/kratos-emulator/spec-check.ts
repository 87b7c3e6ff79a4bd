import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Run-time check of emulator answers against the Kratos v26.2.0 OpenAPI spec
 * (`../shared/kratos/openapi.json`, components/schemas with $refs resolved by ajv). OpenAPI 3.0's
 * `nullable` is rewritten to a JSON Schema type union first, since ajv needs `type` beside it.
 */
const SPEC_PATH = new URL('../../../shared/kratos/openapi.json', import.meta.url);

const rewriteNullable = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = rewriteNullable(value);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
  }
  return out;
};

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let ajv: Ajv | undefined;
const load = (): Ajv => {
  if (ajv !== undefined) return ajv;
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as { components: unknown };
  const instance = new Ajv({ strict: false, allErrors: true, logger: false });
  instance.addFormat('date-time', DATE_TIME);
  instance.addFormat('uuid', UUID);
  instance.addFormat('uuid4', UUID);
  instance.addFormat('int64', true);
  instance.addFormat('int32', true);
  instance.addSchema({ $id: 'kratos-openapi', components: rewriteNullable(spec.components) });
  ajv = instance;
  return instance;
};

const validators = new Map<string, ValidateFunction>();

/** Errors of `value` against `#/components/schemas/<name>`, `[]` when it conforms. */
export const specErrors = (name: string, value: unknown): string[] => {
  let validate = validators.get(name);
  if (validate === undefined) {
    validate = load().compile({ $ref: `kratos-openapi#/components/schemas/${name}` });
    validators.set(name, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`);
};

/** The same for an array of `<name>` (list responses). */
export const specErrorsForList = (name: string, value: unknown): string[] =>
  Array.isArray(value) ? value.flatMap((item, i) => specErrors(name, item).map((e) => `[${i}]${e}`)) : ['not an array'];
