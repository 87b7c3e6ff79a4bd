import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../electron/cli/command';
import { runCli } from '../../../electron/cli/main';
import { createServices } from '../../../electron/services/create-services';
import { startKratosEmulator, type KratosEmulator } from '../../kratos-emulator/index';

let emu: KratosEmulator;
let dir: string;
const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readText: (p) => readFileSync(join(dir, p), 'utf8'), cwd: dir };
  const code = await runCli([...argv, '--data', dir], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
};
const json = (r: { out: string }) => JSON.parse(r.out) as Record<string, unknown>;

beforeAll(async () => {
  emu = await startKratosEmulator({ seed: 40 });
  dir = mkdtempSync(join(tmpdir(), 'identity-desk-sync-cli-'));
});
afterAll(() => emu.close());

describe('the sync commands, as a script uses them', () => {
  it('remote add/list/remove, pull, push, sync, pending, conflicts [resolve], with exit codes', async () => {
    expect((await run('pull', '--json')).code).toBe(1);
    expect((await run('remote', 'add', 'prod', '--url', emu.url, '--json')).code).toBe(0);
    expect((await run('remote', 'add', 'bad', '--url', 'http://10.1.2.3:4434', '--key-env', 'K', '--json')).code).toBe(1);
    expect((await run('remote', 'add', 'x', '--kind', 'nope', '--url', emu.url)).code).toBe(2);
    expect(json(await run('remote', 'list', '--json'))).toMatchObject([{ name: 'prod', kind: 'kratos', key: { kind: 'none' } }]);
    const pulled = await run('pull', '--json');
    expect(pulled.code).toBe(0);
    expect(json(pulled)).toMatchObject({ remote: 'prod', seen: 40, created: 40, conflicts: 0 });
    const [a, b] = emu.state.ids() as [string, string];
    // A same-field edit on both sides: push reports the conflict (exit 1), `conflicts resolve` settles it.
    const s = createServices({ dataDir: dir, host: 'cli' });
    s.identities.patch(a, [{ op: 'add', path: '/metadata_public', value: { v: 'local' } }]);
    s.identities.patch(b, [{ op: 'add', path: '/metadata_admin', value: { ok: true } }]);
    s.close();
    emu.state.update(a, (doc) => void (doc['metadata_public'] = { v: 'remote' }));
    expect(json(await run('pending', '--json'))).toMatchObject({ total: 2 });
    const pushed = await run('push', '--json');
    expect(pushed.code).toBe(1);
    expect(json(pushed)).toMatchObject({ updated: 1, conflicts: 1, rejected: [] });
    expect(json(await run('conflicts', '--json'))).toMatchObject([{ identityId: a, kind: 'edited' }]);
    expect((await run('conflicts', 'resolve', a, '--take', 'sideways')).code).toBe(2);
    expect((await run('conflicts', 'resolve', a, '--take', 'local', '--json')).code).toBe(0);
    const synced = await run('sync', '--json');
    expect(synced.code).toBe(0);
    expect(json(synced)).toMatchObject({ pull: { conflicts: 0 }, push: { updated: 1, conflicts: 0 } });
    expect(emu.state.get(a)?.['metadata_public']).toEqual({ v: 'local' });
    const text = await run('pending');
    expect(text.out).toBe('0 pending');
    expect((await run('remote', 'remove', 'prod')).out).toBe('removed prod');
  });
});
