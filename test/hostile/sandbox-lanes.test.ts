import { afterAll, describe, expect, it } from 'vitest';
import { createSandboxedValidator } from '../../electron/services/validation/index';
import { distinctObjects, uniqueTagsSchema } from '../fixtures/hostile-data';

/**
 * Issue 17 §2: hostile validations must not starve benign ones. The sandbox used to be one worker with one queue, so
 * a benign check waited behind five hostile ones (5 × the time limit). Small requests now have their own lane. The
 * test asserts the order in which the calls settle and their outcomes, never a duration.
 */
const sandbox = createSandboxedValidator({ timeoutMs: 1000 });
afterAll(() => sandbox.close());

const schema = JSON.stringify(uniqueTagsSchema);
// Seconds of `uniqueItems` work each (see test/fixtures/hostile-data.ts), so every one of them runs into the 1 s limit.
const hostile = { email: 'h@example.org', tags: distinctObjects(10_000) };
const benign = { email: 'not-an-email' };

describe('sandbox lanes', () => {
  it('a benign check settles before five hostile ones queued ahead of it, and gets its verdict', async () => {
    const order: string[] = [];
    const outcome = (name: string, p: Promise<unknown>) =>
      p.then(
        (value) => {
          order.push(name);
          return { ok: true, value };
        },
        (err: { code?: string }) => {
          order.push(name);
          return { ok: false, code: err.code };
        },
      );
    // Both lanes' workers would otherwise boot at once, and under load the small one can boot later than the big
    // one's first time limit: start the small lane first (before the fix this went to the one shared worker too).
    await sandbox.validate(schema, { email: 'warm@example.org' });
    const hostiles = Array.from({ length: 5 }, (_, i) => outcome(`hostile-${i}`, sandbox.validate(schema, hostile)));
    const good = outcome('benign', sandbox.validate(schema, benign));
    const results = await Promise.all([...hostiles, good]);
    expect(order[0]).toBe('benign');
    expect(results.slice(0, 5).map((r) => ('code' in r ? r.code : 'ok'))).toEqual(Array(5).fill('LIMIT_EXCEEDED'));
    const verdict = results[5] as { ok: boolean; value: { valid: boolean; errors: { message: string }[] } };
    expect(verdict.ok).toBe(true);
    expect(verdict.value.valid).toBe(false);
    expect(verdict.value.errors[0]?.message).toBe('"not-an-email" is not valid "email"');
  });
});
