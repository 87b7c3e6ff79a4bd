/**
 * JSON Schemas for every method's positional arguments. The router validates calls against them
 * before a service sees the input, because the renderer (or a web page) is the attack surface.
 *
 * The schemas are built with the small typed builders below, so each one carries (for the compiler
 * only) the TypeScript type of the values it accepts. `ParamSchemas<DomainApi>` then demands, per
 * method, exactly one schema per parameter, optional ones marked with `optional`, each accepting
 * exactly the parameter's type: a schema and its method cannot drift apart. The output is plain
 * JSON Schema (ajv reads it), and `shared/` stays free of any validator dependency.
 */
import { BOUNDED_JSON_KEYWORD } from '../json-limits';

export type JsonSchema = { readonly [key: string]: unknown };

declare const VALUE: unique symbol;

declare const KEYS: unique symbol;

/** Every property path of a type (`.a`, `.a.b`, `.list[].c`), so optional properties count too. */
type KeyPaths<T, P extends string = ''> = T extends readonly (infer E)[]
  ? KeyPaths<E, `${P}[]`>
  : T extends object
    ? { [K in keyof T & string]-?: `${P}.${K}` | KeyPaths<NonNullable<T[K]>, `${P}.${K}`> }[keyof T & string]
    : never;

/**
 * A JSON Schema for values of type `T`. `T` exists only in the type: functions of `T` to `T` make
 * it invariant, so `Param<string>` is not a `Param<'a' | 'b'>` nor the other way round. Plain
 * assignability ignores an optional property that one side lacks, so the property paths are
 * compared as well: a schema with a property its type does not have (or without one it has) fails.
 */
export type Param<T> = JsonSchema & { readonly [VALUE]?: (value: T) => T; readonly [KEYS]?: (keys: KeyPaths<T>) => KeyPaths<T> };

/** The type of the values a schema built here accepts. */
export type ParamType<S> = S extends { readonly [VALUE]?: (value: infer T) => unknown } ? T : never;

/** Marks a trailing argument as optional; ajv ignores the unknown keyword, the router counts it. */
export const OPTIONAL = 'x-optional';
export type OptionalParam<T> = Param<T> & { readonly [OPTIONAL]: true };
type RequiredParam<T> = Param<T> & { readonly [OPTIONAL]?: never };

const typed = <T>(schema: JsonSchema): Param<T> => schema as Param<T>;

export const optional = <T>(schema: Param<T>): OptionalParam<T> => ({ ...schema, [OPTIONAL]: true }) as OptionalParam<T>;

export const string = (limits: { minLength?: number; maxLength?: number; pattern?: string; format?: string } = {}): Param<string> =>
  typed({ type: 'string', ...limits });

export const integer = (limits: { minimum?: number; maximum?: number } = {}): Param<number> => typed({ type: 'integer', ...limits });

export const boolean = (): Param<boolean> => typed({ type: 'boolean' });

/** One of a fixed list of strings. */
export const oneOfValues = <const V extends readonly string[]>(values: V): Param<V[number]> => typed({ enum: [...values] });

/** Any JSON value: traits and metadata, which the engine validates against the identity's schema. */
export const anyJson: Param<unknown> = typed({});
/** Any JSON within DOCUMENT_LIMITS (size, depth, array length): the router answers LIMIT_EXCEEDED beyond them. */
export const boundedJson: Param<unknown> = typed({ [BOUNDED_JSON_KEYWORD]: true });

export const nullable = <T>(schema: Param<T>): Param<T | null> =>
  typeof schema['type'] === 'string' ? typed({ ...schema, type: [schema['type'], 'null'] }) : typed({ anyOf: [schema, { type: 'null' }] });

export const either = <A, B>(a: Param<A>, b: Param<B>): Param<A | B> => typed({ oneOf: [a, b] });

export const array = <T>(items: Param<T>, limits: { minItems?: number; maxItems: number }): Param<T[]> =>
  typed({ type: 'array', items, ...limits });

/** An object whose keys are free and whose values all match `values`. */
export const record = <T>(values: Param<T>, limits: { maxProperties?: number } = {}): Param<Record<string, T>> =>
  typed({ type: 'object', additionalProperties: values, ...limits });

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ObjectType<P extends Record<string, JsonSchema>, R extends keyof P> = Simplify<
  { [K in R]: ParamType<P[K]> } & { [K in Exclude<keyof P, R>]?: ParamType<P[K]> }
>;

/**
 * An object with these properties, `required` ones required. Unknown keys are refused unless
 * `open` (then they pass through unchecked, so use it only where the service ignores them).
 */
export const object = <P extends Record<string, JsonSchema>, const R extends keyof P & string = never>(
  properties: P,
  options: { required?: readonly R[]; open?: boolean } = {},
): Param<ObjectType<P, NoInfer<R>>> =>
  typed({
    type: 'object',
    properties,
    ...(options.required && options.required.length > 0 ? { required: [...options.required] } : {}),
    ...(options.open ? {} : { additionalProperties: false }),
  });

/**
 * One schema per parameter, in order; an optional parameter needs an `optional(...)` schema. A rest
 * parameter (no fixed arity) has no schema list: the router needs one per position.
 */
export type SchemasFor<A extends readonly unknown[]> = number extends A['length']
  ? never
  : A extends readonly []
    ? readonly []
    : A extends readonly [infer H, ...infer R]
      ? readonly [RequiredParam<H>, ...SchemasFor<R>]
      : A extends readonly [(infer H)?, ...infer R]
        ? readonly [OptionalParam<Exclude<H, undefined>>, ...SchemasFor<R>]
        : never;

/** Argument schemas for each method of a domain API, arity and types checked against its signature. */
export type ParamSchemas<DomainApi> = {
  [M in keyof DomainApi]: DomainApi[M] extends (...args: infer A) => unknown ? SchemasFor<A> : never;
};

export const idParam = string({ minLength: 1, maxLength: 200 });
