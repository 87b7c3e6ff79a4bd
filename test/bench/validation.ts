import { Ajv } from 'ajv';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { createValidationEngine } from '../../electron/services/validation/index';
import { isKratosEmail } from '../../shared/kratos/email';

/**
 * Design §10 "validate all identities": raw ajv (with a plain libphonenumber `tel` check and the same email
 * rule) against the engine (Kratos formats, RE2 patterns, extension hooks, derived identifiers and addresses,
 * Kratos issues), on the same schema and deterministic data, with and without phone numbers.
 * Run: npx tsx -e "import('./test/bench/validation.ts').then(m=>m.runValidationBench({n:100000}))"
 */
const schema = (withPhone: boolean) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: {
          type: 'string',
          format: 'email',
          maxLength: 320,
          'ory.sh/kratos': { credentials: { password: { identifier: true } }, verification: { via: 'email' }, recovery: { via: 'email' } },
        },
        name: { type: 'object', properties: { first: { type: 'string', pattern: '^[A-Za-z]+$' }, last: { type: 'string' } } },
        plan: { enum: ['free', 'pro', 'enterprise'] },
        ...(withPhone
          ? { phone: { type: 'string', format: 'tel', 'ory.sh/kratos': { credentials: { code: { identifier: true, via: 'sms' } }, verification: { via: 'sms' } } } }
          : {}),
      },
      required: ['email'],
      additionalProperties: false,
    },
  },
});

const PLANS = ['free', 'pro', 'enterprise'];

/** Deterministic identities; one in 50 is invalid so the error path is measured too. */
const makeTraits = (n: number, withPhone: boolean): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, i) => {
    const t: Record<string, unknown> = {
      email: i % 50 === 0 ? `broken.${i}.@example.com` : `User.${i}@Example${i % 97}.com`,
      name: { first: `Name${String.fromCharCode(97 + (i % 26))}`.replace(/\d/g, ''), last: `Last ${i}` },
      plan: PLANS[i % 3],
    };
    if (withPhone) t['phone'] = `+49 176 ${String(10_000_000 + ((i * 7919) % 89_999_999))}`;
    return t;
  });

const rate = (n: number, ms: number): number => Math.round((n / ms) * 1000);

const time = (fn: () => number): { ms: number; invalid: number } => {
  const start = performance.now();
  const invalid = fn();
  return { ms: performance.now() - start, invalid };
};

const benchOne = (n: number, withPhone: boolean): void => {
  const s = schema(withPhone);
  const docs = makeTraits(n, withPhone).map((traits) => ({ traits }));
  // Same ajv options as the engine wherever they change the cost of a *valid* document: `allErrors`, and
  // `ownProperties` (the engine reads own properties only — Go's decoded JSON has no prototype chain — which costs
  // a hasOwnProperty per present property and Object.keys instead of for-in). Options that only shape error
  // objects (`verbose`) or Kratos's own semantics (RE2 patterns, format on any type) stay engine-only work.
  const ajv = new Ajv({ allErrors: true, strict: false, ownProperties: true });
  ajv.addFormat('email', isKratosEmail);
  ajv.addFormat('tel', (v: string) => isValidPhoneNumber(v));
  const raw = ajv.compile(s);
  const compiled = createValidationEngine().compile(s);
  const runRaw = () => docs.reduce((bad, d) => (raw(d) ? bad : bad + 1), 0);
  const runEngine = () => docs.reduce((bad, d) => (compiled.validate(d).valid ? bad : bad + 1), 0);
  // Warm both paths (JIT) on a slice, then alternate to even out GC and thermal effects; best of five each
  // (the same number of runs for both sides, so a noisy machine does not decide the ratio).
  docs.slice(0, Math.min(2000, n)).forEach((d) => (raw(d), compiled.validate(d)));
  const rawRuns: { ms: number; invalid: number }[] = [];
  const engineRuns: { ms: number; invalid: number }[] = [];
  for (let round = 0; round < 5; round++) {
    rawRuns.push(time(runRaw));
    engineRuns.push(time(runEngine));
  }
  const r1 = rawRuns[0] as { ms: number; invalid: number };
  const e1 = engineRuns[0] as { ms: number; invalid: number };
  const rawMs = Math.min(...rawRuns.map((r) => r.ms));
  const engineMs = Math.min(...engineRuns.map((r) => r.ms));
  const label = withPhone ? 'with phone numbers' : 'without phone numbers';
  console.log(
    `validation ${label}, n=${n}: raw ajv+tel ${rate(n, rawMs)} identities/s (${r1.invalid} invalid), ` +
      `engine ${rate(n, engineMs)} identities/s (${e1.invalid} invalid), ratio ${(rawMs / engineMs).toFixed(2)}x`,
  );
};

export async function runValidationBench(args: { n: number }): Promise<void> {
  const n = args.n > 0 ? args.n : 100_000;
  benchOne(n, false);
  benchOne(n, true);
  await Promise.resolve();
}
