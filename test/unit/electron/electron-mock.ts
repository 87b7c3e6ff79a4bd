import { vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

/** A recording stand-in for the parts of Electron the shell touches; Electron's binary is not needed. */
export const createElectronMock = () => {
  const handlers = new Map<string, Handler>();
  const exposed = new Map<string, unknown>();
  const appEvents = new Map<string, Handler>();
  const windows: FakeContents[] = [];

  class FakeContents {
    readonly events = new Map<string, Handler>();
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    on(name: string, handler: Handler) {
      this.events.set(name, handler);
      return this;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
  }

  class BrowserWindow {
    static lastOptions: unknown;
    static getFocusedWindow = vi.fn(() => null);
    readonly webContents = new FakeContents();
    constructor(options: unknown) {
      BrowserWindow.lastOptions = options;
      windows.push(this.webContents);
    }
    once() {}
    loadURL = vi.fn(async () => undefined);
  }

  const permissionHandlers: { request?: Handler; check?: Handler } = {};
  const electron = {
    ipcMain: {
      handle: vi.fn((channel: string, h: Handler) => handlers.set(channel, h)),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)) },
    shell: { openExternal: vi.fn(async () => undefined) },
    BrowserWindow,
    app: {
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: vi.fn(() => true),
      quit: vi.fn(),
      exit: vi.fn(),
      setPath: vi.fn(),
      getPath: vi.fn(() => '/tmp/never-used'),
      on: vi.fn((name: string, h: Handler) => appEvents.set(name, h)),
      whenReady: vi.fn(() => new Promise(() => undefined)),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn((h: Handler) => (permissionHandlers.request = h)),
        setPermissionCheckHandler: vi.fn((h: Handler) => (permissionHandlers.check = h)),
      },
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    net: { fetch: vi.fn() },
    dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    webContents: { getAllWebContents: vi.fn(() => []) },
  };
  return { electron, handlers, exposed, appEvents, windows, permissionHandlers, FakeContents };
};
