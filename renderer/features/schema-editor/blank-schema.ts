/** What "Start blank" opens: the smallest safe identity schema (an e-mail that signs in, is verified and recovers). */
export const BLANK_SCHEMA_TEXT = `${JSON.stringify(
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'New identity schema',
    type: 'object',
    properties: {
      traits: {
        type: 'object',
        properties: {
          email: {
            type: 'string',
            format: 'email',
            title: 'E-mail',
            minLength: 3,
            maxLength: 320,
            'ory.sh/kratos': {
              credentials: { password: { identifier: true } },
              verification: { via: 'email' },
              recovery: { via: 'email' },
            },
          },
        },
        required: ['email'],
        additionalProperties: false,
      },
    },
  },
  null,
  2,
)}\n`;
