import type { Rng } from './rng';

/**
 * Injectable faults (issue 12 point 8): one-shot (`next`) or by probability (`random`, drawn from the
 * emulator's seeded RNG), matched on method and path. Kinds:
 * - `latency`: wait `ms`, then answer normally;
 * - `status`: answer a herodot 5xx (default 503) without touching state;
 * - `drop`: destroy the socket before handling (nothing happened);
 * - `drop-after`: handle the request (a write is committed), then destroy the socket instead of answering;
 * - `timeout`: never answer (the socket stays open until the client gives up or the emulator closes);
 * - `serialize`: the retryable 400 "Unable to serialize access…" (nothing happened).
 */
export type FaultKind = 'latency' | 'status' | 'drop' | 'drop-after' | 'timeout' | 'serialize';

export interface FaultSpec {
  kind: FaultKind;
  /** e.g. 'PATCH'; any method when absent. */
  method?: string;
  /** Tested against `METHOD /path?query`, so /PATCH \/admin\/identities\// works. */
  path?: RegExp;
  ms?: number;
  status?: number;
  /** For `next`: how many matching requests it hits (default 1). */
  times?: number;
}

export interface RandomFaultSpec extends Omit<FaultSpec, 'times'> {
  probability: number;
}

export interface Faults {
  next(spec: FaultSpec): void;
  random(spec: RandomFaultSpec): void;
  clear(): void;
  /** One-shot faults not yet consumed. */
  pending(): readonly FaultSpec[];
}

export interface FaultEngine extends Faults {
  /** The fault for this request, if any; consumes a one-shot. */
  pick(method: string, target: string): FaultSpec | undefined;
}

const matches = (spec: Omit<FaultSpec, 'times'>, method: string, target: string): boolean =>
  (spec.method === undefined || spec.method.toUpperCase() === method) && (spec.path === undefined || spec.path.test(`${method} ${target}`));

export const createFaults = (rng: Rng): FaultEngine => {
  let queue: (FaultSpec & { left: number })[] = [];
  let randoms: RandomFaultSpec[] = [];
  return {
    next: (spec) => {
      queue.push({ ...spec, left: spec.times ?? 1 });
    },
    random: (spec) => {
      randoms.push(spec);
    },
    clear: () => {
      queue = [];
      randoms = [];
    },
    pending: () => queue.map(({ left: _left, ...spec }) => spec),
    pick: (method, target) => {
      const hit = queue.find((spec) => matches(spec, method, target));
      if (hit !== undefined) {
        hit.left -= 1;
        if (hit.left <= 0) queue = queue.filter((spec) => spec !== hit);
        const { left: _left, ...spec } = hit;
        return spec;
      }
      for (const spec of randoms) if (matches(spec, method, target) && rng.next() < spec.probability) return spec;
      return undefined;
    },
  };
};
