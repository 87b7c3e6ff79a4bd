import type { ApiEvents, EventName } from '../../../shared/api';

export type EventListener = (name: EventName, payload: ApiEvents[EventName]) => void;

/** Fan-out of backend events to whichever transports are attached (IPC, WebSocket, tests). */
export interface EventBus {
  emit<E extends EventName>(name: E, payload: ApiEvents[E]): void;
  subscribe(listener: EventListener): () => void;
}

export const createEventBus = (): EventBus => {
  const listeners = new Set<EventListener>();
  return {
    emit: (name, payload) => {
      for (const listener of listeners) listener(name, payload);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
