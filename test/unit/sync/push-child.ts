/**
 * A push in a real child process, for the crash test: the services of a host, the real worker, the
 * real HTTP client. Prints `started`, then `progress <done>` per step, then `done <json report>`.
 */
import { createServices } from '../../../electron/services/create-services';

const [dataDir] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: push-child <dataDir>');
const services = createServices({ dataDir, host: 'cli', actor: 'crash-test' });
services.events.subscribe((name, payload) => {
  if (name === 'jobs.progressed') process.stdout.write(`progress ${(payload as { done: number }).done}\n`);
});
process.stdout.write('started\n');
const jobId = await services.sync.push({});
const report = await services.jobs.wait(jobId);
process.stdout.write(`done ${JSON.stringify(report)}\n`);
services.close();
