import type { Transport } from '../../shared/rpc';
import type { EventBus } from '../services/events/event-bus';
import type { Router } from './router';

/**
 * The router called directly, for tests and scripts. Arguments and results take a JSON round
 * trip so that this transport accepts and returns exactly what IPC and HTTP would.
 */
export const createInProcessTransport = (router: Router, events: EventBus): Transport => ({
  call: async (method, args) => {
    const result = await router.call(method, JSON.parse(JSON.stringify(args)) as unknown);
    return JSON.parse(JSON.stringify(result)) as Awaited<ReturnType<Router['call']>>;
  },
  subscribe: (listener) => events.subscribe((name, payload) => listener(name, JSON.parse(JSON.stringify(payload)))),
});
