import { AppError } from '../../shared/errors';
import { isSqliteDamage, RECOVERY_ADVICE } from './open-database';

/**
 * SQLite's errors that mean something to the user, as typed errors: a write refused by a read-only
 * connection is READ_ONLY, damage found while reading is STORE_CORRUPT with how to recover. Anything
 * else is returned unchanged (and becomes INTERNAL, its details in the host's log).
 */
export const asStoreError = (err: unknown): unknown => {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
    return new AppError('READ_ONLY', 'The store is open read-only, so nothing can be changed here. The Overview screen says why.');
  }
  if (isSqliteDamage(err)) {
    return new AppError('STORE_CORRUPT', `The store file is damaged: SQLite could not read part of it. ${RECOVERY_ADVICE}`, { sqlite: code });
  }
  return err;
};
