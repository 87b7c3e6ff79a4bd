import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the store lives when no `--data` is given. It is the folder Electron uses as `userData`
 * for this app, so the desktop app, the web host and the CLI share one store by default.
 */
export const defaultDataDir = (env: NodeJS.ProcessEnv = process.env, platform = process.platform): string => {
  if (env['IDENTITY_DESK_DATA']) return env['IDENTITY_DESK_DATA'];
  const home = homedir();
  const appData =
    platform === 'win32'
      ? (env['APPDATA'] ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env['XDG_CONFIG_HOME'] ?? join(home, '.config'));
  return join(appData, 'identity-desk');
};
