import { createApi } from '../ipc/create-api';
import { createRouter } from '../ipc/router';
import { createHostLog } from '../services/app/host-log';
import { createServices } from '../services/create-services';
import { serveHttp, type HttpHost } from './serve-http';

export interface WebHost extends HttpHost {
  dataDir: string;
}

/** Services + router + HTTP in one call: what `npm run serve` and the end-to-end tests start. */
export const startWebHost = async (options: { dataDir: string; port?: number; rendererDir: string; token?: string }): Promise<WebHost> => {
  const services = createServices({ dataDir: options.dataDir, host: 'web' });
  // Internals with stacks go to identity-desk.log in the data directory, never to a response.
  const router = createRouter(createApi(services), createHostLog(options.dataDir, 'web'));
  const http = await serveHttp({
    router,
    events: services.events,
    files: services.files,
    rendererDir: options.rendererDir,
    port: options.port ?? 0,
    ...(options.token ? { token: options.token } : {}),
  });
  return {
    ...http,
    dataDir: options.dataDir,
    close: async () => {
      await http.close();
      services.close();
    },
  };
};
