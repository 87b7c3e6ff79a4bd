import Database from 'better-sqlite3';
import { Ajv } from 'ajv';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
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
  // Independent of the first name (i % 12), so every first name meets every last name.
  const last = LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length] as string;
  const domain = i % 20 < 9 ? SHARED_DOMAIN : `example${i % 13}.com`;
  const email = i % 50 === 7 ? `broken${i}` : `${first.toLowerCase()}.${last.toLowerCase()}${i}@${domain}`;
  const phone = i % 10 < 7 ? `+4917${String(60000000 + ((i * 7919) % 39999999)).padStart(8, '0')}` : undefined;
  return { email, ...(phone ? { phone } : {}), name: { first, last } };
};

/** Two schemas (a fifth on the second) and a quarter inactive, so that the schema and state filters select. */
export const SECOND_SCHEMA = 'bench-b';
export const schemaOf = (i: number): string => (i % 5 === 3 ? SECOND_SCHEMA : 'bench');
export const stateOf = (i: number): 'active' | 'inactive' => (i % 4 === 1 ? 'inactive' : 'active');

/** Streams the input so the bench's own data never sits in memory whole. */
export const writeInput = (file: string, n: number): void => {
  const fd = openSync(file, 'w');
  try {
    for (let start = 0; start < n; start += 10_000) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(n, start + 10_000); i++) lines.push(JSON.stringify({ schema_id: schemaOf(i), state: stateOf(i), traits: traitsOf(i) }));
      writeSync(fd, (start > 0 ? '\n' : '') + lines.join('\n'));
    }
  } finally {
    closeSync(fd);
  }
};

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
export const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
export const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const fmt = (x: number) => x.toFixed(x < 10 ? 3 : 0);

/**
 * Issue 18's fragment classes, as a support agent types them. Rare: a piece of one e-mail address. One name: a piece
 * of a last name (each ~1/16, one with a character outside ASCII). One domain: the shared provider (45%).
 * Near-universal: in (nearly) everyone, and one character. Two letters: common pairs.
 */
export const SEARCH_CLASSES: Record<string, string[]> = {
  rare: [1234, 56789, 345678, 777777].map((i) => traitsOf(i).email.slice(2, 14)),
  'one name (~1/16)': ['owal', 'anaka', 'üller', 'ubois'],
  'one domain (45%)': [SHARED_DOMAIN, 'postbox', 'tbox.co'],
  'near-universal': ['.com', 'com', 'a'],
  'two letters': ['ro', 'an', 'el'],
};
/** Every sort, both directions, without and with schema/state filters. */
export const SEARCH_SHAPES: Record<string, unknown>[] = (['created', 'updated', 'identifier'] as const).flatMap((sort) =>
  (['asc', 'desc'] as const).flatMap((direction) =>
    [{}, { state: 'inactive' }, { schemaId: SECOND_SCHEMA }, { schemaId: 'bench', state: 'active' }].map((filter) => ({ sort, direction, ...filter })),
  ),
);
export const pagePositions = (total: number): number[] => Array.from({ length: 50 }, (_, k) => Math.floor((((k * 7919) % 1000) / 1000) * (total - 50)));

const IMPORT_BATCH = 4000;

/**
 * What a user would write instead of the app (issue 18): a plain better-sqlite3 load of the same file into
 * indexed tables of their own, with the identifier, address and trigram FTS rows, and no validation, audit
 * or triggers. Same pragmas and transaction size as the app's import, so durability costs match.
 */
const plainLoad = async (dir: string, file: string): Promise<{ rate: number; rows: number }> => {
  const db = new Database(join(dir, 'plain.sqlite'));
  applyPragmas(db);
  db.exec(`
    CREATE TABLE identities (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, schema_id TEXT NOT NULL, state TEXT NOT NULL,
      traits TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE INDEX identities_created ON identities (created_at, seq);
    CREATE TABLE identifiers (type TEXT NOT NULL, identifier TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (type, identifier)) WITHOUT ROWID;
    CREATE TABLE addresses (kind TEXT NOT NULL, via TEXT NOT NULL, value TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (kind, via, value)) WITHOUT ROWID;
    CREATE VIRTUAL TABLE identity_fts USING fts5 (body, tokenize = 'trigram', content = '', contentless_delete = 1);`);
  const insert = db.prepare("INSERT INTO identities (id, schema_id, state, traits, created_at, updated_at) VALUES (?, ?, 'active', ?, ?, ?)");
  const ident = db.prepare("INSERT OR IGNORE INTO identifiers VALUES ('password', ?, ?)");
  const addr = db.prepare('INSERT OR IGNORE INTO addresses VALUES (?, ?, ?, ?)');
  const fts = db.prepare('INSERT INTO identity_fts (rowid, body) VALUES (?, ?)');
  const write = db.transaction((lines: string[]) => {
    for (const line of lines) {
      const record = JSON.parse(line) as { schema_id: string; traits: { email: string; phone?: string; name: { first: string; last: string } } };
      const t = record.traits;
      const now = new Date().toISOString();
      const email = t.email.toLowerCase();
      const seq = Number(insert.run(crypto.randomUUID(), record.schema_id, JSON.stringify(t), now, now).lastInsertRowid);
      ident.run(email, seq);
      addr.run('verifiable', 'email', email, seq);
      addr.run('recovery', 'email', email, seq);
      if (t.phone) addr.run('verifiable', 'sms', t.phone, seq);
      fts.run(seq, [t.email, t.phone ?? '', t.name.first, t.name.last].join(' '));
    }
  });
  const t = performance.now();
  let rows = 0;
  let batch: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === '') continue;
    batch.push(line);
    if (batch.length === IMPORT_BATCH) {
      write(batch);
      rows += batch.length;
      batch = [];
    }
  }
  write(batch);
  rows += batch.length;
  const ms = performance.now() - t;
  db.close();
  return { rate: (rows / ms) * 1000, rows };
};

/** p95 of a keyset page of 50 at 50 positions, on a plain copy of the identities (a table and one index). */
const plainKeysetPage = (app: Database.Database, dir: string, total: number): number[] => {
  const file = join(dir, 'plain.sqlite');
  const plain = new Database(file);
  applyPragmas(plain);
  plain.exec('CREATE TABLE people (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, schema_id TEXT NOT NULL, state TEXT NOT NULL, traits TEXT NOT NULL, created_at TEXT NOT NULL, created_key REAL NOT NULL)');
  plain.close();
  app.prepare('ATTACH DATABASE ? AS plain').run(file);
  app.exec('INSERT INTO plain.people SELECT seq, id, schema_id, state, traits, created_at, created_key FROM main.identities');
  app.exec('DETACH DATABASE plain');
  const db = new Database(file);
  applyPragmas(db);
  db.exec('CREATE INDEX people_created ON people (created_key, seq)');
  const keys = pagePositions(total).map((p) => db.prepare('SELECT created_key, seq FROM people ORDER BY created_key, seq LIMIT 1 OFFSET ?').raw().get(p) as [number, number]);
  const page = db.prepare('SELECT * FROM people WHERE (created_key, seq) >= (?, ?) ORDER BY created_key, seq LIMIT 50');
  page.all(...(keys[0] ?? [0, 0]));
  const ms = keys.map((k) => time(() => page.all(...k)));
  db.close();
  return ms;
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
    const appDir = join(dir, 'app');
    const app = runApp(appDir, file);
    const plain = await plainLoad(dir, file);
    console.log(
      `import: plain load (own tables, identifier/address/FTS rows, no validation) ${fmt(plain.rate)}/s, app ${fmt(app.importRate)}/s (imported ${app.imported}, skipped ${app.skipped}) ratio ${(app.importRate / plain.rate).toFixed(2)} (target >= 0.5)`,
    );

    const db = new Database(join(appDir, 'identity-desk.sqlite'));
    applyPragmas(db);
    const total = db.prepare('SELECT count(*) FROM identities').pluck().get() as number;
    // The search baseline a user would pick instead: a plain keyset page of 50 from a plain better-sqlite3 table
    // (the same rows, one index, no triggers, no search index), at the same 50 positions.
    const plainP = plainKeysetPage(db, dir, total);
    const plain95 = p95(plainP);
    console.log(`search first 50, p95 over ${SEARCH_SHAPES.length} sorts/directions/filters per fragment (target <= 3x a plain keyset page of 50: ${fmt(plain95)} ms)`);
    for (const [name, ms] of Object.entries(app.searchMs)) {
      const worst = Object.entries(app.searchWorst[name] ?? {}).sort((a, b) => b[1] - a[1])[0];
      console.log(`  ${name}: app p95 ${fmt(p95(ms))} ms (median ${fmt(median(ms))} ms, max ${fmt(Math.max(...ms))} ms${worst ? ` at ${worst[0]}` : ''}) ratio ${(p95(ms) / Math.max(plain95, 0.001)).toFixed(2)}; plans ${JSON.stringify(app.searchPlans[name])}`);
    }
    console.log('count of matches (target: exact within 1 s): quick (may be a lower bound), then exact, worst over the fragments, without and with a state filter');
    for (const [name, c] of Object.entries(app.countMs)) console.log(`  ${name}: quick max ${fmt(Math.max(...c.quick))} ms, exact max ${fmt(Math.max(...c.exact))} ms (${c.lowerBounds} of ${c.quick.length} quick counts were lower bounds)`);
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
