import type { Api } from '../../shared/api';
import type { Services } from '../services/create-services';

/**
 * The one implementation of the contract. Each method delegates to a service; `satisfies Api`
 * makes a missing or mistyped method a compile error, and exposes only what is listed here.
 */
export const createApi = (s: Services) =>
  ({
    app: {
      info: async () => s.app.info(),
    },
  }) satisfies Api;
