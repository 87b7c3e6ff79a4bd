import { describe, expect, it } from 'vitest';
import type { ParamSchemas } from '../../../shared/api/params';
import { array, boolean, either, integer, nullable, object, oneOfValues, optional, record, string } from '../../../shared/api/params';

// The compile-time half of this file: `tsc -b` (npm run typecheck) fails if any `@ts-expect-error`
// below stops being an error, so these lines are the test that a schema cannot drift from its method.
interface Sample {
  get(id: string): Promise<void>;
  find(query: { text?: string; limit: number }, profile?: 'a' | 'b'): Promise<void>;
}

const good = {
  get: [string()],
  find: [object({ text: string(), limit: integer() }, { required: ['limit'] }), optional(oneOfValues(['a', 'b']))],
} satisfies ParamSchemas<Sample>;

export const drifts = [
  // @ts-expect-error a missing schema: arity is checked
  { get: [], find: good.find } satisfies ParamSchemas<Sample>,
  // @ts-expect-error one schema too many
  { get: [string(), string()], find: good.find } satisfies ParamSchemas<Sample>,
  // @ts-expect-error the schema accepts another type than the parameter
  { get: [integer()], find: good.find } satisfies ParamSchemas<Sample>,
  // @ts-expect-error an optional parameter needs an optional schema
  { get: good.get, find: [good.find[0], oneOfValues(['a', 'b'])] } satisfies ParamSchemas<Sample>,
  // @ts-expect-error a required parameter must not be marked optional
  { get: [optional(string())], find: good.find } satisfies ParamSchemas<Sample>,
  // @ts-expect-error an enum wider than the parameter's union
  { get: good.get, find: [good.find[0], optional(oneOfValues(['a', 'b', 'c']))] } satisfies ParamSchemas<Sample>,
  // @ts-expect-error a property the type requires is optional in the schema
  { get: good.get, find: [object({ text: string(), limit: integer() }), good.find[1]] } satisfies ParamSchemas<Sample>,
  // @ts-expect-error a property the type does not have
  { get: good.get, find: [object({ text: string(), limit: integer(), extra: boolean() }, { required: ['limit'] }), good.find[1]] } satisfies ParamSchemas<Sample>,
  // @ts-expect-error a property the schema forgot
  { get: good.get, find: [object({ limit: integer() }, { required: ['limit'] }), good.find[1]] } satisfies ParamSchemas<Sample>,
];

describe('typed parameter schemas', () => {
  it('build plain JSON Schema, closed objects unless open', () => {
    expect(good.find[0]).toEqual({
      type: 'object',
      properties: { text: { type: 'string' }, limit: { type: 'integer' } },
      required: ['limit'],
      additionalProperties: false,
    });
    expect(object({ a: string() }, { open: true })).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(good.find[1]).toEqual({ enum: ['a', 'b'], 'x-optional': true });
    expect(nullable(string({ maxLength: 3 }))).toEqual({ type: ['string', 'null'], maxLength: 3 });
    expect(nullable(oneOfValues(['x']))).toEqual({ anyOf: [{ enum: ['x'] }, { type: 'null' }] });
    expect(either(string(), record(integer()))).toEqual({ oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'integer' } }] });
    expect(array(boolean(), { maxItems: 2 })).toEqual({ type: 'array', items: { type: 'boolean' }, maxItems: 2 });
  });
});
