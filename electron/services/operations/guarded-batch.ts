/** Thrown out of a batch run without a savepoint per identity at its first failure (see unguardedFirst). */
export class RetryGuarded extends Error {}

/**
 * Runs a batch without a savepoint per identity, and when one of its identities fails (`run` throws RetryGuarded out
 * of its transaction, which rolls the batch back), runs it again with them, so that failure undoes only its own
 * identity's writes. A savepoint per identity costs: FTS5 flushes its pending terms at each one.
 */
export const unguardedFirst = <T>(run: (guarded: boolean) => T): T => {
  try {
    return run(false);
  } catch (err) {
    if (!(err instanceof RetryGuarded)) throw err;
    return run(true);
  }
};
