import type { MethodName } from '../../../shared/api';
import { appCases } from './app';
import { auditCases } from './audit';
import type { ContractCase } from './case';
import { identitiesCases } from './identities';
import { jobsCases } from './jobs';
import { migrationCases } from './migration';
import { schemasCases } from './schemas';
import { searchCases } from './search';
import { syncCases } from './sync';
import { transferCases } from './transfer';
import { validationCases } from './validation';

/**
 * Every method of the contract with its case. A new domain adds a file beside these with
 * `DomainCases<'domain'>` and one line here; a method without a case fails to compile, and the
 * suite also checks the list against `API_PARAMS` at run time.
 */
export const CONTRACT_CASES: { [M in MethodName]: ContractCase } = {
  ...appCases,
  ...identitiesCases,
  ...searchCases,
  ...auditCases,
  ...transferCases,
  ...schemasCases,
  ...validationCases,
  ...migrationCases,
  ...jobsCases,
  ...syncCases,
};
