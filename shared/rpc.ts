import type { Api, ApiEvents, EventName } from './api';
import { fromWireError } from './errors';
import type { Result } from './result';

/** What carries a call: IPC in the desktop shell, HTTP on loopback in the web host, a function call in tests. */
export interface Transport {
  call(method: string, args: unknown[]): Promise<Result<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

export type EventListener = <E extends EventName>(name: E, payload: ApiEvents[E]) => void;

export interface ApiClient {
  api: Api;
  /** Subscribe to backend events; returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

// Both proxy levels answer `undefined` for `then` and symbols, or `await api` would treat the
// client as a thenable and hang.
const isInert = (key: string | symbol): boolean => typeof key === 'symbol' || key === 'then';

/** A typed `Api` whatever transport carries it. A failed call rejects with an AppError. */
export const createApiClient = (transport: Transport): ApiClient => {
  const api = new Proxy({} as Api, {
    get: (_target, domain) => {
      if (isInert(domain)) return undefined;
      return new Proxy(
        {},
        {
          get: (_t, method) => {
            if (isInert(method)) return undefined;
            return async (...args: unknown[]) => {
              const result = await transport.call(`${String(domain)}.${String(method)}`, args);
              if (!result.ok) throw fromWireError(result.error);
              return result.value;
            };
          },
        },
      );
    },
  });
  const on = <E extends EventName>(name: E, listener: (payload: ApiEvents[E]) => void) =>
    transport.subscribe((eventName, payload) => {
      if (eventName === name) listener(payload as ApiEvents[E]);
    });
  return { api, on };
};
