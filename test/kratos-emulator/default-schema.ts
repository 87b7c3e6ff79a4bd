/**
 * The emulator's default identity schema: an email that is the password and code identifier and a
 * verification and recovery address (like Ory Network's email preset), a name, and a phone number.
 */
export const DEFAULT_SCHEMA_ID = 'default';

export const DEFAULT_SCHEMA = {
  $id: 'https://schemas.identity-desk.test/emulator/default.schema.json',
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Person',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: {
          type: 'string',
          format: 'email',
          title: 'E-Mail',
          minLength: 3,
          maxLength: 320,
          'ory.sh/kratos': {
            credentials: { password: { identifier: true }, code: { identifier: true, via: 'email' } },
            verification: { via: 'email' },
            recovery: { via: 'email' },
          },
        },
        name: {
          type: 'object',
          properties: { first: { type: 'string', title: 'First name' }, last: { type: 'string', title: 'Last name' } },
        },
        phone: { type: 'string', format: 'tel', title: 'Phone' },
      },
      required: ['email'],
      additionalProperties: false,
    },
  },
} as const;
