// A full pull from the Kratos emulator on loopback (self-hosted kind, no rate limits), n identities,
// 500 per page. Raw baseline: what a user would script instead, in the same run on the same server:
// follow rel="next" with fetch, JSON.parse each page and insert each identity's JSON into a plain
// better-sqlite3 table keyed by id, one transaction per page. The app: `sync.pull` as a job (its worker,
// the change writer with identifiers, addresses, search index, audit and the remote base), and the
// host's event loop delay while it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createServices } from '../../electron/services/create-services';
import type { PullReport } from '../../shared/domain/sync';
import { linkOf } from '../kratos-emulator/call';
import { startKratosEmulator } from '../kratos-emulator/index';

export const runSyncBench = async ({ n }: { n: number }): Promise<void> => {
  const emu = await startKratosEmulator({ seed: n });
  const root = mkdtempSync(join(tmpdir(), 'identity-desk-bench-sync-'));
  try {
    const rawStart = performance.now();
    const raw = new Database(join(root, 'raw.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE identities (id TEXT PRIMARY KEY, updated_at TEXT, body TEXT NOT NULL)');
    const insert = raw.prepare('INSERT INTO identities (id, updated_at, body) VALUES (?, ?, ?)');
    let next: string | undefined = '/admin/identities?page_size=500&include_credential=password';
    let rawCount = 0;
    while (next !== undefined) {
      const res = await fetch(`${emu.url}${next}`);
      const page = JSON.parse(await res.text()) as { id: string; updated_at: string }[];
      raw.transaction(() => {
        for (const identity of page) insert.run(identity.id, identity.updated_at, JSON.stringify(identity));
      })();
      rawCount += page.length;
      next = linkOf(res.headers.get('link'), 'next');
    }
    raw.close();
    const rawMs = performance.now() - rawStart;

    const services = createServices({ dataDir: join(root, 'app'), host: 'cli', actor: 'bench' });
    services.sync.addRemote({ name: 'bench', url: emu.url, kind: 'kratos', key: { kind: 'none' } });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    const appStart = performance.now();
    delay.enable();
    const report = (await services.jobs.wait(await services.sync.pull({}))) as PullReport;
    delay.disable();
    const appMs = performance.now() - appStart;
    const againStart = performance.now();
    const again = (await services.jobs.wait(await services.sync.pull({}))) as PullReport;
    const againMs = performance.now() - againStart;
    services.close();
    if (rawCount !== n || report.created !== n || again.unchanged !== n) throw new Error(`raw ${rawCount}, pulled ${report.created}, unchanged ${again.unchanged} of ${n}`);
    const rate = (count: number, ms: number) => Math.round(count / (ms / 1000));
    console.log(`raw fetch + JSON.parse + plain insert of ${n}: ${(rawMs / 1000).toFixed(2)} s = ${rate(n, rawMs)} identities/s`);
    console.log(`sync.pull of ${n} (worker, change writer, index, audit, base): ${(appMs / 1000).toFixed(2)} s = ${rate(n, appMs)} identities/s (ratio ${(rawMs / appMs).toFixed(2)})`);
    console.log(`second pull, nothing changed: ${(againMs / 1000).toFixed(2)} s = ${rate(n, againMs)} identities/s, ${again.unchanged} unchanged, no writes`);
    console.log(`host event loop during the pull: p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms (the emulator serves from this thread too)`);
  } finally {
    await emu.close();
    rmSync(root, { recursive: true, force: true });
  }
};
