// Child process for wal-damage.test.ts: commits to a store in WAL mode until it is killed (kill -9).
import Database from 'better-sqlite3';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: wal-writer-child STORE_FILE');
const db = new Database(file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
// Checkpoints (and so restarts of the log over old frames) every few commits: kills then also land on a reused log.
db.pragma('wal_autocheckpoint = 40');
const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
const commit = db.transaction((n: number) => {
  for (let row = 0; row < 3; row++) insert.run(`kill-${n}-${row}`, 'v'.repeat(3000));
});
process.stdout.write('started\n');
for (let n = 0; ; n++) {
  commit(n);
  // Announced after the commit returned: SQLite has fsynced it (synchronous=FULL), so it must survive.
  process.stdout.write(`committed ${n + 1}\n`);
}
