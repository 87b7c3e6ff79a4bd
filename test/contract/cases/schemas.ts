import { expect } from 'vitest';
import type { DomainCases } from './case';
import { newIdentity } from './case';

const body = (title: string) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title,
  type: 'object',
  properties: { traits: { type: 'object', properties: { username: { type: 'string', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } } } } },
});

export const schemasCases: DomainCases<'schemas'> = {
  'schemas.list': async (h) => {
    const list = await h.client.api.schemas.list();
    expect(list.map((s) => s.id)).toEqual(expect.arrayContaining(['email-password', 'username-password', 'customer']));
    expect(list.filter((s) => s.isDefault).map((s) => s.id)).toEqual(['email-password']);
  },
  'schemas.get': async (h) => {
    const detail = await h.client.api.schemas.get('email-password');
    expect(detail).toMatchObject({ id: 'email-password', source: 'preset', title: 'E-mail and password', identityCount: 0 });
    expect(JSON.parse(detail.text)).toEqual(detail.body);
    await expect(h.client.api.schemas.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
  'schemas.create': async (h) => {
    expect(await h.client.api.schemas.create({ id: 'members', schema: body('Members') })).toMatchObject({ id: 'members', title: 'Members', source: 'user' });
    await expect(h.client.api.schemas.create({ id: 'members', schema: body('Again') })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(h.client.api.schemas.create({ id: 'broken', schema: '{"type": "object", "properties": {"traits": {"type": 5}}}' })).rejects.toMatchObject({ code: 'SCHEMA_INVALID' });
  },
  'schemas.update': async (h) => {
    await h.client.api.schemas.create({ id: 'team', schema: body('Team') });
    expect(await h.client.api.schemas.update('team', body('Team 2'))).toMatchObject({ id: 'team', title: 'Team 2' });
    // A schema used by identities is immutable: CONFLICT names the next version id.
    await newIdentity(h, 'used@example.com');
    await expect(h.client.api.schemas.update('email-password', body('x'))).rejects.toMatchObject({ code: 'CONFLICT', details: { suggestedId: 'email-password_v1' } });
  },
  'schemas.remove': async (h) => {
    await h.client.api.schemas.create({ id: 'scratch', schema: body('Scratch') });
    await expect(h.client.api.schemas.remove('scratch')).resolves.toBeNull();
    await expect(h.client.api.schemas.get('scratch')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.client.api.schemas.remove('email-password')).rejects.toMatchObject({ code: 'CONFLICT' });
  },
  'schemas.setDefault': async (h) => {
    await h.client.api.schemas.setDefault('username-password');
    const list = await h.client.api.schemas.list();
    expect(list.filter((s) => s.isDefault).map((s) => s.id)).toEqual(['username-password']);
    await expect(h.client.api.schemas.setDefault('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  },
  'schemas.suggestVersionId': async (h) => {
    expect(await h.client.api.schemas.suggestVersionId('email-password')).toBe('email-password_v1');
    await h.client.api.schemas.create({ id: 'user_v1', schema: body('v1') });
    expect(await h.client.api.schemas.suggestVersionId('user_v0')).toBe('user_v2');
  },
  'schemas.importConfig': async (h) => {
    const encoded = Buffer.from(JSON.stringify(body('From config'))).toString('base64');
    const text = `identity:\n  default_schema_id: cfg\n  schemas:\n    - id: cfg\n      url: base64://${encoded}\n`;
    const report = await h.client.api.schemas.importConfig(text, 'yaml');
    expect(report).toMatchObject({ imported: [{ id: 'cfg', outcome: 'created' }], skipped: [], defaultSchemaId: 'cfg' });
    // Pasted text has no folder: a file:// URL is refused, never read.
    const fileUrl = 'identity:\n  default_schema_id: f\n  schemas:\n    - id: f\n      url: file:///etc/passwd\n';
    await expect(h.client.api.schemas.importConfig(fileUrl, 'yaml')).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // The app: relative file:// URLs are read from the schema files picked with the config, matched by path or name.
    const picked = 'identity:\n  default_schema_id: picked-a\n  schemas:\n    - id: picked-a\n      url: file://schemas/a.json\n    - id: picked-b\n      url: file://./b.json\n';
    const files = [
      { name: 'a.json', text: JSON.stringify(body('Picked A')) },
      { name: 'b.json', text: JSON.stringify(body('Picked B')) },
    ];
    const fromFiles = await h.client.api.schemas.importConfig(picked, 'yaml', { files });
    expect(fromFiles).toMatchObject({ imported: [{ id: 'picked-a', outcome: 'created' }, { id: 'picked-b', outcome: 'created' }], defaultSchemaId: 'picked-a' });
    expect(((await h.client.api.schemas.get('picked-b')).body as { title?: string }).title).toBe('Picked B');
    // One the user did not pick is named, and nothing of the config is written.
    const missing = 'identity:\n  default_schema_id: missing-a\n  schemas:\n    - id: missing-a\n      url: file://a.json\n    - id: missing-c\n      url: file://c.json\n';
    await expect(h.client.api.schemas.importConfig(missing, 'yaml', { files })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('"file://c.json" was not provided'),
      details: { issues: [{ pointer: '#/identity/schemas/1/url' }] },
    });
    await expect(h.client.api.schemas.get('missing-a')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Absolute paths and ".." stay refused, picked files or not.
    await expect(h.client.api.schemas.importConfig(fileUrl, 'yaml', { files: [{ name: 'passwd', text: '{}' }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  },
  'schemas.exportConfig': async (h) => {
    const exported = await h.client.api.schemas.exportConfig('json');
    expect(exported.format).toBe('json');
    expect(exported.config.identity.default_schema_id).toBe('email-password');
    expect(exported.config.identity.schemas.every((s) => s.url.startsWith('base64://'))).toBe(true);
    expect(JSON.parse(exported.text)).toEqual(exported.config);
    expect((await h.client.api.schemas.exportConfig()).format).toBe('yaml');
  },
};
