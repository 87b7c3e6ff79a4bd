import { describe, expect, it } from 'vitest';
import type { ConflictRecord, PendingChange } from '../../../shared/domain/sync';
import { editProblem, groupByIdentity, jobPace, keyLabel, pageOf, reachText, resolutionOf, showValue, whatIsSent } from '../../../renderer/features/sync/sync-view';

const entry = (over: Partial<PendingChange>): PendingChange => ({
  identityId: 'a',
  remote: 'prod',
  operation: 'update',
  status: 'pending',
  attempts: 0,
  lastError: null,
  changes: [],
  patch: [],
  changedAt: '2026-12-04T04:00:00.000Z',
  ...over,
});

const conflict: ConflictRecord = {
  identityId: 'c',
  remote: 'prod',
  kind: 'edited',
  detectedAt: '2026-12-04T04:00:00.000Z',
  fields: [
    { pointer: '/traits/name/last', base: 'B', local: 'L', remote: 'R' },
    { pointer: '/metadata_public', base: { a: 1 }, local: { a: 2 } },
  ],
  merged: [],
};

describe('sync view logic', () => {
  it('shows a value as JSON and an absent one as absent', () => {
    expect(showValue('x')).toBe('"x"');
    expect(showValue({ a: [1] })).toBe('{"a":[1]}');
    expect(showValue(null)).toBe('null');
    expect(showValue(undefined)).toBe('(absent)');
  });

  it('names where a key is kept, never the key', () => {
    expect(keyLabel({ kind: 'none' })).toBe('no key');
    expect(keyLabel({ kind: 'env', variable: 'ORY_KEY' })).toBe('key read from $ORY_KEY');
    expect(keyLabel({ kind: 'keystore', stored: true })).toBe('key stored');
    expect(keyLabel({ kind: 'keystore', stored: false })).toBe('no key (keystore empty)');
  });

  it('says what a push sends for a create, an update and a delete', () => {
    expect(whatIsSent(entry({ operation: 'create' }))).toBe('POST /admin/identities (create, every field)');
    expect(whatIsSent(entry({ operation: 'delete' }))).toBe('DELETE /admin/identities/a');
    expect(whatIsSent(entry({ patch: [{ op: 'replace', path: '/state', value: 'inactive' }] }))).toBe('PATCH /admin/identities/a [{"op":"replace","path":"/state","value":"inactive"}]');
  });

  it('measures a job’s rate and time left only when there is something to measure', () => {
    expect(jobPace(0, 100, 1000)).toEqual({ rate: null, secondsLeft: null });
    expect(jobPace(50, 100, 0)).toEqual({ rate: null, secondsLeft: null });
    expect(jobPace(50, 100, 2000)).toEqual({ rate: 25, secondsLeft: 2 });
    expect(jobPace(500, null, 1000)).toEqual({ rate: 500, secondsLeft: null });
  });

  it('reads the page out of a pull’s progress message', () => {
    expect(pageOf('pull: page 12')).toBe(12);
    expect(pageOf('push')).toBeNull();
    expect(pageOf(undefined)).toBeNull();
  });

  it('sends one side when every field takes it, else the value of each field', () => {
    expect(resolutionOf(conflict, {})).toEqual({ take: 'local' });
    expect(resolutionOf(conflict, { '/traits/name/last': { take: 'remote' }, '/metadata_public': { take: 'remote' } })).toEqual({ take: 'remote' });
    expect(resolutionOf(conflict, { '/traits/name/last': { take: 'remote' } })).toEqual({
      merged: [
        { pointer: '/traits/name/last', value: 'R' },
        { pointer: '/metadata_public', value: { a: 2 } },
      ],
    });
    // An edited value is JSON; a remote side that is absent removes the field.
    expect(resolutionOf(conflict, { '/traits/name/last': { edit: '"Both"' }, '/metadata_public': { take: 'remote' } })).toEqual({
      merged: [{ pointer: '/traits/name/last', value: 'Both' }, { pointer: '/metadata_public' }],
    });
  });

  it('refuses an edited value that is not JSON', () => {
    expect(editProblem('"ok"')).toBeNull();
    expect(editProblem('Both')).toMatch(/Not JSON/);
  });

  it('groups outbox entries by identity in their order', () => {
    const groups = groupByIdentity([entry({ identityId: 'b' }), entry({ identityId: 'a' }), entry({ identityId: 'b', operation: 'delete' })]);
    expect(groups.map((g) => [g.identityId, g.entries.map((e) => e.operation)])).toEqual([
      ['b', ['update', 'delete']],
      ['a', ['update']],
    ]);
  });
});

describe('reachText', () => {
  const at = '2026-12-04T10:00:00.000Z';
  it('is online only when every remote answered, offline naming the ones that did not', () => {
    expect(reachText([{ remote: 'prod', state: 'online', checkedAt: at, message: null }]).label).toBe('online');
    const some = reachText([
      { remote: 'prod', state: 'online', checkedAt: at, message: null },
      { remote: 'staging', state: 'offline', checkedAt: at, message: 'staging.example is unreachable (ECONNREFUSED).' },
    ]);
    expect(some).toMatchObject({ label: 'offline: staging', offline: true });
    expect(some.title).toContain('staging: offline, staging.example is unreachable (ECONNREFUSED).');
    expect(reachText([{ remote: 'prod', state: 'offline', checkedAt: at, message: 'x' }]).label).toBe('offline');
  });
  it('says it is checking before any answer came back', () => {
    expect(reachText([{ remote: 'prod', state: 'unknown', checkedAt: null, message: null }])).toMatchObject({ label: 'checking…', offline: false });
  });
});
