import { describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../../../shared/domain/validation';
import { distinctIssues, issuesOnForm, sameUnderBothProfiles } from '../../../../renderer/features/schema-editor/try-it';

const result = (over: Partial<ValidationResult>): ValidationResult => ({
  valid: true,
  errors: [],
  credentials: {},
  verifiable_addresses: [],
  recovery_addresses: [],
  traits: {},
  profile: 'kratos-v26',
  ...over,
});

describe('try it', () => {
  it('shows one column only when both profiles decide and derive the same', () => {
    const v26 = result({ credentials: { password: { identifiers: ['+49 176 12345678'] } }, traits: { phone: '+49 176 12345678' } });
    const network = result({
      profile: 'ory-network',
      credentials: { password: { identifiers: ['+4917612345678'] } },
      traits: { phone: '+4917612345678' },
    });
    expect(sameUnderBothProfiles(v26, network)).toBe(false);
    // The profile name and the echoed traits are not differences a designer cares about.
    expect(sameUnderBothProfiles(result({ traits: { a: 1 } }), result({ profile: 'ory-network', traits: { a: 2 } }))).toBe(true);
  });

  it('lists an issue Kratos reports twice (keyword and extension) once', () => {
    const issue = { pointer: '#/traits/email', keyword: 'format', message: '"x" is not valid "email"' };
    expect(distinctIssues([issue, { ...issue, keyword: null }])).toHaveLength(1);
  });

  it('puts Kratos’s issues on the preview form’s fields under its traits object', () => {
    const fields = issuesOnForm(
      [
        { pointer: '#/traits/name/first', keyword: 'minLength', message: 'too short' },
        { pointer: '#/traits', keyword: 'required', message: 'missing properties: "email"' },
        { pointer: '#/state', keyword: null, message: 'not a trait' },
      ],
      ['traits'],
    );
    // A required error goes under the missing field, not on the object that holds it.
    expect(fields).toEqual({ traits: { email: { __errors: ['missing properties: "email"'] }, name: { first: { __errors: ['too short'] } } } });
  });
});
