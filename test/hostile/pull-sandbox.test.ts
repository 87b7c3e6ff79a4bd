/**
 * Issue 17 §2 on the sync pull: remote traits whose validation would run past the sandbox's time limit (or are over
 * the array-length limit) are skipped with the reason, as an import skips such a row, instead of being validated for
 * many seconds in the pull and stored. `uniqueItems` without `maxItems` is O(n²): 10,000 of these objects take 17–30 s
 * to validate on this machine (test/fixtures/hostile-data.ts); 20,000 are over the limit before any validation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/services/create-services';
import type { PullReport } from '../../shared/domain/sync';
import { startKratosEmulator, type KratosEmulator } from '../kratos-emulator/index';
import { distinctObjects as objects, uniqueTagsSchema as schema } from '../fixtures/hostile-data';

let dataDir: string;
let services: Services;
let emu: KratosEmulator;

beforeAll(async () => {
  emu = await startKratosEmulator({ seed: 3, schemas: [{ id: 'tagged', schema }] });
  const [slow, long] = emu.state.ids() as [string, string, string];
  emu.state.update(slow, (doc) => {
    doc['schema_id'] = 'tagged';
    doc['traits'] = { email: 'slow@example.org', tags: objects(10_000) };
  });
  emu.state.update(long, (doc) => {
    doc['schema_id'] = 'tagged';
    doc['traits'] = { email: 'long@example.org', tags: objects(20_000) };
  });
  dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-pull-sandbox-'));
  services = createServices({ dataDir, host: 'cli' });
  services.sync.addRemote({ name: 'prod', url: emu.url, kind: 'kratos', key: { kind: 'none' } });
});
afterAll(async () => {
  services.close();
  await emu.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a pull under the sandbox time limit (issue 17 §2)', { timeout: 120_000 }, () => {
  it('skips the identities whose traits run out of time or over a bound, keeps the rest, and says why', async () => {
    const [slow, long, plain] = emu.state.ids() as [string, string, string];
    const report = (await services.jobs.wait(await services.sync.pull({}))) as PullReport;
    expect(report.created).toBe(1);
    expect(report.skipped.map((s) => s.identityId).sort()).toEqual([slow, long].sort());
    for (const s of report.skipped) expect(s.reason).toMatch(/^Its traits are too big to check here: .+ It was left as it is\.$/);
    expect(services.identities.get(plain).id).toBe(plain);
    expect(() => services.identities.get(slow)).toThrow(/not found|NOT_FOUND|No identity/i);
    // Seen, so not taken for deleted there: a second pull skips them again and deletes nothing.
    const again = (await services.jobs.wait(await services.sync.pull({}))) as PullReport;
    expect(again).toMatchObject({ deleted: 0, unchanged: 1 });
    expect(again.skipped).toHaveLength(2);
  });
});
