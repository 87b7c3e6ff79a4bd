import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../electron/cli/command';
import { runCli } from '../../../electron/cli/main';
import { runImport } from '../../../electron/services/transfer/index';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture } from '../../fixtures/store/store-fixture';

/** Issue 16 §3, the backend half: what to do with identities that exist, dry runs, and export filters in the CLI. */
let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

const ID1 = '11111111-1111-4111-8111-111111111111';
const ID2 = '22222222-2222-4222-8222-222222222222';
const write = (name: string, rows: unknown[]): string => {
  const path = join(f.dir, name);
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n'));
  return path;
};
const rows = (first: string) => [
  { id: ID1, traits: { email: 'one@example.com', name: { first } }, created_at: '2025-01-01T00:00:00Z' },
  { id: ID2, traits: { email: 'two@example.com' }, created_at: '2025-06-01T00:00:00Z' },
];

describe('an identity that exists already', () => {
  it('fails the import by default, is left alone with skip, and replaced with overwrite', async () => {
    await runImport({ dataDir: f.dir, request: { file: write('a.ndjson', rows('Ann')) }, actor: 't' });
    const again = write('b.ndjson', rows('Anna'));
    await expect(runImport({ dataDir: f.dir, request: { file: again }, actor: 't' })).rejects.toThrow(/Line 1: .*exists already/);
    const skipped = await runImport({ dataDir: f.dir, request: { file: again, onExisting: 'skip' }, actor: 't' });
    expect(skipped).toMatchObject({ imported: 0, existing: 2, skipped: 0 });
    expect(f.services.identities.get(ID1).traits).toMatchObject({ name: { first: 'Ann' } });
    const overwritten = await runImport({ dataDir: f.dir, request: { file: again, onExisting: 'overwrite' }, actor: 't' });
    expect(overwritten).toMatchObject({ imported: 1, overwritten: 1, existing: 1 });
    expect(f.services.identities.get(ID1).traits).toMatchObject({ name: { first: 'Anna' } });
    // The unchanged one wrote nothing; the changed one has its history entry under the import.
    const history = f.services.audit.list({ identityId: ID1 }).items;
    expect(history.map((e) => e.operationId)).toContain(overwritten.operationId);
    expect(f.services.audit.list({ identityId: ID2 }).items).toHaveLength(1);
  });
});

describe('a dry run', () => {
  it('checks every row for real, groups the errors with their lines, and writes nothing', async () => {
    const file = write('dry.ndjson', [
      { traits: { email: 'ok@example.com' } },
      { traits: { email: 'not-an-email' } },
      { traits: { email: 'ok@example.com' } },
      { traits: { email: 'also-bad' } },
    ]);
    const report = await runImport({ dataDir: f.dir, request: { file, dryRun: true }, actor: 't' });
    expect(report).toMatchObject({ dryRun: true, operationId: null, imported: 1, skipped: 3, reportFile: null });
    const byPointer = report.groups.map((g) => [g.pointer, g.count, g.lines]);
    expect(byPointer).toEqual([
      ['#/traits/email', 2, [2, 4]],
      ['#/traits/email', 1, [3]],
    ]);
    expect(report.groups[0]?.message).toBe('The identity does not match its schema. #/traits/email: "…" is not valid "email"');
    expect(f.services.app.info().identityCount).toBe(0);
    expect(f.services.store.db.prepare('SELECT count(*) FROM operations').pluck().get()).toBe(0);
    expect(f.services.store.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
  });
});

describe('CLI export', () => {
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readText: (p) => readFileSync(join(f.dir, p), 'utf8'), cwd: f.dir };
    const code = await runCli([...argv, '--data', f.dir], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('takes the date filters of the identity browser, and credentials only when asked', async () => {
    const file = join(f.dir, 'hash.json');
    writeFileSync(file, JSON.stringify(rows('Ann').map((r) => ({ ...r, credentials: { password: { config: { hashed_password: '$2a$10$abcdefghijklmnopqrstuv' } } } }))));
    await runImport({ dataDir: f.dir, request: { file }, actor: 't' });
    expect((await cli('export', '--format', 'ndjson', '--out', 'june.ndjson', '--created-from', '2025-03-01T00:00:00Z')).code).toBe(0);
    const june = readFileSync(join(f.dir, 'june.ndjson'), 'utf8').trim().split('\n');
    expect(june.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([ID2]);
    expect(june[0]).not.toContain('$2a$10$');
    expect((await cli('export', '--format', 'json', '--out', 'all.json', '--created-to', '2025-12-31T00:00:00Z', '--include-credentials')).code).toBe(0);
    expect(readFileSync(join(f.dir, 'all.json'), 'utf8').match(/\$2a\$10\$/g)).toHaveLength(2);
    expect((await cli('export', '--format', 'json', '--out', 'x.json', '--created-from', 'yesterday')).code).toBe(2);
  });
});
