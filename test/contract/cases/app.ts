import { expect } from 'vitest';
import type { DomainCases } from './case';
import { untyped } from './case';

export const appCases: DomainCases<'app'> = {
  'app.info': async (h) => {
    const info = await h.client.api.app.info();
    expect(info).toMatchObject({ name: 'Identity Desk', dataDirectory: h.dataDir, readOnly: false, identityCount: 0, profile: 'kratos-v26', host: 'web' });
    expect(info.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  },
  'app.setProfile': async (h) => {
    const info = await h.client.api.app.setProfile('ory-network');
    expect(info.profile).toBe('ory-network');
    expect((await h.client.api.app.info()).profile).toBe('ory-network');
    await expect(untyped(h.client.api).app?.setProfile?.('kratos-v1')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  },
  'app.checkStore': async (h) => {
    expect(await h.client.api.app.checkStore()).toMatchObject({ ok: true, problems: [], advice: null });
  },
  'app.pickFile': async (h) => {
    // The web host has no open dialog: a file arrives as an upload instead.
    await expect(h.client.api.app.pickFile({ formats: ['csv'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(untyped(h.client.api).app?.pickFile?.({ formats: ['exe'] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  },
  'app.pickSaveFile': async (h) => {
    const target = await h.client.api.app.pickSaveFile({ format: 'csv', suggestedName: 'people.csv' });
    expect(target).toMatchObject({ name: 'people.csv' });
    expect(JSON.stringify(target)).not.toContain(h.dataDir);
    await expect(untyped(h.client.api).app?.pickSaveFile?.({ format: 'csv', suggestedName: '../x.csv' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  },
};
