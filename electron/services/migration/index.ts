export type { MigrationService } from './migration-service';
export { createMigrationService } from './migration-service';
