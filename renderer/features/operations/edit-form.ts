/**
 * The Bulk edit dialog's choices as data (shared/domain/operations `BulkEdit`), and a short description of an
 * edit or a target for the history. Pure, so it is unit-tested.
 */
import type { JsonPatchOperation } from '../../../shared/domain/identity';
import type { BulkEdit, EditStep, OperationTarget, ValueSource, ValueTransform } from '../../../shared/domain/operations';
import { escapeToken } from '../../../shared/json';

export const EDIT_KINDS = ['state', 'set-trait', 'remove-trait', 'set-metadata', 'remove-metadata', 'patch', 'delete'] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

export const EDIT_LABELS: Record<EditKind, string> = {
  state: 'Set state',
  'set-trait': 'Set a trait',
  'remove-trait': 'Remove a trait',
  'set-metadata': 'Set a metadata key',
  'remove-metadata': 'Remove a metadata key',
  patch: 'Apply a JSON Patch',
  delete: 'Delete identities',
};

export interface EditForm {
  kind: EditKind;
  state: 'active' | 'inactive';
  /** A pointer inside traits, e.g. `/email` or `/name/first`. */
  trait: string;
  metadata: 'metadata_public' | 'metadata_admin';
  key: string;
  valueMode: 'literal' | 'template';
  /** JSON; text that is not JSON is taken as a string. */
  literal: string;
  /** A pointer into the identity, e.g. `/traits/email`. */
  from: string;
  transform: '' | ValueTransform;
  /** A JSON array of add/remove/replace operations. */
  patch: string;
}

export const EMPTY_FORM: EditForm = {
  kind: 'state',
  state: 'inactive',
  trait: '',
  metadata: 'metadata_public',
  key: '',
  valueMode: 'literal',
  literal: '',
  from: '/traits/email',
  transform: '',
  patch: '[\n  { "op": "replace", "path": "/metadata_public/plan", "value": "pro" }\n]',
};

const parseLiteral = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

const traitPointer = (trait: string): string | null => {
  const t = trait.trim();
  if (t === '' || t === '/') return null;
  return `/traits${t.startsWith('/') ? t : `/${t}`}`;
};

/** The edit the form describes, or what is missing. */
export const toEdit = (form: EditForm): { edit: BulkEdit } | { error: string } => {
  const value = (): ValueSource | { error: string } => {
    if (form.valueMode === 'literal') return form.literal.trim() === '' ? { error: 'Give a value.' } : { literal: parseLiteral(form.literal) };
    if (!form.from.startsWith('/')) return { error: 'The template copies from a pointer such as /traits/email.' };
    return { from: form.from, ...(form.transform ? { transforms: [form.transform] } : {}) };
  };
  const one = (step: EditStep) => ({ edit: { steps: [step] } });
  switch (form.kind) {
    case 'state':
      return one({ op: 'set', path: '/state', value: { literal: form.state } });
    case 'delete':
      return one({ op: 'delete' });
    case 'set-trait':
    case 'remove-trait': {
      const path = traitPointer(form.trait);
      if (path === null) return { error: 'Give the trait, e.g. /email or /name/first.' };
      if (form.kind === 'remove-trait') return one({ op: 'remove', path });
      const v = value();
      return 'error' in v ? v : one({ op: 'set', path, value: v });
    }
    case 'set-metadata':
    case 'remove-metadata': {
      if (form.key.trim() === '') return { error: 'Give the metadata key.' };
      const path = `/${form.metadata}/${escapeToken(form.key.trim())}`;
      if (form.kind === 'remove-metadata') return one({ op: 'remove', path });
      const v = value();
      return 'error' in v ? v : one({ op: 'set', path, value: v });
    }
    case 'patch': {
      let ops: unknown;
      try {
        ops = JSON.parse(form.patch) as unknown;
      } catch {
        return { error: 'The patch is not valid JSON.' };
      }
      if (!Array.isArray(ops) || ops.length === 0) return { error: 'The patch is a non-empty JSON array of operations.' };
      return one({ op: 'patch', operations: ops as JsonPatchOperation[] });
    }
  }
};

const describeValue = (v: ValueSource): string =>
  'literal' in v ? JSON.stringify(v.literal) : `${v.from}${(v.transforms ?? []).map((t) => ` → ${t}-case`.replace('trim-case', 'trimmed')).join('')}`;

/** One line per edit for the history: "set /metadata_public/plan = "pro"". */
export const describeEdit = (edit: unknown): string => {
  const steps = (edit as Partial<BulkEdit> | null)?.steps;
  if (!Array.isArray(steps)) return edit && typeof edit === 'object' && 'undo' in edit ? `undo of ${String((edit as { undo: unknown }).undo)}` : '—';
  return steps
    .map((s) => {
      if (s.op === 'delete') return 'delete';
      if (s.op === 'patch') return `patch (${s.operations.length} operation${s.operations.length === 1 ? '' : 's'})`;
      if (s.op === 'remove') return `remove ${s.path}`;
      return s.path === '/state' && 'literal' in s.value ? `state → ${String(s.value.literal)}` : `set ${s.path} = ${describeValue(s.value)}`;
    })
    .join('; ');
};

export const describeTarget = (target: unknown): string => {
  const t = target as Partial<OperationTarget> | null;
  if (t && 'ids' in t && Array.isArray(t.ids)) return `${t.ids.length} selected`;
  if (t && 'query' in t && t.query) {
    const q = t.query;
    const parts = [q.text ? `“${q.text}”` : null, q.schemaId ? `schema ${q.schemaId}` : null, q.state ? q.state : null, q.createdFrom || q.createdTo ? 'created in range' : null, q.updatedFrom || q.updatedTo ? 'updated in range' : null].filter(Boolean);
    const except = Array.isArray(t.except) && t.except.length > 0 ? ` except ${t.except.length}` : '';
    return `all matches${parts.length > 0 ? ` of ${parts.join(', ')}` : ''}${except}`;
  }
  if (target && typeof target === 'object' && 'operationId' in target) return `operation ${String((target as { operationId: unknown }).operationId).slice(0, 8)}`;
  if (target && typeof target === 'object' && 'format' in target) return `import${(target as { format: unknown }).format ? ` (${String((target as { format: unknown }).format)})` : ''}`;
  return '—';
};
