import { contextBridge, ipcRenderer } from 'electron';

// Channel names are repeated here rather than imported: the sandboxed preload is bundled alone.
const CALL_CHANNEL = 'api:call';
const EVENT_CHANNEL = 'api:event';

/**
 * Two functions and nothing else: the page never sees ipcRenderer, Node or Electron. `call` is generic,
 * but what it reaches is only the contract: the main process's router dispatches exactly the methods of
 * shared/api.ts (a table built from createApi), checks their arguments, and answers only our own
 * top-level page (trusted-sender.ts). The contract itself names no file path: files are grants from the
 * main process's dialogs (app.pickFile / app.pickSaveFile), so a script in the page cannot read or
 * overwrite a file the user did not choose.
 */
contextBridge.exposeInMainWorld('bridge', {
  call: (method: string, args: unknown[]) => ipcRenderer.invoke(CALL_CHANNEL, method, args),
  subscribe: (listener: (name: string, payload: unknown) => void) => {
    const handler = (_event: unknown, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
});
