import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outlineSchema, schemaDescription } from '../../../../renderer/features/schema-editor/schema-summary';

const preset = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../../schemas/${name}.schema.json`, import.meta.url), 'utf8'));

describe('the preset gallery’s outline of a schema', () => {
  it('names the traits and what Kratos does with them', () => {
    expect(outlineSchema(preset('email-name-newsletter'))).toEqual({
      traits: ['email', 'name.first', 'name.last', 'newsletter'],
      identifiers: ['password: email'],
      verification: ['email (email)'],
      recovery: ['email (email)'],
    });
  });

  it('says nothing for a body without traits, and reads descriptions as plain text', () => {
    expect(outlineSchema({ type: 'object' })).toEqual({ traits: [], identifiers: [], verification: [], recovery: [] });
    expect(outlineSchema('not a schema')).toEqual({ traits: [], identifiers: [], verification: [], recovery: [] });
    expect(schemaDescription({ description: '<b>bold</b>' })).toBe('<b>bold</b>');
    expect(schemaDescription({ description: '  ' })).toBeNull();
  });
});
