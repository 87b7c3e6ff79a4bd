import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../electron/services/transfer/index';
import type { StoreFixture } from '../fixtures/store/store-fixture';
import { openFixture } from '../fixtures/store/store-fixture';
import { runCli } from '../cli/run-cli';

/**
 * Issue 17 §5: an import obeys the API's limits. Each record is checked with the router's own create schema
 * (`createIdentityInputSchema`), so depth, field lengths and the state enum are one rule, and a bad row is skipped
 * with its line and pointer instead of aborting the import with INTERNAL (and a stack, SQL and paths on stderr).
 */
let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

const deep = (levels: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = { d: v };
  return v;
};

const rows = [
  { traits: { email: 'ok1@example.com' } },
  { traits: { email: 'deep@example.com' }, metadata_public: deep(1000) },
  { traits: { email: 'long@example.com' }, external_id: 'x'.repeat(10_000) },
  { traits: { email: 'state@example.com' }, state: 'banned' },
  { traits: { email: 'org@example.com' }, organization_id: 'o'.repeat(65) },
  { traits: deep(300) },
  { traits: { email: 'ok2@example.com' }, external_id: 'e'.repeat(64) },
];

describe('import limits (issue 17 §5)', () => {
  it('a --skip-invalid import skips each over-limit row with its line and pointer and imports the rest', async () => {
    const file = join(f.dir, 'hostile.ndjson');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const report = await runImport({ dataDir: f.dir, request: { file, skipInvalid: true }, actor: 'tester' });
    expect(report).toMatchObject({ imported: 2, skipped: 5 });
    expect(report.errors.map((e) => [e.line, e.pointer])).toEqual([
      [2, `#/metadata_public${'/d'.repeat(256)}`],
      [3, '#/external_id'],
      [4, '#/state'],
      [5, '#/organization_id'],
      [6, `#/traits${'/d'.repeat(256)}`],
    ]);
    expect(report.errors[1]?.message).toMatch(/64/);
    expect(report.errors[2]?.message).toMatch(/active|inactive/);
    expect(f.services.identities.findStored('nope')).toBeNull();
  });

  it('CSV rows obey the same rules', async () => {
    const file = join(f.dir, 'hostile.csv');
    writeFileSync(file, `email,external_id,state\nok@example.com,,\nlong@example.com,${'x'.repeat(100)},\nstate@example.com,,banned\n`);
    const report = await runImport({ dataDir: f.dir, request: { file, skipInvalid: true, mapping: { email: 'traits.email' } }, actor: 'tester' });
    expect(report).toMatchObject({ imported: 1, skipped: 2 });
    expect(report.errors.map((e) => [e.line, e.pointer])).toEqual([
      [3, '#/external_id'],
      [4, '#/state'],
    ]);
  });

  it('the CLI prints no stack, SQL or path for a hostile file, and exits 1 with the skip report', async () => {
    const file = join(f.dir, 'cli.ndjson');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const run = await runCli(['import', file, '--skip-invalid', '--data', f.dir]);
    expect(run.stderr).not.toMatch(/\bat \S+ \(|INSERT|SELECT|node_modules|\.ts:\d+/);
    expect(run.stdout).toContain('imported 2, skipped 5');
    expect(run.code).toBe(1);
  });
});
