// Flat config. The layer table of design §2 is enforced here (import zones) and by the
// per-folder tsconfigs (shared: no DOM, no Node types; renderer: no Node types).
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const ELECTRON_ALLOWED = ['electron/main.ts', 'electron/preload.ts', 'electron/window.ts', 'electron/ipc/**', 'electron/platform/**'];

const zones = [
  { target: './shared', from: ['./electron', './renderer', './test'], message: 'shared/ is pure: it imports nothing of ours.' },
  {
    target: ['./electron/services', './electron/db'],
    from: [
      './electron/ipc',
      './electron/platform',
      './electron/server',
      './electron/cli',
      './electron/main.ts',
      './electron/preload.ts',
      './electron/window.ts',
      './renderer',
    ],
    message: 'Services and db run everywhere: they import only shared/, services and db.',
  },
  {
    target: ['./electron/server', './electron/cli'],
    from: ['./electron/main.ts', './electron/preload.ts', './electron/window.ts', './electron/ipc/serve-ipc.ts', './renderer'],
    message: 'The web host and CLI run under plain Node: never the Electron entry files.',
  },
  {
    target: ['./electron/main.ts', './electron/ipc', './electron/platform'],
    from: ['./electron/server', './electron/cli'],
    message: 'The desktop app never ships the web host.',
  },
  { target: './renderer', from: ['./electron', './test'], message: 'The renderer imports only shared/ and itself.' },
  { target: './electron', from: ['./test'], message: 'The app never depends on test code (e.g. the Kratos emulator).' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.out/**', 'test/e2e/screenshots/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    // Imports are extensionless TypeScript paths (moduleResolution Bundler); the zones need them resolved.
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-default-export': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only electron/main.ts, preload.ts, window.ts, ipc/ and platform/ may import electron (design §2).',
            },
          ],
        },
      ],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ELECTRON_ALLOWED,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', importNames: ['ipcMain'], message: 'Only electron/ipc/ may use ipcMain.' },
            { name: 'electron', importNames: ['ipcRenderer'], message: 'Only electron/preload.ts may use ipcRenderer.' },
          ],
        },
      ],
    },
  },
  {
    // design §13: one module talks HTTP to Kratos, so the key and the rate limits are handled in one place.
    files: ['electron/services/**', 'electron/db/**'],
    ignores: ['electron/services/sync/admin-client.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Only electron/services/sync/admin-client.ts talks HTTP to Kratos (design §13).' }],
      'no-restricted-properties': ['error', { object: 'globalThis', property: 'fetch', message: 'Only electron/services/sync/admin-client.ts talks HTTP (design §13).' }],
    },
  },
  { files: ['electron/ipc/**'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['electron/preload.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    // Tests mock electron to check the shell's settings; config files need default exports.
    files: ['test/unit/electron/**', '**/*.config.{ts,js}', 'eslint.config.js', 'renderer/vite.config.ts'],
    rules: { 'no-restricted-imports': 'off', 'import-x/no-default-export': 'off' },
  },
  {
    files: ['build/**/*.mjs', 'electron/cli/identity-desk.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
