import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/db/open-database';
import type { IdentityRow } from '../../../electron/services/identities/stored-identity';
import { fromRow, IDENTITY_COLUMNS, recordDocument } from '../../../electron/services/identities/stored-identity';
import { runExport, runImport } from '../../../electron/services/transfer/index';
import type { TransferFormat } from '../../../shared/domain/transfer';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, PERSON_SCHEMA, seedSchema } from '../../fixtures/store/store-fixture';

/**
 * Issue 16 §2: export, then import into a fresh store, gives the same identities, field by field: hashes,
 * address ids and verification, every timestamp string, metadata, external and organization ids.
 */
let a: StoreFixture;
let b: StoreFixture;
const V1 = PERSON_SCHEMA.replace('"age": { "type": "integer", "minimum": 0 }', '"age": { "type": "integer", "minimum": 0 }, "newsletter": { "type": "boolean" }, "tags": { "type": "array", "items": { "type": "string" } }');

beforeEach(() => {
  a = openFixture();
  b = openFixture();
  seedSchema(a.services, 'person_v1', V1, false);
  seedSchema(b.services, 'person_v1', V1, false);
});
afterEach(() => {
  a.close();
  b.close();
});

const HASH = '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';

/** A Kratos admin export, as a server gives it (with `include_credential=password`). */
const SOURCE = [
  {
    id: '0d5a6c1e-8a40-4c3b-9b1e-3f6f1c2a9b01',
    schema_id: 'person',
    state: 'inactive',
    state_changed_at: '2025-02-03T04:05:06.789012Z',
    traits: { email: 'ann@example.com', phone: '+1 656 691 8536', name: { first: '=HYPERLINK("x")', last: "'Brien" }, age: 41 },
    credentials: {
      password: { type: 'password', identifiers: ['ann@example.com'], version: 0, created_at: '2025-01-01T00:00:00.000001Z', updated_at: '2025-01-02T00:00:00Z', config: { hashed_password: HASH } },
    },
    verifiable_addresses: [
      { id: '5b0e7c3c-1111-4a4a-8888-000000000001', value: 'ann@example.com', verified: true, via: 'email', status: 'completed', verified_at: '2025-01-05T06:07:08.123456Z', created_at: '2025-01-01T00:00:00.5Z', updated_at: '2025-01-05T06:07:08.123456Z' },
      { id: '5b0e7c3c-1111-4a4a-8888-000000000002', value: '+16566918536', verified: false, via: 'sms', status: 'sent', created_at: '2025-01-01T00:00:00.5Z', updated_at: '2025-01-03T00:00:00Z' },
    ],
    recovery_addresses: [{ id: '5b0e7c3c-1111-4a4a-8888-000000000003', value: 'ann@example.com', via: 'email', created_at: '2025-01-01T00:00:00.5Z', updated_at: '2025-01-01T00:00:00.5Z' }],
    metadata_public: { plan: '+gold', n: 1.5 },
    metadata_admin: { note: '-careful', nested: { list: [1, 'two'] } },
    external_id: 'crm-4711',
    organization_id: '7a1f0000-0000-4000-8000-00000000000a',
    created_at: '2025-01-01T00:00:00.000001Z',
    updated_at: '2025-02-03T04:05:06.789012Z',
  },
  {
    id: '0d5a6c1e-8a40-4c3b-9b1e-3f6f1c2a9b02',
    schema_id: 'person_v1',
    state: 'active',
    traits: { email: 'bo@example.org', username: '@bo', newsletter: false, tags: ['a', '+b'], name: { first: 'Bo, "the" Second\nline two' } },
    metadata_public: null,
    metadata_admin: null,
    created_at: '2024-12-31T23:59:59Z',
    updated_at: '2025-01-01T10:00:00+02:00',
  },
];

const records = (db: Db) =>
  (db.prepare(`SELECT ${IDENTITY_COLUMNS} FROM identities ORDER BY id`).all() as IdentityRow[]).map((row) => ({ ...recordDocument(fromRow(row)), primary_identifier: row.primary_identifier }));

const seedA = async () => {
  const file = join(a.dir, 'source.json');
  writeFileSync(file, JSON.stringify(SOURCE));
  expect(await runImport({ dataDir: a.dir, request: { file }, actor: 't' })).toMatchObject({ imported: 2, skipped: 0 });
  // A local edit after the import: its timestamps are the store's own strings now.
  a.services.identities.update('0d5a6c1e-8a40-4c3b-9b1e-3f6f1c2a9b02', { metadata_admin: { touched: true } });
};

const roundTrip = async (format: TransferFormat, includeCredentials: boolean) => {
  await seedA();
  const out = join(mkdtempSync(join(tmpdir(), 'identity-desk-rt-')), `export.${format}`);
  expect(await runExport({ dataDir: a.dir, request: { file: out, format, includeCredentials } })).toMatchObject({ exported: 2 });
  expect(await runImport({ dataDir: b.dir, request: { file: out }, actor: 't' })).toMatchObject({ imported: 2, skipped: 0 });
  return { text: readFileSync(out, 'utf8'), before: records(a.services.store.db), after: records(b.services.store.db) };
};

describe.each(['json', 'ndjson', 'csv'] as const)('%s export → import', (format) => {
  it('with credentials: every field of every identity is the same, hashes included', async () => {
    const { before, after, text } = await roundTrip(format, true);
    expect(text).toContain(HASH);
    expect(before[0]?.verifiable_addresses[0]).toMatchObject({ verified: true, verified_at: '2025-01-05T06:07:08.123456Z' });
    expect(after).toHaveLength(before.length);
    before.forEach((identity, i) => {
      for (const [field, value] of Object.entries(identity)) expect({ field, value: (after[i] as Record<string, unknown>)[field] }).toEqual({ field, value });
    });
  });

  it('without credentials: no hash leaves the store, and everything else is the same', async () => {
    const { before, after, text } = await roundTrip(format, false);
    expect(text).not.toContain(HASH);
    expect(after[0]?.credentials['password']?.config).toBeUndefined();
    const withoutConfig = (r: (typeof before)[number]) => ({ ...r, credentials: Object.fromEntries(Object.entries(r.credentials).map(([k, { config: _c, ...c }]) => [k, c])) });
    expect(after.map(withoutConfig)).toEqual(before.map(withoutConfig));
  });
});

describe('CSV specifics', () => {
  it("the export's own columns are never traits, and the anti-injection apostrophe comes off again", async () => {
    const { text } = await roundTrip('csv', false);
    const header = text.split('\n')[0] ?? '';
    expect(header.split(',').slice(0, 8)).toEqual(['id', 'schema_id', 'state', 'state_changed_at', 'external_id', 'organization_id', 'created_at', 'updated_at']);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain("'+1 656 691 8536");
    const ann = b.services.identities.get('0d5a6c1e-8a40-4c3b-9b1e-3f6f1c2a9b01');
    expect(ann.traits).toEqual(SOURCE[0]?.traits);
  });

  it('the template lists the columns the importer reads, for the schema', () => {
    const header = a.services.transfer.csvTemplate('person_v1').trim().split(',');
    expect(header).toEqual(['id', 'state', 'external_id', 'email', 'username', 'phone', 'name.first', 'name.last', 'age', 'newsletter', 'tags', 'metadata_public', 'metadata_admin', 'password_hash']);
  });
});
