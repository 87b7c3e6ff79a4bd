import { badRequestMessage } from './errors';
import { isObject, jsonTypeName, type EmulatorKind, type JsonObject } from './model';

/**
 * Request-body decoders with Go's encoding/json behaviour (reference §4.4–4.5): the create and batch
 * decoders are strict (`DisallowUnknownFields`: an unknown key, e.g. `id`, is a 400 "json: unknown
 * field"), the PUT decoder is lenient (unknown keys ignored). Type errors read like Go's.
 */
export interface PasswordImport {
  hashed_password?: string;
  password?: string;
  use_password_migration_hook?: boolean;
}

export interface ProviderImport {
  subject: string;
  provider: string;
  use_auto_link?: boolean;
  organization?: string | null;
}

export interface CredentialsImport {
  password?: { config?: PasswordImport };
  oidc?: { config?: { providers?: ProviderImport[] } };
  saml?: { config?: { providers?: ProviderImport[] } };
}

export interface AddressImport {
  value: string;
  via?: string;
  verified?: boolean;
  verified_at?: string;
  status?: string;
  id?: string;
  created_at?: string;
  updated_at?: string;
}

export interface CreateBody {
  schema_id?: string;
  traits?: unknown;
  credentials?: CredentialsImport;
  verifiable_addresses?: AddressImport[];
  recovery_addresses?: AddressImport[];
  metadata_public?: unknown;
  metadata_admin?: unknown;
  state?: string;
  organization_id?: string | null;
  external_id?: string;
  region?: string;
}

export interface UpdateBody {
  schema_id?: string;
  traits?: unknown;
  credentials?: CredentialsImport;
  metadata_public?: unknown;
  metadata_admin?: unknown;
  state?: string;
  external_id?: string;
  region?: string;
}

export interface BatchItem {
  create?: CreateBody;
  patch_id?: string;
}

type FieldType = 'string' | 'bool' | 'raw' | 'nullable-string' | { object: Fields } | { array: FieldType };
interface Fields {
  name: string;
  fields: Record<string, FieldType>;
}

const goType = (type: FieldType): string => {
  if (type === 'string' || type === 'nullable-string') return 'string';
  if (type === 'bool') return 'bool';
  if (type === 'raw') return 'json.RawMessage';
  return 'object' in type ? type.object.name : `[]${goType(type.array)}`;
};

const PROVIDER: Fields = {
  name: 'identity.CredentialsOIDCProvider',
  fields: { subject: 'string', provider: 'string', use_auto_link: 'bool', organization: 'nullable-string' },
};
const PROVIDERS_CREDENTIAL: Fields = {
  name: 'identity.AdminIdentityImportCredentialsOIDC',
  fields: {
    config: {
      object: { name: 'identity.AdminIdentityImportCredentialsOIDCConfig', fields: { providers: { array: { object: PROVIDER } } } },
    },
  },
};
const CREDENTIALS: Fields = {
  name: 'identity.AdminIdentityImportCredentials',
  fields: {
    password: {
      object: {
        name: 'identity.AdminIdentityImportCredentialsPassword',
        fields: {
          config: {
            object: {
              name: 'identity.AdminIdentityImportCredentialsPasswordConfig',
              fields: { hashed_password: 'string', password: 'string', use_password_migration_hook: 'bool' },
            },
          },
        },
      },
    },
    oidc: { object: PROVIDERS_CREDENTIAL },
    saml: { object: { ...PROVIDERS_CREDENTIAL, name: 'identity.AdminIdentityImportCredentialsSAML' } },
  },
};
const ADDRESS_FIELDS = {
  id: 'string',
  value: 'string',
  via: 'string',
  verified: 'bool',
  verified_at: 'nullable-string',
  status: 'string',
  created_at: 'string',
  updated_at: 'string',
} satisfies Record<string, FieldType>;

const createFields = (kind: EmulatorKind): Fields => ({
  name: 'identity.CreateIdentityBody',
  fields: {
    schema_id: 'string',
    traits: 'raw',
    credentials: { object: CREDENTIALS },
    verifiable_addresses: { array: { object: { name: 'identity.VerifiableAddress', fields: ADDRESS_FIELDS } } },
    recovery_addresses: { array: { object: { name: 'identity.RecoveryAddress', fields: ADDRESS_FIELDS } } },
    metadata_public: 'raw',
    metadata_admin: 'raw',
    state: 'string',
    organization_id: 'nullable-string',
    external_id: 'string',
    // HEAD only (Ory Network multi-region); v26.2.0's strict decoder refuses it.
    ...(kind === 'ory-network' ? { region: 'string' as const } : {}),
  },
});

const updateFields = (kind: EmulatorKind): Fields => ({
  name: 'identity.UpdateIdentityBody',
  fields: {
    schema_id: 'string',
    traits: 'raw',
    credentials: { object: CREDENTIALS },
    metadata_public: 'raw',
    metadata_admin: 'raw',
    state: 'string',
    external_id: 'string',
    ...(kind === 'ory-network' ? { region: 'string' as const } : {}),
  },
});

const check = (value: unknown, type: FieldType, where: string, strict: boolean): void => {
  if (type === 'raw') return;
  if (value === null) return; // Go leaves the zero value for null
  const mismatch = (): never => {
    throw badRequestMessage(
      `json: cannot unmarshal ${jsonTypeName(value) === 'integer' ? 'number' : jsonTypeName(value)} into Go struct field ${where} of type ${goType(type)}`,
    );
  };
  if (type === 'string' || type === 'nullable-string') {
    if (typeof value !== 'string') mismatch();
    return;
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') mismatch();
    return;
  }
  if ('array' in type) {
    if (!Array.isArray(value)) mismatch();
    else value.forEach((item) => check(item, type.array, where, strict));
    return;
  }
  if (!isObject(value)) return mismatch();
  decodeObject(value, type.object, strict);
};

const decodeObject = (value: JsonObject, spec: Fields, strict: boolean): void => {
  for (const [key, item] of Object.entries(value)) {
    const type = spec.fields[key];
    if (type === undefined) {
      if (strict) throw badRequestMessage(`json: unknown field ${JSON.stringify(key)}`);
      continue;
    }
    check(item, type, `${spec.name.split('.').pop() ?? spec.name}.${key}`, strict);
  }
};

export const parseJsonBody = (raw: string): unknown => {
  if (raw.trim() === '') throw badRequestMessage('unexpected end of JSON input');
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequestMessage('invalid character in request body: the body is not valid JSON');
  }
};

const asObject = (value: unknown, name: string): JsonObject => {
  if (!isObject(value)) throw badRequestMessage(`json: cannot unmarshal ${jsonTypeName(value)} into Go value of type ${name}`);
  return value;
};

/** Go drops JSON nulls for value fields; the emulator drops them too so `"state": null` means unset. */
const withoutNulls = <T>(value: JsonObject, keep: readonly string[]): T =>
  Object.fromEntries(Object.entries(value).filter(([k, v]) => v !== null || keep.includes(k))) as T;

const RAW_FIELDS = ['traits', 'metadata_public', 'metadata_admin', 'organization_id'];

export const decodeCreateBody = (kind: EmulatorKind, value: unknown): CreateBody => {
  const body = asObject(value, 'identity.CreateIdentityBody');
  decodeObject(body, createFields(kind), true);
  return withoutNulls<CreateBody>(body, RAW_FIELDS);
};

export const decodeUpdateBody = (kind: EmulatorKind, value: unknown): UpdateBody => {
  const body = asObject(value, 'identity.UpdateIdentityBody');
  decodeObject(body, updateFields(kind), false);
  const known = Object.fromEntries(Object.entries(body).filter(([k]) => k in updateFields(kind).fields));
  return withoutNulls<UpdateBody>(known, RAW_FIELDS);
};

export const decodeBatchBody = (kind: EmulatorKind, value: unknown): BatchItem[] => {
  const body = asObject(value, 'identity.BatchPatchIdentitiesBody');
  decodeObject(body, { name: 'identity.BatchPatchIdentitiesBody', fields: { identities: 'raw' } }, true);
  const items = body.identities ?? [];
  if (!Array.isArray(items))
    throw badRequestMessage(
      'json: cannot unmarshal into Go struct field BatchPatchIdentitiesBody.identities of type []*identity.BatchIdentityPatch',
    );
  return items.map((item) => {
    const patch = asObject(item, 'identity.BatchIdentityPatch');
    decodeObject(patch, { name: 'identity.BatchIdentityPatch', fields: { create: 'raw', patch_id: 'string' } }, true);
    const out: BatchItem = {};
    if (typeof patch.patch_id === 'string') out.patch_id = patch.patch_id;
    if (patch.create !== undefined && patch.create !== null) out.create = decodeCreateBody(kind, patch.create);
    return out;
  });
};
