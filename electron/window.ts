import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { APP_ORIGIN, isAppUrl } from './ipc/trusted-sender';

/** The security settings of every window, as one tested constant (Electron security checklist). */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const satisfies BrowserWindowConstructorOptions['webPreferences'];

/** Links that may leave the app, opened in the user's browser; everything else is refused. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['www.ory.sh', 'ory.sh', 'github.com', 'www.github.com'];

export const isAllowedExternalUrl = (raw: string): boolean => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' && url.username === '' && url.password === '' && url.port === '' && EXTERNAL_LINK_HOSTS.includes(url.hostname)
  );
};

/** Denies navigation away from the app and every new window; allowlisted links go to the OS browser. */
export const guardContents = (contents: WebContents, openExternal: (url: string) => Promise<void> = shell.openExternal): void => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void openExternal(url);
    return { action: 'deny' };
  });
};

export const createMainWindow = (preloadPath: string): BrowserWindow => {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Identity Desk',
    webPreferences: { ...WEB_PREFERENCES, preload: preloadPath },
  });
  guardContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/`);
  return window;
};
