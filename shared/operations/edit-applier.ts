/**
 * The pure applier of bulk edits (design §12, "Edits are data"): a list of steps over JSON pointers applied
 * to an identity's admin document. Main runs it in the operation's worker and the renderer can run it for a
 * preview, so both see the same result. The migration wizard adds its steps to `EditStep` and a case here.
 */
import type { BulkEdit, EditStep, ValueSource, ValueTransform } from '../domain/operations';
import { VALUE_TRANSFORMS } from '../domain/operations';
import { AppError } from '../errors';
import { isRecord } from '../json';
import { applyJsonPatch, assertPatchAllowed, assertSafePaths, parsePointer } from '../kratos/json-patch';
import { ownValue } from '../safe-keys';

/** The admin JSON of an identity (id, schema_id, state, traits, metadata_*, credentials, addresses…). */
export type EditDocument = Record<string, unknown>;

export type EditOutcome = { kind: 'delete' } | { kind: 'update'; doc: EditDocument };

/** Where `set` may write and `remove` may remove: state, traits and the two metadata objects. */
const SETTABLE = ['/state', '/traits', '/metadata_public', '/metadata_admin'];
const REMOVABLE = ['/metadata_public', '/metadata_admin'];
const within = (path: string, roots: readonly string[], self: boolean): boolean =>
  roots.some((r) => path.startsWith(`${r}/`) || (self && path === r));

const MAX_STEPS = 100;

const refuse = (pointer: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', `The edit is refused: ${message}.`, { issues: [{ pointer, keyword: null, source: 'request', message }] });

/** Checks an edit once, before any identity is read: pointers, places a step may touch, Kratos's denied patch paths. */
export const checkEdit = (edit: BulkEdit, headProfile: boolean): void => {
  if (edit.steps.length === 0) throw refuse('#/edit/steps', 'the edit has no steps');
  if (edit.steps.length > MAX_STEPS) throw refuse('#/edit/steps', `an edit has at most ${MAX_STEPS} steps`);
  edit.steps.forEach((step, i) => {
    const at = `#/edit/steps/${i}`;
    if (step.op === 'delete') {
      if (edit.steps.length > 1) throw refuse(at, 'a delete is the only step of its edit');
      return;
    }
    if (step.op === 'patch') {
      if (step.operations.length === 0) throw refuse(`${at}/operations`, 'the patch is empty');
      assertPatchAllowed(step.operations, headProfile);
      assertSafePaths(step.operations);
      return;
    }
    assertSafePaths([{ op: 'remove', path: step.path }]);
    parsePointer(step.path);
    if (step.op === 'set') {
      if (!within(step.path, SETTABLE, step.path === '/state' || step.path === '/traits' || REMOVABLE.includes(step.path))) {
        throw refuse(`${at}/path`, `a step can set /state, /traits/…, /metadata_public/… or /metadata_admin/…, not ${step.path.slice(0, 200)}`);
      }
      checkValue(step.value, `${at}/value`);
    } else if (!within(step.path, ['/traits', ...REMOVABLE], REMOVABLE.includes(step.path))) {
      throw refuse(`${at}/path`, `a step can remove /traits/…, /metadata_public(/…) or /metadata_admin(/…), not ${step.path.slice(0, 200)}`);
    }
  });
};

const checkValue = (value: ValueSource, at: string): void => {
  if ('literal' in value) return;
  assertSafePaths([{ op: 'remove', path: value.from }]);
  parsePointer(value.from);
  for (const t of value.transforms ?? []) if (!VALUE_TRANSFORMS.includes(t)) throw refuse(`${at}/transforms`, `unknown transform ${String(t).slice(0, 50)}`);
};

/** The value at a pointer, through own properties only; undefined when any part is missing. */
export const valueAt = (doc: unknown, path: string): unknown => {
  let node: unknown = doc;
  for (const token of parsePointer(path)) {
    if (Array.isArray(node)) node = /^(0|[1-9]\d*)$/.test(token) ? node[Number(token)] : undefined;
    else if (isRecord(node)) node = ownValue(node, token);
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
};

const transform = (value: unknown, t: ValueTransform, from: string): unknown => {
  if (typeof value !== 'string') throw refuse(`#${from}`, `the value at ${from} is not a string, so it cannot be made ${t === 'trim' ? 'trimmed' : `${t}-case`}`);
  return t === 'lower' ? value.toLowerCase() : t === 'upper' ? value.toUpperCase() : value.trim();
};

/** A literal, or the identity's own value (undefined: nothing there, and the step changes nothing). */
const resolve = (doc: EditDocument, value: ValueSource): unknown => {
  if ('literal' in value) return value.literal;
  let v = valueAt(doc, value.from);
  if (v === undefined) return undefined;
  for (const t of value.transforms ?? []) v = transform(v, t, value.from);
  return v;
};

const applyStep = (doc: EditDocument, step: Exclude<EditStep, { op: 'delete' }>): EditDocument => {
  if (step.op === 'patch') return applyJsonPatch(doc, step.operations) as EditDocument;
  if (step.op === 'remove') return valueAt(doc, step.path) === undefined ? doc : (applyJsonPatch(doc, [{ op: 'remove', path: step.path }]) as EditDocument);
  const value = resolve(doc, step.value);
  if (value === undefined) return doc;
  // Kratos's `replace` creates missing parents (json-patch.ts), so a key is set in metadata that is still null.
  return applyJsonPatch(doc, [{ op: 'replace', path: step.path, value }]) as EditDocument;
};

/** Applies every step in order; the input is not changed. Throws VALIDATION_FAILED with the pointer that failed. */
export const applyEdit = (doc: EditDocument, edit: BulkEdit): EditOutcome => {
  if (edit.steps.some((s) => s.op === 'delete')) return { kind: 'delete' };
  let current = doc;
  for (const step of edit.steps) if (step.op !== 'delete') current = applyStep(current, step);
  return { kind: 'update', doc: current };
};
