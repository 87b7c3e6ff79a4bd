import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Router } from '../../electron/ipc/router';
import type { EventBus } from '../../electron/services/events/event-bus';

/**
 * Issue 17: no absolute server path in any answer or event the renderer gets. Every answer and error of the
 * router and every event on the bus during a contract case is scanned for the store's directory, the temp
 * directory and the usual roots of server paths. The one intentional path is `app.info`'s `dataDirectory`
 * (the status bar's "Data: ..."): that one field, of that one method, is left out of the scan.
 */
const PREFIXES = ['/home/', '/tmp/', '/root/', '/work/'];

export interface PathLeaks {
  /** The router to hand to the transports: the same calls, each answer scanned. */
  router: Router;
  /** What leaked since the last `take`, one line per answer or event, naming its method or event. */
  take(): string[];
  close(): void;
}

const withoutDataDirectory = (method: string, answer: unknown): unknown => {
  if (method !== 'app.info' || typeof answer !== 'object' || answer === null) return answer;
  const { value, ...rest } = answer as { value?: unknown };
  if (typeof value !== 'object' || value === null) return answer;
  const { dataDirectory: _shown, ...others } = value as Record<string, unknown>;
  return { ...rest, value: others };
};

export const watchPathLeaks = (router: Router, events: EventBus, dataDir: string): PathLeaks => {
  const needles = [...new Set([dataDir, realpathSync(dataDir), tmpdir(), realpathSync(tmpdir()), ...PREFIXES])];
  let leaks: string[] = [];
  const scan = (what: string, value: unknown) => {
    const text = JSON.stringify(value) ?? '';
    for (const needle of needles) {
      const at = text.indexOf(needle);
      if (at === -1) continue;
      leaks.push(`${what} holds a server path (${needle}): …${text.slice(Math.max(0, at - 80), at + 120)}…`);
      return;
    }
  };
  const unsubscribe = events.subscribe((name, payload) => scan(`event ${name}`, payload));
  return {
    router: {
      call: async (method, args) => {
        const answer = await router.call(method, args);
        scan(`${method} (${answer.ok ? 'answer' : 'error'})`, withoutDataDirectory(method, answer));
        return answer;
      },
      methods: () => router.methods(),
    },
    take: () => {
      const out = leaks;
      leaks = [];
      return out;
    },
    close: unsubscribe,
  };
};
