/**
 * Immutability of used schema ids (design §6): identities keep their `schema_id`, so once one uses
 * a schema its body can never change; a change is a new id (`user_v0` → `user_v1`).
 */
import { nextVersionId } from '../../../shared/domain/schema';
import { AppError } from '../../../shared/errors';

export { nextVersionId };

const MAX_TRIES = 1000;

/** The next version id that is not taken yet (`x_v1` may already exist when `x_v2` is suggested). */
export const nextFreeVersionId = (id: string, exists: (id: string) => boolean): string => {
  let candidate = nextVersionId(id);
  for (let i = 0; i < MAX_TRIES && exists(candidate); i++) candidate = nextVersionId(candidate);
  return candidate;
};

export const immutableError = (store: { get(id: string): unknown }, id: string, identityCount: number): AppError => {
  const suggestedId = nextFreeVersionId(id, (candidate) => store.get(candidate) !== null);
  return new AppError(
    'CONFLICT',
    `Schema "${id}" is used by ${identityCount} ${identityCount === 1 ? 'identity' : 'identities'} and cannot change; save the change as a new schema such as "${suggestedId}".`,
    { schemaId: id, identityCount, suggestedId },
  );
};
