import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_PARAMS } from '../../shared/api';
import { AppError } from '../../shared/errors';
import { CONTRACT_CASES } from './cases/index';
import type { ContractHarness, HarnessFactory } from './harness';

const contractMethods = (): string[] => Object.entries(API_PARAMS).flatMap(([domain, methods]) => Object.keys(methods).map((m) => `${domain}.${m}`));

/** One suite, run through every transport: the renderer must not be able to tell them apart. */
export const apiContract = (transportName: string, makeHarness: HarnessFactory): void => {
  describe(`the API over ${transportName}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => h.close());

    it('has a contract case for every method of the contract, and no case for a method it lacks', () => {
      expect(Object.keys(CONTRACT_CASES).sort()).toEqual(contractMethods().sort());
      expect(h.router.methods().sort()).toEqual(contractMethods().sort());
    });

    for (const [method, run] of Object.entries(CONTRACT_CASES)) {
      it(method, async () => {
        await run(h);
        // No answer, error or event of the case carries a server path (issue 17; app.info's dataDirectory aside).
        expect(h.pathLeaks(), `${method}: server paths reached the renderer`).toEqual([]);
      });
    }

    it('an unknown method is NOT_FOUND, as data', async () => {
      const api = h.client.api as unknown as { app: { nope(): Promise<unknown> } };
      await expect(api.app.nope()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('arguments that break the contract are VALIDATION_FAILED with a pointer', async () => {
      const api = h.client.api as unknown as { app: { info(x: unknown): Promise<unknown> } };
      const error = await api.app.info({ evil: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ pointer: '#/args' }] } });
      // Too few arguments are refused as well (the router counts the required ones).
      const tooFew = h.client.api.identities as unknown as { update(id: string): Promise<unknown> };
      await expect(tooFew.update('x')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
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
