/**
 * Pure tools for the schema editor (no Node, no DOM): positions in JSON text, the forms Kratos would
 * render for a schema, trait-level schema diffs and generated sample schemas.
 */
export { lineColAt, parseJsonText, pointerAtOffset, rangeAtPointer } from './json-text';
export type { JsonParseProblem, JsonParseResult, LineCol, PointerRange, TextRange } from './json-text';
export { FLOW_KINDS, flowForms } from './flow-forms';
export type { FlowForm, FlowKind } from './flow-forms';
export { diffSchemas, TRAIT_CHANGE_KINDS } from './schema-diff';
export type { SchemaDiff, TraitChange, TraitChangeKind } from './schema-diff';
export { wideSchema } from './sample-schemas';
export { identityPointerForSchemaPointer } from './pointers';
