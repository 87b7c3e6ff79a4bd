/**
 * Runs the emulator standalone for manual or end-to-end use:
 *   tsx test/kratos-emulator/main.ts --port 4434 --kind ory-network --key ory_pat_x --seed 5000
 * Options: --kind kratos|ory-network, --key K, --port N, --seed N (identities), --rng-seed N,
 * --rate-limit developer|production|growth|enterprise|off, --write-delay-ms N.
 */
import { parseArgs } from 'node:util';
import { startKratosEmulator } from './index';
import type { Tier } from './rate-limit';

const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'kratos' },
    key: { type: 'string' },
    port: { type: 'string', default: '4434' },
    seed: { type: 'string', default: '0' },
    'rng-seed': { type: 'string', default: '1' },
    'rate-limit': { type: 'string', default: 'developer' },
    'write-delay-ms': { type: 'string', default: '2' },
  },
});

const number = (name: string, raw: string | undefined): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative integer, got ${String(raw)}\n`);
    process.exit(2);
  }
  return n;
};

const kind = values.kind;
if (kind !== 'kratos' && kind !== 'ory-network') {
  process.stderr.write(`--kind must be kratos or ory-network, got ${String(kind)}\n`);
  process.exit(2);
}
const tiers = ['developer', 'production', 'growth', 'enterprise'];
const rate = values['rate-limit'] ?? 'developer';
if (rate !== 'off' && !tiers.includes(rate)) {
  process.stderr.write(`--rate-limit must be off or one of ${tiers.join(', ')}\n`);
  process.exit(2);
}

const emu = await startKratosEmulator({
  kind,
  ...(values.key === undefined ? {} : { key: values.key }),
  port: number('port', values.port),
  seed: number('seed', values.seed),
  rngSeed: number('rng-seed', values['rng-seed']),
  rateLimit: rate === 'off' ? false : { tier: rate as Tier },
  writeDelayMs: number('write-delay-ms', values['write-delay-ms']),
});
process.stdout.write(
  `${JSON.stringify({ url: emu.url, kind: emu.kind, identities: emu.state.size, auth: emu.key === undefined ? 'none' : 'bearer' })}\n`,
);
const stop = (): void => {
  void emu.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
