/**
 * The `ory.sh/kratos` vocabulary as Kratos checks it (reference §2.1, `embedx/identity_extension.schema.json`).
 * Every object level is closed (`additionalProperties: false`) so `"identifier": 0` or an unknown key is a schema
 * error. The document applies to every object-valued property of the schema through `patternProperties ".*" → #`,
 * which is why arrays (e.g. `allOf` items) are not descended into — the same reach Kratos's meta-schema has.
 */
export const KRATOS_EXTENSION_KEYWORD = 'ory.sh/kratos';

export const KRATOS_EXTENSION_META_SCHEMA_ID = 'ory://identity-extension';

const flag = (name: string) =>
  ({
    type: 'object',
    additionalProperties: false,
    properties: { [name]: { type: 'boolean' } },
  }) as const;

const via = { type: 'string', enum: ['email', 'sms'] } as const;

export const KRATOS_EXTENSION_META_SCHEMA = {
  $id: KRATOS_EXTENSION_META_SCHEMA_ID,
  $schema: 'http://json-schema.org/draft-07/schema#',
  properties: {
    [KRATOS_EXTENSION_KEYWORD]: {
      type: 'object',
      additionalProperties: false,
      properties: {
        credentials: {
          type: 'object',
          additionalProperties: false,
          properties: {
            password: flag('identifier'),
            webauthn: flag('identifier'),
            passkey: flag('display_name'),
            totp: flag('account_name'),
            code: {
              type: 'object',
              additionalProperties: false,
              properties: { identifier: { type: 'boolean' }, via },
            },
          },
        },
        verification: { type: 'object', additionalProperties: false, properties: { via } },
        recovery: { type: 'object', additionalProperties: false, properties: { via } },
        organizations: {
          type: 'object',
          additionalProperties: false,
          properties: { matcher: { type: 'string', enum: ['email_domain'] } },
        },
      },
    },
  },
  patternProperties: { '.*': { $ref: '#' } },
} as const;

/** Formats a direct trait with `verification` may declare (reference §3.2). */
export const VERIFICATION_FORMATS = ['email', 'tel', 'date', 'time', 'date-time', 'no-validate'] as const;

/**
 * The identity meta-rules of reference §3.2 (`embedx/identity_meta.schema.json`), applied after the draft
 * meta-schema: `properties.traits`, `traits.type` exactly "object", at least one trait, every direct trait an
 * object schema, and a verification trait's `format` (if any) from the known list.
 */
export const IDENTITY_META_SCHEMA = {
  $id: 'ory://identity-meta',
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['properties'],
  properties: {
    properties: {
      type: 'object',
      required: ['traits'],
      properties: {
        traits: {
          type: 'object',
          required: ['properties'],
          properties: {
            type: { const: 'object' },
            properties: {
              type: 'object',
              minProperties: 1,
              additionalProperties: {
                type: 'object',
                if: {
                  required: [KRATOS_EXTENSION_KEYWORD],
                  properties: { [KRATOS_EXTENSION_KEYWORD]: { type: 'object', required: ['verification'] } },
                },
                then: { properties: { format: { enum: [...VERIFICATION_FORMATS] } } },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** The typed view of an `ory.sh/kratos` value that passed the meta-schema. */
export interface KratosExtensionConfig {
  credentials?: {
    password?: { identifier?: boolean };
    webauthn?: { identifier?: boolean };
    passkey?: { display_name?: boolean };
    totp?: { account_name?: boolean };
    code?: { identifier?: boolean; via?: 'email' | 'sms' };
  };
  verification?: { via?: 'email' | 'sms' };
  recovery?: { via?: 'email' | 'sms' };
  organizations?: { matcher?: 'email_domain' };
}
