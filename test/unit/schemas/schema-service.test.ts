import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nextVersionId } from '../../../shared/domain/schema';
import { AppError } from '../../../shared/errors';
import { openStore } from '../../../electron/db/open-database';
import { createEventBus } from '../../../electron/services/events/event-bus';
import { createSchemaService, DEFAULT_PRESET_ID, PRESETS } from '../../../electron/services/schemas/index';
import type { SandboxedValidator } from '../../../electron/services/validation/index';
import { createSandboxedValidator } from '../../../electron/services/validation/index';
import type { StoreFixture } from './store-fixture';
import { openFixture } from './store-fixture';

const userSchema = readFileSync(new URL('../../fixtures/schemas/user.schema.json', import.meta.url), 'utf8');
const changed = (text: string): string => text.replace('"title": "User"', '"title": "User v1"');

/** The thrown AppError (the test fails when nothing or something else is thrown). */
const appError = async (fn: () => unknown): Promise<AppError> => {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
};

let sandbox: SandboxedValidator;
let fx: StoreFixture;
beforeAll(() => {
  sandbox = createSandboxedValidator();
});
afterAll(async () => sandbox.close());
afterEach(() => fx?.close());

describe('nextVersionId', () => {
  it('bumps a _vN suffix and adds _v1 otherwise', () => {
    expect(nextVersionId('user_v0')).toBe('user_v1');
    expect(nextVersionId('user_v9')).toBe('user_v10');
    expect(nextVersionId('x')).toBe('x_v1');
    expect(nextVersionId('email-password')).toBe('email-password_v1');
    expect(nextVersionId('_v3')).toBe('_v3_v1');
  });
});

describe('schema service', () => {
  it('seeds the presets into a new store with email-password as default, once', () => {
    fx = openFixture(sandbox);
    const list = fx.service.list();
    expect(list.map((s) => s.id).sort()).toEqual(PRESETS.map((p) => p.id).sort());
    expect(list.every((s) => s.source === 'preset' && s.identityCount === 0)).toBe(true);
    expect(list.filter((s) => s.isDefault).map((s) => s.id)).toEqual([DEFAULT_PRESET_ID]);
    fx.service.setDefault('admin');
    fx.service.remove('customer');
    fx = fx.reopen();
    expect(fx.service.list().map((s) => s.id)).not.toContain('customer');
    expect(fx.service.defaultId()).toBe('admin');
  });

  it('does not seed or write when the store is read-only', () => {
    fx = openFixture(sandbox);
    const db = fx.store.db;
    db.exec('DELETE FROM schemas; DELETE FROM settings;');
    const service = createSchemaService({ db, events: createEventBus(), checker: sandbox, readOnly: true });
    expect(service.list()).toEqual([]);
    expect(() => service.setDefault('x')).toThrow(/read-only/);
  });

  it('creates a checked schema, emits schemas.changed and returns the stored text', async () => {
    fx = openFixture(sandbox);
    const summary = await fx.service.create({ id: 'user_v0', schema: userSchema });
    expect(summary).toMatchObject({ id: 'user_v0', title: 'User', source: 'user', identityCount: 0, isDefault: false });
    expect(fx.service.get('user_v0').text).toBe(userSchema);
    expect(fx.events).toEqual([{ name: 'schemas.changed', payload: { ids: ['user_v0'] } }]);
    const fromObject = await fx.service.create({ id: 'obj', schema: JSON.parse(userSchema) as Record<string, unknown> });
    expect(fromObject.title).toBe('User');
  });

  it('refuses an invalid body (checked by the sandbox) and stores nothing', async () => {
    fx = openFixture(sandbox);
    const err = await appError(() => fx.service.create({ id: 'bad', schema: '{"properties":{}}' }));
    expect(err.code).toBe('SCHEMA_INVALID');
    expect((await appError(() => fx.service.create({ id: 'bad', schema: 'not json' }))).code).toBe('SCHEMA_INVALID');
    expect((await appError(() => fx.service.create({ id: '../bad', schema: userSchema }))).code).toBe('VALIDATION_FAILED');
    expect(fx.service.list().map((s) => s.id)).not.toContain('bad');
    expect(fx.events).toEqual([]);
  });

  it('refuses a duplicate id with CONFLICT', async () => {
    fx = openFixture(sandbox);
    expect((await appError(() => fx.service.create({ id: 'admin', schema: userSchema }))).code).toBe('CONFLICT');
  });

  it('lets an unused schema change but not a used one, and suggests the next free version id', async () => {
    fx = openFixture(sandbox);
    await fx.service.create({ id: 'user_v0', schema: userSchema });
    expect((await fx.service.update('user_v0', changed(userSchema))).title).toBe('User v1');
    fx.addIdentity('user_v0');
    const err = await appError(() => fx.service.update('user_v0', userSchema));
    expect(err.code).toBe('CONFLICT');
    expect(err.details).toMatchObject({ schemaId: 'user_v0', identityCount: 1, suggestedId: 'user_v1' });
    expect(fx.service.get('user_v0').title).toBe('User v1');
    await fx.service.create({ id: 'user_v1', schema: userSchema });
    expect(fx.service.suggestVersionId('user_v0')).toBe('user_v2');
    expect(fx.service.list().find((s) => s.id === 'user_v0')?.identityCount).toBe(1);
  });

  it('removes only unused, non-default schemas', async () => {
    fx = openFixture(sandbox);
    fx.addIdentity('admin');
    expect((await appError(() => fx.service.remove('admin'))).code).toBe('CONFLICT');
    expect((await appError(() => fx.service.remove(DEFAULT_PRESET_ID))).code).toBe('CONFLICT');
    expect((await appError(() => fx.service.remove('missing'))).code).toBe('NOT_FOUND');
    fx.service.remove('company');
    expect(fx.service.list().map((s) => s.id)).not.toContain('company');
    expect(fx.events).toEqual([{ name: 'schemas.changed', payload: { ids: ['company'] } }]);
  });

  it('sets the default only to an existing schema', async () => {
    fx = openFixture(sandbox);
    expect((await appError(() => fx.service.setDefault('missing'))).code).toBe('NOT_FOUND');
    fx.service.setDefault('customer');
    expect(
      fx.service
        .list()
        .filter((s) => s.isDefault)
        .map((s) => s.id),
    ).toEqual(['customer']);
    expect(fx.store.db.prepare("SELECT value FROM settings WHERE key = 'default_schema_id'").pluck().get()).toBe('customer');
  });

  it('keeps working on a store reopened by another service instance', () => {
    fx = openFixture(sandbox);
    const second = openStore(fx.dir);
    try {
      const other = createSchemaService({ db: second.db, events: createEventBus(), checker: sandbox });
      expect(other.list()).toHaveLength(PRESETS.length);
    } finally {
      second.db.close();
    }
  });
});
