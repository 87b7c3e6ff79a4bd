/**
 * Issue 17 §2 on the import path: a row whose validation would take longer than the sandbox's time limit is refused
 * with LIMIT_EXCEEDED, as `validate` and the API's writes refuse it, instead of being validated for many seconds and
 * then stored. `uniqueItems` without `maxItems` is O(n²): 10,000 of these objects take 17–30 s to validate on this
 * machine (test/fixtures/hostile-data.ts), 300 about 20 ms, and the time limit is lowered to 1 s here, so the outcome
 * does not depend on the machine. 20,000 objects are over the array-length limit and refused before any validation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../electron/ipc/create-api';
import { createRouter, type Router } from '../../electron/ipc/router';
import { createServices, type Services } from '../../electron/services/create-services';
import type { ImportReport } from '../../shared/domain/transfer';
import { distinctObjects as objects, uniqueTagsSchema as schema } from '../fixtures/hostile-data';

let dataDir: string;
let services: Services;
let router: Router;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-import-sandbox-'));
  services = createServices({ dataDir, host: 'cli', sandboxTimeoutMs: 1000 });
  router = createRouter(createApi(services), () => undefined);
  await services.schemas.create({ id: 'tagged', schema });
});
afterAll(() => {
  services.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const row = (email: string, tags: unknown[]) => JSON.stringify({ schema_id: 'tagged', traits: { email, tags } });
const count = async (text: string) => ((await router.call('search.count', [{ text }])) as { value: { filtered: number } }).value.filtered;

/** Starts the import and, while it runs, a benign call: it must answer before the import ends (no freeze). */
const importWhileAsking = async (lines: string[], skipInvalid: boolean) => {
  const file = join(dataDir, `rows-${skipInvalid ? 'skip' : 'all'}.ndjson`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const jobId = services.transfer.importFile({ file, skipInvalid });
  const outcome = services.jobs.wait(jobId).then(
    (report) => ({ report: report as ImportReport, error: null }),
    (error: unknown) => ({ report: null, error: error as { code: string; message: string } }),
  );
  const benign = await router.call('validation.validateTraits', [schema, { email: 'benign@example.org', tags: [] }]);
  const stateWhenAnswered = services.jobs.get(jobId).state;
  return { benign, stateWhenAnswered, ...(await outcome) };
};

describe('import rows under the sandbox time limit (issue 17 §2)', { timeout: 60_000 }, () => {
  it('skip mode: the row that runs out of time and the over-long one are skipped as LIMIT_EXCEEDED, the rest imported, and the host answers meanwhile', async () => {
    const run = await importWhileAsking(
      [row('first@example.org', []), row('slow@example.org', objects(10_000)), row('long@example.org', objects(20_000)), row('big-ok@example.org', objects(300)), row('last@example.org', [])],
      true,
    );
    expect(run.benign).toMatchObject({ ok: true, value: { valid: true } });
    expect(run.stateWhenAnswered).toBe('running');
    expect(run.error).toBeNull();
    expect(run.report).toMatchObject({ imported: 3, skipped: 2 });
    expect(run.report?.errors).toEqual([
      { line: 2, pointer: '#/traits', code: 'LIMIT_EXCEEDED', message: expect.stringMatching(/longer than 1000 ms/) as unknown },
      { line: 3, pointer: '#/traits/tags', code: 'LIMIT_EXCEEDED', message: expect.stringMatching(/10000/) as unknown },
    ]);
    expect(await count('slow@example.org')).toBe(0);
    expect(await count('long@example.org')).toBe(0);
    expect(await count('big-ok@example.org')).toBe(1);
    expect(await count('last@example.org')).toBe(1);
  });

  it('all-or-nothing mode: the row that runs out of time refuses the whole import with LIMIT_EXCEEDED, and nothing is written', async () => {
    const run = await importWhileAsking([row('all-first@example.org', []), row('all-slow@example.org', objects(10_000)), row('all-last@example.org', [])], false);
    expect(run.benign).toMatchObject({ ok: true, value: { valid: true } });
    expect(run.stateWhenAnswered).toBe('running');
    expect(run.report).toBeNull();
    expect(run.error).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringMatching(/^Line 2: .*longer than 1000 ms/) as unknown });
    expect(await count('all-first@example.org')).toBe(0);
    expect(await count('all-last@example.org')).toBe(0);
  });
});
