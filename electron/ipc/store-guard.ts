import { AppError } from '../../shared/errors';
import type { OpenedStore } from '../db/open-database';

/** What still answers when the store file could not be opened at all: the facts and the check. */
const ALWAYS: ReadonlySet<string> = new Set(['app.info', 'app.checkStore']);

type Methods = Record<string, (...args: never[]) => Promise<unknown>>;

/**
 * When the store could not be opened (a stand-in answers instead, see StoreDamage), every method but
 * app.info and app.checkStore answers STORE_CORRUPT with what is wrong and how to recover, instead of
 * empty lists that would look like an empty store. A readable damaged store passes: reads work and
 * the read-only connection refuses writes (READ_ONLY).
 */
export const guardStore = <A extends Record<string, Methods>>(store: OpenedStore, api: A): A => {
  const damage = store.damage;
  if (damage === null || damage.readable) return api;
  const reason = store.readOnlyReason ?? 'The store cannot be opened.';
  const guarded: Record<string, Methods> = {};
  for (const [domain, methods] of Object.entries(api)) {
    guarded[domain] = {};
    for (const [name, fn] of Object.entries(methods)) {
      guarded[domain][name] = ALWAYS.has(`${domain}.${name}`)
        ? fn
        : async () => {
            throw new AppError('STORE_CORRUPT', reason, { kind: damage.kind });
          };
    }
  }
  return guarded as A;
};
