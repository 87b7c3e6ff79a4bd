import { getDefaultFormState } from '@rjsf/utils';
import type { RJSFSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { describe, expect, it } from 'vitest';
import { editFormOf, traitsFormSchema } from '../../../renderer/features/identity-browser/identity-view';

/**
 * Issue 16 §4: opening an identity never changes it. rjsf starts a form from `getDefaultFormState`, which fills in
 * every schema `default` the data lacks; an identity without `newsletter` opened as edited, and a save wrote the
 * default. The edit form shows defaults as placeholders instead.
 */
const validator = customizeValidator({ customFormats: { tel: () => true, 'no-validate': () => true } });
const body = {
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        newsletter: { type: 'boolean', default: false, title: 'Newsletter' },
        plan: { type: 'string', default: 'free' },
        prefs: { type: 'object', properties: { lang: { type: 'string', default: 'en' }, default: { type: 'integer', default: 3 } } },
        tags: { type: 'array', items: { type: 'string', default: 'x' } },
      },
    },
  },
};
const stored = { email: 'ann@example.com' };

describe('the edit form of a stored identity', () => {
  it('rjsf fills defaults into the traits form (the phantom edit)', () => {
    const start = getDefaultFormState(validator, traitsFormSchema(body) as RJSFSchema, stored);
    expect(start).toMatchObject({ newsletter: false, plan: 'free' });
  });

  it('starts from exactly the stored traits, with the defaults as placeholders and help', () => {
    const { schema, uiSchema } = editFormOf(traitsFormSchema(body));
    expect(getDefaultFormState(validator, schema as RJSFSchema, stored)).toEqual(stored);
    expect(uiSchema).toEqual({
      newsletter: { 'ui:help': 'Not set. The schema default is false; it is stored only if you choose it.' },
      plan: { 'ui:placeholder': 'free', 'ui:help': 'Not set. The schema default is "free"; it is stored only if you choose it.' },
      prefs: {
        lang: { 'ui:placeholder': 'en', 'ui:help': 'Not set. The schema default is "en"; it is stored only if you choose it.' },
        default: { 'ui:placeholder': '3', 'ui:help': 'Not set. The schema default is 3; it is stored only if you choose it.' },
      },
    });
    // A trait called "default" is a trait, not the keyword.
    expect((schema['properties'] as Record<string, { properties: Record<string, unknown> }>)['prefs']?.properties['default']).toEqual({ type: 'integer' });
  });
});
