import { afterAll, describe, expect, it } from 'vitest';
import { createSandboxedValidator } from '../../../electron/services/validation/index';
import { AppError } from '../../../shared/errors';

/**
 * Design §5: hostile input gives a typed AppError, never a hang; the worker is respawned after a kill.
 * How long a refusal takes is for `npm run bench`, not here: a time limit in a test fails on a busy machine.
 */
const sandbox = createSandboxedValidator({ timeoutMs: 2000 });
afterAll(() => sandbox.close());

const traits = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...extra,
  properties: { traits: { type: 'object', properties } },
});

const refusal = async (promise: Promise<unknown>): Promise<{ err: AppError }> => {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return { err: err as AppError };
  }
  throw new Error('expected a refusal');
};

describe('sandboxed validator', () => {
  it('validates a good schema and reports Kratos issues', async () => {
    const schema = JSON.stringify(traits({ email: { type: 'string', format: 'email' } }));
    await expect(sandbox.checkSchema(schema)).resolves.toEqual({ ok: true });
    const r = await sandbox.validate(schema, { email: 'nope' }, 'kratos-v26');
    expect(r.errors[0]?.message).toBe('"nope" is not valid "email"');
  });

  it('invalid JSON is SCHEMA_INVALID', async () => {
    const { err } = await refusal(sandbox.checkSchema('{"properties": '));
    expect(err.code).toBe('SCHEMA_INVALID');
  });

  it('{"$ref":"#"} is refused', async () => {
    const { err } = await refusal(sandbox.checkSchema({ $ref: '#' }));
    expect(err.code).toBe('SCHEMA_INVALID');
  });

  it('a self-referential definition cycle is refused as a $ref cycle', async () => {
    const schema = { ...traits({ a: { $ref: '#/definitions/x' } }), definitions: { x: { allOf: [{ $ref: '#/definitions/x' }] } } };
    const { err } = await refusal(sandbox.checkSchema(schema));
    expect(err.message).toMatch(/self-referential \$ref cycle/);
  });

  it('600-level nesting is LIMIT_EXCEEDED', async () => {
    let node: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 600; i++) node = { type: 'object', properties: { n: node } };
    const { err } = await refusal(sandbox.checkSchema(traits({ deep: node })));
    expect(err.code).toBe('LIMIT_EXCEEDED');
  });

  it('a 100k-value enum is LIMIT_EXCEEDED', async () => {
    const values = Array.from({ length: 100_000 }, (_, i) => `v${i}`);
    const { err } = await refusal(sandbox.checkSchema(traits({ e: { enum: values } })));
    expect(err.code).toBe('LIMIT_EXCEEDED');
  });

  it('a $ref fan-out bomb is LIMIT_EXCEEDED', async () => {
    const definitions: Record<string, unknown> = { d0: { type: 'string' } };
    for (let i = 1; i <= 12; i++) definitions[`d${i}`] = { allOf: Array.from({ length: 8 }, () => ({ $ref: `#/definitions/d${i - 1}` })) };
    const { err } = await refusal(sandbox.checkSchema({ ...traits({ a: { $ref: '#/definitions/d12' } }), definitions }));
    expect(err.code).toBe('LIMIT_EXCEEDED');
  });

  it('a catastrophic-backtracking regex is harmless under RE2', async () => {
    const schema = traits({ s: { type: 'string', pattern: '^(a+)+$' } });
    // A backtracking engine would not come back from this in the test's lifetime; RE2 answers in linear time.
    const r = await sandbox.validate(schema, { s: `${'a'.repeat(50_000)}!` }, 'kratos-v26');
    expect(r.valid).toBe(false);
  });

  it('a schema over 1 MiB is LIMIT_EXCEEDED', async () => {
    const { err } = await refusal(sandbox.checkSchema(JSON.stringify(traits({ a: { description: 'x'.repeat(1_100_000) } }))));
    expect(err.code).toBe('LIMIT_EXCEEDED');
  });

  it('a request that exceeds the wall clock is LIMIT_EXCEEDED and the worker is replaced', async () => {
    const slow = createSandboxedValidator({ timeoutMs: 500 });
    try {
      // 9k-value object enum against 30k items: ~270M comparisons, seconds of real work.
      const values = Array.from({ length: 9_000 }, (_, i) => ({ k: i, pad: 'p'.repeat(10) }));
      const items = Array.from({ length: 30_000 }, (_, i) => ({ k: -i, pad: 'p'.repeat(10) }));
      const schema = traits({ l: { type: 'array', items: { enum: values } } });
      const { err } = await refusal(slow.validate(schema, { l: items }, 'kratos-v26'));
      expect(err.code).toBe('LIMIT_EXCEEDED');
      const ok = await slow.validate(traits({ a: { type: 'string' } }), { a: 'fine' }, 'kratos-v26');
      expect(ok.valid).toBe(true);
    } finally {
      await slow.close();
    }
  }, 20_000);
});
