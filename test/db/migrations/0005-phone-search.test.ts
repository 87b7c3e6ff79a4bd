import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createServices } from '../../../electron/services/create-services';
import { seedSchema } from '../../fixtures/store/store-fixture';

/** Migration 0005: identities stored before it get their phone numbers indexed once, when a store opens. */
it('indexes the phone numbers of identities written before the migration, once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-desk-0005-'));
  const first = createServices({ dataDir: dir, host: 'cli' });
  seedSchema(first);
  first.identities.create({ traits: { email: 'old@example.com', phone: '+1 656 691 8536' } });
  // As a store from before 0005 looks once migrated: no phone keys yet, and the flag the migration sets.
  first.store.db.exec("DELETE FROM phone_numbers; INSERT INTO settings (key, value) VALUES ('phone_index_pending', '1')");
  expect(first.search.query({ text: '656-691-8536' }).items).toHaveLength(0);
  first.close();
  const again = createServices({ dataDir: dir, host: 'cli' });
  expect(again.search.query({ text: '656-691-8536' }).items).toHaveLength(1);
  expect(again.store.db.prepare("SELECT count(*) FROM settings WHERE key = 'phone_index_pending'").pluck().get()).toBe(0);
  again.close();
  rmSync(dir, { recursive: true, force: true });
});
