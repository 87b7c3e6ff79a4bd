import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/cli/command';
import { runCli } from '../../electron/cli/main';
import { createServices } from '../../electron/services/create-services';
import { seedSchema } from '../fixtures/store/store-fixture';

let dir: string;
const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readText: (p) => readFileSync(join(dir, p), 'utf8'), cwd: dir };
  const code = await runCli([...argv, '--data', dir], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'identity-desk-cli-'));
  const services = createServices({ dataDir: dir, host: 'cli' });
  seedSchema(services);
  services.close();
  writeFileSync(join(dir, 'traits.json'), JSON.stringify({ email: 'cli@example.com' }));
  writeFileSync(join(dir, 'patch.json'), JSON.stringify([{ op: 'add', path: '/metadata_public', value: { tier: 'gold' } }]));
  writeFileSync(join(dir, 'in.ndjson'), '{"traits":{"email":"i1@example.com"}}\n{"traits":{"email":"bad"}}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('store commands', () => {
  it('create, get, patch, search, count, audit, export, delete', async () => {
    const created = await run('create', '--schema-id', 'person', '--traits', 'traits.json', '--json');
    expect(created.code).toBe(0);
    const id = (JSON.parse(created.out) as { id: string }).id;
    const clash = await run('create', '--schema-id', 'person', '--traits', 'traits.json', '--json');
    expect(clash.code).toBe(1);
    expect(JSON.parse(clash.out)).toMatchObject({ error: { code: 'CONFLICT', details: { pointer: '#/traits/email', identityId: id } } });
    expect((await run('patch', id, '--patch', 'patch.json', '--json')).out).toContain('gold');
    expect(JSON.parse((await run('get', id, '--whoami', '--json')).out)).not.toHaveProperty('metadata_admin');
    expect(JSON.parse((await run('search', 'cli@', '--json')).out).items).toHaveLength(1);
    const imported = await run('import', 'in.ndjson', '--skip-invalid', '--json');
    expect(imported.code).toBe(1);
    expect(JSON.parse(imported.out)).toMatchObject({ imported: 1, skipped: 1 });
    expect(JSON.parse((await run('count', '--json')).out)).toMatchObject({ total: 2, filtered: 2 });
    expect(JSON.parse((await run('audit', '--identity', id, '--json')).out).items).toHaveLength(2);
    expect((await run('export', '--format', 'csv', '--out', 'out.csv')).code).toBe(0);
    expect((await run('delete', id)).code).toBe(0);
    expect((await run('get', id, '--json')).code).toBe(1);
    expect((await run('search', '--limit', 'x')).code).toBe(2);
  }, 60_000);
});
