import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/services/create-services';
import type { OperationRecord, OperationReport } from '../../shared/domain/operations';
import { seedSchema } from '../fixtures/store/store-fixture';
import { jsonOut, runCli } from '../cli/run-cli';

let dir: string;
/** The real `identity-desk` bin in a child process, as a script runs it. */
const cli = (...args: string[]) => runCli([...args, '--data', dir], dir);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'identity-desk-cli-bulk-'));
  const services = createServices({ dataDir: dir, host: 'cli' });
  seedSchema(services);
  services.close();
  const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ traits: { email: `Member${i}@Example.com`, name: { first: `F${i}` } } }));
  writeFileSync(join(dir, 'in.ndjson'), `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('identity-desk bulk and operations', () => {
  it('dry-runs, applies, lists, shows and undoes a bulk edit of every match of a query, from a script', async () => {
    expect((await cli('import', 'in.ndjson')).code).toBe(0);
    expect((await cli('export', '--format', 'json', '--out', 'before.json')).code).toBe(0);
    const dry = await cli('bulk', 'member1', '--copy', '/traits/email=/traits/email|lower', '--set', '/metadata_public/tier="gold"', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const planned = jsonOut(dry) as OperationRecord;
    // member1, member10..member19
    expect((planned.report as OperationReport).dryRun).toMatchObject({ targets: 11, wouldChange: 11, wouldFail: 0 });
    const text = await cli('operations', 'show', planned.id);
    expect(text.stdout).toMatch(/would change 11/);
    const applied = await cli('operations', 'apply', planned.id, '--json');
    expect(jsonOut(applied)).toMatchObject({ state: 'applied', counts: { applied: 11 } });
    const got = jsonOut(await cli('search', 'member15', '--json')) as { items: { traits: { email: string }; metadata_public: unknown }[] };
    expect(got.items[0]).toMatchObject({ traits: { email: 'member15@example.com' }, metadata_public: { tier: 'gold' } });
    const list = jsonOut(await cli('operations', 'list', '--json')) as OperationRecord[];
    expect(list.map((o) => o.kind)).toEqual(['bulk', 'import']);
    const undo = await cli('operations', 'undo', planned.id);
    expect(undo.stdout).toMatch(/11 reverted, 0 changed since/);
    // Undone, the store exports byte for byte as before the edit.
    expect((await cli('export', '--format', 'json', '--out', 'after.json')).code).toBe(0);
    expect(readFileSync(join(dir, 'after.json'), 'utf8')).toBe(readFileSync(join(dir, 'before.json'), 'utf8'));
    const direct = await cli('bulk', '--schema', 'person', '--state-to', 'inactive', '--json');
    expect(jsonOut(direct)).toMatchObject({ state: 'applied', counts: { targets: 40, applied: 40 } });
    expect((await cli('bulk', 'x')).code).toBe(2);
    const refused = await cli('bulk', '--patch', 'patch.json', '--json');
    expect(refused.code).toBe(2);
  }, 120_000);
});
