export type { OperationsStore, StartOperation } from './operations-store';
export { createOperationsStore, processAlive } from './operations-store';
export type { OperationsService } from './operations-service';
export { createOperationsService } from './operations-service';
