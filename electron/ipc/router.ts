import type { ValidateFunction } from 'ajv';
import type { Api, MethodName } from '../../shared/api';
import { API_PARAMS } from '../../shared/api';
import { OPTIONAL } from '../../shared/api/params';
import type { ValidationIssue } from '../../shared/errors';
import { AppError, toWireError } from '../../shared/errors';
import { BOUNDED_JSON_KEYWORD } from '../../shared/json-limits';
import { createRequestAjv, errorPointer } from '../services/validation/request-ajv';
import type { Result } from '../../shared/result';
import { findProtoKey } from '../../shared/safe-keys';
import { asStoreError } from '../db/store-errors';
import { fail, ok } from '../../shared/result';

type Method = (...args: unknown[]) => Promise<unknown>;

export interface Router {
  call(method: string, args: unknown): Promise<Result<unknown>>;
  methods(): MethodName[];
}

const MAX_ARGS = 8;

/**
 * Flattens the Api object into a method table, checks every call's arguments against the
 * contract's JSON Schemas, and turns every outcome into data: the transports never see a throw.
 */
export const createRouter = (api: Api, log: (err: unknown) => void = console.error): Router => {
  const ajv = createRequestAjv();
  const table = new Map<string, { fn: Method; check: ValidateFunction }>();
  for (const [domain, methods] of Object.entries(api) as [keyof Api, Record<string, Method>][]) {
    const params = API_PARAMS[domain] as Record<string, readonly object[]>;
    for (const [name, fn] of Object.entries(methods)) {
      const schemas = params[name];
      if (!schemas) throw new Error(`No parameter schema for ${domain}.${name}`);
      const check = ajv.compile(argumentsSchema(schemas));
      table.set(`${domain}.${name}`, { fn: fn.bind(methods), check });
    }
  }
  return {
    methods: () => [...table.keys()] as MethodName[],
    call: async (method, args) => {
      const entry = table.get(method);
      if (!entry) return fail({ code: 'NOT_FOUND', message: `Unknown method: ${method.slice(0, 100)}` });
      if (!Array.isArray(args) || args.length > MAX_ARGS) {
        return fail({ code: 'VALIDATION_FAILED', message: 'Arguments must be an array.' });
      }
      // Every transport lands here (IPC, HTTP, in-process, the CLI), so this is where parsed JSON is kept off prototypes.
      const proto = findProtoKey(args, ['args']);
      if (proto !== null) return fail(protoArgument(method, proto));
      if (!entry.check(args)) return fail(invalidArguments(method, entry.check));
      try {
        // `undefined` would vanish in JSON; null keeps the envelope's shape on every transport.
        return ok((await entry.fn(...args)) ?? null);
      } catch (err) {
        return fail(toWireError(asStoreError(err), log));
      }
    },
  };
};

const argumentsSchema = (schemas: readonly object[]): object =>
  schemas.length === 0
    ? { type: 'array', maxItems: 0 }
    : { type: 'array', items: schemas, minItems: requiredCount(schemas), maxItems: schemas.length };

/** Arguments are required up to the first one marked optional (see `optional` in shared/api/params). */
const requiredCount = (schemas: readonly object[]): number => {
  const first = schemas.findIndex((s) => OPTIONAL in s);
  return first === -1 ? schemas.length : first;
};

const invalidArguments = (method: string, check: ValidateFunction) => {
  const errors = check.errors ?? [];
  const issues: ValidationIssue[] = errors.map((e) => ({
    pointer: errorPointer(e, '#/args'),
    keyword: e.keyword,
    source: 'request',
    message: e.message ?? 'is invalid',
  }));
  // A document over the size, depth or array limits is refused as a limit, like the sandbox refuses it.
  const limit = errors.find((e) => e.keyword === BOUNDED_JSON_KEYWORD);
  if (limit !== undefined) {
    const where = issues.find((i) => i.keyword === BOUNDED_JSON_KEYWORD)?.pointer ?? '#/args';
    return new AppError('LIMIT_EXCEEDED', `Invalid arguments for ${method}: ${where} ${limit.message ?? 'is too large'}.`, { issues }).toWire();
  }
  return new AppError('VALIDATION_FAILED', `Invalid arguments for ${method}.`, { issues }).toWire();
};

const protoArgument = (method: string, pointer: string) =>
  new AppError('VALIDATION_FAILED', `Invalid arguments for ${method}: the key "__proto__" is not allowed.`, {
    issues: [{ pointer, keyword: null, source: 'request', message: 'the key "__proto__" is not allowed (it would reach an object\'s prototype)' }],
  }).toWire();
