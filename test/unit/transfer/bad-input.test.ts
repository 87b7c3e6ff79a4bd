import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../electron/cli/command';
import { runCli } from '../../../electron/cli/main';
import { runImport } from '../../../electron/services/transfer/index';
import type { ImportRequest } from '../../../shared/domain/transfer';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture } from '../../fixtures/store/store-fixture';

/** Issue 16 §1: a file that is not what its format says is never imported quietly. */
let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

const file = (name: string, text: string): string => {
  const path = join(f.dir, name);
  writeFileSync(path, text);
  return path;
};
const run = (request: ImportRequest) => runImport({ dataDir: f.dir, request, actor: 't' });
const count = () => f.services.app.info().identityCount;
const alice = JSON.stringify({ traits: { email: 'alice@example.com' } });
const bob = JSON.stringify({ traits: { email: 'bob@example.com' } });

describe('JSON files that are not whole', () => {
  it('a truncated array is refused with its line and column, and nothing is written, in either mode', async () => {
    const path = file('cut.json', `[\n${alice},\n${bob.slice(0, 20)}`);
    await expect(run({ file: path })).rejects.toThrow(/line 3, column 21/);
    expect(count()).toBe(0);
    await expect(run({ file: path, skipInvalid: true })).rejects.toThrow(/ends before/);
    expect(count()).toBe(0);
  });

  it('garbage is refused at line 1, column 1', async () => {
    await expect(run({ file: file('junk.json', 'hello world') })).rejects.toThrow(/line 1, column 1/);
    await expect(run({ file: file('junk2.json', `[${alice}] trailing`) })).rejects.toThrow(/line 1, column \d+/);
    await expect(run({ file: file('junk3.json', `[${alice} ${bob}]`), skipInvalid: true })).rejects.toThrow(/expected "," or "]"/);
    expect(count()).toBe(0);
  });

  it('records that are not objects are errors naming their line', async () => {
    const path = file('scalars.json', '[1,\n"x"]');
    await expect(run({ file: path })).rejects.toThrow(/Line 1: .*must be a JSON object/);
    const report = await run({ file: path, skipInvalid: true });
    expect(report).toMatchObject({ imported: 0, skipped: 2 });
    expect(report.errors.map((e) => e.line)).toEqual([1, 2]);
  });

  it('a syntax error inside a record names the line and column in the file', async () => {
    const path = file('inner.json', `[\n${alice},\n  {"traits": {"email": "c@example.com",}}\n]`);
    await expect(run({ file: path })).rejects.toThrow(/line 3, column 39/);
    const report = await run({ file: path, skipInvalid: true });
    expect(report).toMatchObject({ imported: 1, skipped: 1 });
    expect(report.errors[0]).toMatchObject({ line: 3, column: 39 });
  });

  it('a file holding one object is one identity', async () => {
    const report = await run({ file: file('one.json', JSON.stringify({ schema_id: 'person', traits: { email: 'solo@example.com', name: { first: 'S' } } }, null, 2)) });
    expect(report).toMatchObject({ imported: 1, skipped: 0 });
    expect(f.services.search.query({ text: 'solo@' }).items).toHaveLength(1);
  });

  it('an empty file or an empty array says so', async () => {
    await expect(run({ file: file('empty.json', '  \n') })).rejects.toThrow(/empty/);
    await expect(run({ file: file('empty2.json', '[]') })).rejects.toThrow(/no identities/);
    await expect(run({ file: file('empty.ndjson', '\n\n') })).rejects.toThrow(/empty/);
    await expect(run({ file: file('empty.csv', '') })).rejects.toThrow(/empty/);
    await expect(run({ file: file('header.csv', 'email,name.first\n') })).rejects.toThrow(/no rows/);
  });
});

describe('NDJSON and CSV', () => {
  it('NDJSON: a bad line is refused with line and column, or reported per line in skip mode', async () => {
    const path = file('in.ndjson', `${alice}\n{"traits": nope}\n[1]\n${bob}\n`);
    await expect(run({ file: path })).rejects.toThrow(/line 2, column 12/);
    expect(count()).toBe(0);
    const report = await run({ file: path, skipInvalid: true });
    expect(report).toMatchObject({ imported: 2, skipped: 2 });
    expect(report.errors.map((e) => [e.line, e.column ?? null])).toEqual([
      [2, 12],
      [3, null],
    ]);
    expect(report.errors[1]?.message).toMatch(/must be a JSON object/);
  });

  it('CSV: an unterminated quote and a row with the wrong number of cells are errors naming the line', async () => {
    const cells = file('cells.csv', 'email,name.first\na@example.com,Ann\nb@example.com,Bo,extra\n');
    await expect(run({ file: cells })).rejects.toThrow(/Line 3: .*3 cells.*header has 2/);
    const quote = file('quote.csv', 'email,name.first\na@example.com,Ann\nb@example.com,"Bo\n');
    await expect(run({ file: quote })).rejects.toThrow(/line 3, column 15/);
    const stray = file('stray.csv', 'email,name.first\na@example.com,"Ann"x\n');
    await expect(run({ file: stray })).rejects.toThrow(/line 2, column 20/);
    expect(count()).toBe(0);
  });
});

describe('the CLI', () => {
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readText: (p) => readFileSync(join(f.dir, p), 'utf8'), cwd: f.dir };
    const code = await runCli([...argv, '--data', f.dir], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('exits 1 with the line and column for a file that is not valid input', async () => {
    file('junk.json', '[{"traits":');
    const r = await cli('import', 'junk.json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 1, column 12/);
    file('scalars.json', '[1]');
    expect((await cli('import', 'scalars.json', '--skip-invalid')).code).toBe(1);
    file('empty.ndjson', '');
    expect((await cli('import', 'empty.ndjson')).code).toBe(1);
  });
});
