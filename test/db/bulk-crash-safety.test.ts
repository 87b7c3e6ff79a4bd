import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/db/open-database';
import { createServices } from '../../electron/services/create-services';
import { planOperation, runApply } from '../../electron/services/operations/bulk-engine';
import { openOperationContext } from '../../electron/services/operations/operation-context';
import { runUndo } from '../../electron/services/operations/operation-undo';
import { runImport } from '../../electron/services/transfer/import-job';
import { seedSchema } from '../fixtures/store/store-fixture';

const TRIALS = 12;
const ROWS = 6000;
const BATCH = 250;
const OPERATION = '00000000-0000-4000-8000-0000000000b1';
let root: string;
let template: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'identity-desk-bulk-crash-'));
  template = join(root, 'template');
  const services = createServices({ dataDir: template, host: 'cli' });
  seedSchema(services);
  services.close();
  const input = join(root, 'input.ndjson');
  writeFileSync(input, Array.from({ length: ROWS }, (_, i) => JSON.stringify({ traits: { email: `bulk${i}@example.com` } })).join('\n'));
  await runImport({ dataDir: template, request: { file: input }, actor: 'seed' });
  const ctx = openOperationContext(template, 'crash-test');
  planOperation(ctx, OPERATION, { target: { query: { schemaId: 'person' } }, edit: { steps: [{ op: 'set', path: '/metadata_public/flag', value: { literal: true } }] } });
  ctx.close();
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the apply in a real child and SIGKILLs it `delayMs` after `afterBatches` committed batches (0: after it started). */
const applyAndKill = (dataDir: string, afterBatches: number, delayMs: number): Promise<void> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bulk-crash-child.ts'), dataDir, OPERATION, String(BATCH)], { stdio: ['ignore', 'pipe', 'inherit'] });
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

const flagged = "SELECT count(*) FROM identities WHERE json_extract(metadata_public, '$.flag') = 1";

/** Whole batches only: the changed identities are exactly the first targets in seq order, a multiple of the batch. */
const checkStore = (dataDir: string): number => {
  const { db } = openStore(dataDir);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const changed = db.prepare(flagged).pluck().get() as number;
    expect(changed === ROWS || changed % BATCH === 0).toBe(true);
    const firstUnchanged = db.prepare(`SELECT min(seq) FROM identities WHERE json_extract(metadata_public, '$.flag') IS NULL`).pluck().get() as number | null;
    const lastChanged = db.prepare(`SELECT max(seq) FROM identities WHERE json_extract(metadata_public, '$.flag') = 1`).pluck().get() as number | null;
    if (firstUnchanged !== null && lastChanged !== null) expect(lastChanged).toBeLessThan(firstUnchanged);
    expect(db.prepare('SELECT count(*) FROM audit_log WHERE operation_id = ?').pluck().get(OPERATION)).toBe(changed);
    expect(db.prepare("SELECT count(*) FROM outbox WHERE operation = 'create'").pluck().get()).toBe(changed);
    expect(db.prepare('SELECT count(*) FROM identity_fts').pluck().get()).toBe(ROWS);
    return changed;
  } finally {
    db.close();
  }
};

/** Opening the store as the app does marks the interrupted apply partial (or failed) with exactly what it committed. */
const checkOperation = (dataDir: string, changed: number) => {
  const services = createServices({ dataDir, host: 'cli' });
  try {
    const op = services.operations.get(OPERATION);
    expect(op.counts['applied'] ?? 0).toBe(changed);
    expect(op.counts['done'] ?? 0).toBe(changed);
    if (changed === ROWS) expect(op.state).toBe('applied');
    else if (changed > 0 || op.state !== 'planned') {
      // Killed before its first batch committed, it is `failed` (or still `planned` if killed before it began).
      expect(op.state).toBe(changed > 0 ? 'partial' : 'failed');
      expect(op.reason).toMatch(/^Interrupted/);
    }
    return op.state;
  } finally {
    services.close();
  }
};

describe('bulk apply crash safety', () => {
  it(`survives SIGKILL at ${TRIALS} moments of a ${ROWS}-identity apply; the partial operation resumes and undoes`, async () => {
    const seen: number[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let resumed = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const dataDir = join(root, `trial-${trial}`);
      cpSync(template, dataDir, { recursive: true });
      await applyAndKill(dataDir, Math.floor(random() * 18), Math.floor(random() * 200));
      const changed = checkStore(dataDir);
      const state = checkOperation(dataDir, changed);
      seen.push(changed);
      if (state === 'partial' && resumed < 3) {
        // Resumed from its cursor it completes; undone, no identity keeps the flag.
        resumed++;
        const ctx = openOperationContext(dataDir, 'crash-test');
        try {
          expect(await runApply(ctx, OPERATION, undefined, { batchSize: BATCH })).toMatchObject({ state: 'applied', counts: { applied: ROWS, done: ROWS } });
          expect(ctx.db.prepare(flagged).pluck().get()).toBe(ROWS);
          expect(await runUndo(ctx, '00000000-0000-4000-8000-0000000000c1', OPERATION)).toMatchObject({ state: 'applied', counts: { reverted: ROWS } });
          expect(ctx.db.prepare(flagged).pluck().get()).toBe(0);
        } finally {
          ctx.close();
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(new Set(seen).size).toBeGreaterThan(3);
    expect(resumed).toBeGreaterThan(0);
  }, 900_000);
});
