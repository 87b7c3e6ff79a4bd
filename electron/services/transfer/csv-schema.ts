/** CSV ↔ identity schema: the trait columns a schema has, and how a cell becomes a typed value. */
import { AppError } from '../../../shared/errors';
import { assertCellNumberExact, parseJsonExact } from '../../../shared/json-numbers';
import { isRecord } from '../../../shared/json';
import { walkTraits } from '../../../shared/schema-tools/trait-walk';

/**
 * Dotted paths of every scalar trait reached through properties, in schema order: the template's
 * columns. Read through the one trait walk, so `$ref`s and `allOf` count as everywhere else. An
 * array is one column (a JSON cell); the traits inside its items have no cell of their own.
 */
export const traitColumns = (schema: unknown): { path: string; type: string }[] => {
  const { nodes } = walkTraits(schema);
  const parents = new Set(nodes.filter((n) => n.steps.length > 1 && n.steps.at(-1) === 'property').map((n) => n.pointer.slice(0, n.pointer.lastIndexOf('/'))));
  return nodes
    .filter((n) => n.steps.every((s) => s === 'property') && !parents.has(n.pointer) && !n.parts.some((p) => isRecord(p['properties'])))
    .map((n) => {
      const type = n.parts.map((p) => p['type']).find((t): t is string => typeof t === 'string');
      return { path: n.path.join('.'), type: type ?? 'string' };
    });
};

/** Cells are text; numbers and booleans become typed where the schema says so, else stay text. */
export const schemaCoercer = (schemas: (schemaId: string | undefined) => unknown) => {
  const cache = new Map<string, Map<string, string>>();
  const typesFor = (schemaId: string | undefined): Map<string, string> => {
    const key = schemaId ?? '';
    let types = cache.get(key);
    if (!types) {
      types = new Map(traitColumns(schemas(schemaId)).map((c) => [c.path, c.type]));
      cache.set(key, types);
    }
    return types;
  };
  return (schemaId: string | undefined) =>
    (path: string, cell: string): unknown => {
      const type = typesFor(schemaId).get(path);
      if ((type === 'number' || type === 'integer') && cell.trim() !== '' && !Number.isNaN(Number(cell))) {
        // A number the double would change is refused, never stored changed (issue 17 §6).
        assertCellNumberExact(cell, `#/traits/${path.split('.').join('/')}`);
        return Number(cell);
      }
      if (type === 'boolean' && (cell === 'true' || cell === 'false')) return cell === 'true';
      // An array or object trait is one JSON cell (the export writes it so); a cell that is not JSON stays text for the schema to refuse.
      if ((type === 'array' || type === 'object') && /^[[{]/.test(cell.trim())) {
        try {
          return parseJsonExact(cell, { pointerPrefix: `#/traits/${path.split('.').join('/')}`, source: 'a CSV cell' });
        } catch (err) {
          if (err instanceof AppError) throw err;
          return cell;
        }
      }
      return cell;
    };
};

/**
 * OWASP CSV injection: a cell a spreadsheet would run as a formula is prefixed with an apostrophe. Cells that are
 * apostrophes and then such a character get one more, so the import can take exactly one off again
 * (`unneutralizeCell`): `=x` → `'=x` → `=x`, and `'=x` → `''=x` → `'=x`. Any other apostrophe (`'Brien`) is left alone.
 */
const FORMULA = /^'*[=+\-@\t\r]/;
export const neutralizeCell = (cell: string): string => (FORMULA.test(cell) ? `'${cell}` : cell);
export const unneutralizeCell = (cell: string): string => (cell.startsWith("'") && FORMULA.test(cell) ? cell.slice(1) : cell);

/** RFC 4180 quoting, after neutralization. */
export const csvCell = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  const text = neutralizeCell(typeof value === 'string' ? value : JSON.stringify(value));
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\n`;
