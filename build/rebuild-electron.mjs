// Builds better-sqlite3 for Electron's ABI into .out/native/electron, leaving node_modules built
// for Node (tests, web host and CLI keep working). The desktop app loads it through
// better-sqlite3's `nativeBinding` option (electron/platform/native-binding.ts).
// Needs Electron's headers, which @electron/rebuild downloads once: run it with internet access.
import { rebuild } from '@electron/rebuild';
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const work = `${root}.out/native/electron-build`;

rmSync(work, { recursive: true, force: true });
mkdirSync(`${work}/node_modules`, { recursive: true });
cpSync(`${root}node_modules/better-sqlite3`, `${work}/node_modules/better-sqlite3`, { recursive: true });
for (const dep of ['bindings', 'file-uri-to-path'])
  cpSync(`${root}node_modules/${dep}`, `${work}/node_modules/${dep}`, { recursive: true });
writeFileSync(`${work}/package.json`, JSON.stringify({ name: 'native-build', version: '0.0.0', dependencies: { 'better-sqlite3': '*' } }));

await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true });
mkdirSync(`${root}.out/native/electron`, { recursive: true });
copyFileSync(`${work}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`, `${root}.out/native/electron/better_sqlite3.node`);
console.log(`better-sqlite3 built for Electron ${electronVersion} → .out/native/electron/better_sqlite3.node`);
