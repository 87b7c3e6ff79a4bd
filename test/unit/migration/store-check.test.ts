import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../electron/services/create-services';
import type { StoreCheckReport } from '../../../shared/domain/migration';

const ROOT = new URL('../../..', import.meta.url).pathname;
const N = 3000;
let services: Services;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-desk-check-'));
  services = createServices({ dataDir: dir, host: 'cli', actor: 'test' });
  const lines = Array.from({ length: N }, (_, i) =>
    JSON.stringify({ schema_id: 'email-password', traits: { email: i % 3 === 0 ? `short${i}@x.io` : `person.${i}@example.com` } }),
  );
  const file = join(dir, 'seed.ndjson');
  writeFileSync(file, lines.join('\n'));
  const jobId = services.transfer.importFile({ file, format: 'ndjson' });
  await services.jobs.wait(jobId);
});
afterAll(() => services.close());

const check = async (request: Parameters<Services['migration']['checkStore']>[0]) =>
  (await services.jobs.wait(services.migration.checkStore(request))) as StoreCheckReport;

/** The email-password preset with one more required trait and a stricter email pattern. */
const stricter = (): string => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/email-password.schema.json'), 'utf8')) as {
    properties: { traits: { properties: Record<string, Record<string, unknown>>; required?: string[] } };
  };
  const traits = schema.properties.traits;
  traits.properties['email'] = { ...traits.properties['email'], pattern: '@example\\.com$' };
  traits.properties['nickname'] = { type: 'string' };
  traits.required = [...(traits.required ?? []), 'nickname'];
  return JSON.stringify(schema);
};

describe('migration.checkStore (validate all / impact), in a worker', () => {
  it('validates every stored identity against its own schema', async () => {
    const report = await check({});
    expect(report).toMatchObject({ checked: N, invalid: 0, groups: [], truncated: false });
  });

  it('groups the failures a new schema would cause by pointer and message, with examples', async () => {
    const report = await check({ schemaId: 'email-password', targetSchema: stricter() });
    expect(report.checked).toBe(N);
    expect(report.invalid).toBe(N);
    const byPointer = new Map(report.groups.map((g) => [`${g.pointer} ${g.message}`, g]));
    expect(byPointer.get('#/traits missing properties: "nickname"')?.count).toBe(N);
    const pattern = report.groups.find((g) => g.pointer === '#/traits/email');
    expect(pattern?.count).toBe(N / 3);
    for (const id of pattern?.examples ?? []) {
      expect((services.identities.get(id).traits as { email: string }).email).toMatch(/^short/);
    }
    expect(report.groups[0]?.count).toBeGreaterThanOrEqual(report.groups.at(-1)?.count ?? 0);
  });

  it('reports progress events as it streams', async () => {
    const seen: number[] = [];
    const off = services.events.subscribe((name, payload) => {
      if (name === 'jobs.progressed') seen.push((payload as { done: number }).done);
    });
    await check({});
    off();
    expect(seen.at(-1)).toBe(N);
  });

  it('refuses a hostile target schema before the worker sees it', async () => {
    await expect(check({ targetSchema: '{"$ref":"#"}' })).rejects.toMatchObject({ code: 'SCHEMA_INVALID' });
  });

  it('can be cancelled', async () => {
    const jobId = services.migration.checkStore({});
    services.jobs.cancel(jobId);
    await expect(services.jobs.wait(jobId)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
