import Database from 'better-sqlite3';
import { Ajv } from 'ajv';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { migrate, readMigrations } from '../../electron/db/migrate';
import { applyPragmas } from '../../electron/db/open-database';
import { isKratosEmail } from '../../shared/kratos/email';
import type { AppRunResult } from './store-app';

/**
 * Design §10 for the local store: raw better-sqlite3 / ajv against the app's path on the same
 * deterministic data, in one run. Run: npm run bench -- store --n 100000
 */
export const SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email', 'ory.sh/kratos': { credentials: { password: { identifier: true } }, verification: { via: 'email' }, recovery: { via: 'email' } } },
        phone: { type: 'string', format: 'tel', 'ory.sh/kratos': { verification: { via: 'sms' } } },
        name: { type: 'object', properties: { first: { type: 'string' }, last: { type: 'string' } } },
      },
      required: ['email'],
      additionalProperties: false,
    },
  },
};
const FIRST = ['Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Zoë', 'Mallory'];
const LAST = ['Smith', 'Jones', 'Müller', 'García', 'Rossi', 'Nguyen', 'Kowalski', 'Dubois', 'Okafor', 'Tanaka', 'Silva', 'Novak', 'Larsen', 'Moreau', 'Haddad', 'Quinn'];
/** The shared provider: 45% of addresses, the realistic skew of issue 18. */
export const SHARED_DOMAIN = 'postbox.com';

/**
 * Deterministic: i fixes every field; ~70% have a phone; 1 in 50 has an invalid email. Each last name is ~1/16 of
 * identities; 45% of addresses share one provider (9 of every 20), the rest spread over 13 others.
 */
export const traitsOf = (i: number) => {
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[(i * 7) % LAST.length] as string;
  const domain = i % 20 < 9 ? SHARED_DOMAIN : `example${i % 13}.com`;
  const email = i % 50 === 7 ? `broken${i}` : `${first.toLowerCase()}.${last.toLowerCase()}${i}@${domain}`;
  const phone = i % 10 < 7 ? `+4917${String(60000000 + ((i * 7919) % 39999999)).padStart(8, '0')}` : undefined;
  return { email, ...(phone ? { phone } : {}), name: { first, last } };
};

/** Streams the input so the bench's own data never sits in memory whole. */
export const writeInput = (file: string, n: number): void => {
  const fd = openSync(file, 'w');
  try {
    for (let start = 0; start < n; start += 10_000) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(n, start + 10_000); i++) lines.push(JSON.stringify({ schema_id: 'bench', traits: traitsOf(i) }));
      writeSync(fd, (start > 0 ? '\n' : '') + lines.join('\n'));
    }
  } finally {
    closeSync(fd);
  }
};

export const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
export const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const fmt = (x: number) => x.toFixed(x < 10 ? 3 : 0);

/** The same 40 search terms and 50 positions for the raw queries and the app's. */
export const searchTerms = (): string[] =>
  Array.from({ length: 40 }, (_, k) => {
    const tr = traitsOf(k * 997 + 3);
    return k % 4 === 0 ? 'example1' : k % 4 === 1 ? tr.email.slice(2, 9) : k % 4 === 2 ? tr.name.last.slice(1, 5) : tr.email.slice(-14, -6);
  });
export const pagePositions = (total: number): number[] => Array.from({ length: 50 }, (_, k) => Math.floor((((k * 7919) % 1000) / 1000) * (total - 50)));

const IMPORT_BATCH = 4000;

const rawInsert = (dir: string, n: number): number => {
  const db = new Database(join(dir, 'raw.sqlite'));
  applyPragmas(db);
  migrate(db, readMigrations());
  db.prepare("INSERT INTO schemas VALUES ('bench', ?, 'user', null, 'now')").run(JSON.stringify(SCHEMA));
  const insert = db.prepare("INSERT INTO identities (id, schema_id, state, traits, created_at, updated_at, primary_identifier) VALUES (?, 'bench', 'active', ?, ?, ?, ?)");
  const ident = db.prepare("INSERT OR IGNORE INTO identifiers VALUES ('password', ?, ?)");
  const addr = db.prepare('INSERT OR IGNORE INTO addresses VALUES (?, ?, ?, ?)');
  const t = performance.now();
  // Transactions as large as the app's import batches (import-job.ts), so commit costs match.
  for (let start = 0; start < n; start += IMPORT_BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(n, start + IMPORT_BATCH); i++) {
        const traits = JSON.parse(JSON.stringify(traitsOf(i))) as { email: string; phone?: string };
        const now = new Date().toISOString();
        const email = traits.email.toLowerCase();
        const seq = Number(insert.run(crypto.randomUUID(), JSON.stringify(traits), now, now, email).lastInsertRowid);
        ident.run(email, seq);
        addr.run('verifiable', 'email', email, seq);
        addr.run('recovery', 'email', email, seq);
        if (traits.phone) addr.run('verifiable', 'sms', traits.phone, seq);
      }
    })();
  }
  const ms = performance.now() - t;
  db.close();
  return (n / ms) * 1000;
};

/**
 * The app's paths run in a child process of their own (store-app.ts), as in the desktop app: an interactive
 * connection plus job connections. Its peak RSS is the child's own high-water mark, untouched by the raw
 * baselines, which run here on the same data after it.
 */
const runApp = (appDir: string, file: string): AppRunResult => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./store-app.ts', import.meta.url)), appDir, file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`the app's bench process failed (${String(child.status)})`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as AppRunResult;
};

export const runStoreBench = async ({ n }: { n: number }): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-desk-bench-'));
  try {
    const file = join(dir, 'input.ndjson');
    writeInput(file, n);
    const rawRate = rawInsert(dir, n);
    const appDir = join(dir, 'app');
    const app = runApp(appDir, file);
    console.log(`import: raw indexed insert ${fmt(rawRate)}/s, app ${fmt(app.importRate)}/s (imported ${app.imported}, skipped ${app.skipped}) ratio ${(app.importRate / rawRate).toFixed(2)} (target >= 0.6)`);

    const db = new Database(join(appDir, 'identity-desk.sqlite'));
    applyPragmas(db);
    const rawSearch = db.prepare('SELECT * FROM identities WHERE seq IN (SELECT rowid FROM identity_fts WHERE identity_fts MATCH ?) ORDER BY created_key, seq LIMIT 50');
    const rawS = searchTerms().map((q) => time(() => rawSearch.all(`"${q}"`)));
    console.log(`search first 50 p95: raw trigram ${fmt(p95(rawS))} ms, app ${fmt(p95(app.searchMs))} ms ratio ${(p95(app.searchMs) / Math.max(p95(rawS), 0.001)).toFixed(2)} (target <= 3)`);

    const total = db.prepare('SELECT count(*) FROM identities').pluck().get() as number;
    const keys = pagePositions(total).map((p) => db.prepare('SELECT created_key, seq FROM identities ORDER BY created_key, seq LIMIT 1 OFFSET ?').raw().get(p) as [number, number]);
    const rawPage = db.prepare('SELECT * FROM identities WHERE (created_key, seq) >= (?, ?) ORDER BY created_key, seq LIMIT 50');
    const rawP = keys.map((k) => time(() => rawPage.all(...k)));
    console.log(`page of 50 at any position p95: raw keyset ${fmt(p95(rawP))} ms, app ${fmt(p95(app.pageMs))} ms ratio ${(p95(app.pageMs) / Math.max(p95(rawP), 0.001)).toFixed(2)} (target <= 3)`);
    console.log(`  (checkpoint rebuild after a write: ${fmt(app.checkpointRebuildMs)} ms)`);

    const ajv = new Ajv({ strict: false, allErrors: false });
    ajv.addFormat('email', { validate: isKratosEmail });
    ajv.addFormat('tel', { validate: (v: string) => isValidPhoneNumber(v) });
    const rawValidate = ajv.compile({ ...SCHEMA, properties: { traits: { ...SCHEMA.properties.traits, properties: { email: { type: 'string', format: 'email' }, phone: { type: 'string', format: 'tel' }, name: SCHEMA.properties.traits.properties.name } } } });
    const rows = db.prepare('SELECT traits FROM identities').pluck();
    const rawV = time(() => {
      for (const t of rows.iterate()) rawValidate({ traits: JSON.parse(t as string) });
    });
    db.close();
    console.log(`validate all: raw ajv+tel ${fmt((total / rawV) * 1000)}/s, app ${fmt((total / app.validateAllMs) * 1000)}/s ratio ${(rawV / app.validateAllMs).toFixed(2)} (target >= 0.8)`);
    console.log(`schema change impact (phone required): ${app.impactInvalid} of ${app.impactChecked} would fail, ${fmt(app.impactMs / 1000)} s (target <= 15 s at 1M)`);
    console.log(`peak RSS of the app's process (import, search, paging, validate all, impact): ${app.peakRssMb} MB (target <= 560)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
