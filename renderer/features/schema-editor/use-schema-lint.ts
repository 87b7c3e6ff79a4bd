import { useQuery } from '@tanstack/react-query';
import type { LintFinding } from '../../../shared/domain/schema';
import { useApi } from '../../api/use-api';
import { useDebouncedValue } from '../../components/use-debounced-value';

/** Long enough to skip most keystrokes of a word, short enough that findings follow the typing. */
export const LINT_DEBOUNCE_MS = 200;

export interface LintedText {
  text: string;
  findings: LintFinding[];
}

export interface SchemaLint {
  /** The latest findings and the text they are about (possibly an earlier text while a check runs). */
  data: LintedText | undefined;
  error: Error | null;
  /** A check for the current text is pending or running. */
  checking: boolean;
}

/**
 * The engine's verdict and the linter's findings for the editor's text (`validation.lintSchema`,
 * sandboxed in the backend), debounced and only for text that parses: a parse error is reported
 * locally and at once.
 */
export const useSchemaLint = (text: string, parses: boolean): SchemaLint => {
  const api = useApi();
  const debounced = useDebouncedValue(text, LINT_DEBOUNCE_MS);
  const settled = debounced === text && parses;
  const query = useQuery({
    queryKey: ['validation', 'lint', debounced],
    queryFn: async (): Promise<LintedText> => ({ text: debounced, findings: await api.validation.lintSchema(debounced) }),
    enabled: settled,
    placeholderData: (previous) => previous,
    staleTime: Infinity,
    retry: false,
  });
  return { data: query.data, error: query.error, checking: parses && (!settled || query.isFetching) };
};
