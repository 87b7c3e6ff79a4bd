/**
 * Generated identity schemas for benches and end-to-end tests (the "50-trait schema" preview timing).
 * Deterministic: the same count always gives the same body, so timings compare across runs.
 */

const KINDS = ['text', 'count', 'flag', 'plan', 'name', 'score', 'birthday'] as const;
type Kind = (typeof KINDS)[number];

// A function, not a constant: every call returns fresh objects that callers may mutate freely.
const emailTrait = (): Record<string, unknown> => ({
  type: 'string',
  format: 'email',
  title: 'E-mail',
  minLength: 3,
  maxLength: 254,
  'ory.sh/kratos': {
    credentials: { password: { identifier: true } },
    verification: { via: 'email' },
    recovery: { via: 'email' },
  },
});

const trait = (kind: Kind, n: number): Record<string, unknown> => {
  switch (kind) {
    case 'text':
      return { type: 'string', title: `Text ${n}`, maxLength: 200 };
    case 'count':
      return { type: 'integer', title: `Count ${n}`, minimum: 0, maximum: 1_000_000 };
    case 'flag':
      return { type: 'boolean', title: `Flag ${n}`, default: false };
    case 'plan':
      return { type: 'string', title: `Plan ${n}`, enum: ['free', 'pro', 'team'] };
    case 'name':
      return {
        type: 'object',
        title: `Name ${n}`,
        properties: {
          first: { type: 'string', title: 'First name', minLength: 1, maxLength: 100 },
          last: { type: 'string', title: 'Last name', minLength: 1, maxLength: 100 },
        },
        additionalProperties: false,
      };
    case 'score':
      return { type: 'number', title: `Score ${n}`, minimum: 0, maximum: 100 };
    case 'birthday':
      return { type: 'string', title: `Date ${n}`, format: 'date' };
  }
};

/**
 * A valid Kratos identity schema with `traitCount` traits (at least 1): an e-mail password identifier
 * with verification and recovery, then a rotation of string, integer, boolean, enum, nested-object,
 * number and date traits named `<kind>_<n>`.
 */
export function wideSchema(traitCount: number): Record<string, unknown> {
  const count = Number.isFinite(traitCount) ? Math.max(1, Math.floor(traitCount)) : 1;
  const properties: Record<string, unknown> = { email: emailTrait() };
  for (let n = 2; n <= count; n++) {
    const kind = KINDS[(n - 2) % KINDS.length] ?? 'text';
    properties[`${kind}_${n}`] = trait(kind, n);
  }
  return {
    $id: `https://schemas.identity-desk.dev/samples/wide-${count}.schema.json`,
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Wide schema (${count} traits)`,
    type: 'object',
    properties: {
      traits: { type: 'object', properties, required: ['email'], additionalProperties: false },
    },
  };
}
