import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApi } from '../../electron/ipc/create-api';
import { createInProcessTransport } from '../../electron/ipc/in-process-transport';
import { createRouter, type Router } from '../../electron/ipc/router';
import { serveHttp } from '../../electron/server/serve-http';
import { createServices, type Services } from '../../electron/services/create-services';
import { createHttpTransport } from '../../renderer/api/http-transport';
import { createApiClient, type ApiClient } from '../../shared/rpc';
import { watchPathLeaks } from './path-leaks';

export interface ContractHarness {
  client: ApiClient;
  router: Router;
  services: Services;
  dataDir: string;
  /** Server paths in the answers and events since the last call (see path-leaks.ts). */
  pathLeaks(): string[];
  close(): Promise<void>;
}

export type HarnessFactory = () => Promise<ContractHarness>;

const freshServices = () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-contract-'));
  return { dataDir, services: createServices({ dataDir, host: 'web' }) };
};

export const inProcessHarness: HarnessFactory = async () => {
  const { dataDir, services } = freshServices();
  const leaks = watchPathLeaks(createRouter(createApi(services), () => undefined), services.events, dataDir);
  const router = leaks.router;
  return {
    client: createApiClient(createInProcessTransport(router, services.events)),
    router,
    services,
    dataDir,
    pathLeaks: leaks.take,
    close: async () => {
      leaks.close();
      services.close();
    },
  };
};

export const httpHarness: HarnessFactory = async () => {
  const { dataDir, services } = freshServices();
  const leaks = watchPathLeaks(createRouter(createApi(services), () => undefined), services.events, dataDir);
  const router = leaks.router;
  const host = await serveHttp({ router, events: services.events, rendererDir: dataDir, port: 0 });
  const transport = createHttpTransport(host.url, host.token);
  return {
    client: createApiClient(transport),
    router,
    services,
    dataDir,
    pathLeaks: leaks.take,
    close: async () => {
      await host.close();
      leaks.close();
      services.close();
    },
  };
};
