/**
 * Ory Network's per-bucket limits (reference §4.9): a burst window (1 s) and a sustained window
 * (60 s), both counted per bucket. Responses carry `x-ratelimit-limit` (`5, 5;w=1, 80;w=60`),
 * `x-ratelimit-remaining` and `x-ratelimit-reset` (seconds); an exceeded bucket answers 429 with
 * `Retry-After`. Window lengths are options so a test can exhaust a bucket without waiting a minute.
 */
export type Bucket = 'kratos-admin-high' | 'kratos-admin-medium' | 'kratos-admin-low';

export interface BucketLimit {
  /** Requests per burst window. */
  burst: number;
  /** Requests per sustained window. */
  sustained: number;
}

export type Tier = 'developer' | 'production' | 'growth' | 'enterprise';

/** ory/docs bucket-to-threshold.csv, as reference §4.9 lists it (sustained rpm / burst rps). */
export const TIERS: Record<Tier, Record<Bucket, BucketLimit>> = {
  developer: {
    'kratos-admin-high': { sustained: 40, burst: 5 },
    'kratos-admin-medium': { sustained: 25, burst: 5 },
    'kratos-admin-low': { sustained: 80, burst: 5 },
  },
  production: {
    'kratos-admin-high': { sustained: 80, burst: 5 },
    'kratos-admin-medium': { sustained: 90, burst: 5 },
    'kratos-admin-low': { sustained: 175, burst: 8 },
  },
  growth: {
    'kratos-admin-high': { sustained: 550, burst: 23 },
    'kratos-admin-medium': { sustained: 200, burst: 9 },
    'kratos-admin-low': { sustained: 425, burst: 18 },
  },
  enterprise: {
    'kratos-admin-high': { sustained: 1100, burst: 45 },
    'kratos-admin-medium': { sustained: 400, burst: 17 },
    'kratos-admin-low': { sustained: 850, burst: 35 },
  },
};

export interface RateLimitOptions {
  tier?: Tier;
  /** Per-bucket overrides of the tier's numbers. */
  buckets?: Partial<Record<Bucket, Partial<BucketLimit>>>;
  burstWindowMs?: number;
  sustainedWindowMs?: number;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Seconds until the blocking window resets (the Retry-After of a 429). */
  retryAfter: number;
}

interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  private readonly limits: Record<Bucket, BucketLimit>;
  private readonly windows = new Map<string, Window>();
  private readonly burstMs: number;
  private readonly sustainedMs: number;

  constructor(options: RateLimitOptions) {
    const tier = TIERS[options.tier ?? 'developer'];
    const bucket = (name: Bucket): BucketLimit => ({ ...tier[name], ...options.buckets?.[name] });
    this.limits = {
      'kratos-admin-high': bucket('kratos-admin-high'),
      'kratos-admin-medium': bucket('kratos-admin-medium'),
      'kratos-admin-low': bucket('kratos-admin-low'),
    };
    this.burstMs = options.burstWindowMs ?? 1000;
    this.sustainedMs = options.sustainedWindowMs ?? 60_000;
  }

  private window(key: string, length: number, now: number): Window {
    let w = this.windows.get(key);
    if (w === undefined || now - w.start >= length) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Counts the request against its bucket (a refused one counts too, as at a real gateway). */
  take(bucket: Bucket, now: number = Date.now()): RateDecision {
    const limit = this.limits[bucket];
    const burst = this.window(`${bucket}:b`, this.burstMs, now);
    const sustained = this.window(`${bucket}:s`, this.sustainedMs, now);
    const allowed = burst.count < limit.burst && sustained.count < limit.sustained;
    burst.count += 1;
    sustained.count += 1;
    const burstLeft = Math.max(0, limit.burst - burst.count);
    const sustainedLeft = Math.max(0, limit.sustained - sustained.count);
    const resetOf = (w: Window, length: number): number => Math.max(1, Math.ceil((w.start + length - now) / 1000));
    // The window that runs out first decides when the client may come back.
    const sustainedBinds = sustained.count > limit.sustained || sustainedLeft < burstLeft;
    const reset = sustainedBinds ? resetOf(sustained, this.sustainedMs) : resetOf(burst, this.burstMs);
    const seconds = (ms: number): string => String(Math.round(ms / 10) / 100);
    return {
      allowed,
      retryAfter: reset,
      headers: {
        'x-ratelimit-limit': `${limit.burst}, ${limit.burst};w=${seconds(this.burstMs)}, ${limit.sustained};w=${seconds(this.sustainedMs)}`,
        'x-ratelimit-remaining': String(Math.min(burstLeft, sustainedLeft)),
        'x-ratelimit-reset': String(reset),
      },
    };
  }
}
