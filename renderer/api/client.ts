import { createApiClient, type ApiClient } from '../../shared/rpc';
import { createHttpTransport } from './http-transport';
import { createIpcTransport, type Bridge } from './ipc-transport';
import { createFileTransfer, type FileTransfer } from './file-transfer';

const TOKEN_KEY = 'identity-desk-token';

/**
 * The web host hands the token over in the URL fragment (never sent to a server); it is kept
 * for this tab only and removed from the address bar so it does not end up in bookmarks.
 */
const takeToken = (): string => {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
};

/** Chosen once at start-up: IPC inside the desktop shell, HTTP in a browser on the web host. */
export const createClient = (): ApiClient => {
  const bridge = (window as unknown as { bridge?: Bridge }).bridge;
  return createApiClient(bridge ? createIpcTransport(bridge) : createHttpTransport(window.location.origin + '/', takeToken()));
};

let transfer: FileTransfer | null = null;

/** Files to and from the backend, for the same host the client talks to (after `createClient` took the token). */
export const fileTransfer = (): FileTransfer =>
  (transfer ??= createFileTransfer({
    desktop: (window as unknown as { bridge?: Bridge }).bridge !== undefined,
    baseUrl: window.location.origin + '/',
    token: sessionStorage.getItem(TOKEN_KEY) ?? '',
  }));
