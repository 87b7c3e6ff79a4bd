import type { JsonObject } from './model';

/** The identity schemas the emulated Kratos has configured (reference §3.5–3.6). */
export interface SchemaRegistry {
  readonly defaultId: string;
  get(id: string): JsonObject | undefined;
  /** `{id}` as sent on `GET /schemas/{id}`: the plain id or its base64url form. */
  find(idOrEncoded: string): { id: string; schema: JsonObject } | undefined;
  list(): { id: string; schema: JsonObject }[];
  /** Sets (or, to test immutability reporting, swaps) a schema body. */
  set(id: string, schema: JsonObject): void;
  urlOf(id: string): string;
  /** Set once the server listens: `schema_url` is `<public base>/schemas/<base64url(id)>`. */
  baseUrl: string;
}

const base64url = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');

export const createSchemaRegistry = (schemas: readonly { id: string; schema: JsonObject }[], defaultId: string): SchemaRegistry => {
  const byId = new Map(schemas.map((s) => [s.id, s.schema]));
  const registry: SchemaRegistry = {
    defaultId,
    baseUrl: '',
    get: (id) => byId.get(id),
    find: (value) => {
      const direct = byId.get(value);
      if (direct !== undefined) return { id: value, schema: direct };
      for (const [id, schema] of byId) if (base64url(id) === value) return { id, schema };
      return undefined;
    },
    list: () => [...byId].map(([id, schema]) => ({ id, schema })),
    set: (id, schema) => {
      byId.set(id, schema);
    },
    urlOf: (id) => `${registry.baseUrl}/schemas/${base64url(id)}`,
  };
  return registry;
};
