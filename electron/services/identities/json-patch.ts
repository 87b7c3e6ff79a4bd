// The patch rules live in shared/ so the bulk-edit applier (shared/operations) runs them in the renderer's preview too.
export { applyJsonPatch, assertPatchAllowed, assertSafePaths, parsePointer } from '../../../shared/kratos/json-patch';
