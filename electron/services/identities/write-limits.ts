/**
 * Issue 17 §2: no write can freeze the backend. The identity service validates on the host's thread, which is fast
 * for documents within INLINE_LIMITS (shared/json-limits.ts). Before a write whose resulting traits are bigger, this
 * validates them in the sandbox worker under its time limit: a document that takes too long gets LIMIT_EXCEEDED
 * there, and only one that finished in time goes on to the inline write (which then also takes less than the limit).
 * The sandbox's verdict is only a gate: the store's own validation decides, inside the write's transaction.
 */
import { isRecord } from '../../../shared/json';
import type { ValidationProfile } from '../../../shared/domain/app';
import type { CreateIdentityInput, JsonPatchOperation, UpdateIdentityInput } from '../../../shared/domain/identity';
import { AppError } from '../../../shared/errors';
import { documentLimitProblem, fitsInline } from '../../../shared/json-limits';
import type { SandboxedValidator } from '../validation/sandbox';
import { patchableDocument } from './identity-drafts';
import type { IdentityService } from './identity-service';
import { applyJsonPatch } from './json-patch';

export interface WriteLimitsDeps {
  identities: Pick<IdentityService, 'findStored' | 'profile'>;
  /** The stored body of a schema (the default one for undefined), or undefined when there is none. */
  schemaText: (schemaId: string | undefined) => string | undefined;
  sandbox: Pick<SandboxedValidator, 'validate'>;
}

export interface WriteLimits {
  /** Resolves when the write may run inline; rejects with LIMIT_EXCEEDED when its traits are too costly. */
  beforeCreate(input: CreateIdentityInput): Promise<void>;
  beforeUpdate(id: string, input: UpdateIdentityInput): Promise<void>;
  beforePatch(id: string, operations: readonly JsonPatchOperation[]): Promise<void>;
}
/**
 * The gate for one document: resolves at once when it fits inline; else validates it in the sandbox, rejecting
 * with LIMIT_EXCEEDED over a hard limit or the time limit. Every write path uses it: the API's writes here, and
 * an import's rows (transfer/import-prepare.ts), which run in a job worker but must not take longer either.
 */
export const gateTraits = async (sandbox: Pick<SandboxedValidator, 'validate'>, schemaText: string | undefined, traits: unknown, profile: ValidationProfile): Promise<void> => {
  if (fitsInline(traits)) return;
  const problem = documentLimitProblem(traits, '#/traits');
  if (problem !== null) throw new AppError('LIMIT_EXCEEDED', `The traits at ${problem.pointer} ${problem.message}.`, { pointer: problem.pointer });
  // No such schema: the write itself answers with the usual VALIDATION_FAILED.
  if (schemaText === undefined) return;
  await sandbox.validate(schemaText, traits, profile);
};

export const createWriteLimits = (deps: WriteLimitsDeps): WriteLimits => {
  const gate = (schemaId: string | undefined, traits: unknown, profile: ValidationProfile): Promise<void> => gateTraits(deps.sandbox, deps.schemaText(schemaId), traits, profile);

  return {
    beforeCreate: (input) => gate(input.schema_id || undefined, input.traits ?? {}, deps.identities.profile()),
    beforeUpdate: async (id, input) => {
      const stored = deps.identities.findStored(id);
      if (stored === null) return;
      const traits = 'traits' in input ? (input.traits ?? {}) : stored.traits;
      await gate(input.schema_id || stored.schema_id, traits, deps.identities.profile());
    },
    beforePatch: async (id, operations) => {
      const stored = deps.identities.findStored(id);
      if (stored === null) return;
      let patched: unknown;
      try {
        patched = applyJsonPatch(patchableDocument(stored), operations);
      } catch {
        return; // The write reports a bad patch with its own message.
      }
      if (!isRecord(patched)) return;
      const schemaId = typeof patched['schema_id'] === 'string' ? patched['schema_id'] : stored.schema_id;
      await gate(schemaId, patched['traits'], deps.identities.profile());
    },
  };
};
