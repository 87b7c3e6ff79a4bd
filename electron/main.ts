import { app, dialog, session, webContents } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NATIVE_BINDING_ENV } from './db/open-database';
import { createApi } from './ipc/create-api';
import { createRouter } from './ipc/router';
import { serveIpc } from './ipc/serve-ipc';
import { registerAppScheme, serveAppScheme } from './platform/app-protocol';
import { createDialogPicker } from './platform/file-dialogs';
import { createSafeStorageVault } from './platform/safe-storage-vault';
import { ABI_HELP, electronNativeBinding, isNativeAbiError } from './platform/native-binding';
import { defaultDataDir } from './platform/node-paths';
import { createServices, type Services } from './services/create-services';
import { createMainWindow, guardContents } from './window';

// The bundle lives in .out/electron; the renderer build beside it in .out/renderer.
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');

// Every renderer in the OS sandbox, whatever a window's webPreferences say; only allowed before `ready`.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.setPath('userData', defaultDataDir());
  let services: Services | undefined;
  let window: Electron.BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => services?.close());

  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    try {
      const nativeBinding = electronNativeBinding(outDir);
      if (nativeBinding) process.env[NATIVE_BINDING_ENV] = nativeBinding;
      services = createServices({
        dataDir: app.getPath('userData'),
        host: 'desktop',
        picker: createDialogPicker(),
        vault: createSafeStorageVault(join(app.getPath('userData'), 'keys')),
      });
    } catch (err) {
      dialog.showErrorBox('Identity Desk cannot open its store', isNativeAbiError(err) ? ABI_HELP : String(err));
      app.exit(2);
      return;
    }
    serveAppScheme(join(outDir, 'renderer'));
    serveIpc(createRouter(createApi(services)), services.events, () => webContents.getAllWebContents());
    window = createMainWindow(join(outDir, 'electron', 'preload.cjs'));
  });
}
