import type { Command } from '../command';
import { infoCommand } from './info';

/** Every CLI command; each lives in its own file beside this one. */
export const COMMANDS: readonly Command[] = [infoCommand];
