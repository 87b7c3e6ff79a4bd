import { readdirSync, readFileSync } from 'node:fs';
import type { RJSFSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { describe, expect, it } from 'vitest';
import { flowForms, wideSchema, type FlowForm } from '../../../shared/schema-tools/index';

const dir = new URL('../../../schemas/', import.meta.url);
const presets = readdirSync(dir).filter((f) => f.endsWith('.schema.json'));
const preset = (name: string): unknown => JSON.parse(readFileSync(new URL(`${name}.schema.json`, dir), 'utf8')) as unknown;

// The same validator set-up as the sandboxed form frame (renderer/form-frame/FrameForm.tsx).
const validator = customizeValidator({ customFormats: { tel: () => true, 'no-validate': () => true } });
const errorsFor = (form: FlowForm, data: unknown): string[] =>
  validator.validateFormData(data, form.schema as RJSFSchema).errors.map((e) => `${e.property ?? ''} ${e.name ?? ''}`.trim());

/** Every object key anywhere in a value. */
const keysDeep = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(keysDeep);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [k, ...keysDeep(v)]);
  return [];
};

const byKind = (body: unknown) => {
  const [registration, settings, admin] = flowForms(body);
  if (!registration || !settings || !admin) throw new Error('expected three forms');
  return { registration, settings, admin };
};

const schemaWith = (traits: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { traits: { type: 'object', ...traits } },
  ...extra,
});

describe('flowForms on the presets', () => {
  it.each(presets)('%s gives registration, settings and admin forms that rjsf can validate', (file) => {
    const forms = flowForms(preset(file.replace(/\.schema\.json$/, '')));
    expect(forms.map((f) => [f.kind, f.title])).toEqual([
      ['registration', 'Registration'],
      ['settings', 'Settings (profile)'],
      ['admin', 'Admin edit'],
    ]);
    for (const form of forms) {
      expect(form.schema['type']).toBe('object');
      const keys = keysDeep(form.schema);
      for (const banned of ['$ref', '$id', '$schema', 'ory.sh/kratos', 'definitions', '$defs']) expect(keys).not.toContain(banned);
      // Compiles in rjsf's ajv: an empty submission fails on the required traits, nothing throws.
      expect(errorsFor(form, {})).toContain('traits required');
    }
  });

  it('email-password: registration is the traits plus a required password, named like Kratos', () => {
    const { registration } = byKind(preset('email-password'));
    expect(registration.schema).toEqual({
      type: 'object',
      properties: {
        traits: {
          type: 'object',
          properties: { email: { type: 'string', format: 'email', title: 'E-mail', minLength: 3, maxLength: 254 } },
          required: ['email'],
          additionalProperties: false,
        },
        password: { type: 'string', title: 'Password' },
      },
      required: ['traits', 'password'],
    });
    expect(registration.uiSchema).toEqual({
      traits: { 'ui:label': false, email: { 'ui:autocomplete': 'email' } },
      password: { 'ui:widget': 'password', 'ui:autocomplete': 'new-password' },
      'ui:order': ['traits', 'password'],
    });
    expect(registration.fields).toEqual(['traits.email', 'password']);
    expect(registration.notes).toEqual([
      'A password field is added because #/properties/traits/properties/email is a password identifier.',
      '#/properties/traits/properties/email starts unverified; Kratos can send a verification message after registration (verification via email).',
    ]);
    expect(errorsFor(registration, { traits: { email: 'a@example.com' }, password: 'correct horse' })).toEqual([]);
    expect(errorsFor(registration, { traits: { email: 'a@example.com' } })).toEqual(['password required']);
  });

  it('email-password: settings and admin are the same traits without a password', () => {
    const { registration, settings, admin } = byKind(preset('email-password'));
    const traits = (registration.schema['properties'] as Record<string, unknown>)['traits'];
    for (const form of [settings, admin]) {
      expect(form.schema).toEqual({ type: 'object', properties: { traits }, required: ['traits'] });
      expect(form.uiSchema).toEqual({ traits: { 'ui:label': false, email: { 'ui:autocomplete': 'email' } }, 'ui:order': ['traits'] });
      expect(form.fields).toEqual(['traits.email']);
    }
    expect(settings.notes).toEqual([
      'The profile form shows every trait; password, TOTP, WebAuthn and passkeys have their own settings forms.',
      'Changing #/properties/traits/properties/email adds a new unverified address (verification via email).',
    ]);
    expect(admin.notes[0]).toBe(
      'Admins can also set state (active or inactive), metadata_public and metadata_admin, which the identity schema does not describe.',
    );
  });

  it('gives each form its own objects', () => {
    const { registration, settings } = byKind(preset('email-password'));
    (settings.schema['properties'] as Record<string, Record<string, unknown>>)['traits']!['title'] = 'changed';
    expect((registration.schema['properties'] as Record<string, Record<string, unknown>>)['traits']!['title']).toBeUndefined();
  });

  it('username-password: a password field and a username autocomplete hint', () => {
    const { registration } = byKind(preset('username-password'));
    expect(Object.keys(registration.schema['properties'] as object)).toEqual(['traits', 'password']);
    expect(registration.uiSchema['traits']).toEqual({ 'ui:label': false, username: { 'ui:autocomplete': 'username' } });
    expect(registration.notes).toEqual([
      'A password field is added because #/properties/traits/properties/username is a password identifier.',
    ]);
    expect(errorsFor(registration, { traits: { username: 'alice' }, password: 'x' })).toEqual([]);
  });

  it('customer: code identifier and sms verification notes, tel input', () => {
    const { registration, settings } = byKind(preset('customer'));
    expect(registration.notes).toContain(
      '#/properties/traits/properties/email is a code identifier via email: Kratos also offers passwordless registration and sign-in with a one-time code.',
    );
    expect(registration.fields).toEqual(['traits.email', 'traits.name.first', 'traits.name.last', 'traits.phone', 'password']);
    expect((settings.uiSchema['traits'] as Record<string, unknown>)['phone']).toEqual({ 'ui:inputType': 'tel', 'ui:autocomplete': 'tel' });
  });

  it('admin preset: the TOTP account name is explained in settings', () => {
    expect(byKind(preset('admin')).settings.notes).toContain(
      '#/properties/traits/properties/email labels the account in authenticator apps (TOTP account name).',
    );
  });
});

describe('flowForms on hand-written schemas', () => {
  it('a tel trait that is a password identifier gets a password field', () => {
    const body = schemaWith({
      properties: {
        phone: { type: 'string', format: 'tel', title: 'Phone', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } },
      },
      required: ['phone'],
    });
    const { registration } = byKind(body);
    expect(registration.schema['required']).toEqual(['traits', 'password']);
    expect(registration.uiSchema['traits']).toEqual({ 'ui:label': false, phone: { 'ui:inputType': 'tel', 'ui:autocomplete': 'tel' } });
    expect(registration.notes).toEqual([
      'A password field is added because #/properties/traits/properties/phone is a password identifier.',
    ]);
  });

  it('without any identifier there is no password field, and a note says so', () => {
    const { registration } = byKind(schemaWith({ properties: { nickname: { type: 'string' } } }));
    expect(Object.keys(registration.schema['properties'] as object)).toEqual(['traits']);
    expect(registration.uiSchema['ui:order']).toEqual(['traits']);
    expect(registration.notes).toEqual([
      'No trait is a password, code, WebAuthn or passkey identifier: only social sign-in could register and sign in.',
    ]);
  });

  it('notes WebAuthn and passkey identifiers', () => {
    const body = schemaWith({
      properties: {
        email: {
          type: 'string',
          format: 'email',
          'ory.sh/kratos': { credentials: { webauthn: { identifier: true }, passkey: { display_name: true } } },
        },
      },
    });
    expect(byKind(body).registration.notes).toEqual([
      '#/properties/traits/properties/email is a WebAuthn identifier: Kratos also offers registering a security key instead of a password.',
      '#/properties/traits/properties/email is the passkey display name: Kratos also offers registration with a passkey.',
    ]);
  });

  it('inlines $refs to definitions and $defs, keeping a title written next to the $ref', () => {
    const body = schemaWith(
      {
        properties: {
          email: { $ref: '#/definitions/email' },
          name: { $ref: '#/$defs/name', title: 'Your name' },
        },
      },
      {
        definitions: {
          email: { type: 'string', format: 'email', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } },
        },
        $defs: {
          name: { type: 'object', title: 'Name', properties: { first: { $ref: '#/$defs/part' } } },
          part: { type: 'string', maxLength: 5 },
        },
      },
    );
    const { registration } = byKind(body);
    expect((registration.schema['properties'] as Record<string, unknown>)['traits']).toEqual({
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        name: { type: 'object', title: 'Your name', properties: { first: { type: 'string', maxLength: 5 } } },
      },
    });
    expect(registration.notes[0]).toBe('A password field is added because #/definitions/email is a password identifier.');
    expect(registration.fields).toEqual(['traits.email', 'traits.name.first', 'password']);
    expect(errorsFor(registration, { traits: { email: 'a@b.c', name: { first: 'toolong' } }, password: 'p' })).toEqual([
      '.traits.name.first maxLength',
    ]);
  });

  it('a traits schema that is itself a $ref is followed', () => {
    const body = {
      properties: { traits: { $ref: '#/definitions/traits' } },
      definitions: { traits: { properties: { a: { type: 'string' } } } },
    };
    expect((byKind(body).settings.schema['properties'] as Record<string, unknown>)['traits']).toEqual({
      type: 'object',
      properties: { a: { type: 'string' } },
    });
  });

  it('guards a $ref cycle: one level is shown, then a note', () => {
    const body = schemaWith(
      { properties: { tree: { $ref: '#/definitions/node' } } },
      {
        definitions: {
          node: { type: 'object', title: 'Node', properties: { label: { type: 'string' }, child: { $ref: '#/definitions/node' } } },
        },
      },
    );
    const { admin } = byKind(body);
    expect((admin.schema['properties'] as Record<string, unknown>)['traits']).toEqual({
      type: 'object',
      properties: { tree: { type: 'object', title: 'Node', properties: { label: { type: 'string' }, child: { title: 'Node' } } } },
    });
    expect(admin.notes).toContain(
      'The $ref #/definitions/node at #/definitions/node/properties/child closes a cycle of references; the preview stops there.',
    );
    expect(admin.fields).toEqual(['traits.tree.label', 'traits.tree.child']);
  });

  it('guards a pure $ref loop and an exponential $ref fan-out without hanging', () => {
    const loop = schemaWith(
      { properties: { a: { $ref: '#/definitions/x' } } },
      { definitions: { x: { $ref: '#/definitions/y' }, y: { $ref: '#/definitions/x' } } },
    );
    expect(byKind(loop).settings.notes.some((n) => n.includes('closes a cycle'))).toBe(true);
    const definitions: Record<string, unknown> = { d0: { type: 'string' } };
    for (let i = 1; i <= 40; i++)
      definitions[`d${i}`] = {
        type: 'object',
        properties: { l: { $ref: `#/definitions/d${i - 1}` }, r: { $ref: `#/definitions/d${i - 1}` } },
      };
    // 2^40 paths if expanded: the walk stops at its size limit instead of hanging (the test would time out).
    const forms = flowForms(schemaWith({ properties: { big: { $ref: '#/definitions/d40' } } }, { definitions }));
    expect(forms[0]?.notes.some((n) => n.startsWith('The schema is too deep or too large to show in full'))).toBe(true);
  });

  it('leaves an external $ref as a free field with a note', () => {
    const { settings } = byKind(schemaWith({ properties: { x: { $ref: 'base64://eyJ0eXBlIjoic3RyaW5nIn0=', title: 'X' } } }));
    expect((settings.schema['properties'] as Record<string, Record<string, unknown>>)['traits']!['properties']).toEqual({
      x: { title: 'X' },
    });
    expect(settings.notes).toContain(
      'The $ref "base64://eyJ0eXBlIjoic3RyaW5nIn0=" at #/properties/traits/properties/x does not point into this document, so the preview shows a free field there.',
    );
  });

  it('keeps data keywords as data and drops non-text titles', () => {
    const body = schemaWith({
      properties: {
        prefs: { type: 'object', title: 42, description: 'Text only', default: { $ref: 'not a ref', 'ory.sh/kratos': 1 } },
        plan: { enum: ['free', { $ref: '#' }] },
      },
    });
    const traits = (byKind(body).settings.schema['properties'] as Record<string, Record<string, unknown>>)['traits'];
    expect(traits!['properties']).toEqual({
      prefs: { type: 'object', description: 'Text only', default: { $ref: 'not a ref', 'ory.sh/kratos': 1 } },
      plan: { enum: ['free', { $ref: '#' }] },
    });
  });

  it('names array traits as one input and hints their items', () => {
    const body = schemaWith({
      properties: {
        emails: { type: 'array', items: { type: 'string', format: 'email', 'ory.sh/kratos': { verification: { via: 'email' } } } },
      },
    });
    const { settings } = byKind(body);
    expect(settings.fields).toEqual(['traits.emails']);
    expect(settings.uiSchema['traits']).toEqual({ 'ui:label': false, emails: { items: { 'ui:autocomplete': 'email' } } });
    expect(settings.notes).toContain(
      'Changing #/properties/traits/properties/emails/items adds a new unverified address (verification via email).',
    );
  });

  it.each([
    [null, 'The schema has no object schema at #/properties/traits, so Kratos would show no trait fields.'],
    [{}, 'The schema has no object schema at #/properties/traits, so Kratos would show no trait fields.'],
    [{ properties: { traits: 'x' } }, 'The schema has no object schema at #/properties/traits, so Kratos would show no trait fields.'],
    [
      { properties: { traits: { $ref: '#/nowhere' } } },
      'The schema has no object schema at #/properties/traits, so Kratos would show no trait fields.',
    ],
    [
      { properties: { traits: { type: 'string' } } },
      'The traits schema is not of type "object", which Kratos refuses; there are no fields to show.',
    ],
    [
      { properties: { traits: { type: 'object', properties: {} } } },
      'The traits schema has no properties, which Kratos refuses (at least one trait is required); there are no fields to show.',
    ],
  ])('%j gives three empty forms with a note', (body, note) => {
    const forms = flowForms(body);
    expect(forms.map((f) => f.kind)).toEqual(['registration', 'settings', 'admin']);
    for (const form of forms) {
      expect(form).toMatchObject({ schema: { type: 'object', properties: {} }, uiSchema: {}, notes: [note], fields: [] });
    }
  });

  it('never throws on hand-built values JSON cannot hold (object cycles, BigInt)', () => {
    const loop: Record<string, unknown> = { type: 'object' };
    loop['properties'] = { self: loop };
    const body = schemaWith({ properties: { n: { type: 'integer', default: 10n }, loop } });
    const forms = flowForms(body);
    expect(forms).toHaveLength(3);
    expect(
      (forms[1]?.schema['properties'] as Record<string, Record<string, Record<string, unknown>>>)['traits']!['properties']!['n'],
    ).toEqual({
      type: 'integer',
    });
    expect(forms[1]?.notes.some((n) => n.startsWith('The schema is too deep or too large to show in full'))).toBe(true);
  });

  it('renders the 50-trait sample schema', () => {
    const { registration } = byKind(wideSchema(50));
    const traits = (registration.schema['properties'] as Record<string, Record<string, unknown>>)['traits'];
    expect(Object.keys(traits!['properties'] as object)).toHaveLength(50);
    expect(registration.fields).toContain('password');
    expect(errorsFor(registration, {})).toEqual(['traits required', 'password required']);
  });
});
