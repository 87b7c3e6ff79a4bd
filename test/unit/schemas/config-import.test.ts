import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { encodeBase64Url } from '../../../electron/services/schemas/index';
import type { SandboxedValidator } from '../../../electron/services/validation/index';
import { createSandboxedValidator } from '../../../electron/services/validation/index';
import type { StoreFixture } from './store-fixture';
import { openFixture } from './store-fixture';

const fixtures = new URL('../../fixtures/schemas/', import.meta.url);
const userText = readFileSync(new URL('user.schema.json', fixtures), 'utf8');
const configYaml = readFileSync(new URL('kratos-config/kratos.yml', fixtures), 'utf8');

const appError = async (fn: () => unknown): Promise<AppError> => {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
};

const configFor = (entries: { id: string; url: string }[], defaultId = entries[0]?.id): string =>
  JSON.stringify({ identity: { default_schema_id: defaultId, schemas: entries } });

let sandbox: SandboxedValidator;
let fx: StoreFixture;
/** A workspace holding a config folder and, beside it, a "secret" the config must not reach. */
let root: string;
let configDir: string;

beforeAll(() => {
  sandbox = createSandboxedValidator();
});
afterAll(async () => sandbox.close());
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'identity-desk-config-'));
  configDir = join(root, 'config');
  cpSync(new URL('kratos-config/', fixtures), configDir, { recursive: true });
  writeFileSync(join(root, 'outside.schema.json'), userText);
  fx = openFixture(sandbox);
});
afterEach(() => {
  fx.close();
  rmSync(root, { recursive: true, force: true });
});

const importJson = (text: string, allowRemote = false) =>
  fx.service.importConfig({ text, format: 'json', baseDir: configDir, allowRemote });

describe('Kratos config import', () => {
  it('imports file:// (relative to the config) and base64:// schemas from YAML and sets the default', async () => {
    const report = await fx.service.importConfig({ text: configYaml, format: 'yaml', baseDir: configDir });
    expect(report.imported).toEqual([
      { id: 'user', outcome: 'created' },
      { id: 'customer', outcome: 'replaced' }, // the unused preset of the same id
    ]);
    expect(report.defaultSchemaId).toBe('user');
    expect(fx.service.get('user')).toMatchObject({ source: 'config', text: userText, isDefault: true });
    expect(fx.service.get('customer').title).toBe('Customer');
    expect(fx.events.at(-1)).toEqual({ name: 'schemas.changed', payload: { ids: ['user', 'customer'] } });
    const again = await fx.service.importConfig({ text: configYaml, format: 'yaml', baseDir: configDir });
    expect(again.imported.map((i) => i.outcome)).toEqual(['unchanged', 'unchanged']);
  });

  it('reads file://./ paths and percent-encoded names inside the folder', async () => {
    writeFileSync(join(configDir, 'my schema.json'), userText);
    const report = await importJson(
      configFor([
        { id: 'a', url: 'file://./identity/user.schema.json' },
        { id: 'b', url: 'file://my%20schema.json' },
      ]),
    );
    expect(report.imported.map((i) => i.outcome)).toEqual(['created', 'created']);
  });

  it.each([
    ['a ".." segment', () => 'file://../outside.schema.json'],
    ['an encoded ".." segment', () => 'file://identity/%2e%2e/%2E%2E/outside.schema.json'],
    ['an absolute path', () => 'file:///etc/passwd'],
    ['an absolute path to a real schema', () => `file://${join(root, 'outside.schema.json')}`],
    ['a Windows drive path', () => 'file://C:/kratos/identity.schema.json'],
  ])('refuses %s with FORBIDDEN and imports nothing', async (_label, urlOf) => {
    const url = urlOf();
    const err = await appError(() =>
      importJson(
        configFor(
          [
            { id: 'user', url: 'file://identity/user.schema.json' },
            { id: 'evil', url },
          ],
          'user',
        ),
      ),
    );
    expect(err.code).toBe('FORBIDDEN');
    expect(err.details).toMatchObject({ schemaId: 'evil', issues: [expect.objectContaining({ pointer: '#/identity/schemas/1/url' })] });
    expect(fx.service.list().map((s) => s.id)).not.toContain('user');
  });

  it('refuses a symlink that points out of the config folder', async () => {
    symlinkSync(join(root, 'outside.schema.json'), join(configDir, 'link.schema.json'));
    const err = await appError(() => importJson(configFor([{ id: 'link', url: 'file://link.schema.json' }])));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(/outside the config's folder/);
    expect(err.message).not.toContain(root);
  });

  it('follows a symlink that stays inside the folder', async () => {
    symlinkSync(join(configDir, 'identity', 'user.schema.json'), join(configDir, 'alias.schema.json'));
    expect((await importJson(configFor([{ id: 'alias', url: 'file://alias.schema.json' }]))).imported).toEqual([
      { id: 'alias', outcome: 'created' },
    ]);
  });

  it('refuses file:// when there is no folder (pasted text) and reports a missing file', async () => {
    const text = configFor([{ id: 'user', url: 'file://identity/user.schema.json' }]);
    expect((await appError(() => fx.service.importConfig({ text, format: 'json' }))).code).toBe('FORBIDDEN');
    expect((await appError(() => importJson(configFor([{ id: 'x', url: 'file://nope.json' }])))).code).toBe('NOT_FOUND');
    mkdirSync(join(configDir, 'folder.json'));
    expect((await appError(() => importJson(configFor([{ id: 'x', url: 'file://folder.json' }])))).code).toBe('VALIDATION_FAILED');
  });

  it('decodes base64:// and refuses malformed base64 or a schema Kratos rejects', async () => {
    expect((await importJson(configFor([{ id: 'inline', url: encodeBase64Url(userText) }]))).imported).toEqual([
      { id: 'inline', outcome: 'created' },
    ]);
    expect(fx.service.get('inline').text).toBe(userText);
    expect((await appError(() => importJson(configFor([{ id: 'x', url: 'base64://not*base64' }])))).code).toBe('VALIDATION_FAILED');
    const invalid = await appError(() => importJson(configFor([{ id: 'x', url: encodeBase64Url('{"properties":{}}') }])));
    expect(invalid.code).toBe('SCHEMA_INVALID');
    expect(invalid.message).toMatch(/^Schema "x": /);
    expect(invalid.details).toMatchObject({ schemaId: 'x' });
  });

  it('refuses remote URLs unless allowed, and then skips them without fetching', async () => {
    const text = configFor(
      [
        { id: 'inline', url: encodeBase64Url(userText) },
        { id: 'remote', url: 'https://example.com/s.json' },
      ],
      'remote',
    );
    expect((await appError(() => importJson(text))).code).toBe('FORBIDDEN');
    const report = await importJson(text, true);
    expect(report.imported).toEqual([{ id: 'inline', outcome: 'created' }]);
    expect(report.skipped).toEqual([expect.objectContaining({ id: 'remote', url: 'https://example.com/s.json' })]);
    expect(report.defaultSchemaId).toBe('email-password');
  });

  it('checks the config shape with pointers into the config', async () => {
    expect((await appError(() => fx.service.importConfig({ text: 'identity: [', format: 'yaml' }))).code).toBe('VALIDATION_FAILED');
    expect((await appError(() => fx.service.importConfig({ text: 'identity: {}', format: 'yaml' }))).details).toMatchObject({
      issues: [expect.objectContaining({ pointer: '#/identity/schemas' })],
    });
    const url = encodeBase64Url(userText);
    const noDefault = await appError(() => importJson(JSON.stringify({ identity: { schemas: [{ id: 'a', url }] } })));
    expect(noDefault.details).toMatchObject({ issues: [expect.objectContaining({ pointer: '#/identity/default_schema_id' })] });
    const dup = await appError(() =>
      importJson(
        configFor([
          { id: 'a', url },
          { id: 'a', url },
        ]),
      ),
    );
    expect(dup.details).toMatchObject({ issues: [expect.objectContaining({ pointer: '#/identity/schemas/1/id' })] });
    expect((await appError(() => importJson(configFor([{ id: 'a', url: 'ftp://x' }])))).code).toBe('VALIDATION_FAILED');
  });

  it('keeps used schemas immutable: a changed body for a used id is a CONFLICT and nothing is written', async () => {
    await importJson(configFor([{ id: 'user', url: encodeBase64Url(userText) }]));
    fx.addIdentity('user');
    const reformatted = JSON.stringify(JSON.parse(userText));
    expect((await importJson(configFor([{ id: 'user', url: encodeBase64Url(reformatted) }]))).imported).toEqual([
      { id: 'user', outcome: 'unchanged' },
    ]);
    const other = userText.replace('"title": "User"', '"title": "Changed"');
    const err = await appError(() =>
      importJson(
        configFor(
          [
            { id: 'fresh', url: encodeBase64Url(userText) },
            { id: 'user', url: encodeBase64Url(other) },
          ],
          'fresh',
        ),
      ),
    );
    expect(err.code).toBe('CONFLICT');
    expect(err.details).toMatchObject({ suggestedId: 'user_v1' });
    expect(fx.service.get('user').title).toBe('User');
    expect(fx.service.list().map((s) => s.id)).not.toContain('fresh');
  });
});

describe('Kratos config export', () => {
  it('writes every schema as base64:// with the default, and round-trips through import', async () => {
    await fx.service.create({ id: 'user_v0', schema: userText });
    fx.service.setDefault('user_v0');
    const yaml = fx.service.exportConfig();
    expect(yaml.format).toBe('yaml');
    const parsed = parseYaml(yaml.text) as { identity: { default_schema_id: string; schemas: { id: string; url: string }[] } };
    expect(parsed).toEqual(yaml.config);
    expect(parsed.identity.default_schema_id).toBe('user_v0');
    const entry = parsed.identity.schemas.find((s) => s.id === 'user_v0');
    expect(entry?.url).toBe(`base64://${Buffer.from(userText, 'utf8').toString('base64')}`);
    expect(parsed.identity.schemas.every((s) => s.url.startsWith('base64://'))).toBe(true);

    const target = openFixture(sandbox);
    try {
      const report = await target.service.importConfig({ text: yaml.text, format: 'yaml' });
      expect(report.defaultSchemaId).toBe('user_v0');
      for (const s of fx.service.list()) expect(target.service.get(s.id).text).toBe(fx.service.get(s.id).text);
      expect(target.service.exportConfig('json').config).toEqual(fx.service.exportConfig('json').config);
    } finally {
      target.close();
    }
  });

  it('exports JSON, and refuses an empty store', () => {
    const json = fx.service.exportConfig('json');
    expect(JSON.parse(json.text)).toEqual(json.config);
    fx.store.db.exec("DELETE FROM schemas; DELETE FROM settings WHERE key = 'default_schema_id'");
    expect(() => fx.service.exportConfig()).toThrow(/no schemas/);
  });
});
