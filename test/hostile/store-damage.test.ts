/**
 * Issue 17, point 3: a damaged store is detected, never written into, never silently replaced.
 * Thirteen kinds of damage are made from one real store (300 identities, an index, a WAL), and each
 * is opened the way the hosts open it: services, the router, the web host and the CLI.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/cli/command';
import { runCli } from '../../electron/cli/main';
import { STORE_FILE } from '../../electron/db/open-database';
import { createApi } from '../../electron/ipc/create-api';
import { createRouter } from '../../electron/ipc/router';
import { LOG_FILE } from '../../electron/services/app/host-log';
import { createServices } from '../../electron/services/create-services';
import { startWebHost } from '../../electron/server/web-host';

const root = mkdtempSync(join(tmpdir(), 'identity-desk-damage-'));
const pristine = join(root, 'pristine');
const isRoot = process.getuid?.() === 0;
let pageSize = 4096;
let indexRoot = 0;
let tableRoot = 0;
let fileSize = 0;

beforeAll(() => {
  const services = createServices({ dataDir: pristine, host: 'cli' });
  for (let i = 0; i < 300; i++) services.identities.create({ schema_id: 'email-password', traits: { email: `user${i}@example.com` }, metadata_public: { note: 'x'.repeat(200) } });
  services.close();
  const db = new Database(join(pristine, STORE_FILE), { readonly: true });
  pageSize = db.pragma('page_size', { simple: true }) as number;
  // The largest index and the identities table, by their root pages, for the targeted damage below.
  const pages = db.prepare("SELECT name, type, rootpage FROM sqlite_master WHERE rootpage > 1 AND (type = 'index' OR name = 'identities')").all() as { name: string; type: string; rootpage: number }[];
  indexRoot = pages.find((p) => p.type === 'index' && p.name.includes('identit'))?.rootpage ?? pages.find((p) => p.type === 'index')!.rootpage;
  tableRoot = pages.find((p) => p.name === 'identities')!.rootpage;
  db.close();
  fileSize = statSync(join(pristine, STORE_FILE)).size;
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A copy of the pristine store, then `damage` applied to its file. */
const damaged = (name: string, damage: (file: string, dir: string) => void): string => {
  const dir = join(root, name);
  mkdirSync(dir);
  copyFileSync(join(pristine, STORE_FILE), join(dir, STORE_FILE));
  damage(join(dir, STORE_FILE), dir);
  return dir;
};

const overwrite = (file: string, offset: number, bytes: Buffer) => {
  const content = readFileSync(file);
  bytes.copy(content, offset);
  writeFileSync(file, content);
};
const truncate = (file: string, size: number) => writeFileSync(file, readFileSync(file).subarray(0, size));

/** What the user's file is before and after: its bytes, or what kind of thing it is. */
const fingerprint = (file: string): string => {
  if (!existsSync(file)) return lstatSync(file, { throwIfNoEntry: false }) ? 'dangling link' : 'absent';
  const stat = statSync(file);
  if (!stat.isFile()) return stat.isDirectory() ? 'directory' : 'special';
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return 'unreadable';
  }
};

interface DamageCase {
  name: string;
  make: (file: string, dir: string) => void;
  /** Whether SQLite can still read the file (open read-only) or a stand-in answers (STORE_CORRUPT). */
  readable: boolean;
  skip?: string;
}

const CASES: DamageCase[] = [
  // SQLite keeps the schema of this store (tables, indexes, FTS5, triggers) on several pages, some past the cut.
  { name: 'truncated to half', make: (f) => truncate(f, Math.floor(fileSize / 2 / pageSize) * pageSize), readable: false },
  { name: 'truncated to its first page', make: (f) => truncate(f, pageSize), readable: false },
  { name: 'truncated mid-page', make: (f) => truncate(f, fileSize - Math.floor(pageSize * 2.5)), readable: false },
  { name: '4 KiB of random bytes mid-file', make: (f) => overwrite(f, Math.floor(fileSize / 2 / pageSize) * pageSize, randomBytes(4096)), readable: true },
  { name: 'zeroed header', make: (f) => overwrite(f, 0, Buffer.alloc(100)), readable: false },
  { name: 'a 0-byte file', make: (f) => writeFileSync(f, ''), readable: false },
  { name: 'wrong magic', make: (f) => overwrite(f, 0, Buffer.from('NotAStore format\0')), readable: false },
  { name: 'a damaged index page', make: (f) => overwrite(f, (indexRoot - 1) * pageSize, randomBytes(pageSize)), readable: true },
  { name: 'a damaged identities table page', make: (f) => overwrite(f, (tableRoot - 1) * pageSize + 8, randomBytes(pageSize - 8)), readable: true },
  { name: 'a damaged schema page (page 1 after the header)', make: (f) => overwrite(f, 100, randomBytes(pageSize - 100)), readable: false },
  {
    name: 'a folder in place of the file',
    make: (f) => {
      rmSync(f);
      mkdirSync(f);
    },
    readable: false,
  },
  {
    name: 'a link to nothing in place of the file',
    make: (f, dir) => {
      rmSync(f);
      symlinkSync(join(dir, 'gone.sqlite'), f);
    },
    readable: false,
  },
  {
    name: 'a file it may not read',
    make: (f) => chmodSync(f, 0o000),
    readable: false,
    skip: isRoot ? 'running as root, which reads any file: permissions cannot make it unreadable here' : undefined,
  },
];

describe.each(CASES)('a store with $name', (c) => {
  const run = c.skip ? it.skip : it;

  run('opens without a crash, read-only, saying what is wrong and how to recover; writes are refused; the file is untouched', async () => {
    const dir = damaged(c.name.replace(/\W+/g, '-'), c.make);
    const file = join(dir, STORE_FILE);
    const before = fingerprint(file);
    const services = createServices({ dataDir: dir, host: 'web' });
    try {
      const router = createRouter(createApi(services), () => undefined);
      const info = await router.call('app.info', []);
      expect(info).toMatchObject({ ok: true, value: { readOnly: true, storeDamaged: true } });
      const reason = (info as { value: { readOnlyReason: string } }).value.readOnlyReason;
      expect(reason).toMatch(c.readable ? /It is open read-only.*export what can still be read/ : /cannot be opened.*nothing can be read/);
      expect(reason).toMatch(/restore a backup/);
      expect(reason).toMatch(/Nothing is written into it/);
      expect(reason).not.toContain(root);
      expect(services.store.damage?.readable).toBe(c.readable);

      const create = await router.call('identities.create', [{ schema_id: 'email-password', traits: { email: 'new@example.com' } }]);
      expect(create).toMatchObject({ ok: false });
      expect(['READ_ONLY', 'STORE_CORRUPT']).toContain((create as { error: { code: string } }).error.code);
      const schema = await router.call('schemas.setDefault', ['username-password']);
      expect(['READ_ONLY', 'STORE_CORRUPT', 'NOT_FOUND']).toContain((schema as { error: { code: string } }).error.code);
      expect((await router.call('app.setProfile', ['ory-network'])) as object).toMatchObject({ ok: false });

      if (c.readable) {
        // What can be read can be exported: the search works on the read-only file, or says it is damaged.
        const search = await router.call('search.query', [{ text: 'user1' }]);
        if (!search.ok) expect(search.error.code).toBe('STORE_CORRUPT');
      } else {
        expect(await router.call('search.query', [{ text: 'user1' }])).toMatchObject({ ok: false, error: { code: 'STORE_CORRUPT' } });
      }
      expect(await router.call('app.checkStore', [])).toMatchObject({ ok: true, value: { ok: false, advice: expect.stringMatching(/backup/) as unknown } });
    } finally {
      services.close();
    }
    expect(fingerprint(file)).toBe(before);
    expect(existsSync(join(dir, `${STORE_FILE}-wal`)) && statSync(join(dir, `${STORE_FILE}-wal`)).size > 0).toBe(false);
  });

  run('the web host starts on it and serves its facts', async () => {
    const dir = damaged(`${c.name.replace(/\W+/g, '-')}-web`, c.make);
    const rendererDir = mkdtempSync(join(tmpdir(), 'identity-desk-damage-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Identity Desk</title>');
    const host = await startWebHost({ dataDir: dir, rendererDir });
    try {
      const answer = await fetch(`${host.url}api/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-identity-desk-token': host.token }, body: '{"args":[]}' });
      expect(await answer.json()).toMatchObject({ ok: true, value: { readOnly: true, storeDamaged: true } });
    } finally {
      await host.close();
    }
  });
});

describe('the web host’s log', () => {
  it('an internal failure answers INTERNAL without SQL, stack or path, and its stack goes to identity-desk.log in the data directory', async () => {
    const dir = join(root, 'web-log');
    mkdirSync(dir);
    copyFileSync(join(pristine, STORE_FILE), join(dir, STORE_FILE));
    const rendererDir = mkdtempSync(join(tmpdir(), 'identity-desk-log-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Identity Desk</title>');
    const host = await startWebHost({ dataDir: dir, rendererDir });
    try {
      // Another program takes a table away under the running host: a failure the host has no word for.
      const other = new Database(join(dir, STORE_FILE));
      other.exec('DROP TABLE counters');
      other.close();
      const answer = await fetch(`${host.url}api/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-identity-desk-token': host.token }, body: '{"args":[]}' });
      const text = await answer.text();
      expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(text).not.toMatch(/counters|SQLITE|\bat \S+ \(|node_modules/);
      expect(text).not.toContain(dir);
    } finally {
      await host.close();
    }
    expect(readFileSync(join(dir, LOG_FILE), 'utf8')).toMatch(/\[web\] SqliteError: no such table: counters\n\s+at /);
  });
});

describe('the CLI on a damaged store', () => {
  const run = async (dir: string, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readText: (p) => readFileSync(join(dir, p), 'utf8'), cwd: dir };
    const code = await runCli([...argv, '--data', dir], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('check runs integrity_check and says what is wrong and how to recover, with no stack; writes answer typed errors', async () => {
    const dir = damaged('cli-random', (f) => overwrite(f, (indexRoot - 1) * pageSize, randomBytes(pageSize)));
    const check = await run(dir, 'check');
    expect(check.code).toBe(2);
    expect(check.err).toMatch(/STORE_CORRUPT/);
    expect(check.err).toMatch(/restore a backup/);
    expect(check.err).not.toMatch(/\n\s+at /);
    const json = await run(dir, 'check', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ error: { code: 'STORE_CORRUPT', details: { ok: false } } });
    writeFileSync(join(dir, 'traits.json'), '{"email":"cli@example.com"}');
    const create = await run(dir, 'create', '--schema-id', 'email-password', '--traits', 'traits.json', '--json');
    expect(JSON.parse(create.out)).toMatchObject({ error: { code: 'READ_ONLY' } });
    const unopenable = damaged('cli-empty', (f) => writeFileSync(f, ''));
    const info = await run(unopenable, 'search', 'x', '--json');
    expect(JSON.parse(info.out)).toMatchObject({ error: { code: 'STORE_CORRUPT' } });
    expect(statSync(join(unopenable, STORE_FILE)).size).toBe(0);
  });

  it('check passes on a sound store', async () => {
    const check = await run(pristine, 'check');
    expect(check.out).toMatch(/store file: integrity ok/);
    expect(check.code).toBe(0);
  });

  it('writes internals to identity-desk.log in the data directory, not to the output', async () => {
    const dir = join(root, 'cli-log');
    mkdirSync(dir);
    writeFileSync(join(dir, 'traits.json'), '{');
    const r = await run(dir, 'create', '--schema-id', 'email-password', '--traits', 'traits.json');
    expect(r.err).not.toMatch(/\n\s+at /);
    const { createHostLog } = await import('../../electron/services/app/host-log');
    createHostLog(dir, 'test')(new Error('an internal failure'));
    expect(readFileSync(join(dir, LOG_FILE), 'utf8')).toMatch(/\[test\] Error: an internal failure\n\s+at /);
  });
});
