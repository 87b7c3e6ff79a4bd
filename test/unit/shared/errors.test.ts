import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, fromWireError, isWireError, toWireError } from '../../../shared/errors';

describe('the error model', () => {
  it('has exactly the codes of design §3', () => {
    expect([...ERROR_CODES].sort()).toEqual(
      [
        'NOT_FOUND',
        'CONFLICT',
        'VALIDATION_FAILED',
        'SCHEMA_INVALID',
        'LIMIT_EXCEEDED',
        'REMOTE_UNAVAILABLE',
        'REMOTE_REJECTED',
        'RATE_LIMITED',
        'CANCELLED',
        'FORBIDDEN',
        'READ_ONLY',
        'STORE_CORRUPT',
        'INTERNAL',
      ].sort(),
    );
  });

  it('round-trips an AppError through the wire shape', () => {
    const wire = toWireError(new AppError('NOT_FOUND', 'No identity 1', { id: '1' }));
    expect(wire).toEqual({ code: 'NOT_FOUND', message: 'No identity 1', details: { id: '1' } });
    expect(isWireError(wire)).toBe(true);
    expect(fromWireError(wire)).toMatchObject({ code: 'NOT_FOUND', details: { id: '1' } });
  });

  it('hides everything about an unexpected error but logs it', () => {
    const logged: unknown[] = [];
    const err = new Error('SQLITE_ERROR: no such table identities at /home/alice/.config/db.sqlite');
    const wire = toWireError(err, (e) => logged.push(e));
    expect(wire.code).toBe('INTERNAL');
    expect(wire.message).not.toMatch(/SQLITE|alice|\//);
    expect(wire).not.toHaveProperty('details');
    expect(logged).toEqual([err]);
  });

  it('recognises only well-formed wire errors', () => {
    expect(isWireError({ code: 'NOPE', message: 'x' })).toBe(false);
    expect(isWireError({ code: 'INTERNAL' })).toBe(false);
    expect(isWireError(null)).toBe(false);
  });
});
