export { SyncPage } from './SyncPage';
export { SyncJobProvider, useSyncJob } from './sync-job';
export { SyncStatus } from './SyncStatus';
export { IdentitySyncPanel } from './IdentitySyncPanel';
