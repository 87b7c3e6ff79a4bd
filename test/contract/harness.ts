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

export interface ContractHarness {
  client: ApiClient;
  router: Router;
  services: Services;
  dataDir: string;
  close(): Promise<void>;
}

export type HarnessFactory = () => Promise<ContractHarness>;

const freshServices = () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-contract-'));
  return { dataDir, services: createServices({ dataDir, host: 'web' }) };
};

export const inProcessHarness: HarnessFactory = async () => {
  const { dataDir, services } = freshServices();
  const router = createRouter(createApi(services), () => undefined);
  return {
    client: createApiClient(createInProcessTransport(router, services.events)),
    router,
    services,
    dataDir,
    close: async () => services.close(),
  };
};

export const httpHarness: HarnessFactory = async () => {
  const { dataDir, services } = freshServices();
  const router = createRouter(createApi(services), () => undefined);
  const host = await serveHttp({ router, events: services.events, rendererDir: dataDir, port: 0 });
  const transport = createHttpTransport(host.url, host.token);
  return {
    client: createApiClient(transport),
    router,
    services,
    dataDir,
    close: async () => {
      await host.close();
      services.close();
    },
  };
};
