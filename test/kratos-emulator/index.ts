import type { AddressInfo } from 'node:net';
import { createClock } from './clock';
import type { CreateBody } from './decode';
import { DEFAULT_SCHEMA_ID, loadDefaultSchema } from './default-schema';
import { createFaults, type Faults } from './faults';
import { PageTokens } from './list';
import type { EmulatorKind, JsonObject } from './model';
import { createOperations } from './operations';
import { RateLimiter, type RateLimitOptions } from './rate-limit';
import { createRequestLog, type RequestLog } from './request-log';
import { createRng } from './rng';
import { createSchemaRegistry, type SchemaRegistry } from './schema-registry';
import { seedIdentities } from './seed';
import { createEmulatorServer } from './server';
import { IdentityStore } from './store';
import { createTraitsValidator } from './traits';

/**
 * A Kratos admin API on loopback for tests (issue 12 point 8, reference §4). Test tool only: the app
 * never imports it (lint zones).
 */
export interface KratosEmulatorOptions {
  /** `kratos` = self-hosted v26.2.0 (no auth, no rate limits); `ory-network` = HEAD behind a bearer key. */
  kind?: EmulatorKind;
  /** Ory Network's project API key (default `ory_pat_emulator`). Ignored for self-hosted. */
  key?: string;
  port?: number;
  /** Identities to seed at start. */
  seed?: number;
  /** Seed of every random choice (ids, seeded data, fault probabilities). Default 1. */
  rngSeed?: number;
  schemas?: { id: string; schema: JsonObject }[];
  defaultSchemaId?: string;
  /** Ory Network only; `false` turns limits off. Default: the Developer tier with real windows. */
  rateLimit?: RateLimitOptions | false;
  /** Ory Network only; default true. */
  rejectConcurrentWrites?: boolean;
  /** Service time of every write in ms (default 2), so overlapping writers are seen overlapping. */
  writeDelayMs?: number;
}

export interface EmulatorState {
  readonly size: number;
  ids(): readonly string[];
  /** The admin JSON with every credential config, or undefined. */
  get(id: string): JsonObject | undefined;
  /** A remote-side create, as `POST /admin/identities` does it; returns the admin JSON. */
  create(body: CreateBody): JsonObject;
  /**
   * A remote-side edit: `fn` gets the admin JSON (mutate it or return a new one); the emulator
   * validates, re-derives identifiers and addresses and bumps `updated_at`, like a Kratos write.
   */
  update(id: string, fn: (doc: JsonObject) => JsonObject | void): JsonObject;
  delete(id: string): void;
  /** Adds `n` deterministic identities; returns their ids. */
  seed(n: number): string[];
}

export interface KratosEmulator {
  /** Base URL, e.g. `http://127.0.0.1:43121` (the admin API lives under `/admin`). */
  url: string;
  kind: EmulatorKind;
  /** The key a client must send (`Authorization: Bearer <key>`); undefined for self-hosted. */
  key: string | undefined;
  state: EmulatorState;
  schemas: SchemaRegistry;
  log: RequestLog;
  faults: Faults;
  close(): Promise<void>;
}

export const startKratosEmulator = async (options: KratosEmulatorOptions = {}): Promise<KratosEmulator> => {
  const kind = options.kind ?? 'kratos';
  const key = kind === 'ory-network' ? (options.key ?? 'ory_pat_emulator') : undefined;
  const rngSeed = options.rngSeed ?? 1;
  const rng = createRng(rngSeed);
  const store = new IdentityStore();
  const schemas = createSchemaRegistry(
    options.schemas ?? [{ id: DEFAULT_SCHEMA_ID, schema: loadDefaultSchema() }],
    options.defaultSchemaId ?? options.schemas?.[0]?.id ?? DEFAULT_SCHEMA_ID,
  );
  const ops = createOperations({ kind, clock: createClock(), rng, store, schemas, validator: createTraitsValidator() });
  const log = createRequestLog();
  const faults = createFaults(createRng(rngSeed ^ 0x5eed));
  let url = '';
  const server = createEmulatorServer({
    kind,
    key,
    store,
    ops,
    schemas,
    tokens: new PageTokens(kind),
    version: kind === 'kratos' ? 'v26.2.0' : 'v26.2.0-202-gb86338da0',
    adminBase: () => (kind === 'kratos' ? url : `${url}/admin`),
    limiter: kind === 'ory-network' && options.rateLimit !== false ? new RateLimiter(options.rateLimit ?? {}) : undefined,
    rejectConcurrentWrites: kind === 'ory-network' && options.rejectConcurrentWrites !== false,
    writeDelayMs: options.writeDelayMs ?? 2,
    faults,
    log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  schemas.baseUrl = url;

  let seeded = 0;
  const seed = (n: number): string[] => {
    const identities = seedIdentities(kind, rngSeed, seeded, n, schemas.defaultId);
    seeded += n;
    store.putMany(identities);
    return identities.map((i) => i.id);
  };
  if (options.seed !== undefined && options.seed > 0) seed(options.seed);

  const state: EmulatorState = {
    get size() {
      return store.size;
    },
    ids: () => store.ids(),
    get: (id) => {
      const identity = store.get(id);
      return identity === undefined ? undefined : ops.adminJson(identity);
    },
    create: (body) => ops.adminJson(ops.create(structuredClone(body))),
    update: (id, fn) =>
      ops.adminJson(
        ops.replaceFromDocument(id, (doc) => {
          const next = fn(doc);
          return next ?? doc;
        }),
      ),
    delete: (id) => ops.remove(id),
    seed,
  };

  return {
    url,
    kind,
    key,
    state,
    schemas,
    log,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

export type { CreateBody } from './decode';
export type { FaultKind, FaultSpec, RandomFaultSpec } from './faults';
export type { EmulatorKind, JsonObject } from './model';
export type { RateLimitOptions, Tier } from './rate-limit';
export type { LogEntry, RequestLog } from './request-log';
