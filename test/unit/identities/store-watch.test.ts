import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { createServices } from '../../../electron/services/create-services';
import { seedSchema } from '../../fixtures/store/store-fixture';

/** Issue 16 §7: a host hears of changes another process made to the store (PRAGMA data_version). */
it('a write by another process reaches the host as identities.changed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-desk-watch-'));
  const host = createServices({ dataDir: dir, host: 'web' });
  seedSchema(host);
  const heard: unknown[] = [];
  host.events.subscribe((name, payload) => name === 'identities.changed' && heard.push(payload));
  // Its own writes send their own events; the watch adds none for them.
  host.identities.create({ traits: { email: 'own@example.com' } });
  const own = heard.length;
  const cli = createServices({ dataDir: dir, host: 'cli' });
  cli.identities.create({ traits: { email: 'other@example.com' } });
  cli.close();
  await vi.waitFor(() => expect(heard.length).toBeGreaterThan(own), { timeout: 10_000, interval: 100 });
  expect(heard.at(-1)).toEqual({ ids: 'all' });
  host.close();
  rmSync(dir, { recursive: true, force: true });
});
