import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: ROOT });

/** Lints a snippet as if it lived at `path`, returning the rule ids that fired. */
const rulesFiredAt = async (path: string, code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse-error');
};

describe('the lint rules that hold the layers (design §2)', () => {
  it.each([
    ['electron/services/x/y.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/server/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/db/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
  ])('refuses electron in %s', async (path, code) => {
    expect(await rulesFiredAt(path, code)).toContain('no-restricted-imports');
  });

  it.each(['electron/main.ts', 'electron/window.ts', 'electron/platform/x.ts', 'electron/ipc/x.ts'])(
    'allows electron in %s',
    async (path) => {
      expect(await rulesFiredAt(path, "import { app } from 'electron';\nexport const a = app;\n")).not.toContain('no-restricted-imports');
    },
  );

  it('lets only the admin client talk HTTP among the services (design §13)', async () => {
    const code = "export const get = () => fetch('https://example.com');\n";
    expect(await rulesFiredAt('electron/services/sync/pull.ts', code)).toContain('no-restricted-globals');
    expect(await rulesFiredAt('electron/services/identities/x.ts', code)).toContain('no-restricted-globals');
    expect(await rulesFiredAt('electron/services/sync/admin-client.ts', code)).not.toContain('no-restricted-globals');
  });

  it('refuses ipcMain outside electron/ipc', async () => {
    expect(await rulesFiredAt('electron/platform/x.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it.each([
    ['shared/x.ts', "import { createRouter } from '../electron/ipc/router';\nexport const a = createRouter;\n"],
    ['renderer/x.ts', "import { createRouter } from '../electron/ipc/router';\nexport const a = createRouter;\n"],
    ['electron/services/x.ts', "import { serveHttp } from '../server/serve-http';\nexport const a = serveHttp;\n"],
    ['electron/server/x.ts', "import { createMainWindow } from '../window';\nexport const a = createMainWindow;\n"],
    ['electron/ipc/x.ts', "import { serveHttp } from '../server/serve-http';\nexport const a = serveHttp;\n"],
    [
      'electron/services/sync/x.ts',
      "import { startKratosEmulator } from '../../../test/kratos-emulator';\nexport const a = startKratosEmulator;\n",
    ],
    ['shared/x.ts', "import { startKratosEmulator } from '../test/kratos-emulator';\nexport const a = startKratosEmulator;\n"],
  ])('refuses a layer break in %s', async (path, code) => {
    expect(await rulesFiredAt(path, code)).toContain('import-x/no-restricted-paths');
  });

  it('allows the renderer to import shared', async () => {
    expect(await rulesFiredAt('renderer/x.ts', "import { ERROR_CODES } from '../shared/errors';\nexport const a = ERROR_CODES;\n")).toEqual(
      [],
    );
  });
});
