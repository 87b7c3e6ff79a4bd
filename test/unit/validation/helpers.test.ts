import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { resolveWorkerTarget } from '../../../electron/services/worker-spawn';
import { mergeVerifiableAddresses } from '../../../shared/kratos/addresses';
import { gracefulNormalization, precisCanonicalize } from '../../../shared/kratos/normalize';
import { goPathEscape, goQuote } from '../../../shared/kratos/messages';
import { createValidationEngine } from '../../../electron/services/validation/index';

describe('worker spawning', () => {
  it('uses the .js sibling when bundled', () => {
    const t = resolveWorkerTarget('file:///app/.out/electron/main.js', 'sandbox-worker');
    expect(t).toEqual({ entry: new URL('file:///app/.out/electron/sandbox-worker.js'), eval: false });
  });
  it('boots TypeScript workers through tsx (works under vitest)', async () => {
    const moduleUrl = new URL('../../../electron/services/validation/sandbox.ts', import.meta.url).href;
    const t = resolveWorkerTarget(moduleUrl, 'sandbox-worker');
    expect(t.eval).toBe(true);
    const w = new Worker(t.entry, { eval: true });
    const first = await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await w.terminate();
    expect(first).toEqual({ ready: true });
  });
});

describe('update semantics (reference §2.3)', () => {
  const derived = [
    { value: 'a@x.io', via: 'email' as const, verified: false, status: 'pending' as const },
    { value: 'b@x.io', via: 'email' as const, verified: false, status: 'pending' as const },
  ];
  const previous = [
    { id: '1', value: 'a@x.io', via: 'email', verified: true, status: 'completed', verified_at: 't' },
    { id: '2', value: 'gone@x.io', via: 'email', verified: true, status: 'completed' },
  ];
  it('keeps the stored record of addresses still derived, drops the rest, adds new as pending', () => {
    expect(mergeVerifiableAddresses(previous, derived, 'kratos-v26')).toEqual([previous[0], derived[1]]);
  });
  it('matches exactly in v26 but normalized at HEAD', () => {
    const raw = [{ id: '3', value: '+49 0176 67111638', via: 'sms', verified: true, status: 'completed' }];
    const d = [{ value: '+4917667111638', via: 'sms' as const, verified: false, status: 'pending' as const }];
    expect(mergeVerifiableAddresses(raw, d, 'kratos-v26')[0]).toMatchObject({ verified: false });
    expect(mergeVerifiableAddresses(raw, d, 'ory-network')[0]).toMatchObject({ id: '3', verified: true });
  });
});

describe('normalization and message helpers', () => {
  it('HEAD graceful normalization table (§2.4)', () => {
    expect(gracefulNormalization('  EXAMPLE@DOMAIN.COM  ', 'ory-network')).toBe('example@domain.com');
    expect(gracefulNormalization('+44 20 7946 0958', 'ory-network')).toBe('+442079460958');
    expect(precisCanonicalize('alice\u200B@example.com')).toBe('alice@example.com');
  });
  it('v26 graceful normalization: E.164 for phones, lowercase for emails, trim otherwise', () => {
    expect(gracefulNormalization('+1 650-253-0000', 'kratos-v26')).toBe('+16502530000');
    expect(gracefulNormalization(' A@B.io ', 'kratos-v26')).toBe('a@b.io');
    expect(gracefulNormalization(' UserName ', 'kratos-v26')).toBe('UserName');
  });
  it('Go quoting and path escaping', () => {
    expect(goQuote('a"b\n')).toBe('"a\\"b\\n"');
    expect(goQuote(42)).toBe('"42"');
    expect(goPathEscape('first name')).toBe('first%20name');
  });
  it('compile cache returns the same compiled schema for the same content', () => {
    const e = createValidationEngine();
    const s = { properties: { traits: { type: 'object', properties: { a: { type: 'string' } } } } };
    expect(e.compile(s)).toBe(e.compile(JSON.parse(JSON.stringify(s))));
  });
});
