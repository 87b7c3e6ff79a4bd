import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/db/open-database';
import { createServices } from '../../../electron/services/create-services';
import { startKratosEmulator, type KratosEmulator } from '../../kratos-emulator/index';

const TRIALS = 16;
const CREATES = 3000;
const UPDATES = 50;
const DELETES = 10;
const SEED = 200;

let emu: KratosEmulator;
let dataDir: string;
let seeded: string[];

/** Runs a push in a child and SIGKILLs it: after `afterMs` from its start, or at its `atStep`th step. */
const pushAndKill = (kill: { afterMs?: number; atStep?: number }): Promise<{ finished: boolean }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'push-child.ts'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (text.includes('done ')) finished = true;
      if (kill.afterMs !== undefined && timer === undefined && text.includes('started')) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
      if (kill.atStep !== undefined) {
        const steps = [...text.matchAll(/progress (\d+)/g)].map((m) => Number(m[1]));
        if (steps.some((s) => s >= (kill.atStep as number))) child.kill('SIGKILL');
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ finished });
    });
  });

const outboxRows = () => {
  const { db } = openStore(dataDir);
  try {
    return db.prepare('SELECT identity_id, operation, status, last_error FROM outbox').all() as { identity_id: string; operation: string; status: string; last_error: string | null }[];
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  // Every write takes a few ms on the server, so a kill lands inside a batch create as well as between steps.
  emu = await startKratosEmulator({ seed: SEED, writeDelayMs: 3 });
  seeded = [...emu.state.ids()];
  dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-push-crash-'));
  const services = createServices({ dataDir, host: 'cli', actor: 'crash-test' });
  services.sync.addRemote({ name: 'prod', url: emu.url, kind: 'kratos', key: { kind: 'none' } });
  await services.jobs.wait(await services.sync.pull({}));
  for (let i = 0; i < CREATES; i++) services.identities.create({ schema_id: 'default', traits: { email: `crash-${i}@example.com` } });
  for (const id of seeded.slice(0, UPDATES)) services.identities.patch(id, [{ op: 'add', path: '/metadata_admin', value: { crash: id } }]);
  for (const id of seeded.slice(UPDATES, UPDATES + DELETES)) services.identities.delete(id);
  services.close();
}, 120_000);
afterAll(async () => {
  await emu.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a push killed with SIGKILL and run again', () => {
  it('creates nothing twice and loses nothing (at least 10 kills mid-push)', async () => {
    const total = CREATES + UPDATES + DELETES;
    let interrupted = 0;
    let created = CREATES;
    let refills = 0;
    for (let trial = 0; trial < TRIALS + 3 * refills; trial++) {
      let before = outboxRows().length;
      // A fast machine can finish the work in fewer kills than the test needs: more creates to push, then.
      if (before === 0 && interrupted < 10 && refills < 5) {
        refills++;
        const services = createServices({ dataDir, host: 'cli', actor: 'crash-test' });
        for (let i = 0; i < 1000; i++) services.identities.create({ schema_id: 'default', traits: { email: `crash-r${refills}-${i}@example.com` } });
        services.close();
        created += 1000;
        before = outboxRows().length;
      }
      if (before === 0) break;
      // Half the kills by time (inside a batch request or its answer), half at a step of the push.
      const kill = trial % 2 === 0 ? { afterMs: 700 + Math.floor(Math.random() * 1500) } : { atStep: 1 + Math.floor(Math.random() * Math.min(before, total) * 0.4) };
      const { finished } = await pushAndKill(kill);
      const after = outboxRows();
      if (!finished && after.length > 0) interrupted++;
      // Whatever the moment of the kill: nothing was rejected, and the server never holds an identity twice.
      expect(after.filter((r) => r.status === 'rejected')).toEqual([]);
      const emails = emu.state.ids().map((id) => (emu.state.get(id) as { traits: { email: string } }).traits.email);
      expect(new Set(emails).size).toBe(emails.length);
    }
    expect(interrupted).toBeGreaterThanOrEqual(10);
    // The last run completes the work.
    const last = await pushAndKill({});
    expect(last.finished).toBe(true);
    expect(outboxRows()).toEqual([]);
    const remoteIds = new Set(emu.state.ids());
    expect(remoteIds.size).toBe(SEED - DELETES + created);
    const { db } = openStore(dataDir);
    try {
      const localIds = db.prepare('SELECT id FROM identities').pluck().all() as string[];
      expect(new Set(localIds)).toEqual(remoteIds);
      expect(db.prepare('SELECT count(*) FROM identities WHERE dirty = 1').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    for (const id of seeded.slice(0, UPDATES)) expect(emu.state.get(id)?.['metadata_admin']).toEqual({ crash: id });
    for (const id of seeded.slice(UPDATES, UPDATES + DELETES)) expect(emu.state.get(id)).toBeUndefined();
  }, 600_000);
});
