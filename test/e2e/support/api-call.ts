import type { RunningHost } from './web-host-process';

const TOKEN_HEADER = 'x-identity-desk-token';

/**
 * Calls the web host's API from the test process, the way the page does, so a test can check what
 * was (or was not) stored without trusting the UI it is testing.
 */
export const apiCall = async <T>(host: RunningHost, method: string, ...args: unknown[]): Promise<T> => {
  const response = await fetch(new URL(`api/${method}`, host.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token },
    body: JSON.stringify({ args }),
  });
  const body = (await response.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
  return body.value;
};
