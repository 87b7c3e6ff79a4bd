import { describe, expect, it } from 'vitest';
import type { BulkEdit } from '../../../shared/domain/operations';
import { applyEdit, checkEdit, valueAt } from '../../../shared/operations/edit-applier';

const doc = () => ({
  id: 'x',
  schema_id: 'person',
  state: 'active',
  traits: { email: 'Ann.Lee@Example.COM', name: { first: ' Ann ' } },
  metadata_public: null,
  metadata_admin: { keep: 1 },
  credentials: { password: { type: 'password', identifiers: ['ann.lee@example.com'], config: { hashed_password: 'h' } } },
});
const run = (edit: BulkEdit, input = doc()) => {
  checkEdit(edit, false);
  return applyEdit(input, edit);
};

describe('the bulk-edit applier (pure, shared by main and the renderer)', () => {
  it('sets a key in metadata that is still null, and copies a trait into metadata through transforms', () => {
    const out = run({
      steps: [
        { op: 'set', path: '/metadata_public/first', value: { from: '/traits/name/first', transforms: ['trim', 'upper'] } },
        { op: 'set', path: '/traits/email', value: { from: '/traits/email', transforms: ['lower'] } },
      ],
    });
    expect(out).toEqual({ kind: 'update', doc: { ...doc(), metadata_public: { first: 'ANN' }, traits: { email: 'ann.lee@example.com', name: { first: ' Ann ' } } } });
  });

  it('leaves the input alone, and changes nothing for a missing source or a missing key to remove', () => {
    const input = doc();
    const out = run({ steps: [{ op: 'set', path: '/metadata_public/p', value: { from: '/traits/phone' } }, { op: 'remove', path: '/metadata_admin/none' }] }, input);
    expect(out).toEqual({ kind: 'update', doc: input });
    expect(input).toEqual(doc());
    expect(run({ steps: [{ op: 'remove', path: '/metadata_admin/keep' }] })).toMatchObject({ doc: { metadata_admin: {} } });
  });

  it('applies a JSON Patch with Kratos rules, and refuses its denied paths and prototype paths', () => {
    expect(run({ steps: [{ op: 'patch', operations: [{ op: 'replace', path: '/traits/name/last', value: 'Lee' }] }] })).toMatchObject({ doc: { traits: { name: { last: 'Lee' } } } });
    expect(() => checkEdit({ steps: [{ op: 'patch', operations: [{ op: 'remove', path: '/credentials/oidc/config' }] }] }, false)).toThrow(/denied path/);
    expect(() => checkEdit({ steps: [{ op: 'patch', operations: [{ op: 'add', path: '/credentials/saml', value: {} }] }] }, true)).toThrow(/denied path/);
    expect(() => checkEdit({ steps: [{ op: 'set', path: '/metadata_public/__proto__/x', value: { literal: 1 } }] }, false)).toThrow(/prototype/);
    expect(() => checkEdit({ steps: [{ op: 'set', path: '/credentials/password', value: { literal: 1 } }] }, false)).toThrow(/can set/);
    expect(() => checkEdit({ steps: [{ op: 'remove', path: '/traits' }] }, false)).toThrow(/can remove/);
  });

  it('a delete is the only step; a transform of a non-string fails at its pointer', () => {
    expect(run({ steps: [{ op: 'delete' }] })).toEqual({ kind: 'delete' });
    expect(() => checkEdit({ steps: [{ op: 'delete' }, { op: 'remove', path: '/metadata_admin' }] }, false)).toThrow(/only step/);
    expect(() => run({ steps: [{ op: 'set', path: '/traits/x', value: { from: '/metadata_admin/keep', transforms: ['lower'] } }] })).toThrow(/not a string/);
  });

  it('reads pointers through own properties only', () => {
    expect(valueAt(doc(), '/traits/name/first')).toBe(' Ann ');
    expect(valueAt(doc(), '/traits/toString')).toBeUndefined();
    expect(valueAt({ a: [1, 2] }, '/a/1')).toBe(2);
  });
});
