import { describe, expect, it } from 'vitest';
import { conflictOf, issuesOf, messageOf, suggestedIdOf } from '../../../renderer/api/error-details';
import { AppError } from '../../../shared/errors';

describe('reading the details of a failed call', () => {
  it('reads VALIDATION_FAILED issues defensively, keeping what each issue says', () => {
    const err = new AppError('VALIDATION_FAILED', 'Invalid.', {
      issues: [{ pointer: '#/traits/email', message: 'm', keyword: 'format', source: 'jsonschema', messageId: 4000001 }, { nope: 1 }, 'x'],
    });
    expect(issuesOf(err)).toEqual([{ pointer: '#/traits/email', message: 'm', keyword: 'format', source: 'jsonschema', messageId: 4000001 }]);
    expect(issuesOf(new AppError('SCHEMA_INVALID', 'Bad.', { issues: [{ pointer: '#/a', message: 'b' }] }))).toEqual([{ pointer: '#/a', message: 'b', keyword: null }]);
    expect(issuesOf(new AppError('VALIDATION_FAILED', 'Invalid.', 'garbage'))).toEqual([]);
    expect(issuesOf(new Error('plain'))).toEqual([]);
  });

  it('reads a CONFLICT: the clashing field and the identity that holds it, or the next schema id', () => {
    const clash = new AppError('CONFLICT', 'Taken.', { pointer: '#/traits/email', value: 'a@b.c', identityId: 'id-2', type: 'password' });
    expect(conflictOf(clash)).toEqual({ pointer: '#/traits/email', value: 'a@b.c', identityId: 'id-2', type: 'password' });
    expect(conflictOf(new AppError('CONFLICT', 'Taken.', { value: 'x' }))).toBeNull();
    expect(conflictOf(new AppError('NOT_FOUND', 'Gone.', { pointer: '#/x', identityId: 'i' }))).toBeNull();
    expect(suggestedIdOf(new AppError('CONFLICT', 'In use.', { suggestedId: 'user_v1' }))).toBe('user_v1');
    expect(suggestedIdOf(new AppError('CONFLICT', 'In use.'))).toBeNull();
    expect(messageOf(new AppError('INTERNAL', 'Something went wrong.'))).toBe('Something went wrong.');
  });
});
