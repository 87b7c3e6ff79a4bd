import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/db/open-database';
import { createServices } from '../../electron/services/create-services';
import { seedSchema } from '../fixtures/store/store-fixture';

const TRIALS = 20;
const ROWS = 100_000;
const BATCH = 500;
/** Kills aim at the first KILL_WITHIN batches: an import that never reaches its end, at every stage of it. */
const KILL_WITHIN = 24;
let root: string;
let template: string;
let input: string;

const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'identity-desk-crash-'));
  template = join(root, 'template');
  const services = createServices({ dataDir: template, host: 'cli' });
  seedSchema(services);
  services.close();
  input = join(root, 'input.ndjson');
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) lines.push(JSON.stringify({ id: idOf(i), traits: { email: `crash${i}@example.com`, name: { first: `N${i}` } } }));
  writeFileSync(input, `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Runs the importer in a real child and SIGKILLs it `delayMs` after it announced `afterBatches` committed
 * batches (0: after it started), so the kills land all through the import however slow the machine is.
 */
const importAndKill = (dataDir: string, afterBatches: number, delayMs: number): Promise<void> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts'), dataDir, input, String(BATCH)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let timer: NodeJS.Timeout | undefined;
    let committed = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      committed += text.split('committed ').length - 1;
      const due = afterBatches === 0 ? text.includes('started') : committed >= afterBatches;
      if (timer === undefined && due) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });

const checkStore = (dataDir: string) => {
  const { db } = openStore(dataDir);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const count = db.prepare('SELECT count(*) FROM identities').pluck().get() as number;
    const perBatch = db.prepare(`SELECT (CAST(substr(id, 25) AS INTEGER) / ${BATCH}) AS b, count(*) AS n FROM identities GROUP BY b`).all() as { b: number; n: number }[];
    for (const { n } of perBatch) expect(n).toBe(BATCH);
    expect(db.prepare("SELECT value FROM counters WHERE name = 'identities'").pluck().get()).toBe(count);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'import'").pluck().get()).toBe(count);
    expect(db.prepare('SELECT count(*) FROM identifiers').pluck().get()).toBe(2 * count);
    expect(db.prepare('SELECT count(*) FROM addresses').pluck().get()).toBe(2 * count);
    expect(db.prepare('SELECT count(*) FROM identity_fts').pluck().get()).toBe(count);
    return count;
  } finally {
    db.close();
  }
};

/** Opening the store as the app does marks the import the crash interrupted, with what it committed. */
const checkOperation = (dataDir: string, count: number, finished: boolean) => {
  const services = createServices({ dataDir, host: 'cli' });
  try {
    const rows = services.store.db.prepare("SELECT state, counts, reason FROM operations WHERE kind = 'import'").all() as { state: string; counts: string; reason: string | null }[];
    if (rows.length === 0) {
      // Killed before the operation's row was written: then nothing was imported either.
      expect(count).toBe(0);
      return;
    }
    expect(rows).toHaveLength(1);
    const [op] = rows as [{ state: string; counts: string; reason: string | null }];
    expect(JSON.parse(op.counts)).toEqual(count === 0 ? {} : { imported: count, skipped: 0 });
    if (finished) expect(op.state).toBe('applied');
    else {
      expect(op.state).toBe(count > 0 ? 'partial' : 'failed');
      expect(op.reason).toMatch(/^Interrupted/);
    }
  } finally {
    services.close();
  }
};

describe('crash safety', () => {
  it(`survives SIGKILL at ${TRIALS} random moments of a ${ROWS}-row batched import`, async () => {
    const seen: number[] = [];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < TRIALS; trial++) {
      const dataDir = join(root, `trial-${trial}`);
      cpSync(template, dataDir, { recursive: true });
      await importAndKill(dataDir, Math.floor(random() * KILL_WITHIN), Math.floor(random() * 300));
      const count = checkStore(dataDir);
      checkOperation(dataDir, count, count === ROWS);
      seen.push(count);
      rmSync(dataDir, { recursive: true, force: true });
    }
    // The kills landed at different points: not all before the first commit.
    expect(new Set(seen).size).toBeGreaterThan(3);
  }, 900_000);
});
