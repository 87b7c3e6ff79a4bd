import type { KratosConfigFormat } from '../../../shared/domain/schema';

export type FormatChoice = KratosConfigFormat | 'auto';

/**
 * The format of a Kratos config: the user's choice, else the file's extension, else a guess from
 * the text (JSON starts with `{`; everything else is read as YAML, which is also a JSON superset).
 */
export const detectConfigFormat = (choice: FormatChoice, text: string, fileName: string | null): KratosConfigFormat => {
  if (choice !== 'auto') return choice;
  const lower = fileName?.toLowerCase() ?? '';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
};
