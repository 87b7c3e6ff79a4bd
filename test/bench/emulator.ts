// The Kratos emulator serving a full keyset pull: seeding n identities, then GET /admin/identities
// with page_size=500 following rel="next" to the end, raw JSON only (no store), on loopback.
import { performance } from 'node:perf_hooks';
import { linkOf } from '../kratos-emulator/call';
import { startKratosEmulator } from '../kratos-emulator/index';

export const runEmulatorBench = async ({ n }: { n: number }): Promise<void> => {
  const seedStart = performance.now();
  const emu = await startKratosEmulator({ kind: 'ory-network', key: 'ory_pat_bench', seed: n, rateLimit: false });
  const seedMs = performance.now() - seedStart;
  try {
    const pullStart = performance.now();
    let next: string | undefined = '/admin/identities?page_size=500';
    let pulled = 0;
    let pages = 0;
    let bytes = 0;
    while (next !== undefined) {
      const res = await fetch(`${emu.url}${next}`, { headers: { authorization: 'Bearer ory_pat_bench' } });
      const text = await res.text();
      bytes += text.length;
      pulled += (JSON.parse(text) as unknown[]).length;
      pages += 1;
      next = linkOf(res.headers.get('link'), 'next');
    }
    const pullMs = performance.now() - pullStart;
    if (pulled !== n) throw new Error(`pulled ${pulled} of ${n}`);
    console.log(`seed ${n} identities: ${(seedMs / 1000).toFixed(2)} s`);
    console.log(
      `pull ${pulled} identities in ${pages} pages (${(bytes / 1e6).toFixed(1)} MB): ${(pullMs / 1000).toFixed(2)} s = ${Math.round(pulled / (pullMs / 1000))} identities/s`,
    );
  } finally {
    await emu.close();
  }
};
