import { describe, expect, it } from 'vitest';
import { describeEdit, describeTarget, EMPTY_FORM, toEdit } from '../../../renderer/features/operations/edit-form';

describe('the Bulk edit dialog form', () => {
  it('turns each choice into the engine’s steps', () => {
    expect(toEdit({ ...EMPTY_FORM, kind: 'state', state: 'active' })).toEqual({ edit: { steps: [{ op: 'set', path: '/state', value: { literal: 'active' } }] } });
    expect(toEdit({ ...EMPTY_FORM, kind: 'set-metadata', metadata: 'metadata_admin', key: 'a/b', literal: '{"n":1}' })).toEqual({
      edit: { steps: [{ op: 'set', path: '/metadata_admin/a~1b', value: { literal: { n: 1 } } }] },
    });
    expect(toEdit({ ...EMPTY_FORM, kind: 'set-trait', trait: 'email', valueMode: 'template', from: '/traits/email', transform: 'lower' })).toEqual({
      edit: { steps: [{ op: 'set', path: '/traits/email', value: { from: '/traits/email', transforms: ['lower'] } }] },
    });
    expect(toEdit({ ...EMPTY_FORM, kind: 'set-metadata', key: 'plan', literal: 'pro' })).toMatchObject({ edit: { steps: [{ value: { literal: 'pro' } }] } });
    expect(toEdit({ ...EMPTY_FORM, kind: 'remove-trait', trait: '/name/last' })).toEqual({ edit: { steps: [{ op: 'remove', path: '/traits/name/last' }] } });
    expect(toEdit({ ...EMPTY_FORM, kind: 'delete' })).toEqual({ edit: { steps: [{ op: 'delete' }] } });
  });

  it('says what is missing instead of sending a half edit', () => {
    expect(toEdit({ ...EMPTY_FORM, kind: 'set-trait', trait: '' })).toEqual({ error: expect.stringMatching(/trait/) });
    expect(toEdit({ ...EMPTY_FORM, kind: 'set-metadata', key: 'k', literal: ' ' })).toEqual({ error: 'Give a value.' });
    expect(toEdit({ ...EMPTY_FORM, kind: 'patch', patch: '{' })).toEqual({ error: 'The patch is not valid JSON.' });
  });

  it('describes edits and targets for the history', () => {
    expect(describeEdit({ steps: [{ op: 'set', path: '/metadata_public/team', value: { literal: 'x' } }, { op: 'set', path: '/state', value: { literal: 'inactive' } }] })).toBe(
      'set /metadata_public/team = "x"; state → inactive',
    );
    expect(describeTarget({ query: { text: 'kofi', state: 'active' }, except: ['a'] })).toBe('all matches of “kofi”, active except 1');
    expect(describeTarget({ ids: ['a', 'b'] })).toBe('2 selected');
  });
});
