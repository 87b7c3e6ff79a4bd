export { SchemaEditorFeature } from './SchemaEditorFeature';
// The migration wizard continues from the impact check (design §6): it reuses the panel and the job hook.
export { ComparePanel, type CompareTarget } from './ComparePanel';
export { useStoreCheck, type StoreCheck } from './use-store-check';
