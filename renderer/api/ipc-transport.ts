import type { Result } from '../../shared/result';
import type { Transport } from '../../shared/rpc';

/** What the preload exposes on `window.bridge`: two functions and nothing else. */
export interface Bridge {
  call(method: string, args: unknown[]): Promise<Result<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

export const createIpcTransport = (bridge: Bridge): Transport => ({
  call: (method, args) => bridge.call(method, args),
  subscribe: (listener) => bridge.subscribe(listener),
});
