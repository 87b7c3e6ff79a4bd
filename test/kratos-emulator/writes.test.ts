import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './call';
import { startKratosEmulator, type KratosEmulator } from './index';
import { specErrors } from './spec-check';

type Err = { error: { code: number; status: string; message: string; reason?: string } };
type Identity = Record<string, unknown> & {
  id: string;
  traits: Record<string, unknown>;
  updated_at: string;
  credentials?: Record<string, { identifiers: string[]; config?: Record<string, unknown> }>;
  verifiable_addresses?: { value: string; verified: boolean; status: string; verified_at?: string }[];
};

const NANOS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,9}Z$/;

describe('Kratos emulator: writes (reference §4.4–4.5), self-hosted v26.2.0', () => {
  let emu: KratosEmulator;
  beforeAll(async () => {
    emu = await startKratosEmulator({ seed: 20 });
  });
  afterAll(() => emu.close());

  const create = async (email: string, extra: Record<string, unknown> = {}) =>
    call(emu, 'POST', '/admin/identities', { body: { schema_id: 'default', traits: { email }, ...extra } });

  it('POST answers 201 with Location, traits as sent, identifiers and addresses lowercased, no config', async () => {
    const reply = await create('Dana.Scully@FBI.example.com', { credentials: { password: { config: { password: 'trustno1!' } } } });
    expect(reply.status).toBe(201);
    const body = reply.json as Identity;
    expect(reply.headers.get('location')).toBe(`${emu.url}/identities/${body.id}`);
    expect(specErrors('identity', body)).toEqual([]);
    expect(body.traits.email).toBe('Dana.Scully@FBI.example.com');
    expect(body.credentials?.password?.identifiers).toEqual(['dana.scully@fbi.example.com']);
    expect(body.credentials?.password).not.toHaveProperty('config');
    expect(body.verifiable_addresses?.[0]).toMatchObject({ value: 'dana.scully@fbi.example.com', verified: false, status: 'pending' });
    expect(body.created_at).toMatch(NANOS);
    const stored = emu.state.get(body.id) as Identity;
    expect(stored.credentials?.password?.config?.hashed_password).toMatch(/^\$2a\$10\$/);
  });

  it('the create decoder is strict: id, schema_url and (in v26.2.0) region are refused', async () => {
    for (const field of ['id', 'schema_url', 'region']) {
      const reply = await create(`${field}@example.com`, { [field]: 'x' });
      expect(reply.status).toBe(400);
      expect((reply.json as Err).error.message).toBe(`json: unknown field "${field}"`);
      expect(specErrors('errorGeneric', reply.json)).toEqual([]);
    }
  });

  it('409 on an identifier that differs only in case, with the Kratos body', async () => {
    expect((await create('mulder@example.com')).status).toBe(201);
    const clash = await create('MULDER@example.com');
    expect(clash.status).toBe(409);
    expect(clash.json).toEqual({
      error: {
        code: 409,
        status: 'Conflict',
        reason: 'This identity conflicts with another identity that already exists.',
        message: 'The resource could not be created due to a conflict',
      },
    });
  });

  it('refuses traits that fail the schema, with the ory/jsonschema text in reason', async () => {
    const missing = await call(emu, 'POST', '/admin/identities', { body: { traits: { name: { first: 'X' } } } });
    expect((missing.json as Err).error.reason).toBe('I[#/traits] S[#/properties/traits/required] missing properties: "email"');
    const wrongType = await create('t@example.com', { traits: { email: 't@example.com', phone: 42 } });
    expect((wrongType.json as Err).error.reason).toBe(
      'I[#/traits/phone] S[#/properties/traits/properties/phone/type] expected string, but got integer',
    );
    const unknownSchema = await create('u@example.com', { schema_id: 'nope' });
    expect((unknownSchema.json as Err).error.reason).toBe('Unable to find JSON Schema ID: nope');
    const badState = await create('s@example.com', { state: 'paused' });
    expect((badState.json as Err).error.reason).toBe('identity state is not valid');
    const badHash = await create('h@example.com', { credentials: { password: { config: { hashed_password: 'plain' } } } });
    expect((badHash.json as Err).error.reason).toMatch(/^The imported password does not match any known hash format\./);
  });

  it('PUT replaces traits and metadata, keeps what it leaves empty, bumps updated_at and state_changed_at', async () => {
    const created = (await create('skinner@example.com', { metadata_admin: { a: 1 } })).json as Identity;
    const reply = await call(emu, 'PUT', `/admin/identities/${created.id}`, {
      body: { schema_id: '', state: 'inactive', traits: { email: 'skinner@example.com', name: { first: 'Walter' } }, unknown_field: 1 },
    });
    expect(reply.status).toBe(200);
    const body = reply.json as Identity;
    expect(body.metadata_admin).toBeNull();
    expect(body.schema_id).toBe('default');
    expect(body.state).toBe('inactive');
    expect(body.state_changed_at).not.toBe(created.state_changed_at);
    expect(body.updated_at > created.updated_at).toBe(true);
    expect(body.created_at).toBe(created.created_at);
  });

  it('PUT and PATCH answer 409 with the database-layer message on a clash', async () => {
    const a = (await create('krycek@example.com')).json as Identity;
    await create('cancer.man@example.com');
    const put = await call(emu, 'PUT', `/admin/identities/${a.id}`, { body: { traits: { email: 'Cancer.Man@example.com' } } });
    expect(put.status).toBe(409);
    expect((put.json as Err).error).toEqual({
      code: 409,
      status: 'Conflict',
      message: 'Unable to insert or update resource because a resource with that value exists already',
    });
    const patch = await call(emu, 'PATCH', `/admin/identities/${a.id}`, {
      body: [{ op: 'replace', path: '/traits/email', value: 'cancer.man@example.com' }],
    });
    expect(patch.status).toBe(409);
  });

  it('PATCH: add/remove/replace, replace of a missing path adds, verified=true sets verified_at, derived data recomputed', async () => {
    const a = (await create('byers@example.com')).json as Identity;
    const reply = await call(emu, 'PATCH', `/admin/identities/${a.id}`, {
      body: [
        { op: 'replace', path: '/traits/email', value: 'Byers@Lone-Gunmen.example.com' },
        { op: 'replace', path: '/metadata_public/newsletter/issue', value: 3 },
        { op: 'add', path: '/traits/name', value: { first: 'John' } },
      ],
    });
    expect(reply.status).toBe(200);
    const body = reply.json as Identity;
    expect(body.metadata_public).toEqual({ newsletter: { issue: 3 } });
    expect(body.credentials?.password?.identifiers).toEqual(['byers@lone-gunmen.example.com']);
    expect(body.verifiable_addresses?.map((v) => v.value)).toEqual(['byers@lone-gunmen.example.com']);
    const verified = (
      await call(emu, 'PATCH', `/admin/identities/${a.id}`, {
        body: [{ op: 'replace', path: '/verifiable_addresses/0/verified', value: true }],
      })
    ).json as Identity;
    expect(verified.verifiable_addresses?.[0]?.verified).toBe(true);
    expect(verified.verifiable_addresses?.[0]?.verified_at).toMatch(NANOS);
    expect(verified.verifiable_addresses?.[0]?.status).toBe('pending');
    const hash = await call(emu, 'PATCH', `/admin/identities/${a.id}`, {
      body: [{ op: 'add', path: '/credentials/password/config/hashed_password', value: '$2a$10$abcdefghijklmnopqrstuv' }],
    });
    expect(hash.status).toBe(200);
  });

  it('PATCH refuses move/copy/test, denied paths (case-insensitive) and an empty body; applies nothing then', async () => {
    const a = (await create('frohike@example.com')).json as Identity;
    const cases: [unknown, string][] = [
      [[{ op: 'move', from: '/traits/email', path: '/traits/x' }], 'unsupported operation: move'],
      [[{ op: 'test', path: '/state', value: 'active' }], 'unsupported operation: test'],
      [[{ op: 'replace', path: '/ID', value: 'x' }], 'patch includes denied path: /ID'],
      [[{ op: 'remove', path: '/credentials' }], 'patch includes denied path: /credentials'],
      [
        [{ op: 'add', path: '/credentials/oidc/config/providers/-', value: {} }],
        'patch includes denied path: /credentials/oidc/config/providers/-',
      ],
      [
        [
          { op: 'replace', path: '/metadata_admin', value: { applied: true } },
          { op: 'replace', path: '/stateChangedAt', value: 'x' },
        ],
        'patch includes denied path: /stateChangedAt',
      ],
    ];
    for (const [body, message] of cases) {
      const reply = await call(emu, 'PATCH', `/admin/identities/${a.id}`, { body });
      expect(reply.status).toBe(400);
      expect((reply.json as Err).error.message).toBe(message);
    }
    expect(emu.state.get(a.id)?.metadata_admin).toBeNull();
    expect((await call(emu, 'PATCH', `/admin/identities/${a.id}`, { rawBody: '' })).json).toMatchObject({
      error: { message: 'unexpected end of JSON input' },
    });
    const state = await call(emu, 'PATCH', `/admin/identities/${a.id}`, { body: [{ op: 'replace', path: '/state', value: 'x' }] });
    expect((state.json as Err).error.reason).toBe("The supplied state ('x') was not valid. Valid states are ('active', 'inactive').");
    expect(emu.log.forbiddenPatchOps().length).toBeGreaterThanOrEqual(cases.length);
  });

  it('DELETE answers 204, then 404; GET of an unknown id is 404', async () => {
    const a = (await create('deleted@example.com')).json as Identity;
    const gone = await call(emu, 'DELETE', `/admin/identities/${a.id}`);
    expect(gone.status).toBe(204);
    expect(gone.text).toBe('');
    expect((await call(emu, 'DELETE', `/admin/identities/${a.id}`)).status).toBe(404);
    const get = await call(emu, 'GET', `/admin/identities/${a.id}`);
    expect(get.json).toEqual({ error: { code: 404, status: 'Not Found', message: 'Unable to locate the resource' } });
  });

  it('batch PATCH creates in request order with per-item results, patch_id echoed, conflicts per item', async () => {
    const patchIds = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const reply = await call(emu, 'PATCH', '/admin/identities', {
      body: {
        identities: [
          { patch_id: patchIds[0], create: { traits: { email: 'batch1@example.com' } } },
          { patch_id: patchIds[1], create: { traits: { email: 'BATCH1@example.com' } } },
          { patch_id: patchIds[2], create: { traits: { email: 42 } } },
          {
            create: {
              traits: { email: 'batch2@example.com' },
              credentials: { password: { config: { hashed_password: '$argon2id$v=19$m=16,t=2,p=1$c2FsdA$aGFzaA' } } },
            },
          },
        ],
      },
    });
    expect(reply.status).toBe(200);
    expect(specErrors('batchPatchIdentitiesResponse', reply.json)).toEqual([]);
    const items = (reply.json as { identities: Record<string, unknown>[] }).identities;
    expect(items.map((i) => i.action)).toEqual(['create', 'error', 'error', 'create']);
    expect(items.map((i) => i.patch_id)).toEqual([...patchIds, undefined]);
    expect(items[1]?.error).toMatchObject({ code: 409, status: 'Conflict' });
    expect((items[2]?.error as { reason: string }).reason).toContain('expected string, but got integer');
    expect(emu.state.get(String(items[0]?.identity))?.traits).toEqual({ email: 'batch1@example.com' });
  });

  it('batch limits: 1000 items, 200 with a plaintext password; the strict decoder refuses id', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ create: { traits: { email: `m${i}@example.com` } } }));
    const tooMany = await call(emu, 'PATCH', '/admin/identities', { body: { identities: many } });
    expect((tooMany.json as Err).error.reason).toBe(
      'The maximum number of identities per request that can be created or deleted at once is 1000.',
    );
    const plain = Array.from({ length: 201 }, (_, i) => ({
      create: { traits: { email: `p${i}@example.com` }, credentials: { password: { config: { password: 'x' } } } },
    }));
    const tooManyPlain = await call(emu, 'PATCH', '/admin/identities', { body: { identities: plain } });
    expect((tooManyPlain.json as Err).error.reason).toBe(
      'The maximum number of identities per request that can be created with a plaintext password is 200.',
    );
    const withId = await call(emu, 'PATCH', '/admin/identities', {
      body: { identities: [{ create: { id: crypto.randomUUID(), traits: {} } }] },
    });
    expect((withId.json as Err).error.message).toBe('json: unknown field "id"');
    expect(emu.state.size).toBeLessThan(100);
  });

  it('schemas: list, by id and by base64url id (what schema_url uses), 404 otherwise', async () => {
    const list = await call(emu, 'GET', '/schemas');
    expect(specErrors('identitySchemas', list.json)).toEqual([]);
    const byId = await call(emu, 'GET', '/schemas/default');
    const viaUrl = await fetch(String((emu.state.get(emu.state.ids()[0] ?? '') ?? {}).schema_url));
    expect(await viaUrl.json()).toEqual(byId.json);
    const missing = await call(emu, 'GET', '/schemas/nope');
    expect((missing.json as Err).error.reason).toBe('Identity schema `nope` could not be found.');
  });
});
