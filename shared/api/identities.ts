import type { CreateIdentityInput, Identity, IdentityState, JsonPatchOperation, UpdateIdentityInput, WhoamiIdentity } from '../domain/identity';
import { IDENTITY_STATES, JSON_PATCH_OPS, VERIFIABLE_ADDRESS_STATUSES } from '../domain/identity';
import { ADDRESS_VIAS } from '../domain/validation';
import type { ParamSchemas } from './params';
import { boundedJson, array, boolean, idParam, nullable, object, oneOfValues, string } from './params';

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

const state = oneOfValues(IDENTITY_STATES);
const rfc3339 = string({ minLength: 1, maxLength: 64 });
const addressValue = string({ maxLength: 1024 });
const via = oneOfValues(ADDRESS_VIAS);
const verifiableAddress = object(
  { value: addressValue, via, verified: boolean(), verified_at: rfc3339, status: oneOfValues(VERIFIABLE_ADDRESS_STATUSES) },
  { required: ['value'] },
);
const recoveryAddress = object({ value: addressValue, via }, { required: ['value'] });

export const createIdentityInputSchema = object({
  id: string({ format: 'uuid', pattern: '^[0-9a-fA-F-]{36}$' }),
  schema_id: idParam,
  traits: boundedJson,
  metadata_public: boundedJson,
  metadata_admin: boundedJson,
  state,
  external_id: string({ minLength: 1, maxLength: 64 }),
  organization_id: nullable(string({ maxLength: 64 })),
  credentials: object({
    password: object(
      // Open: the service reads `hashed_password` only, whatever else a Kratos export puts in config.
      { config: object({ hashed_password: string({ minLength: 1, maxLength: 4096 }) }, { required: ['hashed_password'], open: true }) },
      { required: ['config'], open: true },
    ),
  }),
  verifiable_addresses: array(verifiableAddress, { maxItems: 100 }),
  recovery_addresses: array(recoveryAddress, { maxItems: 100 }),
  created_at: rfc3339,
  updated_at: rfc3339,
});

const updateInput = object({ schema_id: idParam, traits: boundedJson, metadata_public: boundedJson, metadata_admin: boundedJson, state });

export const jsonPatchSchema = array(
  object({ op: oneOfValues(JSON_PATCH_OPS), path: string({ maxLength: 1024 }), value: boundedJson }, { required: ['op', 'path'] }),
  { maxItems: 1000 },
);

export const identitiesParams = {
  create: [createIdentityInputSchema],
  get: [idParam],
  update: [idParam, updateInput],
  patch: [idParam, jsonPatchSchema],
  setState: [idParam, state],
  delete: [idParam],
  whoamiView: [idParam],
} satisfies ParamSchemas<IdentitiesApi>;
