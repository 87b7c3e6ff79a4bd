import { describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../../renderer/api/http-transport';

/** A fetch that records requests; the event stream stays open until aborted, as the host's does. */
const recordingFetch = () => {
  const requests: string[] = [];
  const encoder = new TextEncoder();
  const fetchImpl = (async (input: URL | RequestInfo, init?: RequestInit) => {
    const url = String(input);
    requests.push(url);
    if (url.endsWith('/api/events')) {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(`data: ${JSON.stringify({ name: 'identities.changed', payload: { ids: ['a'] } })}\n\n`));
          init?.signal?.addEventListener('abort', () => controller.error(new Error('aborted')));
        },
      });
      return new Response(body, { status: 200 });
    }
    return new Response(JSON.stringify({ ok: true, value: null }), { status: 200 });
  }) as typeof fetch;
  return { fetchImpl, requests };
};

describe('the HTTP transport', () => {
  it('opens one event stream for any number of subscribers and fans events out', async () => {
    const { fetchImpl, requests } = recordingFetch();
    const transport = createHttpTransport('http://127.0.0.1:1/', 'token', fetchImpl);
    const seen: number[] = [];
    const offs = [1, 2, 3, 4, 5, 6, 7].map((k) => transport.subscribe(() => seen.push(k)));
    await expect.poll(() => seen.length).toBe(7);
    expect(requests.filter((r) => r.endsWith('/api/events'))).toHaveLength(1);
    offs.forEach((off) => off());
  });

  it('accepts a success without a value (a method that returns nothing)', async () => {
    const fetchImpl = (async () => new Response('{"ok":true}', { status: 200 })) as unknown as typeof fetch;
    const result = await createHttpTransport('http://127.0.0.1:1/', 't', fetchImpl).call('identities.delete', ['x']);
    expect(result.ok).toBe(true);
  });
});
