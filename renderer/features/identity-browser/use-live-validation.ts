import { useQuery } from '@tanstack/react-query';
import type { ValidationResult } from '../../../shared/domain/validation';
import { useApi } from '../../api/use-api';
import { useDebouncedValue } from '../../components/use-debounced-value';

const LIVE_VALIDATION_DEBOUNCE_MS = 300;

/**
 * Kratos's verdict on the traits being typed, plus what Kratos would derive from them (login
 * identifiers, verifiable and recovery addresses). Debounced: the engine runs in a sandboxed
 * worker in the backend and is authoritative; the frame's ajv gives the instant feedback.
 */
export const useLiveValidation = (schemaText: string | undefined, traits: unknown): { result: ValidationResult | undefined; pending: boolean } => {
  const api = useApi();
  const traitsJson = JSON.stringify(traits ?? {});
  const debounced = useDebouncedValue(traitsJson, LIVE_VALIDATION_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ['validation', 'traits', schemaText, debounced],
    queryFn: () => api.validation.validateTraits(schemaText ?? '{}', JSON.parse(debounced) as unknown),
    enabled: schemaText !== undefined,
    placeholderData: (previous) => previous,
    staleTime: Infinity,
    retry: false,
  });
  return { result: query.data, pending: debounced !== traitsJson || query.isFetching };
};
