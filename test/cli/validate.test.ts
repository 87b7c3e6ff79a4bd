import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, jsonOut, PRESETS_DIR, runCli } from './run-cli';

const schema = `${FIXTURES}user.schema.json`;

describe('identity-desk validate', () => {
  it('valid traits: exit 0 and exactly the documented JSON object', async () => {
    const run = await runCli(['validate', '--schema', schema, '--traits', `${FIXTURES}traits-valid.json`, '--json']);
    expect(run.code).toBe(0);
    const out = jsonOut(run) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['credentials', 'errors', 'recovery_addresses', 'traits', 'valid', 'verifiable_addresses']);
    expect(out).toEqual({
      valid: true,
      errors: [],
      credentials: { password: { identifiers: ['alice@example.com'] } },
      verifiable_addresses: [{ value: 'alice@example.com', via: 'email', verified: false, status: 'pending' }],
      recovery_addresses: [{ value: 'alice@example.com', via: 'email' }],
      traits: { email: 'Alice@Example.COM' },
    });
  });

  it('invalid traits: exit 1 with Kratos-style errors, each with all five fields', async () => {
    const run = await runCli(['validate', '--schema', schema, '--traits', `${FIXTURES}traits-invalid.json`, '--json']);
    expect(run.code).toBe(1);
    const out = jsonOut(run) as { valid: boolean; errors: Record<string, unknown>[] };
    expect(out.valid).toBe(false);
    expect(out.errors.length).toBeGreaterThan(0);
    for (const e of out.errors) expect(Object.keys(e).sort()).toEqual(['keyword', 'message', 'messageId', 'pointer', 'source']);
    expect(out.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '#/traits', keyword: 'additionalProperties' }),
        expect.objectContaining({ pointer: '#/traits/email', keyword: 'format', message: '"not-an-email" is not valid "email"' }),
      ]),
    );
  });

  it('a schema Kratos refuses: exit 2 and {"error":{code,message,details}}', async () => {
    const run = await runCli([
      'validate',
      '--schema',
      `${FIXTURES}no-traits.schema.json`,
      '--traits',
      `${FIXTURES}traits-valid.json`,
      '--json',
    ]);
    expect(run.code).toBe(2);
    const out = jsonOut(run) as { error: { code: string; message: string; details: unknown } };
    expect(out.error.code).toBe('SCHEMA_INVALID');
    expect(out.error.message).toContain('traits');
    expect(out.error.details).toMatchObject({ issues: expect.any(Array) });
  });

  it('accepts a whole identity in --traits and uses its traits', async () => {
    const run = await runCli(['validate', '--schema', schema, '--traits', `${FIXTURES}identity-valid.json`, '--json']);
    expect(run.code).toBe(0);
    expect(jsonOut(run)).toMatchObject({ valid: true, traits: { email: 'bob@example.com' } });
  });

  it('applies --profile (and refuses an unknown one as usage, exit 2)', async () => {
    const ok = await runCli([
      'validate',
      '--schema',
      `${PRESETS_DIR}email-password.schema.json`,
      '--traits',
      `${FIXTURES}traits-valid.json`,
      '--profile',
      'ory-network',
      '--json',
    ]);
    expect(ok.code).toBe(0);
    const bad = await runCli(['validate', '--schema', schema, '--traits', `${FIXTURES}traits-valid.json`, '--profile', 'kratos-v1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--profile must be one of');
  });

  it('usage errors exit 2: missing flag, unknown flag, missing file, traits not JSON', async () => {
    expect((await runCli(['validate', '--schema', schema])).code).toBe(2);
    expect((await runCli(['validate', '--schema', schema, '--traits', `${FIXTURES}traits-valid.json`, '--bogus'])).code).toBe(2);
    const missing = await runCli(['validate', '--schema', 'nope.json', '--traits', `${FIXTURES}traits-valid.json`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json');
    const notJson = await runCli(['validate', '--schema', schema, '--traits', `${FIXTURES}kratos-config/kratos.yml`, '--json']);
    expect(notJson.code).toBe(2);
    expect(jsonOut(notJson)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('never opens (or creates) the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'identity-desk-validate-'));
    try {
      const data = join(dir, 'data');
      const run = await runCli(['validate', '--schema', schema, '--traits', `${FIXTURES}traits-valid.json`, '--data', data, '--json']);
      expect(run.code).toBe(0);
      expect(existsSync(data)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints a readable summary without --json', async () => {
    const run = await runCli(['validate', '--schema', schema, '--traits', `${FIXTURES}traits-invalid.json`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^invalid \(kratos-v26\)/);
    expect(run.stdout).toContain('#/traits/email');
  });
});
