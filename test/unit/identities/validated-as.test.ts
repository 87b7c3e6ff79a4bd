import { hash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DryRunReport, OperationReport } from '../../../shared/domain/operations';
import { planOperation } from '../../../electron/services/operations/bulk-engine';
import { runDryRun } from '../../../electron/services/operations/dry-run';
import { openOperationContext } from '../../../electron/services/operations/operation-context';
import type { StoreFixture } from '../../fixtures/store/store-fixture';
import { openFixture, PERSON_SCHEMA, person } from '../../fixtures/store/store-fixture';

/**
 * The store's vouch (migration 0010, identity-drafts.ts finishDraft): a write that keeps an identity's traits skips
 * validating them again only while the row's `validated_as` names this engine, schema body and profile and hashes
 * the very traits text stored. Anything else, including traits changed behind the store's back, is validated.
 */
let f: StoreFixture;
beforeEach(() => {
  f = openFixture();
});
afterEach(() => f.close());

const db = () => f.services.store.db;
const validatedAs = (id: string) => db().prepare('SELECT validated_as FROM identities WHERE id = ?').pluck().get(id) as string | null;
const setTraits = (id: string, traits: unknown) => db().prepare('UPDATE identities SET traits = ? WHERE id = ?').run(JSON.stringify(traits), id);
const stampOf = (id: string) => (validatedAs(id) ?? '').slice(0, (validatedAs(id) ?? '').lastIndexOf(':'));
/** A vouch as the store writes it, for traits that never passed: only to show that the vouch is what is trusted. */
const forgeVouch = (id: string) => {
  const text = db().prepare('SELECT traits FROM identities WHERE id = ?').pluck().get(id) as string;
  db().prepare('UPDATE identities SET validated_as = ? WHERE id = ?').run(`${stampOf(id)}:${hash('sha1', text, 'base64')}`, id);
};

const INVALID = { email: 'not an email', name: { first: 'Ada', last: 'L' } };

describe('the vouch for stored traits', () => {
  it('is written with every validated write and names the engine, schema and profile', () => {
    const { id } = f.services.identities.create(person(1));
    expect(validatedAs(id)).toMatch(/^1-ajv[\d.]+-lpn[\d.]+\.[0-9a-f]{24}\.kratos-v26:[A-Za-z0-9+/]{27}=$/);
    const first = validatedAs(id);
    f.services.identities.update(id, { metadata_public: { tier: 'gold' } });
    expect(validatedAs(id)).toBe(first);
    f.services.identities.update(id, { traits: { ...person(2).traits } });
    expect(validatedAs(id)).not.toBe(first);
  });

  it('is kept by the undo of a metadata edit, which reverts copy on write and so keeps the traits', () => {
    const { id } = f.services.identities.create(person(1));
    const first = validatedAs(id);
    f.services.identities.update(id, { metadata_public: { tier: 'gold' } });
    const change = f.services.audit.list({ identityId: id, limit: 1 }).items[0]?.changeId ?? -1;
    f.services.audit.revert(change);
    expect(f.services.identities.get(id).metadata_public).toBeNull();
    expect(validatedAs(id)).toBe(first);
  });

  it('does not hold for traits changed behind the store: a metadata edit validates them and fails', () => {
    const { id } = f.services.identities.create(person(1));
    setTraits(id, INVALID);
    expect(() => f.services.identities.update(id, { metadata_public: { tier: 'gold' } })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => f.services.identities.setState(id, 'inactive')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('is what a metadata edit trusts: with a vouch for the very text, the traits are not validated again', () => {
    const { id } = f.services.identities.create(person(1));
    setTraits(id, INVALID);
    forgeVouch(id);
    expect(f.services.identities.update(id, { metadata_public: { tier: 'gold' } }).metadata_public).toEqual({ tier: 'gold' });
    // A change of the traits themselves is validated whatever the vouch says.
    expect(() => f.services.identities.update(id, { traits: { ...INVALID, name: { first: 'Ada', last: 'Lovelace' } } })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('does not hold under another schema body, and a row without one (stored before 0010) is validated', () => {
    const { id } = f.services.identities.create(person(1));
    const other = f.services.identities.create(person(2)).id;
    setTraits(id, INVALID);
    forgeVouch(id);
    db().prepare('UPDATE identities SET validated_as = NULL WHERE id = ?').run(other);
    // Any change of the schema's JSON is another stamp, even one that does not change what it accepts.
    db().prepare("UPDATE schemas SET body = ? WHERE id = 'person'").run(JSON.stringify({ ...(JSON.parse(PERSON_SCHEMA) as object), title: 'Person, again' }));
    expect(() => f.services.identities.update(id, { metadata_public: { tier: 'gold' } })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    f.services.identities.update(other, { metadata_public: { tier: 'gold' } });
    expect(validatedAs(other)).toMatch(/^1-ajv/);
  });

  it('leaves the dry run of a metadata edit the same verdicts: tampered traits would fail, vouched ones would change', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => f.services.identities.create(person(i)).id);
    const tampered = [ids[2], ids[9]] as string[];
    for (const id of tampered) setTraits(id, INVALID);
    for (const parallel of [false, true]) {
      const ctx = openOperationContext(f.dir, 'tester');
      try {
        const opId = `00000000-0000-4000-8000-00000000000${parallel ? 2 : 1}`;
        planOperation(ctx, opId, { target: { ids }, edit: { steps: [{ op: 'set', path: '/metadata_public/tier', value: { literal: 'gold' } }] } });
        const report = ((await runDryRun(ctx, opId, { batchSize: 3, parallel })).report as OperationReport).dryRun as DryRunReport;
        expect(report).toMatchObject({ targets: 12, wouldChange: 10, wouldFail: 2 });
        expect(report.failures.flatMap((g) => g.examples).sort()).toEqual([...tampered].sort());
      } finally {
        ctx.close();
      }
    }
  });
});
