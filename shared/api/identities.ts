import type { CreateIdentityInput, Identity, IdentityState, JsonPatchOperation, UpdateIdentityInput, WhoamiIdentity } from '../domain/identity';
import { IDENTITY_STATES } from '../domain/identity';
import type { JsonSchema, ParamSchemas } from './params';
import { boundedJson, idParam } from './params';

export interface IdentitiesApi {
  /** Validates like Kratos, derives identifiers and addresses; CONFLICT names the clashing field. */
  create(input: CreateIdentityInput): Promise<Identity>;
  get(id: string): Promise<Identity>;
  /** Partial update: omitted fields keep their value. */
  update(id: string, input: UpdateIdentityInput): Promise<Identity>;
  /** RFC 6902 add/remove/replace with Kratos's denied paths. */
  patch(id: string, operations: JsonPatchOperation[]): Promise<Identity>;
  setState(id: string, state: IdentityState): Promise<Identity>;
  delete(id: string): Promise<void>;
  /** Exactly what `/sessions/whoami` shows the user. */
  whoamiView(id: string): Promise<WhoamiIdentity>;
}

const state: JsonSchema = { enum: [...IDENTITY_STATES] };
const rfc3339: JsonSchema = { type: 'string', minLength: 1, maxLength: 64 };
const address: JsonSchema = {
  type: 'object',
  required: ['value'],
  properties: { value: { type: 'string', maxLength: 1024 }, via: { enum: ['email', 'sms'] }, verified: { type: 'boolean' }, verified_at: rfc3339, status: { enum: ['pending', 'sent', 'completed'] } },
  additionalProperties: false,
};

export const createIdentityInputSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', pattern: '^[0-9a-fA-F-]{36}$' },
    schema_id: idParam,
    traits: boundedJson,
    metadata_public: boundedJson,
    metadata_admin: boundedJson,
    state,
    external_id: { type: 'string', minLength: 1, maxLength: 64 },
    organization_id: { type: ['string', 'null'], maxLength: 64 },
    credentials: {
      type: 'object',
      properties: {
        password: {
          type: 'object',
          required: ['config'],
          properties: { config: { type: 'object', required: ['hashed_password'], properties: { hashed_password: { type: 'string', minLength: 1, maxLength: 4096 } } } },
        },
      },
      additionalProperties: false,
    },
    verifiable_addresses: { type: 'array', maxItems: 100, items: address },
    recovery_addresses: { type: 'array', maxItems: 100, items: address },
    created_at: rfc3339,
    updated_at: rfc3339,
  },
  additionalProperties: false,
};

const updateInput: JsonSchema = {
  type: 'object',
  properties: { schema_id: idParam, traits: boundedJson, metadata_public: boundedJson, metadata_admin: boundedJson, state },
  additionalProperties: false,
};

export const jsonPatchSchema: JsonSchema = {
  type: 'array',
  maxItems: 1000,
  items: {
    type: 'object',
    required: ['op', 'path'],
    properties: { op: { enum: ['add', 'remove', 'replace'] }, path: { type: 'string', maxLength: 1024 }, value: boundedJson },
    additionalProperties: false,
  },
};

export const identitiesParams = {
  create: [createIdentityInputSchema],
  get: [idParam],
  update: [idParam, updateInput],
  patch: [idParam, jsonPatchSchema],
  setState: [idParam, state],
  delete: [idParam],
  whoamiView: [idParam],
} satisfies ParamSchemas<IdentitiesApi>;
