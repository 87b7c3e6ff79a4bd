import { isWireError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { Transport } from '../../shared/rpc';

export const TOKEN_HEADER = 'x-identity-desk-token';

const networkFailure = (message: string): Result<never> => ({
  ok: false,
  error: { code: 'REMOTE_UNAVAILABLE', message },
});

const isResult = (value: unknown): value is Result<unknown> => {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true || ('error' in value && isWireError(value.error));
};

/**
 * The web host's transport: `POST /api/<method>` with the per-launch token as a header, and
 * events as server-sent events read through fetch (EventSource cannot send the header).
 */
export const createHttpTransport = (baseUrl: string, token: string, fetchImpl: typeof fetch = fetch): Transport => {
  const headers = { 'content-type': 'application/json', [TOKEN_HEADER]: token };
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let stream: AbortController | undefined;
  return {
    call: async (method, args) => {
      let response: Response;
      try {
        response = await fetchImpl(new URL(`api/${encodeURIComponent(method)}`, baseUrl), {
          method: 'POST',
          headers,
          body: JSON.stringify({ args }),
        });
      } catch {
        return networkFailure('The Identity Desk host is not reachable. Is `npm run serve` still running?');
      }
      if (response.status === 401)
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This page has no valid session token. Open the URL the host printed.' } };
      if (!response.ok) return networkFailure(`The host answered ${response.status}.`);
      const body: unknown = await response.json();
      return isResult(body) ? body : networkFailure('The host sent an answer this page does not understand.');
    },
    subscribe: (listener) => {
      listeners.add(listener);
      // One stream for every subscriber: browsers allow six connections per host, and each
      // open stream holds one, so a stream per subscription would starve the API calls.
      if (!stream) {
        stream = new AbortController();
        void readEvents(fetchImpl, new URL('api/events', baseUrl), headers, stream.signal, (name, payload) => {
          for (const l of [...listeners]) l(name, payload);
        });
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stream) {
          stream.abort();
          stream = undefined;
        }
      };
    },
  };
};

const RETRY_MS = 1000;

const readEvents = async (
  fetchImpl: typeof fetch,
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
  listener: (name: string, payload: unknown) => void,
): Promise<void> => {
  while (!signal.aborted) {
    try {
      const response = await fetchImpl(url, { headers, signal });
      if (!response.body) throw new Error('no body');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const frames = buffer.split('\n\n');
        buffer = frames.pop() ?? '';
        for (const frame of frames) dispatch(frame, listener);
      }
    } catch {
      // Reconnect below: the host may be restarting; aborts end the loop.
    }
    if (!signal.aborted) await new Promise((r) => setTimeout(r, RETRY_MS));
  }
};

const dispatch = (frame: string, listener: (name: string, payload: unknown) => void): void => {
  const data = frame
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice(6))
    .join('\n');
  if (!data) return;
  try {
    const event = JSON.parse(data) as { name?: unknown; payload?: unknown };
    if (typeof event.name === 'string') listener(event.name, event.payload);
  } catch {
    // A malformed frame is dropped; the next one is independent.
  }
};
