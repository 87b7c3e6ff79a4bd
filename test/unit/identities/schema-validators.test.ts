import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSchemaValidators, pinnedValidators } from '../../../electron/services/identities/schema-validators';
import type { CompiledSchemaPort } from '../../../electron/services/identities/schema-validators';
import { createValidationEngine } from '../../../electron/services/validation/index';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture } from '../../fixtures/store/store-fixture';

let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

const schemaWith = (minLength: number) =>
  JSON.stringify({ type: 'object', properties: { traits: { type: 'object', properties: { name: { type: 'string', minLength } } } } });

describe('schema validators', () => {
  it('follows a stored draft that changes, and a pinned set reads each schema once until it is dropped', () => {
    const db = f.services.store.db;
    db.prepare("INSERT INTO schemas VALUES ('draft', ?, 'user', null, 'now')").run(schemaWith(2));
    const compiles: unknown[] = [];
    const engine = createValidationEngine();
    const validators = createSchemaValidators(db, (schema): CompiledSchemaPort => {
      compiles.push(schema);
      return engine.compile(schema);
    });
    const valid = (v: { forSchema(id: string): CompiledSchemaPort }) => v.forSchema('draft').validate({ traits: { name: 'abc' } }).valid;

    const pinned = pinnedValidators(validators);
    expect(valid(pinned)).toBe(true);
    expect(pinned.forSchema('draft')).toBe(pinned.forSchema('draft'));
    expect(pinned.body('draft')).toBe(schemaWith(2));
    expect(compiles).toHaveLength(1);

    db.prepare("UPDATE schemas SET body = ? WHERE id = 'draft'").run(schemaWith(5));
    // The unpinned validators see the new body at once; the pinned set keeps what it read (its caller's snapshot).
    expect(valid(validators)).toBe(false);
    expect(valid(pinned)).toBe(true);
    expect(pinned.body('draft')).toBe(schemaWith(2));
    expect(valid(pinnedValidators(validators))).toBe(false);
    expect(compiles).toHaveLength(2);
    expect(() => pinned.forSchema('missing')).toThrow(/Unable to find JSON Schema ID: missing/);
  });
});
