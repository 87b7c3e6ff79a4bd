import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, linkOf } from './call';
import { startKratosEmulator, type KratosEmulator } from './index';
import { specErrors, specErrorsForList } from './spec-check';

const ZERO = '00000000-0000-0000-0000-000000000000';

describe('Kratos emulator: GET /admin/identities (reference §4.3), self-hosted', () => {
  let emu: KratosEmulator;
  beforeAll(async () => {
    emu = await startKratosEmulator({ seed: 1203 });
  });
  afterAll(() => emu.close());

  it('pages by id ascending, following rel="next" until it is missing, each identity once', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/admin/identities?page_size=500';
    let pages = 0;
    while (next !== undefined) {
      const reply = await call(emu, 'GET', next);
      expect(reply.status).toBe(200);
      expect(specErrorsForList('identity', reply.json)).toEqual([]);
      seen.push(...(reply.json as { id: string }[]).map((i) => i.id));
      next = linkOf(reply.headers.get('link'), 'next');
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...emu.state.ids()]);
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(1203);
  });

  it('formats Link exactly as Kratos: relative, sorted query, first = zero UUID, next = last id of the page', async () => {
    const reply = await call(emu, 'GET', '/admin/identities');
    const body = reply.json as { id: string }[];
    expect(body).toHaveLength(250);
    expect(reply.headers.get('link')).toBe(
      `</admin/identities?page_size=250&page_token=${ZERO}>; rel="first",</admin/identities?page_size=250&page_token=${body.at(-1)?.id}>; rel="next"`,
    );
  });

  it('keeps the other query parameters in the links, and the self-hosted admin port adds /admin', async () => {
    const reply = await call(emu, 'GET', '/identities?include_credential=password&page_size=2');
    expect(reply.status).toBe(200);
    expect(linkOf(reply.headers.get('link'), 'next')).toMatch(
      /^\/admin\/identities\?include_credential=password&page_size=2&page_token=[0-9a-f-]{36}$/,
    );
  });

  it('caps page_size at 500 silently and refuses a non-numeric one', async () => {
    const capped = await call(emu, 'GET', '/admin/identities?page_size=1000');
    expect(capped.json).toHaveLength(500);
    expect(linkOf(capped.headers.get('link'), 'next')).toContain('page_size=500');
    const bad = await call(emu, 'GET', '/admin/identities?page_size=ten');
    expect(bad.status).toBe(400);
    expect(specErrors('errorGeneric', bad.json)).toEqual([]);
  });

  it('the last page has no next link', async () => {
    const first = await call(emu, 'GET', '/admin/identities?page_size=500');
    const second = await call(emu, 'GET', linkOf(first.headers.get('link'), 'next') ?? '');
    const third = await call(emu, 'GET', linkOf(second.headers.get('link'), 'next') ?? '');
    expect(third.json).toHaveLength(203);
    expect(linkOf(third.headers.get('link'), 'next')).toBeUndefined();
    expect(linkOf(third.headers.get('link'), 'first')).toBe(`/admin/identities?page_size=500&page_token=${ZERO}`);
  });

  it('lists without credentials, unless include_credential asks (then with that config only)', async () => {
    const plain = (await call(emu, 'GET', '/admin/identities?page_size=5')).json as Record<string, unknown>[];
    expect(plain.every((i) => !('credentials' in i))).toBe(true);
    const withPassword = (await call(emu, 'GET', '/admin/identities?page_size=5&include_credential=password')).json as {
      credentials: Record<string, { config?: { hashed_password?: string } }>;
    }[];
    expect(withPassword[0]?.credentials.password?.config?.hashed_password).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(withPassword[0]?.credentials.code?.config).toBeUndefined();
    const invalid = await call(emu, 'GET', '/admin/identities?include_credential=magic');
    expect(invalid.status).toBe(400);
  });

  it('credentials_identifier matches after normalization and returns credentials without config', async () => {
    const someone = emu.state.get(emu.state.ids()[7] ?? '');
    const identifier = ((someone?.credentials as Record<string, { identifiers: string[] }>).password?.identifiers[0] ?? '').toUpperCase();
    const reply = await call(emu, 'GET', `/admin/identities?credentials_identifier=${encodeURIComponent(` ${identifier} `)}`);
    const found = reply.json as { id: string; credentials: Record<string, Record<string, unknown>> }[];
    expect(found.map((i) => i.id)).toEqual([someone?.id]);
    expect(found[0]?.credentials.password).toBeDefined();
    expect(found[0]?.credentials.password).not.toHaveProperty('config');
  });

  it('ids: at most 500, valid UUIDs, unknown ones ignored, no pagination', async () => {
    const [a = '', b = ''] = emu.state.ids();
    const ok = await call(emu, 'GET', `/admin/identities?ids=${a}&ids=${b}&ids=${crypto.randomUUID()}`);
    expect((ok.json as { id: string }[]).map((i) => i.id).sort()).toEqual([a, b].sort());
    expect(ok.headers.get('link')).toBeNull();
    const bad = await call(emu, 'GET', '/admin/identities?ids=nope');
    expect((bad.json as { error: { reason: string } }).error.reason).toBe('Invalid UUID value `nope` for parameter `ids`.');
    const many = Array.from({ length: 501 }, () => `ids=${crypto.randomUUID()}`).join('&');
    const tooMany = await call(emu, 'GET', `/admin/identities?${many}`);
    expect((tooMany.json as { error: { reason: string } }).error.reason).toBe('The number of ids to filter must not exceed 500.');
  });

  it('escapes kept parameters in the links as Go does (QueryEscape: @ is %40, space is +)', async () => {
    const reply = await call(
      emu,
      'GET',
      `/admin/identities?preview_credentials_identifier_similar=${encodeURIComponent('a b@')}&page_size=1`,
    );
    expect(linkOf(reply.headers.get('link'), 'first')).toBe(
      `/admin/identities?page_size=1&page_token=${ZERO}&preview_credentials_identifier_similar=a+b%40`,
    );
  });

  it('finds an identity by external id (404 for an unknown one)', async () => {
    const id = emu.state.ids()[3] ?? '';
    emu.state.update(id, (doc) => ({ ...doc, external_id: 'crm:42' }));
    const found = await call(emu, 'GET', `/admin/identities/by/external/${encodeURIComponent('crm:42')}`);
    expect((found.json as { id: string }).id).toBe(id);
    expect((await call(emu, 'GET', '/admin/identities/by/external/none')).status).toBe(404);
  });

  it('refuses two filters in one request', async () => {
    const reply = await call(emu, 'GET', `/admin/identities?ids=${emu.state.ids()[0]}&credentials_identifier=x@example.com`);
    expect(reply.status).toBe(400);
    expect((reply.json as { error: { reason: string } }).error.reason).toBe('You cannot combine multiple filters in this API');
  });

  it('legacy page/per_page adds X-Total-Count and stops at 1000 items', async () => {
    const ok = await call(emu, 'GET', '/admin/identities?page=2&per_page=500');
    expect(ok.json).toHaveLength(500);
    expect(ok.headers.get('x-total-count')).toBe('1203');
    const beyond = await call(emu, 'GET', '/admin/identities?page=3&per_page=500');
    expect(beyond.status).toBe(400);
    expect((beyond.json as { error: { reason: string } }).error.reason).toMatch(
      /^Legacy pagination is not supported for enumerating over 1000 items/,
    );
  });

  it('the log tells followed links from constructed page tokens', async () => {
    emu.log.clear();
    const first = await call(emu, 'GET', '/admin/identities?page_size=10');
    await call(emu, 'GET', linkOf(first.headers.get('link'), 'next') ?? '');
    expect(emu.log.constructedPageTokens()).toEqual([]);
    await call(emu, 'GET', `/admin/identities?page_size=10&page_token=${emu.state.ids()[40]}`);
    expect(emu.log.constructedPageTokens()).toHaveLength(1);
  });
});

describe('Kratos emulator: Ory Network page tokens', () => {
  it('are opaque: a UUID built by the client is refused', async () => {
    const emu = await startKratosEmulator({ kind: 'ory-network', seed: 30, rateLimit: false });
    try {
      const first = await call(emu, 'GET', '/admin/identities?page_size=10');
      const next = linkOf(first.headers.get('link'), 'next') ?? '';
      expect(next).toMatch(/^\/admin\/identities\?page_size=10&page_token=[A-Za-z0-9_-]+$/);
      expect((await call(emu, 'GET', next)).status).toBe(200);
      const built = await call(emu, 'GET', `/admin/identities?page_size=10&page_token=${(first.json as { id: string }[])[9]?.id}`);
      expect(built.status).toBe(400);
      expect(emu.log.constructedPageTokens()).toHaveLength(1);
    } finally {
      await emu.close();
    }
  });
});
