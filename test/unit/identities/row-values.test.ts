import { afterEach, beforeEach, expect, it } from 'vitest';
import { IDENTITY_COLUMN_COUNT, IDENTITY_COLUMNS, rowFromValues } from '../../../electron/services/identities/stored-identity';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, person } from '../../fixtures/store/store-fixture';

/** Batch and page reads take rows as arrays (rowFromValues); they must be the rows better-sqlite3 gives as objects. */
let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

it('reads every column of a row read as an array, in the order of IDENTITY_COLUMNS', () => {
  const { id } = f.services.identities.create({ ...person(1), metadata_public: { tier: 'gold' }, metadata_admin: { crm: 7 }, external_id: 'ext-1' });
  f.services.identities.setState(id, 'inactive');
  const sql = `SELECT ${IDENTITY_COLUMNS}, 42 AS extra_column FROM identities WHERE id = ?`;
  const object = f.services.store.db.prepare(sql).get(id) as Record<string, unknown>;
  const values = f.services.store.db.prepare(sql).raw().get(id) as unknown[];
  const { extra_column: extraColumn, ...row } = object;
  expect(rowFromValues(values)).toEqual(row);
  expect(Object.keys(row)).toHaveLength(IDENTITY_COLUMN_COUNT);
  expect(values[IDENTITY_COLUMN_COUNT]).toBe(extraColumn);
});
