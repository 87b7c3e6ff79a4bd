import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CliIo } from '../../../electron/cli/command';
import { runCli } from '../../../electron/cli/main';
import { createServices } from '../../../electron/services/create-services';
import { seedSchema } from '../../fixtures/store/store-fixture';

/** Issue 16 §7: without --json, a CLI error still names the field it is about. */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'identity-desk-cli-field-'));
  const services = createServices({ dataDir: dir, host: 'cli' });
  seedSchema(services);
  services.close();
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ email: 'not-an-email', age: -3 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('prints each invalid field with its pointer and message', async () => {
  const err: string[] = [];
  const io: CliIo = { out: () => undefined, err: (t) => err.push(t), readText: (p) => readFileSync(join(dir, p), 'utf8'), cwd: dir };
  expect(await runCli(['create', '--schema-id', 'person', '--traits', 'bad.json', '--data', dir], io)).toBe(1);
  const text = err.join('\n');
  expect(text).toMatch(/#\/traits\/email: .*email/);
  expect(text).toMatch(/#\/traits\/age: /);
});
