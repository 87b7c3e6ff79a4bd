import { describe, expect, it } from 'vitest';
import { FIXTURES, jsonOut, PRESETS_DIR, runCli } from './run-cli';

interface LintOut {
  findings: { ruleId: string; severity: string; pointer: string; message: string }[];
  counts: { error: number; warning: number; info: number };
}

describe('identity-desk lint', () => {
  it('a clean preset exits 0 with no error findings', async () => {
    const run = await runCli(['lint', '--schema', `${PRESETS_DIR}email-password.schema.json`, '--json']);
    expect(run.code).toBe(0);
    expect(jsonOut(run)).toEqual({ findings: [], counts: { error: 0, warning: 0, info: 0 } });
  });

  it('info findings alone still exit 0', async () => {
    const run = await runCli(['lint', '--schema', `${PRESETS_DIR}username-password.schema.json`, '--json']);
    expect(run.code).toBe(0);
    expect((jsonOut(run) as LintOut).findings.map((f) => f.ruleId)).toEqual(['identifier/username-only']);
  });

  it('error findings exit 1 and carry rule id, severity, pointer and message', async () => {
    const run = await runCli(['lint', '--schema', `${FIXTURES}lint-bad.schema.json`, '--json']);
    expect(run.code).toBe(1);
    const out = jsonOut(run) as LintOut;
    expect(out.counts.error).toBeGreaterThan(0);
    expect(out.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'extension/verification-as-recovery', severity: 'warning' }),
        expect.objectContaining({ ruleId: 'traits/sensitive', pointer: '#/properties/traits/properties/pin_code' }),
      ]),
    );
    expect(out.findings.some((f) => f.ruleId === 'pattern/not-re2' || f.ruleId === 'schema/invalid')).toBe(true);
  });

  it('a schema Kratos refuses is reported as schema/invalid (exit 1); a missing file is usage (exit 2)', async () => {
    const run = await runCli(['lint', '--schema', `${FIXTURES}no-traits.schema.json`, '--json']);
    expect(run.code).toBe(1);
    expect((jsonOut(run) as LintOut).findings[0]).toMatchObject({ ruleId: 'schema/invalid', severity: 'error' });
    expect((await runCli(['lint', '--schema', 'missing.json'])).code).toBe(2);
    expect((await runCli(['lint'])).code).toBe(2);
  });
});
