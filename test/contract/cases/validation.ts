import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { DomainCases } from './case';

const preset = readFileSync(new URL('../../../schemas/email-password.schema.json', import.meta.url), 'utf8');

export const validationCases: DomainCases<'validation'> = {
  'validation.validateTraits': async (h) => {
    const ok = await h.client.api.validation.validateTraits(preset, { email: 'Ada@Example.com' });
    expect(ok).toMatchObject({ valid: true, errors: [], profile: 'kratos-v26', credentials: { password: { identifiers: ['ada@example.com'] } } });
    const bad = await h.client.api.validation.validateTraits(JSON.parse(preset) as Record<string, unknown>, { email: 'nope' }, 'ory-network');
    expect(bad).toMatchObject({ valid: false, profile: 'ory-network', errors: expect.arrayContaining([expect.objectContaining({ pointer: '#/traits/email', keyword: 'format' })]) });
    await expect(h.client.api.validation.validateTraits('{"type": "object", "properties": {"traits": {"pattern": "(?=x)"}}}', {})).rejects.toMatchObject({
      code: 'SCHEMA_INVALID',
    });
  },
  'validation.lintSchema': async (h) => {
    const findings = await h.client.api.validation.lintSchema({ type: 'object', properties: { traits: { type: 'object', properties: { email: { type: 'string' } } } } });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => typeof f.ruleId === 'string' && f.pointer.startsWith('#'))).toBe(true);
    const refused = await h.client.api.validation.lintSchema('{"$schema": "https://json-schema.org/draft/2020-12/schema"}');
    expect(refused[0]).toMatchObject({ ruleId: 'schema/invalid', severity: 'error' });
  },
};
