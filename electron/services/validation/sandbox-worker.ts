import { parentPort } from 'node:worker_threads';
import { AppError, toWireError } from '../../../shared/errors';
import { createValidationEngine } from './engine';
import { VALIDATION_LIMITS, checkJsonShape, limitError, utf8Bytes } from './limits';
import type { SandboxRequest, SandboxResponse } from './sandbox-protocol';

/**
 * The worker side of the sandbox: compiles and validates untrusted schemas and traits. The main thread enforces
 * the wall-clock limit by terminating this thread, so nothing here needs to be interruptible.
 */
const engine = createValidationEngine();

const checkTraits = (traits: unknown): void => {
  const text = JSON.stringify(traits ?? null);
  if (utf8Bytes(text) > VALIDATION_LIMITS.maxDocumentBytes)
    throw limitError(`The traits are larger than ${VALIDATION_LIMITS.maxDocumentBytes} bytes.`);
  checkJsonShape(traits, 'document');
};

const handle = (req: SandboxRequest): SandboxResponse => {
  try {
    const compiled = engine.compile(req.schema);
    if (req.op === 'check') return { id: req.id, ok: true, value: { ok: true } };
    checkTraits(req.traits);
    return { id: req.id, ok: true, value: compiled.validate({ traits: req.traits }, req.profile) };
  } catch (err) {
    const wire = err instanceof AppError ? err.toWire() : toWireError(err);
    return { id: req.id, ok: false, error: wire };
  }
};

parentPort?.on('message', (req: SandboxRequest) => {
  parentPort?.postMessage(handle(req));
});
// Tells the main thread the modules are loaded, so its wall clock measures only the work.
parentPort?.postMessage({ ready: true });
