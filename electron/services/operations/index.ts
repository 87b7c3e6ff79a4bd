export type { OperationsStore, StartOperation } from './operations-store';
export { createOperationsStore, processAlive } from './operations-store';
