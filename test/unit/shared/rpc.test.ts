import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { Result } from '../../../shared/result';
import { createApiClient, type Transport } from '../../../shared/rpc';

const recording = (answer: Result<unknown>) => {
  const calls: [string, unknown[]][] = [];
  let listener: ((name: string, payload: unknown) => void) | undefined;
  const transport: Transport = {
    call: async (method, args) => {
      calls.push([method, args]);
      return answer;
    },
    subscribe: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
  };
  return { transport, calls, emit: (name: string, payload: unknown) => listener?.(name, payload) };
};

describe('createApiClient', () => {
  it('turns api.domain.method(args) into one call named domain.method', async () => {
    const t = recording({ ok: true, value: 42 });
    const { api } = createApiClient(t.transport);
    await expect(api.app.info()).resolves.toBe(42);
    expect(t.calls).toEqual([['app.info', []]]);
  });

  it('rejects with an AppError carrying code and details', async () => {
    const t = recording({ ok: false, error: { code: 'CONFLICT', message: 'taken', details: { pointer: '#/traits/email' } } });
    const { api } = createApiClient(t.transport);
    const error = await api.app.info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'CONFLICT', message: 'taken', details: { pointer: '#/traits/email' } });
  });

  it('is not a thenable, so it can be awaited and returned from async functions', async () => {
    const { api } = createApiClient(recording({ ok: true, value: 1 }).transport);
    const returned = await (async () => api)();
    expect(returned).toBe(api);
    expect((api as unknown as { then?: unknown }).then).toBeUndefined();
    expect((api.app as unknown as { then?: unknown }).then).toBeUndefined();
  });

  it('delivers only the events a listener asked for', () => {
    const t = recording({ ok: true, value: null });
    const client = createApiClient(t.transport);
    const seen: unknown[] = [];
    const off = client.on('identities.changed', (p) => seen.push(p));
    t.emit('schemas.changed', { ids: ['x'] });
    t.emit('identities.changed', { ids: ['a'] });
    off();
    t.emit('identities.changed', { ids: ['b'] });
    expect(seen).toEqual([{ ids: ['a'] }]);
  });
});
