import { useQuery } from '@tanstack/react-query';
import { VALIDATION_PROFILES } from '../../../shared/domain/app';
import type { ValidationResult } from '../../../shared/domain/validation';
import { useApi } from '../../api/use-api';
import { useDebouncedValue } from '../../components/use-debounced-value';

const TRY_IT_DEBOUNCE_MS = 200;

export interface TryItResults {
  results: ValidationResult[] | undefined;
  error: Error | null;
  pending: boolean;
}

/**
 * Kratos's verdict on the "try it" traits under every profile (they normalize identifiers and
 * phone numbers differently). Debounced: the engine runs in the backend's sandboxed worker.
 */
export const useTryIt = (schemaText: string | null, traits: unknown): TryItResults => {
  const api = useApi();
  const input = JSON.stringify([schemaText, traits ?? {}]);
  const debounced = useDebouncedValue(input, TRY_IT_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ['validation', 'try-it', debounced],
    queryFn: () => {
      const [schema, data] = JSON.parse(debounced) as [string, unknown];
      return Promise.all(VALIDATION_PROFILES.map((profile) => api.validation.validateTraits(schema, data, profile)));
    },
    enabled: schemaText !== null,
    placeholderData: (previous) => previous,
    staleTime: Infinity,
    retry: false,
  });
  return { results: query.error ? undefined : query.data, error: query.error, pending: debounced !== input || query.isFetching };
};
