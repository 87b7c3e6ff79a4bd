import type { KratosEmulator } from './index';

/** A raw HTTP call for the emulator's tests: what a sync client would see on the wire. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export const call = async (
  emu: Pick<KratosEmulator, 'url' | 'key'>,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string>; auth?: boolean; signal?: AbortSignal } = {},
): Promise<Reply> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== false && emu.key !== undefined) headers.authorization = `Bearer ${emu.key}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = body;
  if (options.signal !== undefined) init.signal = options.signal;
  const res = await fetch(`${emu.url}${path}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
};

/** The URL of `rel` in a Link header, or undefined. */
export const linkOf = (link: string | null, rel: string): string | undefined => {
  if (link === null) return undefined;
  for (const part of link.split(',')) {
    const match = /^\s*<([^>]*)>;\s*rel="([^"]+)"\s*$/.exec(part);
    if (match?.[2] === rel) return match[1];
  }
  return undefined;
};
