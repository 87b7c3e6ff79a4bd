import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { call } from './call';
import { startKratosEmulator } from './index';
import { specErrors } from './spec-check';

type Stored = Record<string, unknown> & {
  id: string;
  traits: { email: string; phone?: string };
  updated_at: string;
  credentials: Record<string, { identifiers: string[]; config: Record<string, unknown> }>;
  verifiable_addresses: { verified: boolean; verified_at?: string; status: string; via: string; value: string }[];
};

const NANOS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,9}Z$/;

describe('Kratos emulator: seeded data and remote-side edits', () => {
  it('seeds deterministically: same seed, same identities', async () => {
    const a = await startKratosEmulator({ seed: 50, rngSeed: 7 });
    const b = await startKratosEmulator({ seed: 50, rngSeed: 7 });
    const c = await startKratosEmulator({ seed: 50, rngSeed: 8 });
    try {
      const dump = (e: typeof a) => e.state.ids().map((id) => ({ ...e.state.get(id), schema_url: undefined }));
      expect(dump(b)).toEqual(dump(a));
      expect(c.state.ids()).not.toEqual(a.state.ids());
      expect(a.state.seed(10)).toEqual(b.state.seed(10));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('seeded identities look real: conform to the spec, ns timestamps, bcrypt hashes, valid phones, some verified, some with region', async () => {
    const e = await startKratosEmulator({ seed: 400 });
    try {
      const all = e.state.ids().map((id) => e.state.get(id) as Stored);
      for (const identity of all.slice(0, 50)) expect(specErrors('identity', identity)).toEqual([]);
      expect(all.every((i) => NANOS.test(i.created_at as string) && NANOS.test(i.updated_at))).toBe(true);
      expect(all.every((i) => (i.created_at as string) < '2025')).toBe(true);
      expect(all.every((i) => /^\$2a\$10\$[./A-Za-z0-9]{53}$/.test(String(i.credentials.password?.config.hashed_password)))).toBe(true);
      expect(all.every((i) => i.credentials.password?.identifiers[0] === i.traits.email.toLowerCase())).toBe(true);
      const phones = all.flatMap((i) => (i.traits.phone === undefined ? [] : [i.traits.phone]));
      expect(phones.length).toBeGreaterThan(50);
      expect(phones.every((p) => isValidPhoneNumber(p))).toBe(true);
      expect(new Set(phones).size).toBe(phones.length);
      const withPhone = all.find((i) => i.traits.phone !== undefined);
      expect(withPhone?.verifiable_addresses[1]).toMatchObject({ via: 'sms', value: withPhone?.traits.phone });
      const verified = all.filter((i) => i.verifiable_addresses[0]?.verified);
      expect(verified.length).toBeGreaterThan(100);
      expect(
        verified.every((i) => i.verifiable_addresses[0]?.status === 'completed' && NANOS.test(i.verifiable_addresses[0].verified_at ?? '')),
      ).toBe(true);
      expect(all.some((i) => i.traits.email !== i.traits.email.toLowerCase())).toBe(true);
      const withRegion = all.find((i) => 'region' in i);
      expect(withRegion).toBeDefined();
      const wire = (await call(e, 'GET', `/admin/identities/${withRegion?.id}`)).text;
      expect(wire).toContain(`"region":"${String(withRegion?.region)}"`);
      expect(wire).toContain(`"created_at":"${String(withRegion?.created_at)}"`);
    } finally {
      await e.close();
    }
  });

  it('seeded data is what the emulator itself derives: a no-op write keeps identifiers and addresses', async () => {
    const e = await startKratosEmulator({ seed: 60, kind: 'ory-network' });
    try {
      for (const id of e.state.ids()) {
        const before = e.state.get(id) as Stored;
        const after = e.state.update(id, () => undefined) as Stored;
        expect(after.verifiable_addresses).toEqual(before.verifiable_addresses);
        expect(after.recovery_addresses).toEqual(before.recovery_addresses);
        expect(after.credentials).toEqual(before.credentials);
      }
    } finally {
      await e.close();
    }
  });

  it('state.update is a remote write: validated, re-derived, updated_at bumped, unknown fields kept', async () => {
    const e = await startKratosEmulator({ seed: 200 });
    try {
      const id = e.state.ids().find((x) => 'region' in (e.state.get(x) ?? {})) ?? '';
      const before = e.state.get(id) as Stored;
      const after = e.state.update(id, (doc) => {
        (doc.traits as Stored['traits']).email = 'Remote.Edit@example.com';
      }) as Stored;
      expect(after.updated_at > before.updated_at).toBe(true);
      expect(after.credentials.password?.identifiers).toEqual(['remote.edit@example.com']);
      expect(after.region).toBe(before.region);
      expect(after.created_at).toBe(before.created_at);
      expect(() => e.state.update(id, (doc) => ({ ...doc, traits: { email: 7 } }))).toThrow(/expected string/);
      const other = e.state.ids().find((x) => x !== id) ?? '';
      expect(() => e.state.update(other, (doc) => ({ ...doc, traits: { email: 'REMOTE.edit@example.com' } }))).toThrow(/exists already/);
      const created = e.state.create({ traits: { email: 'made.remotely@example.com' } });
      expect(e.state.get(String(created.id))).toBeDefined();
      e.state.delete(String(created.id));
      expect((await call(e, 'GET', `/admin/identities/${String(created.id)}`)).status).toBe(404);
    } finally {
      await e.close();
    }
  });
});
