import { describe, expect, it } from 'vitest';
import { createReachability } from '../../../electron/services/sync/reachability';

type Answer = { online: true } | { online: false; message: string };

/** A ping whose answers the test hands out one by one, and a clock the test moves. */
const setup = (saved: { name: string; url: string }[]) => {
  let now = 1_000_000;
  const asked: string[] = [];
  const waiting: ((a: Answer) => void)[] = [];
  let changes = 0;
  const reach = createReachability({
    remotes: () => saved,
    onChange: () => void changes++,
    now: () => now,
    staleMs: 30_000,
    ping: (url) => {
      asked.push(url);
      return new Promise<Answer>((resolve) => waiting.push(resolve));
    },
  });
  const answer = async (a: Answer) => {
    waiting.shift()?.(a);
    await new Promise((r) => setImmediate(r));
  };
  return { reach, asked, answer, changes: () => changes, tick: (ms: number) => void (now += ms) };
};

describe('reachability', () => {
  it('answers at once, checks in the background once, and reports the flip', async () => {
    const t = setup([{ name: 'prod', url: 'https://kratos.example' }]);
    expect(t.reach.snapshot()).toEqual([{ remote: 'prod', state: 'unknown', checkedAt: null, message: null }]);
    // Asking again while the ping is out does not send a second one.
    t.reach.snapshot();
    expect(t.asked).toEqual(['https://kratos.example']);
    await t.answer({ online: false, message: 'kratos.example is unreachable (ECONNREFUSED).' });
    expect(t.changes()).toBe(1);
    expect(t.reach.snapshot()).toEqual([{ remote: 'prod', state: 'offline', checkedAt: expect.any(String), message: 'kratos.example is unreachable (ECONNREFUSED).' }]);
    expect(t.asked).toHaveLength(1);
  });

  it('checks again only once the state is 30 s old, and stays quiet when nothing flips', async () => {
    const t = setup([{ name: 'prod', url: 'https://kratos.example' }]);
    t.reach.snapshot();
    await t.answer({ online: true });
    t.tick(29_000);
    t.reach.snapshot();
    expect(t.asked).toHaveLength(1);
    t.tick(1_000);
    t.reach.snapshot();
    expect(t.asked).toHaveLength(2);
    await t.answer({ online: true });
    expect(t.changes()).toBe(1);
  });

  it('takes what a pull, push or test learnt, and forgets removed remotes', async () => {
    const saved = [
      { name: 'prod', url: 'https://a.example' },
      { name: 'staging', url: 'https://b.example' },
    ];
    const t = setup(saved);
    t.reach.record('prod', 'online', null);
    t.reach.record('staging', 'offline', 'b.example did not answer within 5 s.');
    expect(t.reach.snapshot().map((r) => [r.remote, r.state])).toEqual([
      ['prod', 'online'],
      ['staging', 'offline'],
    ]);
    // Both were just checked by those jobs: no ping.
    expect(t.asked).toEqual([]);
    saved.pop();
    expect(t.reach.snapshot().map((r) => r.remote)).toEqual(['prod']);
  });
});
