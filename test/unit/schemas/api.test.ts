import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/api';
import type { Router } from '../../../electron/ipc/router';
import { createRouter } from '../../../electron/ipc/router';
import { createApi } from '../../../electron/ipc/create-api';
import type { Services } from '../../../electron/services/create-services';
import { createServices } from '../../../electron/services/create-services';

let dir: string;
let services: Services;
let router: Router;
let events: { name: EventName; payload: unknown }[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'identity-desk-api-'));
  services = createServices({ dataDir: dir, host: 'cli' });
  router = createRouter(createApi(services), () => undefined);
  events = [];
  services.events.subscribe((name, payload) => events.push({ name, payload }));
});
afterEach(() => {
  services.close();
  rmSync(dir, { recursive: true, force: true });
});

const email = {
  type: 'string',
  format: 'email',
  minLength: 3,
  maxLength: 254,
  'ory.sh/kratos': { credentials: { password: { identifier: true } }, verification: { via: 'email' }, recovery: { via: 'email' } },
};
const schema = { type: 'object', properties: { traits: { type: 'object', additionalProperties: false, properties: { email } } } };

describe('schemas and validation through the router', () => {
  it('exposes every method of both domains', () => {
    expect(
      router
        .methods()
        .filter((m) => m.startsWith('schemas.') || m.startsWith('validation.'))
        .sort(),
    ).toEqual([
      'schemas.create',
      'schemas.exportConfig',
      'schemas.get',
      'schemas.importConfig',
      'schemas.list',
      'schemas.remove',
      'schemas.setDefault',
      'schemas.suggestVersionId',
      'schemas.update',
      'validation.lintSchema',
      'validation.validateTraits',
    ]);
  });

  it('lists, creates (sandbox-checked) and emits schemas.changed', async () => {
    const list = await router.call('schemas.list', []);
    expect(list).toMatchObject({ ok: true });
    const created = await router.call('schemas.create', [{ id: 'user_v0', schema }]);
    expect(created).toMatchObject({ ok: true, value: { id: 'user_v0', source: 'user' } });
    expect(events).toEqual([{ name: 'schemas.changed', payload: { ids: ['user_v0'] } }]);
    const invalid = await router.call('schemas.create', [{ id: 'x', schema: { type: 'object' } }]);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'SCHEMA_INVALID' } });
    expect(await router.call('schemas.suggestVersionId', ['user_v0'])).toEqual({ ok: true, value: 'user_v1' });
  });

  it('rejects malformed arguments before the service sees them', async () => {
    expect(await router.call('schemas.get', ['../etc'])).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await router.call('schemas.create', [{ id: 'a', schema: 1 }])).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await router.call('schemas.importConfig', ['x', 'toml'])).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await router.call('validation.validateTraits', [schema, {}, 'kratos-v1'])).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('refuses file:// in pasted config text without naming any host path', async () => {
    const text = 'identity:\n  default_schema_id: a\n  schemas:\n    - id: a\n      url: file://identity.schema.json\n';
    const result = await router.call('schemas.importConfig', [text, 'yaml']);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(result)).not.toContain(dir);
  });

  it('validates traits in the sandbox with the workspace profile and lints with the engine verdict', async () => {
    const valid = await router.call('validation.validateTraits', [JSON.stringify(schema), { email: 'A@Example.com' }]);
    expect(valid).toMatchObject({
      ok: true,
      value: { valid: true, profile: 'kratos-v26', credentials: { password: { identifiers: ['a@example.com'] } } },
    });
    expect(await router.call('validation.lintSchema', [schema])).toEqual({ ok: true, value: [] });
    const refused = await router.call('validation.lintSchema', ['{"type":"object"}']);
    expect(refused).toMatchObject({ ok: true, value: [expect.objectContaining({ ruleId: 'schema/invalid', severity: 'error' })] });
  });
});
