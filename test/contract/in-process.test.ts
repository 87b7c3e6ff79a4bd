import { apiContract } from './api.contract';
import { inProcessHarness } from './harness';

apiContract('the in-process transport', inProcessHarness);
