#!/usr/bin/env node
// The `identity-desk` bin: the CLI is TypeScript run through tsx, so that the same sources serve
// the desktop app, the web host and this command without a separate build.
import { register } from 'tsx/esm/api';

register();
process.env.IDENTITY_DESK_CLI = '1';
await import('./main.ts');
