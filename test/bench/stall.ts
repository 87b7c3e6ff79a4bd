import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createServices } from '../../electron/services/create-services';
import { SCHEMA, traitsOf } from './store';

/**
 * Design §10 "main-thread stall during any job ≤ 50 ms": the host's event loop while an import runs
 * as a job (its worker thread, its own connection). Searches the user makes meanwhile run on the host's
 * own connection and cost what a search costs (see the store bench), so they are left out here. Run: npm run bench -- stall --n 20000. Printed, never asserted in a test.
 */
export const runStallBench = async ({ n }: { n: number }): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-desk-stall-'));
  const services = createServices({ dataDir: dir, host: 'cli', actor: 'bench' });
  try {
    services.store.db.prepare("INSERT INTO schemas VALUES ('bench', ?, 'user', null, 'now')").run(JSON.stringify(SCHEMA));
    const file = join(dir, 'input.ndjson');
    writeFileSync(file, Array.from({ length: n }, (_, i) => JSON.stringify({ schema_id: 'bench', traits: traitsOf(i) })).join('\n'));
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    const started = performance.now();
    const jobId = services.transfer.importFile({ file, skipInvalid: true });
    let events = 0;
    const unsubscribe = services.events.subscribe(() => events++);
    await services.jobs.wait(jobId);
    unsubscribe();
    histogram.disable();
    const seconds = (performance.now() - started) / 1000;
    console.log(`import job of ${n} rows: ${seconds.toFixed(1)} s, ${events} progress events delivered`);
    console.log(`host event loop delay: max ${(histogram.max / 1e6).toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms (target: max ≤ 50 ms)`);
  } finally {
    services.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
