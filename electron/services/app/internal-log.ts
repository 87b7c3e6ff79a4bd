/**
 * Where internal failures (stack traces, SQL text, file paths) are written: stderr of the desktop app and the web
 * host. The CLI sets IDENTITY_DESK_LOG=quiet unless it runs with --debug, because its stderr is the user's terminal
 * or a script's log (issue 17 §5). Worker threads get a copy of the environment, so they follow the same setting.
 */
export const INTERNAL_LOG_ENV = 'IDENTITY_DESK_LOG';

export const logInternal = (err: unknown): void => {
  if (process.env[INTERNAL_LOG_ENV] === 'quiet') return;
  console.error(err);
};
