import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../electron/ipc/create-api';
import { createInProcessTransport } from '../../electron/ipc/in-process-transport';
import { createRouter } from '../../electron/ipc/router';
import { createServices, type Services } from '../../electron/services/create-services';
import { AppError } from '../../shared/errors';
import { createApiClient, type ApiClient } from '../../shared/rpc';
import { distinctObjects as objects, uniqueTagsSchema as schema } from '../fixtures/hostile-data';

/**
 * Issue 17 §2: no write can freeze the backend. `uniqueItems` is O(n²) in ajv, so 10,000 distinct objects under a
 * schema without `maxItems` used to block the host's event loop for seconds and then be stored. Writes are now
 * bounded at the router (size, depth, array length) and anything too big to validate inline is first validated in
 * the sandbox worker under its time limit. The sandbox limit is lowered to 1 s here: 10,000 of these objects take
 * about 17 s to validate (`uniqueItems`; measured with the engine on this project's 2-core machine) and 300 about
 * 20 ms, so the outcome does not depend on the machine.
 */
let services: Services;
let client: ApiClient;

const refusal = async (call: Promise<unknown>): Promise<AppError> => {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
};

/** Resolves with the order in which a zero-delay timer and the call settled: 'timer' first means no freeze. */
const firstToSettle = async (call: Promise<unknown>): Promise<string[]> => {
  const order: string[] = [];
  setTimeout(() => order.push('timer'), 0);
  await call.then(
    () => order.push('call'),
    () => order.push('call'),
  );
  return order;
};

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-write-limits-'));
  services = createServices({ dataDir, host: 'web', sandboxTimeoutMs: 1000 });
  client = createApiClient(createInProcessTransport(createRouter(createApi(services), () => undefined), services.events));
  await client.api.schemas.create({ id: 'tagged', schema });
});
afterAll(() => services.close());

describe('write limits (issue 17 §2)', () => {
  it('20,000 objects are refused at the boundary with LIMIT_EXCEEDED naming the array', async () => {
    const err = await refusal(client.api.identities.create({ schema_id: 'tagged', traits: { email: 'a@example.org', tags: objects(20_000) } }));
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.message).toContain('/traits/tags');
    expect((await client.api.search.count({ text: 'a@example.org' })).filtered).toBe(0);
  });

  it('10,000 objects under uniqueItems run out of the sandbox time limit and the host keeps answering', async () => {
    const call = client.api.identities.create({ schema_id: 'tagged', traits: { email: 'b@example.org', tags: objects(10_000) } });
    expect(await firstToSettle(call)).toEqual(['timer', 'call']);
    const err = await refusal(call);
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect((await client.api.search.count({ text: 'b@example.org' })).filtered).toBe(0);
  });

  it('a benign document above the inline limits is validated in the sandbox, then stored', async () => {
    const created = await client.api.identities.create({ schema_id: 'tagged', traits: { email: 'c@example.org', tags: objects(300) } });
    expect((created.traits as { tags: unknown[] }).tags).toHaveLength(300);
  });

  it('the sandbox verdict does not replace the store’s: invalid big traits are VALIDATION_FAILED', async () => {
    const err = await refusal(client.api.identities.create({ schema_id: 'tagged', traits: { email: 'not-an-email', tags: objects(300) } }));
    expect(err.code).toBe('VALIDATION_FAILED');
  });

  it('update and patch are bounded the same way', async () => {
    const small = await client.api.identities.create({ schema_id: 'tagged', traits: { email: 'd@example.org', tags: [] } });
    const update = await refusal(client.api.identities.update(small.id, { traits: { email: 'd@example.org', tags: objects(10_000) } }));
    expect(update.code).toBe('LIMIT_EXCEEDED');
    // A patch that grows the stored array: each value is small, the result is not.
    const ops = objects(1000).map((value) => ({ op: 'add' as const, path: '/traits/tags/-', value }));
    let last: AppError | null = null;
    for (let round = 0; round < 10 && last === null; round++) {
      try {
        await client.api.identities.patch(small.id, ops.map((o) => ({ ...o, value: { ...o.value, round } })));
      } catch (err) {
        last = err as AppError;
      }
    }
    expect(last?.code).toBe('LIMIT_EXCEEDED');
    expect((await client.api.identities.get(small.id)).revision).toBeLessThan(11);
  });

  it('metadata nested 1,000 deep is refused with LIMIT_EXCEEDED, not INTERNAL', async () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 1000; i++) deep = { d: deep };
    const err = await refusal(client.api.identities.create({ schema_id: 'tagged', traits: { email: 'e@example.org' }, metadata_public: deep }));
    expect(err.code).toBe('LIMIT_EXCEEDED');
  });
});
