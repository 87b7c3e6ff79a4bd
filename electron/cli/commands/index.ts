import type { Command } from '../command';
import { infoCommand } from './info';
import { createCommand } from './create';
import { getCommand } from './get';
import { updateCommand } from './update';
import { patchCommand } from './patch';
import { deleteCommand } from './delete';
import { searchCommand } from './search';
import { countCommand } from './count';
import { importCommand } from './import';
import { exportCommand } from './export';
import { auditCommand } from './audit';
import { lintCommand } from './lint';
import { schemasCommand } from './schemas';
import { validateCommand } from './validate';
import { checkCommand } from './check';
import { profileCommand } from './profile';
import { remoteCommand } from './remote';
import { pullCommand, pushCommand, syncCommand } from './sync-run';
import { pendingCommand } from './pending';
import { conflictsCommand } from './conflicts';

/** Every CLI command; each lives in its own file beside this one. */
export const COMMANDS: readonly Command[] = [infoCommand, validateCommand, lintCommand, schemasCommand, createCommand, getCommand, updateCommand, patchCommand, deleteCommand, searchCommand, countCommand, importCommand, exportCommand, auditCommand, checkCommand, profileCommand, remoteCommand, pullCommand, pushCommand, syncCommand, pendingCommand, conflictsCommand];
