/**
 * Issue 17 §2 on the bulk path: an operation whose edit leaves traits that would take longer than the sandbox's time
 * limit to validate (10,000 distinct objects under `uniqueItems` without `maxItems`) fails for those identities with
 * LIMIT_EXCEEDED, in the dry run and the apply, instead of validating each for seconds and then storing it, as it
 * did. The limit is lowered to 1 s; 300 objects take about 20 ms, so the outcome does not depend on the machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../electron/ipc/create-api';
import { createInProcessTransport } from '../../electron/ipc/in-process-transport';
import { createRouter } from '../../electron/ipc/router';
import { createServices, type Services } from '../../electron/services/create-services';
import type { OperationRecord, OperationReport } from '../../shared/domain/operations';
import { createApiClient, type ApiClient } from '../../shared/rpc';
import { distinctObjects as objects, uniqueTagsSchema as schema } from '../fixtures/hostile-data';

let dataDir: string;
let services: Services;
let client: ApiClient;
const ids: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-bulk-sandbox-'));
  services = createServices({ dataDir, host: 'web', sandboxTimeoutMs: 1000 });
  client = createApiClient(createInProcessTransport(createRouter(createApi(services), () => undefined), services.events));
  await client.api.schemas.create({ id: 'tagged', schema });
  for (const email of ['one@example.org', 'two@example.org']) ids.push((await client.api.identities.create({ schema_id: 'tagged', traits: { email, tags: [] } })).id);
});
afterAll(() => {
  services.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const setTags = (tags: unknown[]) => ({ steps: [{ op: 'set' as const, path: '/traits/tags', value: { literal: tags } }] });

/** Waits for the job and, while it runs, asks a benign question: it must be answered before the job ends. */
const whileAsking = async (jobId: string) => {
  const outcome = services.jobs.wait(jobId).then(
    (record) => ({ record: record as OperationRecord, error: null }),
    (error: unknown) => ({ record: null, error: error as { code: string; message: string } }),
  );
  const benign = await client.api.validation.validateTraits(schema, { email: 'benign@example.org', tags: [] });
  const stateWhenAnswered = services.jobs.get(jobId).state;
  return { benign, stateWhenAnswered, ...(await outcome) };
};

const tagsOf = async (id: string) => ((await client.api.identities.get(id)).traits as { tags: unknown[] }).tags.length;

describe('bulk edits under the sandbox time limit (issue 17 §2)', { timeout: 60_000 }, () => {
  it('the dry run reports each identity whose result runs out of time as LIMIT_EXCEEDED, and the host answers meanwhile', async () => {
    const { jobId } = await client.api.operations.plan({ target: { ids }, edit: setTags(objects(10_000)), dryRun: true });
    const run = await whileAsking(jobId);
    expect(run.benign.valid).toBe(true);
    expect(run.stateWhenAnswered).toBe('running');
    expect((run.record?.report as OperationReport | null)?.dryRun).toMatchObject({ wouldChange: 0, wouldFail: 2, failures: [{ pointer: '#/traits', count: 2, message: expect.stringMatching(/longer than 1000 ms/) as unknown }] });
  });

  it('skip mode: the apply fails those identities with LIMIT_EXCEEDED and changes nothing; a benign edit of 300 objects applies', async () => {
    const { operationId, jobId } = await client.api.operations.plan({ target: { ids }, edit: setTags(objects(10_000)), policy: 'skip' });
    await services.jobs.wait(jobId);
    const run = await whileAsking((await client.api.operations.apply(operationId)).jobId);
    expect(run.stateWhenAnswered).toBe('running');
    expect(run.record).toMatchObject({ state: 'applied', counts: { applied: 0, failed: 2 }, report: { failures: [{ pointer: '#/traits', count: 2 }] } });
    expect(await tagsOf(ids[0] as string)).toBe(0);
    expect(await tagsOf(ids[1] as string)).toBe(0);

    const benign = await client.api.operations.plan({ target: { ids: [ids[0] as string] }, edit: setTags(objects(300)) });
    await services.jobs.wait(benign.jobId);
    await services.jobs.wait((await client.api.operations.apply(benign.operationId)).jobId);
    expect(await tagsOf(ids[0] as string)).toBe(300);
  });

  it('all-or-nothing: the apply fails with LIMIT_EXCEEDED and nothing is written', async () => {
    const { operationId, jobId } = await client.api.operations.plan({ target: { ids }, edit: setTags(objects(10_000)), policy: 'all' });
    await services.jobs.wait(jobId);
    const run = await whileAsking((await client.api.operations.apply(operationId)).jobId);
    expect(run.error).toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect((await client.api.operations.get(operationId)).state).toBe('failed');
    expect(await tagsOf(ids[0] as string)).toBe(300);
    expect(await tagsOf(ids[1] as string)).toBe(0);
  });
});
