import type { Worker } from 'node:worker_threads';
import type { ValidationProfile } from '../../../shared/domain/app';
import type { ValidationResult } from '../../../shared/domain/validation';
import { AppError, fromWireError } from '../../../shared/errors';
import { fitsInline, INLINE_LIMITS } from '../../../shared/json-limits';
import { VALIDATION_LIMITS } from './limits';
import type { SandboxRequest, SandboxResponse } from './sandbox-protocol';
import { spawnSiblingWorker } from '../worker-spawn';

/**
 * The path for untrusted schemas and traits (CLI, renderer requests, big writes): compile and validate in a worker
 * thread with a wall-clock limit. On timeout the worker is terminated (and lazily respawned), the caller gets
 * LIMIT_EXCEEDED, and the process stays responsive. Each lane runs requests one at a time so a slow one cannot starve
 * a timer; there are two lanes, so a queue of big (possibly hostile) requests never delays a small one.
 */
export interface SandboxedValidator {
  /** Resolves `{ ok: true }` or rejects with AppError (SCHEMA_INVALID, LIMIT_EXCEEDED). */
  checkSchema(schema: string | unknown): Promise<{ ok: true }>;
  validate(schema: string | unknown, traits: unknown, profile?: ValidationProfile): Promise<ValidationResult>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  timeoutMs?: number;
  /** Override the worker module URL (for bundles where `import.meta.url` is not the validation folder). */
  moduleUrl?: string;
}

const STARTUP_MS = 15_000;

type Pending = { resolve: (r: SandboxResponse) => void; reject: (e: AppError) => void };

/** One worker and its queue. */
const createLane = (options: SandboxOptions): SandboxedValidator => {
  const timeoutMs = options.timeoutMs ?? VALIDATION_LIMITS.sandboxTimeoutMs;
  const moduleUrl = options.moduleUrl ?? import.meta.url;
  let worker: Worker | null = null;
  let ready: Promise<void> = Promise.resolve();
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  const pending = new Map<number, Pending>();

  const failAll = (error: AppError) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const spawn = (): Worker => {
    const w = spawnSiblingWorker(moduleUrl, 'sandbox-worker');
    // The wall clock starts once the worker has loaded (booting tsx alone can take a few hundred ms).
    ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new AppError('INTERNAL', 'The validation worker did not start.')), STARTUP_MS);
      w.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    w.on('message', (res: SandboxResponse | { ready: true }) => {
      if (!('id' in res)) return;
      const p = pending.get(res.id);
      pending.delete(res.id);
      p?.resolve(res);
    });
    // Only the current worker's death fails the pending request; a worker we terminated was already replaced.
    w.on('error', (err) => {
      if (worker !== w) return;
      worker = null;
      failAll(new AppError('INTERNAL', `The validation worker failed: ${err.message}`));
    });
    w.on('exit', () => {
      if (worker !== w) return;
      worker = null;
      failAll(new AppError('INTERNAL', 'The validation worker stopped unexpectedly.'));
    });
    return w;
  };

  const send = async (req: SandboxRequest): Promise<SandboxResponse> => {
    if (closed) throw new AppError('CANCELLED', 'The sandboxed validator is closed.');
    const w = worker ?? (worker = spawn());
    w.ref();
    await ready;
    return new Promise<SandboxResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(req.id);
        worker = null;
        void w.terminate();
        reject(new AppError('LIMIT_EXCEEDED', `Validation took longer than ${timeoutMs} ms and was stopped.`));
      }, timeoutMs);
      pending.set(req.id, {
        resolve: (r) => {
          clearTimeout(timer);
          w.unref();
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      w.postMessage(req);
    });
  };

  /** Serializes requests: the timer of each starts only when it reaches the worker. */
  const enqueue = (req: SandboxRequest): Promise<SandboxResponse> => {
    const run = queue.then(() => send(req));
    queue = run.catch(() => undefined);
    return run;
  };

  const unwrap = <T>(res: SandboxResponse): T => {
    if (!res.ok) throw fromWireError(res.error);
    return res.value as T;
  };

  return {
    async checkSchema(schema) {
      return unwrap<{ ok: true }>(await enqueue({ id: nextId++, op: 'check', schema }));
    },
    async validate(schema, traits, profile = 'kratos-v26') {
      return unwrap<ValidationResult>(await enqueue({ id: nextId++, op: 'validate', schema, traits, profile }));
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      failAll(new AppError('CANCELLED', 'The sandboxed validator is closed.'));
      if (w !== null) await w.terminate();
    },
  };
};

/** A schema this small compiles in milliseconds under the engine's static limits (expansion, refs, enum sizes). */
const SMALL_SCHEMA_CHARS = INLINE_LIMITS.maxBytes;

const isSmall = (schema: string | unknown, traits: unknown): boolean =>
  (typeof schema === 'string' ? schema.length <= SMALL_SCHEMA_CHARS : fitsInline(schema)) && fitsInline(traits);

/**
 * Small requests (the schema editor's checks, the identity form, inline-sized traits) get their own lane; everything
 * else queues in the other. Five hostile validations then delay a benign small one by nothing instead of 5 × the
 * time limit. Each lane starts its worker on first use.
 */
export const createSandboxedValidator = (options: SandboxOptions = {}): SandboxedValidator => {
  const small = createLane(options);
  const big = createLane(options);
  return {
    checkSchema: (schema) => (isSmall(schema, null) ? small : big).checkSchema(schema),
    validate: (schema, traits, profile) => (isSmall(schema, traits) ? small : big).validate(schema, traits, profile),
    close: async () => {
      await Promise.all([small.close(), big.close()]);
    },
  };
};
