import Database from 'better-sqlite3';
import { Ajv } from 'ajv';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate, readMigrations } from '../../electron/db/migrate';
import { applyPragmas, openStore } from '../../electron/db/open-database';
import { createSearchService } from '../../electron/services/search/index';
import { runStoreCheck } from '../../electron/services/migration/store-check';
import { runImport } from '../../electron/services/transfer/import-job';
import { isKratosEmail } from '../../shared/kratos/email';

/**
 * Design §10 for the local store: raw better-sqlite3 / ajv against the app's path on the same
 * deterministic data, in one run. Run: npm run bench -- store --n 100000
 */
const SCHEMA = {
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
const LAST = ['Smith', 'Jones', 'Müller', 'García', 'Rossi', 'Nguyen', 'Kowalski', 'Dubois'];

/** Deterministic: i fixes every field; ~70% have a phone; 1 in 50 has an invalid email. */
const traitsOf = (i: number) => {
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[(i * 7) % LAST.length] as string;
  const email = i % 50 === 7 ? `broken${i}` : `${first.toLowerCase()}.${last.toLowerCase()}${i}@example${i % 13}.com`;
  const phone = i % 10 < 7 ? `+4917${String(60000000 + ((i * 7919) % 39999999)).padStart(8, '0')}` : undefined;
  return { email, ...(phone ? { phone } : {}), name: { first, last } };
};

/** Streams the input so the bench's own data never sits in memory whole. */
const writeInput = (file: string, n: number): void => {
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

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const fmt = (x: number) => x.toFixed(x < 10 ? 3 : 0);

const rawInsert = (dir: string, n: number): number => {
  const db = new Database(join(dir, 'raw.sqlite'));
  applyPragmas(db);
  migrate(db, readMigrations());
  db.prepare("INSERT INTO schemas VALUES ('bench', ?, 'user', null, 'now')").run(JSON.stringify(SCHEMA));
  const insert = db.prepare("INSERT INTO identities (id, schema_id, state, traits, created_at, updated_at, primary_identifier) VALUES (?, 'bench', 'active', ?, ?, ?, ?)");
  const ident = db.prepare("INSERT OR IGNORE INTO identifiers VALUES ('password', ?, ?)");
  const addr = db.prepare('INSERT OR IGNORE INTO addresses VALUES (?, ?, ?, ?)');
  const t = performance.now();
  for (let start = 0; start < n; start += 1000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(n, start + 1000); i++) {
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

export const runStoreBench = async ({ n }: { n: number }): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-desk-bench-'));
  try {
    const file = join(dir, 'input.ndjson');
    writeInput(file, n);
    const rawRate = rawInsert(dir, n);

    const appDir = join(dir, 'app');
    const seeded = openStore(appDir);
    seeded.db.prepare("INSERT INTO schemas VALUES ('bench', ?, 'user', null, 'now')").run(JSON.stringify(SCHEMA));
    seeded.db.close();
    // RSS is sampled while the app's path runs; the raw baselines above may leave memory the
    // allocator keeps, which only makes this figure more conservative.
    let appPeakRss = process.memoryUsage().rss;
    const sampleRss = () => (appPeakRss = Math.max(appPeakRss, process.memoryUsage().rss));
    const sampler = setInterval(sampleRss, 50);
    const t = performance.now();
    const report = await runImport({ dataDir: appDir, request: { file, skipInvalid: true }, actor: 'bench' });
    const appRate = ((report.imported + report.skipped) / (performance.now() - t)) * 1000;
    console.log(`import: raw indexed insert ${fmt(rawRate)}/s, app ${fmt(appRate)}/s (imported ${report.imported}, skipped ${report.skipped}) ratio ${(appRate / rawRate).toFixed(2)} (target >= 0.6)`);

    const { db } = openStore(appDir);
    const search = createSearchService({ db });
    const terms = Array.from({ length: 40 }, (_, k) => {
      const tr = traitsOf(k * 997 + 3);
      return k % 4 === 0 ? 'example1' : k % 4 === 1 ? tr.email.slice(2, 9) : k % 4 === 2 ? tr.name.last.slice(1, 5) : tr.email.slice(-14, -6);
    });
    const rawSearch = db.prepare('SELECT * FROM identities WHERE seq IN (SELECT rowid FROM identity_fts WHERE identity_fts MATCH ?) ORDER BY created_key, seq LIMIT 50');
    const rawS = terms.map((q) => time(() => rawSearch.all(`"${q}"`)));
    const appS = terms.map((q) => time(() => search.query({ text: q, limit: 50 })));
    console.log(`search first 50 p95: raw trigram ${fmt(p95(rawS))} ms, app ${fmt(p95(appS))} ms ratio ${(p95(appS) / Math.max(p95(rawS), 0.001)).toFixed(2)} (target <= 3)`);

    const total = db.prepare('SELECT count(*) FROM identities').pluck().get() as number;
    const positions = Array.from({ length: 50 }, (_, k) => Math.floor(((k * 7919) % 1000) / 1000 * (total - 50)));
    const keys = positions.map((p) => db.prepare('SELECT created_key, seq FROM identities ORDER BY created_key, seq LIMIT 1 OFFSET ?').raw().get(p) as [number, number]);
    const rawPage = db.prepare('SELECT * FROM identities WHERE (created_key, seq) >= (?, ?) ORDER BY created_key, seq LIMIT 50');
    const rawP = keys.map((k) => time(() => rawPage.all(...k)));
    search.query({ position: 1 }); // builds the checkpoints once; later jumps reuse them
    const appP = positions.map((p) => time(() => search.query({ position: p, limit: 50 })));
    console.log(`page of 50 at any position p95: raw keyset ${fmt(p95(rawP))} ms, app ${fmt(p95(appP))} ms ratio ${(p95(appP) / Math.max(p95(rawP), 0.001)).toFixed(2)} (target <= 3)`);
    const build = time(() => {
      db.prepare("UPDATE counters SET value = value + 1 WHERE name = 'mutations'").run();
      search.query({ position: 1 });
    });
    console.log(`  (checkpoint rebuild after a write: ${fmt(build)} ms)`);

    const ajv = new Ajv({ strict: false, allErrors: false });
    ajv.addFormat('email', { validate: isKratosEmail });
    ajv.addFormat('tel', { validate: (v: string) => isValidPhoneNumber(v) });
    const rawValidate = ajv.compile({ ...SCHEMA, properties: { traits: { ...SCHEMA.properties.traits, properties: { email: { type: 'string', format: 'email' }, phone: { type: 'string', format: 'tel' }, name: SCHEMA.properties.traits.properties.name } } } });
    const rows = db.prepare('SELECT traits FROM identities').pluck();
    const rawV = time(() => {
      for (const t of rows.iterate()) rawValidate({ traits: JSON.parse(t as string) });
    });
    db.close();
    // The app's "validate all" is the store-check job itself (its own connection, grouping, progress), as the
    // migration worker runs it.
    const check = (targetSchema?: string) =>
      runStoreCheck({ dataDir: appDir, request: targetSchema === undefined ? {} : { schemaId: 'bench', targetSchema }, onProgress: sampleRss, isCancelled: () => false });
    const appV = time(() => check());
    console.log(`validate all: raw ajv+tel ${fmt((total / rawV) * 1000)}/s, app ${fmt((total / appV) * 1000)}/s ratio ${(rawV / appV).toFixed(2)} (target >= 0.8)`);
    // Issue 6's impact preview: the same job against a changed schema (a phone becomes required).
    const stricter = { ...SCHEMA, properties: { traits: { ...SCHEMA.properties.traits, required: ['email', 'phone'] } } };
    let impact = { checked: 0, invalid: 0 };
    const impactMs = time(() => (impact = check(JSON.stringify(stricter))));
    console.log(`schema change impact (phone required): ${impact.invalid} of ${impact.checked} would fail, ${fmt(impactMs / 1000)} s (target <= 15 s at 1M)`);
    sampleRss();
    clearInterval(sampler);
    console.log(`peak RSS while the app's path ran: ${Math.round(appPeakRss / 1048576)} MB (target <= 560)`);
    console.log(`  (whole bench process incl. raw baselines: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
