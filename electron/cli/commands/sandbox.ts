/**
 * One sandboxed validator per CLI run: schemas and traits on the command line are untrusted too,
 * and the worker's wall-clock limit turns a hostile regex into LIMIT_EXCEEDED instead of a hang.
 */
import type { ClosableValidator } from '../../services/schemas/index';
import { createSandboxedValidator } from '../../services/validation/index';

export const withSandbox = async <T>(fn: (validator: ClosableValidator) => Promise<T>): Promise<T> => {
  const validator: ClosableValidator = createSandboxedValidator();
  try {
    return await fn(validator);
  } finally {
    await validator.close();
  }
};
