import { contextBridge, ipcRenderer } from 'electron';

// Channel names are repeated here rather than imported: the sandboxed preload is bundled alone.
const CALL_CHANNEL = 'api:call';
const EVENT_CHANNEL = 'api:event';

/** Two functions and nothing else: the page never sees ipcRenderer, Node or Electron. */
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
