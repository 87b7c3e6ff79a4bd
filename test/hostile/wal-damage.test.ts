/**
 * Issue 17, point 3, for the write-ahead log: SQLite replays the log only up to the first frame whose
 * checksum fails, so commits written after damaged bytes would be dropped without a word. Such a log
 * is detected before SQLite opens the store; a log a crash tore at its end opens as usual. The logs are
 * made by a real store's host (commits not yet checkpointed, copied as a crash would leave them) and by
 * a real writer killed with SIGKILL.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/cli/command';
import { runCli } from '../../electron/cli/main';
import { STORE_FILE } from '../../electron/db/open-database';
import { createApi } from '../../electron/ipc/create-api';
import { createRouter } from '../../electron/ipc/router';
import { createServices } from '../../electron/services/create-services';

/** The names the user sees in the data directory: SQLite's log, and where a damaged one is copied. */
const WAL_FILE = `${STORE_FILE}-wal`;
const WAL_COPY = `${STORE_FILE}-wal.damaged`;
const root = mkdtempSync(join(tmpdir(), 'identity-desk-wal-'));
const BASE = 50;
const LOGGED = 30;
/** The store file and its log as a host left them with LOGGED commits still only in the log. */
let crashedDb: Buffer;
let crashedWal: Buffer;
let pageSize = 4096;

const frameBytes = () => 24 + pageSize;
const frameCount = (wal: Buffer) => Math.floor((wal.length - 32) / frameBytes());
const frameAt = (i: number) => 32 + i * frameBytes();

const create = (services: ReturnType<typeof createServices>, i: number) =>
  services.identities.create({ schema_id: 'email-password', traits: { email: `wal${i}@example.com` } });

beforeAll(() => {
  const dir = join(root, 'host');
  const services = createServices({ dataDir: dir, host: 'cli' });
  for (let i = 0; i < BASE; i++) create(services, i);
  // No checkpoint from here on: the next commits stay in the log, as between two checkpoints of a running host.
  services.store.db.pragma('wal_checkpoint(TRUNCATE)');
  services.store.db.pragma('wal_autocheckpoint = 0');
  for (let i = BASE; i < BASE + LOGGED; i++) create(services, i);
  pageSize = services.store.db.pragma('page_size', { simple: true }) as number;
  // Copied while the host still has the store open: what a crash of the host leaves.
  crashedDb = readFileSync(join(dir, STORE_FILE));
  crashedWal = readFileSync(join(dir, WAL_FILE));
  services.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const withLog = (name: string, wal: Buffer): string => {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, STORE_FILE), crashedDb);
  writeFileSync(join(dir, WAL_FILE), wal);
  return dir;
};

const cli = async (dir: string, ...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readText: (p) => readFileSync(join(dir, p), 'utf8'), cwd: dir };
  const code = await runCli([...argv, '--data', dir], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('a write-ahead log damaged before later commits', () => {
  const damages: { name: string; damage: (wal: Buffer) => Buffer }[] = [
    {
      name: 'bytes flipped in a middle frame',
      damage: (wal) => {
        const copy = Buffer.from(wal);
        const at = frameAt(Math.floor(frameCount(wal) / 2)) + 24 + 100;
        for (let i = 0; i < 16; i++) copy[at + i] = (copy[at + i] ?? 0) ^ 0xff;
        return copy;
      },
    },
    {
      name: 'a zeroed header',
      damage: (wal) => {
        const copy = Buffer.from(wal);
        copy.fill(0, 0, 32);
        return copy;
      },
    },
  ];

  it.each(damages)('with $name: opens read-only naming the log and how to recover; the log is kept and copied aside', async ({ name, damage }) => {
    const wal = damage(crashedWal);
    const dir = withLog(name.replace(/\W+/g, '-'), wal);
    const services = createServices({ dataDir: dir, host: 'web' });
    try {
      const router = createRouter(createApi(services), () => undefined);
      const info = await router.call('app.info', []);
      expect(info).toMatchObject({ ok: true, value: { readOnly: true, storeDamaged: true } });
      const reason = (info as { value: { readOnlyReason: string } }).value.readOnlyReason;
      expect(reason).toContain(WAL_FILE);
      expect(reason).toMatch(/^The store is damaged: .*write-ahead log \(identity-desk\.sqlite-wal\)/);
      expect(reason).toMatch(/export what can still be read/);
      expect(reason).toMatch(/restore a backup/);
      expect(reason).toContain(WAL_COPY);
      expect(reason).not.toContain(root);
      expect(services.store.damage).toMatchObject({ kind: 'wal', readable: true });
      // What the log held before the damage still reads; nothing can be written.
      const count = services.store.db.prepare('SELECT count(*) FROM identities').pluck().get() as number;
      expect(count).toBeGreaterThanOrEqual(BASE);
      expect(count).toBeLessThan(BASE + LOGGED);
      expect(await router.call('identities.create', [{ schema_id: 'email-password', traits: { email: 'new@example.com' } }])).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
      expect(await router.call('app.checkStore', [])).toMatchObject({ ok: true, value: { ok: false, problems: [expect.stringMatching(/write-ahead log/) as unknown], advice: expect.stringMatching(/backup/) as unknown } });
    } finally {
      services.close();
    }
    // Nothing reset or replaced the log, and the copy beside it is the same bytes.
    expect(readFileSync(join(dir, WAL_FILE)).equals(wal)).toBe(true);
    expect(readFileSync(join(dir, WAL_COPY)).equals(wal)).toBe(true);
    expect(readFileSync(join(dir, STORE_FILE)).equals(crashedDb)).toBe(true);

    // Opened again (the CLI): the same verdict, a typed error with no stack, and no second copy.
    const check = await cli(dir, 'check');
    expect(check.code).toBe(2);
    expect(check.err).toMatch(/STORE_CORRUPT/);
    expect(check.err).toMatch(/write-ahead log/);
    expect(check.err).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, `${WAL_COPY}-2`))).toBe(false);
    expect(readFileSync(join(dir, WAL_FILE)).equals(wal)).toBe(true);
  });
});

describe('a damaged log of a new store that never checkpointed', () => {
  it('the host starts; every call but the facts and the check answers STORE_CORRUPT; the log is kept', async () => {
    const made = join(root, 'new-store');
    const services = createServices({ dataDir: made, host: 'cli' });
    services.store.db.pragma('wal_autocheckpoint = 0');
    for (let i = 0; i < 5; i++) create(services, i);
    const db = readFileSync(join(made, STORE_FILE));
    const wal = Buffer.from(readFileSync(join(made, WAL_FILE)));
    services.close();
    // The store's tables are only in the log; damage an early frame, before the identities' commits.
    wal[frameAt(1) + 24 + 50] = (wal[frameAt(1) + 24 + 50] ?? 0) ^ 0xff;
    const dir = join(root, 'new-store-crash');
    mkdirSync(dir);
    writeFileSync(join(dir, STORE_FILE), db);
    writeFileSync(join(dir, WAL_FILE), wal);
    const host = createServices({ dataDir: dir, host: 'web' });
    try {
      const router = createRouter(createApi(host), () => undefined);
      expect(host.store.damage).toMatchObject({ kind: 'wal', readable: false });
      expect(await router.call('app.info', [])).toMatchObject({ ok: true, value: { readOnly: true, storeDamaged: true, readOnlyReason: expect.stringMatching(/write-ahead log.*restore a backup/) as unknown } });
      expect(await router.call('search.query', [{ text: 'wal1' }])).toMatchObject({ ok: false, error: { code: 'STORE_CORRUPT' } });
    } finally {
      host.close();
    }
    expect(readFileSync(join(dir, WAL_FILE)).equals(wal)).toBe(true);
  });
});

describe('a write-ahead log a crash tore at its end', () => {
  const opensWhole = async (dir: string, expected: number) => {
    const services = createServices({ dataDir: dir, host: 'cli' });
    try {
      expect(services.store.damage).toBeNull();
      expect(services.app.info()).toMatchObject({ readOnly: false, identityCount: expected });
      expect((await services.app.checkStore()).ok).toBe(true);
      create(services, 1000);
    } finally {
      services.close();
    }
    expect(existsSync(join(dir, WAL_COPY))).toBe(false);
  };

  it('truncated mid-frame: opens as usual at its last whole commit', async () => {
    const dir = withLog('torn-mid-frame', crashedWal.subarray(0, crashedWal.length - Math.floor(pageSize / 2)));
    await opensWhole(dir, BASE + LOGGED - 1);
  });

  it('untouched: every logged commit is there', async () => {
    await opensWhole(withLog('sound', crashedWal), BASE + LOGGED);
  });

  it('a restarted log whose newest frame is torn, followed by the older generation’s frames: opens as usual', async () => {
    // A log SQLite started over: new frames at its start with new salts, the last one torn, then old frames.
    const dir = join(root, 'restarted');
    mkdirSync(dir);
    writeFileSync(join(dir, STORE_FILE), crashedDb);
    writeFileSync(join(dir, WAL_FILE), crashedWal);
    const services = createServices({ dataDir: dir, host: 'cli' });
    services.store.db.pragma('wal_autocheckpoint = 0');
    services.store.db.pragma('wal_checkpoint(RESTART)');
    for (let i = 2000; i < 2003; i++) create(services, i);
    const db = readFileSync(join(dir, STORE_FILE));
    const wal = readFileSync(join(dir, WAL_FILE));
    services.close();
    expect(wal.length).toBe(crashedWal.length); // the old generation's frames are still behind the new ones
    // The new generation's frames are those with the header's salts; tear the last one.
    let lastNew = 0;
    for (let i = 0; i < frameCount(wal); i++) if (wal.readUInt32BE(frameAt(i) + 8) === wal.readUInt32BE(16)) lastNew = i;
    expect(lastNew).toBeLessThan(frameCount(wal) - 1);
    const torn = Buffer.from(wal);
    torn.fill(0x55, frameAt(lastNew) + 24 + 200, frameAt(lastNew) + 24 + 400);
    const crashed = join(root, 'restarted-crash');
    mkdirSync(crashed);
    writeFileSync(join(crashed, STORE_FILE), db);
    writeFileSync(join(crashed, WAL_FILE), torn);
    await opensWhole(crashed, BASE + LOGGED + 2);
  });
});

describe('a writer killed with SIGKILL', () => {
  const TRIALS = 6;
  const killAfter = (file: string, commits: number): Promise<number> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'wal-writer-child.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
      let announced = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        const numbers = [...chunk.toString().matchAll(/committed (\d+)/g)].map((m) => Number(m[1]));
        if (numbers.length > 0) announced = Math.max(announced, ...numbers);
        if (announced >= commits && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve(announced));
    });

  it(`leaves a log that opens as usual, with every announced commit (${TRIALS} trials)`, async () => {
    const template = join(root, 'kill-template');
    createServices({ dataDir: template, host: 'cli' }).close();
    for (let t = 0; t < TRIALS; t++) {
      const dir = join(root, `kill-${t}`);
      mkdirSync(dir);
      copyFileSync(join(template, STORE_FILE), join(dir, STORE_FILE));
      const announced = await killAfter(join(dir, STORE_FILE), 5 + t * 17);
      const services = createServices({ dataDir: dir, host: 'cli' });
      try {
        expect(services.store.damage).toBeNull();
        expect(services.store.readOnlyReason).toBeNull();
        const rows = services.store.db.prepare("SELECT count(*) FROM settings WHERE key LIKE 'kill-%'").pluck().get() as number;
        expect(rows).toBeGreaterThanOrEqual(3 * announced);
      } finally {
        services.close();
      }
    }
  });
});
