/**
 * Timestamps as Kratos on CockroachDB emits them: RFC 3339 in UTC with up to nine fractional digits,
 * trailing zeros trimmed (Go's time.RFC3339Nano). Kept as strings end to end, because JavaScript Date
 * would lose everything below the millisecond (reference §4.8).
 */
const NS_PER_MS = 1_000_000n;

export const formatNanos = (epochNanos: bigint): string => {
  const ms = epochNanos / NS_PER_MS;
  const seconds = new Date(Number(ms)).toISOString().slice(0, 19);
  const fraction = (epochNanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${seconds}${fraction === '' ? '' : `.${fraction}`}Z`;
};

export interface Clock {
  /** Now, strictly later than every earlier call, so `updated_at` always moves on a write. */
  now(): string;
  nowNanos(): bigint;
}

export const createClock = (): Clock => {
  const origin = BigInt(Date.now()) * NS_PER_MS - process.hrtime.bigint();
  let last = 0n;
  const nowNanos = (): bigint => {
    let t = origin + process.hrtime.bigint();
    if (t <= last) t = last + 1n;
    last = t;
    return t;
  };
  return { nowNanos, now: () => formatNanos(nowNanos()) };
};
