import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApi } from '../../electron/ipc/create-api';
import { createRouter } from '../../electron/ipc/router';
import { createServices } from '../../electron/services/create-services';
import { createSandboxedValidator } from '../../electron/services/validation/index';
import { distinctObjects, uniqueTagsSchema } from '../fixtures/hostile-data';

/**
 * Issue 17 §2, measured: (1) what a hostile `uniqueItems` write costs the host's event loop, on the old inline path
 * (the identity service called directly, as every write was before) and through the API (router bounds + sandbox
 * gate); (2) how long a small benign check waits behind five hostile ones in the sandbox.
 * Run: npm run bench -- limits   (`--n` is the number of array items; default 10,000, the boundary's maximum)
 */
const schema = uniqueTagsSchema;
const objects = distinctObjects;

const maxLoopDelay = async (work: () => Promise<unknown>): Promise<{ ms: number; maxDelayMs: number; outcome: string }> => {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  await new Promise((resolve) => setTimeout(resolve, 30)); // the histogram's timer starts on the next loop turn
  const start = performance.now();
  let outcome = 'stored';
  try {
    await work();
  } catch (err) {
    outcome = (err as { code?: string }).code ?? 'error';
  }
  const ms = performance.now() - start;
  // Let the histogram's timer fire once more, so a synchronous stall that just ended is recorded.
  await new Promise((resolve) => setTimeout(resolve, 30));
  h.disable();
  return { ms: Math.round(ms), maxDelayMs: Math.round(h.max / 1e6), outcome };
};

export const runLimitsBench = async ({ n }: { n: number }): Promise<void> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-bench-limits-'));
  const services = createServices({ dataDir, host: 'web' });
  try {
    const router = createRouter(createApi(services), () => undefined);
    await services.schemas.create({ id: 'tagged', schema });
    const api = await maxLoopDelay(async () => {
      const r = await router.call('identities.create', [{ schema_id: 'tagged', traits: { email: 'api@example.org', tags: objects(n) } }]);
      if (!r.ok) throw r.error;
    });
    console.log(`API path (router + sandbox gate), ${n} objects: ${api.outcome} after ${api.ms} ms; longest event-loop stall ${api.maxDelayMs} ms`);
    const inline = await maxLoopDelay(async () => services.identities.create({ schema_id: 'tagged', traits: { email: 'inline@example.org', tags: objects(n) } }));
    console.log(`old inline path, ${n} objects: ${inline.outcome} after ${inline.ms} ms; longest event-loop stall ${inline.maxDelayMs} ms`);
  } finally {
    services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const sandbox = createSandboxedValidator();
  try {
    const text = JSON.stringify(schema);
    await sandbox.validate(text, { email: 'warm@example.org' });
    const hostile = { email: 'h@example.org', tags: objects(n) };
    const start = performance.now();
    const hostiles = Array.from({ length: 5 }, () => sandbox.validate(text, hostile).catch(() => undefined));
    await sandbox.validate(text, { email: 'benign@example.org' });
    const benignMs = Math.round(performance.now() - start);
    await Promise.all(hostiles);
    const allMs = Math.round(performance.now() - start);
    console.log(`sandbox: a small check behind five hostile ones answered after ${benignMs} ms (the five hostile ones ended after ${allMs} ms)`);
  } finally {
    await sandbox.close();
  }
};
