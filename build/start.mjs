// `npm start`: build and open the desktop app. Without Electron's binary (an offline install),
// say so in one line and serve the same app on loopback instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (command, args) => {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 2);
};

const binary = electronBinary();
if (!binary) {
  console.log(
    "Electron's binary is not installed (offline install), so Identity Desk opens in your browser instead: the same app, served on loopback.",
  );
  const child = spawn('npm', ['run', 'serve', '--silent', '--', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
} else {
  run('npm', ['run', 'build', '--silent']);
  if (!existsSync(`${root}.out/native/electron/better_sqlite3.node`)) {
    console.log('Building better-sqlite3 for Electron (once)…');
    const r = spawnSync('node', ['build/rebuild-electron.mjs'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(
        'Identity Desk needs better-sqlite3 built for Electron. Run `npm run rebuild:electron` with internet access, then `npm start`.',
      );
      process.exit(1);
    }
  }
  const child = spawn(binary, [`${root}.out/electron/main.mjs`], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
