/** CSV ↔ identity schema: the trait columns a schema has, and how a cell becomes a typed value. */
import { assertCellNumberExact } from '../../../shared/json-numbers';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows local `#/...` refs one level at a time (presets use `definitions`). */
const resolve = (root: JsonObject, node: unknown): JsonObject | null => {
  let current = node;
  for (let i = 0; i < 16 && isObject(current) && typeof current['$ref'] === 'string'; i++) {
    const ref = current['$ref'];
    if (!ref.startsWith('#/')) return null;
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((n, t) => (isObject(n) ? n[t.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root);
  }
  return isObject(current) ? current : null;
};

const traitsNode = (schema: unknown): JsonObject | null => {
  if (!isObject(schema)) return null;
  const props = resolve(schema, schema['properties']);
  return props ? resolve(schema, props['traits']) : null;
};

/** Dotted paths of every scalar trait, in schema order: the template's columns. */
export const traitColumns = (schema: unknown): { path: string; type: string }[] => {
  const out: { path: string; type: string }[] = [];
  const walk = (node: JsonObject | null, prefix: string, depth: number) => {
    if (!node || depth > 8 || !isObject(schema)) return;
    const props = isObject(node['properties']) ? node['properties'] : null;
    if (props) {
      for (const [key, child] of Object.entries(props)) walk(resolve(schema, child), prefix ? `${prefix}.${key}` : key, depth + 1);
      return;
    }
    if (prefix) out.push({ path: prefix, type: typeof node['type'] === 'string' ? node['type'] : 'string' });
  };
  walk(traitsNode(schema), '', 0);
  return out;
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
      return cell;
    };
};

/** OWASP CSV injection: a cell a spreadsheet would run as a formula is prefixed with a quote. */
export const neutralizeCell = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** RFC 4180 quoting, after neutralization. */
export const csvCell = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  const text = neutralizeCell(typeof value === 'string' ? value : JSON.stringify(value));
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\n`;
