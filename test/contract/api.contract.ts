import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { ContractHarness, HarnessFactory } from './harness';

/** One suite, run through every transport: the renderer must not be able to tell them apart. */
export const apiContract = (transportName: string, makeHarness: HarnessFactory): void => {
  describe(`the API over ${transportName}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => h.close());

    it('app.info reports the store it opened', async () => {
      const info = await h.client.api.app.info();
      expect(info).toMatchObject({
        name: 'Identity Desk',
        dataDirectory: h.dataDir,
        readOnly: false,
        identityCount: 0,
        profile: 'kratos-v26',
      });
      expect(info.schemaVersion).toBeGreaterThanOrEqual(1);
      expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    });

    it('app.setProfile switches the validation profile and reports it', async () => {
      const info = await h.client.api.app.setProfile('ory-network');
      expect(info.profile).toBe('ory-network');
      expect((await h.client.api.app.info()).profile).toBe('ory-network');
      const bad = h.client.api.app as unknown as { setProfile(p: string): Promise<unknown> };
      await expect(bad.setProfile('kratos-v1')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('an unknown method is NOT_FOUND, as data', async () => {
      const api = h.client.api as unknown as { app: { nope(): Promise<unknown> } };
      await expect(api.app.nope()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('arguments that break the contract are VALIDATION_FAILED with a pointer', async () => {
      const api = h.client.api as unknown as { app: { info(x: unknown): Promise<unknown> } };
      const error = await api.app.info({ evil: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ pointer: '#/args' }] } });
    });

    it('answers methods that return nothing with null, on every transport', async () => {
      const created = await h.client.api.identities.create({ schema_id: 'email-password', traits: { email: 'void@example.com' } });
      await expect(h.client.api.identities.delete(created.id)).resolves.toBeNull();
      await expect(h.client.api.identities.get(created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('delivers backend events to subscribers', async () => {
      const seen = new Promise<unknown>((resolve) => {
        const off = h.client.on('schemas.changed', (payload) => {
          off();
          resolve(payload);
        });
      });
      // The HTTP event stream needs a moment to connect; emit until it arrives.
      const timer = setInterval(() => h.services.events.emit('schemas.changed', { ids: ['default'] }), 50);
      await expect(seen).resolves.toEqual({ ids: ['default'] });
      clearInterval(timer);
    });
  });
};
